"""Indonesian text analysis in one place: tokens with offsets, sentences, normalised forms and stems.

- Tokens: one compiled regular expression (words, hyphenated words such as ``pegawai-pegawai`` and ``MoU-nya`` kept
  whole, and single punctuation marks), with ``str`` character offsets into the text.
- Normal forms: colloquial, Minangkabau, Javanese and Sundanese words and chat spellings mapped to standard
  Indonesian (``nggak/gak/ndak/indak -> tidak``, ``alun -> belum``, ``ado -> ada``, ``tdk``, ``blm``), from
  ``lexicons/normalisation.yaml``.
- Stems (the matching keys): the PySastrawi stemmer (ONE instance per process) behind a cache, with overrides for
  loanwords and roots it gets wrong (``komitmen``, ``koordinasi``, ``persetujuan -> setuju``), loanword prefixes
  (``diupdate -> update``), reduplication, clitics (``-nya/-lah/-kah/-pun``) and compounds merged into one key
  (``kerja sama / kerjasama / bekerja sama -> "kerja sama"``).
- Sentences: ``pipeline.sentences`` when the project has it, else spaCy ``blank("id")`` + ``sentencizer``.

No file access other than reading the normalisation table; no database.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from pipeline.errors import InvalidLexicon
from pipeline.paths import LEXICONS

DEFAULT_NORMALISATION = LEXICONS / "normalisation.yaml"
TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_MIN_STEM_LEN = 4
_PLAIN_WORD = re.compile(r"[a-z]+")
_ANALYSES = 2048  # analysed texts remembered per table: a batch's passages and questions, reused by the coder,
# the classifier's stems and its evidence words
_SHARED: dict[str, tuple[dict[str, str], dict[str, str], dict[str, "Analysis"]]] = {}  # table digest -> caches
_TABLES = 8  # tables whose caches are kept


@cache
def _sastrawi():
    """The one PySastrawi stemmer of this process (building it loads its root-word dictionary).

    Its modules then use :data:`_COMPILED_RE` for ``re``: the same results, without compiling patterns again.
    """
    import sys

    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    stemmer = StemmerFactory().create_stemmer()
    for name, module in list(sys.modules.items()):
        if name.startswith("Sastrawi.") and getattr(module, "re", None) is re:
            module.re = _COMPILED_RE  # type: ignore[attr-defined]
    return stemmer


class _CompiledRe:
    """What PySastrawi uses of ``re`` (``match``, ``sub`` and two flags), each pattern compiled once.

    PySastrawi calls ``re.match(pattern, word)`` some 45 times per word, each time looking the pattern up in
    ``re``'s cache, and ``re.sub(root, "", word, count=1)`` with the candidate root as the pattern, compiling a new
    expression for almost every word. The roots are plain letters, which match themselves, so ``str.replace``
    gives the same result; anything else goes to ``re``.
    """

    IGNORECASE, MULTILINE = re.IGNORECASE, re.MULTILINE

    def __init__(self) -> None:
        self._patterns: dict[tuple[str, int], re.Pattern] = {}
        self._matchers: dict[str, Callable[[str], re.Match | None]] = {}  # pattern (no flags) -> its match

    def _compiled(self, pattern: str, flags: int) -> re.Pattern:
        found = self._patterns.get((pattern, flags))
        if found is None:
            found = self._patterns[(pattern, flags)] = re.compile(pattern, flags)
        return found

    def match(self, pattern: str, string: str, flags: int = 0) -> re.Match | None:
        if flags:
            return self._compiled(pattern, flags).match(string)
        matcher = self._matchers.get(pattern)
        if matcher is None:
            matcher = self._matchers[pattern] = self._compiled(pattern, 0).match
        return matcher(string)

    def sub(self, pattern: str, repl: str, string: str, count: int = 0, flags: int = 0) -> str:
        if count == 1 and not flags and not repl and pattern.isalpha():  # letters match themselves
            return string.replace(pattern, "", 1)
        return self._compiled(pattern, flags).sub(repl, string, count)


_COMPILED_RE = _CompiledRe()


@dataclass(frozen=True, slots=True)
class Token:
    """A token of the text: surface form, offsets, normal form and stem (matching key)."""

    text: str
    start: int
    end: int
    norm: str
    stem: str


@dataclass(slots=True)
class Analysis:
    """A text broken into tokens, as parallel lists (cheap to build for large batches).

    ``keys[i]`` is the matching key of token ``i``; when tokens ``i..j`` form a compound (``kerja sama``),
    ``keys[i]`` holds the compound, ``keys[i+1..j]`` are ``""`` and ``merged[i] == j``.
    """

    text: str
    words: list[str]
    starts: list[int]
    ends: list[int]
    keys: list[str]
    norms: list[str]
    merged: dict[int, int] = field(default_factory=dict)

    def last(self, i: int) -> int:
        """Index of the last token of the unit starting at ``i``."""
        return self.merged.get(i, i)


class Normaliser:
    """Normal forms and stems from a normalisation table (``lexicons/normalisation.yaml``)."""

    def __init__(self, path: str | os.PathLike | None = None):
        from pipeline.codebook import read_yaml

        self.path = Path(path) if path else DEFAULT_NORMALISATION
        data = read_yaml(self.path, InvalidLexicon).plain() or {}
        self.variants: dict[str, str] = {str(k): str(v) for k, v in (data.get("variants") or {}).items()}
        self.overrides: dict[str, str] = {str(k): str(v) for k, v in (data.get("stem_overrides") or {}).items()}
        self.loan_roots: set[str] = {str(x) for x in data.get("loan_roots") or []}
        self.loan_prefixes = sorted((str(x) for x in data.get("loan_prefixes") or []), key=len, reverse=True)
        self.clitics = sorted((str(x) for x in data.get("clitics") or []), key=len, reverse=True)
        self.clitic_bases: set[str] = {str(x) for x in data.get("clitic_bases") or []}
        # Normalisers of the same table (the lexicon's and the classifier's) share their caches; the caches of
        # tables read long ago (an edited file) are let go.
        digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
        if digest not in _SHARED and len(_SHARED) >= _TABLES:
            del _SHARED[next(iter(_SHARED))]
        self._keys, self._norms, self._analyses = _SHARED.setdefault(digest, ({}, {}, {}))
        self.compounds: dict[tuple[str, str], str] = {}
        for phrase in data.get("compounds") or []:
            parts = str(phrase).split()
            if len(parts) == 2:
                first, second = (self._key(p) for p in parts)
                self.compounds[(first, second)] = " ".join(parts)
        self._compound_firsts = {a for a, _ in self.compounds}

    def norm(self, word: str) -> str:
        """The standard form of a lower-case word (``nggak -> tidak``, ``belumlah -> belum``, ``MoU-nya -> mou``)."""
        cached = self._norms.get(word)
        if cached is not None:
            return cached
        w = self.variants.get(word, word)
        if "-" in w:
            head, _, tail = w.rpartition("-")
            if tail in self.clitics:
                w = self.variants.get(head, head)
        else:
            for c in self.clitics:
                if w.endswith(c) and w[: -len(c)] in self.clitic_bases:
                    w = w[: -len(c)]
                    break
        self._norms[word] = w
        return w

    def key(self, word: str) -> str:
        """The matching key (stem) of a lower-case word; cached."""
        cached = self._keys.get(word)
        if cached is None:
            cached = self._keys[word] = self._key(word)
        return cached

    def _key(self, word: str) -> str:
        if word in self.overrides:
            return self.overrides[word]
        w = self.norm(word)
        if w in self.overrides:
            return self.overrides[w]
        for c in self.clitics:  # "keputusannya", "perjanjiannyo": the override of the word without its clitic
            if w.endswith(c) and w[: -len(c)] in self.overrides:
                return self.overrides[w[: -len(c)]]
        if "-" in w:
            parts = [p for p in w.split("-") if p]
            if len(parts) == 2 and parts[0] == parts[1]:
                return self._key(parts[0])
            keys = tuple(self._key(p) for p in parts)
            return self.compounds.get(keys) or " ".join(keys)  # type: ignore[call-overload]
        if w in self.loan_roots or len(w) < _MIN_STEM_LEN or not w.isalpha():
            return w
        for prefix in self.loan_prefixes:
            if w.startswith(prefix) and w[len(prefix) :] in self.loan_roots:
                return w[len(prefix) :]
        stemmed = stem_word(w)
        if stemmed == w:  # a word Sastrawi does not know keeps its clitic ("servernya"): strip it and retry
            for c in self.clitics:
                if w.endswith(c) and len(w) - len(c) >= _MIN_STEM_LEN:
                    return self._key(w[: -len(c)])
        return stemmed

    def analyse(self, text: str) -> Analysis:
        """Tokens, offsets, normal forms and keys of ``text`` (one regex pass; cached keys).

        The last few thousand analyses are remembered: the same object comes back for the same text, so callers
        must not change it.
        """
        found = self._analyses.get(text)
        if found is None:
            if len(self._analyses) >= _ANALYSES:
                self._analyses.clear()
            found = self._analyses[text] = self._analyse(text)
        return found

    def _analyse(self, text: str) -> Analysis:
        low = text.lower()
        if len(low) != len(text):  # rare characters whose lower case changes length: keep offsets exact
            low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
        matches = list(TOKEN_RE.finditer(low))
        words = [m.group() for m in matches]
        keys_cache, key = self._keys, self.key
        keys = [keys_cache.get(w) or key(w) for w in words]
        analysis = Analysis(
            text=text,
            words=words,
            starts=[m.start() for m in matches],
            ends=[m.end() for m in matches],
            keys=keys,
            norms=[],
        )
        if self.compounds and not self._compound_firsts.isdisjoint(keys):
            self._merge_compounds(analysis)
        return analysis

    def norms_of(self, analysis: Analysis) -> list[str]:
        """Fill and return ``analysis.norms`` (computed lazily: only texts with lexicon hits need them)."""
        if not analysis.norms:
            norm = self.norm
            analysis.norms = [norm(w) for w in analysis.words]
        return analysis.norms

    def _merge_compounds(self, a: Analysis) -> None:
        keys = a.keys
        for i in range(len(keys) - 1):
            if keys[i] in self._compound_firsts:
                compound = self.compounds.get((keys[i], keys[i + 1]))
                if compound:
                    keys[i], keys[i + 1] = compound, ""
                    a.merged[i] = i + 1


@lru_cache(maxsize=500_000)
def stem_word(word: str) -> str:
    """PySastrawi's stem of one lower-case word (cached; the stemmer is built once per process).

    A word of ``a-z`` only goes straight to the stemmer's ``stem_word``: its ``stem`` would normalise the text
    (lower case, other characters to spaces) and split it into words, which leaves such a word as it is.
    """
    stemmer = _sastrawi()
    if _PLAIN_WORD.fullmatch(word):
        return stemmer.delegatedStemmer.stem_word(word) or word
    return stemmer.stem(word) or word


@cache
def default_normaliser(path: str | None = None) -> Normaliser:
    """The normaliser for ``path`` (default ``lexicons/normalisation.yaml``), built once per process."""
    return Normaliser(path)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The matching key of one word with the shipped normalisation (``kepercayaan -> percaya``).

    >>> stem("Kepercayaan"), stem("nggak"), stem("bekerjasama")
    ('percaya', 'tidak', 'kerja sama')
    """
    return default_normaliser().key(word.lower())


def normalise(word: str) -> str:
    """The standard form of one word (``Nggak -> tidak``, ``alun -> belum``, ``tdk -> tidak``)."""
    return default_normaliser().norm(word.lower())


def tokens(text: str, normaliser: Normaliser | None = None) -> list[Token]:
    """The tokens of ``text`` with offsets, normal forms and stems (compounds keep their own stems here)."""
    n = normaliser or default_normaliser()
    return [
        Token(m.group(), m.start(), m.end(), n.norm(m.group().lower()), n.key(m.group().lower()))
        for m in TOKEN_RE.finditer(text)
    ]


@cache
def _spacy_sentencizer():
    import spacy

    nlp = spacy.blank("id")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``: ``pipeline.sentences`` if present, else spaCy's sentencizer."""
    try:
        from pipeline import sentences as project_sentences  # the foundation's splitter, when it exists
    except ImportError:
        project_sentences = None
    split = getattr(project_sentences, "sentence_spans", None)
    if split is not None:
        return [(int(s), int(e)) for s, e in split(text)]
    doc = _spacy_sentencizer()(text)
    return [(s.start_char, s.end_char) for s in doc.sents]
