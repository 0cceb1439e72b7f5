"""Shared fixtures (all of them live here)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Prefect must never touch ~/.prefect, and tests never reach the network.
_PREFECT_HOME = tempfile.mkdtemp(prefix="telaah-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
DEVSET = ROOT.parent / "shared" / "devset"


@pytest.fixture
def db():
    """An in-memory, migrated database."""
    from pipeline.store import open_db

    database = open_db(":memory:")
    yield database
    database.conn.close()


@pytest.fixture
def db_path(tmp_path):
    """A path for an on-disk database in a temporary folder."""
    return tmp_path / "telaah.db"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def devset_dir() -> Path:
    if not DEVSET.exists():
        pytest.skip(f"development set not found at {DEVSET}")
    return DEVSET


@pytest.fixture
def tiny_codebook():
    """A four-code codebook with one parent and two children (built in code, not from YAML)."""
    from pipeline.records import Codebook, CodebookElement

    return Codebook(
        name="tiny",
        version="1",
        elements=(
            CodebookElement("trust", "Saling percaya", "Trust"),
            CodebookElement("governance", "Tata kelola", "Governance"),
            CodebookElement("governance.rules", "Aturan main", "Rules", parent="governance"),
            CodebookElement("governance.network_management", "Manajemen jaringan", "Network management",
                            parent="governance"),
        ),
    )


@pytest.fixture
def coded_db(db):
    """Two current transcripts with informant passages, suggestions and confirmed decisions (fabricated)."""
    from pipeline.records import Decision
    from pipeline.store import decisions as store_decisions

    for tid, name in [(1, "W1.txt"), (2, "W2.txt")]:
        db.execute("INSERT INTO transcripts (id, name, version, current, format, content_hash, text, ingested_at) "
                   "VALUES (?, ?, 1, 1, 'txt', ?, 'x', 'now')", [tid, name, f"h{tid}"])
    passages = [
        ("W1-001", 1, "Kami percaya data dari BKN.", 0),
        ("W1-002", 1, "Belum ada MoU sampai sekarang.", 40),
        ("W2-001", 2, "Kanreg percaya verifikasi kami.", 0),
        ("W2-002", 2, "Aturannya sudah jelas, ada SOP.", 40),
    ]
    for pid, tid, text, start in passages:
        db.execute("INSERT INTO passages (id, transcript_id, seq, turn_idx, speaker, role, start, \"end\", text) "
                   "VALUES (?, ?, 1, 0, 'Informan 1', 'informant', ?, ?, ?)", [pid, tid, start, start + len(text), text])
    store_decisions.record_decisions(db, [
        Decision("W1-001", "trust", "confirm", "supports", "ani"),
        Decision("W2-001", "trust", "confirm", "supports", "budi"),
        Decision("W1-002", "governance.rules", "confirm", "against", "ani", note="tidak ada MoU"),
        Decision("W2-002", "governance.rules", "confirm", "supports", "budi"),
        Decision("W2-002", "trust", "reject", None, "budi"),
    ])
    return db
