"""The numbers of scripts/eval_statements.py: judged statements counted into rows (overall, per kind, cue family,
quote style and speaker type), and "who said ...?" answers scored against the gold speaker.

Recall rows count named gold statements only; anonymous ones (an empty gold canonical) have their own row, and
the "speaker:" rows count both. Precision rows count stored statements by their own kind, cue family and style
(stored statements have no speaker type).
"""

from __future__ import annotations

from dataclasses import dataclass

from index.audit.score import FAMILIES, Checked, Found, cue_family, same_name

KINDS = ("direct", "reported", "mixed")
STYLES = ("straight", "curly", "single", "nyt", "headline", "none")
TYPES = ("person", "organisation", "group", "anonymous")
ORDER = ["all", "anonymous", *(f"kind: {k}" for k in KINDS), *(f"cue: {f}" for f in FAMILIES),
         *(f"style: {s}" for s in STYLES), *(f"speaker: {t}" for t in TYPES)]


@dataclass
class Row:
    """Counts behind one row: gold statements found (with the right speaker), stored ones correct (likewise)."""

    gold: int = 0
    found: int = 0
    right: int = 0
    stored: int = 0
    correct: int = 0
    correct_right: int = 0

    def numbers(self) -> dict[str, float | int | None]:
        """The counts and their rates (None where nothing was counted)."""
        def rate(n: int, of: int) -> float | None:
            return round(n / of, 3) if of else None

        return {**vars(self), "recall": rate(self.found, self.gold), "recall_right": rate(self.right, self.gold),
                "precision": rate(self.correct, self.stored), "precision_right": rate(self.correct_right, self.stored)}


def tally(found: list[Found], checked: list[Checked]) -> dict[str, Row]:
    """Judged statements -> rows, in ORDER, the empty ones left out.

    >>> from index.audit.score import Gold
    >>> g = Gold("a", "Ann Lee", "person", "direct", "curly", "said", ((0, 5),))
    >>> rows = tally([Found(g, True, False)], [])
    >>> list(rows), (rows["all"].gold, rows["all"].found, rows["all"].right)
    (['all', 'kind: direct', 'cue: say', 'style: curly', 'speaker: person'], (1, 1, 0))
    """
    rows = {name: Row() for name in ORDER}
    for f in found:
        g = f.gold
        names = ["all", f"kind: {g.kind}", f"cue: {cue_family(g.cue)}", f"style: {g.style}"] if g.canonical else \
            ["anonymous"]
        for name in [*names, f"speaker: {g.speaker_type}"]:
            row = rows.setdefault(name, Row())
            row.gold, row.found, row.right = row.gold + 1, row.found + f.found, row.right + f.right
    for c in checked:
        for name in ("all", f"kind: {c.stored.kind}", f"cue: {cue_family(c.stored.cue)}", f"style: {c.style}"):
            row = rows.setdefault(name, Row())
            row.stored, row.correct, row.correct_right = row.stored + 1, row.correct + c.correct, \
                row.correct_right + c.right
    return {name: row for name, row in rows.items() if row.gold or row.stored}


@dataclass(frozen=True)
class WhoSaid:
    """One "who said ...?" question and what the library answered: `named` is the speaker the answer gives
    (None when it names nobody), `found` whether it answered at all."""

    question: str
    gold: str | None  # the canonical speaker; None: nobody in the library said it
    named: str | None
    found: bool
    split: str = ""

    @property
    def outcome(self) -> str:
        """right, wrong (another name, or a name where nobody said it), unnamed (answered without a name),
        refused (not found; right for a question nobody can answer).

        >>> [WhoSaid("q", g, n, f).outcome for g, n, f in (("Mark Warner", "Warner", True), ("Mark Warner",
        ...  "Rex Tillerson", True), ("Mark Warner", None, False), (None, None, False), (None, "Warner", True))]
        ['right', 'wrong', 'refused', 'right', 'wrong']
        """
        if self.gold is None:
            return "right" if not self.found else "wrong" if self.named else "unnamed"
        if not self.found:
            return "refused"
        if not self.named:
            return "unnamed"
        return "right" if same_name(self.named, self.gold) else "wrong"


def who_said_numbers(results: list[WhoSaid]) -> dict[str, float | int | None]:
    """Counts of each outcome, the right rate (of all asked) and the wrong rate among answers that name someone.

    >>> who_said_numbers([WhoSaid("q", "Ann Lee", "Ann Lee", True), WhoSaid("q", "Ann Lee", "Bo Li", True),
    ...                   WhoSaid("q", None, None, False), WhoSaid("q", "Ann Lee", None, False)])["wrong_when_answered"]
    0.5
    """
    counts = {o: sum(r.outcome == o for r in results) for o in ("right", "wrong", "unnamed", "refused")}
    answered = sum(r.named is not None and r.found for r in results)
    return {"asked": len(results), **counts, "answered": answered,
            "right_rate": round(counts["right"] / len(results), 3) if results else None,
            "wrong_when_answered": round(counts["wrong"] / answered, 3) if answered else None}
