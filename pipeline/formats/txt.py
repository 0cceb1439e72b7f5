"""Plain text (``.txt``, ``.md``): decoding (UTF-8 with or without BOM, UTF-16, Windows-1252) and line units.

Also used by the subtitle readers for decoding. Pure; no file or DB access.
"""

from __future__ import annotations

import codecs

import charset_normalizer

from pipeline.errors import InvalidTranscript
from pipeline.formats.speakers import Unit
from pipeline.normalize import normalize_line, normalize_text

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Legacy encodings a transcript is likely to be in when it is not UTF-8 (Word's "plain text" on Windows).
_CANDIDATES = ["cp1252", "utf_16_le", "utf_16_be", "iso8859_15", "latin_1"]


def decode(data: bytes, *, name: str) -> str:
    """Decode transcript bytes to normalised text (``\\n`` line endings, no BOM).

    Raises:
        InvalidTranscript: the bytes are not text (a binary or damaged file).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return normalize_text(_strict(data, encoding, name))
    if b"\x00" in data[:4096]:  # UTF-16 without a BOM, or binary (NUL is valid UTF-8, so check first)
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return normalize_text(utf16)
    try:
        return normalize_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise InvalidTranscript(f"{name}: bukan berkas teks (berisi data biner); periksa berkasnya / not a text file")
    best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
    encoding = best.encoding if best is not None else "cp1252"
    text = _strict(data, encoding, name)
    if _looks_binary(text):
        raise InvalidTranscript(f"{name}: bukan berkas teks (berisi data biner); periksa berkasnya / not a text file")
    return normalize_text(text)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidTranscript(
            f"{name}: baris {line}: tidak dapat dibaca sebagai {encoding}; simpan ulang sebagai UTF-8"
        ) from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-range text has a zero byte in every other position."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) > 0.4 * len(zeros):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    return controls > max(2, len(sample) // 100)


def units(data: bytes, *, name: str) -> list[Unit]:
    """Every non-blank line as a unit (1-based line numbers); a blank line before it sets ``gap_before``."""
    text = decode(data, name=name)
    if _looks_binary(text):
        raise InvalidTranscript(f"{name}: bukan berkas teks (berisi data biner); periksa berkasnya / not a text file")
    out: list[Unit] = []
    gap = False
    for number, line in enumerate(text.split("\n"), start=1):
        clean = normalize_line(line)
        if not clean:
            gap = True
            continue
        out.append(Unit(clean, number, gap_before=gap and bool(out)))
        gap = False
    return out
