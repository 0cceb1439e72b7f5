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


def expected_versions() -> tuple[str, str]:
    """The lexicon and model versions a run would suggest with now, without loading either.

    The lexicon version is the hash of the files ``load_lexicon()`` reads; the model version is the registry's
    active version (``""`` when there is none, or when the suggest step is not available).
    """
    from pipeline.process import suggest_available

    if not suggest_available():
        return "", ""
    from pipeline.codebook import file_hash as files_hash
    from pipeline.codebook import load_codebook
    from pipeline.lexicon import DEFAULT_LEXICON, _named_lexicon
    from pipeline.nlp import DEFAULT_NORMALISATION
    from pipeline.polarity import DEFAULT_POLARITY
    from pipeline.registry import active_registry

    file = _named_lexicon(load_codebook()) or DEFAULT_LEXICON
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


def plan(files: Iterable[str | os.PathLike], db, settings: dict, *, versions: tuple[str, str],
         hash_file: Callable[[Path, dict], str]) -> Plan:
    """Sort ``files`` into process / stale / skipped / failed by their bytes' hash and the stored versions.

    Args:
        files: transcript files in run order.
        db: the database.
        settings: telaah settings (size limit).
        versions: the (lexicon, model) versions a run would suggest with (:func:`expected_versions`).
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
        elif is_stale(state, *versions):
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

