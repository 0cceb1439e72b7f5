"""The lexicon coder: a passage's text -> code suggestions (the lexicon files are compiled by
:mod:`pipeline.lexicon_file`; ``load_lexicon`` and ``load_for_codebook`` are re-exported here).

Terms and phrases are compiled ONCE into a dict index over stems (first stem -> phrases, longest first), so coding
a text is one pass over its stems with a dict lookup per word, not a loop of patterns over the text. Each hit is
checked against the disambiguation rules, weighed, and given a polarity from its clause (:mod:`pipeline.polarity`);
a code is suggested when its evidence reaches the threshold. No database access here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pipeline import polarity as pol
from pipeline.lexicon_file import (  # noqa: F401 - the loaders are part of this module's interface
    DEFAULT_LEXICON,
    Actors,
    Entry,
    Lexicon,
    Rule,
    load_for_codebook,
    load_lexicon,
)
from pipeline.nlp import Analysis
from pipeline.records import Evidence, Suggestion

_REPEAT_BONUS = 0.1
# A code is "against" when its against evidence is at least this share of its supporting evidence: informants
# often open with what works and then say what does not ("sudah ada, tapi ..."), and coders code that as against.
AGAINST_SHARE = 0.25


@dataclass(slots=True)
class _Hit:
    start: int  # first token
    end: int  # last token
    entry: Entry


def match(analysis: Analysis, lexicon: Lexicon) -> list[_Hit]:
    """All lexicon hits in an analysed text: longest phrase first at each position, then disambiguation."""
    keys, index, hits = analysis.keys, lexicon.index, []
    get, n = index.get, len(keys)
    i = 0
    while i < n:
        phrases = get(keys[i])
        if phrases is None:
            i += 1
            continue
        for phrase, entries in phrases:
            size = len(phrase)
            if size == 1 or _follows(keys, i, phrase):
                last = _last_token(analysis, i, size)
                hits.extend(_Hit(i, last, e) for e in entries)
                i = last + 1
                break
        else:
            i += 1
    return [h for h in (_disambiguate(h, analysis, lexicon) for h in hits) if h is not None]


def _follows(keys: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    """True when the non-empty keys from ``i`` on are ``phrase`` (merged compound parts are empty)."""
    k = i
    for want in phrase:
        while k < len(keys) and keys[k] == "":
            k += 1
        if k >= len(keys) or keys[k] != want:
            return False
        k += 1
    return True


def _last_token(analysis: Analysis, i: int, size: int) -> int:
    k, seen = i, 0
    while True:
        k = analysis.last(k)
        seen += 1
        if seen == size:
            return k
        k += 1


def _disambiguate(hit: _Hit, analysis: Analysis, lexicon: Lexicon) -> _Hit | None:
    rules = lexicon.rules.get((hit.entry.keys, hit.entry.code))
    if not rules:
        return hit
    for rule in rules:
        lo, hi = max(0, hit.start - rule.window), hit.end + rule.window + 1
        context = set(analysis.keys[lo : hit.start]) | set(analysis.keys[hit.end + 1 : hi])
        if rule.require and context.isdisjoint(rule.require):
            return None
        if rule.near and not context.isdisjoint(rule.near):
            if rule.to is None:
                return None
            e = hit.entry
            return _Hit(hit.start, hit.end, Entry(rule.to, e.keys, e.weight, e.sign, e.term, e.line))
    return hit


def code_text(
    text: str, lexicon: Lexicon, *, passage_id: str = "", question: str | None = None
) -> list[Suggestion]:
    """Suggest codes for one passage's text with the lexicon coder.

    Args:
        text: the passage text; evidence offsets index into it.
        lexicon: a loaded :class:`Lexicon`.
        passage_id: copied onto the suggestions.
        question: the interviewer's question before the passage; its terms add evidence to codes the answer
            already has.

    Returns:
        One :class:`Suggestion` per code whose evidence reaches its threshold (codebook order), with source
        ``"lexicon"``, score in 0..1 (0.5 at the threshold), polarity, evidence words and the lexicon version.
    """
    analysis = lexicon.normaliser.analyse(text)
    hits = match(analysis, lexicon) + _actor_hits(analysis, lexicon)
    asked = _question_weights(question, lexicon)
    if not hits and not asked:
        return []
    question_keys = lexicon.normaliser.analyse(question).keys if question else []
    by_code, asked = _judge(analysis, hits, asked, question_keys, lexicon)
    named = not lexicon.partners.isdisjoint(analysis.keys) or not lexicon.partners.isdisjoint(question_keys)
    bonus = lexicon.partner_bonus if named else 0.0
    out = []
    for code in lexicon.codebook.ids:
        found = by_code.get(code)
        if not found:
            continue
        raw, polarity = _weigh(found)
        raw += bonus + lexicon.question_factor * asked.get(code, 0.0)
        threshold = lexicon.thresholds.get(code, 1.0)
        if raw < threshold:
            continue
        out.append(
            Suggestion(
                passage_id=passage_id,
                code=code,
                score=round(raw / (raw + threshold), 4),
                polarity=polarity,
                source="lexicon",
                evidence=_evidence(found, analysis),
                lexicon=lexicon.version,
            )
        )
    return out


def _judge(analysis: Analysis, hits: list[_Hit], asked: dict[str, float], question_keys: list[str],
           lexicon: Lexicon) -> tuple[dict[str, list[tuple[_Hit, int, float]]], dict[str, float]]:
    """Polarity and weight factor of every hit, grouped by code; a short reply takes the question's codes."""
    norms = lexicon.normaliser.norms_of(analysis)
    problems = tuple(range(h.start, h.end + 1) for h in hits if h.entry.sign < 0)
    view = pol.analyse(analysis, norms, lexicon.polarity, problems)
    view.hit_tokens = {k for h in hits for k in range(h.start, h.end + 1)}
    view.wish = pol.is_wish(view, analysis.keys, question_keys, lexicon.polarity)
    by_code: dict[str, list[tuple[_Hit, int, float]]] = defaultdict(list)
    for hit in hits:
        ignore = lexicon.ignores.get(hit.entry.code, frozenset())
        sign, factor = pol.decide(view, norms, hit.start, hit.end, hit.entry.sign, lexicon.polarity, ignore)
        if hit.entry.code in lexicon.needs_judgement and not pol.evaluated(view, hit.start):
            factor *= lexicon.unjudged_factor
        by_code[hit.entry.code].append((hit, sign, factor))
    reply = pol.direct_answer(view, norms, lexicon.polarity) if asked else None
    if reply is not None:  # "Ada evaluasi?" - "Jarang, Pak.": the question's terms with the reply's stance
        first, last, sign = reply
        for code, weight in asked.items():
            entry = Entry(code, ("(jawaban)",), weight, pol.SUPPORTS, "(jawaban)", 0)
            by_code[code].append((_Hit(first, last, entry), sign, 1.0))
        asked = {}
    return by_code, asked


def _actor_hits(analysis: Analysis, lexicon: Lexicon) -> list[_Hit]:
    """Naming several collaborating bodies ("Puskesmas ..., Desa ..., PKK ..., KUA ...") is evidence of structure."""
    rule = lexicon.actors
    if rule is None:
        return []
    first: dict[str, int] = {}
    for i, key in enumerate(analysis.keys):
        if key in rule.words and key not in first:
            first[key] = i
    if len(first) < rule.minimum:
        return []
    entry = Entry(rule.code, ("(aktor)",), rule.weight, pol.SUPPORTS, "(aktor)", rule.line)
    return [_Hit(i, i, entry) for i in first.values()]


def _weigh(found: list[tuple[_Hit, int, float]]) -> tuple[float, str]:
    """Evidence of one code (distinct terms count once, repeats a little) and its majority polarity."""
    best: dict[tuple[str, ...], float] = {}
    repeats = 0
    votes = {pol.SUPPORTS: 0.0, pol.AGAINST: 0.0}
    sure = any(factor >= 0.5 for _, _, factor in found)
    for hit, sign, factor in found:
        weight = hit.entry.weight * factor
        if hit.entry.keys in best:
            repeats += 1
        best[hit.entry.keys] = max(best.get(hit.entry.keys, 0.0), weight)
        if factor >= 0.5 or not sure:  # past and "don't know" hits vote only when nothing else does
            votes[sign] += weight
    raw = sum(best.values()) + _REPEAT_BONUS * min(repeats, 3)
    polarity = "against" if votes[pol.AGAINST] >= AGAINST_SHARE * votes[pol.SUPPORTS] else "supports"
    return raw, polarity


def _evidence(found: list[tuple[_Hit, int, float]], analysis: Analysis) -> tuple[Evidence, ...]:
    spans = sorted({(analysis.starts[h.start], analysis.ends[h.end]) for h, _, _ in found})
    return tuple(Evidence(analysis.text[s:e], s, e) for s, e in spans)


def _question_weights(question: str | None, lexicon: Lexicon) -> dict[str, float]:
    if not question:
        return {}
    weights: dict[str, float] = defaultdict(float)
    for hit in match(lexicon.normaliser.analyse(question), lexicon):
        weights[hit.entry.code] = max(weights[hit.entry.code], hit.entry.weight)
    return weights
