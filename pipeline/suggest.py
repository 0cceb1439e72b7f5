"""The suggest step: lexicon coder + trained classifier -> one list of suggestions per batch of passages.

Only informant and unknown-role passages get suggestions (interviewer turns are context). Without a model the
lexicon coder's suggestions are returned as they are (with an uncertainty score); with a model the classifier
decides which codes pass their per-code threshold and with which polarity, and the lexicon's evidence words are
kept on the suggestions they support. No file or database access here except :func:`active_model`, which reads
the model registry and never prints: it returns a warning value the caller shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from pipeline.records import Passage, Suggestion


class SuggestingModel(Protocol):
    """What :func:`suggest` needs from a trained model (see :class:`pipeline.classify.TelaahModel`)."""

    version: str

    def suggest(
        self, passages: Sequence[Passage], lexicon_suggestions: dict[str, list[Suggestion]], *, lexicon: Any
    ) -> list[Suggestion]: ...


def uncertainty(probability: float, threshold: float = 0.5) -> float:
    """How unsure a decision is: 1 at the decision threshold, 0 at probability 0 or 1.

    The probability is first mapped so that the threshold sits at 0.5 (:func:`calibrate`), then
    ``1 - |2p - 1|``.

    >>> uncertainty(0.5), uncertainty(1.0), round(uncertainty(0.3, 0.3), 2)
    (1.0, 0.0, 1.0)
    """
    p = calibrate(probability, threshold)
    return round(1.0 - abs(2.0 * p - 1.0), 6)


def calibrate(probability: float, threshold: float = 0.5) -> float:
    """Map a probability piecewise-linearly so that ``threshold`` becomes 0.5 (0 and 1 stay put)."""
    p = min(max(float(probability), 0.0), 1.0)
    t = min(max(float(threshold), 1e-6), 1 - 1e-6)
    return p / (2 * t) if p < t else 0.5 + (p - t) / (2 * (1 - t))


def codable(passages: Iterable[Passage]) -> list[Passage]:
    """The passages that get suggestions: informant and unknown-role ones."""
    return [p for p in passages if p.role != "interviewer"]


_CACHE: dict[tuple[str, str, str | None], list[Suggestion]] = {}
_CACHE_SIZE = 100_000


def code_passage(text: str, question: str | None, *, lexicon: Any, passage_id: str = "") -> list[Suggestion]:
    """The lexicon coder on one passage, remembered per (lexicon version, text, question) in this process.

    Training featurises every passage and re-scoring after a promotion codes them again; the cache makes the
    second pass free. Suggestions carry ``passage_id`` and an uncertainty from the lexicon score.
    """
    from pipeline.lexicon import code_text

    key = (getattr(lexicon, "version", "") or str(id(lexicon)), text, question)
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        found = _CACHE[key] = [replace(s, passage_id="", uncertainty=uncertainty(s.score))
                               for s in code_text(text, lexicon, question=question)]
    return [_for_passage(s, passage_id) for s in found]


def _for_passage(s: Suggestion, passage_id: str) -> Suggestion:
    """``replace(s, passage_id=passage_id)`` at a third of its cost (it runs for every passage of a batch)."""
    return Suggestion(passage_id, s.code, s.score, s.polarity, s.source, s.evidence, s.model, s.lexicon,
                      s.uncertainty)


def lexicon_suggestions(passages: Sequence[Passage], *, lexicon: Any) -> dict[str, list[Suggestion]]:
    """The lexicon coder's suggestions per passage id (uncertainty set from the lexicon score)."""
    return {p.id: code_passage(p.text, p.question, lexicon=lexicon, passage_id=p.id) for p in passages}


def suggest(passages: Iterable[Passage], *, lexicon: Any, model: SuggestingModel | None = None) -> list[Suggestion]:
    """Suggest codes for the informant/unknown passages: the lexicon coder, refined by the model when given.

    Args:
        passages: passages of one or more transcripts (interviewer passages are skipped).
        lexicon: a loaded :class:`pipeline.lexicon.Lexicon`.
        model: a trained model (:func:`active_model`); ``None`` means the lexicon coder alone, and so does a model
            trained on another codebook (see :func:`active_model` with ``codes`` for the warning).

    Returns:
        Suggestions in passage order; each carries score, polarity, evidence words, the model and lexicon
        versions and an ``uncertainty`` in 0..1 (1 = most uncertain).
    """
    targets = codable(passages)
    lex = lexicon_suggestions(targets, lexicon=lexicon)
    if model is None or not fits_codebook(model, lexicon):
        return [s for p in targets for s in lex[p.id]]
    return model.suggest(targets, lex, lexicon=lexicon)


def fits_codebook(model: Any, lexicon: Any) -> bool:
    """Whether the model was trained on the lexicon's codebook (another framework needs its own model)."""
    codebook = getattr(lexicon, "codebook", None)
    return codebook is None or tuple(getattr(model, "codes", ())) == tuple(codebook.ids)


@dataclass(frozen=True, slots=True)
class ModelChoice:
    """The model to suggest with (``None``: lexicon coder) and, when it fell back, why (Indonesian text)."""

    model: SuggestingModel | None
    warning: str | None = None

    @property
    def version(self) -> str:
        return self.model.version if self.model is not None else ""


def active_model(*, models_dir: str | Path | None = None, codes: Sequence[str] | None = None) -> ModelChoice:
    """Load the active model from the registry, or fall back to the lexicon coder with a warning value.

    Args:
        models_dir: a folder with ``registry.json``; by default the user's trained models
            (``data_dir()/models``) when they have an active version, else the shipped ``models/``.
        codes: the codebook's code ids; a model trained on other codes is not used.

    Returns:
        A :class:`ModelChoice`; ``model`` is ``None`` and ``warning`` says why when no model could be loaded.
    """
    from pipeline.errors import PipelineError

    try:
        from pipeline.train import load_active

        model = load_active(models_dir=models_dir)
    except (PipelineError, ImportError) as exc:
        return ModelChoice(
            None,
            f"Model tidak dapat dimuat, memakai pengode leksikon saja / model could not be loaded, "
            f"falling back to the lexicon coder: {exc}",
        )
    if codes is not None and tuple(model.codes) != tuple(codes):
        return ModelChoice(None, f"Model {model.version} dilatih untuk codebook lain, memakai pengode leksikon saja / "
                                 f"model was trained on another codebook, falling back to the lexicon coder; "
                                 f"run `telaah train` for this codebook")
    return ModelChoice(model)
