"""Training, cross-validated evaluation and safe persistence of the classifier.

- Training data: the seed corpus (complete gold) plus the current review decisions: confirmed codes are positives,
  rejected codes negatives, and the other codes of a decided passage count as absent (the passage was reviewed).
- Evaluation: cross-validation grouped by interview/transcript over all of it (:mod:`pipeline.crossval`); with
  enough decisions the reported figures are those of the decided passages, and the active model is scored on the
  same held-out passages, so promotion compares like with like; otherwise those of the seed corpus.
- Persistence: skops (no pickle), loaded with an explicit list of trusted types; the registry keeps the file's
  sha256 so a tampered file is refused; another scikit-learn version is refused with "retrain".

Library code: no printing. :func:`train` is what ``telaah train`` calls.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any


from pipeline.classify import TelaahModel
from pipeline.crossval import fit_with_cv, score_model
from pipeline.errors import ModelLoadError, ModelNotTrained
from pipeline.evaluate import summary
from pipeline.features import frame, lexicon_block
from pipeline.registry import ModelEntry, Registry, active_registry, add, promote
from pipeline.seed import Example

FORMAT = 1
LIBRARIES = ("scikit-learn", "numpy", "scipy", "skops", "pandas")
MIN_DECISION_PASSAGES = 20  # fewer decided passages: evaluate by cross-validation on the seed corpus
FEEDBACK_WEIGHT = 2.0  # a reviewed passage of the researcher's own interviews counts twice a seed passage
TRUSTED_TYPES: tuple[str, ...] = (
    "pipeline.classify.ThresholdedOneVsRest",
    "pipeline.features.CharNgrams",
    "pipeline.features.CodePolarity",
    "pipeline.features.LexiconScores",
    "pipeline.features.QuestionNgrams",
    "pipeline.features.StemNgrams",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "numpy.float32",
    "numpy.float64",
    "numpy.int64",
    "numpy.dtype",
    "numpy.ndarray",
    "builtins.slice",
)


def library_versions() -> dict[str, str]:
    """Installed versions of the libraries a saved model depends on."""
    return {name: metadata.version(name) for name in LIBRARIES}


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def save_model(model: TelaahModel, path: str | Path) -> str:
    """Save with skops (no pickle). Returns the file's sha256."""
    import skops.io as sio

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {
        "format": FORMAT, "codes": list(model.codes), "code_model": model.code_model,
        "polarity_model": model.polarity_model, "version": model.version,
        "lexicon_version": model.lexicon_version,
    }
    sio.dump(state, path)
    return file_sha256(path)


def load_model(path: str | Path, *, sha256: str | None = None) -> TelaahModel:
    """Load a model saved by :func:`save_model`, trusting only :data:`TRUSTED_TYPES`.

    Raises:
        ModelLoadError: missing file, checksum mismatch (tampered), a type outside the trusted list, a file from
            another scikit-learn version, or an unreadable file. The message says what to do (usually retrain).
    """
    import skops.io as sio
    from sklearn.exceptions import InconsistentVersionWarning

    path = Path(path)
    if not path.is_file():
        raise ModelLoadError(f"{path}: model file not found; run `telaah train` or `telaah models rollback`")
    if sha256 and file_sha256(path) != sha256:
        raise ModelLoadError(f"{path}: file differs from the one registered (tampered or replaced); retrain "
                             "with `telaah train` or restore the file")
    try:
        untrusted = sio.get_untrusted_types(file=path)
        unexpected = sorted(set(untrusted) - set(TRUSTED_TYPES))
        if unexpected:
            raise ModelLoadError(f"{path}: contains untrusted types {', '.join(unexpected)}; refusing to load. "
                                 "Only load models telaah trained; retrain with `telaah train`")
        with warnings.catch_warnings():
            warnings.simplefilter("error", InconsistentVersionWarning)
            state = sio.load(path, trusted=list(untrusted))
    except InconsistentVersionWarning as exc:
        raise ModelLoadError(f"{path}: saved with scikit-learn {exc.original_sklearn_version}, this is "
                             f"{exc.current_sklearn_version}; retrain with `telaah train`") from exc
    except ModelLoadError:
        raise
    except Exception as exc:  # skops/zip errors of a damaged file
        raise ModelLoadError(f"{path}: cannot be read as a telaah model ({exc}); retrain with `telaah train`") from exc
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise ModelLoadError(f"{path}: not a telaah model file (format {FORMAT}); retrain with `telaah train`")
    return TelaahModel(codes=tuple(state["codes"]), code_model=state["code_model"],
                       polarity_model=state["polarity_model"], version=state["version"],
                       lexicon_version=state["lexicon_version"])


def load_entry(registry: Registry, entry: ModelEntry) -> TelaahModel:
    """Load a registry entry's model, checking its checksum and library versions."""
    current = library_versions().get("scikit-learn")
    saved = entry.libraries.get("scikit-learn")
    if saved and current and saved != current:
        raise ModelLoadError(f"model {entry.version} was trained with scikit-learn {saved}, this is {current}; "
                             "retrain with `telaah train`")
    return load_model(registry.path_of(entry), sha256=entry.sha256)


def load_active(*, models_dir: str | Path | None = None) -> TelaahModel:
    """The active model (user registry, else the shipped baseline).

    Raises:
        ModelNotTrained: no registry names an active model.
        ModelLoadError: the active model cannot be loaded safely.
    """
    registry = active_registry(models_dir)
    entry = registry.active_entry
    if entry is None:
        raise ModelNotTrained(f"{registry.folder}: no active model; run `telaah train`")
    return load_entry(registry, entry)


def feedback_examples(rows: Sequence[dict], *, weight: float = FEEDBACK_WEIGHT,
                      complete: bool = True) -> list[Example]:
    """Decision rows (:func:`pipeline.store.models.feedback_rows`) -> one :class:`Example` per decided passage.

    Confirmed codes are present (with their polarity) and rejected codes absent. With ``complete`` (the default) a
    decided passage counts as reviewed: its other codes are absent too, as the researcher saw the passage and added
    no such code. Simulated review on the seed corpus (``benchmarks/feedback_weight_cv.py``) gained +0.012 micro-F1
    on the unreviewed half this way and lost 0.005 when the other codes were left unknown (``complete=False``).
    """
    by_pid: dict[str, dict] = {}
    for r in rows:
        ex = by_pid.setdefault(r["passage_id"], {"row": r, "codes": {}, "rejected": set()})
        if r["decision"] == "confirm":
            ex["codes"][r["code"]] = r["polarity"] or "supports"
        else:
            ex["rejected"].add(r["code"])
    return [
        Example(id=pid, text=v["row"]["text"], question=v["row"]["question"], codes=tuple(sorted(v["codes"].items())),
                rejected=tuple(sorted(v["rejected"])), complete=complete, group=v["row"]["transcript"], weight=weight)
        for pid, v in by_pid.items()
    ]


def _featurize_chunk(items: Sequence[tuple[str, str | None]], lexicon: Any) -> list[tuple[dict, str, str]]:
    """Lexicon block and stems of (text, question) pairs."""
    from pipeline.features import stems

    out = []
    for text, question in items:
        hits = {}
        if lexicon is not None:
            from pipeline.suggest import code_passage

            hits = lexicon_block(code_passage(text, question, lexicon=lexicon))
        out.append((hits, stems(text), stems(question)))
    return out


def featurize(examples: Sequence[Example], lexicon: Any | None) -> Any:
    """The model frame of ``examples`` (lexicon block empty when ``lexicon`` is None).

    Runs in this process: the stem caches of ``pipeline.nlp`` make repeated words cheap, which worker processes
    (with cold caches) lose.
    """
    keys = list(dict.fromkeys((e.text, e.question) for e in examples))
    done = dict(zip(keys, _featurize_chunk(keys, lexicon)))
    rows = [done[(e.text, e.question)] for e in examples]
    return frame([e.text for e in examples], [e.question for e in examples], [r[0] for r in rows],
                 text_stems=[r[1] for r in rows], question_stems=[r[2] for r in rows])


def data_hash(examples: Sequence[Example]) -> str:
    """sha256 of the training data (ids, texts, questions, codes, rejections, weights), order-independent."""
    items = sorted(json.dumps([e.id, e.text, e.question, e.codes, e.rejected, e.complete, e.weight],
                              ensure_ascii=False) for e in examples)
    return hashlib.sha256("\n".join(items).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class TrainResult:
    """What :func:`train` did: the new entry, the written registry, and whether it became active (and why)."""

    entry: ModelEntry
    registry: Registry
    promoted: bool
    reason: str
    baseline: float | None
    model: TelaahModel


def _timestamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")


def fit_entry(examples: Sequence[Example], *, lexicon: Any, codes: Sequence[str], folder: Path, version: str,
              evaluate_on: Sequence[int], folds: int = 5, params: dict | None = None,
              extra_metrics: dict | None = None, X: Any = None, n_seed: int | None = None,
              calibrate_on: Sequence[int] = ()) -> tuple[TelaahModel, ModelEntry, list[int]]:
    """Cross-validate, fit on everything, save ``folder/<version>.skops``.

    ``X`` is the frame of ``examples`` when already computed; the first ``n_seed`` examples (default all) are the
    seed corpus, the rest come from decisions. ``calibrate_on``: see :func:`pipeline.crossval.fit_with_cv`.

    Returns:
        The model, its registry entry, and the positions of the examples the reported metrics cover.
    """
    X = featurize(examples, lexicon) if X is None else X
    model, metrics = fit_with_cv(X, examples, codes=codes, evaluate_on=evaluate_on, folds=folds, params=params,
                                 calibrate_on=calibrate_on)
    evaluated = metrics["evaluated"]
    metrics = summary(metrics) | ({"threshold_offset": metrics["threshold_offset"]}
                                  if "threshold_offset" in metrics else {})
    lexicon_version = getattr(lexicon, "version", "") if lexicon is not None else ""
    model = model.with_version(version, lexicon_version)
    file = f"{version}.skops"
    sha = save_model(model, Path(folder) / file)
    entry = ModelEntry(
        version=version, created_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), file=file,
        sha256=sha, data_hash=data_hash(examples), n_examples=len(examples), metrics=metrics | (extra_metrics or {}),
        lexicon_version=lexicon_version, libraries=library_versions(), codes=tuple(codes),
        n_seed=len(examples) if n_seed is None else n_seed,
        n_decisions=0 if n_seed is None else len(examples) - n_seed,
    )
    return model, entry, evaluated


def _active_score(registry: Registry, X, examples: Sequence[Example], rows: Sequence[int],
                  codes: Sequence[str]) -> float | None:
    """The active model's micro-F1 on the same examples the new model was measured on (None: no usable model)."""
    if registry.active_entry is None or not rows:
        return None
    try:
        active = load_entry(registry, registry.active_entry)
    except ModelLoadError:
        return None  # an active model that cannot load is no bar to clear
    frame_rows = X.iloc[list(rows)].reset_index(drop=True)
    return score_model(active, frame_rows, [examples[i] for i in rows], codes=codes)["micro_f1"]


def train(feedback: Sequence[Example], *, seed: Sequence[Example], lexicon: Any, codes: Sequence[str],
          registry: Registry, force: bool = False, folds: int = 5, params: dict | None = None,
          calibrate: bool = False) -> TrainResult:
    """Train a new version on ``seed`` + ``feedback``, register it, and promote it unless it is worse.

    Evaluation is cross-validated; the figures are those of the decided passages when there are at least
    :data:`MIN_DECISION_PASSAGES` of them (and the active model is scored on the same passages), otherwise of
    the seed corpus (compared with the active model's recorded figure). ``calibrate`` (with that many decided
    passages) also moves all thresholds by one logit offset chosen on the decided passages, fitting them to the
    researcher's coding. Off by default: in a simulated review over the fourteen seed settings it lifted micro-F1 on
    the unreviewed half from 0.582 to 0.592 on average but lost in 2 of 14 settings
    (``benchmarks/review_strategies.py``), and on the development set an offset chosen on 44 passages cost 0.09.
    The registry file is written.

    Raises:
        ModelNotTrained: no training data.
    """
    from pipeline.registry import NotPromoted, write_registry

    examples = list(seed) + list(feedback)
    on_decisions = len(feedback) >= MIN_DECISION_PASSAGES
    evaluate_on = range(len(seed), len(examples)) if on_decisions else range(len(seed))
    X = featurize(examples, lexicon)
    version = f"{_timestamp()}-{data_hash(examples)[:8]}"
    model, entry, evaluated = fit_entry(
        examples, lexicon=lexicon, codes=codes, folder=registry.folder, version=version,
        evaluate_on=list(evaluate_on), folds=folds, params=params, X=X, n_seed=len(seed),
        extra_metrics={"evaluated_on": "decisions" if on_decisions else "seed"},
        calibrate_on=list(evaluate_on) if on_decisions and calibrate else (),
    )
    baseline = _active_score(registry, X, examples, evaluated, codes) if on_decisions else None
    if baseline is not None:
        entry = replace(entry, metrics=entry.metrics | {"active_micro_f1_same_data": round(float(baseline), 4)})
    registry = add(registry, entry)
    try:
        registry = promote(registry, version, force=force, baseline=baseline if on_decisions else None)
        promoted, reason = registry.active == version, "promoted"
    except NotPromoted as exc:
        promoted, reason = False, str(exc)
    write_registry(registry)
    return TrainResult(entry=entry, registry=registry, promoted=promoted, reason=reason, baseline=baseline,
                       model=model)


def train_baseline(seed: Sequence[Example], *, lexicon: Any, codes: Sequence[str], folder: Path,
                   params: dict | None = None, folds: int = 5) -> Registry:
    """(Re)build the shipped baseline in ``folder`` (``models/``) from the seed corpus alone and make it active."""
    from pipeline.registry import Registry as Reg
    from pipeline.registry import write_registry

    lexicon_version = getattr(lexicon, "version", "") if lexicon is not None else ""
    version = f"seed-{data_hash(seed)[:8]}-{lexicon_version[:6] or 'nolex'}"
    for old in Path(folder).glob("seed-*.skops"):
        old.unlink()
    _, entry, _ = fit_entry(seed, lexicon=lexicon, codes=codes, folder=Path(folder), version=version,
                         evaluate_on=list(range(len(seed))), folds=folds, params=params,
                         extra_metrics={"evaluated_on": "seed"})
    entry = replace(entry, note="shipped baseline: seed corpus only (transcripts/seed), never the devset")
    registry = Reg(folder=Path(folder), entries=(entry,), active=version, history=(version,))
    write_registry(registry)
    return registry


def rescore(db, *, lexicon: Any, model: TelaahModel | None) -> dict:
    """Re-score the pending suggestions of every codable passage with ``model`` (decided codes untouched), and
    record the lexicon and model versions on the current transcripts in the same transaction, so the next
    ``telaah run`` finds nothing stale to redo."""
    from pipeline.store import transaction
    from pipeline.store.batch import mark_all_current
    from pipeline.store.models import codable_passages, rescore_pending
    from pipeline.suggest import suggest

    passages = codable_passages(db)
    suggestions = suggest(passages, lexicon=lexicon, model=model)
    with transaction(db):
        counts = rescore_pending(db, [p.id for p in passages], suggestions)
        mark_all_current(db, lexicon_version=str(getattr(lexicon, "version", "") or ""),
                         model_version=str(getattr(model, "version", "") or "") if model is not None else "")
    return counts


if __name__ == "__main__":  # rebuild the shipped baseline: .venv/bin/python -m pipeline.train
    from pipeline.lexicon import load_lexicon
    from pipeline.paths import MODELS
    from pipeline.seed import read_seed

    _lexicon = load_lexicon()
    _seed = read_seed(codes=_lexicon.codebook.ids)
    _entry = train_baseline(_seed, lexicon=_lexicon, codes=_lexicon.codebook.ids, folder=MODELS).active_entry
    print(f"{_entry.version}: {_entry.n_examples} seed passages, cross-validated {_entry.metrics}")
