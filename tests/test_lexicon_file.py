"""The lexicon files: compiled once into a stem index; validation errors name the file and line."""

import pytest

from pipeline.codebook import load_codebook
from pipeline.errors import InvalidLexicon
from pipeline.lexicon_file import load_lexicon


def test_lexicon_file_is_compiled_once_into_a_stem_index(lexicon):
    assert isinstance(lexicon.index, dict) and "percaya" in lexicon.index
    phrases = lexicon.index["percaya"]
    assert all(p[0][0] == "percaya" for p in phrases)
    assert len(lexicon.version) == 12 and lexicon.version == load_lexicon().version


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("codes:\n  rapat:\n    terms: {rapat: 1}\n  hantu:\n    terms: {x: 1}\n", r"kecil\.lexicon\.yaml:4: .*unknown code 'hantu'"),
        ("codes:\n  rapat:\n    terms: {}\n", r"kecil\.lexicon\.yaml:3: .*empty term list 'terms'"),
        ("codes:\n  rapat: {}\n", r"kecil\.lexicon\.yaml:2: .*empty term list for 'rapat'"),
        ("codes:\n  rapat:\n    terms:\n      rapat: -1\n", r"kecil\.lexicon\.yaml:4: .*weight must be > 0"),
        ("codes:\n  rapat:\n    terms: {rapat: 1}\nrules:\n  - {term: rapat, code: rapat, to: hantu}\n",
         r"kecil\.lexicon\.yaml:5: .*unknown code 'hantu'"),
        ("codes:\n  rapat:\n    terms:\n      rapat: 1\n      rapat: 2\n", r"kecil\.lexicon\.yaml:5: .*duplicate key 'rapat'"),
        ("codes:\n  rapat:\n    terms: {rapat: 1}\n    therms: {x: 1}\n", r"kecil\.lexicon\.yaml:4: .*unknown field 'therms'"),
    ],
)
def test_lexicon_file_validation_errors_name_file_and_line(small_framework, body, message):
    book, lex = small_framework(body)
    with pytest.raises(InvalidLexicon, match=message):
        load_lexicon(load_codebook(book), lex)
