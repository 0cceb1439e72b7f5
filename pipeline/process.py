"""The pure chain for one transcript file: read -> (pseudonymise) -> segment -> suggest.

``process_file`` is what the Prefect task calls; it reads the one file it is given and touches no database.
``with_ids`` renames the passage ids (and the suggestions' passage ids) for a later version of a changed file
or a disambiguated stem: ``{stem}-{n:03d}`` -> ``{prefix}-v{k}-{n:03d}``.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline import config
from pipeline.ingest import read_transcript
from pipeline.records import Passage, Suggestion, Transcript


@dataclass(frozen=True, slots=True)
class ProcessedTranscript:
    """One transcript ready to be stored: its text and turns, its passages and their first suggestions."""

    transcript: Transcript
    passages: tuple[Passage, ...]
    suggestions: tuple[Suggestion, ...] = ()
    path: str = ""
    id_prefix: str = ""  # the prefix the passage ids were made with (the file stem)
    lexicon_version: str = ""
    model_version: str = ""
    key: Any = None  # the pseudonym key after this file (privacy); None when the file was not pseudonymised


def process_file(
    path: str | os.PathLike,
    *,
    settings: dict | None = None,
    lexicon: Any = None,
    model: Any = None,
    key: Any = None,
) -> ProcessedTranscript:
    """Read, segment and suggest codes for one transcript file.

    Args:
        path: the transcript file.
        settings: telaah settings (``config.load()`` when not given).
        lexicon: a loaded lexicon for the suggest step (loaded when the suggest step exists and none is given).
        model: a trained model for the suggest step (``None``: the lexicon coder alone).
        key: the pseudonym key (``pipeline.privacy.PseudonymKey``); names and identifiers are replaced before
            segmenting. ``None`` skips pseudonymisation (``telaah run`` always passes a key).

    Raises:
        InvalidTranscript: the file cannot be ingested (the message names the file and the reason).
    """
    settings = settings or config.load()
    transcript = read_transcript(path, settings=settings)
    if key is not None:
        from pipeline.privacy import pseudonymise

        transcript, key = pseudonymise(transcript, key, settings=settings)
    from pipeline.segment import segment  # imported here: spaCy loads only when a file is really processed

    stem = Path(transcript.name).stem
    passages = tuple(segment(transcript, max_words=int(settings["max_words"]), id_prefix=stem))
    suggestions, lexicon_version = suggest_step(passages, lexicon=lexicon, model=model)
    return ProcessedTranscript(
        transcript, passages, tuple(suggestions), str(path), stem, lexicon_version,
        getattr(model, "version", "") if model is not None else "", key,
    )


def suggest_available() -> bool:
    """True when the suggest step (``pipeline.suggest.suggest`` and ``pipeline.lexicon``) can be imported."""
    if any(importlib.util.find_spec(m) is None for m in ("pipeline.suggest", "pipeline.lexicon")):
        return False
    try:
        from pipeline.lexicon import code_text, load_lexicon  # noqa: F401
        from pipeline.suggest import suggest  # noqa: F401
    except ImportError:
        return False
    return True


def load_lexicon_if_available(settings: dict | None = None) -> Any:
    """The lexicon of the configured codebook (setting ``codebook``; the shipped DeSeve one when empty) when the
    suggest step exists, else ``None``."""
    if not suggest_available():
        return None
    from pipeline.lexicon import load_for_codebook

    path = (settings if settings is not None else config.load()).get("codebook") or None
    return load_for_codebook(path)


def load_model_if_available() -> tuple[Any, str | None]:
    """The active trained model and, when it fell back to the lexicon coder, why: ``(model or None, warning)``."""
    if not suggest_available():
        return None, None
    from pipeline.suggest import active_model

    choice = active_model()
    return choice.model, choice.warning


def suggest_step(passages: tuple[Passage, ...], *, lexicon: Any, model: Any) -> tuple[list[Suggestion], str]:
    """Suggestions for the passages and the lexicon version; none while the suggest step does not exist."""
    if not suggest_available():
        return [], ""
    from pipeline.suggest import suggest

    lexicon = lexicon if lexicon is not None else load_lexicon_if_available()
    return list(suggest(passages, lexicon=lexicon, model=model)), str(getattr(lexicon, "version", ""))


def with_ids(processed: ProcessedTranscript, *, prefix: str, version: int = 1) -> ProcessedTranscript:
    """Rename passage ids to ``{prefix}-...`` (``{prefix}-v{version}-...`` for version 2 and later)."""
    new_prefix = prefix if version <= 1 else f"{prefix}-v{version}"
    old = processed.id_prefix + "-"
    if new_prefix == processed.id_prefix:
        return processed
    mapping = {p.id: new_prefix + "-" + p.id[len(old):] for p in processed.passages}
    passages = tuple(replace(p, id=mapping[p.id]) for p in processed.passages)
    suggestions = tuple(replace(s, passage_id=mapping.get(s.passage_id, s.passage_id)) for s in processed.suggestions)
    return replace(processed, passages=passages, suggestions=suggestions, id_prefix=new_prefix)
