"""Patterns and validity checks for personal identifiers in Indonesian interview text. Pure: no I/O.

Found here: NIP (civil servant number, 18 digits), NIK (population number, 16 digits), NRP (police/military
number, only after the word "NRP"), phone numbers (``08..``, ``+62 ..``, ``62 8..``, landlines with an area code)
and e-mail addresses. Numbers may be written in groups separated by spaces, dots or dashes
(``19850312 201001 1 003``, ``3201.4105.8900.0001``, ``0812-3456-7890``).

An unlabelled 18- or 16-digit number counts only when its structure is valid, so that ordinary long numbers
are not flagged:

- NIP = birth date ``YYYYMMDD`` + appointment ``YYYYMM`` + sex digit (1 or 2) + 3-digit sequence; the birth
  date must be a real date, the appointment month 1-12 and the appointment at least 15 years after birth.
- NIK = province code + regency + district (2+2+2) + ``DDMMYY`` birth date (women: day + 40) + 4-digit sequence.

A number written right after its label (``NIP 1985...``, ``NIK-nya ...``) counts even when its check fails,
since a mistyped identifier is still an identifier.

Example:
    >>> [(m.kind, m.text) for m in find_identifiers("HP saya 0812-3456-7890, NIP 19850312 201001 1 003.")]
    [('TELEPON', '0812-3456-7890'), ('NIP', '19850312 201001 1 003')]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

KINDS: tuple[str, ...] = ("NIP", "NIK", "NRP", "TELEPON", "EMAIL")

# Indonesian province codes (first two digits of a NIK), including the Papua provinces formed in 2022.
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65}
    | {71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97}
)

_SEP = r"(?:[ \u00a0]?[.\-][ \u00a0]?|[ \u00a0])"
# A run of digit groups joined by single separators; "+" or "(" may open it (phone numbers).
_RUN = re.compile(rf"(?<![\w.,/@])(?:\+|\()?\d+\)?(?:{_SEP}\(?\d+\)?)*(?![\w@])")
_DIGITS = re.compile(r"\d+")
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
# Spoken e-mail from speech-to-text: "budi.santoso at gmail titik com".
_SPOKEN_EMAIL = re.compile(
    r"\b[a-z0-9][a-z0-9._]*(?:\s+(?:titik|dot|underscore|garis\s+bawah|strip)\s+[a-z0-9]+)*\s+(?:at|et|@)\s+(?:gmail|yahoo|ymail|hotmail|outlook|live|icloud|[a-z]+\.go)"
    r"\s+(?:titik|dot)\s+(?:com|co\s+(?:titik|dot)\s+id|id|net|go\s+(?:titik|dot)\s+id)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(r"\b(NIP|NIK|NRP)\b(?:-?nya)?(?:\s+(?:saya|beliau|baru|lama))?\s*(?:[:.=]|adalah|yaitu|nomor)?\s*$",
                    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Found:
    """An identifier found in a text: its kind, offsets into the text and the text itself."""

    kind: str  # one of KINDS
    start: int
    end: int
    text: str

    @property
    def normal(self) -> str:
        """A canonical form, so that the same identifier written differently maps to one pseudonym."""
        return normalise(self.kind, self.text)


def normalise(kind: str, text: str) -> str:
    """Canonical form of an identifier: digits only (phones as ``08..``), e-mail lower-cased."""
    if kind == "EMAIL":
        return re.sub(r"\s+", " ", text.strip().lower())
    digits = "".join(ch for ch in text if ch.isdigit())
    if kind == "TELEPON" and digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def valid_nip(digits: str, *, today: dt.date | None = None) -> bool:
    """True when 18 digits have the structure of a NIP (birth date, appointment, sex, sequence).

    >>> valid_nip("198503122010011003"), valid_nip("201903122010011003")
    (True, False)
    """
    if len(digits) != 18 or not digits.isdigit():
        return False
    today = today or dt.date.today()
    born = _date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    year, month = int(digits[8:12]), int(digits[12:14])
    if born is None or not 1920 <= born.year <= today.year - 15:
        return False
    if not (1 <= month <= 12 and born.year + 15 <= year <= today.year + 1):
        return False
    return digits[14] in "12" and digits[15:18] != "000"


def valid_nik(digits: str) -> bool:
    """True when 16 digits have the structure of a NIK (region codes, ``DDMMYY`` with day + 40 for women).

    >>> valid_nik("3201014105890001"), valid_nik("3201019905890001")
    (True, False)
    """
    if len(digits) != 16 or not digits.isdigit():
        return False
    if int(digits[0:2]) not in PROVINCES or digits[2:4] == "00" or digits[4:6] == "00":
        return False
    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if day > 40:
        day -= 40
    # The century is not written; 2000 is a leap year, so 29 February is accepted for yy == 00 too.
    if _date(2000 + yy if yy % 4 else 2000, month, day) is None:
        return False
    return digits[12:16] != "0000"


def _phone(run: str, digits: str) -> bool:
    """True when a group run is an Indonesian phone number (mobile or landline with area code)."""
    if digits.startswith("628") or (run.startswith("+62") and digits.startswith("62")):
        return 10 <= len(digits) <= 14
    if digits.startswith("08"):
        # Mobile prefixes are 081x-089x, written as one group of 3+ digits (unlike times "08.00-12.00").
        first = _DIGITS.search(run).group()
        return 10 <= len(digits) <= 13 and digits[2] != "0" and len(first) >= 3
    # Landline: area code 0[2-9]x(x) written apart or in brackets, then a 5-8 digit subscriber number.
    area = re.match(r"\(?(0[2-9]\d{1,2})\)?(?:[ \u00a0]|[ \u00a0]?-[ \u00a0]?)", run)
    return bool(area) and 9 <= len(digits) <= 12 and 5 <= len(digits) - len(area.group(1)) <= 8


def _labelled(text: str, start: int) -> str | None:
    """The label (NIP/NIK/NRP) written just before ``start``, if any."""
    m = _LABEL.search(text[max(0, start - 30) : start])
    return m.group(1).upper() if m else None


def _classify(text: str, run: str, start: int, digits: str) -> str | None:
    label = _labelled(text, start)
    if label == "NRP" and 5 <= len(digits) <= 12:
        return "NRP"
    if len(digits) == 18 and (label == "NIP" or valid_nip(digits)):
        return "NIP"
    if len(digits) == 16 and (label == "NIK" or valid_nik(digits)):
        return "NIK"
    if _phone(run, digits):
        return "TELEPON"
    return None


def _in_run(text: str, run_start: int, run: str) -> list[Found]:
    """Identifiers within one run of digit groups: the longest classified group sequence from each group on."""
    groups = list(_DIGITS.finditer(run))
    found: list[Found] = []
    i = 0
    while i < len(groups):
        for j in range(len(groups) - 1, i - 1, -1):
            # A leading "+" or "(" belongs to the identifier; a closing ")" too.
            lo = groups[i].start()
            if lo > 0 and run[lo - 1] in "+(" and (lo == 1 or not run[lo - 2].isdigit()):
                lo -= 1
            hi = groups[j].end()
            if hi < len(run) and run[hi] == ")" and "(" in run[lo:hi]:
                hi += 1
            piece = run[lo:hi]
            digits = "".join(g.group() for g in groups[i : j + 1])
            kind = _classify(text, piece, run_start + lo, digits)
            if kind:
                found.append(Found(kind, run_start + lo, run_start + hi, piece))
                i = j
                break
        i += 1
    return found


def find_identifiers(text: str) -> list[Found]:
    """Every NIP, NIK, NRP, phone number and e-mail address in ``text``, in text order, not overlapping."""
    found = [Found("EMAIL", m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text)]
    found += [Found("EMAIL", m.start(), m.end(), m.group()) for m in _SPOKEN_EMAIL.finditer(text)]
    taken = [(f.start, f.end) for f in found]
    for m in _RUN.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        found += _in_run(text, m.start(), m.group())
    found.sort(key=lambda f: (f.start, -f.end))
    result: list[Found] = []
    for f in found:
        if not result or f.start >= result[-1].end:
            result.append(f)
    return result
