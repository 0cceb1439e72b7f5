import pytest

from pipeline.errors import AuthError, NotFound
from pipeline.records import Decision
from pipeline.store import decisions, migrations, users


def test_store_users_migration_adds_review_tables(db):
    assert "m040_review" in migrations.applied(db)
    assert {"assignments", "undo_steps"} <= set(db.table_names())
    assert {"failed_logins", "locked_until"} <= set(db["users"].columns_dict)


def test_store_users_add_list_and_get(db):
    users.add_user(db, "ani", "coder", "hash-a")
    users.add_user(db, "dina", "lead", "hash-d")
    assert [(u.name, u.role, u.is_lead) for u in users.list_users(db)] == [
        ("ani", "coder", False), ("dina", "lead", True)]
    assert users.get_user(db, "nobody") is None
    with pytest.raises(NotFound, match="telaah users add nobody"):
        users.require_user(db, "nobody")


@pytest.mark.parametrize("name, role, match", [
    ("", "coder", "1 to 64"), ("ani", "boss", "role 'boss' is unknown")])
def test_store_users_add_rejects_bad_input(db, name, role, match):
    with pytest.raises(AuthError, match=match):
        users.add_user(db, name, role, "h")


def test_store_users_add_refuses_duplicate_login(db):
    users.add_user(db, "ani", "coder", "h")
    with pytest.raises(AuthError, match="already exists"):
        users.add_user(db, "ani", "lead", "h2")


def test_store_users_imported_coder_gets_a_login(db):
    db.execute("INSERT INTO transcripts (name, version, format, content_hash, text, ingested_at) "
               "VALUES ('a.txt', 1, 'txt', 'h', 'x', 'now')")
    db.execute("INSERT INTO passages (id, transcript_id, seq, turn_idx, speaker, role, start, \"end\", text) "
               "VALUES ('a-001', 1, 1, 0, 'I', 'informant', 0, 1, 'x')")
    decisions.record_decision(db, Decision("a-001", "trust", "reject", None, "eko", origin="import"))
    assert not users.require_user(db, "eko").can_login
    user = users.add_user(db, "eko", "lead", "hash-e")
    assert user.can_login and user.role == "lead"


def test_store_users_failures_and_password_reset(db):
    users.add_user(db, "ani", "coder", "h")
    users.record_failure(db, "ani", 3, "2030-01-01T00:00:00+00:00")
    assert users.get_user(db, "ani").failed_logins == 3
    users.set_password(db, "ani", "h2")
    user = users.get_user(db, "ani")
    assert (user.password_hash, user.failed_logins, user.locked_until) == ("h2", 0, None)
