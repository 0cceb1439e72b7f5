"""Settings: defaults with help text in one table; ``telaah.toml`` overrides them; CLI options override the file.

Unknown keys are errors. Every setting is documented in the README (a test checks it).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import InvalidConfig


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


DEFAULTS: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting("max_words", 120, "Giliran informan lebih panjang dari ini dipecah di batas kalimat."),
        Setting(
            "interviewer_labels",
            ["pewawancara", "peneliti", "interviewer", "p", "q", "tanya", "penanya", "moderator"],
            "Label pembicara yang menandai pewawancara (huruf kecil).",
        ),
        Setting(
            "informant_labels",
            ["informan", "narasumber", "responden", "i", "a", "jawab", "partisipan", "subjek"],
            "Label pembicara yang menandai informan (huruf kecil; nama orang juga dianggap informan).",
        ),
        Setting(
            "max_file_mb",
            20,
            "Berkas transkrip lebih besar dari ini (MB) ditolak dengan pesan yang jelas.",
        ),
        Setting("data_dir", ".telaah", "Folder data telaah (rumah Prefect, kunci samaran, model terlatih)."),
        Setting("codebook", "", "Berkas codebook YAML (kosong: lexicons/deseve.yaml bawaan)."),
        Setting("min_informants", 2, "Skor: informan pendukung minimal (N) agar unsur terpenuhi."),
        Setting("min_against", 1, "Skor: bukti kontra minimal (A) agar unsur dinyatakan tidak terpenuhi."),
    ]
}


def load(path: str | os.PathLike | None = None) -> dict[str, Any]:
    """Return the settings: defaults, overridden by ``path`` (or ``./telaah.toml`` when it exists).

    Raises:
        InvalidConfig: the file is not valid TOML or has an unknown key.
    """
    values = {name: s.default for name, s in DEFAULTS.items()}
    file = Path(path) if path else Path("telaah.toml")
    if path and not file.exists():
        raise InvalidConfig(f"{file}: configuration file not found")
    if file.exists():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise InvalidConfig(f"{file}: not valid TOML ({exc})") from exc
        for key, value in data.items():
            if key not in DEFAULTS:
                known = ", ".join(sorted(DEFAULTS))
                raise InvalidConfig(f"{file}: unknown setting {key!r}; known settings: {known}")
            values[key] = value
    return values
