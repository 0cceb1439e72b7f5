import json

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.records import Decision
from pipeline.store import decisions as store_decisions
from pipeline.store import open_db


def _run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def test_cli_review_users_add_from_stdin_and_list(db_path):
    out = _run("users", "add", "ani", "--role", "lead", "--db", db_path, "--password-stdin", input="rahasia-123\n")
    assert out.exit_code == 0, out.output
    out = _run("users", "add", "ani", "--db", db_path, input="rahasia-456\n")
    assert out.exit_code == 1 and "already exists" in out.output
    out = _run("users", "add", "budi", "--db", db_path, input="pendek\n")
    assert out.exit_code == 1 and "at least 8" in out.output
    listing = _run("users", "list", "--db", db_path).output
    assert "ani\tlead\tlogin" in listing and "budi" not in listing
    out = _run("users", "passwd", "ani", "--db", db_path, input="rahasia-baru\n")
    assert out.exit_code == 0, out.output
    from pipeline import auth

    assert auth.authenticate(open_db(db_path), "ani", "rahasia-baru").name == "ani"
    out = _run("users", "passwd", "hantu", "--db", db_path, input="rahasia-baru\n")
    assert out.exit_code == 1 and "telaah users add hantu" in out.output


def test_cli_review_refuses_remote_without_flag(db_path):
    out = _run("review", "--db", db_path, "--host", "0.0.0.0")
    assert out.exit_code == 1 and "--allow-remote" in out.output


def test_cli_review_serves_with_warning_when_remote_allowed(db_path, monkeypatch):
    served = {}

    class FakeServer:
        server_port = 9999

        def serve_forever(self):
            served["yes"] = True

        def server_close(self):
            served["closed"] = True

    def fake_make_server(host, port, app, threaded):
        served.update(host=host, port=port, threaded=threaded, app=app)
        return FakeServer()

    monkeypatch.setattr("werkzeug.serving.make_server", fake_make_server)
    out = _run("review", "--db", db_path, "--host", "0.0.0.0", "--allow-remote", "--port", "9999")
    assert out.exit_code == 0, out.output
    assert "PERINGATAN" in out.output and served["yes"] and served["closed"] and served["threaded"]
    out = _run("review", "--db", db_path)
    assert "PERINGATAN" not in out.output and served["host"] == "127.0.0.1" and served["port"] == 8765


def test_cli_review_decisions_export_import(review_db_path, tmp_path, review_fill):
    db = open_db(review_db_path)
    store_decisions.record_decision(db, Decision("W01-001", "trust", "confirm", "supports", "ani"))
    db.conn.close()
    path = tmp_path / "d.csv"
    out = _run("decisions", "export", path, "--db", review_db_path, "--include-pending")
    assert out.exit_code == 0 and "7 baris" in out.output
    other = tmp_path / "other.db"
    review_fill(open_db(other)).conn.close()
    out = _run("decisions", "import", path, "--db", other)
    assert out.exit_code == 0 and "1 keputusan" in out.output, out.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"passage_id": "X-001", "code": "trust", "decision": "confirm",
                               "polarity": "supports", "coder": "ani", "note": ""}) + "\n")
    out = _run("decisions", "import", bad, "--db", other)
    assert out.exit_code == 1 and "row 1: unknown passage id 'X-001'" in out.output


def test_cli_review_assign_and_agreement(review_db_path):
    out = _run("assign", "W01.txt", "ani", "budi", "--db", review_db_path)
    assert out.exit_code == 0 and "W01.txt: ani, budi" in out.output
    assert "Belum ada petikan" in _run("agreement", "--db", review_db_path).output
    db = open_db(review_db_path)
    store_decisions.record_decisions(db, [
        Decision("W01-001", "trust", "confirm", "supports", "ani"),
        Decision("W01-001", "trust", "reject", None, "budi"),
        Decision("W01-002", "trust", "confirm", "supports", "ani"),
        Decision("W01-002", "trust", "confirm", "supports", "budi"),
    ])
    db.conn.close()
    data = json.loads(_run("agreement", "--db", review_db_path, "--format", "json").output)
    trust = next(r for r in data["codes"] if r["code"] == "trust")
    assert trust["units"] == 2 and trust["percent"] == pytest.approx(0.5)
    csv_out = _run("agreement", "--db", review_db_path, "--format", "csv", "--machine").output
    assert csv_out.startswith("code,units,coders,percent,kappa,alpha")
    assert "trust" in _run("agreement", "--db", review_db_path).output
    out = _run("assign", "W09.txt", "ani", "--db", review_db_path)
    assert out.exit_code == 1 and "W09.txt" in out.output


@pytest.mark.slow
def test_cli_review_real_server_process(review_db_path):
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "review", "--db", str(review_db_path),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline, body = time.time() + 30, ""
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/queue", timeout=5) as resp:
                    body = resp.read().decode()  # redirected to the login page
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        assert 'name="password"' in body and "Masuk" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)
