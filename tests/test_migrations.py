import sqlite3

import pytest

from pipeline.store import migrations, open_db


def test_migrations_blank_db_has_schema(db):
    tables = set(db.table_names())
    assert {"transcripts", "turns", "passages", "suggestions", "users", "decisions", "_migrations"} <= tables
    assert migrations.pending(db) == []
    assert migrations.applied(db)[0] == "m001_initial"


def test_migrations_decisions_are_append_only(db):
    db.execute("INSERT INTO transcripts (name, version, format, content_hash, text, ingested_at) "
               "VALUES ('a.txt', 1, 'txt', 'h', 'x', 'now')")
    db.execute("INSERT INTO passages (id, transcript_id, seq, turn_idx, speaker, role, start, \"end\", text) "
               "VALUES ('a-001', 1, 1, 0, 'I', 'informant', 0, 1, 'x')")
    db.execute("INSERT INTO decisions (passage_id, code, decision, polarity, coder, created_at) "
               "VALUES ('a-001', 'trust', 'confirm', 'supports', 'ani', 'now')")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE decisions SET decision = 'reject'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM decisions")


def test_migrations_file_db_is_wal_with_foreign_keys(db_path):
    database = open_db(db_path)
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    database.conn.close()
    # Re-opening applies nothing and keeps the data.
    again = open_db(db_path)
    assert migrations.pending(again) == []


def test_migrations_backup_before_migrating_existing_db(db_path, monkeypatch):
    database = open_db(db_path)
    database.conn.close()

    def m999_test(db):
        db.execute("CREATE TABLE extra (x)")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_test])
    again = open_db(db_path)
    assert "extra" in again.table_names()
    assert (db_path.parent / "telaah.db.bak-m999_test").exists()


def test_migrations_not_a_database(tmp_path):
    from pipeline.errors import StoreError

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="bad.db"):
        open_db(bad)
