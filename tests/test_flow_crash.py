"""Crash safety: `telaah run` killed with SIGKILL mid-batch leaves a consistent database, and the next run
finishes the batch with no duplicates and no lost decisions (a real subprocess, a real kill)."""

import os
import signal
import subprocess
import sys
import time

import pytest

from pipeline.keystore import load_key
from pipeline.records import Decision
from pipeline.store import decisions as store_decisions
from pipeline.store import open_db
from pipeline.store.batch import dump, integrity

PASSPHRASE = "rahasia-uji"


def _env(tmp_path, **extra):
    env = dict(os.environ, TELAAH_HOME=str(tmp_path / "home"), TELAAH_PASSPHRASE=PASSPHRASE, **extra)
    env.pop("TELAAH_DB", None)
    return env


def _telaah(args, env, log):
    """`telaah ARGS` in its own process group (so that the kill takes Prefect's server process with it)."""
    with open(log, "w") as out:
        return subprocess.Popen([sys.executable, "-m", "pipeline", *args], env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def _count(db_path) -> int:
    if not db_path.exists():
        return 0
    db = open_db(db_path, migrate=False)
    try:
        return db.execute("SELECT COUNT(*) FROM transcripts").fetchone()[0] if "transcripts" in db.table_names() else 0
    finally:
        db.conn.close()


def _wait_for(predicate, proc, timeout=120):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        assert proc.poll() is None, "the run ended before it could be killed"
        time.sleep(0.05)
    raise AssertionError("timed out")


def _check_consistent(db):
    checks = integrity(db)
    assert checks == {"integrity_check": "ok", "duplicate_transcripts": 0, "duplicate_contents": 0,
                      "transcripts_without_passages": 0, "orphan_suggestions": 0, "foreign_key_errors": 0}


@pytest.mark.slow
@pytest.mark.parametrize("where", ["after_commit", "while_writing"])
def test_flow_crash_kill_and_resume(where, batch_folder, tmp_path):
    from conftest import write_batch

    write_batch(batch_folder, count=12)
    db_path = tmp_path / "studi.db"
    # after_commit: killed while sleeping after the 3rd stored transcript; while_writing: killed while the
    # transaction of the 3rd transcript is open (each is held open 2 s)
    extra = {"TELAAH_TEST_PAUSE_AFTER": "3"} if where == "after_commit" else {"TELAAH_TEST_SLOW_WRITES": "2"}
    proc = _telaah(["run", str(batch_folder), "--db", str(db_path)], _env(tmp_path, **extra), tmp_path / "1.log")
    try:
        _wait_for(lambda: _count(db_path) >= (3 if where == "after_commit" else 2), proc)
        time.sleep(0.5)  # inside the pause, or inside the open transaction of the third transcript
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the run and everything it started, as a power cut would
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    db = open_db(db_path)
    stored = _count(db_path)
    assert stored == (3 if where == "after_commit" else 2)  # the open transaction left nothing behind
    _check_consistent(db)
    first = db.execute("SELECT id FROM passages WHERE role <> 'interviewer' ORDER BY id LIMIT 1").fetchone()[0]
    store_decisions.record_decision(db, Decision(first, "trust", "confirm", "supports", "ani", note="sebelum"))
    before = dump(db)

    again = _telaah(["run", str(batch_folder), "--db", str(db_path)], _env(tmp_path), tmp_path / "2.log")
    try:
        again.wait(timeout=240)
    finally:
        if again.poll() is None:
            os.killpg(again.pid, signal.SIGKILL)
    assert again.returncode == 0, (tmp_path / "2.log").read_text()
    _check_consistent(db)
    after = dump(db)
    assert len(after["transcripts"]) == 12 and {t[1] for t in after["transcripts"]} == {1}
    assert set(before["passages"]) <= set(after["passages"])  # what was stored stays as it was
    assert len({p[1] for p in after["passages"]}) == len(after["passages"]) == 12 * 8
    assert db.execute("SELECT passage_id, code, note FROM decisions").fetchall() == [(first, "trust", "sebelum")]
    key = load_key(tmp_path / "home" / "pseudonyms.key", PASSPHRASE)
    text = " ".join(t[4] for t in after["transcripts"])
    assert key.to_dict() and "Ratna" not in text and "Gunawan" not in text
