"""``telaah privacy show|add|remove|scan``: the pseudonym key and the scan for identifiers left behind.

``key_options`` and ``open_key`` are shared with ``telaah run`` (the key is loaded once per run and saved after).
The passphrase comes from ``--passphrase-file``, else ``TELAAH_PASSPHRASE``, else an interactive prompt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from pipeline.cli import cli, db_option
from pipeline.errors import PrivacyError


def key_options(fn):
    """``--key PATH`` (env TELAAH_KEY) and ``--passphrase-file FILE`` for commands that use the pseudonym key."""
    fn = click.option(
        "--passphrase-file",
        type=click.Path(exists=True, dir_okay=False),
        help="Berkas berisi frasa sandi kunci samaran (baris pertama) / file holding the key passphrase. "
        "Tanpa ini: env TELAAH_PASSPHRASE, lalu prompt.",
    )(fn)
    return click.option(
        "--key",
        "key_path",
        envvar="TELAAH_KEY",
        type=click.Path(dir_okay=False),
        help="Berkas kunci samaran terenkripsi / encrypted pseudonym key (default <data_dir>/pseudonyms.key, "
        "env TELAAH_KEY).",
    )(fn)


def resolve_key_path(key_path: str | None, settings: dict | None = None) -> Path:
    """The key file: ``--key``, else ``<TELAAH_HOME or the data_dir setting>/pseudonyms.key``."""
    from pipeline import config
    from pipeline.keystore import default_key_path

    if key_path:
        return Path(key_path)
    return default_key_path(os.environ.get("TELAAH_HOME") or (settings or config.load())["data_dir"])


def get_passphrase(passphrase_file: str | None, *, new: bool = False) -> str:
    """The passphrase: from the file, else ``TELAAH_PASSPHRASE``, else a prompt (asked twice for a new key).

    Raises:
        PrivacyError: no passphrase is available and there is no terminal to ask on.
    """
    if passphrase_file:
        lines = Path(passphrase_file).read_text(encoding="utf-8").splitlines()
        return lines[0] if lines else ""
    if os.environ.get("TELAAH_PASSPHRASE"):
        return os.environ["TELAAH_PASSPHRASE"]
    if sys.stdin is not None and sys.stdin.isatty():
        text = "Frasa sandi kunci samaran baru" if new else "Frasa sandi kunci samaran"
        return click.prompt(text, hide_input=True, confirmation_prompt=new)
    raise PrivacyError(
        "the pseudonym key needs a passphrase: give --passphrase-file FILE or set TELAAH_PASSPHRASE "
        "(or run in a terminal to be asked)"
    )


def open_session(key_path: str | None, passphrase_file: str | None, *, settings: dict | None = None):
    """The ``KeySession`` of a ``telaah run`` (the key loaded once; asks for a new passphrase on first use)."""
    from pipeline.keystore import KeySession

    path = resolve_key_path(key_path, settings)
    return KeySession(path, get_passphrase(passphrase_file, new=not path.exists()))


def open_key(key_path: str | None, passphrase_file: str | None):
    """Load the key: returns ``(path, passphrase, key)``; a missing key file gives an empty key."""
    from pipeline.keystore import load_key

    path = resolve_key_path(key_path)
    passphrase = get_passphrase(passphrase_file, new=not path.exists())
    return path, passphrase, load_key(path, passphrase)


@cli.group()
def privacy() -> None:
    """Kunci samaran dan pemindaian identitas / pseudonym key and identifier scan.

    Names, NIP, NIK, NRP, phone numbers and e-mails are replaced with pseudonyms when transcripts are read
    (`telaah run`). The key original -> pseudonym is an encrypted file outside the database.
    """


@privacy.command()
@key_options
def show(key_path: str | None, passphrase_file: str | None) -> None:
    """Tampilkan isi kunci samaran / list originals and their pseudonyms (needs the passphrase)."""
    path, _, key = open_key(key_path, passphrase_file)
    if not key.entries and not key.ignored:
        click.echo(f"Kunci samaran kosong ({path}).")
        return
    click.echo(f"Kunci samaran: {path}")
    for e in sorted(key.entries, key=lambda e: (e.kind, e.pseudonym, e.original)):
        click.echo(f"{e.pseudonym:<14} {e.kind:<9} {e.original}  ({e.source})")
    if key.ignored:
        click.echo("Tidak pernah disamarkan / never replaced: " + ", ".join(key.ignored))


@privacy.command()
@click.argument("names", nargs=-1, required=True)
@key_options
def add(names: tuple[str, ...], key_path: str | None, passphrase_file: str | None) -> None:
    """Tambahkan nama ke daftar proyek / add people's names to replace in every transcript read from now on.

    NICK=FULL NAME (e.g. "Tris=Sutrisno") gives a nickname the pseudonym of the full name.
    """
    from pipeline.keystore import save_key

    path, passphrase, key = open_key(key_path, passphrase_file)
    key = key.add_names(names)
    save_key(path, key, passphrase)
    for item in names:
        for name in item.split("="):
            click.echo(f"{name.strip()} -> {key.find('NAMA', name).pseudonym}")


@privacy.command()
@click.argument("names", nargs=-1, required=True)
@key_options
def remove(names: tuple[str, ...], key_path: str | None, passphrase_file: str | None) -> None:
    """Hapus nama dari kunci / forget names (e.g. a word wrongly taken for a name) and never replace them.

    Transcripts already stored keep their pseudonyms; without the entry they can no longer be re-identified.
    """
    from pipeline.keystore import save_key

    path, passphrase, key = open_key(key_path, passphrase_file)
    key, gone = key.remove_names(names)
    save_key(path, key, passphrase)
    for e in gone:
        click.echo(f"dihapus: {e.original} ({e.pseudonym})")
    click.echo(f"{len(gone)} entri dihapus; nama itu tidak akan disamarkan lagi.")


@privacy.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--names", "with_names", is_flag=True, help="Cari juga nama dari kunci samaran / also look for the key's names.")
@key_options
@db_option
def scan(paths, with_names: bool, key_path, passphrase_file, db_path: str) -> None:
    """Pindai DB atau ekspor untuk identitas tersisa / scan a database or exports for identifiers left.

    PATHS are databases, exported files (JSONL, CSV, HTML, Markdown, XLSX, .qdpx, .qdc) or folders; without
    PATHS the --db database is scanned. Exits 1 when anything is found and prints where.
    """
    from pipeline.scan import scan_path

    names: list[str] = []
    if with_names:
        _, _, key = open_key(key_path, passphrase_file)
        names = [e.original for e in key.entries if e.kind in ("NAMA", "INFORMAN")]
    findings = [f for p in (paths or (db_path,)) for f in scan_path(p, names)]
    for f in findings:
        click.echo(f"{f.location}: {f.kind} {f.masked}")
    if findings:
        raise click.ClickException(f"{len(findings)} identitas ditemukan / identifiers found; lihat di atas.")
    click.echo("Bersih: tidak ada NIP, NIK, NRP, telepon atau e-mail" + (" atau nama" if names else "") + ".")
