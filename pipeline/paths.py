"""Where the project's shipped data lives (lexicons/, models/, transcripts/) and the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEXICONS = ROOT / "lexicons"
MODELS = ROOT / "models"
TRANSCRIPTS = ROOT / "transcripts"


def data_dir() -> Path:
    """telaah's per-project data folder (``TELAAH_HOME``, else the ``data_dir`` setting, ``./.telaah`` by default);
    created on first use."""
    from pipeline import config

    path = Path(os.environ.get("TELAAH_HOME") or config.load()["data_dir"])
    path.mkdir(parents=True, exist_ok=True)
    return path
