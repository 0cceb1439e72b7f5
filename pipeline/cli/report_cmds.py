"""Scoring, verdict overrides, the report and REFI-QDA export."""

from __future__ import annotations

import json

import click

from pipeline.cli import cli, db_option


def _print_scores(scores, summary_line, fmt: str, *, dry_run: bool, codebook) -> None:
    from pipeline import tables

    if fmt == "json":
        elements = [
            {
                "code": s.code, "verdict": s.verdict, "supports": s.supports, "against": s.against,
                "informants": s.informants,
                "quotes": [{"passage_id": q.passage_id, "transcript": q.transcript, "speaker": q.speaker,
                            "polarity": q.polarity, "text": q.text, "t_start": q.t_start} for q in s.quotes],
                **({"override": s.override, "computed_verdict": s.computed} if s.override else {}),
            }
            for s in scores
        ]
        out = {"elements": elements, "summary": summary_line}
        if dry_run:
            out["unconfirmed"] = True
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    frame = tables.score_table(scores, codebook)
    if fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
        return
    if dry_run:
        click.echo("PRATINJAU: saran mesin yang BELUM dikonfirmasi (dry run), bukan temuan.\n")
    width = max(len(c) for c in frame["code"])
    click.echo(f"{'kode'.ljust(width)}  {'putusan':18} {'S':>3} {'A':>3} {'N':>3}")
    for row in frame.itertuples():
        mark = " *" if row.override_reason else ""
        click.echo(f"{row.code.ljust(width)}  {row.verdict + mark:18} {row.supports:>3} {row.against:>3} "
                   f"{row.informants:>3}")
    if any(frame["override_reason"]):
        click.echo("\n* putusan diganti peneliti: " + "; ".join(
            f"{r.code}: {r.override_reason} (hitungan aturan: {r.computed_verdict})"
            for r in frame.itertuples() if r.override_reason))
    click.echo(f"\n{summary_line}")


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="Bentuk keluaran / output format.")
@click.option("--dry-run", is_flag=True,
              help="Skor saran mesin yang belum ditinjau (ditandai belum dikonfirmasi) / score pending suggestions.")
@click.option("--transcript", "transcripts", multiple=True,
              help="Batasi ke transkrip ini (boleh berulang) / only these transcripts (repeatable).")
@click.option("--codebook", "codebook_path", type=click.Path(exists=True, dir_okay=False),
              help="Berkas codebook lain / another codebook file.")
def score(db_path, fmt, dry_run, transcripts, codebook_path):
    """Nilai tiap unsur DeSeve dari kode yang dikonfirmasi.

    Score every element from confirmed codes: verdict (terpenuhi / tidak terpenuhi / belum cukup bukti),
    S (passages supporting), A (against), N (informants supporting), quotes and the summary line.
    """
    from pipeline import api
    from pipeline.codebook import load_codebook

    book = load_codebook(codebook_path)
    scores, summary_line = api.score_elements(db_path, codebook=book, dry_run=dry_run,
                                              transcripts=list(transcripts) or None)
    _print_scores(scores, summary_line, fmt, dry_run=dry_run, codebook=book)


@cli.command()
@db_option
@click.argument("code")
@click.argument("verdict", required=False,
                type=click.Choice(["terpenuhi", "tidak terpenuhi", "belum cukup bukti"]))
@click.option("--reason", required=True, help="Alasan tertulis (wajib) / written justification (required).")
@click.option("--by", "coder", required=True, help="Nama peneliti / researcher's name.")
@click.option("--withdraw", is_flag=True, help="Cabut penggantian putusan / withdraw the override.")
def override(db_path, code, verdict, reason, coder, withdraw):
    """Ganti putusan satu unsur dengan alasan tertulis (disimpan dan ditampilkan).

    Override the verdict of CODE with VERDICT and a written reason; the rule's verdict is kept beside it.
    """
    from pipeline.codebook import load_codebook
    from pipeline.errors import InvalidConfig
    from pipeline.scoring import Override
    from pipeline.store import open_db
    from pipeline.store import scores as store_scores

    book = load_codebook()
    if code not in book.ids:
        raise InvalidConfig(f"kode {code!r} tidak ada di codebook; pilih salah satu: {', '.join(book.ids)}")
    db = open_db(db_path)
    if withdraw:
        store_scores.withdraw_override(db, code, coder=coder, reason=reason)
        click.echo(f"Penggantian putusan {code} dicabut.")
        return
    if not verdict:
        raise click.UsageError("sebutkan VERDICT (terpenuhi / 'tidak terpenuhi' / 'belum cukup bukti') atau --withdraw")
    store_scores.add_override(db, Override(code, verdict, reason, coder))
    click.echo(f"Putusan {code} diganti menjadi '{verdict}' oleh {coder}.")


@cli.command()
@db_option
@click.option("--out", "out_dir", default="laporan", show_default=True, type=click.Path(file_okay=False),
              help="Folder keluaran / output folder.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Bahasa laporan / report language.")
@click.option("--dry-run", is_flag=True, help="Laporan pratinjau dari saran yang belum dikonfirmasi.")
@click.option("--transcript", "transcripts", multiple=True, help="Batasi ke transkrip ini (boleh berulang).")
def report(db_path, out_dir, lang, dry_run, transcripts):
    """Tulis laporan penelitian: HTML mandiri, buku kerja XLSX, dan Markdown.

    Write the research report (element table with verdicts and quotes, charts, a methods section generated
    from the data) as a self-contained HTML file, an XLSX workbook and Markdown.
    """
    from pipeline import api

    paths = api.write_report(out_dir, db_path, lang=lang, dry_run=dry_run, transcripts=list(transcripts) or None)
    for path in paths:
        click.echo(f"Ditulis: {path}")


@cli.group()
def export():
    """Ekspor ke perangkat QDA lain (REFI-QDA) dan tabel kutipan.

    Export to other QDA tools: REFI-QDA project (.qdpx), codebook (.qdc), quotation table (CSV/XLSX).
    """


@export.command("qdpx")
@db_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--name", default="telaah", show_default=True, help="Nama proyek / project name.")
def export_qdpx(db_path, file, name):
    """Ekspor proyek REFI-QDA (.qdpx): codebook, sumber, dan coding terkonfirmasi.

    NVivo, ATLAS.ti, MAXQDA and QualCoder import it. project.qde is validated against the official schema.
    """
    from pipeline import api, qdpx
    from pipeline.store import open_db
    from pipeline.store import scores as store_scores

    db = open_db(db_path)
    book = api.active_codebook(None)
    codings = store_scores.quotations(db)
    path = qdpx.write_qdpx(file, book, store_scores.current_texts(db), codings, name=name)
    click.echo(f"Ditulis: {path} ({len(codings)} coding terkonfirmasi)")


@export.command("qdc")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--codebook", "codebook_path", type=click.Path(exists=True, dir_okay=False),
              help="Berkas codebook lain / another codebook file.")
def export_qdc(file, codebook_path):
    """Ekspor codebook saja sebagai REFI-QDA (.qdc)."""
    from pipeline import qdpx
    from pipeline.codebook import load_codebook

    path = qdpx.write_qdc(file, load_codebook(codebook_path))
    click.echo(f"Ditulis: {path}")


@export.command("quotes")
@db_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
def export_quotes(db_path, file, lang):
    """Tabel kutipan (satu baris per coding terkonfirmasi) ke CSV atau XLSX, menurut ekstensi.

    One row per confirmed coding: document, informant, code path, polarity, text, offsets, coder, time.
    """
    from pipeline import api
    from pipeline.errors import PipelineError

    frame = api.quotation_table(db_path, lang=lang)
    if file.lower().endswith(".csv"):
        frame.to_csv(file, index=False)
    elif file.lower().endswith(".xlsx"):
        frame.to_excel(file, index=False, sheet_name="kutipan")
    else:
        raise PipelineError(f"{file}: pakai ekstensi .csv atau .xlsx / use a .csv or .xlsx extension")
    click.echo(f"Ditulis: {file} ({len(frame)} baris)")


@cli.command("import-qdc")
@click.argument("qdc_file", type=click.Path(exists=True, dir_okay=False))
@click.argument("out_file", type=click.Path(dir_okay=False))
def import_qdc(qdc_file, out_file):
    """Impor codebook REFI-QDA (.qdc) menjadi berkas codebook YAML telaah.

    Import a REFI-QDA codebook (.qdc, e.g. from NVivo or QualCoder) as a telaah codebook YAML file, to be used
    with --codebook. Nested codes become sub-elements.
    """
    from pathlib import Path

    from pipeline import qdpx
    from pipeline.codebook import load_codebook

    book = qdpx.read_qdc(Path(qdc_file).read_bytes(), name=Path(qdc_file).stem)
    Path(out_file).write_text(qdpx.codebook_yaml(book), encoding="utf-8")
    load_codebook(out_file)  # the written file must load and validate
    click.echo(f"Ditulis: {out_file} ({len(book.elements)} kode)")
