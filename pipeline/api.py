"""A small Python API for a researcher's own notebook: the same tables the CLI and the report use.

Example::

    from pipeline import api
    scores = api.score_table("telaah.db")          # one row per code: verdict, S, A, N, quotes
    quotes = api.quotation_table("telaah.db")      # one row per confirmed coding
    agreement = api.agreement_table("telaah.db")   # kappa / alpha / percent agreement per code
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import pandas as pd

from pipeline import config, scoring, tables
from pipeline.records import Codebook, ElementScore
from pipeline.store import open_db
from pipeline.store import scores as store_scores


def active_codebook(codebook: Codebook | None) -> Codebook:
    if codebook is not None:
        return codebook
    from pipeline.codebook import load_codebook

    path = config.load().get("codebook") or None
    return load_codebook(path)


def rule_from_settings(settings: dict | None = None) -> scoring.ScoringRule:
    """The scoring rule with the thresholds from the settings (``min_informants``, ``min_against``)."""
    values = settings or config.load()
    return scoring.ScoringRule(min_informants=int(values["min_informants"]),
                               min_against=int(values["min_against"]))


def score_elements(
    db_path: str | os.PathLike | None = None,
    *,
    codebook: Codebook | None = None,
    dry_run: bool = False,
    transcripts: Sequence[str] | None = None,
    rule: scoring.ScoringRule | None = None,
    db=None,
) -> tuple[list[ElementScore], str]:
    """Score every code; ``dry_run`` scores the pending machine suggestions instead of confirmed codes.

    Returns the scores in codebook order and the summary line.
    """
    database = db if db is not None else open_db(db_path)
    book = active_codebook(codebook)
    coded = (store_scores.suggested_coded if dry_run else store_scores.confirmed_coded)(
        database, transcripts=transcripts
    )
    overrides = {} if dry_run else store_scores.current_overrides(database)
    result = scoring.score(coded, book, rule=rule or rule_from_settings(), overrides=overrides)
    return result, scoring.summary(result)


def score_table(db_path: str | os.PathLike | None = None, *, lang: str = "id", **kwargs) -> pd.DataFrame:
    """The element table as a DataFrame (see :func:`score_elements` for the options)."""
    book = active_codebook(kwargs.pop("codebook", None))
    result, _ = score_elements(db_path, codebook=book, **kwargs)
    return tables.score_table(result, book, lang=lang)


def quotation_table(
    db_path: str | os.PathLike | None = None,
    *,
    codebook: Codebook | None = None,
    transcripts: Sequence[str] | None = None,
    lang: str = "id",
    db=None,
) -> pd.DataFrame:
    """One row per confirmed coding (document, informant, code path, polarity, text, offsets, coder, time)."""
    database = db if db is not None else open_db(db_path)
    rows = store_scores.quotations(database, transcripts=transcripts)
    return tables.quotation_table(rows, active_codebook(codebook), lang=lang)


def agreement_table(
    db_path: str | os.PathLike | None = None,
    *,
    codebook: Codebook | None = None,
    level: str = "presence",
    machine: bool = False,
    db=None,
) -> pd.DataFrame:
    """Intercoder agreement per code and overall (units, coders, percent, Cohen's kappa, Krippendorff's alpha).

    Computed on passages (unit = passage x code) over the double-coded passages; ``machine=True`` adds the
    machine's suggestions as one more coder.
    """
    from pipeline import agreement
    from pipeline.store import assignments

    database = db if db is not None else open_db(db_path)
    codes = list(active_codebook(codebook).ids)
    current, suggestions = assignments.agreement_input(database, machine=machine)
    return agreement.agreement(agreement.ratings(current, codes, level=level, machine=suggestions), codes)


def report_data(
    db_path: str | os.PathLike | None = None,
    *,
    codebook: Codebook | None = None,
    dry_run: bool = False,
    transcripts: Sequence[str] | None = None,
    lang: str = "id",
    rule: scoring.ScoringRule | None = None,
    db=None,
):
    """Everything the report shows, computed from the database (see ``pipeline.report``)."""
    from pipeline.report import ReportData

    database = db if db is not None else open_db(db_path)
    book = active_codebook(codebook)
    settings = config.load()
    rule = rule or rule_from_settings(settings)
    scores, _ = score_elements(db=database, codebook=book, dry_run=dry_run, transcripts=transcripts, rule=rule)
    coded = (store_scores.suggested_coded if dry_run else store_scores.confirmed_coded)(
        database, transcripts=transcripts
    )
    stats = store_scores.corpus_stats(database, transcripts=transcripts)
    agreement = None
    if len(stats["coders"]) >= 2:
        table = agreement_table(db=database, codebook=book)
        if int(table["units"].iloc[-1]) > 0:  # only where double coding exists
            agreement = table
    return ReportData(codebook=book, scores=scores, summary=scoring.summary(scores, lang=lang), coded=coded,
                      stats=stats, rule=rule, max_words=int(settings["max_words"]), lang=lang, dry_run=dry_run,
                      agreement=agreement)


def write_report(out_dir: str | os.PathLike, db_path: str | os.PathLike | None = None, *, lang: str = "id",
                 db=None, **kwargs):
    """Write the HTML, XLSX and Markdown report into ``out_dir``; returns the paths."""
    from pipeline.report import write_report as _write

    database = db if db is not None else open_db(db_path)
    data = report_data(db=database, lang=lang, **kwargs)
    quotes = quotation_table(db=database, codebook=data.codebook, transcripts=kwargs.get("transcripts"), lang=lang)
    return _write(out_dir, data, quotes)
