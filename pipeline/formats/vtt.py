"""WebVTT (``.vtt``) cues as units, with times and ``<v Name>`` voice tags. Pure; no file or DB access.

webvtt-py silently drops damaged cues, so the block structure is checked first: every block after the
``WEBVTT`` line is a ``NOTE``/``STYLE``/``REGION`` block or a cue (optional identifier such as
``<guid>/<n>-<k>``, a valid timing line, then text). A truncated or damaged file is reported with its line.
"""

from __future__ import annotations

import re

import webvtt

from pipeline.errors import InvalidTranscript
from pipeline.formats.speakers import Unit
from pipeline.formats.txt import decode
from pipeline.normalize import normalize_line

_TS = r"(?:\d{1,}:)?\d{2}:\d{2}\.\d{3}"
_COMMA_MS = re.compile(r"(?m)^(.*-->.*)$")
_TIMING = re.compile(rf"^\s*{_TS}\s+-->\s+{_TS}(?:\s+.*)?$")


def units(data: bytes, *, name: str) -> list[Unit]:
    """The cues of a WebVTT file as units numbered 1.. in file order (voice tag as the unit's label).

    Raises:
        InvalidTranscript: no ``WEBVTT`` header, a damaged or truncated cue (with its line), or no cues.
    """
    text = decode(data, name=name)
    # Some tools write SRT-style "00:00:01,000" in WebVTT timing lines; webvtt-py would drop those cues.
    text = _COMMA_MS.sub(lambda m: re.sub(r"(\d{2}),(\d{3})", r"\1.\2", m.group(1)), text)
    check_structure(text, name=name)
    try:
        captions = webvtt.from_string(text).captions
    except Exception as exc:  # webvtt-py raises several of its own error types
        raise InvalidTranscript(f"{name}: bukan WebVTT yang sah ({exc}); periksa berkasnya / invalid WebVTT") from exc
    if not captions:
        raise InvalidTranscript(f"{name}: tidak ada cue WebVTT; berkas kosong atau terpotong / no cues")
    out = []
    for number, cap in enumerate(captions, start=1):
        clean = normalize_line(cap.text)
        if not clean:
            continue
        voice = normalize_line(cap.voice) if cap.voice else None
        t0, t1 = cap.start_time.in_milliseconds() / 1000, cap.end_time.in_milliseconds() / 1000
        out.append(Unit(clean, number, label=voice or None, voice=bool(voice), t_start=t0, t_end=t1, where="cue"))
    return out


def check_structure(text: str, *, name: str) -> None:
    """Raise ``InvalidTranscript`` naming the line of the first damaged block of a WebVTT text."""
    lines = text.split("\n")
    if not lines or not lines[0].startswith("WEBVTT"):
        raise InvalidTranscript(f"{name}: baris 1: berkas .vtt harus diawali 'WEBVTT' / missing WEBVTT header")
    cue = 0
    for first, block in _blocks(lines):
        if first == 0 or block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing = next((k for k, line in enumerate(block[:2]) if "-->" in line), None)
        if timing is None:
            raise InvalidTranscript(
                f"{name}: baris {first + 1}: teks di luar cue (baris waktu '-->' tidak ada); berkas rusak? / "
                "text outside a cue"
            )
        cue += 1
        where = f"{name}: cue {cue} (baris {first + timing + 1})"
        if not _TIMING.match(block[timing]):
            raise InvalidTranscript(
                f"{where}: baris waktu rusak atau terpotong: {block[timing].strip()!r} / damaged timing line"
            )
        if timing == len(block) - 1 and first + len(block) >= len(lines) - 1:
            raise InvalidTranscript(f"{where}: cue terakhir tanpa teks; berkas terpotong? / truncated file")


def _blocks(lines: list[str]):
    """(index of first line, lines) of each blank-line separated block."""
    start = None
    for i, line in enumerate(lines + [""]):
        if line.strip():
            if start is None:
                start = i
        elif start is not None:
            yield start, lines[start:i]
            start = None
