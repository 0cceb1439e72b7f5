"""Read a transcript file into a ``Transcript``: format, encoding, header, speaker turns, markers, offsets.

Pure apart from ``read_transcript`` reading the one file it is given; no database access.

- ``read_transcript(path)``: checks the extension and the size limit, reads the bytes, calls ``parse_bytes``.
- ``parse_bytes(data, name=...)``: format reader (``pipeline.formats``) -> units -> header and turns
  (``pipeline.formats.speakers``) -> ``build_transcript``.
- ``build_transcript(name, fmt, header, turns_raw)``: the ONE place that composes the stored text and the turn
  offsets (the pseudonymiser rebuilds a transcript with it after replacing text). The stored text is the header
  lines, a blank line, then ``"Speaker: text"`` per turn separated by blank lines; each turn's ``start``/``end``
  cover its text only, so ``transcript.text[turn.start:turn.end] == turn.text``.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from pipeline import config
from pipeline.errors import InvalidTranscript
from pipeline.formats import docx, srt, txt, vtt
from pipeline.formats.speakers import RawTurn, find_turns
from pipeline.normalize import normalize_text
from pipeline.records import Marker, Transcript, Turn

__all__ = ["FORMATS", "RawTurn", "build_transcript", "content_hash", "parse_bytes", "read_transcript"]

# extension -> (format name, reader, what joins the units of one turn)
FORMATS: dict[str, tuple[str, Any, str]] = {
    ".txt": ("txt", txt.units, "\n"),
    ".md": ("md", txt.units, "\n"),
    ".docx": ("docx", docx.units, "\n"),
    ".vtt": ("vtt", vtt.units, " "),
    ".srt": ("srt", srt.units, " "),
}
_MARKER = re.compile(r"\[([^\[\]\n]{1,40})\]")
_MARKER_KINDS = [
    (re.compile(r"^\d{1,2}:\d{2}(:\d{2})?([.,]\d+)?$"), "timestamp"),
    (re.compile(r"tidak jelas|tak jelas|kurang jelas|unclear|\?\?", re.I), "unclear"),
    (re.compile(r"inaudible|tidak terdengar|tak terdengar|suara hilang", re.I), "inaudible"),
    (re.compile(r"tertawa|ketawa|tawa|laugh|senyum|hehe", re.I), "laughter"),
]


class TurnLike(Protocol):
    speaker: str
    role: str
    text: str
    t_start: float | None
    t_end: float | None
    line: int | None


def content_hash(data: bytes) -> str:
    """sha256 of a file's bytes (what re-runs compare)."""
    return hashlib.sha256(data).hexdigest()


def read_transcript(path: str | os.PathLike, *, settings: dict | None = None) -> Transcript:
    """Read and parse one transcript file.

    Raises:
        InvalidTranscript: unsupported extension, too large, unreadable, or no usable speaker turns; the message
            names the file (and the line or cue where it can).
    """
    settings = settings or config.load()
    path = Path(path)
    check_extension(path.name)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidTranscript(f"{path.name}: tidak dapat dibuka ({exc.strerror}) / cannot open") from exc
    check_size(path.name, size, settings)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidTranscript(f"{path.name}: tidak dapat dibaca ({exc.strerror}) / cannot read") from exc
    return parse_bytes(data, name=path.name, settings=settings)


def check_extension(name: str) -> str:
    """The format of a file name, or ``InvalidTranscript`` for an unsupported extension."""
    ext = Path(name).suffix.lower()
    if ext not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise InvalidTranscript(
            f"{name}: ekstensi {ext or '(tanpa ekstensi)'} tidak didukung; gunakan {known} / unsupported extension"
        )
    return FORMATS[ext][0]


def check_size(name: str, size: int, settings: dict) -> None:
    """Refuse files above ``max_file_mb`` (a transcript of a two-hour interview is well under 1 MB of text)."""
    limit = float(settings.get("max_file_mb", 20))
    if size > limit * 1024 * 1024:
        raise InvalidTranscript(
            f"{name}: berkas {size / 1024 / 1024:.1f} MB melebihi batas max_file_mb = {limit:g} MB; pecah berkasnya "
            "atau naikkan max_file_mb di telaah.toml / file too large"
        )


def parse_bytes(data: bytes, *, name: str, settings: dict | None = None) -> Transcript:
    """Parse the bytes of a transcript file named ``name`` (the extension picks the format).

    Raises:
        InvalidTranscript: empty, binary or damaged content, or no recognisable speakers.
    """
    settings = settings or config.load()
    fmt = check_extension(name)
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise InvalidTranscript(f"{name}: berkas kosong / empty file")
    ext = sniff_subtitles(data) if fmt in ("txt", "md") else Path(name).suffix.lower()
    _, reader, joiner = FORMATS[ext]
    units = reader(data, name=name)
    if not units:
        raise InvalidTranscript(f"{name}: berkas tidak berisi teks / no text")
    header, turns = find_turns(units, settings=settings, name=name, joiner=joiner)
    if not turns:
        raise InvalidTranscript(f"{name}: label pembicara ditemukan tetapi semua giliran kosong / empty turns")
    return build_transcript(name, fmt, header, turns, content_hash=content_hash(data))


_SRT_START = re.compile(rb"^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2},\d{3}\s*-->")


def sniff_subtitles(data: bytes) -> str:
    """The extension to read a ``.txt`` with: ``.vtt``/``.srt`` when it is a subtitle file saved as text."""
    head = data[:200].lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"WEBVTT"):
        return ".vtt"
    if _SRT_START.match(head):
        return ".srt"
    return ".txt"


def build_transcript(
    name: str,
    fmt: str,
    header: Sequence[str],
    turns_raw: Iterable[TurnLike],
    *,
    content_hash: str = "",
    metadata: Sequence[tuple[str, str]] | None = None,
) -> Transcript:
    """Compose the stored text and the offsets of the turns (and find the markers) from raw turns.

    Args:
        name: the file name.
        fmt: the format (``txt``, ``md``, ``docx``, ``vtt``, ``srt``).
        header: the header lines (kept in the text above the turns and parsed into metadata).
        turns_raw: ``RawTurn``s, or ``Turn``s of an existing transcript with replaced text (their offsets are
            ignored and recomputed); turns whose text is empty after normalisation are dropped.
        content_hash: sha256 of the source bytes.
        metadata: the metadata pairs; parsed from ``header`` when not given.
    """
    header = [normalize_text(h).strip() for h in header if h.strip()]
    parts: list[str] = []
    pos = 0
    if header:
        parts.append("\n".join(header) + "\n\n")
        pos = len(parts[0])
    turns: list[Turn] = []
    for raw in turns_raw:
        text = normalize_text(raw.text).strip()
        if not text:
            continue
        sep = "\n\n" if turns else ""
        prefix = f"{sep}{raw.speaker}: "
        start = pos + len(prefix)
        turns.append(Turn(len(turns), raw.speaker, raw.role, start, start + len(text), text,  # type: ignore[arg-type]
                          raw.t_start, raw.t_end, raw.line))
        parts.append(prefix + text)
        pos = start + len(text)
    parts.append("\n")
    meta = tuple(metadata) if metadata is not None else parse_header(header)
    markers = tuple(m for t in turns for m in find_markers(t.text, offset=t.start))
    return Transcript(name, fmt, "".join(parts), tuple(turns), meta, markers, content_hash)


def parse_header(lines: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``Key: value`` lines -> ``(key, value)``; a first line without a colon is the title (``judul``)."""
    out = []
    for i, line in enumerate(lines):
        key, sep, value = line.partition(":")
        if sep and key.strip() and len(key.split()) <= 4 and value.strip():
            out.append((key.strip().lower(), value.strip()))
        elif i == 0:
            out.append(("judul", line.strip(" #*_")))
        else:
            out.append(("catatan", line.strip()))
    return tuple(out)


def find_markers(text: str, *, offset: int = 0) -> list[Marker]:
    """Bracketed markers (``[tidak jelas]``, ``[inaudible]``, ``[tertawa]``, ``[00:21:37]`` ...) with offsets."""
    out = []
    for m in _MARKER.finditer(text):
        inner = m.group(1).strip()
        kind = next((k for pattern, k in _MARKER_KINDS if pattern.search(inner)), "other")
        out.append(Marker(offset + m.start(), offset + m.end(), kind, m.group(0)))
    return out
