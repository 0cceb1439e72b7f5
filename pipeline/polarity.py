"""Polarity of a lexicon hit: does the clause around it say the element is fulfilled (supports) or not (against)?

The rules are data (``lexicons/polarity.yaml``); this module applies them to an :class:`pipeline.nlp.Analysis`:

1. Tag the words: traps (``kurang lebih``, ``tidak hanya``), "don't know" phrases, negators, contrast,
   concessive and conditional openers, deontic and future forms, frequency hedges, problem words.
2. Cut the text into sentences and clauses (punctuation and conjunctions), resolve what each negator negates
   (skipping ``ada``, ``pernah``, fillers): a negated problem word (``tidak ada kendala``) is a positive signal.
3. Decide per hit: negation in scope flips it (``belum ada MoU``; ``SOP-nya belum ada``); otherwise an
   un-negated problem word, a deontic or future form or a hedge in its clause makes it ``against``; otherwise a
   following contrast clause with such a signal does (``sudah ada koordinasi, tapi belum rutin``).

The rules are compiled by :mod:`pipeline.polarity_rules`. No file access; no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.nlp import Analysis
from pipeline.polarity_rules import DEFAULT_POLARITY, PolarityRules, load_rules  # noqa: F401

SUPPORTS, AGAINST = 1, -1
LEANING_MARGIN = 3  # a passage leans against when its against signals outnumber its positive ones by more
_AGAINST_TAGS = frozenset({"deontic", "future", "hedges_stems"})
_NEGATORS = frozenset({"negators", "soft_negators"})
_NEGATABLE = frozenset({"problems_stems", "future", "deontic", "hedges_stems"})  # negated, these support
_PREPOSITIONS = frozenset({"dari", "ke", "dengan", "sama", "untuk", "soal", "oleh", "pada", "kepada"})
_ANSWER_TAGS = frozenset({"negators", "hedges_stems", "problems_stems", "positives_stems"})
_CLAUSE_OPENERS = {"contrast": "contrast", "concessive": "concessive", "conditional": "conditional", "past": "past"}
_HYPOTHETICAL = frozenset({"conditional", "past"})  # clauses whose problem words do not judge the present


@dataclass(slots=True)
class ClauseView:
    """Per-text facts the decision needs: word tags, clauses, negator targets, clause signals."""

    tags: list[str | None]
    clause: list[int]
    kinds: list[str] = field(default_factory=list)  # per clause: "", "contrast", "concessive", "conditional"
    sentence: list[int] = field(default_factory=list)  # per clause: its sentence number
    additive: set[int] = field(default_factory=set)  # clauses whose contrast word is additive ("tetapi juga")
    negators: list[int] = field(default_factory=list)  # active negator positions
    negated_problem: list[int] = field(default_factory=list)  # per clause: count of "tidak ada kendala"
    against: list[int] = field(default_factory=list)  # per clause: count of against signals
    signals: set[int] = field(default_factory=set)  # positions of those signals
    unknown: list[bool] = field(default_factory=list)  # per clause: its sentence has a "don't know"
    epistemic: list[bool] = field(default_factory=list)  # per clause: "mungkin", "kayaknya"
    hedged: list[int] = field(default_factory=list)  # per clause: hedges and deontic forms
    negated_targets: set[int] = field(default_factory=set)  # problem words a negator negates
    targets: dict[int, int] = field(default_factory=dict)  # negator position -> what it negates
    hit_tokens: set[int] = field(default_factory=set)  # tokens of lexicon hits (set by the caller)
    positive: list[int] = field(default_factory=list)  # per clause: positive evaluation words
    keys: list[str] = field(default_factory=list)  # the text's stems
    wish: bool = False  # the passage answers "what do you hope for?" or opens with a wish: what it names is missing
    leaning: int = 0  # the passage's overall stance when a hit's own clause says nothing: -1, 0 or +1


def _tag(analysis: Analysis, norms: list[str], rules: PolarityRules) -> list[str | None]:
    """Tag the words of the rule lists (longest phrase first; at equal length the earlier list)."""
    keys, n = analysis.keys, len(norms)
    tags: list[str | None] = [None] * n
    by_norm, by_stem = rules.norm_index.get, rules.stem_index.get
    found = [i for i, (a, b) in enumerate(zip(map(by_norm, norms), map(by_stem, keys))) if a or b]
    done = -1
    for i in found:
        if i <= done:
            continue
        best: tuple[int, str] | None = None
        for index, seq in ((rules.norm_index, norms), (rules.stem_index, keys)):
            for words, name in index.get(seq[i], ()):
                size = len(words)
                if tuple(seq[i : i + size]) == words and (best is None or size > best[0]):
                    best = (size, name)
                    break
        if best is not None:
            size, name = best
            tags[i : min(i + size, n)] = [name] * (min(i + size, n) - i)
            done = i + size - 1
    for i in (k for k, w in enumerate(norms) if w == "sih"):  # "percaya sih percaya, tapi ...": a grudging yes
        if 0 < i < n - 1 and tags[i] is None and keys[i - 1] == keys[i + 1] and keys[i - 1].isalpha():
            tags[i] = "hedges_stems"
    return tags


def _clauses(analysis: Analysis, norms: list[str], tags: list, rules: PolarityRules) -> ClauseView:
    """Clause numbers: an opener word starts a clause; punctuation ends one (and .?! end the sentence).

    Only the tagged words, the punctuation and the words after punctuation can change the clause, so the loop
    visits those and fills the words between with slices.
    """
    n, punct = len(norms), rules.punctuation
    stops = [i for i, w in enumerate(norms) if w in punct]
    marks = sorted({i for i, t in enumerate(tags) if t is not None} | set(stops) | {i + 1 for i in stops if i + 1 < n})
    view = ClauseView(tags=tags, clause=[0] * n, kinds=[""], sentence=[0])
    clause, sentence, size, last = 0, 0, 0, -1
    additive_pending = pending_break = pending_sentence = False
    changes: list[tuple[int, int]] = []  # (first word, clause number) where a new clause starts
    for i in marks:
        size += i - last - 1  # plain words since the previous mark
        tag = tags[i]
        opener = _CLAUSE_OPENERS.get(tag or "")
        starts = (opener or tag == "boundaries") and (i == 0 or tags[i - 1] != tag)
        if (starts or pending_break) and size:
            clause += 1
            sentence += 1 if pending_sentence else 0
            view.kinds.append((opener or "") if starts else "")
            view.sentence.append(sentence)
            size = 0
            if opener == "contrast" and additive_pending:
                view.additive.add(clause)
                additive_pending = False
        elif starts and opener:
            view.kinds[clause] = opener
        pending_break = pending_sentence = False
        if tag == "additive_openers":
            additive_pending = True
        if clause and (not changes or changes[-1][1] != clause):
            changes.append((i, clause))
        size += 1
        last = i
        word = norms[i]
        if word in punct:
            pending_break = True
            if word in {".", "?", "!", "…"}:
                pending_sentence, additive_pending = True, False
    for (start, number), (end, _) in zip(changes, [*changes[1:], (n, 0)]):
        view.clause[start:end] = [number] * (end - start)
    return view


def analyse(analysis: Analysis, norms: list[str], rules: PolarityRules,
            problems: tuple[range, ...] = ()) -> ClauseView:
    """Tag, cut into clauses and resolve negators for one analysed text (call once per text).

    ``problems`` are token spans to treat as problem words (the lexicon's "against" terms: ``tidak saya
    pinjamkan`` then negates a problem, and an un-negated one weighs on the other hits of its clause).
    """
    tags = _tag(analysis, norms, rules)
    for span in problems:
        if all(tags[k] is None for k in span):  # "tidak percaya" carries its own negation: left alone
            tags[span[0] : span[-1] + 1] = ["problems_stems"] * len(span)
    view = _clauses(analysis, norms, tags, rules)
    view.keys = analysis.keys
    _spread_past(view)
    count = len(view.kinds)
    view.negated_problem, view.against, view.hedged, view.positive = [0] * count, [0] * count, [0] * count, [0] * count
    view.epistemic = [False] * count
    tagged = [i for i, t in enumerate(tags) if t is not None]
    consumed = _resolve_negators(view, norms, tagged, rules)
    unknown_sentences = set()
    for i in tagged:
        tag, c = tags[i], view.clause[i]
        if view.kinds[c] == "past" or i in consumed:
            continue
        if tag in _AGAINST_TAGS or (tag == "problems_stems" and view.kinds[c] not in _HYPOTHETICAL):
            view.against[c] += 1
            view.signals.add(i)
            if tag in _AGAINST_TAGS:
                view.hedged[c] += 1
        elif tag == "epistemic":
            view.epistemic[c] = True
        elif tag == "unknown":
            unknown_sentences.add(view.sentence[c])
        elif tag == "positives_stems":
            view.positive[c] += 1
    if 0 in unknown_sentences:  # "Kurang tahu, Mas. ..." opening the reply: the whole passage is hearsay
        unknown_sentences = set(view.sentence)
    view.unknown = [s in unknown_sentences for s in view.sentence]
    negative, positive = sum(view.against), sum(view.negated_problem) + sum(view.positive)
    view.leaning = -1 if negative > positive + LEANING_MARGIN else (1 if positive > negative else 0)
    return view


def _resolve_negators(view: ClauseView, norms: list[str], tagged: list[int], rules: PolarityRules) -> set[int]:
    """What each negator negates; returns the negated problem words (which then support)."""
    tags, skip, fillers, n = view.tags, rules.skip, rules.fillers, len(norms)
    consumed: set[int] = set()
    for p in tagged:
        tag = tags[p]
        if tag not in _NEGATORS or (p and tags[p - 1] == tag):  # one multiword negator ("tidak pernah")
            continue
        q = p + 1
        while q < n and tags[q] == tag:
            q += 1
        while q < n and view.clause[q] == view.clause[p] and tags[q] is None and (norms[q] in skip or norms[q] in fillers):
            q += 1
        view.targets[p] = q
        if q < n and view.clause[q] == view.clause[p] and tags[q] in _NEGATABLE:
            view.negated_problem[view.clause[p]] += 1
            while q < n and tags[q] in _NEGATABLE:  # the whole phrase ("tumpang tindih", "sedang diproses")
                consumed.add(q)
                view.negated_targets.add(q)
                q += 1
        elif tag == "soft_negators":
            view.negated_targets.add(q)  # "tidak perlu cek lagi": negates an against term, nothing else
        else:
            view.negators.append(p)
            if view.kinds[view.clause[p]] not in _HYPOTHETICAL:
                view.against[view.clause[p]] += 1
                view.signals.add(p)
    return consumed


def _spread_past(view: ClauseView) -> None:
    """A past opener ("dulu", "sebelumnya") covers the rest of its sentence."""
    for c in range(1, len(view.kinds)):
        if not view.kinds[c] and view.kinds[c - 1] == "past" and view.sentence[c] == view.sentence[c - 1]:
            view.kinds[c] = "past"


def _distance(norms: list[str], a: int, b: int, fillers: frozenset[str]) -> int:
    """Words between positions a < b, fillers not counted."""
    return sum(1 for k in range(a + 1, b) if norms[k] not in fillers)


def _negated(view: ClauseView, norms: list[str], i: int, j: int, rules: PolarityRules) -> bool:
    c = view.clause[i]
    for p in view.negators:
        if view.clause[p] != c or i <= p <= j:
            continue
        if p < i and _distance(norms, p, i, rules.fillers) < rules.window_before and _reaches(view, norms, p, i):
            return True
        if p > j and norms[p] not in rules.pre_only and _distance(norms, j, p, rules.fillers) < rules.window_after:
            if view.targets.get(p) in view.hit_tokens:  # "hubungannya bukan atasan-bawahan": negates the other term
                continue
            return True
    return _negated_by_next_clause(view, norms, c, rules)


def _reaches(view: ClauseView, norms: list[str], p: int, i: int) -> bool:
    """The negator reaches the hit ("belum ada MoU", "tidak ada perintah dari pusat"), not another word
    ("tidak hadir, beliau telepon")."""
    target = view.targets.get(p, i)
    return target >= i or (target == i - 1 and norms[i] in _PREPOSITIONS)


def _negated_by_next_clause(view: ClauseView, norms: list[str], c: int, rules: PolarityRules) -> bool:
    """Topic, comma, verdict: "Perjanjian soal siapa bayar apa, nggak ada." negates the topic clause."""
    d = c + 1
    if d >= len(view.kinds) or view.sentence[d] != view.sentence[c] or view.kinds[d]:
        return False
    words = [k for k, cc in enumerate(view.clause) if cc == d and norms[k] not in rules.punctuation
             and norms[k] not in rules.fillers]
    return bool(words) and view.tags[words[0]] == "negators" and all(
        view.tags[k] == "negators" or norms[k] in rules.skip for k in words)


def _inside(view: ClauseView, i: int, j: int) -> int:
    """Against signals that lie inside the hit ``i..j`` (they belong to the term itself)."""
    return sum(1 for k in range(i, j + 1) if k in view.signals)


def _signals(view: ClauseView, d: int, ignore: frozenset[str], tags: frozenset[str] | None = None) -> int:
    """Against signals of clause ``d`` (only of ``tags`` when given), leaving out the ignored stems."""
    if not ignore:
        return view.hedged[d] if tags is not None else view.against[d]
    return sum(1 for k in view.signals
               if view.clause[k] == d and view.keys[k] not in ignore and (tags is None or view.tags[k] in tags))


def _contrast_against(view: ClauseView, c: int, ignore: frozenset[str] = frozenset()) -> bool:
    """True when a following contrast clause of the same sentence (or the next sentence's first) is negative,
    or the very next clause of the sentence is a hedge ("ada, kadang-kadang saja")."""
    d = c + 1
    if d < len(view.kinds) and view.sentence[d] == view.sentence[c] and not view.kinds[d] \
            and _signals(view, d, ignore, _AGAINST_TAGS):
        return True
    for d in range(c + 1, min(c + 4, len(view.kinds))):
        same_sentence = view.sentence[d] == view.sentence[c]
        starts_next = view.sentence[d] == view.sentence[c] + 1 and view.sentence[d - 1] != view.sentence[d]
        if not (same_sentence or starts_next):
            return False
        if view.kinds[d] == "contrast" and d not in view.additive:  # the contrast runs to the end of its sentence
            return any(_signals(view, e, ignore) > 0 for e in range(d, len(view.kinds))
                       if view.sentence[e] == view.sentence[d])
        if not same_sentence:
            return False
    return False


def _negated_against_term(view: ClauseView, norms: list[str], i: int, j: int, rules: PolarityRules) -> bool:
    """An "against" term negated as a problem word ("tidak curiga") or after "bukan cuma" ("bukan cuma formalitas")."""
    if any(k in view.negated_targets for k in range(i, j + 1)):
        return True
    k = i - 1
    while k >= 0 and norms[k] in rules.fillers:
        k -= 1
    return k >= 0 and view.tags[k] == "additive_openers"


def _contrast_positive(view: ClauseView, c: int) -> bool:
    """True when the next contrast clause of the sentence only praises ("butuh dua kali pertemuan, tapi selesai")."""
    for d in range(c + 1, len(view.kinds)):
        if view.sentence[d] != view.sentence[c]:
            return False
        if view.kinds[d] == "contrast" and d not in view.additive:
            return not view.against[d] and bool(view.positive[d] or view.negated_problem[d])
    return False


def decide(view: ClauseView, norms: list[str], i: int, j: int, sign: int, rules: PolarityRules,
           ignore: frozenset[str] = frozenset()) -> tuple[int, float]:
    """The polarity of a hit on tokens ``i..j`` and a confidence factor (lower when the informant doesn't know).

    Args:
        view: :func:`analyse` of the text.
        norms: the text's normal forms.
        i: first token of the hit; j: its last token.
        sign: +1 for a term, -1 for an "against" term (``curiga``, ``tumpang tindih``).
        ignore: stems whose clause signals do not count for this code (for membership, "dibatasi" is no fault).

    Returns:
        ``(+1 or -1, factor)``: +1 supports, -1 against.
    """
    c = view.clause[i]
    factor = rules.unknown_factor if view.unknown[c] else (rules.epistemic_factor if view.epistemic[c] else 1.0)
    if view.kinds[c] == "past" or (view.kinds[c] == "conditional" and sign < 0):
        factor *= rules.past_factor  # how it used to be, or a worry "kalau ragu ...", says little about now
    if _negated(view, norms, i, j, rules) or (sign < 0 and _negated_against_term(view, norms, i, j, rules)):
        return -sign, factor
    if sign < 0 or view.wish:
        return AGAINST, factor
    if _signals(view, c, ignore) - _inside(view, i, j) > 0:
        return (SUPPORTS if _contrast_positive(view, c) else AGAINST), factor
    if view.negated_problem[c]:
        return SUPPORTS, factor
    if _contrast_against(view, c, ignore):
        return AGAINST, factor
    return (AGAINST if view.leaning < 0 else SUPPORTS), factor


def direct_answer(view: ClauseView, norms: list[str], rules: PolarityRules) -> tuple[int, int, int] | None:
    """A short reply that opens the passage ("Ada.", "Belum, Pak.", "Jarang sekali."): ``(first, last, sign)``.

    The interviewer's question then names what the reply is about; the reply's own clause gives the stance.
    """
    words = [k for k, c in enumerate(view.clause) if c == 0 and norms[k] not in rules.punctuation
             and norms[k] not in rules.fillers and view.tags[k] != "traps"]
    if not words or len(words) > rules.answer_words:
        return None
    if not any(norms[k] in rules.answers or view.tags[k] in _ANSWER_TAGS for k in words):
        return None
    sign = AGAINST if view.against[0] > 0 else SUPPORTS
    return words[0], words[-1], sign


def evaluated(view: ClauseView, i: int) -> bool:
    """True when the sentence of token ``i`` judges something (a negator, problem, hedge, positive word, ...)."""
    sentence = view.sentence[view.clause[i]]
    return any(
        view.against[c] or view.negated_problem[c] or view.positive[c] or view.kinds[c] == "conditional"
        for c in range(len(view.kinds))
        if view.sentence[c] == sentence
    )


def is_wish(view: ClauseView, keys: list[str], question_keys: list[str], rules: PolarityRules) -> bool:
    """True when the question asks for hopes or plans, or the passage's first sentence voices a wish."""
    if not rules.wishes:
        return False
    if not rules.wishes.isdisjoint(question_keys):
        return True
    first = [k for k, c in enumerate(view.clause) if view.sentence[c] == 0]
    return any(keys[k] in rules.wishes for k in first)
