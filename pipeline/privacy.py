"""Pseudonymise a transcript: names and identifiers become stable pseudonyms. Pure: no I/O, no SQL.

What is replaced (see pipeline.identifiers and pipeline.names for how each is found):

- NIP, NIK, NRP, phone numbers and e-mail addresses -> ``[NIP-1]``, ``[NIK-1]``, ``[NRP-1]``, ``[TELEPON-1]``,
  ``[EMAIL-1]``;
- informants named in speaker labels (``Bu Retno:``, ``SUTRISNO:``) -> ``Informan 1``, ``Informan 2``... (label and
  every mention of the name in the text);
- other people's names (header, the researcher's list, after honorifics or before degrees) -> ``[NAMA-1]``...

The key (original -> pseudonym) is a ``PseudonymKey`` the caller loads and saves (pipeline.keystore keeps it
encrypted, outside the database). The same original always gets the same pseudonym, in every file and every run.
Longest match first: ``Sri Wahyuni`` is replaced before ``Sri``. Names the researcher removed (``ignored``) are
never replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from pipeline.errors import PrivacyError
from pipeline.identifiers import find_identifiers, normalise
from pipeline.names import header_names, label_name, names_in_text
from pipeline.records import Transcript

NAME_KINDS = ("INFORMAN", "NAMA")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
PSEUDONYM = re.compile(r"\[(?:NAMA|NIP|NIK|NRP|TELEPON|EMAIL)-\d+\]|Informan \d+")


def name_normal(name: str) -> str:
    """Canonical form of a name: case-folded, single spaces."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One original and its pseudonym."""

    kind: str  # "INFORMAN" | "NAMA" | "NIP" | "NIK" | "NRP" | "TELEPON" | "EMAIL"
    original: str  # as first seen
    pseudonym: str
    source: str = ""  # "label" | "header" | "title" | "list" | "alias" | "text"

    @property
    def slot(self) -> tuple[str, str]:
        """The lookup slot: names share one namespace, identifiers are compared in canonical form."""
        if self.kind in NAME_KINDS:
            return ("name", name_normal(self.original))
        return (self.kind, normalise(self.kind, self.original))


@dataclass(frozen=True, slots=True)
class PseudonymKey:
    """The mapping original -> pseudonym, plus the names the researcher chose never to replace."""

    entries: tuple[KeyEntry, ...] = ()
    ignored: tuple[str, ...] = ()

    def find(self, kind: str, original: str) -> KeyEntry | None:
        """The entry for ``original`` (names: any name kind), or None."""
        slot = KeyEntry(kind, original, "").slot
        return next((e for e in self.entries if e.slot == slot), None)

    def add_names(self, names: Iterable[str]) -> PseudonymKey:
        """Add names to the project list (each gets a ``[NAMA-n]`` unless it already has a pseudonym).

        ``"Tris=Sutrisno"`` makes a nickname share the pseudonym of the full name.

        Raises:
            PrivacyError: the nickname already has another pseudonym (stored transcripts use it).
        """
        builder = _Builder(self)
        for item in names:
            alias, _, target = (" ".join(part.split()) for part in item.partition("="))
            for name in (alias, target):
                builder.ignored.discard(name_normal(name))
            if not target:
                builder.person("NAMA", alias, "list")
                continue
            pseudonym = builder.person("NAMA", target, "list")
            kind = builder.index[("name", name_normal(target))].kind
            if builder.assign(kind, alias, "alias", pseudonym) != pseudonym:
                have = builder.index[("name", name_normal(alias))].pseudonym
                raise PrivacyError(
                    f"{alias} already has the pseudonym {have}, used in stored transcripts; to link it to {target}, "
                    f"first `telaah privacy remove {alias}`, then add {alias}={target} and run again"
                )
        return builder.key()

    def remove_names(self, names: Iterable[str]) -> tuple[PseudonymKey, list[KeyEntry]]:
        """Forget names and never replace them again; returns the key and the removed entries."""
        drop = {name_normal(n) for n in names}
        gone = [e for e in self.entries if e.slot[0] == "name" and e.slot[1] in drop]
        kept = tuple(e for e in self.entries if e not in gone)
        return PseudonymKey(kept, tuple(sorted(set(self.ignored) | drop))), gone

    def to_dict(self) -> dict:
        return {
            "entries": [[e.kind, e.original, e.pseudonym, e.source] for e in self.entries],
            "ignored": list(self.ignored),
        }

    @classmethod
    def from_dict(cls, data: dict) -> PseudonymKey:
        entries = tuple(KeyEntry(*row) for row in data.get("entries", []))
        return cls(entries, tuple(data.get("ignored", [])))


@dataclass
class _Builder:
    """A mutable working copy of a key, with an index, used while pseudonymising one transcript."""

    base: PseudonymKey
    entries: list[KeyEntry] = field(default_factory=list)
    index: dict[tuple[str, str], KeyEntry] = field(default_factory=dict)
    ignored: set[str] = field(default_factory=set)

    top: dict[str, int] = field(default_factory=dict)  # the highest pseudonym number per kind

    def __post_init__(self) -> None:
        self.entries = list(self.base.entries)
        self.index = {e.slot: e for e in self.entries}
        self.ignored = set(self.base.ignored)
        for e in self.entries:
            self._count(e)

    def _count(self, entry: KeyEntry) -> None:
        number = re.findall(r"\d+", entry.pseudonym)[-1:]
        if number:
            self.top[entry.kind] = max(self.top.get(entry.kind, 0), int(number[0]))

    def _next(self, kind: str) -> str:
        n = self.top.get(kind, 0) + 1
        return f"Informan {n}" if kind == "INFORMAN" else f"[{kind}-{n}]"

    def assign(self, kind: str, original: str, source: str, pseudonym: str | None = None) -> str | None:
        """The pseudonym of ``original``, creating one if new; None for an ignored name."""
        entry = KeyEntry(kind, original, "", source)
        if entry.slot[0] == "name" and entry.slot[1] in self.ignored:
            return None
        found = self.index.get(entry.slot)
        if found:
            return found.pseudonym
        entry = replace(entry, pseudonym=pseudonym or self._next(kind))
        self.entries.append(entry)
        self.index[entry.slot] = entry
        self._count(entry)
        return entry.pseudonym

    def person(self, kind: str, name: str, source: str) -> str | None:
        """Assign a pseudonym to a person's name; its words (3+ letters) become aliases of the same pseudonym."""
        pseudonym = self.assign(kind, name, source)
        words = name.split()
        if pseudonym and len(words) > 1:
            for word in words:
                if len(word) >= 3 and not word.endswith("."):
                    self.assign(kind, word, "alias", pseudonym)
        return pseudonym

    def name_index(self) -> NameIndex:
        return NameIndex((e.original, e.pseudonym) for e in self.entries if e.kind in NAME_KINDS)

    def key(self) -> PseudonymKey:
        return PseudonymKey(tuple(self.entries), tuple(sorted(self.ignored)))


class NameIndex:
    """Known names by their words, to find them in a text in one pass (longest first at each word)."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self.names: dict[tuple[str, ...], str] = {}
        for original, pseudonym in names:
            words = tuple(w.casefold() for w in _WORD.findall(original))
            if words:
                self.names[words] = pseudonym
        self.longest = max(map(len, self.names), default=0)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, pseudonym)`` of known names written with a capital ("indah" is not the name "Indah")."""
        words = list(_WORD.finditer(text))
        found = []
        for i, first in enumerate(words):
            if not first.group()[0].isupper():
                continue
            for n in range(min(self.longest, len(words) - i), 0, -1):
                group = words[i : i + n]
                # Only spaces (or a hyphen) between the words of one name.
                if any(text[a.end() : b.start()].strip() not in ("", "-") for a, b in zip(group, group[1:])):
                    continue
                pseudonym = self.names.get(tuple(g.group().casefold() for g in group))
                if pseudonym:
                    found.append((first.start(), group[-1].end(), pseudonym))
                    break
        return found


def _spans(text: str, builder: _Builder, names: NameIndex) -> list[tuple[int, int, str]]:
    """Replacement spans in ``text``: identifiers and known names, longest first, not overlapping."""
    candidates = [(f.start, f.end, builder.assign(f.kind, f.text, "text")) for f in find_identifiers(text)]
    candidates += names.spans(text)
    chosen: list[tuple[int, int, str]] = []
    for start, end, pseudonym in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, pseudonym))
    return sorted(chosen)


def replace_spans(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end) span, in order and not overlapping, replaced by its string."""
    out, pos = [], 0
    for start, end, new in spans:
        out += [text[pos:start], new]
        pos = end
    return "".join(out) + text[pos:]


def learn_names(builder: _Builder, metadata, turns, generic: Iterable[str]) -> None:
    """Register the names of labels, header and honorific mentions in the builder (labels first)."""
    generic = tuple(generic)
    for turn in turns:
        name = label_name(turn.speaker, generic=generic)
        if name:
            builder.person("NAMA" if turn.role == "interviewer" else "INFORMAN", name, "label")
    for name in header_names(metadata):
        builder.person("NAMA", name, "header")
    for text in [v for _, v in metadata] + [t.text for t in turns]:
        for found in names_in_text(text):
            name = found.text.title() if found.text.isupper() else found.text
            builder.person("NAMA", name, "title")


def pseudonymise_text(text: str, key: PseudonymKey) -> tuple[str, PseudonymKey]:
    """Pseudonymise a free text (names after titles, known names, identifiers); returns text and updated key."""
    builder = _Builder(key)
    for found in names_in_text(text):
        builder.person("NAMA", found.text.title() if found.text.isupper() else found.text, "title")
    new = replace_spans(text, _spans(text, builder, builder.name_index()))
    return new, builder.key()


def _generic_labels(settings: dict | None) -> tuple[str, ...]:
    from pipeline.config import DEFAULTS

    values = settings or {}
    labels = [*values.get("interviewer_labels", DEFAULTS["interviewer_labels"].default)]
    return (*labels, *values.get("informant_labels", DEFAULTS["informant_labels"].default))


def pseudonymise_parts(header: Sequence[str], metadata, turns, key: PseudonymKey, *, settings: dict | None = None):
    """Pseudonymise header lines and turns (objects with ``speaker``, ``role``, ``text``).

    Args:
        header: the header lines above the first turn.
        metadata: the header as ``(key, value)`` pairs (to find names under ``Nama:``, ``Informan:``...).
        turns: the turns; informants' labels that are names become ``Informan N``.
        key: the pseudonym key so far.
        settings: telaah settings (for the generic speaker labels).

    Returns:
        ``(header, turns, key)``: the pseudonymised header lines, the turns with pseudonymised labels and texts
        (same type, via ``dataclasses.replace``), and the updated key.
    """
    builder = _Builder(key)
    generic = _generic_labels(settings)
    learn_names(builder, [*metadata, *(("", h) for h in header)], turns, generic)
    names = builder.name_index()

    def clean(text: str) -> str:
        return replace_spans(text, _spans(text, builder, names))

    new_turns = []
    for turn in turns:
        name = label_name(turn.speaker, generic=generic)
        entry = builder.index.get(("name", name_normal(name))) if name else None
        speaker = entry.pseudonym if entry else clean(turn.speaker)
        new_turns.append(replace(turn, speaker=speaker, text=clean(turn.text)))
    return [clean(h) for h in header], new_turns, builder.key()


def header_lines(transcript: Transcript) -> list[str]:
    """The header lines stored above the first turn (``build_transcript`` puts them there)."""
    if not transcript.turns:
        return []
    first = transcript.turns[0]
    block = transcript.text[: first.start - len(first.speaker) - 2].strip("\n")
    return block.split("\n") if block else []


def pseudonymise(
    transcript: Transcript, key: PseudonymKey, *, settings: dict | None = None
) -> tuple[Transcript, PseudonymKey]:
    """Replace names and identifiers in a transcript with stable pseudonyms; rebuild text and offsets.

    The transcript is rebuilt with ``pipeline.ingest.build_transcript``, so turn offsets index into the new text.
    Pseudonyms such as ``[NAMA-1]`` are not kept as transcript markers.

    Returns:
        The pseudonymised transcript and the updated key (the caller saves it with ``pipeline.keystore``).
    """
    from pipeline.ingest import build_transcript

    header, turns, key = pseudonymise_parts(
        header_lines(transcript), transcript.metadata, transcript.turns, key, settings=settings
    )
    rebuilt = build_transcript(
        transcript.name, transcript.format, header, turns, content_hash=transcript.content_hash
    )
    markers = tuple(m for m in rebuilt.markers if not PSEUDONYM.fullmatch(m.text))
    return replace(rebuilt, markers=markers), key
