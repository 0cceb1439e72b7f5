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
