"""The polarity rules file (``lexicons/polarity.yaml``): read, validated with file:line errors, and compiled into
indexes for :mod:`pipeline.polarity`. Reads the rules file only; no database."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InvalidLexicon
from pipeline.nlp import Normaliser
from pipeline.paths import LEXICONS

DEFAULT_POLARITY = LEXICONS / "polarity.yaml"
# Category lists of polarity.yaml in priority order (a longer phrase wins; at equal length the earlier list).
_NORM_LISTS = ("traps", "unknown", "epistemic", "additive_openers", "soft_negators", "negators", "contrast", "concessive",
               "conditional", "past", "boundaries", "deontic", "future")
_REQUIRED = ("negators", "contrast", "problems_stems")
_STEM_LISTS = ("hedges_stems", "problems_stems", "positives_stems")


@dataclass(slots=True)
class PolarityRules:
    """The compiled rules of one polarity file."""

    path: Path
    norm_index: dict[str, list[tuple[tuple[str, ...], str]]]
    stem_index: dict[str, list[tuple[tuple[str, ...], str]]]
    skip: frozenset[str]
    fillers: frozenset[str]
    punctuation: frozenset[str]
    window_before: int = 4
    window_after: int = 6
    unknown_factor: float = 0.3
    epistemic_factor: float = 0.6
    answers: frozenset[str] = frozenset()
    answer_words: int = 4
    past_factor: float = 0.3
    wishes: frozenset[str] = frozenset()
    pre_only: frozenset[str] = frozenset()


def load_rules(path: str | os.PathLike | None = None, normaliser: Normaliser | None = None) -> PolarityRules:
    """Compile ``lexicons/polarity.yaml`` (or ``path``) with the normaliser used for the texts.

    Raises:
        InvalidLexicon: the file is missing, not valid YAML, or a list is missing or empty (with file:line).
    """
    from pipeline.codebook import read_yaml
    from pipeline.nlp import default_normaliser

    norm = normaliser or default_normaliser()
    file = Path(path) if path else DEFAULT_POLARITY
    root = read_yaml(file, InvalidLexicon)
    if not isinstance(root.value, dict):
        raise InvalidLexicon(f"{file}:{root.line}: polarity rules must be a mapping of lists")
    data = root.value
    for name in (*_NORM_LISTS, *_STEM_LISTS):
        node = data.get(name)
        if node is None and name not in _REQUIRED:
            continue
        if node is None or not isinstance(node.value, list) or not node.value:
            line = node.line if node is not None else root.line
            raise InvalidLexicon(f"{file}:{line}: daftar {name!r} kosong atau tidak ada / list {name!r} is empty or missing")
    norm_index: dict[str, list] = {}
    stem_index: dict[str, list] = {}
    for name in _NORM_LISTS:
        for phrase in data[name].plain() if name in data else ():
            words = tuple(norm.norm(w) for w in str(phrase).lower().split())
            norm_index.setdefault(words[0], []).append((words, name))
    for name in _STEM_LISTS:
        for phrase in data[name].plain() if name in data else ():
            analysis = norm.analyse(str(phrase))
            keys = tuple(k for k in analysis.keys if k)
            stem_index.setdefault(keys[0], []).append((keys, name))
    for index in (norm_index, stem_index):
        for entries in index.values():
            entries.sort(key=lambda e: -len(e[0]))  # stable: list order breaks ties
    plain = {k: v.plain() for k, v in data.items()}
    return PolarityRules(
        path=file,
        norm_index=norm_index,
        stem_index=stem_index,
        skip=frozenset(norm.norm(str(w)) for w in plain.get("negator_skip") or []),
        fillers=frozenset(norm.norm(str(w)) for w in plain.get("fillers") or []),
        punctuation=frozenset(str(p) for p in plain.get("boundary_punctuation") or [".", ",", "?", "!"]),
        window_before=int(plain.get("window_before", 4)),
        window_after=int(plain.get("window_after", 6)),
        unknown_factor=float(plain.get("unknown_factor", 0.3)),
        epistemic_factor=float(plain.get("epistemic_factor", 0.6)),
        answers=frozenset(norm.norm(str(w)) for w in plain.get("answers") or []),
        answer_words=int(plain.get("answer_words", 4)),
        past_factor=float(plain.get("past_factor", 0.3)),
        wishes=frozenset(norm.key(str(w)) for w in plain.get("wishes") or []),
        pre_only=frozenset(norm.norm(str(w)) for w in plain.get("pre_only") or []),
    )
