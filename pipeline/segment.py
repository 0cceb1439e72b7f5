"""Turns -> passages, the units researchers code. Pure; no file or DB access.

Every informant (and unknown-role) turn becomes a passage; a turn longer than ``max_words`` whitespace words is
split at sentence boundaries (``pipeline.sentences``) into ``ceil(words / max_words)`` consecutive passages of
roughly equal length. Interviewer turns become passages with ``role="interviewer"`` (context, never coded), and
each informant passage carries the text of the interviewer turn before it as its ``question``.

Passage ids: informant/unknown ``{prefix}-{n:03d}`` (001.. in file order), interviewer ``{prefix}-q{n:03d}``;
the prefix is the file stem unless given. Offsets index into ``transcript.text``.
"""

from __future__ import annotations

import math
from pathlib import Path

from pipeline.records import Passage, Transcript, Turn
from pipeline.sentences import sentence_spans


def segment(transcript: Transcript, *, max_words: int = 120, id_prefix: str | None = None) -> list[Passage]:
    """Cut a transcript into passages (interviewer turns included, as context).

    Args:
        transcript: the parsed transcript.
        max_words: informant turns longer than this are split at sentence boundaries.
        id_prefix: the start of the passage ids (default: the file stem).
    """
    prefix = id_prefix or Path(transcript.name).stem
    passages: list[Passage] = []
    question: str | None = None
    n_inf = n_q = 0
    for turn in transcript.turns:
        if turn.role == "interviewer":
            n_q += 1
            passages.append(_passage(f"{prefix}-q{n_q:03d}", transcript, turn, (0, len(turn.text)), None))
            question = turn.text
            continue
        for span in split_turn(turn.text, max_words=max_words):
            n_inf += 1
            passages.append(_passage(f"{prefix}-{n_inf:03d}", transcript, turn, span, question))
    return [
        Passage(p.id, p.transcript, seq, p.turn_index, p.speaker, p.role, p.start, p.end, p.text, p.t_start,
                p.t_end, p.question)
        for seq, p in enumerate(passages, start=1)
    ]


def split_turn(text: str, *, max_words: int = 120) -> list[tuple[int, int]]:
    """Spans of ``text`` for its passages: the whole text, or balanced runs of sentences when it is too long.

    Example:
        A turn of 130 words in 8 sentences gives two spans of about 65 words each, cut between sentences.
    """
    words = len(text.split())
    if words <= max_words:
        return [(0, len(text))]
    sents = sentence_spans(text)
    if len(sents) < 2:
        return [(0, len(text))]
    parts = min(math.ceil(words / max_words), len(sents))
    ends = _cumulative_words(text, sents)
    cuts: list[int] = []  # index of the last sentence of each part but the last
    for k in range(1, parts):
        target = words * k / parts
        lo = cuts[-1] + 1 if cuts else 0
        hi = len(sents) - (parts - k) - 1
        best = min(range(lo, hi + 1), key=lambda i: (abs(ends[i] - target), i))
        cuts.append(best)
    bounds = [0] + [c + 1 for c in cuts] + [len(sents)]
    return [(sents[a][0], sents[b - 1][1]) for a, b in zip(bounds, bounds[1:])]


def _cumulative_words(text: str, sents: list[tuple[int, int]]) -> list[int]:
    total, out = 0, []
    for start, end in sents:
        total += len(text[start:end].split())
        out.append(total)
    return out


def _passage(pid: str, transcript: Transcript, turn: Turn, span: tuple[int, int], question: str | None) -> Passage:
    """A passage over ``span`` of the turn text; times are interpolated by characters for parts of a cue turn."""
    a, b = span
    t_start, t_end = turn.t_start, turn.t_end
    if turn.t_start is not None and turn.t_end is not None:
        length = max(len(turn.text), 1)
        t_start = turn.t_start if a == 0 else round(turn.t_start + (turn.t_end - turn.t_start) * a / length, 1)
        t_end = turn.t_end if b == len(turn.text) else round(turn.t_start + (turn.t_end - turn.t_start) * b / length, 1)
    return Passage(
        id=pid, transcript=transcript.name, seq=0, turn_index=turn.index, speaker=turn.speaker, role=turn.role,
        start=turn.start + a, end=turn.start + b, text=turn.text[a:b], t_start=t_start, t_end=t_end,
        question=question,
    )
