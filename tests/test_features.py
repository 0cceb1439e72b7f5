"""Feature blocks: sklearn contract (clone, params, not fitted), shapes, validation, stems."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from pipeline.features import (CharNgrams, CodePolarity, LexiconScores, QuestionNgrams, StemNgrams, frame,
                               lexicon_block, pair_frame, stems)
from pipeline.records import Suggestion

TEXTS = ["Kami saling percaya dengan Kanreg.", "Datanya nggak pernah dibagi ke kami.",
         "Kepercayaan antar OPD sudah bagus.", "Rumah saya dekat pasar."]
QUESTIONS = ["Soal kepercayaan bagaimana?", "Informasi dibagi?", None, "Ceritakan, Pak."]
HITS = [{"trust": (0.7, 1)}, {"information_sharing": (0.6, -1)}, {"trust": (0.8, 1)}, {}]

BLOCKS = [StemNgrams(min_df=1), QuestionNgrams(min_df=1), CharNgrams(min_df=1), LexiconScores(),
          LexiconScores(codes=["trust", "information_sharing", "leadership"])]


@pytest.fixture
def X():
    return frame(TEXTS, QUESTIONS, HITS)


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: type(b).__name__)
def test_features_clone_and_params_round_trip(block):
    copy = clone(block)
    assert copy.get_params() == block.get_params()
    again = type(block)(**block.get_params())
    assert again.get_params() == block.get_params()
    assert not hasattr(copy, "n_features_out_") and not hasattr(copy, "codes_")


@pytest.mark.parametrize("block", BLOCKS + [CodePolarity()], ids=lambda b: type(b).__name__)
def test_features_not_fitted_error(block, X):
    with pytest.raises(NotFittedError):
        block.transform(X)


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: type(b).__name__)
def test_features_fit_returns_self_and_names_match_columns(block, X):
    assert block.fit(X) is block
    out = block.transform(X)
    assert out.shape[0] == len(TEXTS)
    assert out.shape[1] == len(block.get_feature_names_out())


def test_features_stem_block_matches_affixed_forms(X):
    block = StemNgrams(min_df=1, ngram_range=(1, 1)).fit(X)
    names = list(block.get_feature_names_out())
    col = names.index("percaya")
    assert block.transform(X).toarray()[[0, 2], col].min() > 0  # "percaya" and "Kepercayaan"


def test_features_question_block_is_prefixed(X):
    names = QuestionNgrams(min_df=1).fit(X).get_feature_names_out()
    assert all(n.startswith("q:") for n in names) and "q:percaya" in names


def test_features_lexicon_block_scores_and_polarity(X):
    block = LexiconScores(codes=["trust", "information_sharing"], weight=2.0).fit(X)
    out = block.transform(X).toarray()
    names = list(block.get_feature_names_out())
    assert out[0, names.index("lex:trust")] == pytest.approx(1.4)
    assert out[0, names.index("lex+:trust")] == 2.0
    assert out[1, names.index("lex-:information_sharing")] == 2.0
    assert out[3].sum() == 0


def test_features_lexicon_block_learns_codes_and_ignores_unknown(X):
    block = LexiconScores().fit(X)
    assert block.codes_ == ["information_sharing", "trust"]
    other = frame(["x"], [None], [{"leadership": (0.9, 1)}])
    assert block.transform(other).toarray()[0, :6].sum() == 0


def test_features_code_polarity_reads_the_pairs_code(X):
    pairs = pair_frame(X, [0, 1, 1], ["trust", "information_sharing", "trust"])
    block = CodePolarity(codes=["trust", "information_sharing"]).fit(pairs)
    out = block.transform(pairs).toarray()
    assert out[:, 0].tolist() == [1.0, -1.0, 0.0]
    assert out[2, 1] == 1.0  # passage 1 has an "against" lexicon code


@pytest.mark.parametrize("block,message", [
    (StemNgrams(ngram_range=(2, 1)), "ngram_range"),
    (LexiconScores(weight=-1), "weight"),
    (CodePolarity(weight=-1), "weight"),
])
def test_features_invalid_params_fail_in_fit(block, message, X):
    pairs = pair_frame(X, [0], ["trust"])
    with pytest.raises(ValueError, match=message):
        block.fit(pairs)


def test_features_need_a_frame():
    with pytest.raises(ValueError, match="DataFrame with a 'stems' column"):
        StemNgrams().fit(["teks biasa"])


def test_features_frame_checks_lengths():
    with pytest.raises(ValueError, match="same length"):
        frame(["a", "b"], [None], None)


@pytest.mark.parametrize("text,expected", [
    ("Kepercayaan nggak ada", "percaya tidak ada"),
    ("", ""),
    (None, ""),
])
def test_features_stems(text, expected):
    assert stems(text) == expected


def test_features_lexicon_block_from_suggestions():
    s = [Suggestion("p", "trust", 0.6, "against", "lexicon")]
    assert lexicon_block(s) == {"trust": (0.6, -1)}


def test_features_empty_question_column_gives_empty_block():
    X = frame(["a b c", "d e f"], [None, None])
    block = QuestionNgrams().fit(X)
    assert block.transform(X).nnz == 0
    assert isinstance(block.idf_, np.ndarray)
