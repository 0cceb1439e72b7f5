import pytest

from pipeline.errors import InvalidConfig
from pipeline.scoring import (
    FULFILLED,
    INSUFFICIENT,
    NOT_FULFILLED,
    CodedPassage,
    Override,
    ScoringRule,
    score,
    summary,
    verdict,
)


def _c(pid, code, pol, transcript="W1.txt", strength=1.0):
    return CodedPassage(pid, code, pol, transcript, "Informan 1", f"teks {pid}", strength=strength)


@pytest.mark.parametrize(
    "s, a, n, expected",
    [
        (3, 1, 2, FULFILLED),
        (2, 2, 2, NOT_FULFILLED),  # a tie is not fulfilled
        (2, 1, 1, INSUFFICIENT),  # one informant only
        (0, 0, 0, INSUFFICIENT),
        (0, 1, 0, NOT_FULFILLED),
        (1, 0, 1, INSUFFICIENT),
        (5, 6, 2, NOT_FULFILLED),
    ],
)
def test_scoring_rule(s, a, n, expected):
    assert verdict(s, a, n) == expected


def test_scoring_rule_thresholds_configurable():
    assert verdict(2, 1, 1, ScoringRule(min_informants=1)) == FULFILLED
    assert verdict(1, 1, 1, ScoringRule(min_against=2)) == INSUFFICIENT
    with pytest.raises(InvalidConfig, match="at least 1"):
        ScoringRule(min_informants=0)


def test_scoring_counts_passages_and_informants(tiny_codebook):
    coded = [
        _c("a-001", "trust", "supports", "W1.txt"),
        _c("a-002", "trust", "supports", "W1.txt"),
        _c("b-001", "trust", "against", "W2.txt"),
    ]
    result = {s.code: s for s in score(coded, tiny_codebook)}
    trust = result["trust"]
    assert (trust.supports, trust.against, trust.informants) == (2, 1, 1)
    assert trust.verdict == INSUFFICIENT  # S > A but only one informant supports
    coded.append(_c("b-002", "trust", "supports", "W2.txt"))
    assert {s.code: s for s in score(coded, tiny_codebook)}["trust"].verdict == FULFILLED


def test_scoring_parent_with_own_evidence_ignores_children(tiny_codebook):
    coded = [
        _c("a-001", "governance", "against", "W1.txt"),
        _c("a-002", "governance.rules", "supports", "W1.txt"),
        _c("b-002", "governance.rules", "supports", "W2.txt"),
        _c("a-003", "governance.network_management", "supports", "W1.txt"),
        _c("b-003", "governance.network_management", "supports", "W2.txt"),
    ]
    result = {s.code: s for s in score(coded, tiny_codebook)}
    assert result["governance.rules"].verdict == FULFILLED
    assert result["governance"].verdict == NOT_FULFILLED


def test_scoring_parent_without_evidence_follows_children(tiny_codebook):
    both = [
        _c("a-002", "governance.rules", "supports", "W1.txt"),
        _c("b-002", "governance.rules", "supports", "W2.txt"),
        _c("a-003", "governance.network_management", "supports", "W1.txt"),
        _c("b-003", "governance.network_management", "supports", "W2.txt"),
    ]
    assert {s.code: s for s in score(both, tiny_codebook)}["governance"].verdict == FULFILLED
    # One of two fulfilled is not "most": the other is undecided -> insufficient.
    half = both[:2]
    assert {s.code: s for s in score(half, tiny_codebook)}["governance"].verdict == INSUFFICIENT
    # One fulfilled, one not fulfilled -> not fulfilled (ties go against, as in the main rule).
    mixed = both[:2] + [_c("a-004", "governance.network_management", "against")]
    assert {s.code: s for s in score(mixed, tiny_codebook)}["governance"].verdict == NOT_FULFILLED


def test_scoring_override_keeps_reason_and_computed(tiny_codebook):
    coded = [_c("a-001", "trust", "against")]
    ov = {"trust": Override("trust", FULFILLED, "Observasi lapangan menunjukkan sebaliknya", "ani")}
    trust = {s.code: s for s in score(coded, tiny_codebook, overrides=ov)}["trust"]
    assert trust.verdict == FULFILLED
    assert trust.computed == NOT_FULFILLED
    assert "Observasi" in trust.override
    with pytest.raises(InvalidConfig, match="reason"):
        Override("trust", FULFILLED, "  ")
    with pytest.raises(InvalidConfig, match="verdict"):
        Override("trust", "maybe", "x")


def test_scoring_quotes_strongest_first_per_polarity(tiny_codebook):
    coded = [
        _c("a-001", "trust", "supports", strength=0.2),
        _c("a-002", "trust", "supports", strength=0.9),
        _c("a-003", "trust", "against", strength=0.5),
    ]
    trust = {s.code: s for s in score(coded, tiny_codebook, rule=ScoringRule(max_quotes=1))}["trust"]
    assert [(q.passage_id, q.polarity) for q in trust.quotes] == [("a-002", "supports"), ("a-003", "against")]


def test_scoring_ignores_codes_outside_codebook_and_sums_up(tiny_codebook):
    scores = score([_c("a-001", "leadership", "supports")], tiny_codebook)
    assert [s.code for s in scores] == list(tiny_codebook.ids)
    assert summary(scores) == "0 dari 4 unsur dan sub-unsur terpenuhi"
    assert summary(scores, lang="en") == "0 of 4 elements and sub-elements fulfilled"
