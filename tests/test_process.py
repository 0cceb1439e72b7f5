import pytest

from pipeline import process
from pipeline.errors import InvalidTranscript
from pipeline.process import process_file, with_ids
from pipeline.records import Suggestion


def test_process_file_reads_and_segments(ingest_data, ingest_settings, monkeypatch):
    monkeypatch.setattr(process, "suggest_available", lambda: False)
    result = process_file(ingest_data / "prefixes.srt", settings=ingest_settings)
    assert result.transcript.name == "prefixes.srt"
    assert [p.id for p in result.passages] == ["prefixes-q001", "prefixes-001", "prefixes-q002", "prefixes-002"]
    assert result.suggestions == ()
    assert result.id_prefix == "prefixes"
    assert result.path.endswith("prefixes.srt")


def test_process_file_uses_max_words_setting(ingest_data, ingest_settings, monkeypatch):
    monkeypatch.setattr(process, "suggest_available", lambda: False)
    result = process_file(ingest_data / "prefixes.srt", settings={**ingest_settings, "max_words": 5})
    informant = [p for p in result.passages if p.role == "informant"]
    assert len(informant) == 4  # each informant turn has two sentences of more than 5 words in all


def test_process_file_calls_the_suggest_step(ingest_data, ingest_settings, monkeypatch):
    seen = {}

    def fake_step(passages, *, lexicon, model):
        seen["ids"] = [p.id for p in passages]
        return [Suggestion("bold_labels-001", "trust", 0.8, "supports", "lexicon")], "lex1"

    monkeypatch.setattr(process, "suggest_step", fake_step)
    result = process_file(ingest_data / "bold_labels.md", settings=ingest_settings)
    assert seen["ids"][0] == "bold_labels-q001"
    assert result.suggestions[0].code == "trust"
    assert result.lexicon_version == "lex1"


@pytest.mark.skipif(not process.suggest_available(), reason="the suggest step is not installed yet")
def test_process_file_real_suggestions_only_on_informant_passages(ingest_data, ingest_settings):
    result = process_file(ingest_data / "labels_peneliti_informan3.txt", settings=ingest_settings)
    informant = {p.id for p in result.passages if p.role != "interviewer"}
    assert {s.passage_id for s in result.suggestions} <= informant


def test_process_file_bad_file_raises(ingest_data, ingest_settings):
    with pytest.raises(InvalidTranscript, match="empty.txt: berkas kosong"):
        process_file(ingest_data / "empty.txt", settings=ingest_settings)


def test_process_with_ids_renames_passages_and_suggestions(ingest_data, ingest_settings, monkeypatch):
    monkeypatch.setattr(process, "suggest_available", lambda: False)
    result = process_file(ingest_data / "labels_pi.txt", settings=ingest_settings)
    result = result.__class__(result.transcript, result.passages,
                              (Suggestion("labels_pi-002", "trust", 0.7, "against", "lexicon"),), result.path,
                              result.id_prefix)
    v2 = with_ids(result, prefix="labels_pi", version=2)
    assert [p.id for p in v2.passages][:3] == ["labels_pi-v2-q001", "labels_pi-v2-001", "labels_pi-v2-q002"]
    assert v2.suggestions[0].passage_id == "labels_pi-v2-002"
    other = with_ids(result, prefix="labels_pi-txt", version=1)
    assert other.passages[1].id == "labels_pi-txt-001"
    assert with_ids(result, prefix="labels_pi", version=1) is result


def test_process_load_model_without_suggest_step(monkeypatch):
    monkeypatch.setattr(process, "suggest_available", lambda: False)
    assert process.load_model_if_available() == (None, None)


def test_process_load_model_passes_the_fallback_warning(monkeypatch):
    import pipeline.suggest as suggest_module

    monkeypatch.setattr(process, "suggest_available", lambda: True)
    monkeypatch.setattr(suggest_module, "active_model", lambda: suggest_module.ModelChoice(None, "model rusak"))
    assert process.load_model_if_available() == (None, "model rusak")
