import pytest

from pipeline.normalize import collapse_ws, normalize_line, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufeffP: Halo", "P: Halo"),
        ("baris satu\r\nbaris dua\rtiga", "baris satu\nbaris dua\ntiga"),
        ("ada\u00a0spasi\u202fsempit", "ada spasi sempit"),
        ("nol\u200blebar", "nollebar"),
        ("ko\u00adordinasi", "koordinasi"),
        ("spasi di akhir   \nlalu", "spasi di akhir\nlalu"),
        ("dua  spasi\tdan tab", "dua spasi dan tab"),
    ],
)
def test_normalize_text_table(raw, expected):
    assert normalize_text(raw) == expected


def test_normalize_text_keeps_words_and_quotes():
    text = "Kata dia, “Pak, yang mana?” gitu… nggak jelas."
    assert normalize_text(text) == text


def test_normalize_text_composes_unicode():
    assert normalize_text("Cafe\u0301") == "Café"


def test_normalize_line_collapses_lines():
    assert normalize_line("  Awalnya dari karang taruna,\nMas.  ") == "Awalnya dari karang taruna, Mas."


def test_normalize_collapse_ws_strips_and_joins():
    assert collapse_ws("\n a \t b\n\n c ") == "a b c"
