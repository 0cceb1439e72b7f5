"""The Prefect flows: the only module that imports prefect. Flows stay thin over the pure steps.

``ingest_flow`` (what ``telaah run`` starts) submits one task per transcript file; each task does the CPU work
(``process.process_file``) and returns records. The database writes happen in ONE place, the flow, one
transaction per transcript, in file order. A bad file becomes a ``Failure`` with one clear message; the batch
goes on. Prefect runs in its local ephemeral mode with its home inside telaah's data folder.
"""

from __future__ import annotations

import contextvars
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import paths


def _prefect_environment() -> None:
    """Prefect settings that must be in place before prefect is imported (tests may override them)."""
    os.environ.setdefault("PREFECT_HOME", str((paths.data_dir() / "prefect").resolve()))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED", "false")
    # Users see one message per bad file from telaah itself; PREFECT_LOGGING_LEVEL=INFO shows Prefect's logs.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")


_prefect_environment()

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from pipeline import config  # noqa: E402
from pipeline.errors import InvalidTranscript, PipelineError  # noqa: E402
from pipeline.ingest import FORMATS, check_extension, check_size  # noqa: E402
from pipeline.process import (  # noqa: E402
    ProcessedTranscript,
    load_lexicon_if_available,
    load_model_if_available,
    process_file,
    with_ids,
)
from pipeline.store import open_db, transaction  # noqa: E402
from pipeline.store import transcripts as store  # noqa: E402


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be ingested, with the message for the user."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one file: ``added`` (with the version), ``skipped`` (unchanged) or ``failed``."""

    path: str
    status: str
    version: int = 0
    turns: int = 0
    passages: int = 0
    message: str = ""


@dataclass(slots=True)
class RunSummary:
    """Counts for the summary table of ``telaah run``."""

    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. the model could not be loaded (lexicon coder used)

    def count(self, what: str) -> int:
        if what in ("added", "skipped", "failed"):
            return sum(1 for o in self.outcomes if o.status == what)
        return sum(getattr(o, what) for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


# The CLI's progress callback (not a flow parameter: Prefect records parameters and cannot serialise it).
_PROGRESS: contextvars.ContextVar[Callable[[Outcome], None] | None] = contextvars.ContextVar(
    "telaah_progress", default=None
)
# The pseudonym key of this run (privacy): never a flow parameter, since Prefect stores those in its database.
_KEY: contextvars.ContextVar = contextvars.ContextVar("telaah_key", default=None)


def collect_files(targets: Iterable[str | os.PathLike]) -> list[Path]:
    """Files to ingest: given files as they are, folders walked recursively (hidden and Office lock files
    skipped), in sorted order without duplicates."""
    out: list[Path] = []
    for target in targets:
        path = Path(target)
        if path.is_dir():
            found = [
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not any(part.startswith((".", "~$")) for part in p.relative_to(path).parts)
            ]
            out.extend(found)
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def file_hash(path: Path, settings: dict) -> str:
    """sha256 of the file (after the extension and size checks, so a huge file is never read).

    Raises:
        InvalidTranscript: missing file, unsupported extension or too large.
    """
    check_extension(path.name)
    if not path.is_file():
        raise InvalidTranscript(f"{path}: berkas tidak ditemukan / file not found")
    check_size(path.name, path.stat().st_size, settings)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise InvalidTranscript(f"{path.name}: tidak dapat dibaca ({exc.strerror}) / cannot read") from exc


@task(name="ingest-transcript", cache_policy=NO_CACHE, persist_result=False)
def ingest_task(path: str, settings: dict, lexicon=None, model=None, key=None) -> ProcessedTranscript | Failure:
    """Parse, pseudonymise (with ``key``), segment and suggest one file (CPU work only; no database)."""
    try:
        return process_file(path, settings=settings, lexicon=lexicon, model=model, key=key)
    except PipelineError as exc:
        return Failure(path, str(exc))


def store_processed(db, processed: ProcessedTranscript) -> Outcome:
    """Write one processed transcript in one transaction (skip when the current version has this content)."""
    t = processed.transcript
    with transaction(db):
        if store.is_ingested(db, t.name, t.content_hash):
            return Outcome(processed.path, "skipped")
        prefix = store.id_prefix(db, t.name, processed.id_prefix)
        version = store.next_version(db, t.name)
        final = with_ids(processed, prefix=prefix, version=version)
        store.add_transcript(
            db, final.transcript, final.passages, final.suggestions, version=version, stem=prefix,
            path=processed.path, lexicon_version=final.lexicon_version or None,
            model_version=final.model_version or None,
        )
    informant = sum(1 for p in final.passages if p.role != "interviewer")
    return Outcome(processed.path, "added", version, len(t.turns), informant)


def _report(summary: RunSummary, outcome: Outcome) -> None:
    summary.outcomes.append(outcome)
    callback = _PROGRESS.get()
    if callback is not None:
        callback(outcome)


@flow(name="telaah-run", log_prints=False, validate_parameters=False, persist_result=False)
def ingest_flow(files: list[str], db_path: str, settings: dict) -> RunSummary:
    """Ingest files into the database at ``db_path``: one task per new or changed file, writes here."""
    db = open_db(db_path)
    summary = RunSummary()
    todo, names = [], {}
    for name in files:
        path = Path(name)
        try:
            digest = file_hash(path, settings)
        except PipelineError as exc:
            _report(summary, Outcome(name, "failed", message=str(exc)))
            continue
        if path.name in names:
            msg = f"{name}: nama berkas sama dengan {names[path.name]}; ganti nama salah satunya / duplicate name"
            _report(summary, Outcome(name, "failed", message=msg))
            continue
        names[path.name] = name
        if store.is_ingested(db, path.name, digest):
            _report(summary, Outcome(name, "skipped"))
            continue
        todo.append(name)
    lexicon = load_lexicon_if_available() if todo else None
    model, warning = load_model_if_available() if todo else (None, None)
    if warning:
        summary.warnings.append(warning)
    futures = [ingest_task.submit(name, settings, lexicon, model, key=_KEY.get()) for name in todo]
    try:
        for name, future in zip(todo, futures):
            _report(summary, _write(db, name, future))
    finally:
        db.conn.close()
    return summary


def _write(db, name: str, future) -> Outcome:
    try:
        result = future.result()
    except Exception as exc:  # an unexpected bug in a step: report it for this file, go on with the batch
        return Outcome(name, "failed", message=f"{name}: kesalahan tak terduga ({type(exc).__name__}: {exc})")
    if isinstance(result, Failure):
        return Outcome(name, "failed", message=result.message)
    try:
        return store_processed(db, result)
    except PipelineError as exc:
        return Outcome(name, "failed", message=f"{name}: {exc}")
    except sqlite3.Error as exc:  # e.g. the database stayed locked by another writer past the busy timeout
        return Outcome(name, "failed", message=f"{name}: database tidak dapat ditulis ({exc}); coba lagi / "
                                               "database could not be written, nothing was stored")


def run(
    targets: Iterable[str | os.PathLike],
    *,
    db_path: str | os.PathLike,
    settings: dict | None = None,
    progress: Callable[[Outcome], None] | None = None,
    privacy=None,
) -> RunSummary:
    """Run ``ingest_flow`` on files and folders; ``progress`` is called once per file as it finishes.

    ``privacy`` is a ``pipeline.keystore.KeySession``: its key learns every file's pseudonyms and is saved
    BEFORE anything is stored, then every task pseudonymises with it (``None``: no pseudonymisation).
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    settings = settings or config.load()
    files = [str(p) for p in collect_files(targets)]
    open_db(db_path).conn.close()  # a wrong --db fails here, before Prefect starts (StoreError)
    token = _PROGRESS.set(progress)
    key_token = _KEY.set(privacy.prepare(files, settings) if privacy is not None else None)
    try:
        with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            return ingest_flow(files, str(db_path), dict(settings))
    finally:
        _KEY.reset(key_token)
        _PROGRESS.reset(token)


SUPPORTED = tuple(sorted(FORMATS))
