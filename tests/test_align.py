from pipeline.align import align_gold, best_match
from pipeline.records import Passage


def _p(pid, text, role="informant", transcript="W01.txt"):
    return Passage(pid, transcript, 1, 0, "I", role, 0, len(text), text)


GOLD = [
    {"file": "transcripts/W01.txt", "passage_id": "W01-001", "text": "Rapat  rutin\ntiap bulan."},
    {"file": "transcripts/W01.txt", "passage_id": "W01-002", "text": "Pak Harto yang pimpin rapatnya, Mas."},
    {"file": "transcripts/W01.txt", "passage_id": "W01-003", "text": "Sama sekali tidak ada di transkrip kami."},
]


def test_align_gold_exact_after_whitespace_collapse():
    assert align_gold(GOLD[:1], [_p("A-1", "Rapat rutin tiap bulan.")]) == {"W01-001": "A-1"}


def test_align_gold_fuzzy_for_pseudonymised_names():
    got = align_gold(GOLD, [_p("A-1", "Rapat rutin tiap bulan."), _p("A-2", "[NAMA-1] yang pimpin rapatnya, Mas.")])
    assert got == {"W01-001": "A-1", "W01-002": "A-2"}


def test_align_gold_ignores_interviewer_and_other_files():
    passages = [_p("Q-1", "Rapat rutin tiap bulan.", role="interviewer"), _p("B-1", "Rapat rutin tiap bulan.", transcript="W02.txt")]
    assert align_gold(GOLD[:1], passages) == {}


def test_align_gold_containment_when_cut_differently():
    passages = [_p("A-1", "Ya. Rapat rutin tiap bulan. Tapi sering ditunda karena pimpinan dinas luar.")]
    assert align_gold(GOLD[:1], passages) == {"W01-001": "A-1"}


def test_align_best_match_below_ratio_is_none():
    assert best_match("sesuatu yang lain sama sekali", [("A", "rapat rutin tiap bulan")]) is None
