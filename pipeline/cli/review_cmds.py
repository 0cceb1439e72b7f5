"""Review: the web app, users, decisions import/export, assignments and agreement."""

from __future__ import annotations

import json
import sys

import click

from pipeline.cli import cli, db_option

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@cli.command()
@db_option
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Alamat yang didengar / address to listen on (default: this computer only).")
@click.option("--allow-remote", is_flag=True,
              help="Izinkan alamat selain localhost (data terbuka di jaringan) / allow a non-local address.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Bahasa bawaan / default language.")
@click.option("--codebook", "codebook_path", type=click.Path(exists=True, dir_okay=False),
              help="Berkas codebook lain / another codebook file.")
def review(db_path, port, host, allow_remote, lang, codebook_path):
    """Buka aplikasi tinjauan di peramban / serve the review web app (login required)."""
    from werkzeug.serving import make_server

    from pipeline.paths import data_dir
    from pipeline.web import create_app, session_secret

    if host not in LOCAL_HOSTS:
        if not allow_remote:
            raise click.ClickException(
                f"--host {host} membuka data wawancara ke jaringan; tambahkan --allow-remote bila memang perlu "
                f"/ binding to {host} exposes interview data to the network; add --allow-remote if you mean it")
        click.echo(f"PERINGATAN / WARNING: aplikasi terbuka untuk jaringan di {host}:{port}; "
                   "lalu lintas tidak terenkripsi (pakai VPN atau proxy HTTPS) / reachable from the network, "
                   "traffic is not encrypted.", err=True)
    secret = session_secret(data_dir() / "review-session.key")  # kept: a restart does not log coders out
    app = create_app(db_path, secret=secret, lang=lang, codebook_path=codebook_path)
    server = make_server(host, port, app, threaded=True)
    click.echo(f"telaah review: http://{host}:{server.server_port}/  (Ctrl+C untuk berhenti / to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        pass
    finally:
        server.server_close()


@cli.group()
def users():
    """Akun peninjau / review app accounts (lead and coders)."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return click.prompt("Kata sandi / password", hide_input=True, confirmation_prompt=True)


@users.command("add")
@db_option
@click.argument("name")
@click.option("--role", type=click.Choice(["lead", "coder"]), default="coder", show_default=True,
              help="lead: menugaskan dan memutus ketidaksepakatan / assigns and adjudicates.")
@click.option("--password-stdin", is_flag=True, help="Baca kata sandi dari stdin / read the password from stdin.")
def users_add(db_path, name, role, password_stdin):
    """Tambah pengguna (kata sandi diminta) / add a user (password from a prompt or stdin)."""
    from pipeline.auth import hash_password
    from pipeline.store import open_db
    from pipeline.store import users as store_users

    password = _read_password(password_stdin)
    db = open_db(db_path)
    store_users.add_user(db, name, role, hash_password(password))
    click.echo(f"Pengguna {name} ({role}) ditambahkan / user added.")


@users.command("passwd")
@db_option
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Baca kata sandi dari stdin / read the password from stdin.")
def users_passwd(db_path, name, password_stdin):
    """Ganti kata sandi dan buka kunci akun / set a new password (and lift a lockout)."""
    from pipeline.auth import hash_password
    from pipeline.store import open_db
    from pipeline.store import users as store_users

    password = _read_password(password_stdin)
    store_users.set_password(open_db(db_path), name, hash_password(password))
    click.echo(f"Kata sandi {name} diganti / password changed.")


@users.command("list")
@db_option
def users_list(db_path):
    """Daftar pengguna / list users."""
    from pipeline.store import open_db
    from pipeline.store import users as store_users

    for u in store_users.list_users(open_db(db_path)):
        login = "login" if u.can_login else "tanpa login / no login"
        click.echo(f"{u.name}\t{u.role}\t{login}")


@cli.group()
def decisions():
    """Keputusan pengodean ke/dari berkas / decisions to and from JSONL, CSV or XLSX files."""


@decisions.command("export")
@db_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--coder", help="Hanya keputusan pengode ini / only this coder's decisions.")
@click.option("--include-pending", is_flag=True,
              help="Tambahkan saran yang belum diputus (kolom decision kosong) / add pending suggestions.")
def decisions_export(db_path, file, coder, include_pending):
    """Tulis keputusan terkini tiap pengode / write each coder's current decisions."""
    from pipeline import decisions_io
    from pipeline.store import open_db

    n = decisions_io.export_file(open_db(db_path), file, coder=coder, include_pending=include_pending)
    click.echo(f"{n} baris ditulis ke {file} / rows written.")


@decisions.command("import")
@db_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--codebook", "codebook_path", type=click.Path(exists=True, dir_okay=False),
              help="Berkas codebook lain / another codebook file.")
def decisions_import(db_path, file, codebook_path):
    """Baca keputusan; berkas dengan baris salah ditolak seluruhnya / import decisions (all or nothing)."""
    from pipeline import decisions_io, i18n
    from pipeline.store import open_db

    n = decisions_io.import_file(open_db(db_path), file, codes=i18n.codebook(codebook_path).ids)
    click.echo(f"{n} keputusan diimpor dari {file} / decisions imported.")


@cli.command()
@db_option
@click.argument("transcript")
@click.argument("coders", nargs=-1, required=True)
def assign(db_path, transcript, coders):
    """Tugaskan transkrip ke pengode (dua atau lebih: pengodean ganda) / assign a transcript to coders."""
    from pipeline.store import assignments, open_db

    now = assignments.assign(open_db(db_path), transcript, coders)
    click.echo(f"{transcript}: {', '.join(now)}")


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="Bentuk keluaran / output format.")
@click.option("--level", type=click.Choice(["presence", "polarity"]), default="presence", show_default=True,
              help="presence: ada/tidak; polarity: mendukung/menentang/tidak ada.")
@click.option("--machine", is_flag=True, help="Sertakan mesin sebagai pengode / the machine as one more coder.")
@click.option("--codebook", "codebook_path", type=click.Path(exists=True, dir_okay=False),
              help="Berkas codebook lain / another codebook file.")
def agreement(db_path, fmt, level, machine, codebook_path):
    """Kesepakatan antarpengode per kode dan keseluruhan / inter-coder agreement (kappa, alpha, %)."""
    from pipeline import agreement as ag
    from pipeline import i18n
    from pipeline.store import assignments, open_db

    db = open_db(db_path)
    codes = list(i18n.codebook(codebook_path).ids)
    current, sugg = assignments.agreement_input(db, machine=machine)
    table = ag.agreement(ag.ratings(current, codes, level=level, machine=sugg), codes)
    if fmt == "json":
        click.echo(json.dumps({"level": level, "codes": json.loads(table.to_json(orient="records"))}, indent=2))
    elif fmt == "csv":
        click.echo(table.to_csv(index=False), nl=False)
    elif not table["units"].any():
        click.echo("Belum ada petikan yang dikode oleh dua pengode atau lebih / no double-coded passages yet.")
    else:
        click.echo(table[table["units"] > 0].to_string(index=False, float_format=lambda v: f"{v:.3f}"))

