"""Store: SQLite (articles, chunks, vectors, quotes, sentence rows, FTS5 lexical index) + FAISS, ids == chunk
rowids.

SQLite is the source of truth. Each write (its chunks, their vectors, its quotes, sentence rows and lexical rows
together) is one transaction, and the FAISS file is saved atomically before that transaction commits. If the
process dies between the two, the next open() finds FAISS and SQLite out of step and rebuilds FAISS from the
stored vectors, with no model call. If either write fails (a full disk), the transaction is rolled back and
the in-memory FAISS index is restored from disk, so nothing of the write is kept anywhere.

Several processes may write one generation. Each keeps FAISS in memory and takes in the others' writes
(index/store/catchup.py): before a question (catch_up, after a cheap check) and at the start of each of its own
writes, under SQLite's write lock, so the FAISS file it saves holds every committed chunk.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import numpy as np

from index.errors import ArticleNotFound, DiskFull
from index.store import catchup, consistency, sentences, space
from index.store.database import connect
from index.store.layout import FAISS_NAME
from index.store.queries import Queries
from index.store.vectors import VectorIndex
from index.types import Article, ArticleInfo, Chunk, Prepared, Quote

log = logging.getLogger(__name__)


class Store(Queries):
    """One index folder: library.sqlite + vectors.faiss. Thread-safe through one lock."""

    def __init__(self, folder: Path, db: sqlite3.Connection, vectors: VectorIndex, read_only: bool = False) -> None:
        self.folder = folder
        self.db = db
        self.vectors = vectors
        self.read_only = read_only  # opened on a full disk: answers, refuses writes
        self.lock = threading.RLock()
        self.mark = catchup.Mark()  # how far self.vectors follows SQLite (set by _reconcile)
        self._version: int | None = None  # SQLite's data_version at the last catch_up

    @classmethod
    def open(cls, folder: Path, model: str, dimension: int) -> Store:
        """Open (or create) the index in `folder`, refusing one built with another model."""
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        db, read_only = connect(folder, model, dimension)
        store = cls(folder, db, consistency.load_vectors(folder, dimension), read_only)
        store._reconcile()
        return store

    @property
    def location(self) -> str:
        """Where this generation lives, for messages."""
        return str(self.folder)

    def close(self) -> None:
        with self.lock:
            self.db.close()

    # -- writes ---------------------------------------------------------------------------------------
    def add(self, items: list[Prepared]) -> list[Prepared]:
        """Store prepared articles (chunks, vectors, quotes, sentence and lexical rows) and their FAISS vectors,
        all or none.
        An article another process stored meanwhile is skipped; returns the items stored."""
        self.ensure_space(items)
        stored: list[Prepared] = []

        def write() -> None:
            stored[:] = [i for i in items if not self._holds(i.article.content_hash)]
            ids = [self._insert(item) for item in stored]
            if stored:  # one add: a rebuild's bulk add is what lets VectorIndex pick flat or ivf-pq
                self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('held_articles', '1')")
                vectors = np.vstack([item.vectors for item in stored])
                self.vectors.add(np.array([i for group in ids for i in group], dtype=np.int64), vectors)

        self._write(write)
        return stored

    def _holds(self, content_hash: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)).fetchone() is not None

    def ensure_space(self, items: list[Prepared]) -> None:
        """Refuse a write the disk cannot hold before starting it, with DiskFull."""
        text, vectors = sum(len(i.article.text.encode()) for i in items), sum(int(i.vectors.size) for i in items)
        said = sum(len(i.sentences) for i in items) * (2 * self.vectors.dimension + 100)  # float16, key, spans
        space.ensure(self.folder, text, vectors * 4 + said, refuse=self.read_only)

    def _write(self, change: Callable[[], None], what: str = "nothing was added") -> None:
        """Run `change` in one transaction, save FAISS, commit; on any failure keep nothing of it. FAISS first
        takes in what other processes committed: with SQLite's write lock held, nobody commits meanwhile."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self._follow()
                change()
                self.mark = catchup.mark_of(self.db)
                self.save_vectors()
                self.db.execute("COMMIT")
            except BaseException as error:
                if self.db.in_transaction:  # SQLite may have rolled back a SQLITE_FULL write already
                    self.db.execute("ROLLBACK")
                self._restore_vectors()
                if space.is_disk_full(error):
                    raise DiskFull(space.free_bytes(self.folder), what) from error
                raise

    def _restore_vectors(self) -> None:
        """After a failed write: FAISS as the disk and the (rolled back) SQLite rows say."""
        self.vectors = consistency.load_vectors(self.folder, self.vectors.dimension)
        self._reconcile()

    def _insert(self, item: Prepared) -> list[int]:
        self.db.execute(
            "INSERT INTO articles (id, title, text, source, url, date, content_hash, added_at)"
            " VALUES (:id, :title, :text, :source, :url, :date, :content_hash, :added_at)",
            asdict(item.article),
        )
        self._insert_quotes(item.article.id, item.quotes)
        sentences.insert(self.db, item)
        return [self._insert_chunk(item.article, *row) for row in zip(item.chunks, item.keys, item.vectors)]

    def _insert_chunk(self, article: Article, chunk: Chunk, key: str, vector: np.ndarray) -> int:
        self.db.execute(
            "INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)",
            (key, np.asarray(vector, dtype=np.float32).tobytes()),
        )
        cursor = self.db.execute(
            "INSERT INTO chunks (article_id, start, end, text, vector_key) VALUES (?, ?, ?, ?, ?)",
            (article.id, chunk.start, chunk.end, chunk.text, key),
        )
        chunk_id = int(cursor.lastrowid)
        self.db.execute(
            "INSERT INTO chunks_fts (rowid, title, body) VALUES (?, ?, ?)", (chunk_id, article.title, chunk.text)
        )
        return chunk_id

    def _insert_quotes(self, article_id: str, quotes: list[Quote]) -> None:
        self.db.executemany(
            "INSERT INTO quotes (article_id, speaker, canonical, cue, content, kind, start, end, description)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (article_id, q.speaker, q.canonical, q.cue, q.content, q.kind, q.start, q.end, q.description)
                for q in quotes
            ],
        )

    def remove_article(self, article_id: str) -> ArticleInfo:
        """Delete an article, its chunks, quotes, sentence and lexical rows (the schema cascades), and its vectors
        from FAISS (ArticleNotFound also when another process removed it first)."""
        with self.lock:
            info = self.article_info(article_id)
            if self.read_only:
                raise DiskFull(space.free_bytes(self.folder), "nothing was removed")

            def delete() -> None:
                ids = [r[0] for r in self.db.execute("SELECT id FROM chunks WHERE article_id = ?", (article_id,))]
                if not self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount:
                    raise ArticleNotFound(article_id)
                self.db.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(i,) for i in ids])
                self.vectors.remove(np.array(ids, dtype=np.int64))

            self._write(delete, "nothing was removed")
            return info

    def save_vectors(self) -> None:
        self.vectors.save(self.folder / FAISS_NAME)

    def catch_up(self) -> bool:
        """Take in the chunks other processes added or removed since the last call; True when there were any.
        Cheap when there were none: SQLite's data_version changes only when another connection commits."""
        if self.read_only:  # opened immutable on a full disk: it reads the database as it was then
            return False
        with self.lock:
            version = self.db.execute("PRAGMA data_version").fetchone()[0]
            if version == self._version:
                return False
            self._version = version
            with self._snapshot():
                return self._follow()

    def _follow(self) -> bool:
        """Apply the changes since self.mark (called within a transaction: one snapshot of SQLite)."""
        now = catchup.mark_of(self.db)
        if now == self.mark:
            return False
        changes = catchup.changes_since(self.db, self.mark, self.vectors.dimension)
        catchup.apply(self.vectors, changes)
        log.debug("Took in %d added and %d removed chunks from other processes in %s", len(changes.added),
                  len(changes.removed), self.folder)
        self.mark = now
        return True

    # -- reads ----------------------------------------------------------------------------------------
    def find_by_hash(self, content_hash: str) -> ArticleInfo | None:
        """The stored article with this content hash, if any."""
        row = self.db.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return self.article_info(row[0]) if row else None

    def article_info(self, article_id: str) -> ArticleInfo:
        rows = self._article_rows("WHERE a.id = ?", (article_id,))
        if not rows:
            raise ArticleNotFound(article_id)
        return rows[0]

    def articles(self, offset: int = 0, limit: int | None = None, since: float | None = None) -> list[ArticleInfo]:
        """Articles (added at `since` or later), newest first."""
        return self._article_rows("WHERE a.added_at >= ? ORDER BY a.added_at DESC, a.rowid DESC LIMIT ? OFFSET ?",
                                  (float("-inf") if since is None else since, limit or -1, offset))

    def _article_rows(self, clause: str, params: tuple) -> list[ArticleInfo]:
        with self.lock:
            rows = self.db.execute(
                "SELECT a.id, a.title, a.added_at, a.url, a.date, a.source,"
                " (SELECT COUNT(*) FROM chunks c WHERE c.article_id = a.id) AS n FROM articles a " + clause,
                params,
            ).fetchall()
        return [ArticleInfo(r["id"], r["title"], r["n"], r["added_at"], r["url"], r["date"], r["source"]) for r in rows]

    def article_text(self, article_id: str) -> str:
        row = self.db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise ArticleNotFound(article_id)
        return row[0]

    def count(self, table: str) -> int:
        assert table in {"articles", "chunks", "quotes", "vectors", "sentences"}
        with self.lock:
            return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def never_held(self) -> bool:
        """True for a generation no article was ever written to (a first run, or one killed before seeding)."""
        with self.lock:
            held = self.db.execute("SELECT 1 FROM meta WHERE key = 'held_articles'").fetchone()
        return held is None and self.count("articles") == 0

    def check(self) -> list[str]:
        """What is wrong with this generation, for publishing (see consistency.problems)."""
        with self.lock:
            return consistency.problems(self.db, self.vectors, self.folder)

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.folder.iterdir() if p.is_file())

    def _reconcile(self) -> None:
        """Make FAISS hold exactly the stored chunks' vectors, rebuilding it from SQLite if it does not, and
        mark how far that is. Under SQLite's write lock: no other process saves FAISS or commits meanwhile."""
        with self._snapshot(write=not self.read_only):
            self.mark = catchup.mark_of(self.db) if not self.read_only else catchup.Mark()
            same, chunks = consistency.agrees(self.db, self.vectors)
            if same:
                return
            log.warning(
                "FAISS (%d vectors) and SQLite (%d chunks) disagree in %s: rebuilding FAISS from stored vectors",
                self.vectors.count, chunks, self.folder,
            )
            self.vectors = consistency.from_sqlite(self.db, self.folder, self.vectors.dimension)
            try:
                self.save_vectors()
            except (OSError, RuntimeError) as error:  # a full disk: answering needs no free space
                log.warning("Cannot save the repaired FAISS index in %s (%s): keeping it in memory", self.folder,
                            error)

    @contextmanager
    def _snapshot(self, write: bool = False) -> Iterator[None]:
        """One SQLite transaction around several reads (write: holding the write lock), so that they all see
        the same commits; nothing is written in it."""
        self.db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield
        finally:
            if self.db.in_transaction:  # SQLite may have ended it on an error already
                self.db.execute("COMMIT")
