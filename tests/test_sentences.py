import pytest

from pipeline.sentences import get_nlp, sentence_spans, sentences


def test_sentences_split_on_full_stops_and_questions():
    assert sentences("Kami rapat tiap bulan. Siapa yang datang? Ya, staf saja!") == [
        "Kami rapat tiap bulan.", "Siapa yang datang?", "Ya, staf saja!",
    ]


@pytest.mark.parametrize("ellipsis", ["...", "…"])
def test_sentences_split_on_ellipsis(ellipsis):
    assert sentences(f"Jadi begitu{ellipsis} terus kami lapor.") == [f"Jadi begitu{ellipsis}", "terus kami lapor."]


@pytest.mark.parametrize("title", ["Bpk.", "Dr.", "Sdr.", "Ir.", "H.", "Hj.", "S.Sos.", "Drs.", "Prof."])
def test_sentences_no_split_after_titles(title):
    text = f"Kemarin saya ketemu {title} Hartono di kantor. Beliau setuju."
    assert sentences(text) == [f"Kemarin saya ketemu {title} Hartono di kantor.", "Beliau setuju."]


def test_sentences_opening_quote_starts_the_next_sentence():
    assert sentences("Dia tanya. “Pak, yang mana?” Saya diam.")[1].startswith("“Pak")


def test_sentences_spans_are_offsets_without_whitespace():
    text = "  Satu.   Dua?  "
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["Satu.", "Dua?"]


def test_sentences_spans_empty_text():
    assert sentence_spans("   ") == []


def test_sentences_get_nlp_is_cached_blank_indonesian():
    nlp = get_nlp()
    assert nlp is get_nlp()
    assert nlp.lang == "id"
    assert "sentencizer" in nlp.pipe_names
