"""Library: the one facade the bot, the console and the scripts use (add, remove, list, ask, rebuild).

Thread-safe for one writer and many readers: questions run while an upload is being embedded, because
the model call happens outside the store's lock and only the short database write takes it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from index import layout
from index.answer import not_found
from index.config import LibraryConfig
from index.embed import Embedder
from index.errors import DuplicateArticle
from index.ingest import Batch, QuoteExtractor, make_article, prepare
from index.parse import ParseLimits, parse_document
from index.qa import Answerer
from index.search import retrieve
from index.sources import read_sources
from index.store import Store
from index.types import Answer, Article, ArticleInfo, Passage, Prepared, RebuildReport, Receipt, Stats

log = logging.getLogger(__name__)


class Library:
    """Articles, their vectors, lexical index and quotes, and answers over them."""

    def __init__(self, config: LibraryConfig, embedder: Embedder, store: Store, quotes: QuoteExtractor) -> None:
        self.config = config
        self.embedder = embedder
        self.store = store
        self.extract_quotes = quotes
        self._writer = threading.Lock()  # one writer at a time: add, remove, rebuild
        self._qa: Answerer | None = None  # word statistics for answers; dropped after every write

    @classmethod
    def open(
        cls, config: LibraryConfig, seeds_dir: Path | None = None, embedder: Embedder | None = None
    ) -> Library:
        """Load the model and the index in use (creating it); build from seeds_dir when it is empty."""
        embedder = embedder or Embedder(
            config.model, config.device, config.batch_size, config.encoder, config.model_cache
        )
        layout.remove_stale(config.index_dir) if config.index_dir.exists() else None
        folder = layout.current(config.index_dir)
        if folder is None:
            folder = layout.new_generation(config.index_dir)
            layout.publish(config.index_dir, folder)
        library = cls(config, embedder, Store.open(folder, embedder.name, embedder.dimension), _quote_extractor())
        if seeds_dir is not None and library.count() == 0:
            report = library.rebuild([seeds_dir])
            log.info("Built the library from %s: %d articles, %d chunks", seeds_dir, report.articles, report.chunks)
        return library

    def close(self) -> None:
        self.store.close()

    # -- writes ---------------------------------------------------------------------------------------
    def add(self, data: bytes, filename: str, url: str | None = None) -> list[Receipt]:
        """Parse, chunk, embed and store an upload; one receipt per article (a zip or JSONL gives many).
        `url` is where it was fetched from, kept when the document names no canonical URL of its own."""
        started = time.perf_counter()
        documents = parse_document(data, filename, self._parse_limits())
        if url:
            documents = [d if d.url else replace(d, url=url) for d in documents]
        with self._writer:
            self._follow_current()
            receipts, fresh = self._split_duplicates([make_article(d) for d in documents])
            if len(documents) == 1 and receipts:
                raise DuplicateArticle(receipts[0].duplicate_of or "", receipts[0].title)
            prepared = self._prepare(fresh).items
            self.store.add(prepared)
            self._qa = None
        seconds = time.perf_counter() - started
        receipts += [_receipt(p, seconds) for p in prepared]
        log.info("Added %d article(s) from %s in %.2f s", len(prepared), filename, seconds)
        return receipts

    def remove(self, article_id: str) -> ArticleInfo:
        """Delete one article everywhere; raises ArticleNotFound."""
        with self._writer:
            self._follow_current()
            info = self.store.remove_article(article_id)
            self._qa = None
            return info

    def rebuild(self, sources: Iterable[Path], progress: bool = False) -> RebuildReport:
        """Build a new generation from folders/JSONL files and swap it in atomically."""
        started = time.perf_counter()
        documents, skipped = read_sources(sources, self._parse_limits(), progress)
        with self._writer:
            folder = layout.new_generation(self.config.index_dir)
            try:
                fresh = Store.open(folder, self.embedder.name, self.embedder.dimension)
                articles, seen = [], set()
                for article in (make_article(d) for d in documents):
                    if article.content_hash in seen:
                        skipped.append(f"{article.source}: duplicate of an article read earlier")
                        continue
                    seen.add(article.content_hash)
                    articles.append(article)
                batch = self._prepare(articles, progress=progress)
                fresh.add(batch.items)
            except BaseException:
                layout.remove_stale(self.config.index_dir)
                raise
            layout.publish(self.config.index_dir, folder)
            old, self.store = self.store, fresh
            old.close()
            layout.remove_stale(self.config.index_dir)
        chunks = sum(len(p.chunks) for p in batch.items)
        seconds = time.perf_counter() - started
        return RebuildReport(len(batch.items), chunks, seconds, batch.encoded, chunks - batch.encoded, skipped)

    def _follow_current(self) -> None:
        """Write to the generation in use: another process (scripts/rebuild_index.py) may have published a
        new one, and writes to the old one would be lost when the next start removes it."""
        folder = layout.current(self.config.index_dir)
        if folder is not None and folder.resolve() != self.store.folder.resolve():
            log.warning("The index was rebuilt by another process; switching to %s", folder.name)
            old, self.store = self.store, Store.open(folder, self.embedder.name, self.embedder.dimension)
            old.close()
            self._qa = None

    def _prepare(self, articles: list[Article], progress: bool = False) -> Batch:
        """Chunk, quote and embed, taking cached vectors from the store in use (so rebuilds re-use them)."""
        store = self.store
        return prepare(articles, self.embedder, self.config, store.cached_vectors, self.extract_quotes, progress)

    def _split_duplicates(self, articles: list[Article]) -> tuple[list[Receipt], list[Article]]:
        duplicates, fresh, seen = [], [], set()
        for article in articles:
            known = self.store.find_by_hash(article.content_hash)
            if known is not None or article.content_hash in seen:
                existing = known.id if known else article.id
                duplicates.append(Receipt(existing, article.title, 0, 0.0, duplicate_of=existing))
            else:
                seen.add(article.content_hash)
                fresh.append(article)
        return duplicates, fresh

    def _parse_limits(self) -> ParseLimits:
        return ParseLimits(max_bytes=self.config.max_upload_bytes)

    # -- reads ----------------------------------------------------------------------------------------
    def ask(self, question: str) -> Answer:
        """Answer a question from the library, or say honestly that it is not there."""
        question = " ".join(question.split())
        if not question:
            return not_found("", [], "Ask me a question about the articles, e.g. “What did Warner say?”")
        return self._answerer().answer(question, self.embedder.encode_query(question))

    def _answerer(self) -> Answerer:
        qa = self._qa
        if qa is None or qa.store is not self.store:
            qa = self._qa = Answerer(self.store, self.config.min_score, self.config.min_coverage, self.embedder.encode)
        return qa

    def search(self, question: str, k: int = 10, mode: str = "hybrid") -> list[Passage]:
        """The k best passages by dense, lexical or hybrid retrieval."""
        return retrieve(self.store, self.embedder.encode_query(question), question, k, mode)

    def list(self, offset: int = 0, limit: int | None = None) -> list[ArticleInfo]:
        """Articles, newest first."""
        return self.store.articles(offset, limit)

    def count(self) -> int:
        return self.store.count("articles")

    def stats(self) -> Stats:
        s = self.store
        return Stats(
            s.count("articles"), s.count("chunks"), s.count("quotes"), self.embedder.name,
            self.embedder.dimension, s.size_bytes(), s.vectors.kind,
        )

    def example_questions(self, n: int = 3) -> list[str]:
        """Questions this library can answer: its most quoted speakers, one described speaker, newest titles."""
        rows = self.store.db.execute(
            "SELECT canonical, MAX(LENGTH(description)) AS d FROM quotes GROUP BY canonical"
            " ORDER BY COUNT(*) DESC, canonical LIMIT ?", (n,)
        ).fetchall()
        questions = [f"What did {r[0]} say?" for r in rows[: n - 1]]
        questions += [f"Who is {r[0]}?" for r in rows[n - 1 :] if r[1]]
        questions += [f"Tell me about {info.title}" for info in self.list(limit=n)]
        return questions[:n]


def _receipt(item: Prepared, seconds: float) -> Receipt:
    a = item.article
    return Receipt(a.id, a.title, len(item.chunks), seconds, len(item.quotes), a.date, a.url)


def _quote_extractor() -> QuoteExtractor:
    """The who-said-what extractor; loads spaCy once."""
    from index.quotes import extract_quotes, load_nlp

    nlp = load_nlp()
    return lambda text, article_id: extract_quotes(text, nlp, article_id)
