"""Element verdicts from confirmed codes (pure: no database, no files).

The default rule (DESIGN.md), for each code over confirmed codings: S = passages coded ``supports``,
A = passages coded ``against``, N = distinct informants (transcripts) with at least one ``supports``.

- ``terpenuhi`` (fulfilled): S > A and N >= ``min_informants`` (2)
- ``tidak terpenuhi`` (not fulfilled): A >= S and A >= ``min_against`` (1)
- ``belum cukup bukti`` (insufficient evidence): otherwise

A parent code (``governance``) is judged on the passages coded with the parent itself; when it has none, on its
sub-elements' verdicts with the same shape of rule: fulfilled when more than half of them are fulfilled, not
fulfilled when at least as many are not fulfilled as fulfilled (and at least one is), otherwise insufficient.
A researcher may override any verdict with a written reason; the computed verdict is kept beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from pipeline.errors import InvalidConfig
from pipeline.records import Codebook, ElementScore, Quote

FULFILLED = "terpenuhi"
NOT_FULFILLED = "tidak terpenuhi"
INSUFFICIENT = "belum cukup bukti"
VERDICTS: tuple[str, ...] = (FULFILLED, NOT_FULFILLED, INSUFFICIENT)
VERDICT_EN = {FULFILLED: "fulfilled", NOT_FULFILLED: "not fulfilled", INSUFFICIENT: "insufficient evidence"}


@dataclass(frozen=True, slots=True)
class ScoringRule:
    """The thresholds of the verdict rule (configurable)."""

    min_informants: int = 2
    min_against: int = 1
    max_quotes: int = 3

    def __post_init__(self) -> None:
        if self.min_informants < 1 or self.min_against < 1 or self.max_quotes < 0:
            raise InvalidConfig(
                "scoring rule: min_informants and min_against must be at least 1 and max_quotes at least 0"
            )


@dataclass(frozen=True, slots=True)
class CodedPassage:
    """One confirmed (or, in a dry run, suggested) code on one passage, with what a quote needs."""

    passage_id: str
    code: str
    polarity: str
    transcript: str
    speaker: str
    text: str
    t_start: float | None = None
    strength: float = 1.0  # used to rank quotes (e.g. the suggestion's score); higher first


@dataclass(frozen=True, slots=True)
class Override:
    """A researcher's verdict for one code, with the written reason."""

    code: str
    verdict: str
    reason: str
    coder: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise InvalidConfig(f"override of {self.code}: verdict must be one of {', '.join(VERDICTS)}")
        if not self.reason.strip():
            raise InvalidConfig(f"override of {self.code}: a written reason is required")


def verdict(supports: int, against: int, informants: int, rule: ScoringRule = ScoringRule()) -> str:
    """The verdict for counts S, A and N under ``rule``.

    >>> verdict(3, 1, 2)
    'terpenuhi'
    >>> verdict(2, 2, 2)
    'tidak terpenuhi'
    >>> verdict(2, 1, 1)
    'belum cukup bukti'
    """
    if supports > against and informants >= rule.min_informants:
        return FULFILLED
    if against >= supports and against >= rule.min_against:
        return NOT_FULFILLED
    return INSUFFICIENT


def _parent_verdict(child_verdicts: Sequence[str]) -> str:
    fulfilled = sum(v == FULFILLED for v in child_verdicts)
    not_fulfilled = sum(v == NOT_FULFILLED for v in child_verdicts)
    if child_verdicts and fulfilled * 2 > len(child_verdicts):
        return FULFILLED
    if not_fulfilled >= fulfilled and not_fulfilled >= 1:
        return NOT_FULFILLED
    return INSUFFICIENT


def _quotes(items: Iterable[CodedPassage], polarity: str, limit: int) -> list[Quote]:
    chosen = sorted(
        (c for c in items if c.polarity == polarity),
        key=lambda c: (-c.strength, c.transcript, c.passage_id),
    )[:limit]
    return [Quote(c.passage_id, c.transcript, c.speaker, c.text, c.polarity, c.t_start) for c in chosen]


def _score_code(code: str, items: list[CodedPassage], rule: ScoringRule) -> ElementScore:
    supports = {c.passage_id for c in items if c.polarity == "supports"}
    against = {c.passage_id for c in items if c.polarity == "against"}
    informants = {c.transcript for c in items if c.polarity == "supports"}
    quotes = _quotes(items, "supports", rule.max_quotes) + _quotes(items, "against", rule.max_quotes)
    return ElementScore(
        code=code,
        verdict=verdict(len(supports), len(against), len(informants), rule),
        supports=len(supports),
        against=len(against),
        informants=len(informants),
        quotes=tuple(quotes),
    )


def score(
    coded: Iterable[CodedPassage],
    codebook: Codebook,
    *,
    rule: ScoringRule = ScoringRule(),
    overrides: Mapping[str, Override] | None = None,
) -> list[ElementScore]:
    """Score every code of ``codebook`` (in codebook order) from confirmed codings.

    Codes outside the codebook are ignored. Parents without own evidence are judged from their children.
    """
    by_code: dict[str, list[CodedPassage]] = {code: [] for code in codebook.ids}
    for c in coded:
        if c.code in by_code:
            by_code[c.code].append(c)
    scores = {code: _score_code(code, items, rule) for code, items in by_code.items()}
    for element in codebook.elements:
        children = codebook.children(element.id)
        own = scores[element.id]
        if children and own.supports == 0 and own.against == 0:
            scores[element.id] = replace(own, verdict=_parent_verdict([scores[c.id].verdict for c in children]))
    for code, ov in (overrides or {}).items():
        if code in scores:
            scores[code] = replace(scores[code], verdict=ov.verdict, override=ov.reason,
                                   computed=scores[code].verdict)
    return [scores[code] for code in codebook.ids]


def summary(scores: Sequence[ElementScore], *, lang: str = "id") -> str:
    """The summary line, e.g. "9 dari 13 unsur dan sub-unsur terpenuhi"."""
    fulfilled = sum(s.verdict == FULFILLED for s in scores)
    if lang == "en":
        return f"{fulfilled} of {len(scores)} elements and sub-elements fulfilled"
    return f"{fulfilled} dari {len(scores)} unsur dan sub-unsur terpenuhi"
