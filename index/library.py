"""Library: the one facade the bot, the console and the scripts use (add, remove, list, ask, rebuild).

Thread-safe for one writer and many readers: questions run while an upload is being embedded, because
the model call happens outside the store's lock and only the short database write takes it.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from index.answer.compose import not_found
from index.answer.qa import Answerer
from index.answer.search import retrieve
from index.config import LibraryConfig
from index.embed.encoder import Embedder
from index.errors import DiskFull, DuplicateArticle, IndexMissing, RebuildFailed
from index.ingest.parse import ParseLimits, parse_document
from index.ingest.pipeline import Batch, QuoteExtractor, make_article, prepare
from index.ingest.sources import read_sources
from index.rebuild import Shard, home_of, keep_added, report_of, unique, verify
from index.store.home import FolderHome, Hold, Home, Opened
from index.store.sqlite import Store
from index.types import Answer, Article, ArticleInfo, Passage, Prepared, Quote, RebuildReport, Receipt, Stats, day_of

log = logging.getLogger(__name__)


class Library:
    """Articles, their vectors, lexical index and quotes, and answers over them."""

    def __init__(
        self, config: LibraryConfig, embedder: Embedder, store: Store, quotes: QuoteExtractor,
        generation: Hold | None = None, home: Home | None = None,
    ) -> None:
        self.config = config
        self.embedder = embedder
        self.store = store
        self.extract_quotes = quotes
        self.home = home or FolderHome(config.index_dir, embedder.name, embedder.dimension)
        self._generation = generation  # our hold on the generation we read: nobody removes it meanwhile
        self._stamp: tuple[int, int] | None = None  # CURRENT as last followed; None: check at the first use
        self._writer = threading.Lock()  # one writer at a time: add, remove, rebuild
        self._qa: Answerer | None = None  # word statistics for answers; dropped after every write

    @classmethod
    def open(
        cls, config: LibraryConfig, seeds_dir: Path | None = None, embedder: Embedder | None = None,
        missing_ok: bool = False, notice: Callable[[str], None] | None = None, existing: bool = False,
    ) -> Library:
        """Load the model and the index in use. A new index folder is built from seeds_dir (when given); one
        whose generation is missing raises IndexMissing, unless missing_ok (a rebuild will replace it), as does
        one never built when `existing` (an audit reads one, makes none). `notice`: told of a slow first start."""
        if existing and not config.store and not config.index_dir.is_dir():  # before the model loads
            raise IndexMissing.never_built(str(config.index_dir))
        embedder = embedder or Embedder(
            config.model, config.device, config.batch_size, config.encoder, config.model_cache, notice
        )
        home = home_of(config, embedder)
        try:
            opened = home.current()
        except IndexMissing as error:
            if not missing_ok:
                raise
            log.warning("%s Building a new one.", error)
            opened = home.new_generation()  # used unpublished until the rebuild publishes
        if opened is None and existing:
            home.close()
            raise IndexMissing.never_built(home.description if config.store else str(config.index_dir))
        if opened is None:  # a new library: an empty generation, seeded below
            opened = home.new_generation()
            home.publish(opened)
        library = cls(config, embedder, opened.store, _quote_extractor(), opened.hold, home)
        if seeds_dir is not None and library.store.never_held():  # never a library that held articles
            try:
                report = library.rebuild([seeds_dir])
            except BaseException:
                library.close()
                raise
            log.info("Built the library from %s: %d articles, %d chunks", seeds_dir, report.articles, report.chunks)
        return library

    def close(self) -> None:
        self.store.close()
        if self._generation is not None:
            self._generation.release()
        self.home.close()

    # -- writes ---------------------------------------------------------------------------------------
    def add(self, data: bytes, filename: str, url: str | None = None, date: str | None = None) -> list[Receipt]:
        """Parse, chunk, embed and store an upload; one receipt per article (a zip or JSONL gives many).
        `url` is where it was fetched from, kept when the document names no canonical URL of its own; `date`
        (YYYY-MM-DD, a feed entry's) when it gives no date of its own."""
        started = time.perf_counter()
        documents = parse_document(data, filename, self._parse_limits())
        documents = [replace(d, url=d.url or url, date=d.date or date) for d in documents]
        with self._writer:
            self._follow_current()
            receipts, fresh = self._split_duplicates([make_article(d) for d in documents])
            if len(documents) == 1 and receipts:
                raise DuplicateArticle(receipts[0].duplicate_of or "", receipts[0].title)
            prepared = self._prepare(fresh).items
            stored = self.store.add(prepared)  # less what another process stored meanwhile
            self._qa = None
        held = {p.article.content_hash for p in stored}
        raced = [self._duplicate(p.article) for p in prepared if p.article.content_hash not in held]
        if len(documents) == 1 and raced:
            raise DuplicateArticle(raced[0].article_id, raced[0].title)
        seconds = time.perf_counter() - started
        receipts += raced + [_receipt(p, seconds) for p in stored]
        log.info("Added %d article(s) from %s in %.2f s", len(stored), filename, seconds)
        return receipts

    def remove(self, article_id: str) -> ArticleInfo:
        """Delete one article everywhere; raises ArticleNotFound."""
        with self._writer:
            self._follow_current()
            info = self.store.remove_article(article_id)
            self._qa = None
            return info

    def rebuild(self, sources: Iterable[Path], progress: bool = False) -> RebuildReport:
        """Build a new generation from folders/JSONL files, check it, and swap it in atomically (one at a time:
        RebuildInProgress; a failure leaves the previous one in use)."""
        started = time.perf_counter()
        documents, skipped = read_sources(sources, self._parse_limits(), progress)
        with self._writer, self.home.rebuild_lock():
            fresh = None
            try:
                fresh = self.home.new_generation()
                articles = keep_added(unique(map(make_article, documents), skipped), self.store)
                batch = self._prepare(articles, progress=progress)
                fresh.store.add(batch.items)
                verify(fresh.store, batch)
            except BaseException as error:
                if fresh is not None:
                    self.home.discard(fresh)
                if isinstance(error, DiskFull):
                    raise DiskFull(error.free_bytes, "the rebuild was not published") from error
                raise
            self.home.publish(fresh)
            self._switch(fresh)
        return report_of(batch, time.perf_counter() - started, skipped)

    def build_shard(self, sources: Iterable[Path], shard: Shard, progress: bool = False) -> RebuildReport:
        """Parse, encode and write this machine's share of the sources into the named, unpublished generation
        (parallel bulk ingest: N machines, one shard each; publish_generation() then swaps it in)."""
        started = time.perf_counter()
        documents, skipped = read_sources(sources, self._parse_limits(), progress)
        articles = [a for a in unique(map(make_article, documents), skipped) if shard.holds(a.content_hash)]
        opened = self.home.new_generation(shard.generation)
        try:
            batch = self._prepare(keep_added(articles, self.store), progress=progress)
            opened.store.add(batch.items)
        finally:
            opened.hold.release()
        return report_of(batch, time.perf_counter() - started, skipped)

    def publish_generation(self, name: str) -> RebuildReport:
        """Check the generation the shards wrote and swap it in (RebuildFailed when it is empty or broken)."""
        started = time.perf_counter()
        with self._writer, self.home.rebuild_lock():
            opened = self.home.new_generation(name)
            problems = opened.store.check() + ([] if opened.store.count("articles") else ["it holds no article"])
            if problems:
                opened.hold.release()
                raise RebuildFailed(f"Generation {name} ({opened.store.location}) failed its checks "
                                    f"({'; '.join(problems)}); it was not published.")
            self.home.publish(opened)
            self._switch(opened)
        s = self.store
        return RebuildReport(s.count("articles"), s.count("chunks"), time.perf_counter() - started, 0, 0, [])

    def _follow_current(self) -> None:
        """Use the generation CURRENT names: another process (scripts/rebuild_index.py) may have published a
        new one. Writes must go there (the old one is removed once its readers move on), and questions should
        see it. Called with the writer lock held."""
        now = self.home.stamp()
        if now == self._stamp:
            return
        opened = self.home.follow(self.store)
        if opened is not None:
            log.warning("The index was rebuilt by another process; switching to %s", opened.store.location)
            self._switch(opened)
        self._stamp = now

    def _switch(self, opened: Opened) -> None:
        """Read `opened` from now on; let go of the old generation so that it can be removed. A question still
        running on the old store in another thread finishes on it: its connection closes when dropped."""
        old_hold, self.store, self._generation, self._qa = self._generation, opened.store, opened.hold, None
        self._stamp = None  # followed afresh at the next use: another rebuild may publish meanwhile
        if old_hold is not None:
            old_hold.release()
        self.home.remove_stale()

    def _prepare(self, articles: list[Article], progress: bool = False) -> Batch:
        """Chunk, quote and embed, taking cached vectors from the store in use (so rebuilds re-use them)."""
        store = self.store
        return prepare(articles, self.embedder, self.config, store.cached_vectors, self.extract_quotes, progress)

    def _split_duplicates(self, articles: list[Article]) -> tuple[list[Receipt], list[Article]]:
        duplicates, fresh, seen = [], [], set()
        for article in articles:
            known = None if article.content_hash in seen else self.store.find_by_hash(article.content_hash)
            if known is not None or article.content_hash in seen:
                duplicates.append(self._duplicate(article, known))
            else:
                seen.add(article.content_hash)
                fresh.append(article)
        return duplicates, fresh

    def _duplicate(self, article: Article, known: ArticleInfo | None = None) -> Receipt:
        """The receipt of an article already stored (`known`, else looked up) or earlier in the same upload."""
        known = known or self.store.find_by_hash(article.content_hash)
        existing = known.id if known else article.id
        return Receipt(existing, article.title, 0, 0.0, duplicate_of=existing)

    def _parse_limits(self) -> ParseLimits:
        return ParseLimits(max_bytes=self.config.max_upload_bytes)

    # -- reads ----------------------------------------------------------------------------------------
    def ask(self, question: str, now: datetime.date | None = None) -> Answer:
        """Answer a question, or say honestly that the library does not; its time is read against `now` (today)."""
        question = " ".join(question.split())
        if not question:
            return not_found("", [], "Ask me a question about the articles, e.g. “What did Warner say?”")
        self._follow_others()
        asked, window = self._answerer().read_when(question, now)
        answer = self._answerer().answer(asked, self.embedder.encode_query(asked), window)
        return answer if asked == question else replace(answer, question=question)

    def _follow_others(self) -> None:
        """Before a question, what other processes did: one stat of CURRENT, and after an outside rebuild a
        switch to the new generation (a write in progress here follows CURRENT itself, so a busy writer lock
        is not waited for); then the adds and removals they made in it (Store.catch_up: a cheap check first)."""
        if self.home.stamp() != self._stamp and self._writer.acquire(blocking=False):
            try:
                self._follow_current()
            finally:
                self._writer.release()
        if self.store.catch_up():
            self._qa = None  # word statistics count the articles afresh

    def _answerer(self) -> Answerer:
        if self._qa is None or self._qa.store is not self.store:
            config = self.config
            self._qa = Answerer(self.store, config.min_score, config.min_coverage, encode=self.embedder.encode)
        return self._qa

    def search(self, question: str, k: int = 10, mode: str = "hybrid") -> list[Passage]:
        """The k best passages by dense, lexical or hybrid retrieval."""
        self._follow_others()
        return retrieve(self.store, self.embedder.encode_query(question), question, k, mode)

    def list(self, offset: int = 0, limit: int | None = None, since: float | None = None) -> list[ArticleInfo]:
        """Articles, newest first; with `since` (a time.time()), only those added then or later."""
        self._follow_others()
        return self.store.articles(offset, limit, since)

    def count(self) -> int:
        self._follow_others()
        return self.store.count("articles")

    def statements(self, article_id: str | None = None) -> list[Quote]:
        """Every stored statement, or one article's (ArticleNotFound for an unknown id), by article and place;
        start/end index the stored text (a JSONL "text" as given, once normalised)."""
        self._follow_others()
        if article_id is not None:
            self.store.article_info(article_id)
        quotes = self.store.quotes(article_ids=(article_id,) if article_id is not None else ())
        return sorted(quotes, key=lambda q: (q.article_id, q.start, q.end, q.canonical, q.cue, q.content))

    def stats(self) -> Stats:
        self._follow_others()
        s = self.store
        return Stats(s.count("articles"), s.count("chunks"), s.count("quotes"), self.embedder.name,
                     self.embedder.dimension, s.size_bytes(), s.kind, self.home.description)

    def example_questions(self, n: int = 3) -> list[str]:
        """Questions this library can answer: its most quoted speakers, one described speaker, newest titles."""
        rows = self.store.top_speakers(n)
        asked = [f"What did {r[0]} say?" for r in rows[: n - 1]] + [f"Who is {r[0]}?" for r in rows[n - 1 :] if r[1]]
        return (asked + [f"Tell me about {info.title}" for info in self.list(limit=n)])[:n]


def _receipt(item: Prepared, seconds: float) -> Receipt:
    a = item.article
    return Receipt(a.id, a.title, len(item.chunks), seconds, len(item.quotes), a.date, a.url, added=day_of(a.added_at))


def _quote_extractor() -> QuoteExtractor:
    """The who-said-what extractor, spaCy loaded once (imported here, when a library opens)."""
    from index.ingest.quotes import extractor
    return extractor()
