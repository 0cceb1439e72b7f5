"""The schema as a list of named migrations. Never edit one that has been released; add ``mNNN_...``.

Applied names are recorded in ``_migrations``. Before an existing database file gets a new migration,
it is copied to ``<name>.bak-<migration>`` with SQLite's backup API.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = []


def migration(fn: Callable[[sqlite_utils.Database], None]) -> Callable[[sqlite_utils.Database], None]:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE transcripts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,              -- file name
            version INTEGER NOT NULL,        -- 1, 2, ... a changed file becomes a new version
            current INTEGER NOT NULL DEFAULT 1,
            path TEXT,
            format TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            text TEXT NOT NULL,              -- stored (normalised, pseudonymised) text; offsets index into it
            metadata TEXT NOT NULL DEFAULT '{}',
            markers TEXT NOT NULL DEFAULT '[]',
            lexicon_version TEXT,
            model_version TEXT,
            ingested_at TEXT NOT NULL,
            UNIQUE (name, version)
        );
        CREATE INDEX idx_transcripts_hash ON transcripts(content_hash);
        CREATE TABLE turns (
            id INTEGER PRIMARY KEY,
            transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            speaker TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('interviewer', 'informant', 'unknown')),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            t_start REAL,
            t_end REAL,
            line INTEGER,
            text TEXT NOT NULL,
            UNIQUE (transcript_id, idx)
        );
        CREATE TABLE passages (
            id TEXT PRIMARY KEY,
            transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            turn_idx INTEGER NOT NULL,
            speaker TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('interviewer', 'informant', 'unknown')),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            t_start REAL,
            t_end REAL,
            text TEXT NOT NULL,
            question TEXT
        );
        CREATE INDEX idx_passages_transcript ON passages(transcript_id, start);
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY,
            passage_id TEXT NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            score REAL NOT NULL,
            polarity TEXT NOT NULL CHECK (polarity IN ('supports', 'against')),
            source TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT '[]',
            model TEXT NOT NULL DEFAULT '',
            lexicon TEXT NOT NULL DEFAULT '',
            uncertainty REAL NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            UNIQUE (passage_id, code)
        );
        CREATE INDEX idx_suggestions_uncertainty ON suggestions(uncertainty DESC);
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('lead', 'coder')),
            password_hash TEXT,              -- NULL: a coder known from imported decisions, without a login
            created_at TEXT NOT NULL
        );
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            passage_id TEXT NOT NULL REFERENCES passages(id),
            code TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('confirm', 'reject')),
            polarity TEXT CHECK (polarity IN ('supports', 'against')),
            coder TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT 'cli',
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_decisions_current ON decisions(passage_id, code, coder, id);
        CREATE INDEX idx_decisions_code ON decisions(code);
        CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
            BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
        CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
            BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
        """
    )


def applied(db: sqlite_utils.Database) -> list[str]:
    if "_migrations" not in db.table_names():
        return []
    return [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY rowid")]


def pending(db: sqlite_utils.Database) -> list[str]:
    done = set(applied(db))
    return [fn.__name__ for fn in MIGRATIONS if fn.__name__ not in done]


def _backup(db: sqlite_utils.Database, path: Path, name: str) -> None:
    target = path.with_name(f"{path.name}.bak-{name}")
    dest = sqlite3.connect(target)
    try:
        db.conn.backup(dest)
    finally:
        dest.close()


def apply(db: sqlite_utils.Database, *, path: Path | None = None) -> list[str]:
    """Apply pending migrations in order, each in its own transaction. Returns the names applied."""
    todo = pending(db)
    if not todo:
        return []
    existing = bool(set(db.table_names()) - {"_migrations"})
    if existing and path is not None and path.exists():
        _backup(db, path, todo[0])
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        # Another process may have migrated while we waited for the lock.
        done = {r[0] for r in conn.execute("SELECT name FROM _migrations")}
        names = []
        for fn in MIGRATIONS:
            if fn.__name__ in done:
                continue
            fn(db)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, datetime('now'))", [fn.__name__]
            )
            names.append(fn.__name__)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return names


@migration
def m050_overrides(db: sqlite_utils.Database) -> None:
    # A researcher's verdict override per code, with a written reason; append-only, the latest row per code
    # counts, and a row with verdict NULL withdraws the override.
    db.executescript(
        """
        CREATE TABLE overrides (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            code TEXT NOT NULL,
            verdict TEXT CHECK (verdict IN ('terpenuhi', 'tidak terpenuhi', 'belum cukup bukti')),
            reason TEXT NOT NULL,
            coder TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TRIGGER overrides_no_update BEFORE UPDATE ON overrides
            BEGIN SELECT RAISE(ABORT, 'overrides are append-only'); END;
        CREATE TRIGGER overrides_no_delete BEFORE DELETE ON overrides
            BEGIN SELECT RAISE(ABORT, 'overrides are append-only'); END;
        """
    )


@migration
def m040_review(db: sqlite_utils.Database) -> None:
    """Review app: login lockout, transcript assignments (double coding), the undo log, queue indexes."""
    db.executescript(
        """
        ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE users ADD COLUMN locked_until TEXT;
        CREATE TABLE assignments (
            id INTEGER PRIMARY KEY,
            transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
            coder TEXT NOT NULL,
            assigned_by TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            UNIQUE (transcript_id, coder)
        );
        CREATE INDEX idx_assignments_coder ON assignments(coder, transcript_id);
        CREATE TABLE undo_steps (           -- the review app's undo stack per coder (not the audit trail)
            id INTEGER PRIMARY KEY,
            coder TEXT NOT NULL,
            decision_ids TEXT NOT NULL,      -- JSON list of decisions.id written by one action
            undone INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_undo_coder ON undo_steps(coder, undone, id);
        CREATE INDEX idx_suggestions_code_uncertainty ON suggestions(code, uncertainty DESC);
        CREATE INDEX idx_suggestions_code_score ON suggestions(code, score);
        CREATE INDEX idx_passages_order ON passages(transcript_id, seq);
        CREATE INDEX idx_passages_speaker ON passages(speaker);
        CREATE INDEX idx_decisions_coder ON decisions(coder, id);
        """
    )


@migration
def m002_ingest_versions(db: sqlite_utils.Database) -> None:
    """Ingest: the passage-id prefix of each transcript (stems shared by two files are disambiguated),
    and a lookup of the current version by name and content hash (re-runs are no-ops)."""
    db.executescript(
        """
        ALTER TABLE transcripts ADD COLUMN stem TEXT;
        CREATE INDEX idx_transcripts_current ON transcripts(name, current, content_hash);
        CREATE INDEX idx_transcripts_stem ON transcripts(stem);
        CREATE INDEX idx_turns_transcript ON turns(transcript_id, idx);
        """
    )


@migration
def m041_review_epoch(db: sqlite_utils.Database) -> None:
    """A counter the review app's in-memory queues watch: bumped when suggestions are updated in place."""
    db.executescript(
        """
        CREATE TABLE review_epoch (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
        INSERT INTO review_epoch (id, n) VALUES (1, 0);
        CREATE TRIGGER suggestions_epoch AFTER UPDATE ON suggestions
            BEGIN UPDATE review_epoch SET n = n + 1 WHERE id = 1; END;
        """
    )
