"""--workers N and --dask-address: the CPU work runs elsewhere, the results are those of a serial run."""

import pytest
from click.testing import CliRunner

from pipeline import flow
from pipeline.keystore import KeySession, load_key
from pipeline.store import open_db
from pipeline.store.batch import dump, integrity

PASSPHRASE = "rahasia-uji"


def _serial(folder, tmp_path, settings):
    """A serial run with its own key; returns (dump, key as dict)."""
    db_path, key_path = tmp_path / "serial.db", tmp_path / "serial.key"
    summary = flow.run([folder], db_path=db_path, settings=settings, privacy=KeySession(key_path, PASSPHRASE))
    assert summary.count("added") == 6
    return dump(open_db(db_path)), load_key(key_path, PASSPHRASE).to_dict()


@pytest.mark.slow
def test_parallel_workers_give_the_serial_results(prefect_harness, batch_folder, tmp_path, ingest_settings,
                                                  monkeypatch):
    from pipeline.cli import cli

    expected, expected_key = _serial(batch_folder, tmp_path, ingest_settings)
    assert "Ratna" not in str(expected) and "[NAMA-" in str(expected) or "Informan" in str(expected)
    monkeypatch.setenv("TELAAH_PASSPHRASE", PASSPHRASE)
    db_path, key_path = tmp_path / "parallel.db", tmp_path / "parallel.key"
    result = CliRunner().invoke(cli, ["run", str(batch_folder), "--db", str(db_path), "--key", str(key_path),
                                      "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert dump(open_db(db_path)) == expected
    assert load_key(key_path, PASSPHRASE).to_dict() == expected_key
    assert integrity(open_db(db_path))["integrity_check"] == "ok"


@pytest.mark.slow
def test_parallel_dask_address_gives_the_serial_results(prefect_harness, batch_folder, tmp_path, ingest_settings):
    from distributed import LocalCluster

    expected, expected_key = _serial(batch_folder, tmp_path, ingest_settings)
    db_path, key_path = tmp_path / "dask.db", tmp_path / "dask.key"
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=":0") as cluster:
        summary = flow.run([batch_folder], db_path=db_path, settings=ingest_settings,
                           privacy=KeySession(key_path, PASSPHRASE), dask_address=cluster.scheduler_address)
    assert summary.count("added") == 6
    assert dump(open_db(db_path)) == expected
    assert load_key(key_path, PASSPHRASE).to_dict() == expected_key


@pytest.mark.slow
def test_parallel_worker_failure_is_reported_for_that_file(prefect_harness, batch_folder, tmp_path,
                                                           ingest_settings):
    (batch_folder / "W03.txt").write_text("hanya satu baris tanpa pembicara\n", encoding="utf-8")
    summary = flow.run([batch_folder], db_path=tmp_path / "p.db", settings=ingest_settings, workers=2)
    assert summary.count("added") == 5 and summary.count("failed") == 1
    assert summary.failures[0].message.startswith("W03.txt")


def test_parallel_unreachable_dask_scheduler_is_a_clear_error():
    from pipeline.errors import PipelineError
    from pipeline.parallel import connect

    with pytest.raises(PipelineError, match=r"--dask-address tcp://127\.0\.0\.1:9: penjadwal Dask tidak dapat"):
        connect("tcp://127.0.0.1:9", timeout=1)
