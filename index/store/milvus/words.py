"""The word and quote reads of MilvusStore: BM25 over the stemmed chunk text, word counts from the vocabulary
collection, and the quotes with their per-speaker counts (Milvus has no GROUP BY: counted here).

Lite's plain BM25 search returns negative distances, smaller better; Milvus returns positive scores. Both
come out of lexical() as abs(), higher better, in Lite's best-first order.
"""

from __future__ import annotations

from collections import Counter

from index.store.milvus.collections import Collections
from index.store.milvus.schema import literal, one_of, stems
from index.text.words import fold
from index.types import Quote

PREFIX_WORDS = 64  # a prefix search ORs the most frequent indexed words that start with the prefix
SPELLINGS = 5000
CANDIDATES = 16_384  # Milvus' largest search limit: where an all-words search stops widening
QUOTE = ["speaker", "canonical", "cue", "content", "kind", "start", "end", "description", "article_id"]


def text_match(words: list[str]) -> str:
    """A filter: a chunk whose stems hold any of the words (they are \\w+ stems: no quoting needed); slow in
    Lite (it reads every chunk), so only the rare multi-word document_frequency uses it.

    >>> text_match(["vote", "elect"])
    "text_match(stems, 'vote elect')"
    """
    return f"text_match(stems, '{' '.join(words)}')"


def quote_filter(canonicals: tuple[str, ...], article_ids: tuple[str, ...],
                 within: tuple[str, int, int] | None) -> str:
    """The Milvus filter of Store.quotes(): the given conditions ANDed.

    >>> quote_filter(("Mark Warner",), (), ("a\\"1", 10, 20))
    'canonical in ["Mark Warner"] and article_id == "a\\\\"1" and end > 10 and start < 20'
    """
    parts = []
    if canonicals:
        parts.append(one_of("canonical", canonicals))
    if article_ids:
        parts.append(one_of("article_id", article_ids))
    if within is not None:
        article_id, start, end = within
        parts.append(f"article_id == {literal(article_id)} and end > {int(start)} and start < {int(end)}")
    return " and ".join(parts)


class Words(Collections):
    """Mixed into MilvusStore, which provides _vocab."""

    def lexical(self, words: list[str], k: int, all_words: bool = False, prefix: bool = False
                ) -> list[tuple[int, float]]:
        """BM25 over the chunks' stemmed title and text, best first. all_words: every word must occur;
        prefix: the last word also matches the indexed words it begins (the PREFIX_WORDS most frequent)."""
        terms = list(dict.fromkeys(s for w in words[:-1 if prefix else None] for s in stems(w)))
        options: list[str] = []
        if prefix and words:
            counts = self._spelling_counts("".join(fold(words[-1]).lower().split()))
            options = sorted(counts, key=lambda s: (-counts[s], s))[:PREFIX_WORDS]
            if not options:
                return []
        if not terms and not options or k <= 0:
            return []
        if not all_words or len(terms) + bool(options) == 1:  # BM25 only returns chunks holding a query word
            return [(i, score) for i, score, _ in self._bm25(terms + options, k, [])]
        # Every word: Lite's text_match filter reads every chunk (0.8 s at 10k chunks), so the BM25 best are
        # checked here instead, widening the candidates until k pass (chunks with all words rank high).
        limit, wanted, anyof = max(10 * k, 200), set(terms), set(options)
        while True:
            hits = self._bm25(terms + options, limit, ["stems"])
            kept = [(i, score) for i, score, e in hits
                    if wanted <= (held := set(e["stems"].split())) and (not anyof or held & anyof)]
            if len(kept) >= k or len(hits) < limit or limit >= CANDIDATES:
                return kept[:k]
            limit = min(4 * limit, CANDIDATES)

    def _bm25(self, terms: list[str], limit: int, fields: list[str]) -> list[tuple[int, float, dict]]:
        hits = self.client.search(self.names["chunks"], data=[" ".join(terms)], anns_field="sparse", limit=limit,
                                  search_params={"metric_type": "BM25"}, output_fields=fields or ["start"])
        return [(int(h["id"]), abs(float(h["distance"])), h["entity"]) for h in hits[0]]

    def document_frequency(self, word: str) -> int:
        """Chunks whose text holds the word, stemmed as the index stems it."""
        found = stems(word)
        if len(found) == 1:
            return self.stem_frequency(found[0])
        if not found:
            return 0
        return int(self.client.query(self.names["chunks"], filter=" and ".join(text_match([s]) for s in found),
                                     output_fields=["count(*)"])[0]["count(*)"])

    def stem_frequency(self, stem: str) -> int:
        """Chunks whose text holds an already stemmed word, from the vocabulary kept at write time."""
        return self._vocab([stem]).get(stem, 0)

    def stem_frequencies(self, stems: list[str]) -> dict[str, int]:
        """stem_frequency of many stems in one vocabulary query."""
        found = self._vocab(list(dict.fromkeys(stems)))
        return {s: found.get(s, 0) for s in stems}

    def spellings(self, prefix: str) -> list[str]:
        """Indexed stemmed words that start with `prefix`, to tell a typo from an unknown name."""
        return sorted(self._spelling_counts(prefix))[:SPELLINGS]

    def _spelling_counts(self, prefix: str) -> dict[str, int]:
        """stem -> chunks, for the indexed stems starting with prefix (a like filter, checked again here:
        "_" may be a wildcard to the server)."""
        like = prefix.replace("\\", "").replace("%", "").replace('"', "")
        totals: Counter[str] = Counter()
        for r in self._rows("vocab", f"stem like {literal(like + '%')}", ["stem", "chunks"]):
            totals[r["stem"]] += r["chunks"]
        return {s: n for s, n in totals.items() if n > 0 and s.startswith(prefix) and s[:1] != "#"}

    def quotes(self, canonicals: tuple[str, ...] = (), article_ids: tuple[str, ...] = (),
               within: tuple[str, int, int] | None = None) -> list[Quote]:
        """Stored quotes matching every given condition, by article and position."""
        rows = self._rows("quotes", quote_filter(canonicals, article_ids, within), QUOTE)
        return sorted((Quote(**{f: r[f] for f in QUOTE}) for r in rows), key=lambda q: (q.article_id, q.start))

    def quote_counts(self) -> dict[str, int]:
        return dict(Counter(r["canonical"] for r in self._rows("quotes", "", ["canonical"])))

    def top_speakers(self, n: int) -> list[tuple[str, int]]:
        """The n most quoted canonical names (ties by name), each with its longest description's length."""
        counts: Counter[str] = Counter()
        longest: dict[str, int] = {}
        for r in self._rows("quotes", "", ["canonical", "description"]):
            counts[r["canonical"]] += 1
            longest[r["canonical"]] = max(longest.get(r["canonical"], 0), len(r["description"]))
        ranked = sorted(counts, key=lambda c: (-counts[c], c))[:n]
        return [(c, longest[c]) for c in ranked]
