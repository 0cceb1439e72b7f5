import json

import pytest
import sqlite_utils
from click.testing import CliRunner

from pipeline.cli import cli


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("TELAAH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TELAAH_PASSPHRASE", "rahasia-uji")
    monkeypatch.delenv("TELAAH_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args, **kw):
    return CliRunner().invoke(cli, ["privacy", *args], catch_exceptions=False, **kw)


def test_cli_privacy_add_show_remove(env):
    out = _run("add", "Darmo", "Sri Wahyuni", "Yuni=Sri Wahyuni")
    assert out.exit_code == 0, out.output
    assert "Darmo -> [NAMA-1]" in out.output and "Yuni -> [NAMA-2]" in out.output
    assert (env / "home" / "pseudonyms.key").exists()
    shown = _run("show").output
    assert "[NAMA-2]" in shown and "Sri Wahyuni" in shown
    out = _run("remove", "darmo")
    assert "dihapus: Darmo ([NAMA-1])" in out.output
    shown = _run("show").output
    assert "Darmo  (list)" not in shown and "never replaced: darmo" in shown


def test_cli_privacy_wrong_passphrase_exit_1(env, tmp_path):
    _run("add", "Darmo")
    wrong = tmp_path / "pass.txt"
    wrong.write_text("salah\n")
    out = _run("show", "--passphrase-file", str(wrong))
    assert out.exit_code == 1
    assert "wrong passphrase" in out.output


def test_cli_privacy_passphrase_file_and_key_option(env, tmp_path):
    pw = tmp_path / "pass.txt"
    pw.write_text("dari-berkas\n")
    key = tmp_path / "lain" / "k.key"
    assert _run("add", "Gito", "--key", str(key), "--passphrase-file", str(pw)).exit_code == 0
    assert "Gito" in _run("show", "--key", str(key), "--passphrase-file", str(pw)).output
    assert _run("show", "--key", str(key)).exit_code == 1  # env passphrase differs


def test_cli_privacy_no_passphrase_non_interactive(env, monkeypatch):
    monkeypatch.delenv("TELAAH_PASSPHRASE")
    out = _run("show")
    assert out.exit_code == 1
    assert "needs a passphrase" in out.output


def test_cli_privacy_scan_exit_codes(env, tmp_path):
    leak = tmp_path / "p.jsonl"
    leak.write_text(json.dumps({"id": "a", "text": "HP saya 0812-3456-7890"}) + "\n")
    out = _run("scan", str(leak))
    assert out.exit_code == 1
    assert "baris 1 text: TELEPON" in out.output
    assert "3456" not in out.output
    clean = tmp_path / "c.md"
    clean.write_text("Informan 1: nomornya [TELEPON-1], Peraturan BKN Nomor 5 Tahun 2019.")
    out = _run("scan", str(clean))
    assert out.exit_code == 0 and "Bersih" in out.output


def test_cli_privacy_scan_defaults_to_db_and_names(env, tmp_path):
    db = sqlite_utils.Database(tmp_path / "telaah.db")
    db["passages"].insert({"id": "W-001", "text": "Kata Darmo sudah beres."})
    db.conn.close()
    assert _run("scan", "--db", str(tmp_path / "telaah.db")).exit_code == 0
    _run("add", "Darmo")
    out = _run("scan", "--names", "--db", str(tmp_path / "telaah.db"))
    assert out.exit_code == 1 and "passages.text, baris 1: NAMA" in out.output


@pytest.mark.slow
def test_cli_privacy_run_then_scan_db_and_passages_find_nothing(env, tmp_path, leaky_sources):
    from conftest import LEAKY_ORIGINALS

    raw = _run("scan", str(leaky_sources)).output  # the sources themselves are full of identifiers
    for name in ("L01.txt", "L02.vtt", "L03.srt", "L04.docx"):
        assert name in raw
    db = str(tmp_path / "run.db")
    runner = CliRunner()
    out = runner.invoke(cli, ["run", "--db", db, str(leaky_sources)])
    assert out.exit_code == 0, out.output
    assert (env / "home" / "pseudonyms.key").exists()
    scan = _run("scan", "--names", db)
    assert scan.exit_code == 0, scan.output
    for fmt in ("jsonl", "csv"):
        listing = runner.invoke(cli, ["passages", "--db", db, "--format", fmt])
        assert listing.exit_code == 0, listing.output
        export = tmp_path / f"passages.{fmt}"
        export.write_text(listing.output, encoding="utf-8")
        assert "Informan 1" in listing.output and "[NIP-1]" in listing.output
        for original in LEAKY_ORIGINALS:
            assert original not in listing.output, (fmt, original)
        scan = _run("scan", "--names", str(export))
        assert scan.exit_code == 0, scan.output
    report = runner.invoke(cli, ["report", "--db", db, "--out", str(tmp_path / "laporan"), "--dry-run"])
    qdpx = runner.invoke(cli, ["export", "qdpx", "--db", db, str(tmp_path / "proyek.qdpx")])
    assert report.exit_code == 0 and qdpx.exit_code == 0, report.output + qdpx.output
    scan = _run("scan", "--names", str(tmp_path / "laporan"), str(tmp_path / "proyek.qdpx"))
    assert scan.exit_code == 0, scan.output
    shown = _run("show").output
    assert "Suparman" in shown and "[NRP-1]" in shown
    again = runner.invoke(cli, ["run", "--db", db, str(leaky_sources)])
    assert again.exit_code == 0 and _run("show").output == shown


def test_cli_privacy_prompt_when_interactive(env, monkeypatch):
    import sys

    from pipeline.cli import privacy_cmds

    class Tty:
        def isatty(self):
            return True

    asked = []

    def prompt(text, **kw):
        asked.append((text, kw["confirmation_prompt"]))
        return "dari-prompt"

    monkeypatch.delenv("TELAAH_PASSPHRASE")
    monkeypatch.setattr(sys, "stdin", Tty())
    monkeypatch.setattr(privacy_cmds.click, "prompt", prompt)
    assert privacy_cmds.get_passphrase(None, new=True) == "dari-prompt"
    assert asked == [("Frasa sandi kunci samaran baru", True)]


def test_cli_privacy_run_with_wrong_passphrase_stores_nothing(env, tmp_path, leaky_sources):
    _run("add", "Darmo")
    bad = tmp_path / "salah.txt"
    bad.write_text("salah\n")
    db = tmp_path / "run.db"
    out = CliRunner().invoke(cli, ["run", "--db", str(db), "--passphrase-file", str(bad), str(leaky_sources)])
    assert out.exit_code == 1
    assert "wrong passphrase" in out.output
    assert not db.exists()
