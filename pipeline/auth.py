"""Passwords and logins of the review app: argon2 hashes and a short lockout after repeated failures.

The lockout rule is pure (:func:`after_failure`, :func:`is_locked`); :func:`authenticate` applies it over the
store. Messages never tell whether the user name or the password was wrong.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pipeline.errors import AuthError
from pipeline.store import users as store_users

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=5)
MIN_PASSWORD = 8

_hasher = PasswordHasher()
# Verified when the user does not exist, so a wrong name costs as much time as a wrong password.
_DUMMY = _hasher.hash("telaah-dummy-password")


def hash_password(password: str) -> str:
    """The argon2id hash of ``password``.

    Raises:
        AuthError: the password is shorter than 8 characters.
    """
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"password too short: use at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``password_hash`` (False for a user without a login)."""
    try:
        return _hasher.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def _utc(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.timezone.utc)


def is_locked(locked_until: str | None, now: dt.datetime | None = None) -> bool:
    """True while a lockout that ends at ``locked_until`` (ISO time) is running."""
    return bool(locked_until) and dt.datetime.fromisoformat(locked_until) > _utc(now)


def after_failure(failures: int, now: dt.datetime | None = None) -> tuple[int, str | None]:
    """The new failure count and lockout end after one more failed login.

    After ``MAX_FAILURES`` failures in a row the account is locked for ``LOCKOUT`` and the count restarts.
    """
    failures += 1
    if failures >= MAX_FAILURES:
        return 0, (_utc(now) + LOCKOUT).isoformat()
    return failures, None


def authenticate(
    db: sqlite_utils.Database, name: str, password: str, *, now: dt.datetime | None = None
) -> store_users.User:
    """The user when ``name`` and ``password`` match and the account is not locked.

    Raises:
        AuthError: wrong name or password, or the account is locked for a few minutes.
    """
    user = store_users.get_user(db, name)
    if user is not None and is_locked(user.locked_until, now):
        raise AuthError("locked")
    if user is None or not verify_password(user.password_hash, password):
        if user is not None and user.can_login:
            failures, until = after_failure(user.failed_logins, now)
            store_users.record_failure(db, name, failures, until)
            if until:
                raise AuthError("locked")
        raise AuthError("bad-login")
    if user.failed_logins:
        store_users.record_success(db, name)
    return user
