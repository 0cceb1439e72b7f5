"""Sentence boundaries for Indonesian: spaCy ``blank("id")`` with a sentencizer. Pure; no file or DB access.

The sentencizer also ends a sentence at ``...`` and ``…`` (spoken transcripts use them as full stops), and a
small component after it undoes splits right after titles and abbreviations such as ``Bpk.``, ``Dr.``,
``Sdr.``, ``Ir.``, ``H.``, ``Hj.`` or ``S.Sos.``. One ``nlp`` object is built per process (``get_nlp``) and
shared, e.g. by the lexicon coder.

Example:
    >>> [text for text in sentences("Saya ketemu Bpk. Budi kemarin... Terus rapat.")]
    ['Saya ketemu Bpk. Budi kemarin...', 'Terus rapat.']
"""

from __future__ import annotations

import functools
import threading

import spacy
from spacy.language import Language
from spacy.pipeline.sentencizer import Sentencizer
from spacy.tokens import Doc

# Abbreviations (lower case, without the final dot) after which a sentence never ends.
TITLES: frozenset[str] = frozenset(
    """bpk bp sdr sdri saudara dr drs dra ir h hj prof kh ny tn nn st
    s.sos s.sos.i s.h s.e s.pd s.kom s.ip s.ag s.t s.si m.si m.pd m.m m.ap m.ag m.h m.kes m.t ph.d
    kab kec kel ds jl no telp hlm a.n u.p""".split()
)
_LOCK = threading.Lock()


_OPENERS = frozenset({"“", "‘", '"', "'", "(", "["})


@Language.component("telaah_no_split_after_title")
def _no_split_after_title(doc: Doc) -> Doc:
    """Undo sentence starts right after a title (``Bpk. Budi``); start a sentence at its opening quote."""
    _move_openers(doc)
    for i, token in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if not nxt.is_sent_start:
            continue
        word = token.text.lower()
        if word.endswith(".") and word[:-1] in TITLES:
            nxt.is_sent_start = False
        elif word == "." and i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].text.lower() in TITLES:
            nxt.is_sent_start = False
    return doc


def _move_openers(doc: Doc) -> None:
    """The sentencizer attaches an opening quote or bracket to the sentence before; move it to the next one."""
    for i in range(1, len(doc) - 1):
        tok, nxt = doc[i], doc[i + 1]
        opens = tok.text in _OPENERS and not tok.whitespace_ and bool(doc[i - 1].whitespace_)
        if opens and nxt.is_sent_start and not tok.is_sent_start:
            tok.is_sent_start = True
            nxt.is_sent_start = False


@functools.lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared ``blank("id")`` pipeline with the sentencizer (built once per process)."""
    nlp = spacy.blank("id")
    punct = list(Sentencizer.default_punct_chars) + ["...", "…", "....", "?!", "!?"]
    nlp.add_pipe("sentencizer", config={"punct_chars": punct})
    nlp.add_pipe("telaah_no_split_after_title")
    return nlp


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, without surrounding whitespace."""
    if not text.strip():
        return []
    with _LOCK:  # the tokenizer's caches are not safe to share between threads
        doc = get_nlp()(text)
    spans = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings."""
    return [text[s:e] for s, e in sentence_spans(text)]
