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


# Fabricated text for the fast transform: punctuation, tabs and newlines, runs of spaces, one-letter words,
# non-ASCII (dotted I, sharp s, Greek final sigma, non-breaking and em spaces, combining accent, emoji).
ODD_TEXTS = [
    "Kami  rapat\tkoordinasi\n\ntiap bulan, ya? Ya!! Di-a, si A, i, e...",
    "İSTANBUL ß straße ΟΔΟΣ ὈΔΌΣ kafe\u0301 café \u00a0tidak\u2003ada🙂 kerja-sama MoU-nya",
    "  ",
    "",
    "a",
    "Sosialisasi sosialisasi SOSIALISASI: antar-OPD, antar OPD; 12/3/2024 Rp5.000.000",
    "Koordinasi dengan Kanreg dan BKN sudah rutin, data dibagi lewat grup WA.\r\nTapi anggaran terlambat.",
    "Kami rapat  koordinasi tiap bulan, ya? Ya!! Di-a, si A, i, e...",  # same words, other spacing
]


def _same_matrix(fast, slow):
    assert type(fast) is type(slow) and fast.dtype == slow.dtype == np.float32
    assert fast.shape == slow.shape
    fast, slow = fast.tocsr(), slow.tocsr()
    fast.sort_indices()
    slow.sort_indices()
    assert np.array_equal(fast.indptr, slow.indptr) and np.array_equal(fast.indices, slow.indices)
    assert np.array_equal(fast.data, slow.data)  # bit for bit, not approximately


@pytest.mark.parametrize("block", [CharNgrams(min_df=1), CharNgrams(min_df=1, ngram_range=(2, 4)),
                                   CharNgrams(min_df=1, ngram_range=(1, 1), sublinear_tf=False),
                                   StemNgrams(min_df=1, ngram_range=(1, 2)), StemNgrams(min_df=1, ngram_range=(2, 3)),
                                   QuestionNgrams(min_df=1)],
                         ids=lambda b: f"{type(b).__name__}{b.ngram_range}")
def test_features_fast_transform_equals_the_vectorizer(block):
    fit_texts = TEXTS + ODD_TEXTS[:3]
    X = frame(fit_texts, QUESTIONS + ODD_TEXTS[3:6])
    block.fit(X)
    docs = TEXTS + ODD_TEXTS + TEXTS[:2]  # repeated documents share their row
    Y = frame(docs, [*ODD_TEXTS, *QUESTIONS, None, None], text_stems=docs)
    fast = block.transform(Y)
    slow = block.vectorizer_.transform(Y[block.column].tolist())
    _same_matrix(fast, slow)
    assert block.transform(Y.iloc[::-1]).toarray().tolist() == fast.toarray()[::-1].tolist()


def test_features_fast_transform_survives_pickling():
    import pickle

    block = CharNgrams(min_df=1).fit(frame(TEXTS, QUESTIONS))
    block.transform(frame(ODD_TEXTS, [None] * len(ODD_TEXTS)))  # fills the word cache
    again = pickle.loads(pickle.dumps(block))
    assert not hasattr(again, "_words") and not hasattr(again, "_cache")
    Y = frame(ODD_TEXTS, [None] * len(ODD_TEXTS))
    _same_matrix(again.transform(Y), block.vectorizer_.transform(ODD_TEXTS))


@pytest.mark.slow
def test_features_fast_transform_equals_the_vectorizer_on_the_shipped_model():
    from pipeline.ingest import read_transcript
    from pipeline.paths import MODELS, ROOT
    from pipeline.train import load_active

    model = load_active(models_dir=MODELS)
    texts = [t.text for f in sorted((ROOT / "transcripts" / "samples").iterdir()) if f.suffix in (".txt", ".vtt")
             for t in read_transcript(f).turns]
    X = frame(texts, [None, *texts[:-1]])
    pairs = pair_frame(X, [i // 3 for i in range(3 * len(texts))], ["trust"] * (3 * len(texts)))
    blocks = [(b, X) for _, b in model.code_model.named_steps["features"].transformer_list]
    blocks += [(b, pairs) for _, b in model.polarity_model.named_steps["features"].transformer_list]
    checked = 0
    for block, data in blocks:
        if isinstance(block, StemNgrams):
            _same_matrix(block.transform(data), block.vectorizer_.transform(data[block.column].tolist()))
            checked += 1
    assert checked == 4
