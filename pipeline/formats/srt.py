"""SubRip (``.srt``) cues as units, with their times. Pure; no file or DB access.

A speaker prefix (``NAMA:``) usually appears only on the first cue of a turn; later cues continue it.
Lines of a cue wrapped over two lines are joined with a space.
"""

from __future__ import annotations

import re

import srt

from pipeline.errors import InvalidTranscript
from pipeline.formats.speakers import Unit
from pipeline.formats.txt import decode
from pipeline.normalize import normalize_line

_TAGS = re.compile(r"</?[a-zA-Z][^>]*>|\{\\[^}]*\}")


def units(data: bytes, *, name: str) -> list[Unit]:
    """The cues of an SRT file as units numbered 1.. in file order.

    Raises:
        InvalidTranscript: the file is not valid SubRip (with the line where parsing stopped) or has no cues.
    """
    text = decode(data, name=name)
    try:
        subs = list(srt.parse(text))
    except srt.SRTParseError as exc:
        bad = len(text) - len(text[exc.expected_start:].lstrip())
        line = text.count("\n", 0, bad) + 1
        raise InvalidTranscript(
            f"{name}: baris {line}: bukan cue SubRip yang sah (berkas rusak atau terpotong?); "
            "periksa nomor dan baris waktu 'hh:mm:ss,mmm --> hh:mm:ss,mmm' / malformed SRT cue"
        ) from exc
    if not subs:
        raise InvalidTranscript(f"{name}: tidak ada cue SubRip; berkas kosong atau bukan .srt / no cues")
    out = []
    for number, sub in enumerate(subs, start=1):
        extra = re.split(r"\n\s*\n", sub.content, maxsplit=1)
        if len(extra) > 1:  # srt keeps a damaged next cue inside this one's text
            line = text.count("\n", 0, max(text.find(extra[1].strip()), 0)) + 1
            raise InvalidTranscript(
                f"{name}: baris {line}: bukan cue SubRip yang sah setelah cue {number} (berkas rusak atau "
                "terpotong?); periksa nomor dan baris waktu 'hh:mm:ss,mmm --> hh:mm:ss,mmm' / malformed SRT cue"
            )
        clean = normalize_line(_TAGS.sub("", sub.content))
        if clean:
            t0, t1 = sub.start.total_seconds(), sub.end.total_seconds()
            out.append(Unit(clean, number, t_start=t0, t_end=t1, where="cue"))
    return out
