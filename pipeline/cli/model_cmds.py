"""Classifier commands: ``telaah train``, ``telaah models list|promote|rollback``, ``telaah evaluate``."""

from __future__ import annotations

import json

import click

from pipeline.cli import cli, db_option, training_options


def _lexicon():
    from pipeline import config
    from pipeline.lexicon import load_for_codebook

    return load_for_codebook(config.load().get("codebook") or None)


def _rescore(db_path: str, lexicon=None) -> str:
    """Re-score pending suggestions with the now active model; returns a one-line report."""
    from pipeline.store import open_db
    from pipeline.suggest import active_model
    from pipeline.train import rescore

    lexicon = lexicon or _lexicon()
    choice = active_model(codes=lexicon.codebook.ids)
    counts = rescore(open_db(db_path), lexicon=lexicon, model=choice.model)
    line = (f"Saran tertunda dinilai ulang / pending suggestions re-scored: {counts['added']} saran baru, "
            f"{counts['removed']} lama dihapus, {counts['kept']} yang sudah diputus tidak disentuh.")
    return line + (f"\n{choice.warning}" if choice.warning else "")


@cli.command()
@db_option
@training_options
def train(db_path: str, force: bool, folds: int, calibrate: bool) -> None:
    """Latih ulang pengklasifikasi / retrain the classifier on the seed corpus + confirmed and rejected codes.

    The new version is written to the data folder (TELAAH_HOME or ./.telaah, under models/) and becomes
    active only if its cross-validated micro-F1 is not worse than the active model's (--force overrides).
    After a promotion the pending suggestions in the database are re-scored.
    """
    from pipeline.errors import PipelineError
    from pipeline.registry import user_registry
    from pipeline.seed import read_seed
    from pipeline.store import open_db
    from pipeline.store.models import feedback_rows
    from pipeline.train import feedback_examples
    from pipeline.train import train as run_training

    lexicon = _lexicon()
    codes = lexicon.codebook.ids
    try:
        seed = read_seed(codes=codes)
    except PipelineError as exc:
        click.echo(f"Korpus benih tidak dipakai / seed corpus not used: {exc}", err=True)
        seed = []
    feedback = feedback_examples(feedback_rows(open_db(db_path)))
    result = run_training(feedback, seed=seed, lexicon=lexicon, codes=codes, registry=user_registry(),
                          force=force, folds=folds, calibrate=calibrate)
    m = result.entry.metrics
    click.echo(f"Model {result.entry.version}: {result.entry.n_seed} contoh benih + {result.entry.n_decisions} "
               f"bagian yang diputus / seed + decided passages.")
    click.echo(f"Validasi silang ({m.get('evaluated_on')}): micro-F1 {m['micro_f1']:.3f}, macro-F1 "
               f"{m['macro_f1']:.3f}, kappa {m['mean_kappa']:.3f}, polaritas {m['polarity_accuracy']:.3f}")
    if "threshold_offset" in m:
        click.echo(f"Ambang digeser / thresholds moved by {m['threshold_offset']:+.1f} (logit) "
                   "agar cocok dengan keputusan peneliti / to fit the decided passages.")
    elif calibrate:
        click.echo("Kalibrasi dilewati: kurang dari 20 bagian yang diputus / calibration skipped: fewer than 20 "
                   "decided passages.")
    if result.baseline is not None:
        click.echo(f"Model aktif sebelumnya pada data yang sama / previous active model on the same data: "
                   f"micro-F1 {result.baseline:.3f}")
    if result.promoted:
        click.echo(f"Model {result.entry.version} sekarang aktif / is now active.")
        click.echo(_rescore(db_path, lexicon))
    else:
        click.echo(result.reason)


@cli.group()
def models() -> None:
    """Versi model: daftar, aktifkan, kembalikan / list, promote and roll back model versions."""


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON / JSON output.")
def models_list(as_json: bool) -> None:
    """Daftar versi model / list model versions (* = active)."""
    from dataclasses import asdict

    from pipeline.registry import active_registry, user_registry

    reg = user_registry()
    active = active_registry().active
    if as_json:
        click.echo(json.dumps({"active": active, "models": [asdict(e) for e in reg.entries]}, indent=2,
                              ensure_ascii=False))
        return
    if not reg.entries:
        click.echo("Belum ada model / no model yet: run `telaah train`.")
        return
    click.echo(f"  {'versi / version':<28}{'dibuat / created':<27}{'contoh':>7}{'keputusan':>10}{'micro-F1':>9}"
               f"{'kappa':>7}  sumber")
    for e in reg.entries:
        mark = "*" if e.version == active else " "
        where = "bawaan / shipped" if e.shipped else "dilatih / trained"
        click.echo(f"{mark} {e.version:<28}{e.created_at:<27}{e.n_examples:>7}{e.n_decisions:>10}"
                   f"{e.metrics.get('micro_f1', 0):>9.3f}{e.metrics.get('mean_kappa', 0):>7.3f}  {where}")


@models.command("promote")
@db_option
@click.argument("version")
@click.option("--force", is_flag=True, help="Aktifkan walau lebih buruk / promote even if worse.")
def models_promote(db_path: str, version: str, force: bool) -> None:
    """Aktifkan versi VERSION / make VERSION the active model (then re-score pending suggestions)."""
    from pipeline.registry import promote, user_registry, write_registry
    from pipeline.train import load_entry

    reg = user_registry()
    load_entry(reg, reg.get(version))  # refuse a model that cannot load before making it active
    reg = promote(reg, version, force=force)
    write_registry(reg)
    click.echo(f"Model {version} aktif / active.")
    click.echo(_rescore(db_path))


@models.command("rollback")
@db_option
def models_rollback(db_path: str) -> None:
    """Kembali ke model aktif sebelumnya / re-activate the previous active model (then re-score)."""
    from pipeline.registry import rollback, user_registry, write_registry

    reg = rollback(user_registry())
    write_registry(reg)
    click.echo(f"Model {reg.active} aktif kembali / active again.")
    click.echo(_rescore(db_path))


@cli.command()
@db_option
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--source", type=click.Choice(["model", "lexicon", "stored"]), default="model", show_default=True,
              help="model: model aktif (+leksikon); lexicon: leksikon saja; stored: saran tersimpan di database.")
@click.option("--transcript", "transcripts", multiple=True,
              help="Hanya transkrip ini (nama berkas, boleh diulang) / only these transcripts (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Metrik sebagai JSON / metrics as JSON.")
def evaluate(db_path: str, gold: str, source: str, transcripts: tuple[str, ...], as_json: bool) -> None:
    """Bandingkan saran dengan kode emas / compare suggestions with gold codes (format of devset gold.jsonl).

    Gold passages are aligned with the stored passages by text; prints per-code precision, recall, F1 and
    Cohen's kappa, micro and macro averages and polarity accuracy.
    """
    from pathlib import PurePosixPath

    from pipeline.evaluate import evaluate_gold, format_metrics
    from pipeline.seed import parse_seed_line
    from pipeline.store import open_db
    from pipeline.store.models import codable_passages, stored_coding
    from pipeline.suggest import active_model, suggest

    lexicon = _lexicon()
    codes = lexicon.codebook.ids
    rows = []
    with open(gold, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                parse_seed_line(line, codes=codes, where=f"{gold}:{n}")  # validates the row
                rows.append(json.loads(line))
    if transcripts:
        rows = [r for r in rows if PurePosixPath(str(r.get("file", ""))).name in transcripts]
    db = open_db(db_path)
    names = {PurePosixPath(str(r.get("file", ""))).name for r in rows}
    passages = [p for p in codable_passages(db) if p.transcript in names]
    if source == "stored":
        predicted = stored_coding(db)
    else:
        model = None
        if source == "model":
            choice = active_model(codes=codes)
            model = choice.model
            if choice.warning:
                click.echo(choice.warning, err=True)
        predicted = {}
        for s in suggest(passages, lexicon=lexicon, model=model):
            predicted.setdefault(s.passage_id, {})[s.code] = s.polarity
    metrics, missing = evaluate_gold(rows, passages, predicted, codes=codes)
    if missing:
        click.echo(f"{len(missing)} bagian emas tidak ditemukan di database / gold passages not found: "
                   f"{', '.join(missing[:10])}{' ...' if len(missing) > 10 else ''}", err=True)
    if as_json:
        click.echo(json.dumps(metrics | {"unaligned": missing}, indent=2))
    else:
        click.echo(format_metrics(metrics, title=f"{gold} ({source}, {metrics['passages']} bagian / passages)"))
