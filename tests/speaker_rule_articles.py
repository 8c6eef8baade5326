"""Small articles, written for the tests, in which organisations, groups, documents and roles speak (issue 17)."""

from __future__ import annotations

import json

HARBOUR = "\n\n".join([
    "The Coastal Shipping Authority (CSA) said on Tuesday that the northern ferry route would close for repairs.",
    "According to the authority the closure will last six weeks. The authority added that passengers could use "
    "the bus link.",
    "Leading fishermen say the closure will cost the town its summer trade. A report by the Marine Safety "
    "Institute says the pier is unsafe in winter storms.",
    "The report says repairs should have started two years ago.",
    'Harbour master Olga Brandt spoke at the quay. "We waited far too long for this," she said.',
])

BANK = "\n\n".join([
    "Northway Bank posted a loss on Friday, its first in a decade.",
    "The company confirmed that it would close twelve branches. Chief executive Tomas Reid admitted the bank had "
    "grown too fast.",
    'Analysts called the results "a warning for the whole sector". Unions accused the bank of "punishing staff '
    "for the board's mistakes\".",
])


def jsonl() -> bytes:
    """Both articles as one JSONL upload."""
    rows = [
        {"title": "Northern ferry route to close for repairs", "text": HARBOUR, "date": "2025-03-04"},
        {"title": "Northway Bank posts first loss in a decade", "text": BANK, "date": "2025-03-07"},
    ]
    return "".join(json.dumps(r) + "\n" for r in rows).encode()
