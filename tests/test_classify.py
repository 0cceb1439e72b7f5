"""The classifier: threshold selection, the one-vs-rest meta-estimator, the pipeline and suggestions."""

import numpy as np
import pytest
from scipy import sparse
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import Pipeline

from pipeline.classify import (AGAINST, SUPPORTS, UNKNOWN, TelaahModel, ThresholdedOneVsRest, build_classifier,
                               build_polarity, label_matrix)
from pipeline.errors import ModelNotTrained
from pipeline.features import frame
from pipeline.records import Passage
from pipeline.seed import Example


def _toy(n=60, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    Y = np.column_stack([(X[:, 0] > 0.8).astype(int), (X[:, 1] > 0).astype(int), np.zeros(n, dtype=int)])
    return sparse.csr_matrix(X), Y


def test_classify_one_vs_rest_selects_thresholds_by_cv():
    X, Y = _toy()
    clf = ThresholdedOneVsRest(cv=3).fit(X, Y)
    assert clf.thresholds_.shape == (3,)
    assert 0.05 <= clf.thresholds_[0] <= 0.95
    assert clf.thresholds_[2] == 0.5 and clf.estimators_[2] == 0.0  # no positive: a constant
    assert clf.predict(X)[:, 2].sum() == 0
    assert ((clf.predict(X)[:, 1] == Y[:, 1]).mean()) > 0.8


def test_classify_one_vs_rest_cv_none_keeps_half():
    X, Y = _toy()
    assert ThresholdedOneVsRest(cv=None).fit(X, Y).thresholds_.tolist() == [0.5, 0.5, 0.5]


def test_classify_one_vs_rest_unknown_labels_are_left_out():
    X, Y = _toy()
    Y = Y.copy()
    Y[:30, 1] = UNKNOWN
    clf = ThresholdedOneVsRest(cv=None).fit(X, Y)
    assert clf.estimators_[1].n_features_in_ == 4
    # the estimator saw only the 30 known rows: its class counts come from those
    assert clf.estimators_[1].classes_.tolist() == [0, 1]


def test_classify_one_vs_rest_contract():
    clf = ThresholdedOneVsRest(cv=4, C=2.0)
    assert clone(clf).get_params() == clf.get_params()
    with pytest.raises(NotFittedError):
        clf.predict_proba(sparse.csr_matrix(np.zeros((1, 4))))
    with pytest.raises(ValueError, match="cv must be None or >= 2"):
        ThresholdedOneVsRest(cv=1).fit(*_toy())
    with pytest.raises(ValueError, match="one row per sample"):
        ThresholdedOneVsRest().fit(sparse.csr_matrix(np.zeros((3, 2))), np.zeros((2, 2)))


def test_classify_build_classifier_params():
    pipe = build_classifier(clf__cv=3, features__chars="drop")
    assert isinstance(pipe, Pipeline)
    assert pipe.get_params()["clf__cv"] == 3
    assert clone(pipe).get_params()["features__chars"] == "drop"
    assert isinstance(build_polarity(clf__C=1.0), Pipeline)


def test_classify_label_matrix():
    codes = ["trust", "governance.rules", "leadership"]
    ex = [Example("a", "x", codes=(("trust", "supports"), ("governance.rules", "against"))),
          Example("b", "y", codes=(("trust", "against"),), rejected=("leadership",), complete=False)]
    Y = label_matrix(ex, codes)
    assert Y.tolist() == [[SUPPORTS, AGAINST, 0], [AGAINST, UNKNOWN, 0]]


def test_classify_tiny_model_finds_codes_and_polarity(tiny_model, lexicon):
    from pipeline.lexicon import code_text
    from pipeline.features import lexicon_block

    texts = ["Belum ada MoU dengan BPBD, jadi kerja samanya cuma lisan saja.",
             "Info dari BPBD selalu dibagi di grup WA, jadi semua tahu perkembangannya.",
             "Anak saya sekolah di dekat kantor BPBD, jadi sekalian antar jemput."]
    X = frame(texts, [None] * 3, [lexicon_block(code_text(t, lexicon)) for t in texts])
    predicted = tiny_model.predict(X)
    assert ("governance.rules", "against") in [(c, "supports" if s >= 0.5 else "against")
                                               for c, _p, _t, s in predicted[0]]
    assert "information_sharing" in [c for c, *_ in predicted[1]]
    assert predicted[2] == []


def test_classify_suggestions_keep_lexicon_evidence_and_versions(tiny_model, lexicon):
    from pipeline.suggest import lexicon_suggestions

    p = Passage("x-001", "x.txt", 1, 1, "Informan", "informant", 0, 10,
                "Percaya sih percaya, tapi kami tetap simpan salinan kertas, takut BPBD salah input.")
    lex = lexicon_suggestions([p], lexicon=lexicon)
    out = tiny_model.suggest([p], lex, lexicon=lexicon)
    trust = [s for s in out if s.code == "trust"]
    assert trust and trust[0].source == "model" and trust[0].model == "tiny-1"
    assert trust[0].lexicon == lexicon.version
    if any(s.code == "trust" for s in lex["x-001"]):
        assert trust[0].evidence  # the lexicon's words are kept
    assert 0.5 <= trust[0].score <= 1.0 and 0.0 <= trust[0].uncertainty <= 1.0


def test_classify_fit_needs_coded_examples(lexicon):
    ex = [Example("a", "Rumah saya dekat pasar."), Example("b", "Cuacanya panas.")]
    with pytest.raises(ModelNotTrained, match="no coded passage"):
        TelaahModel.fit(frame([e.text for e in ex], [None, None]), ex, codes=lexicon.codebook.ids)
    with pytest.raises(ModelNotTrained, match="no training examples"):
        TelaahModel.fit(frame([], []), [], codes=lexicon.codebook.ids)


def test_classify_model_evidence_points_at_weighted_words(tiny_model):
    text = "Info dari BPBD selalu dibagi di grup WA, jadi semua tahu perkembangannya."
    evidence = tiny_model.evidence(text, "information_sharing")
    assert evidence and all(text[e.start:e.end] == e.text for e in evidence)
    assert [e.start for e in evidence] == sorted(e.start for e in evidence)
    assert tiny_model.evidence(text, "leadership") == ()  # no positive example: no weights


def test_classify_one_vs_rest_worker_processes_give_the_same_model():
    X, Y = _toy()
    one = ThresholdedOneVsRest(cv=3, n_jobs=1).fit(X, Y)
    two = ThresholdedOneVsRest(cv=3, n_jobs=2).fit(X, Y)
    np.testing.assert_allclose(one.predict_proba(X), two.predict_proba(X))
    assert one.thresholds_.tolist() == two.thresholds_.tolist()


def test_classify_stacked_predict_proba_equals_each_classifier(tiny_model, tiny_examples, lexicon, tmp_path):
    from pipeline.train import featurize, load_model, save_model

    clf = tiny_model.code_model.named_steps["clf"]
    F = tiny_model.code_model.named_steps["features"].transform(featurize(tiny_examples, lexicon))
    slow = np.column_stack([np.full(F.shape[0], e) if isinstance(e, float) else e.predict_proba(F)[:, 1]
                            for e in clf.estimators_])
    assert any(isinstance(e, float) for e in clf.estimators_)  # constant columns (codes without positives) too
    assert np.array_equal(clf.predict_proba(F), slow)
    save_model(tiny_model, tmp_path / "m.skops")  # the cached stack is not saved ...
    again = load_model(tmp_path / "m.skops").code_model.named_steps["clf"]
    assert getattr(again, "_stack", None) is None and np.array_equal(again.predict_proba(F), slow)  # ... nor needed
