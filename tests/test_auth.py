import datetime as dt

import pytest

from pipeline import auth
from pipeline.errors import AuthError
from pipeline.store import users

T0 = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.timezone.utc)


def test_auth_hash_and_verify(review_hash):
    assert review_hash.startswith("$argon2id$")
    assert auth.verify_password(review_hash, "rahasia-123")
    assert not auth.verify_password(review_hash, "rahasia-124")
    assert not auth.verify_password(None, "rahasia-123")
    assert not auth.verify_password("not-a-hash", "rahasia-123")


def test_auth_short_password_refused():
    with pytest.raises(AuthError, match="at least 8"):
        auth.hash_password("pendek")


def test_auth_lockout_rule_is_pure():
    failures, until = 0, None
    for _ in range(auth.MAX_FAILURES - 1):
        failures, until = auth.after_failure(failures, T0)
        assert until is None
    failures, until = auth.after_failure(failures, T0)
    assert failures == 0 and until == (T0 + auth.LOCKOUT).isoformat()
    assert auth.is_locked(until, T0 + dt.timedelta(minutes=1))
    assert not auth.is_locked(until, T0 + auth.LOCKOUT + dt.timedelta(seconds=1))
    assert not auth.is_locked(None, T0)


def test_auth_authenticate_locks_after_repeated_failures(db, review_hash):
    users.add_user(db, "ani", "coder", review_hash)
    assert auth.authenticate(db, "ani", "rahasia-123", now=T0).name == "ani"
    for _ in range(auth.MAX_FAILURES - 1):
        with pytest.raises(AuthError, match="bad-login"):
            auth.authenticate(db, "ani", "salah-salah", now=T0)
    with pytest.raises(AuthError, match="locked"):
        auth.authenticate(db, "ani", "salah-salah", now=T0)
    # Even the right password is refused during the lockout, and accepted after it.
    with pytest.raises(AuthError, match="locked"):
        auth.authenticate(db, "ani", "rahasia-123", now=T0 + dt.timedelta(minutes=1))
    later = T0 + auth.LOCKOUT + dt.timedelta(seconds=1)
    assert auth.authenticate(db, "ani", "rahasia-123", now=later).name == "ani"
    assert users.get_user(db, "ani").failed_logins == 0


def test_auth_unknown_user_and_user_without_login(db):
    with pytest.raises(AuthError, match="bad-login"):
        auth.authenticate(db, "hantu", "rahasia-123")
    db.execute("INSERT INTO users (name, role, created_at) VALUES ('eko', 'coder', 'now')")
    with pytest.raises(AuthError, match="bad-login"):
        auth.authenticate(db, "eko", "")
