"""Folding text for matching: case, accents and the letters Unicode does not decompose.

`fold("José García")` and `fold("jose garcia")` are equal, so a filter typed
without accents finds the name written with them. The search index folds the
same way (FTS5's `unicode61 remove_diacritics 2`) for every letter that
decomposes; `fold` also handles ø, æ, ß, ł, đ, œ and þ, which do not.
"""

from __future__ import annotations

import unicodedata

# Letters that carry no combining mark to strip: the spelling people type without them.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)


def fold(text: str) -> str:
    """Text lower-cased, without accents, for comparing what a user typed with what is stored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.translate(_LETTERS)
