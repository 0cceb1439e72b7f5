"""Open the SQLite database: WAL, foreign keys, migrations applied (with a backup of an existing file first)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from pipeline.errors import StoreError
from pipeline.store import migrations

DEFAULT_DB = "telaah.db"


def default_path() -> str:
    """The database path: ``TELAAH_DB`` or ``./telaah.db``."""
    return os.environ.get("TELAAH_DB") or DEFAULT_DB


def now() -> str:
    """UTC time as ISO 8601 with microseconds (sortable text)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def open_db(path: str | os.PathLike | None = None, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (and create or migrate) the database at ``path``; ``":memory:"`` gives an in-memory one.

    Raises:
        StoreError: the file is not an SQLite database or cannot be opened.
    """
    target = str(path) if path is not None else default_path()
    try:
        if target == ":memory:":
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        else:
            parent = Path(target).resolve().parent
            if not parent.exists():
                raise StoreError(f"{target}: folder {parent} does not exist; create it or choose another --db")
            conn = sqlite3.connect(target, isolation_level=None, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        if target != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        db = sqlite_utils.Database(conn)
        if migrate:
            migrations.apply(db, path=None if target == ":memory:" else Path(target))
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{target}: not a telaah database or damaged ({exc}); choose another --db") from exc
    return db


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction (BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any error)."""
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
