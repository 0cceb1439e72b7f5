"""The lexicon files: ``lexicons/deseve.lexicon.yaml`` (or a codebook's own) with its normalisation and polarity
files, read, validated with ``file:line`` errors, and compiled ONCE into a :class:`Lexicon`: a dict index over
stems (first stem -> phrases, longest first), disambiguation rules, thresholds and the polarity rules. Reads the
lexicon files only; no database.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import polarity_rules as pol
from pipeline.codebook import DEFAULT_CODEBOOK, Node, codebook_lexicon_path, file_hash, load_codebook, read_yaml
from pipeline.errors import InvalidLexicon
from pipeline.nlp import DEFAULT_NORMALISATION, Normaliser
from pipeline.polarity_rules import DEFAULT_POLARITY
from pipeline.records import Codebook

DEFAULT_LEXICON = DEFAULT_CODEBOOK.parent / "deseve.lexicon.yaml"
_CODE_FIELDS = frozenset({"terms", "against", "threshold", "ignore_signals"})


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
