"""The Prefect flows: the only module that imports prefect. Flows stay thin over the pure steps.

``ingest_flow`` (what ``telaah run`` starts) submits one task per transcript file; each task does the CPU work
(``process.process_file``) and returns records. The database writes happen in ONE place, the flow, one
transaction per transcript, in file order. A bad file becomes a ``Failure`` with one clear message; the batch
goes on. Prefect runs in its local ephemeral mode with its home inside telaah's data folder.
"""

from __future__ import annotations

import contextvars
import os
import sqlite3
from collections.abc import Callable, Iterable
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
from prefect.utilities.annotations import quote  # noqa: E402

from pipeline import batch, config  # noqa: E402
from pipeline.errors import PipelineError  # noqa: E402
from pipeline.ingest import FORMATS  # noqa: E402
from pipeline.process import (  # noqa: E402
    ProcessedTranscript,
    load_lexicon_if_available,
    load_model_if_available,
    process_file,
    with_ids,
)
from pipeline.lock import run_lock  # noqa: E402
from pipeline.runs import Failure, Outcome, RunSummary, collect_files, file_hash  # noqa: E402,F401
from pipeline.parallel import process_one, resuggest_one  # noqa: E402
from pipeline.store import open_db, transaction  # noqa: E402
from pipeline.store import transcripts as store  # noqa: E402
from pipeline.store.batch import codable_passages_of, current_state  # noqa: E402


# The CLI's progress callback (not a flow parameter: Prefect records parameters and cannot serialise it).
_PROGRESS: contextvars.ContextVar[Callable[[Outcome], None] | None] = contextvars.ContextVar(
    "telaah_progress", default=None
)
# What ``run`` prepares while the flow starts: a Future of {"key", "lexicon", "model", "warning", "pool"}. The
# pseudonym key travels here, never as a flow parameter, since Prefect stores those in its database.
_PREPARED: contextvars.ContextVar = contextvars.ContextVar("telaah_prepared", default=None)


@task(name="ingest-transcript", cache_policy=NO_CACHE, persist_result=False)
def ingest_task(path: str, settings: dict, lexicon=None, model=None, key=None, pool=None
                ) -> ProcessedTranscript | Failure:
    """Parse, pseudonymise (with ``key``), segment and suggest one file (CPU work only; no database).

    With ``pool`` (``parallel.Workers``) the work runs in a worker process or on the Dask cluster.
    """
    try:
        if pool is not None:
            return pool.submit(process_one, path, settings, key).result()
        return process_file(path, settings=settings, lexicon=lexicon, model=model, key=key)
    except PipelineError as exc:
        return Failure(path, str(exc))


@task(name="resuggest-transcript", cache_policy=NO_CACHE, persist_result=False)
def resuggest_task(passages: tuple, lexicon=None, model=None, pool=None) -> tuple[list, str]:
    """Suggest again for the stored passages of an unchanged transcript (CPU work only; no database)."""
    if pool is not None:
        return pool.submit(resuggest_one, passages).result()
    return batch.resuggest(passages, lexicon=lexicon, model=model)


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
        _slow_write_for_tests()
    informant = sum(1 for p in final.passages if p.role != "interviewer")
    return Outcome(processed.path, "added", version, len(t.turns), informant)


def _report(summary: RunSummary, outcome: Outcome) -> None:
    summary.outcomes.append(outcome)
    callback = _PROGRESS.get()
    if callback is not None:
        callback(outcome)


@flow(name="telaah-run", log_prints=False, validate_parameters=False, persist_result=False)
def ingest_flow(files: list[str], db_path: str, settings: dict, stale: list[str] | None = None) -> RunSummary:
    """Ingest files into the database at ``db_path``: one task per new or changed file, writes here.

    ``stale`` names unchanged transcripts whose suggestions came from another lexicon or model version: their
    stored passages are suggested again and only their pending suggestions replaced (one task each).
    """
    db = open_db(db_path)
    summary = RunSummary()
    checked = batch.plan(files, db, settings, versions=None, hash_file=file_hash)  # content only
    for name, message in checked.failed:
        _report(summary, Outcome(name, "failed", message=message))
    for name in checked.skipped:
        _report(summary, Outcome(name, "skipped"))
    todo = list(checked.process)
    ready = _PREPARED.get()
    prepared = ready.result() if ready is not None else (_load_resources(settings) if todo or stale else {})
    lexicon, model, pool = prepared.get("lexicon"), prepared.get("model"), prepared.get("pool")
    key = prepared.get("key")
    if prepared.get("warning"):
        summary.warnings.append(prepared["warning"])
    versions = (str(getattr(lexicon, "version", "") or ""), str(getattr(model, "version", "") or ""))
    # quote(): Prefect must not walk these objects (slow, and their caches change while other tasks run)
    lexicon, model, key, pool = quote(lexicon), quote(model), quote(key), quote(pool)
    try:
        futures = [ingest_task.submit(name, settings, lexicon, model, key=key, pool=pool) for name in todo]
        stale_work = _stale_work(db, stale or [], versions)
        resuggest = [resuggest_task.submit(quote(passages), lexicon, model, pool=pool) for _, passages in stale_work]
        for n, (name, future) in enumerate(zip(todo, futures), start=1):
            _report(summary, _write(db, name, future))
            _pause_for_tests(n)
        for (state, passages), future in zip(stale_work, resuggest):
            _report(summary, _write_resuggested(db, state, passages, future, versions))
        for name in sorted(set(stale or []) - {state.name for state, _ in stale_work}):
            _report(summary, Outcome(name, "skipped"))  # up to date with the versions actually loaded
    finally:
        db.conn.close()
    return summary


def _load_resources(settings: dict | None = None) -> dict:
    """The lexicon and the active model (with the warning when it fell back to the lexicon coder)."""
    lexicon = load_lexicon_if_available(settings)
    model, warning = load_model_if_available()
    return {"lexicon": lexicon, "model": model, "warning": warning}


def _stale_work(db, names: list[str], versions: tuple[str, str]) -> list[tuple]:
    """(state, codable passages) of the named transcripts still suggested by other versions than ``versions``."""
    states = current_state(db) if names else {}
    found = [states[n] for n in names if n in states and batch.is_stale(states[n], *versions)]
    return [(state, tuple(codable_passages_of(db, state.id))) for state in found]


def _write_resuggested(db, state, passages: tuple, future, versions: tuple[str, str]) -> Outcome:
    """Store a re-suggested transcript (pending suggestions only, one transaction) as an outcome."""
    try:
        suggestions, _ = future.result()
        counts = batch.store_resuggested(db, state, [p.id for p in passages], suggestions,
                                         lexicon_version=versions[0], model_version=versions[1])
    except (PipelineError, sqlite3.Error) as exc:
        return Outcome(state.name, "failed", message=f"{state.name}: saran tidak dapat diperbarui ({exc}) / "
                                                     "suggestions could not be renewed, nothing was changed")
    return Outcome(state.name, "resuggested", message=f"{counts['added']} saran baru, {counts['kept']} diputus")


def _slow_write_for_tests() -> None:
    """Crash tests only: ``TELAAH_TEST_SLOW_WRITES=S`` holds each transcript's transaction open S seconds."""
    if os.environ.get("TELAAH_TEST_SLOW_WRITES"):
        import time

        time.sleep(float(os.environ["TELAAH_TEST_SLOW_WRITES"]))


def _pause_for_tests(written: int) -> None:
    """Crash tests only: with ``TELAAH_TEST_PAUSE_AFTER=N`` the run sleeps after its N-th stored transcript,
    so that a test can kill it there (SIGKILL) and check that the next run finishes the batch."""
    after = os.environ.get("TELAAH_TEST_PAUSE_AFTER")
    if after and written == int(after):
        import time

        time.sleep(float(os.environ.get("TELAAH_TEST_PAUSE_SECONDS", "60")))


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
    workers: int = 1,
    dask_address: str | None = None,
) -> RunSummary:
    """Run ``ingest_flow`` on files and folders; ``progress`` is called once per file as it finishes.

    Holds the database's run lock (``DatabaseBusy`` when another run writes to it). Unchanged files are sorted
    out first from their bytes' hash: when nothing changed, neither Prefect nor spaCy nor the model is started.
    ``privacy`` is a ``pipeline.keystore.KeySession``: its key learns the pseudonyms of every file to process and
    is saved BEFORE anything is stored, then every task pseudonymises with it (``None``: no pseudonymisation).
    ``workers`` > 1 runs the CPU work in that many processes, ``dask_address`` on a Dask cluster.
    """
    settings = dict(settings or config.load())
    files = [str(p) for p in collect_files(targets)]
    open_db(db_path).conn.close()  # a wrong --db fails here, before Prefect starts (StoreError)
    token = _PROGRESS.set(progress)
    try:
        with run_lock(db_path):
            return _run_locked(files, str(db_path), settings, privacy, workers, dask_address)
    finally:
        _PROGRESS.reset(token)


def _run_locked(files: list[str], db_path: str, settings: dict, privacy, workers: int, address: str | None
                ) -> RunSummary:
    db = open_db(db_path)
    try:
        todo = batch.plan(files, db, settings, versions=batch.expected_versions(settings),
                          hash_file=file_hash)
    finally:
        db.conn.close()
    summary = RunSummary()
    for name in todo.skipped:
        _report(summary, Outcome(name, "skipped"))
    for name, message in todo.failed:
        _report(summary, Outcome(name, "failed", message=message))
    if todo.idle:
        return summary
    from concurrent.futures import ThreadPoolExecutor

    # The key, lexicon, model (and workers) are made ready in a thread while Prefect's server starts up in its
    # own process; the flow waits for them before it submits the first task.
    with ThreadPoolExecutor(1, thread_name_prefix="telaah-prepare") as background:
        ready = background.submit(_prepare, list(todo.process), settings, privacy, workers, address)
        token = _PREPARED.set(ready)
        try:
            flowed = _start(_with_threads(workers, address), list(todo.process), db_path, settings,
                            stale=[s.name for s in todo.stale])
        finally:
            _PREPARED.reset(token)
            _close_pool(ready)
    summary.outcomes.extend(flowed.outcomes)
    summary.warnings.extend(flowed.warnings)
    return summary


def _with_threads(workers: int, address: str | None):
    """``ingest_flow`` with a few task threads: two in a serial run, one more than the worker processes with
    ``--workers`` (the threads wait on them), 32 for a Dask cluster. A hundred threads taking turns on the GIL
    finish everything at once, later (36 s instead of 31 s for 1,000,000 words) and with more memory."""
    from prefect.task_runners import ThreadPoolTaskRunner

    threads = 32 if address else max(2, workers + 1)
    return ingest_flow.with_options(task_runner=ThreadPoolTaskRunner(max_workers=threads))


def _close_pool(ready) -> None:
    """Stop the worker pool of a preparation once it has finished (a failed preparation has none)."""
    try:
        pool = ready.result().get("pool")
    except Exception:  # already reported by the flow
        return
    if pool is not None:
        pool.close()


def _prepare(files: list[str], settings: dict, privacy, workers: int, address: str | None) -> dict:
    """The pseudonym key (learnt from ``files`` and saved), lexicon, model, spaCy and the worker pool."""
    prepared = {"key": privacy.prepare(files, settings) if privacy is not None else None, **_load_resources(settings)}
    if workers > 1 or address:
        from pipeline.parallel import Workers

        prepared["pool"] = Workers(workers=max(workers, 1), address=address, lexicon=prepared["lexicon"],
                                   model=prepared["model"])
    elif files:
        from pipeline.sentences import get_nlp

        get_nlp()  # import spaCy and build the sentencizer now, not in the first task
    return prepared


def _start(flow_fn, *args, **kwargs):
    """Call a flow in Prefect's local ephemeral mode (no heartbeats: telaah runs are short and local)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        return flow_fn(*args, **kwargs)


@task(name="train-model", cache_policy=NO_CACHE, persist_result=False)
def train_task(db_path: str, force: bool = False, folds: int = 5, calibrate: bool = False) -> dict:
    """Train a new version on the seed corpus + decisions; promote it unless it is worse."""
    return batch.train_model(db_path, force=force, folds=folds, calibrate=calibrate)


@task(name="rescore-pending", cache_policy=NO_CACHE, persist_result=False)
def rescore_task(db_path: str) -> dict:
    """Replace the pending suggestions of every current passage with the active model's."""
    return batch.rescore_all(db_path)


@flow(name="telaah-retrain", log_prints=False, validate_parameters=False, persist_result=False)
def retrain_flow(db_path: str, force: bool = False, folds: int = 5, calibrate: bool = False) -> dict:
    """Train, evaluate, promote or keep, and (after a promotion) re-score the pending suggestions."""
    with run_lock(db_path, command="telaah flows retrain"):
        result = train_task(db_path, force=force, folds=folds, calibrate=calibrate)
        result["rescored"] = rescore_task(db_path) if result["promoted"] else None
    return result


@task(name="write-report", cache_policy=NO_CACHE, persist_result=False)
def report_task(db_path: str, out_dir: str, lang: str = "id") -> dict:
    """Score every element and write the HTML, XLSX and Markdown report."""
    return batch.write_report(db_path, out_dir, lang=lang)


@flow(name="telaah-report", log_prints=False, validate_parameters=False, persist_result=False)
def report_flow(db_path: str, out_dir: str, lang: str = "id") -> dict:
    """Score the confirmed codes and write the report into ``out_dir``."""
    return report_task(db_path, out_dir, lang)


@flow(name="telaah-code", log_prints=False, validate_parameters=False, persist_result=False)
def code_flow(paths: list[str], db_path: str, key_path: str | None = None, workers: int = 1) -> dict:
    """``telaah run`` as a schedulable flow (deployments): the key's passphrase comes from the environment."""
    settings = config.load()
    summary = run(paths, db_path=db_path, settings=settings, privacy=batch.key_session(key_path, settings),
                  workers=workers)
    counts = {k: summary.count(k) for k in ("added", "skipped", "resuggested", "failed", "passages")}
    return counts | {"failures": [o.message for o in summary.failures]}


def deployments(*, paths: list[str], db_path: str, out_dir: str, code_interval: float | None = 3600,
                retrain_cron: str | None = None, report_cron: str | None = None) -> list:
    """The three flows as Prefect deployments (``RunnerDeployment``) for ``prefect.serve`` or a work pool.

    Args:
        paths: transcript folders the ``code`` deployment codes on every run.
        db_path: the database (an absolute path: workers may start elsewhere).
        out_dir: where the ``report`` deployment writes.
        code_interval: seconds between ``code`` runs (``None``: on demand only).
        retrain_cron, report_cron: cron schedules (``None``: on demand only).
    """
    db_path = str(Path(db_path).resolve())
    return [
        code_flow.to_deployment(_sync=True, name="telaah-code", interval=code_interval,
                                parameters={"paths": [str(Path(p).resolve()) for p in paths], "db_path": db_path}),
        retrain_flow.to_deployment(_sync=True, name="telaah-retrain", cron=retrain_cron, parameters={"db_path": db_path}),
        report_flow.to_deployment(_sync=True, name="telaah-report", cron=report_cron,
                                  parameters={"db_path": db_path, "out_dir": str(Path(out_dir).resolve())}),
    ]


def serve(deployment_list: list) -> None:  # pragma: no cover - blocks until interrupted; needs a Prefect server
    """Serve the deployments from this process (``prefect.serve``): scheduled runs start here."""
    from prefect import serve as prefect_serve

    prefect_serve(*deployment_list)


SUPPORTED = tuple(sorted(FORMATS))
