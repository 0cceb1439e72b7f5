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
