"""Training: skops round trip, refusing untrusted/tampered/incompatible files, training data, train + promote."""

import os
import warnings

import numpy as np
import pytest

from pipeline.errors import ModelLoadError, ModelNotTrained
from pipeline.registry import Registry, read_registry, user_folder, user_registry
from pipeline.seed import Example
from pipeline.train import (data_hash, feedback_examples, featurize, load_active, load_entry, load_model,
                            save_model, train)

TEXTS = ["Belum ada MoU dengan Kanreg, jadi kerja samanya cuma lisan saja.",
         "Kami percaya penuh sama Dinas, data dari mereka langsung kami pakai."]


def test_train_skops_round_trip(tmp_path, tiny_model, lexicon):
    path = tmp_path / "m.skops"
    sha = save_model(tiny_model, path)
    loaded = load_model(path, sha256=sha)
    X = featurize([Example(str(i), t) for i, t in enumerate(TEXTS)], lexicon)
    assert loaded.version == "tiny-1" and loaded.codes == tiny_model.codes
    np.testing.assert_allclose(loaded.code_proba(X), tiny_model.code_proba(X))
    assert loaded.predict(X) == tiny_model.predict(X)


def test_train_refuses_untrusted_types(tmp_path):
    import skops.io as sio

    path = tmp_path / "evil.skops"
    sio.dump({"format": 1, "x": os.system}, path)
    with pytest.raises(ModelLoadError, match="untrusted types posix.system"):
        load_model(path)


def test_train_refuses_missing_tampered_and_garbage(tmp_path, tiny_model):
    with pytest.raises(ModelLoadError, match="model file not found"):
        load_model(tmp_path / "none.skops")
    path = tmp_path / "m.skops"
    save_model(tiny_model, path)
    with pytest.raises(ModelLoadError, match="tampered"):
        load_model(path, sha256="0" * 64)
    path.write_bytes(b"PK nonsense")
    with pytest.raises(ModelLoadError, match="cannot be read"):
        load_model(path)


def test_train_other_sklearn_version_says_retrain(tmp_path, tiny_model, monkeypatch):
    import skops.io as sio
    from sklearn.exceptions import InconsistentVersionWarning

    path = tmp_path / "m.skops"
    save_model(tiny_model, path)

    def old_load(*args, **kwargs):
        warnings.warn(InconsistentVersionWarning(estimator_name="LogisticRegression",
                                                 current_sklearn_version="9.9", original_sklearn_version="0.1"))

    monkeypatch.setattr(sio, "load", old_load)
    with pytest.raises(ModelLoadError, match="scikit-learn 0.1.*retrain"):
        load_model(path)


def test_train_registry_library_mismatch_says_retrain(shipped_model):
    from dataclasses import replace

    reg = read_registry(shipped_model)
    entry = replace(reg.entries[0], libraries={"scikit-learn": "0.1"})
    with pytest.raises(ModelLoadError, match="trained with scikit-learn 0.1.*retrain"):
        load_entry(reg, entry)


def test_train_load_active_without_model(models_home):
    with pytest.raises(ModelNotTrained, match="no active model"):
        load_active()


def test_train_feedback_examples():
    rows = [
        {"passage_id": "a", "code": "trust", "decision": "confirm", "polarity": "against", "text": "x",
         "question": "q", "transcript": "W.txt"},
        {"passage_id": "a", "code": "leadership", "decision": "reject", "polarity": None, "text": "x",
         "question": "q", "transcript": "W.txt"},
    ]
    (ex,) = feedback_examples(rows, weight=3.0)
    assert ex.code_map == {"trust": "against"} and ex.rejected == ("leadership",)
    assert ex.complete and ex.group == "W.txt" and ex.weight == 3.0
    (partial,) = feedback_examples(rows, complete=False)
    assert not partial.complete


def test_train_data_hash_is_order_independent(tiny_examples):
    assert data_hash(tiny_examples) == data_hash(list(reversed(tiny_examples)))
    assert data_hash(tiny_examples) != data_hash(tiny_examples[1:])


def _feedback(n):
    rows = []
    for i in range(n):
        good = i % 2 == 0
        rows.append({"passage_id": f"R-{i:03d}", "code": "trust", "decision": "confirm" if good else "reject",
                     "polarity": "supports" if good else None, "transcript": f"R{i % 3}.txt", "question": None,
                     "text": (f"Kami percaya sama mitra nomor {i}, datanya langsung dipakai." if good
                              else f"Gedung nomor {i} baru dicat, parkirannya luas.")})
    return feedback_examples(rows)


def test_train_trains_registers_and_promotes(models_home, shipped_model, tiny_examples, lexicon):
    result = train(_feedback(24), seed=tiny_examples, lexicon=lexicon, codes=lexicon.codebook.ids,
                   registry=user_registry(), folds=2)
    reg = read_registry(user_folder())
    assert result.entry.n_decisions == 24 and result.entry.n_seed == len(tiny_examples)
    assert result.entry.metrics["evaluated_on"] == "decisions" and result.baseline is not None
    assert "threshold_offset" not in result.entry.metrics  # calibration is opt-in
    assert (user_folder() / result.entry.file).exists()
    assert [e.version for e in reg.entries] == ["tiny-1", result.entry.version]
    if result.promoted:
        assert reg.active == result.entry.version and load_active().version == result.entry.version
    else:
        assert "worse than the active model" in result.reason and reg.active == "tiny-1"


def test_train_calibrate_records_the_offset(models_home, shipped_model, tiny_examples, lexicon):
    result = train(_feedback(24), seed=tiny_examples, lexicon=lexicon, codes=lexicon.codebook.ids,
                   registry=user_registry(), folds=2, calibrate=True)
    offset = result.entry.metrics["threshold_offset"]
    assert -2.0 <= offset <= 2.0
    assert read_registry(user_folder()).entries[-1].metrics["threshold_offset"] == offset
    few = train(_feedback(6), seed=tiny_examples, lexicon=lexicon, codes=lexicon.codebook.ids,
                registry=read_registry(user_folder()), folds=2, calibrate=True)
    assert "threshold_offset" not in few.entry.metrics  # fewer than 20 decided passages: nothing to fit


def test_train_without_decisions_evaluates_on_seed(models_home, tiny_examples, lexicon):
    result = train([], seed=tiny_examples, lexicon=lexicon, codes=lexicon.codebook.ids,
                   registry=Registry(folder=user_folder()), folds=2)
    assert result.promoted and result.entry.metrics["evaluated_on"] == "seed"
    assert "threshold_offset" not in result.entry.metrics  # no researcher's coding to calibrate to
    assert read_registry(user_folder()).active == result.entry.version


def test_train_needs_data(models_home, lexicon):
    with pytest.raises(ModelNotTrained):
        train([], seed=[Example("a", "teks", group="g1"), Example("b", "lain", group="g2")], lexicon=lexicon,
              codes=lexicon.codebook.ids, registry=Registry(folder=user_folder()), folds=2)


def test_train_shipped_baseline_loads_and_codes(lexicon):
    """The committed models/ baseline: registry, checksum, library versions and a sensible prediction."""
    from pipeline.paths import MODELS
    from pipeline.suggest import suggest
    from pipeline.records import Passage

    reg = read_registry(MODELS)
    entry = reg.active_entry
    assert entry is not None and entry.version.startswith("seed-") and entry.n_decisions == 0
    assert entry.n_examples >= 1500 and entry.metrics["micro_f1"] >= 0.5
    model = load_entry(reg, entry)
    assert model.codes == lexicon.codebook.ids
    text = "Sampai sekarang belum ada MoU dengan Kanreg, jadi kerja samanya cuma lisan saja."
    out = suggest([Passage("t-001", "t.txt", 1, 1, "I", "informant", 0, len(text), text)], lexicon=lexicon,
                  model=model)
    assert ("governance.rules", "against") in {(s.code, s.polarity) for s in out}
