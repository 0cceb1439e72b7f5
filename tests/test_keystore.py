import json
import os
import stat

import pytest

from pipeline.errors import PrivacyError
from pipeline.keystore import decrypt, default_key_path, encrypt, load_key, save_key
from pipeline.privacy import PseudonymKey


@pytest.fixture
def key():
    return PseudonymKey().add_names(["Darmo", "Sri Wahyuni"])


def test_keystore_round_trip(tmp_path, key):
    path = save_key(tmp_path / "k" / "pseudonyms.key", key, "rahasia-uji")
    assert load_key(path, "rahasia-uji") == key


def test_keystore_file_holds_no_plain_names(tmp_path, key):
    path = save_key(tmp_path / "pseudonyms.key", key, "rahasia-uji")
    raw = path.read_bytes()
    assert b"Darmo" not in raw and b"NAMA" not in raw
    assert json.loads(raw)["kdf"] == "scrypt"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_keystore_wrong_passphrase_is_a_clear_error(tmp_path, key):
    path = save_key(tmp_path / "pseudonyms.key", key, "rahasia-uji")
    with pytest.raises(PrivacyError, match="wrong passphrase"):
        load_key(path, "salah")


def test_keystore_save_refuses_other_passphrase_and_keeps_old_file(tmp_path, key):
    path = save_key(tmp_path / "pseudonyms.key", key, "rahasia-uji")
    before = path.read_bytes()
    with pytest.raises(PrivacyError, match="wrong passphrase"):
        save_key(path, PseudonymKey(), "lain")
    assert path.read_bytes() == before


def test_keystore_missing_file_is_an_empty_key(tmp_path):
    assert load_key(tmp_path / "none.key", "apa saja") == PseudonymKey()


def test_keystore_empty_passphrase_refused(tmp_path, key):
    with pytest.raises(PrivacyError, match="empty"):
        save_key(tmp_path / "pseudonyms.key", key, "")


def test_keystore_not_a_key_file(tmp_path):
    bad = tmp_path / "pseudonyms.key"
    bad.write_text("bukan kunci")
    with pytest.raises(PrivacyError, match="not a telaah pseudonym key"):
        load_key(bad, "rahasia-uji")


def test_keystore_tampered_token_is_refused(key):
    data = json.loads(encrypt(key, "rahasia-uji", n=2**10))
    data["token"] = data["token"][:-6] + "AAAAAA"
    with pytest.raises(PrivacyError, match="wrong passphrase, or the key file was changed"):
        decrypt(json.dumps(data).encode(), "rahasia-uji")


def test_keystore_crash_during_write_keeps_old_key(tmp_path, key, monkeypatch):
    path = save_key(tmp_path / "pseudonyms.key", key, "rahasia-uji")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(PrivacyError, match="cannot write"):
        save_key(path, key.add_names(["Gito"]), "rahasia-uji")
    monkeypatch.undo()
    assert load_key(path, "rahasia-uji") == key
    assert [p.name for p in tmp_path.iterdir()] == ["pseudonyms.key"]


def test_keystore_default_path_under_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TELAAH_HOME", str(tmp_path))
    assert default_key_path() == tmp_path / "pseudonyms.key"
    assert default_key_path("x") == default_key_path("x").parent / "pseudonyms.key"


def test_keystore_session_prepare_learns_every_file_and_saves(tmp_path, leaky_sources):
    from pipeline.keystore import KeySession

    (leaky_sources / "rusak.txt").write_text("tanpa label pembicara sama sekali")
    session = KeySession(tmp_path / "pseudonyms.key", "rahasia-uji")
    key = session.prepare(sorted(leaky_sources.iterdir()))
    assert load_key(session.path, "rahasia-uji") == key
    kinds = {e.kind for e in key.entries}
    assert kinds == {"INFORMAN", "NAMA", "NIP", "NIK", "NRP", "TELEPON", "EMAIL"}
    again = KeySession(session.path, "rahasia-uji").prepare(sorted(leaky_sources.iterdir()))
    assert again == key


def test_keystore_session_rereads_key_changed_by_another_run(tmp_path, leaky_sources):
    from pipeline.keystore import KeySession

    path = tmp_path / "pseudonyms.key"
    first = KeySession(path, "rahasia-uji")
    second = KeySession(path, "rahasia-uji")
    first.prepare([leaky_sources / "L01.txt"])
    key = second.prepare([leaky_sources / "L03.srt"])
    originals = {e.original for e in key.entries}
    assert {"Ratna", "Suparman"} <= originals
    assert len({e.pseudonym for e in key.entries if e.source != "alias"}) == len(
        [e for e in key.entries if e.source != "alias"]
    )
    assert load_key(path, "rahasia-uji") == key
