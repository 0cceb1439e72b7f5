"""Batch flows from the command line: ``telaah flows retrain|report`` and ``telaah deploy`` (scheduled runs).

``telaah run`` (the ``code`` flow) lives in ``ingest_cmds``.
"""

from __future__ import annotations

import click

from pipeline.cli import cli, db_option, training_options


@cli.group()
def flows() -> None:
    """Alur Prefect retrain dan report / run the retrain and report flows (``telaah run`` is the code flow)."""


@flows.command("retrain")
@db_option
@training_options
def flows_retrain(db_path: str, force: bool, folds: int, calibrate: bool) -> None:
    """Latih, evaluasi, aktifkan atau simpan, lalu nilai ulang saran tertunda.

    The retrain flow: train a new model version on the seed corpus + decisions, promote it unless it is worse
    (cross-validated micro-F1), and after a promotion replace the pending suggestions (decided codes untouched).
    Refuses to start while another run writes to the database.
    """
    from pipeline.flow import _start, retrain_flow

    result = _start(retrain_flow, db_path, force=force, folds=folds, calibrate=calibrate)
    if result["seed_warning"]:
        click.echo(f"Korpus benih tidak dipakai / seed corpus not used: {result['seed_warning']}", err=True)
    click.echo(f"Model {result['version']}: micro-F1 {result['micro_f1']:.3f} ({result['n_seed']} contoh benih + "
               f"{result['n_decisions']} bagian yang diputus / seed + decided passages).")
    if not result["promoted"]:
        click.echo(result["reason"])
        return
    counts = result["rescored"]
    click.echo(f"Model {result['version']} sekarang aktif / is now active. Saran tertunda dinilai ulang / pending "
               f"re-scored: {counts['added']} baru, {counts['removed']} lama dihapus, {counts['kept']} diputus "
               "tidak disentuh / decided untouched.")
    if counts.get("warning"):
        click.echo(f"PERINGATAN {counts['warning']}", err=True)


@flows.command("report")
@db_option
@click.option("--out", "out_dir", default="laporan", show_default=True, type=click.Path(file_okay=False),
              help="Folder keluaran / output folder.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Bahasa laporan / report language.")
def flows_report(db_path: str, out_dir: str, lang: str) -> None:
    """Nilai setiap unsur dan tulis laporan / the report flow: score every element, write HTML, XLSX, Markdown."""
    from pipeline.flow import _start, report_flow

    result = _start(report_flow, db_path, out_dir, lang)
    click.echo(result["summary"])
    for path in result["paths"]:
        click.echo(f"Ditulis: {path}")


@cli.command()
@db_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out_dir", default="laporan", show_default=True, type=click.Path(file_okay=False),
              help="Folder laporan / report folder.")
@click.option("--interval", default=3600, show_default=True, type=click.IntRange(0),
              help="Detik antar-run code (0: hanya manual) / seconds between code runs (0: on demand).")
@click.option("--retrain-cron", default=None, help="Jadwal cron retrain, mis. '0 2 * * 1' / retrain schedule.")
@click.option("--report-cron", default=None, help="Jadwal cron laporan / report schedule.")
@click.option("--dry-run", is_flag=True, help="Hanya tampilkan deployment / only list the deployments.")
def deploy(db_path: str, paths: tuple[str, ...], out_dir: str, interval: int, retrain_cron: str | None,
           report_cron: str | None, dry_run: bool) -> None:
    """Jadwalkan alur code, retrain, report di server Prefect / serve the three flows on a schedule.

    Needs a Prefect server (`prefect server start`, then PREFECT_API_URL=http://127.0.0.1:4200/api). This
    process serves the deployments until stopped (Ctrl+C); the code runs need TELAAH_PASSPHRASE or
    TELAAH_PASSPHRASE_FILE in its environment. See README, "Batch runs at scale".
    """
    from pipeline.flow import deployments, serve

    built = deployments(paths=list(paths), db_path=db_path, out_dir=out_dir, code_interval=interval or None,
                        retrain_cron=retrain_cron, report_cron=report_cron)
    for d in built:
        when = ", ".join(str(s.schedule) for s in d.schedules) or "manual / on demand"
        click.echo(f"{d.name}: {when}")
    if not dry_run:
        serve(built)
