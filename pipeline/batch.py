"""Plain functions behind the batch flows (``code``, ``retrain``, ``report``): what to do, and the re-suggest step.

Incremental work: a file is processed again only when its content changed (a new version), and an unchanged
transcript whose suggestions came from another lexicon or model version is *re-suggested*: its stored passages
are coded again and only its pending suggestions (codes without a decision) are replaced, so passages, ids,
decisions and decided suggestions stay as they were. Deciding this needs only file hashes and the registry, never
spaCy or a model. No Prefect and no SQL here (SQL lives in ``pipeline.store.batch``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.store.batch import CurrentState, current_state


@dataclass(frozen=True, slots=True)
class Plan:
    """What a run has to do, per file in file order."""

    process: tuple[str, ...] = ()  # new or changed files
    stale: tuple[CurrentState, ...] = ()  # unchanged files suggested by another lexicon or model version
    skipped: tuple[str, ...] = ()  # unchanged and up to date
    failed: tuple[tuple[str, str], ...] = ()  # (file, message): missing, unsupported, too large, duplicate name

    @property
    def idle(self) -> bool:
        """True when there is nothing to process or re-suggest (no Prefect, spaCy or model needed)."""
        return not self.process and not self.stale


def expected_versions(settings: dict | None = None) -> tuple[str, str]:
    """The lexicon and model versions a run would suggest with now, without loading either.

    The lexicon version is the hash of the files ``process.load_lexicon_if_available(settings)`` reads (the
    configured codebook's lexicon); the model version is the registry's active version (``""`` when there is
    none, or when the suggest step is not available).
    """
    from pipeline.process import suggest_available

    if not suggest_available():
        return "", ""
    from pipeline.codebook import file_hash as files_hash
    from pipeline.codebook import codebook_lexicon_path, load_codebook
    from pipeline.lexicon_file import DEFAULT_LEXICON, _named_lexicon
    from pipeline.nlp import DEFAULT_NORMALISATION
    from pipeline.polarity import DEFAULT_POLARITY
    from pipeline.registry import active_registry

    from pipeline import config

    path = (settings if settings is not None else config.load()).get("codebook") or None
    codebook = load_codebook(path)
    file = (codebook_lexicon_path(path) if path else None) or _named_lexicon(codebook) or DEFAULT_LEXICON
    norm, pol = file.parent / "normalisation.yaml", file.parent / "polarity.yaml"
    lexicon = files_hash(file, norm if norm.exists() else DEFAULT_NORMALISATION,
                         pol if pol.exists() else DEFAULT_POLARITY)
    try:
        model = active_registry().active or ""
    except PipelineError:
        model = ""
    return lexicon, model


def is_stale(state: CurrentState, lexicon_version: str, model_version: str) -> bool:
    """True when the transcript's suggestions were made by another lexicon or model version."""
    return state.lexicon_version != (lexicon_version or "") or state.model_version != (model_version or "")


def plan(files: Iterable[str | os.PathLike], db, settings: dict, *, versions: tuple[str, str] | None,
         hash_file: Callable[[Path, dict], str]) -> Plan:
    """Sort ``files`` into process / stale / skipped / failed by their bytes' hash and the stored versions.

    Args:
        files: transcript files in run order.
        db: the database.
        settings: telaah settings (size limit).
        versions: the (lexicon, model) versions a run would suggest with (:func:`expected_versions`);
            ``None`` compares the content only (an unchanged file is skipped, never stale).
        hash_file: the flow's ``file_hash`` (checks extension and size, then hashes the bytes; raises
            ``PipelineError`` for a file that cannot be ingested).
    """
    states = current_state(db)
    process, stale, skipped, failed, names = [], [], [], [], {}
    for name in map(str, files):
        path = Path(name)
        try:
            digest = hash_file(path, settings)
        except PipelineError as exc:
            failed.append((name, str(exc)))
            continue
        if path.name in names:
            failed.append((name, f"{name}: nama berkas sama dengan {names[path.name]}; ganti nama salah satunya / "
                                 "duplicate name"))
            continue
        names[path.name] = name
        state = states.get(path.name)
        if state is None or state.content_hash != digest:
            process.append(name)
        elif versions is not None and is_stale(state, *versions):
            stale.append(state)
        else:
            skipped.append(name)
    return Plan(tuple(process), tuple(stale), tuple(skipped), tuple(failed))


def resuggest(passages: Sequence[Any], *, lexicon: Any, model: Any) -> tuple[list[Any], str]:
    """Suggestions for stored passages (CPU work only) and the lexicon version they were made with."""
    from pipeline.process import suggest_step

    return suggest_step(tuple(passages), lexicon=lexicon, model=model)


def store_resuggested(db, state: CurrentState, passage_ids: Sequence[str], suggestions: Sequence[Any], *,
                      lexicon_version: str, model_version: str) -> dict:
    """Replace the pending suggestions of one transcript and record the versions, in one transaction.

    Decided (passage, code) pairs keep their suggestion; decisions are never touched.
    """
    from pipeline.store import transaction
    from pipeline.store.batch import mark_versions
    from pipeline.store.models import rescore_pending

    with transaction(db):
        counts = rescore_pending(db, passage_ids, suggestions)
        mark_versions(db, state.id, lexicon_version=lexicon_version, model_version=model_version)
    return counts



def train_model(db_path: str | os.PathLike, *, force: bool = False, folds: int = 5, calibrate: bool = False) -> dict:
    """Train a new model version on the seed corpus + the decisions in the database; promote it unless worse.

    The same steps as ``telaah train`` (``pipeline.train.train``). Returns a summary: ``version``, ``promoted``,
    ``reason``, ``micro_f1``, ``baseline``, ``n_seed``, ``n_decisions``, and ``seed_warning`` when the seed corpus
    could not be read.
    """
    from pipeline import config
    from pipeline.lexicon import load_for_codebook
    from pipeline.registry import user_registry
    from pipeline.seed import read_seed
    from pipeline.store import open_db
    from pipeline.store.models import feedback_rows
    from pipeline.train import feedback_examples, train

    lexicon = load_for_codebook(config.load().get("codebook") or None)
    codes = lexicon.codebook.ids
    seed_warning = ""
    try:
        seed = read_seed(codes=codes)
    except PipelineError as exc:
        seed, seed_warning = [], str(exc)
    db = open_db(db_path)
    try:
        feedback = feedback_examples(feedback_rows(db))
    finally:
        db.conn.close()
    result = train(feedback, seed=seed, lexicon=lexicon, codes=codes, registry=user_registry(), force=force,
                   folds=folds, calibrate=calibrate)
    entry = result.entry
    return {"version": entry.version, "promoted": result.promoted, "reason": result.reason,
            "micro_f1": entry.metrics.get("micro_f1"), "baseline": result.baseline, "n_seed": entry.n_seed,
            "n_decisions": entry.n_decisions, "seed_warning": seed_warning}


def rescore_all(db_path: str | os.PathLike) -> dict:
    """Re-suggest every current codable passage with the active model, replacing pending suggestions only.

    The suggestions are computed first; then one transaction replaces the pending ones and records the lexicon
    and model versions on every current transcript (so the next ``telaah run`` has nothing stale to redo).
    Returns ``rescore_pending``'s counts plus ``model`` and ``warning``.
    """
    from pipeline.process import load_lexicon_if_available, load_model_if_available
    from pipeline.store import open_db
    from pipeline.train import rescore

    lexicon = load_lexicon_if_available()
    model, warning = load_model_if_available()
    model_version = str(getattr(model, "version", "") or "") if model is not None else ""
    db = open_db(db_path)
    try:
        counts = rescore(db, lexicon=lexicon, model=model)
    finally:
        db.conn.close()
    return counts | {"model": model_version, "warning": warning or ""}


def write_report(db_path: str | os.PathLike, out_dir: str | os.PathLike, *, lang: str = "id") -> dict:
    """Score every element and write the HTML, XLSX and Markdown report; returns the summary line and paths."""
    from pipeline import api

    _, summary = api.score_elements(db_path)
    paths = api.write_report(out_dir, db_path, lang=lang)
    return {"summary": summary, "paths": [str(p) for p in paths]}


def key_session(key_path: str | os.PathLike | None, settings: dict) -> Any:
    """The pseudonym key for an unattended (scheduled) run: the passphrase comes from ``TELAAH_PASSPHRASE`` or
    the file named by ``TELAAH_PASSPHRASE_FILE`` in the worker's environment.

    Raises:
        PrivacyError: no passphrase in the environment, or it does not open the key.
    """
    from pipeline.errors import PrivacyError
    from pipeline.keystore import KeySession, default_key_path

    passphrase = os.environ.get("TELAAH_PASSPHRASE", "")
    if not passphrase and os.environ.get("TELAAH_PASSPHRASE_FILE"):
        lines = Path(os.environ["TELAAH_PASSPHRASE_FILE"]).read_text(encoding="utf-8").splitlines()
        passphrase = lines[0] if lines else ""
    if not passphrase:
        raise PrivacyError("a scheduled run needs the key's passphrase: set TELAAH_PASSPHRASE or "
                           "TELAAH_PASSPHRASE_FILE in the worker's environment")
    path = key_path or default_key_path(os.environ.get("TELAAH_HOME") or settings["data_dir"])
    return KeySession(path, passphrase)
