"""The model registry: a JSON file listing every trained model version and which one is active.

Two registries exist: the shipped one (``models/registry.json``, the baseline trained on the seed corpus, read-only)
and the user's (``data_dir()/models/registry.json``), which ``telaah train`` writes. The user's registry starts as a
copy of the shipped entries (their files stay in ``models/``), so promotion and rollback treat the baseline like any
other version. The active model is the user's active version when a user registry exists, else the shipped one.

Each entry records: version, time, model file and its sha256, training-data hash, number of examples (seed and
from decisions), metrics, lexicon version, library versions and codes. A new version is promoted only if it is not
worse than the active one on the promotion metric (``micro_f1``), unless forced. Pure functions over a
:class:`Registry` plus :func:`read_registry` / :func:`write_registry`; no printing.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.errors import NotFound, PipelineError
from pipeline.paths import MODELS, data_dir

REGISTRY = "registry.json"
METRIC = "micro_f1"


class NotPromoted(PipelineError):
    """A new model scored worse than the active one and was kept but not made active."""


@dataclass(frozen=True, slots=True)
class ModelEntry:
    """One trained model version."""

    version: str
    created_at: str
    file: str  # file name inside the registry's folder (or the shipped models/ folder when ``shipped``)
    sha256: str
    data_hash: str
    n_examples: int
    metrics: dict[str, Any] = field(default_factory=dict)
    lexicon_version: str = ""
    libraries: dict[str, str] = field(default_factory=dict)
    codes: tuple[str, ...] = ()
    n_seed: int = 0
    n_decisions: int = 0
    shipped: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class Registry:
    """The entries of one folder, the active version and the activation history (for rollback)."""

    folder: Path
    entries: tuple[ModelEntry, ...] = ()
    active: str | None = None
    history: tuple[str, ...] = ()

    def get(self, version: str) -> ModelEntry:
        for e in self.entries:
            if e.version == version:
                return e
        known = ", ".join(e.version for e in self.entries) or "none"
        raise NotFound(f"model version {version!r} is not in {self.folder / REGISTRY}; known versions: {known}")

    def path_of(self, entry: ModelEntry) -> Path:
        """Where the entry's model file lives."""
        return (MODELS if entry.shipped else self.folder) / entry.file

    @property
    def active_entry(self) -> ModelEntry | None:
        return self.get(self.active) if self.active else None


def user_folder() -> Path:
    """The folder of user-trained models: ``data_dir()/models``."""
    return data_dir() / "models"


def read_registry(folder: str | Path) -> Registry:
    """Read ``folder/registry.json`` (an empty registry when it does not exist).

    Raises:
        PipelineError: the file is not valid registry JSON.
    """
    folder = Path(folder)
    path = folder / REGISTRY
    if not path.exists():
        return Registry(folder=folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = tuple(
            ModelEntry(**{**e, "codes": tuple(e.get("codes", ()))}) for e in data.get("models", [])
        )
    except (json.JSONDecodeError, TypeError, AttributeError) as exc:
        raise PipelineError(f"{path}: not a valid model registry ({exc}); restore it or delete it and retrain") from exc
    return Registry(folder=folder, entries=entries, active=data.get("active"), history=tuple(data.get("history", ())))


def write_registry(registry: Registry) -> Path:
    """Write the registry atomically (temporary file + rename). Returns its path."""
    registry.folder.mkdir(parents=True, exist_ok=True)
    path = registry.folder / REGISTRY
    data = {
        "active": registry.active,
        "history": list(registry.history),
        "models": [{**asdict(e), "codes": list(e.codes)} for e in registry.entries],
    }
    fd, tmp = tempfile.mkstemp(dir=registry.folder, prefix=".registry-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    os.chmod(tmp, 0o644)  # mkstemp makes it private; a registry is no secret and may be shared with a team
    os.replace(tmp, path)
    return path


def user_registry() -> Registry:
    """The user's registry; on first use it starts with the shipped entries (files stay in ``models/``)."""
    reg = read_registry(user_folder())
    if reg.entries:
        return reg
    shipped = read_registry(MODELS)
    entries = tuple(replace(e, shipped=True) for e in shipped.entries)
    return Registry(folder=reg.folder, entries=entries, active=shipped.active,
                    history=(shipped.active,) if shipped.active else ())


def active_registry(models_dir: str | Path | None = None) -> Registry:
    """The registry that decides the active model: ``models_dir`` if given, else the user's, else the shipped."""
    if models_dir is not None:
        return read_registry(models_dir)
    user = read_registry(user_folder())
    return user if user.active else read_registry(MODELS)


def add(registry: Registry, entry: ModelEntry) -> Registry:
    """The registry with ``entry`` added (not active yet)."""
    if any(e.version == entry.version for e in registry.entries):
        raise PipelineError(f"model version {entry.version} already exists in {registry.folder / REGISTRY}")
    return replace(registry, entries=registry.entries + (entry,))


def not_worse(new: ModelEntry, old: ModelEntry | None, *, metric: str = METRIC, tolerance: float = 0.0) -> bool:
    """Whether ``new`` scores at least as well as ``old`` on ``metric`` (true when there is nothing to compare)."""
    if old is None:
        return True
    a, b = new.metrics.get(metric), old.metrics.get(metric)
    if a is None or b is None:
        return True
    return float(a) + tolerance >= float(b)


def promote(registry: Registry, version: str, *, force: bool = False, baseline: float | None = None) -> Registry:
    """Make ``version`` active if it is not worse than the active one (``force`` skips the check).

    Args:
        baseline: the active model's score on the same data as the new one, when known; otherwise the recorded
            metrics of the two entries are compared.

    Raises:
        NotFound: no such version.
        NotPromoted: it scores worse and ``force`` is false.
    """
    entry = registry.get(version)
    if registry.active == version:
        return registry
    if not force:
        old = registry.active_entry
        score = entry.metrics.get(METRIC)
        worse = (score is not None and score < baseline) if baseline is not None else not not_worse(entry, old)
        if worse:
            ref = baseline if baseline is not None else (old.metrics.get(METRIC) if old else None)
            raise NotPromoted(
                f"model {version} ({METRIC} {score:.3f}) is worse than the active model {registry.active} "
                f"({ref:.3f}); it is kept but not active. Use `telaah models promote {version} --force` to use it."
            )
    return replace(registry, active=version, history=registry.history + (version,))


def rollback(registry: Registry) -> Registry:
    """Re-activate the version that was active before the current one.

    Raises:
        NotFound: there is no earlier active version.
    """
    history = list(registry.history)
    while history and history[-1] == registry.active:
        history.pop()
    if not history:
        raise NotFound(f"{registry.folder / REGISTRY}: no earlier active model to roll back to")
    return replace(registry, active=history[-1], history=tuple(history))
