"""Speaker labels, turns and roles, the same for every format. Pure; no file or DB access.

A unit (paragraph, line, table row, cue) that starts with a speaker label opens a turn; units without a label
continue the open turn. Units before the first turn are the header (kept as metadata, never passages).
Roles come from the configurable label lists (``interviewer_labels``, ``informant_labels``); people's names
count as informants; with neutral labels only (``Speaker 1``/``Speaker 2``) the speaker who asks most
questions is the interviewer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.errors import InvalidTranscript
from pipeline.normalize import collapse_ws


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of a source file in order: a paragraph/line (txt, docx), a table row or a cue (vtt, srt)."""

    text: str
    line: int  # 1-based line, paragraph, row or cue number in the source
    label: str | None = None  # an explicit speaker from the format (voice tag, table cell, bold name)
    voice: bool = False  # the label is a VTT voice tag: consecutive cues of one voice are one turn
    t_start: float | None = None
    t_end: float | None = None
    where: str = "baris"  # how ``line`` is called in messages: baris, paragraf, cue, baris tabel
    gap_before: bool = False  # a blank line / empty paragraph precedes it (ends a header block)


@dataclass(frozen=True, slots=True)
class RawTurn:
    """A turn before the stored text is composed: what ``ingest.build_transcript`` takes."""

    speaker: str
    role: str
    text: str
    t_start: float | None = None
    t_end: float | None = None
    line: int | None = None


# Header keys that look like labels ("Tanggal: 5 Maret") but are never speakers.
META_KEYS: frozenset[str] = frozenset(
    """judul topik tema tanggal hari waktu jam pukul tempat lokasi durasi keterangan catatan jabatan posisi nama
    instansi lembaga unit pseudonim kode transkriptor penyalin rekaman berkas file proyek penelitian studi usia
    umur pendidikan title date place location duration notes note position""".split()
) | {"catatan transkrip", "durasi rekaman", "kode informan", "nama informan", "jenis kelamin", "nama file",
     "tanggal wawancara", "waktu wawancara", "tempat wawancara", "nama pewawancara"}
NEUTRAL_LABELS: frozenset[str] = frozenset({"speaker", "pembicara", "penutur", "suara", "peserta", "unknown"})

_DECOR = re.compile(r"^[\s#>*_]+")
_LEAD_TIME = re.compile(r"^[\[(]?(?P<t>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]?\s*(?:[-–]\s*)?")
_WORD = r"[^\W\d_][\w.'’-]*"
_LABEL = re.compile(
    rf"^(?P<label>{_WORD}(?:[ ]{_WORD}){{0,3}}(?:[ ]?\d{{1,2}})?)(?:[ ]*\((?P<paren>[^()]{{1,30}})\))?"
    r"[ ]*[*_]*[ ]*:(?![/\d])[*_]*[ ]*(?P<rest>.*)$",
    re.S,
)
_TIME = r"\(?\[?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?\]?\)?"
# A label line of transcription tools (Otter, Word's Transcribe): "Speaker 1  0:05" or "00:00:05 Speaker 1",
# with the words on the following lines.
_TIMED_LABEL = re.compile(
    rf"^(?:(?P<t1>{_TIME})[ ]+)?(?P<label>{_WORD}(?:[ ]{_WORD}){{0,3}}(?:[ ]?\d{{1,2}})?)(?:[ ]+(?P<t2>{_TIME}))?$"
)
_QUESTION_WORDS = re.compile(
    r"^(apa|apakah|bagaimana|gimana|kenapa|mengapa|siapa|kapan|berapa|dimana|di mana|mana|boleh|bisa|coba|"
    r"seperti apa|sejauh mana|menurut)\b",
    re.I,
)


@dataclass(slots=True)
class _Open:
    """A turn being collected."""

    speaker: str
    line: int
    parts: list[str] = field(default_factory=list)
    t_start: float | None = None
    t_end: float | None = None
    voice: bool = False


def parse_time(value: str) -> float:
    """``"01:02:03"``, ``"02:03"`` or ``"00:00:01,500"`` -> seconds."""
    parts = value.replace(",", ".").split(":")
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + float(p)
    return seconds


def split_label(text: str) -> tuple[str | None, str, float | None]:
    """Split ``"[00:01:02] Pewawancara: Apa kabar?"`` into ``("Pewawancara", "Apa kabar?", 62.0)``.

    Returns ``(None, text, None)`` when the text does not start with something shaped like a label.
    """
    t_start = None
    body = _DECOR.sub("", text)
    m = _LEAD_TIME.match(body)
    if m and _LABEL.match(body[m.end():]):
        t_start, body = parse_time(m.group("t")), body[m.end():]
    m = _LABEL.match(body)
    if not m:
        return _timed_label(body, text)
    label = m.group("label").strip(" *_")
    paren = (m.group("paren") or "").strip()
    time = _LEAD_TIME.fullmatch(paren) if paren else None
    if time:  # "Pewawancara (00:01:23): ..." -> a time, not part of the name
        t_start = parse_time(time.group("t"))
    elif paren:
        label = f"{label} ({paren})"
    return label, m.group("rest").strip(), t_start


def _timed_label(body: str, text: str) -> tuple[str | None, str, float | None]:
    """``"Speaker 1  0:05"`` -> ``("Speaker 1", "", 5.0)``; anything else is not a label."""
    m = _TIMED_LABEL.match(body)
    if not m or not (m.group("t1") or m.group("t2")):
        return None, text, None
    return m.group("label"), "", parse_time((m.group("t1") or m.group("t2")).strip("[]()"))


def label_key(label: str) -> str:
    """The comparable form of a label: lower case, no number, no parenthesis (``"Informan 3"`` -> ``informan``)."""
    key = re.sub(r"\(.*?\)", "", label).lower().strip(" .")
    key = re.sub(r"[ ]?\d+$", "", key).strip(" .")
    return collapse_ws(key)


def base_role(label: str, settings: dict) -> str:
    """``interviewer``, ``informant``, ``neutral`` or ``name`` from the label lists."""
    keys = [label_key(label)]
    paren = re.search(r"\((.*?)\)", label)
    if paren:
        keys.insert(0, label_key(paren.group(1)))
    for key in keys:
        if key in {x.lower() for x in settings["interviewer_labels"]}:
            return "interviewer"
        if key in {x.lower() for x in settings["informant_labels"]}:
            return "informant"
        if key in NEUTRAL_LABELS:
            return "neutral"
    return "name"


def _looks_like_name(label: str) -> bool:
    words = re.sub(r"\(.*?\)", "", label).split()
    return all(w[0].isupper() or w.isdigit() for w in words) and label_key(label) not in META_KEYS


def find_turns(
    units: list[Unit], *, settings: dict, name: str, joiner: str = "\n"
) -> tuple[list[str], list[RawTurn]]:
    """Split units into the header lines and the speaker turns (with roles).

    Args:
        units: the file's units in order.
        settings: needs ``interviewer_labels`` and ``informant_labels``.
        name: the file name, for messages.
        joiner: what joins the units of one turn (``"\n"`` for paragraphs, ``" "`` for cues).

    Raises:
        InvalidTranscript: no speaker label was recognised.
    """
    labelled = [(u.label, u.text, None) if u.label else split_label(u.text) for u in units]
    counts = Counter(label for label, _, _ in labelled if label)
    voices = {u.label for u in units if u.voice and u.label}
    speakers = {lab for lab, n in counts.items() if _is_speaker(lab, n, lab in voices, settings)}
    first = _first_turn(units, labelled, speakers, counts)
    if first is None:
        raise InvalidTranscript(
            f"{name}: tidak ada label pembicara yang dikenali (mis. 'Pewawancara:'/'Narasumber:', 'P:'/'I:', "
            "nama tebal di .docx, '<v Nama>' di .vtt, 'NAMA:' di awal cue .srt); tambahkan label di awal "
            "setiap giliran bicara / no recognisable speaker labels"
        )
    header = [f"{u.label}: {u.text}" if u.label else u.text for u in units[:first]]  # e.g. a metadata table
    opened = _collect(units[first:], labelled[first:], speakers)
    roles = assign_roles([(t.speaker, joiner.join(t.parts)) for t in opened], settings)
    turns = [
        RawTurn(t.speaker, roles[t.speaker], joiner.join(t.parts), t.t_start, t.t_end, t.line)
        for t in opened
        if t.parts
    ]
    return header, turns


def _is_speaker(label: str, count: int, voice: bool, settings: dict) -> bool:
    if voice:
        return True
    role = base_role(label, settings)
    if role != "name":
        return True
    if not _looks_like_name(label):
        return False
    letters = re.sub(r"[^\w]|\d", "", label)
    return count >= 2 or (len(letters) >= 2 and letters.isupper())  # "JOKO:" is a label even once


def _first_turn(units, labelled, speakers, counts) -> int | None:
    """Index of the first unit that opens a turn, after a leading header block."""
    start = _header_block_end(units, labelled, speakers)
    candidates = [i for i in range(start, len(units)) if labelled[i][0] in speakers]
    recurring = [i for i in candidates if counts[labelled[i][0]] >= 2 or units[i].voice]
    if recurring:
        return recurring[0]
    return candidates[0] if candidates else None


def _header_block_end(units, labelled, speakers) -> int:
    """End of a leading block (up to the first blank line) made of a title and ``Key: value`` lines."""
    end = next((i for i, u in enumerate(units) if i and u.gap_before), 0)
    if end == 0 or end >= len(units) or labelled[end][0] not in speakers:
        return 0
    first = labelled[0][0]
    if first in speakers and all(lab is None for lab, _, _ in labelled[1:end]):
        return 0  # a labelled turn whose text continues on the next lines, not a header
    meta = sum(
        1 for lab, _, _ in labelled[:end] if lab is None or label_key(lab) in META_KEYS or lab not in speakers
    )
    return end if meta * 2 >= end else 0


def _collect(units, labelled, speakers) -> list[_Open]:
    turns: list[_Open] = []
    for unit, (label, rest, t_label) in zip(units, labelled):
        cur = turns[-1] if turns else None
        same_voice = cur is not None and unit.voice and cur.voice and cur.speaker == label
        if label in speakers and not same_voice:
            t_start = t_label if t_label is not None else unit.t_start
            turns.append(_Open(label, unit.line, [rest] if rest else [], t_start, unit.t_end, unit.voice))
            continue
        text = rest if label in speakers else unit.text
        if cur is None or not text:
            continue
        cur.parts.append(text)
        cur.t_end = unit.t_end if unit.t_end is not None else cur.t_end
        cur.t_start = cur.t_start if cur.t_start is not None else unit.t_start
    return turns


def assign_roles(turns: list[tuple[str, str]], settings: dict) -> dict[str, str]:
    """Role per speaker from ``(speaker, text)`` turns.

    Labelled roles win; names and neutral labels are informants when an interviewer label exists. Otherwise
    the unresolved speaker who asks the most questions is the interviewer (``unknown`` for all of them on a
    tie, and for a lone neutral speaker).
    """
    speakers = list(dict.fromkeys(s for s, _ in turns))
    base = {s: base_role(s, settings) for s in speakers}
    roles = {s: r for s, r in base.items() if r in ("interviewer", "informant")}
    unresolved = [s for s in speakers if s not in roles]
    if not unresolved:
        return roles
    if "interviewer" in roles.values():
        return roles | {s: "informant" for s in unresolved}
    if len(speakers) == 1:
        return {s: "informant" if base[s] == "name" else "unknown" for s in speakers}
    keys = {s: _question_key([t for sp, t in turns if sp == s]) for s in unresolved}
    ranked = sorted(unresolved, key=lambda s: keys[s], reverse=True)
    if len(ranked) > 1 and keys[ranked[0]] == keys[ranked[1]]:
        return roles | {s: "unknown" for s in unresolved}
    return roles | {s: "interviewer" if s == ranked[0] else "informant" for s in unresolved}


def _question_key(texts: list[str]) -> tuple[int, int]:
    """(turns with a question mark, turns opening with a question word): counts, so that a third speaker who
    asks once does not outrank the interviewer."""
    marks = sum(1 for t in texts if "?" in t)
    words = sum(1 for t in texts if _QUESTION_WORDS.match(t.strip()))
    return (marks, words)
