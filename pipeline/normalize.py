"""Text normalisation for storage and comparison: table-driven, ``str -> str``, no I/O.

The stored transcript text keeps the words exactly as transcribed (quotes must be findable in the source), so
normalisation only touches what is invisible or accidental: byte-order marks, zero-width characters, odd spaces,
line endings and trailing blanks. Spelling variants (``gak``/``nggak``/``tidak``) are left to the lexicon coder.

Example:
    >>> normalize_text("\\ufeffPewawancara:\\u00a0Baik, Pak.  \\r\\nNarasumber: Iya.")
    'Pewawancara: Baik, Pak.\\nNarasumber: Iya.'
"""

from __future__ import annotations

import re
import unicodedata

# Characters replaced before anything else (what -> by what).
CHAR_TABLE: dict[str, str] = {
    "\ufeff": "",  # byte-order mark / zero-width no-break space
    "\u200b": "",  # zero-width space
    "\u200c": "",  # zero-width non-joiner
    "\u200d": "",  # zero-width joiner
    "\u2060": "",  # word joiner
    "\u00ad": "",  # soft hyphen (Word's optional hyphen)
    "\u00a0": " ",  # no-break space
    "\u2007": " ",  # figure space
    "\u202f": " ",  # narrow no-break space
    "\u2002": " ",
    "\u2003": " ",
    "\u2009": " ",
    "\t": " ",
    "\x0b": "\n",  # vertical tab (Word's manual line break in some exports)
    "\x0c": "\n",  # form feed
    "\u2028": "\n",  # line separator
    "\u2029": "\n",  # paragraph separator
}
_TRANSLATE = str.maketrans(CHAR_TABLE)
_TRAILING = re.compile(r"[ ]+$", re.MULTILINE)
_SPACES = re.compile(r"[ ]{2,}")
_WS = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Normalise text for storage: NFC, ``\\n`` line endings, no invisible characters, no trailing spaces.

    Runs of spaces inside a line become one space; line breaks are kept.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_TRANSLATE)
    text = _TRAILING.sub("", text)
    return _SPACES.sub(" ", text)


def normalize_line(text: str) -> str:
    """Normalise one unit of text (a paragraph, cue or cell) and collapse all its whitespace to single spaces."""
    return collapse_ws(normalize_text(text))


def collapse_ws(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends (the key used to compare texts)."""
    return _WS.sub(" ", text).strip()
