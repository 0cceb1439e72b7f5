"""The lexicon coder: lexicon files -> a compiled :class:`Lexicon`; a passage's text -> code suggestions.

Terms and phrases are compiled ONCE into a dict index over stems (first stem -> phrases, longest first), so coding
a text is one pass over its stems with a dict lookup per word, not a loop of patterns over the text. Each hit is
checked against the disambiguation rules, weighed, and given a polarity from its clause (:mod:`pipeline.polarity`);
a code is suggested when its evidence reaches the threshold. No database access here.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import polarity as pol
from pipeline.codebook import DEFAULT_CODEBOOK, Node, codebook_lexicon_path, file_hash, load_codebook, read_yaml
from pipeline.errors import InvalidLexicon
from pipeline.nlp import DEFAULT_NORMALISATION, Analysis, Normaliser
from pipeline.polarity import DEFAULT_POLARITY
from pipeline.records import Codebook, Evidence, Suggestion

DEFAULT_LEXICON = DEFAULT_CODEBOOK.parent / "deseve.lexicon.yaml"
_REPEAT_BONUS = 0.1
_CODE_FIELDS = frozenset({"terms", "against", "threshold", "ignore_signals"})
# A code is "against" when its against evidence is at least this share of its supporting evidence: informants
# often open with what works and then say what does not ("sudah ada, tapi ..."), and coders code that as against.
AGAINST_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class Entry:
    """One term of one code: its stems, weight, sign (+1 term, -1 "against" term), text and source line."""

    code: str
    keys: tuple[str, ...]
    weight: float
    sign: int
    term: str
    line: int


@dataclass(frozen=True, slots=True)
class Rule:
    """A disambiguation rule: a hit of ``term`` for ``code`` moves to ``to`` (or is dropped) near some words,
    or is kept only near ``require`` words."""

    keys: tuple[str, ...]
    code: str
    near: frozenset[str] = frozenset()
    require: frozenset[str] = frozenset()
    window: int = 3
    to: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Actors:
    """Naming at least ``minimum`` distinct bodies of ``words`` is evidence for ``code`` (weight ``weight``)."""

    code: str
    words: frozenset[str]
    minimum: int = 3
    weight: float = 0.7
    line: int = 0


@dataclass(slots=True)
class Lexicon:
    """A compiled lexicon: the index over stems, rules, thresholds and the polarity rules it uses."""

    codebook: Codebook
    version: str
    normaliser: Normaliser
    polarity: pol.PolarityRules
    index: dict[str, list[tuple[tuple[str, ...], tuple[Entry, ...]]]]
    rules: dict[tuple[tuple[str, ...], str], list[Rule]]
    thresholds: dict[str, float]
    partners: frozenset[str] = frozenset()
    partner_bonus: float = 0.0
    question_factor: float = 0.5
    needs_judgement: frozenset[str] = frozenset()  # codes whose hits count less in a clause that judges nothing
    unjudged_factor: float = 1.0
    actors: Actors | None = None
    ignores: dict[str, frozenset[str]] = field(default_factory=dict)  # code -> stems whose signals it ignores
    paths: tuple[Path, ...] = field(default_factory=tuple)

    @property
    def entries(self) -> list[Entry]:
        """Every compiled term entry."""
        return [e for phrases in self.index.values() for _, entries in phrases for e in entries]


def _mapping(node: Node | None, where: str, what: str) -> dict:
    if node is None or not isinstance(node.value, dict):
        line = node.line if node is not None else 1
        raise InvalidLexicon(f"{where}:{line}: {what} harus berupa mapping / must be a mapping")
    return node.value


def _keys(normaliser: Normaliser, phrase: str) -> tuple[str, ...]:
    return tuple(k for k in normaliser.analyse(phrase).keys if k)


def _entries(codes: dict, codebook: Codebook, normaliser: Normaliser, where: str) -> list[Entry]:
    out: list[Entry] = []
    for code, node in codes.items():
        if code not in codebook.ids:
            raise InvalidLexicon(
                f"{where}:{node.key_line or node.line}: kode tidak dikenal / unknown code {code!r} (codebook {codebook.name}: "
                f"{', '.join(codebook.ids)})"
            )
        body = _mapping(node, where, f"code {code!r}")
        for key, value in body.items():
            if key not in _CODE_FIELDS:
                raise InvalidLexicon(
                    f"{where}:{value.key_line or value.line}: kolom tidak dikenal / unknown field {key!r} under "
                    f"{code!r} (known: {', '.join(sorted(_CODE_FIELDS))})"
                )
        found = 0
        for part, sign in (("terms", 1), ("against", -1)):
            terms = body.get(part)
            if terms is None:
                continue
            if not isinstance(terms.value, dict) or not terms.value:
                raise InvalidLexicon(f"{where}:{terms.line}: daftar istilah kosong / empty term list {part!r} of {code!r}")
            for term, weight in terms.value.items():
                if not isinstance(weight.value, (int, float)) or weight.value <= 0:
                    raise InvalidLexicon(f"{where}:{weight.line}: bobot {term!r} harus angka > 0 / weight must be > 0")
                keys = _keys(normaliser, str(term))
                if not keys:
                    raise InvalidLexicon(f"{where}:{weight.line}: istilah kosong / empty term {term!r}")
                out.append(Entry(code, keys, float(weight.value), sign, str(term), weight.line))
                found += 1
        if not found:
            raise InvalidLexicon(f"{where}:{node.key_line or node.line}: daftar istilah kosong / empty term list for {code!r}")
    return out


def _index(entries: list[Entry]) -> dict[str, list[tuple[tuple[str, ...], tuple[Entry, ...]]]]:
    by_phrase: dict[tuple[str, ...], dict[tuple[str, int], Entry]] = defaultdict(dict)
    for e in entries:  # one entry per (phrase, code, sign): the highest weight wins
        slot = by_phrase[e.keys]
        old = slot.get((e.code, e.sign))
        if old is None or e.weight > old.weight:
            slot[(e.code, e.sign)] = e
    index: dict[str, list] = defaultdict(list)
    for keys, slot in by_phrase.items():
        index[keys[0]].append((keys, tuple(slot.values())))
    for phrases in index.values():
        phrases.sort(key=lambda p: -len(p[0]))
    return dict(index)


def _rules(node: Node | None, codebook: Codebook, normaliser: Normaliser, where: str) -> dict:
    rules: dict[tuple[tuple[str, ...], str], list[Rule]] = defaultdict(list)
    for item in (node.value if node is not None and isinstance(node.value, list) else []):
        body = _mapping(item, where, "rule")
        plain = {k: v.plain() for k, v in body.items()}
        for name in ("term", "code"):
            if not plain.get(name):
                raise InvalidLexicon(f"{where}:{item.line}: aturan tanpa {name!r} / rule without {name!r}")
        for name in ("code", "to"):
            if plain.get(name) and plain[name] not in codebook.ids:
                raise InvalidLexicon(f"{where}:{body[name].line}: kode tidak dikenal / unknown code {plain[name]!r}")
        rule = Rule(
            keys=_keys(normaliser, str(plain["term"])),
            code=str(plain["code"]),
            near=frozenset(k for w in plain.get("near") or [] for k in _keys(normaliser, str(w))),
            require=frozenset(k for w in plain.get("require_near") or [] for k in _keys(normaliser, str(w))),
            window=int(plain.get("window", 3)),
            to=plain.get("to"),
            line=item.line,
        )
        rules[(rule.keys, rule.code)].append(rule)
    return dict(rules)


def load_lexicon(codebook: Codebook | None = None, path: str | os.PathLike | None = None) -> Lexicon:
    """Load and compile a lexicon file (default: the one the codebook names, else ``lexicons/deseve.lexicon.yaml``).

    The normalisation and polarity files are the ones beside the lexicon (``normalisation.yaml``,
    ``polarity.yaml``) when present, else the shipped ones. ``version`` is a hash of all the files used.

    Raises:
        InvalidLexicon: with ``file:line``: unknown code, empty term list, bad weight, bad rule.
    """
    codebook = codebook or load_codebook()
    file = Path(path) if path else (_named_lexicon(codebook) or DEFAULT_LEXICON)
    where = str(file)
    folder = file.parent
    norm_file = folder / "normalisation.yaml" if (folder / "normalisation.yaml").exists() else DEFAULT_NORMALISATION
    pol_file = folder / "polarity.yaml" if (folder / "polarity.yaml").exists() else DEFAULT_POLARITY
    normaliser = Normaliser(norm_file)
    root = _mapping(read_yaml(file, InvalidLexicon), where, "lexicon")
    codes = _mapping(root.get("codes"), where, "'codes'")
    entries = _entries(codes, codebook, normaliser, where)
    plain = {k: v.plain() for k, v in root.items() if k not in ("codes", "rules")}
    threshold = float(plain.get("threshold", 1.0))
    thresholds = {c: float((codes[c].value.get("threshold") or Node(threshold, 0)).value) if c in codes else threshold
                  for c in codebook.ids}
    return Lexicon(
        codebook=codebook,
        version=file_hash(file, norm_file, pol_file),
        normaliser=normaliser,
        polarity=pol.load_rules(pol_file, normaliser),
        index=_index(entries),
        rules=_rules(root.get("rules"), codebook, normaliser, where),
        thresholds=thresholds,
        partners=frozenset(k for w in plain.get("partners") or [] for k in _keys(normaliser, str(w))),
        partner_bonus=float(plain.get("partner_bonus", 0.0)),
        question_factor=float(plain.get("question_factor", 0.5)),
        needs_judgement=frozenset(plain.get("needs_judgement") or []),
        unjudged_factor=float(plain.get("unjudged_factor", 1.0)),
        actors=_actors(root.get("actors"), codebook, normaliser, where),
        ignores={c: frozenset(k for w in n.value["ignore_signals"].plain() for k in _keys(normaliser, str(w)))
                 for c, n in codes.items() if isinstance(n.value, dict) and "ignore_signals" in n.value},
        paths=(file, norm_file, pol_file),
    )


def _actors(node: Node | None, codebook: Codebook, normaliser: Normaliser, where: str) -> Actors | None:
    if node is None:
        return None
    body = {k: v.plain() for k, v in _mapping(node, where, "'actors'").items()}
    if body.get("code") not in codebook.ids:
        raise InvalidLexicon(f"{where}:{node.line}: actors: kode tidak dikenal / unknown code {body.get('code')!r}")
    words = frozenset(k for w in body.get("words") or [] for k in _keys(normaliser, str(w)))
    if not words:
        raise InvalidLexicon(f"{where}:{node.line}: actors: daftar kata kosong / empty word list")
    return Actors(body["code"], words, int(body.get("min", 3)), float(body.get("weight", 0.7)), node.line)


def _named_lexicon(codebook: Codebook) -> Path | None:
    """``lexicons/<codebook name>.lexicon.yaml`` when it exists (the shipped DeSeve one for "deseve")."""
    candidate = DEFAULT_CODEBOOK.parent / f"{codebook.name}.lexicon.yaml"
    return candidate if candidate.exists() else None


def load_for_codebook(codebook_path: str | os.PathLike | None = None) -> Lexicon:
    """The codebook at ``codebook_path`` (default the shipped one) with the lexicon its ``lexicon`` field names."""
    codebook = load_codebook(codebook_path)
    named = codebook_lexicon_path(codebook_path) if codebook_path else None
    return load_lexicon(codebook, named)


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
