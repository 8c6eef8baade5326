"""Pure features of (question, sentence) pairs for the learned sentence ranker (see reader.py, ranker.py).

Every sentence of the best few articles is a candidate. Its features say how well its words and meaning
match the question, whether it holds the kind of thing asked for (from the entities stored at ingest, and
numbers and dates found by pattern), where it stands in its article, how its article ranked, and how its
neighbours match. FEATURES names the columns, in order: the model file (index/answer/reader_model.txt) was
trained on exactly these, so a change here means retraining (scripts/train_reader.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index.answer.facts import _ABOARD, _ABOARD_Q, _CATEGORY, LABELS, _beside, answer_span, is_prose, need_of
from index.answer.quantities import counted, patterned
from index.text.words import stem, terms
from index.types import SentenceRow

NEEDS = ("who", "when", "where", "count", "amount", "which", "why", "finding", "")
FEATURES = (
    "overlap", "overlap_rel", "overlap_untitled", "pairs", "cosine", "cosine_rel", "article_rank", "article_score",
    "in_passage", "position", "first", "neighbour_overlap", "neighbour_cosine", "fit", "fit_beside", "words",
    "echo", "prose", "preamble", "title_share", "need", "best_in_article", "coverage", "soft_overlap",
    "overlap_rank", "cosine_rank", "window_overlap", "spread", "rarest", "category", "category_beside", "aboard",
    "focus_first", "overlap_local", "overlap_unlead", "unlead_rank", "local_rank", "ask_cosine", "ask_rank",
    "fit_counted", "span_label", "hand_score", "hand_rank",
)
_LABEL = ("", "PERSON", "ORG", "GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT")


# what tells whether the articles say what was asked at all: the best sentence's own features, its score and
# its lead over the next, and the best fit / fit beside the question's words / overlap of the three best
# and, of the best article, whether it holds the words and the noun the question asks about (absent.py)
ABSENT_FEATURES = ("ask_share", "ask_missing", "ask_missing_max", "missing", "head_found", "head_absent",
                   "head_in_top", "head_beside", "ask_beside_best", "ask_beside_top", "ask_beside_any")
SAYS_FEATURES = FEATURES + ("score", "margin", "fit_top3", "fit_beside_top3", "overlap_top3") + ABSENT_FEATURES


_PROSE = FEATURES.index("prose")
_HOW = re.compile(r"\bhow\s+(?:many|much|long|old|far|often|big|large|tall|high|deep)\b", re.I)
_RANKS = (("overlap", "overlap_rank"), ("cosine", "cosine_rank"), ("overlap_unlead", "unlead_rank"),
          ("overlap_local", "local_rank"), ("ask_cosine", "ask_rank"), ("hand_score", "hand_rank"))


@dataclass(frozen=True)
class Asked:
    """A question as typed, split: `text` is the question proper, `preamble` the context sentences before it
    ("Jean-Luc Godard died at age 91 this week."), which pick the article but need not be in the answer."""

    text: str
    preamble: str = ""


@dataclass(frozen=True)
class Article:
    """One candidate article: its text, title, stored sentence rows, its rank among the retrieved articles,
    the best cosine of its retrieved passages and their spans."""

    article_id: str
    title: str
    text: str
    rows: list[SentenceRow]
    rank: int
    score: float
    passages: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Candidate:
    """A sentence of a candidate article: article.text[row.start:row.end], its span answer (if any)."""

    article: Article
    index: int  # the sentence's place among its article's rows
    text: str
    span: str


def split_preamble(question: str) -> Asked:
    """The question proper is its last sentence when the sentences before it state context, not questions.

    >>> split_preamble("Jean-Luc Godard died this week. Where did he work in the 1960s?")
    Asked(text='Where did he work in the 1960s?', preamble='Jean-Luc Godard died this week.')
    >>> split_preamble("Who is Jo Kay? What did she say?"), split_preamble("who won")
    (Asked(text='Who is Jo Kay? What did she say?', preamble=''), Asked(text='who won', preamble=''))
    """
    parts = [m.group() for m in re.finditer(r"[^.!?]+(?:[.!?]+[\"'”’]*|$)", question) if m.group().strip()]
    joined = []  # "U.S." or "Mr." do not end a sentence here: a part must open with a capital to be one
    for part in parts:
        if joined and not re.match(r"\s+[A-Z\"“]", part):
            joined[-1] += part
        else:
            joined.append(part)
    if len(joined) < 2 or any(p.rstrip().endswith("?") for p in joined[:-1]):
        return Asked(question.strip())
    return Asked(joined[-1].strip(), "".join(joined[:-1]).strip())


def entities_of(article: Article, index: int) -> tuple[tuple[str, str], ...]:
    """(text, label) of the stored entities of one sentence, then numbers and dates found by pattern."""
    row = article.rows[index]
    stored = tuple((article.text[s:e], label) for s, e, label in row.entities)
    return stored + patterned(article.text[row.start:row.end])


def ask_of(question: str, article: Article) -> str:
    """What a question asks once the words naming its event are gone: those of the best article's title and
    first sentence. Its vector tells the sentence that answers from the lead that only repeats the event.

    >>> rows = [SentenceRow("a", 0, 30, None)]
    >>> ask_of("Which artist made the gold toilet stolen from Blenheim?",
    ...        Article("a", "Gold toilet stolen", "Blenheim Palace lost a toilet.", rows, 0, 1.0))
    'Which artist made the from'
    """
    first = article.text[article.rows[0].start : article.rows[0].end] if article.rows else ""
    event = set(terms(f"{article.title} {first}"))
    return " ".join(w for w in re.findall(r"[\w'’.-]+", question) if not set(terms(w)) & event)


def featurize(asked: Asked, query: np.ndarray, articles: list[Article], idf: Callable[[str], float],
              ask: np.ndarray | None = None, hand: dict[tuple[str, int], float] | None = None,
              ) -> tuple[list[Candidate], np.ndarray]:
    """Every sentence of the articles and its feature row (columns: FEATURES). `query` is the unit vector of
    the question proper, `ask` that of ask_of(question, best article) (None: the question's); `idf` weighs a
    stemmed word by its rarity in the library; `hand` the hand-weighted scores (hand.py) of the sentences of
    the retrieved passages, by (article id, start); the others have none (NaN)."""
    hand = hand or {}
    question = asked.text
    need = need_of(question)
    aboard, focus, noun = bool(_ABOARD_Q.search(question)), focus_of(question), counted(question)
    # "how many were on the bus" asks how many were aboard: the article's word for it is a word of the question
    q_terms = terms(question) + (["aboard"] if aboard and "aboard" not in question else [])
    q_set, q_pairs, p_set = set(q_terms), set(zip(q_terms, q_terms[1:])), set(terms(asked.preamble)) - set(q_terms)
    mass = sum(idf(t) for t in q_set) or 1.0
    category = set(terms(" ".join(_CATEGORY.findall(question.lower()))[:40]))  # "which *artist*"
    max_idf = max((idf(t) for t in q_set), default=0.0) or 1.0
    p_mass = sum(idf(t) for t in p_set) or 1.0
    candidates, rows = [], []
    for article in articles:
        if not article.rows:
            continue
        title = set(terms(article.title))
        texts = [article.text[r.start : r.end] for r in article.rows]
        words = [terms(t) for t in texts]
        overlap = np.array([sum(idf(t) for t in q_set & set(w)) / mass for w in words])
        soft = [_soft(q_set, set(w), idf) / mass for w in words]
        share = {t: sum(t in set(w) for w in words) / len(words) for t in q_set}  # "toilet" is in most of them
        lead = title | set(words[0])
        unlead = sum(idf(t) for t in q_set - lead) or 1.0
        vectors = np.vstack([r.vector for r in article.rows]).astype(np.float32)
        cosine = vectors @ query.astype(np.float32)
        asks = vectors @ (query if ask is None else ask).astype(np.float32)
        n = len(texts)
        for i, (text, w) in enumerate(zip(texts, words)):
            entities = entities_of(article, i)
            span = answer_span(need, text, entities, question) if need else ""
            label = dict(entities).get(span, "")
            s_set = set(w)
            neighbours = [j for j in (i - 1, i + 1) if 0 <= j < n]
            row = article.rows[i]
            candidates.append(Candidate(article, i, text, span))
            rows.append([
                overlap[i], 0.0, sum(idf(t) for t in (q_set & s_set) - title) / mass,
                len(q_pairs & set(zip(w, w[1:]))), cosine[i], 0.0, article.rank, article.score,
                any(s <= row.start and row.end <= e for s, e in article.passages), i / max(n - 1, 1), i == 0,
                max((overlap[j] for j in neighbours), default=0.0), max((cosine[j] for j in neighbours), default=0.0),
                bool(span) and fits(need), bool(span) and _beside_question(text, span, q_set), len(text.split()),
                not (s_set - q_set), is_prose(text), sum(idf(t) for t in p_set & s_set) / p_mass,
                len(title & s_set) / max(len(title), 1), NEEDS.index(need), overlap[i] >= overlap.max(),
                len(q_set & s_set) / max(len(q_set), 1), soft[i], 0.0, 0.0,
                sum(idf(t) for t in q_set & set(w + sum((words[j] for j in neighbours), []))) / mass,
                _spread(w, q_set), max((idf(t) for t in q_set & s_set), default=0.0) / max_idf,
                bool(category & s_set), bool(span) and _beside_question(text, span, category, 25),
                aboard and bool(_ABOARD.search(text)), bool(focus) and focus in w[:2],
                sum(idf(t) * (1 - share[t]) for t in q_set & s_set) / mass,
                sum(idf(t) for t in (q_set & s_set) - lead) / unlead, 0.0, 0.0, asks[i], 0.0,
                counted_fit(text, span, noun, aboard), _LABEL.index(label) if label in _LABEL else len(_LABEL),
                hand.get((article.article_id, row.start), np.nan), 0.0,
            ])
    matrix = np.array(rows, dtype=np.float32).reshape(len(rows), len(FEATURES))
    if len(rows):  # how far each sentence is from the best candidate of this question, by words and meaning
        column = {name: i for i, name in enumerate(FEATURES)}
        matrix[:, column["overlap_rel"]] = matrix[:, 0] - matrix[:, 0].max()
        matrix[:, column["cosine_rel"]] = matrix[:, 4] - matrix[:, 4].max()
        scored = matrix[:, column["hand_score"]]
        if not np.isnan(scored).all():
            matrix[:, column["hand_score"]] = scored - np.nanmax(scored)
        for of, rank in _RANKS:  # the place of each sentence among all of them, by one feature
            values = np.nan_to_num(matrix[:, column[of]], nan=-1e9)
            order = np.argsort(np.argsort(-values, kind="stable"), kind="stable")
            matrix[:, column[rank]] = np.minimum(order, 20)
    return candidates, matrix


def asked_terms(question: str) -> list[str]:
    """The question's words without those that only say what kind of answer it wants ("how *long*", "how *old*").

    >>> asked_terms("How long was the meeting?"), asked_terms("how many people died")
    (['meet'], ['peopl', 'di'])
    """
    return terms(_HOW.sub("how", question))


def prose_only(candidates: list[Candidate], matrix: np.ndarray) -> tuple[list[Candidate], np.ndarray]:
    """The candidates that read as prose (facts.is_prose): a question, a caption or a label line ("Heather
    Conley, Europe expert") never answers. All of them when none does.

    >>> c = [Candidate(Article("a", "", "", [], 0, 1.0), i, t, "") for i, t in enumerate(["Why?", "He ran."])]
    >>> m = np.zeros((2, len(FEATURES)), np.float32); m[1, FEATURES.index("prose")] = 1
    >>> [x.text for x in prose_only(c, m)[0]]
    ['He ran.']
    """
    keep = [i for i in range(len(candidates)) if matrix[i, _PROSE]]
    return ([candidates[i] for i in keep], matrix[keep]) if keep else (candidates, matrix)


def focus_of(question: str) -> str:
    """The stem of the name a question asks what it did ("How did *Putin* respond", "What did *Warner* say"), or "".

    >>> focus_of("How did Putin respond when Trump raised it?"), focus_of("how many people died")
    ('putin', '')
    """
    match = re.search(r"\b(?:did|does|do|has|have|had|was|is|will|would)\s+((?:[A-Z][\w'’-]*\s?)+)", question)
    found = terms(match.group(1)) if match else []
    return found[-1] if found else ""


def counted_fit(text: str, span: str, noun: str, aboard: bool = False) -> float:
    """How well a sentence's span answers a "how many <noun>" question: 1 beside the noun counted, 0.3 for a
    number elsewhere, 0 for none. `aboard`: the question asks how many were on a bus or plane, said "45 were
    aboard" as often as "45 people", so a number in a sentence saying aboard / on board counts fully.

    >>> counted_fit("They had thirteen children.", "thirteen", "children"), counted_fit("Aged 29.", "29", "children")
    (1.0, 0.3)
    >>> counted_fit("At least 45 were aboard.", "45", "peopl", aboard=True), counted_fit("No.", "", "")
    (1.0, 0.0)
    """
    if not span:
        return 0.0
    unit = span.split()[-1].lower()
    beside = stem(unit) == noun or _beside(text, span, {noun}) or aboard and _ABOARD.search(text)
    return 1.0 if not noun or beside else 0.3


def _soft(wanted: set[str], words: set[str], idf: Callable[[str], float]) -> float:
    """The idf of the question words a sentence holds in another form (the first five letters shared:
    "conquer" / "conquest"), besides those it holds exactly.

    >>> _soft({"conquer", "norman"}, {"conquest", "norman"}, lambda t: 1.0)
    1.0
    """
    loose = {w[:5] for w in words if len(w) >= 5}
    return sum(idf(t) for t in wanted - words if len(t) >= 5 and t[:5] in loose)


def _spread(words: list[str], wanted: set[str]) -> float:
    """How far apart the question's words lie in the sentence: the words from the first to the last of them,
    over the sentence's words (1 when none or one of them is there).

    >>> _spread(["a", "x", "b", "c", "y"], {"x", "y"}), _spread(["x", "a"], {"x"})
    (0.8, 1.0)
    """
    at = [i for i, w in enumerate(words) if w in wanted]
    return (at[-1] - at[0] + 1) / len(words) if len(at) > 1 else 1.0


def _beside_question(text: str, span: str, wanted: set[str], reach: int = 40) -> bool:
    """Is a word of the question within `reach` characters of the span ("13 *children*")?

    >>> _beside_question("They had 13 children.", "13", {"children"}), _beside_question("13 of us.", "13", {"x"})
    (True, False)
    """
    at = text.find(span)
    if at < 0:
        return False
    end = at + len(span)
    return bool(wanted & set(terms(text[max(at - reach, 0) : at] + " " + text[end : end + reach])))


def fits(need: str) -> bool:
    """Does the need ask for a kind of thing an entity or number can hold (see LABELS)?

    >>> fits("count"), fits("why"), fits("")
    (True, False, False)
    """
    return need in LABELS


def says_row(matrix: np.ndarray, scores: np.ndarray, order: np.ndarray, absent: np.ndarray) -> np.ndarray:
    """The features (SAYS_FEATURES) of one question's best sentences, `order` the sentences best first, and
    `absent` the article's (absent.absence).

    >>> m = np.zeros((2, len(FEATURES)), np.float32); m[1, FEATURES.index("fit")] = 1
    >>> row = says_row(m, np.array([2.0, 1.5]), np.array([0, 1]), np.zeros(len(ABSENT_FEATURES)))
    >>> [float(row[SAYS_FEATURES.index(k)]) for k in ("score", "margin", "fit_top3")]
    [2.0, 0.5, 1.0]
    """
    top = order[:3]
    margin = scores[top[0]] - scores[top[1]] if len(top) > 1 else 5.0
    columns = [FEATURES.index(k) for k in ("fit", "fit_beside", "overlap")]
    best = [matrix[top, c].max() for c in columns]
    return np.concatenate([matrix[top[0]], [scores[top[0]], margin, *best], absent]).astype(np.float32)
