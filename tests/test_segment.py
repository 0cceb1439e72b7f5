import pytest

from pipeline.ingest import build_transcript
from pipeline.formats.speakers import RawTurn
from pipeline.segment import segment, split_turn

LONG = " ".join(
    f"Kalimat nomor {i} ini tentang rapat koordinasi antara dinas dan desa yang sering ditunda." for i in range(1, 13)
)  # 12 sentences x 14 words = 168 words


def _transcript(turns, name="W01.txt"):
    return build_transcript(name, "txt", ["Judul"], [RawTurn(s, r, t, *rest) for s, r, t, *rest in turns])


def test_segment_ids_roles_and_questions():
    t = _transcript([
        ("P", "interviewer", "Bagaimana rapatnya?"),
        ("I", "informant", "Rutin tiap bulan."),
        ("I", "informant", "Tapi sering ditunda."),
        ("P", "interviewer", "Siapa yang memimpin?"),
        ("I", "informant", "Pak Kabid."),
    ])
    ps = segment(t)
    assert [(p.id, p.role, p.seq) for p in ps] == [
        ("W01-q001", "interviewer", 1), ("W01-001", "informant", 2), ("W01-002", "informant", 3),
        ("W01-q002", "interviewer", 4), ("W01-003", "informant", 5),
    ]
    assert [p.question for p in ps if p.role == "informant"] == [
        "Bagaimana rapatnya?", "Bagaimana rapatnya?", "Siapa yang memimpin?",
    ]
    assert ps[0].question is None
    assert all(t.text[p.start:p.end] == p.text for p in ps)


def test_segment_first_informant_turn_without_question():
    ps = segment(_transcript([("I", "informant", "Langsung cerita."), ("P", "interviewer", "Oh begitu?")]))
    assert ps[0].id == "W01-001" and ps[0].question is None


def test_segment_splits_long_turn_in_balanced_parts_at_sentences():
    t = _transcript([("P", "interviewer", "Ceritakan?"), ("I", "informant", LONG)])
    ps = [p for p in segment(t) if p.role == "informant"]
    assert len(ps) == 2
    assert [len(p.text.split()) for p in ps] == [84, 84]
    assert all(p.text.endswith("ditunda.") for p in ps)
    assert " ".join(p.text for p in ps) == LONG
    assert all(t.text[p.start:p.end] == p.text for p in ps)
    assert {p.turn_index for p in ps} == {1}


def test_segment_max_words_is_an_option():
    t = _transcript([("I", "informant", LONG)])
    assert len(segment(t, max_words=40)) == 5  # ceil(168 / 40)
    assert len(segment(t, max_words=200)) == 1


def test_segment_unknown_role_is_numbered_like_informants():
    ps = segment(_transcript([("Speaker 1", "unknown", "Ya."), ("Speaker 2", "unknown", "Betul.")]))
    assert [p.id for p in ps] == ["W01-001", "W01-002"]


def test_segment_id_prefix_and_times_of_split_parts():
    t = build_transcript("x.vtt", "vtt", [], [RawTurn("S2", "informant", LONG, 10.0, 70.0)])
    ps = segment(t, id_prefix="X9")
    assert [p.id for p in ps] == ["X9-001", "X9-002"]
    assert ps[0].t_start == 10.0 and ps[1].t_end == 70.0
    assert 10.0 < ps[0].t_end == ps[1].t_start < 70.0


def test_segment_split_turn_single_long_sentence_stays_whole():
    text = " ".join(["kata"] * 150)
    assert split_turn(text, max_words=120) == [(0, len(text))]


@pytest.mark.parametrize("words", [1, 120])
def test_segment_split_turn_short_turn_is_one_passage(words):
    text = " ".join(["kata."] * words)
    assert split_turn(text, max_words=120) == [(0, len(text))]
