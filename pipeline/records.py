"""Small frozen records passed between the pure steps. No I/O here.

Offsets are ``str`` character offsets: a turn's and a passage's ``start``/``end`` index into
``Transcript.text`` (the transcript's stored, normalised and pseudonymised text), so
``transcript.text[p.start:p.end] == p.text`` always holds. Evidence offsets index into the passage text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["interviewer", "informant", "unknown"]
Polarity = Literal["supports", "against"]
ROLES: tuple[str, ...] = ("interviewer", "informant", "unknown")
POLARITIES: tuple[str, ...] = ("supports", "against")
DECISIONS: tuple[str, ...] = ("confirm", "reject")


@dataclass(frozen=True, slots=True)
class Marker:
    """A flagged span in the transcript text, e.g. ``[tidak jelas]`` or an inline ``[00:21:37]``."""

    start: int
    end: int
    kind: str  # "unclear" | "inaudible" | "laughter" | "timestamp" | "other"
    text: str


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker turn as found in the source (unlabelled paragraphs/cues/rows continue it)."""

    index: int
    speaker: str
    role: Role
    start: int
    end: int
    text: str
    t_start: float | None = None
    t_end: float | None = None
    line: int | None = None  # 1-based line, paragraph or cue number in the source where the turn starts


@dataclass(frozen=True, slots=True)
class Transcript:
    """A parsed transcript: its stored text, its turns, and the header kept as metadata."""

    name: str  # file name, e.g. "W01.docx"
    format: str  # "txt" | "md" | "docx" | "vtt" | "srt"
    text: str
    turns: tuple[Turn, ...]
    metadata: tuple[tuple[str, str], ...] = ()
    markers: tuple[Marker, ...] = ()
    content_hash: str = ""  # sha256 of the source bytes

    @property
    def meta(self) -> dict[str, str]:
        return dict(self.metadata)


@dataclass(frozen=True, slots=True)
class Passage:
    """A unit of coding: an informant turn, or a sentence-bounded part of a long one.

    Interviewer turns are passages too (``role="interviewer"``), kept as context and never coded.
    """

    id: str
    transcript: str
    seq: int
    turn_index: int
    speaker: str
    role: Role
    start: int
    end: int
    text: str
    t_start: float | None = None
    t_end: float | None = None
    question: str | None = None  # the interviewer's turn just before this passage


@dataclass(frozen=True, slots=True)
class CodebookElement:
    """One code of the codebook (an element or a sub-element)."""

    id: str
    label_id: str
    label_en: str
    definition: str = ""
    include: str = ""
    exclude: str = ""
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Codebook:
    """An ordered set of codes; the framework is data (lexicons/*.yaml)."""

    name: str
    version: str
    elements: tuple[CodebookElement, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.elements)

    def get(self, code: str) -> CodebookElement:
        for e in self.elements:
            if e.id == code:
                return e
        raise KeyError(code)

    def children(self, code: str) -> tuple[CodebookElement, ...]:
        return tuple(e for e in self.elements if e.parent == code)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A word or phrase that triggered a suggestion; offsets index into the passage text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A machine suggestion of one code on one passage."""

    passage_id: str
    code: str
    score: float  # 0..1 confidence
    polarity: Polarity
    source: str  # "lexicon" | "model"
    evidence: tuple[Evidence, ...] = ()
    model: str = ""  # version of the model that made it ("" for the lexicon coder)
    lexicon: str = ""  # version (hash) of the lexicon files used
    uncertainty: float = 0.0  # 0 (sure) .. 1 (most uncertain); the queue shows the most uncertain first


@dataclass(frozen=True, slots=True)
class Decision:
    """A researcher's answer on one code of one passage. Decisions are append-only."""

    passage_id: str
    code: str
    decision: str  # "confirm" | "reject"
    polarity: Polarity | None
    coder: str
    note: str = ""
    created_at: str = ""
    origin: str = "cli"  # "web" | "import" | "cli" | "adjudication"


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation shown in a score table or report."""

    passage_id: str
    transcript: str
    speaker: str
    text: str
    polarity: Polarity
    t_start: float | None = None


@dataclass(frozen=True, slots=True)
class ElementScore:
    """The verdict on one code, with the evidence it rests on."""

    code: str
    verdict: str  # "terpenuhi" | "tidak terpenuhi" | "belum cukup bukti"
    supports: int
    against: int
    informants: int
    quotes: tuple[Quote, ...] = field(default=())
    override: str | None = None  # the researcher's written reason when the verdict was overridden
    computed: str | None = None  # the rule's verdict when an override replaced it
