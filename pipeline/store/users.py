"""Accounts of the review app: leads and coders, their password hashes and failed-login counters.

A coder known only from imported decisions has no password hash (no login) until ``telaah users add`` gives one.
Hashing and the lockout rule live in :mod:`pipeline.auth`; this module only stores.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from pipeline.errors import AuthError, NotFound
from pipeline.store.db import now, transaction

ROLES: tuple[str, ...] = ("lead", "coder")


@dataclass(frozen=True, slots=True)
class User:
    """One account row."""

    name: str
    role: str
    password_hash: str | None = None
    failed_logins: int = 0
    locked_until: str | None = None
    created_at: str = ""

    @property
    def can_login(self) -> bool:
        return bool(self.password_hash)

    @property
    def is_lead(self) -> bool:
        return self.role == "lead"


_COLS = "name, role, password_hash, failed_logins, locked_until, created_at"


def get_user(db: sqlite_utils.Database, name: str) -> User | None:
    """The user called ``name``, or None."""
    row = db.execute(f"SELECT {_COLS} FROM users WHERE name = ?", [name]).fetchone()
    return User(*row) if row else None


def require_user(db: sqlite_utils.Database, name: str) -> User:
    """The user called ``name``.

    Raises:
        NotFound: there is no such user.
    """
    user = get_user(db, name)
    if user is None:
        raise NotFound(f"user {name!r} does not exist; add it with `telaah users add {name} --role coder`")
    return user


def list_users(db: sqlite_utils.Database) -> list[User]:
    """Every user, by name."""
    return [User(*r) for r in db.execute(f"SELECT {_COLS} FROM users ORDER BY name")]


def add_user(db: sqlite_utils.Database, name: str, role: str, password_hash: str) -> User:
    """Create a login, or give one to a coder known only from imported decisions.

    Raises:
        AuthError: the name is empty, the role unknown, or the user already has a login.
    """
    name = name.strip()
    if not name or len(name) > 64:
        raise AuthError("user name must be 1 to 64 characters")
    if role not in ROLES:
        raise AuthError(f"role {role!r} is unknown; use one of {', '.join(ROLES)}")
    with transaction(db):
        existing = get_user(db, name)
        if existing is not None and existing.can_login:
            raise AuthError(f"user {name!r} already exists; choose another name")
        if existing is None:
            db.execute(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                [name, role, password_hash, now()],
            )
        else:
            db.execute("UPDATE users SET role = ?, password_hash = ? WHERE name = ?", [role, password_hash, name])
    return require_user(db, name)


def set_password(db: sqlite_utils.Database, name: str, password_hash: str) -> None:
    """Replace a user's password hash (and clear the lockout)."""
    require_user(db, name)
    with transaction(db):
        db.execute(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE name = ?",
            [password_hash, name],
        )


def record_failure(db: sqlite_utils.Database, name: str, failures: int, locked_until: str | None) -> None:
    """Store the failed-login counter and the end of a lockout (None: not locked)."""
    with transaction(db):
        db.execute(
            "UPDATE users SET failed_logins = ?, locked_until = ? WHERE name = ?", [failures, locked_until, name]
        )


def record_success(db: sqlite_utils.Database, name: str) -> None:
    """Clear the failed-login counter after a good login."""
    with transaction(db):
        db.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = ?", [name])
