"""Read every text cell of a database, for the privacy scan. Read-only."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from pipeline.errors import StoreError


def open_readonly(path: str | os.PathLike) -> sqlite_utils.Database:
    """Open a database file read-only (no migration, no journal change), for scanning.

    Raises:
        StoreError: the file is not an SQLite database.
    """
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not an SQLite database or damaged ({exc})") from exc
    return sqlite_utils.Database(conn)


def text_cells(db: sqlite_utils.Database) -> Iterator[tuple[str, str, object, str]]:
    """Every non-empty text value in every table: ``(table, column, rowid or primary key, value)``.

    Text stored in BLOB or JSON columns is included when it decodes as UTF-8.
    """
    for table in db.table_names():
        if table.startswith("sqlite_") or table.endswith(("_fts", "_fts_data", "_fts_idx", "_fts_docsize")):
            continue
        columns = [c.name for c in db[table].columns]
        quoted = ", ".join(f"[{c}]" for c in columns)
        try:
            rows = db.execute(f"SELECT rowid, {quoted} FROM [{table}]")
        except sqlite3.OperationalError:  # a WITHOUT ROWID table
            rows = db.execute(f"SELECT NULL, {quoted} FROM [{table}]")
        for n, row in enumerate(rows, start=1):
            ref = row[0] if row[0] is not None else n
            for column, value in zip(columns, row[1:]):
                if isinstance(value, bytes):
                    try:
                        value = value.decode("utf-8")
                    except UnicodeDecodeError:
                        continue
                if isinstance(value, int) and abs(value) >= 10**9:
                    value = str(value)  # a long number stored as INTEGER can still be an identifier
                if isinstance(value, str) and value:
                    yield table, column, ref, value
