"""suggest: lexicon alone, lexicon + model, informant passages only, uncertainty, model fallback."""

import pytest

from pipeline.records import Passage
from pipeline.suggest import active_model, calibrate, suggest, uncertainty


def _p(pid, text, role="informant", question=None):
    return Passage(pid, "w.txt", 1, 1, "Informan", role, 0, len(text), text, question=question)


PASSAGES = [
    _p("w-q001", "Kalau soal MoU dengan Kanreg bagaimana, Pak?", role="interviewer"),
    _p("w-001", "Belum ada MoU dengan Kanreg, jadi kerja samanya cuma lisan saja.",
       question="Kalau soal MoU dengan Kanreg bagaimana, Pak?"),
    _p("w-002", "Rumah saya dekat pasar, anak saya sekolah di sana.", role="unknown"),
]


@pytest.mark.parametrize("p,t,expected", [(0.5, 0.5, 1.0), (1.0, 0.5, 0.0), (0.0, 0.3, 0.0), (0.3, 0.3, 1.0),
                                          (0.65, 0.3, 0.5)])
def test_suggest_uncertainty(p, t, expected):
    assert uncertainty(p, t) == pytest.approx(expected)


def test_suggest_calibrate_puts_threshold_at_half():
    assert calibrate(0.2, 0.2) == pytest.approx(0.5)
    assert calibrate(0.1, 0.2) == pytest.approx(0.25)
    assert calibrate(0.6, 0.2) == pytest.approx(0.75)


def test_suggest_lexicon_alone_skips_interviewer(lexicon):
    out = suggest(PASSAGES, lexicon=lexicon)
    assert {s.passage_id for s in out} <= {"w-001", "w-002"}
    rules = [s for s in out if s.code == "governance.rules"]
    assert rules and rules[0].source == "lexicon" and rules[0].polarity == "against"
    assert rules[0].evidence and 0.0 <= rules[0].uncertainty <= 1.0
    assert all(s.passage_id != "w-q001" for s in out)


def test_suggest_with_model_marks_model_version(lexicon, tiny_model):
    out = suggest(PASSAGES, lexicon=lexicon, model=tiny_model)
    assert out and all(s.source == "model" and s.model == "tiny-1" for s in out)
    assert all(s.passage_id != "w-q001" for s in out)
    assert "governance.rules" in {s.code for s in out if s.passage_id == "w-001"}
    assert not [s for s in out if s.passage_id == "w-002"]


def test_suggest_active_model_falls_back_with_warning(models_home):
    choice = active_model()
    assert choice.model is None and choice.version == ""
    assert "lexicon coder" in choice.warning and "no active model" in choice.warning


def test_suggest_active_model_loads_shipped(shipped_model):
    choice = active_model()
    assert choice.warning is None and choice.version == "tiny-1"


def test_suggest_active_model_tampered_falls_back(shipped_model):
    (shipped_model / "tiny-1.skops").write_bytes(b"not a model")
    choice = active_model()
    assert choice.model is None and "tampered" in choice.warning


def test_suggest_model_of_another_codebook_is_not_used(lexicon, tiny_model, shipped_model):
    from dataclasses import replace

    other = replace(tiny_model, codes=tuple(f"x{i}" for i in range(len(tiny_model.codes))))
    assert all(s.source == "lexicon" for s in suggest(PASSAGES, lexicon=lexicon, model=other))
    choice = active_model(codes=("gotong_royong", "musyawarah"))
    assert choice.model is None and "another codebook" in choice.warning
    assert active_model(codes=tiny_model.codes).version == "tiny-1"


@pytest.mark.slow
def test_suggest_fast_paths_give_the_slow_paths_suggestions(lexicon, monkeypatch):
    """The shipped model on the sample transcripts: the same suggestions (codes, scores, polarity, evidence) as
    with sklearn's own vectorizers and no remembered analyses or lexicon results."""
    from pipeline import features, nlp
    from pipeline import suggest as suggest_module
    from pipeline.ingest import read_transcript
    from pipeline.paths import MODELS, TRANSCRIPTS
    from pipeline.segment import segment
    from pipeline.train import load_active

    model = load_active(models_dir=MODELS)
    passages = [p for f in sorted((TRANSCRIPTS / "samples").iterdir()) for p in segment(read_transcript(f))]
    fast = suggest(passages, lexicon=lexicon, model=model)
    again = suggest(passages, lexicon=lexicon, model=model)  # everything remembered now
    monkeypatch.setattr(features.StemNgrams, "transform",
                        lambda self, X: self.vectorizer_.transform(features._column(X, self.column)))
    monkeypatch.setattr(nlp.Normaliser, "analyse", nlp.Normaliser._analyse)
    monkeypatch.setattr(suggest_module, "_CACHE", {})
    features.stems.cache_clear()
    slow = suggest(passages, lexicon=lexicon, model=model)
    assert len({s.passage_id for s in slow}) >= 15 and {s.source for s in slow} == {"model"}
    assert fast == again == slow


def test_suggest_for_passage_keeps_every_field():
    from dataclasses import fields, replace

    from pipeline.records import Suggestion
    from pipeline.suggest import _for_passage

    s = Suggestion(**{f.name: f"wert-{i}" for i, f in enumerate(fields(Suggestion))})  # one value per field
    assert _for_passage(s, "w-009") == replace(s, passage_id="w-009")
