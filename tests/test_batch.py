"""Batch runs: the incremental plan, skip-unchanged, re-suggest after a lexicon or model change, retrain and
report flows, deployments."""

import dataclasses
import time

import pytest

from pipeline import batch, flow
from pipeline.records import Decision
from pipeline.store import decisions as store_decisions
from pipeline.store import open_db
from pipeline.store.batch import current_state, dump, integrity


def _fill(db, folder, lexicon, settings):
    """Store every file of ``folder`` as ``telaah run`` would (lexicon coder, no Prefect)."""
    from pipeline.process import process_file

    for path in sorted(folder.glob("*.txt")):
        flow.store_processed(db, process_file(path, settings=settings, lexicon=lexicon))


def _pending_lexicons(db):
    return {r[0] for r in db.execute(
        "SELECT DISTINCT s.lexicon FROM suggestions s WHERE NOT EXISTS "
        "(SELECT 1 FROM decisions d WHERE d.passage_id = s.passage_id AND d.code = s.code)")}


def test_batch_plan_sorts_files(batch_folder, lexicon, ingest_settings):
    db = open_db(":memory:")
    _fill(db, batch_folder, lexicon, ingest_settings)
    (batch_folder / "W02.txt").write_text((batch_folder / "W02.txt").read_text() + "\nBu Wulan: Satu lagi.\n")
    (batch_folder / "W07.txt").write_text("Pewawancara: Apa kabar?\n\nInforman: Baik.\n")
    (batch_folder / "sub").mkdir()
    (batch_folder / "sub" / "W03.txt").write_text("Pewawancara: Nama sama?\n\nInforman: Ya.\n")
    files = [str(p) for p in flow.collect_files([batch_folder])] + [str(batch_folder / "hilang.txt")]
    plan = batch.plan(files, db, ingest_settings, versions=(lexicon.version, ""), hash_file=flow.file_hash)
    names = lambda paths: sorted(p.rsplit("/", 1)[-1] for p in paths)  # noqa: E731
    assert names(plan.process) == ["W02.txt", "W07.txt"]
    assert names(plan.skipped) == ["W01.txt", "W03.txt", "W04.txt", "W05.txt", "W06.txt"]
    assert sorted(m.split(":")[0].rsplit("/", 1)[-1] for _, m in plan.failed) == ["W03.txt", "hilang.txt"]
    stale = batch.plan(files, db, ingest_settings, versions=("lx-baru", ""), hash_file=flow.file_hash)
    assert sorted(s.name for s in stale.stale) == ["W01.txt", "W03.txt", "W04.txt", "W05.txt", "W06.txt"]
    assert not stale.skipped and not stale.idle


def test_batch_expected_versions_match_what_a_run_loads(shipped_model, tmp_path):
    import shutil

    from pipeline.paths import LEXICONS
    from pipeline.process import load_lexicon_if_available
    from pipeline.suggest import active_model

    shutil.copy(LEXICONS / "deseve.lexicon.yaml", tmp_path / "deseve.lexicon.yaml")  # the file the codebook names
    settings = {"codebook": str(shutil.copy(LEXICONS / "deseve.yaml", tmp_path / "deseve.yaml"))}
    for given in ({}, settings):
        lexicon_version = load_lexicon_if_available(given).version
        assert batch.expected_versions(given) == (lexicon_version, active_model().version) == (lexicon_version,
                                                                                               "tiny-1")


def test_batch_unchanged_rerun_starts_nothing(batch_folder, lexicon, ingest_settings, db_path, monkeypatch):
    db = open_db(db_path)
    _fill(db, batch_folder, lexicon, ingest_settings)
    before = dump(db)
    db.conn.close()
    monkeypatch.setattr(batch, "expected_versions", lambda *a: (lexicon.version, ""))

    def refuse(*args, **kwargs):
        raise AssertionError("nothing changed: the flow, the lexicon and the model must not be started")

    monkeypatch.setattr(flow, "ingest_flow", refuse)
    monkeypatch.setattr(flow, "_load_resources", refuse)

    class Privacy:
        def prepare(self, files, settings):
            raise AssertionError("no file to read: the key needs no update")

    start = time.perf_counter()
    summary = flow.run([batch_folder], db_path=db_path, settings=ingest_settings, privacy=Privacy())
    elapsed = time.perf_counter() - start
    assert summary.count("skipped") == 6 and summary.count("added") == 0
    assert elapsed < 0.1 * 6, f"{elapsed:.2f} s for 6 unchanged transcripts"
    assert dump(open_db(db_path)) == before


def test_batch_store_resuggested_keeps_decided_suggestions(batch_folder, lexicon, ingest_settings):
    db = open_db(":memory:")
    _fill(db, batch_folder, lexicon, ingest_settings)
    state = current_state(db)["W01.txt"]
    store_decisions.record_decision(db, Decision("W01-001", "information_sharing", "confirm", "supports", "ani"))
    from pipeline.store.batch import codable_passages_of

    passages = codable_passages_of(db, state.id)
    new_lexicon = dataclasses.replace(lexicon, version="lx-baru")
    suggestions, version = batch.resuggest(passages, lexicon=new_lexicon, model=None)
    assert version == "lx-baru"
    counts = batch.store_resuggested(db, state, [p.id for p in passages], suggestions, lexicon_version="lx-baru",
                                     model_version="")
    assert counts["kept"] == 1 and counts["added"] == len(suggestions) - 1
    rows = {(r[0], r[1]): r[2] for r in db.execute(
        "SELECT passage_id, code, lexicon FROM suggestions WHERE passage_id LIKE 'W01-%'")}
    assert rows.pop(("W01-001", "information_sharing")) == lexicon.version  # decided: untouched
    assert set(rows.values()) == {"lx-baru"}
    assert current_state(db)["W01.txt"].lexicon_version == "lx-baru"
    assert db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 1


@pytest.mark.slow
def test_batch_rerun_after_lexicon_change(prefect_harness, batch_folder, lexicon, ingest_settings, db_path,
                                          monkeypatch):
    monkeypatch.setattr(flow, "load_model_if_available", lambda: (None, None))
    monkeypatch.setattr(batch, "expected_versions", lambda *a: (lexicon.version, ""))
    first = flow.run([batch_folder], db_path=db_path, settings=ingest_settings)
    assert first.count("added") == 6
    db = open_db(db_path)
    store_decisions.record_decision(db, Decision("W01-001", "information_sharing", "reject", None, "ani"))
    before = dump(db)

    changed = dataclasses.replace(lexicon, version="lx-baru")
    monkeypatch.setattr(flow, "load_lexicon_if_available", lambda *a: changed)
    monkeypatch.setattr(batch, "expected_versions", lambda *a: ("lx-baru", ""))
    second = flow.run([batch_folder], db_path=db_path, settings=ingest_settings)
    assert second.count("resuggested") == 6 and second.count("added") == 0
    after = dump(db)
    assert after["passages"] == before["passages"]  # no new transcript version, same ids
    assert [t[:6] for t in after["transcripts"]] == [t[:6] for t in before["transcripts"]]
    assert {t[6] for t in after["transcripts"]} == {"lx-baru"}
    assert _pending_lexicons(db) == {"lx-baru"}
    assert db.execute("SELECT lexicon FROM suggestions WHERE passage_id = 'W01-001' AND code = "
                      "'information_sharing'").fetchone()[0] == lexicon.version
    assert db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 1

    third = flow.run([batch_folder], db_path=db_path, settings=ingest_settings)
    assert third.count("skipped") == 6
    assert integrity(db)["integrity_check"] == "ok"


@pytest.mark.slow
def test_batch_rerun_after_model_change(prefect_harness, shipped_model, tiny_model, batch_folder, ingest_settings,
                                        db_path):
    from pipeline.registry import ModelEntry, read_registry, write_registry
    from pipeline.train import save_model

    assert flow.run([batch_folder], db_path=db_path, settings=ingest_settings).count("added") == 6
    db = open_db(db_path)
    assert {s.model_version for s in current_state(db).values()} == {"tiny-1"}
    registry = read_registry(shipped_model)
    sha = save_model(tiny_model.with_version("tiny-2", tiny_model.lexicon_version), shipped_model / "tiny-2.skops")
    entry = dataclasses.replace(registry.entries[0], version="tiny-2", file="tiny-2.skops", sha256=sha)
    write_registry(dataclasses.replace(registry, entries=registry.entries + (entry,), active="tiny-2"))

    second = flow.run([batch_folder], db_path=db_path, settings=ingest_settings)
    assert second.count("resuggested") == 6
    assert {s.model_version for s in current_state(db).values()} == {"tiny-2"}
    models = {r[0] for r in db.execute("SELECT DISTINCT model FROM suggestions")}
    assert models == {"tiny-2"}  # every pending suggestion now comes from the new model
    assert db.execute("SELECT COUNT(*) FROM transcripts").fetchone()[0] == 6


@pytest.mark.slow
def test_batch_retrain_flow_promotes_rescores_and_marks(prefect_harness, models_home, tiny_examples, batch_folder,
                                                        lexicon, ingest_settings, db_path, monkeypatch):
    monkeypatch.setattr("pipeline.seed.read_seed", lambda **kw: list(tiny_examples))
    db = open_db(db_path)
    _fill(db, batch_folder, lexicon, ingest_settings)
    pid, code = db.execute("SELECT passage_id, code FROM suggestions ORDER BY passage_id, code").fetchone()
    store_decisions.record_decision(db, Decision(pid, code, "confirm", "supports", "ani"))
    decided = "SELECT * FROM suggestions WHERE passage_id = ? AND code = ?"
    before = db.execute(decided, [pid, code]).fetchall()
    result = flow._start(flow.retrain_flow, str(db_path), force=True, folds=3)
    assert result["promoted"] and result["n_decisions"] == 1
    assert db.execute(decided, [pid, code]).fetchall() == before  # re-scoring touched only pending ones
    assert result["rescored"]["kept"] == 1
    assert result["rescored"]["model"] == result["version"]
    assert {s.model_version for s in current_state(db).values()} == {result["version"]}
    files = [str(p) for p in flow.collect_files([batch_folder])]
    plan = batch.plan(files, db, ingest_settings, versions=batch.expected_versions(), hash_file=flow.file_hash)
    assert plan.idle and len(plan.skipped) == 6  # the next `telaah run` has nothing to redo
    assert db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 1


@pytest.mark.slow
def test_batch_report_flow_writes_the_report(prefect_harness, review_db_path, tmp_path):
    result = flow._start(flow.report_flow, str(review_db_path), str(tmp_path / "laporan"), "id")
    assert "dari 13 unsur" in result["summary"]
    assert sorted(p.rsplit(".", 1)[-1] for p in result["paths"]) == ["html", "md", "xlsx"]
    assert all((tmp_path / "laporan").joinpath(p.rsplit("/", 1)[-1]).exists() for p in result["paths"])


def test_batch_deployments_are_built_offline(tmp_path):
    built = flow.deployments(paths=[str(tmp_path)], db_path="studi.db", out_dir="laporan", code_interval=600,
                             retrain_cron="0 2 * * 1")
    assert [d.name for d in built] == ["telaah-code", "telaah-retrain", "telaah-report"]
    assert built[0].schedules[0].schedule.interval.total_seconds() == 600
    assert built[1].schedules[0].schedule.cron == "0 2 * * 1" and built[2].schedules == []
    assert built[0].parameters["paths"] == [str(tmp_path.resolve())]
    assert all(d.parameters["db_path"].endswith("/studi.db") and d.parameters["db_path"].startswith("/")
               for d in built)


def test_batch_key_session_needs_a_passphrase(tmp_path, monkeypatch):
    from pipeline.errors import PrivacyError

    monkeypatch.delenv("TELAAH_PASSPHRASE", raising=False)
    monkeypatch.delenv("TELAAH_PASSPHRASE_FILE", raising=False)
    with pytest.raises(PrivacyError, match="TELAAH_PASSPHRASE"):
        batch.key_session(tmp_path / "k.key", {"data_dir": str(tmp_path)})
    (tmp_path / "pass.txt").write_text("rahasia-uji\n")
    monkeypatch.setenv("TELAAH_PASSPHRASE_FILE", str(tmp_path / "pass.txt"))
    assert batch.key_session(tmp_path / "k.key", {"data_dir": str(tmp_path)}).passphrase == "rahasia-uji"


@pytest.mark.slow
def test_batch_code_flow_runs_like_telaah_run(prefect_harness, batch_folder, tmp_path, ingest_settings,
                                              monkeypatch):
    monkeypatch.setenv("TELAAH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TELAAH_PASSPHRASE", "rahasia-uji")
    db_path = str(tmp_path / "jadwal.db")
    result = flow._start(flow.code_flow, [str(batch_folder)], db_path)
    assert (result["added"], result["failed"], result["failures"]) == (6, 0, [])
    assert (tmp_path / "home" / "pseudonyms.key").exists()
    text = " ".join(r[0] for r in open_db(db_path).execute("SELECT text FROM transcripts"))
    assert "Ratna" not in text and "Gunawan" not in text
    assert flow._start(flow.code_flow, [str(batch_folder)], db_path)["skipped"] == 6


def test_batch_train_model_passes_calibrate(models_home, tiny_examples, db_path, monkeypatch):
    monkeypatch.setattr("pipeline.seed.read_seed", lambda **kw: list(tiny_examples))
    open_db(db_path).conn.close()
    from pipeline import train as train_module

    real, seen = train_module.train, {}

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr("pipeline.train.train", spy)
    result = batch.train_model(db_path, folds=2, calibrate=True)
    assert seen["calibrate"] is True and result["n_decisions"] == 0 and result["promoted"]
