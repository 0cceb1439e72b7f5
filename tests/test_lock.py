"""The run lock: one writing run per database; a dead holder (even SIGKILLed) never blocks the next run."""

import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from pipeline.errors import DatabaseBusy
from pipeline.lock import holder, lock_path, run_lock

HOLD = "import sys, time; from pipeline.lock import run_lock\nwith run_lock(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(60)\n"


def _holder_process(db_path):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db_path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_lock_refuses_a_second_run_and_names_the_holder(db_path):
    with run_lock(db_path, command="telaah run"):
        assert holder(db_path)["pid"] == os.getpid()
        with pytest.raises(DatabaseBusy, match=rf"run lain sedang menulis.*pid {os.getpid()}, telaah run"):
            with run_lock(db_path):
                pass
    with run_lock(db_path):  # released: the next run goes ahead
        pass
    assert lock_path(db_path).name == "telaah.db.run.lock"


def test_lock_of_a_killed_process_does_not_block(db_path):
    proc = _holder_process(db_path)
    try:
        with pytest.raises(DatabaseBusy, match=f"pid {proc.pid}"):
            with run_lock(db_path):
                pass
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert lock_path(db_path).exists()  # the stale file stays, but nobody holds it
    start = time.perf_counter()
    with run_lock(db_path):
        assert holder(db_path)["pid"] == os.getpid()
    assert time.perf_counter() - start < 1


def test_lock_memory_database_needs_no_lock():
    with run_lock(":memory:") as path, run_lock(":memory:") as again:
        assert path is None and again is None


def test_lock_cli_run_refuses_while_another_run_writes(db_path, tmp_path, ingest_data, monkeypatch):
    from pipeline.cli import cli

    monkeypatch.setenv("TELAAH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TELAAH_PASSPHRASE", "rahasia-uji")
    proc = _holder_process(db_path)
    try:
        result = CliRunner().invoke(cli, ["run", str(ingest_data / "labels_pi.txt"), "--db", str(db_path)])
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert result.exit_code == 1
    assert f"run lain sedang menulis ke database ini (pid {proc.pid}" in result.output
    from pipeline.store import open_db

    assert open_db(db_path).execute("SELECT COUNT(*) FROM transcripts").fetchone()[0] == 0


def test_lock_unwritable_folder_is_a_clear_error(tmp_path):
    from pipeline.errors import StoreError

    folder = tmp_path / "baca-saja"
    folder.mkdir()
    (folder / "telaah.db.run.lock").mkdir()  # a directory where the lock file should be: cannot be opened
    with pytest.raises(StoreError, match="berkas kunci run tidak dapat dibuat"):
        with run_lock(folder / "telaah.db"):
            pass
