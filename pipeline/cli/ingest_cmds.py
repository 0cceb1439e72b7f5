"""Ingest commands: ``telaah run``, ``telaah passages``, ``telaah migrate``, ``telaah status``."""

from __future__ import annotations

import csv
import io
import json
import sys

import click

from pipeline.cli import cli, db_option
from pipeline.cli.privacy_cmds import key_options, open_session

PASSAGE_FIELDS = ["id", "transcript", "speaker", "role", "start", "end", "text", "t_start", "t_end",
                  "suggestions", "codes"]


def _settings(config_path: str | None) -> dict:
    from pipeline import config

    return config.load(config_path)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@db_option
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Berkas pengaturan TOML (bawaan: ./telaah.toml bila ada) / settings file.")
@click.option("--codebook", "codebook_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Codebook lain (YAML; leksikonnya dari baris 'lexicon:') / another codebook file.")
@key_options
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Proses paralel untuk baca/pseudonim/potong/saran / processes for the CPU-bound steps.")
@click.option("--dask-address", default=None, metavar="ADDR",
              help="Kirim langkah CPU ke klaster Dask yang sudah berjalan (tcp://host:8786) / existing Dask cluster.")
def run(paths: tuple[str, ...], db_path: str, config_path: str | None, codebook_path: str | None, key_path, passphrase_file,
        workers: int, dask_address: str | None) -> None:
    """Proses transkrip: baca, potong jadi pasase, sarankan kode, simpan.

    Ingest every transcript under PATH... (files or folders; .txt .md .docx .vtt .srt): parse, segment,
    suggest codes and store them. Unchanged files are skipped; a changed file becomes a new version.
    Exits with 1 when any file failed. Names and identifiers are pseudonymised before anything is stored;
    the encrypted pseudonym key needs a passphrase (--passphrase-file, TELAAH_PASSPHRASE or the prompt).
    """
    from pipeline.flow import run as run_flow
    from pipeline.runs import collect_files

    settings = _settings(config_path)
    if codebook_path:
        settings["codebook"] = codebook_path
    files = collect_files(paths)
    if not files:
        raise click.ClickException("Tidak ada berkas di " + ", ".join(paths) + " / no files found")
    privacy = open_session(key_path, passphrase_file, settings=settings)
    with click.progressbar(length=len(files), label="Memproses transkrip", file=sys.stderr,
                           show_pos=True) as bar:
        def progress(outcome) -> None:
            if outcome.status == "failed":
                click.echo(f"\nGAGAL {outcome.message}", err=True)
            bar.update(1)

        summary = run_flow(files, db_path=db_path, settings=settings, progress=progress, privacy=privacy,
                           workers=workers, dask_address=dask_address)
    for warning in summary.warnings:
        click.echo(f"PERINGATAN {warning}", err=True)
    click.echo(summary_table(summary))
    if summary.count("failed"):
        click.echo(f"{summary.count('failed')} berkas gagal; lihat pesan di atas / some files failed.", err=True)
        sys.exit(1)


def summary_table(summary) -> str:
    """The end-of-run table: transcripts added, turns, passages, skipped, failed."""
    rows = [
        ("transkrip baru / transcripts", summary.count("added")),
        ("giliran / turns", summary.count("turns")),
        ("pasase informan / passages", summary.count("passages")),
        ("dilewati (tidak berubah) / skipped", summary.count("skipped")),
        ("saran diperbarui / re-suggested", summary.count("resuggested")),
        ("gagal / failed", summary.count("failed")),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{label:<{width}}  {value:>6}" for label, value in rows]
    rule = "-" * (width + 8)
    return "\n".join([rule, *lines, rule])


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True,
              help="Format keluaran / output format.")
@click.option("--all-versions", is_flag=True, help="Sertakan versi lama transkrip / include old versions.")
@click.option("--transcript", default=None, help="Hanya satu transkrip (nama berkas) / one transcript only.")
def passages(db_path: str, fmt: str, all_versions: bool, transcript: str | None) -> None:
    """Daftar pasase (JSONL atau CSV) / list passages with suggestions and confirmed codes.

    One record per passage, interviewer turns included: id, transcript, speaker, role, start, end, text,
    t_start, t_end, suggestions (code, score, polarity, source, model, status) and codes (confirmed, with
    polarity). In CSV the two lists are JSON text.
    """
    from pipeline.store import open_db
    from pipeline.store.transcripts import passage_listing

    db = open_db(db_path)
    rows = passage_listing(db, all_versions=all_versions, transcript=transcript)
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=PASSAGE_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "suggestions": json.dumps(row["suggestions"], ensure_ascii=False),
                         "codes": json.dumps(row["codes"], ensure_ascii=False)})
    click.echo(buffer.getvalue(), nl=False)


@cli.command()
@db_option
def migrate(db_path: str) -> None:
    """Perbarui skema database / apply pending schema migrations (the file is backed up first)."""
    from pipeline.store import open_db
    from pipeline.store.migrations import apply, pending

    db = open_db(db_path, migrate=False)
    todo = pending(db)
    if not todo:
        click.echo(f"{db_path}: skema sudah mutakhir / schema up to date.")
        return
    from pathlib import Path

    applied = apply(db, path=Path(db_path))
    click.echo(f"{db_path}: {len(applied)} migrasi diterapkan / applied: " + ", ".join(applied))


@cli.command()
@db_option
def status(db_path: str) -> None:
    """Ringkasan isi database / counts of transcripts, passages, suggestions and decisions."""
    from pathlib import Path

    from pipeline.store import open_db
    from pipeline.store.transcripts import status as counts

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: database belum ada; jalankan `telaah run FOLDER` dulu / no database")
    db = open_db(db_path)
    labels = {
        "transcripts": "transkrip (versi terkini) / transcripts",
        "versions": "semua versi / all versions",
        "turns": "giliran / turns",
        "informant_passages": "pasase informan / informant passages",
        "interviewer_passages": "pasase pewawancara / interviewer passages",
        "suggestions": "saran kode / suggestions",
        "pending": "saran belum ditinjau / pending review",
        "decisions": "keputusan / decisions",
    }
    values = counts(db)
    width = max(len(v) for v in labels.values())
    for key, label in labels.items():
        click.echo(f"{label:<{width}}  {values[key]:>6}")
