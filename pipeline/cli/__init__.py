"""The ``telaah`` command: a click group over library functions.

Each area's commands live in a submodule (``ingest_cmds``, ``privacy_cmds``, ...) that adds them to ``cli``.
Commands parse options, call one library function and print a short result; heavy imports (Prefect,
scikit-learn, spaCy) happen inside the commands so that ``--help`` is instant. A ``PipelineError`` becomes a
clean message and exit code 1.
"""

from __future__ import annotations

import sys

import click

from pipeline import __version__
from pipeline.errors import PipelineError


class TelaahGroup(click.Group):
    """Turns the project's named errors into clean CLI errors (no traceback)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PipelineError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=TelaahGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="telaah")
def cli() -> None:
    """telaah: pengodean wawancara berbantuan NLP untuk kriteria kolaborasi DeSeve.

    NLP-assisted coding of Indonesian interview transcripts. Run `telaah COMMAND --help` for details.
    """


def db_option(fn):
    """The ``--db PATH`` option every command takes (default ``./telaah.db`` or ``TELAAH_DB``)."""
    return click.option(
        "--db",
        "db_path",
        envvar="TELAAH_DB",
        default="telaah.db",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="Berkas database SQLite / SQLite database file (env TELAAH_DB).",
    )(fn)


def training_options(fn):
    """``--force``, ``--folds`` and ``--calibrate``: the options of ``telaah train`` and ``telaah flows retrain``."""
    fn = click.option(
        "--calibrate", is_flag=True,
        help="Geser semua ambang agar cocok dengan pengodean peneliti pada bagian yang diputus (perlu >= 20) / "
             "move all thresholds by one offset fitted to the decided passages (needs >= 20; see README).")(fn)
    fn = click.option("--folds", default=5, show_default=True, type=click.IntRange(2, 20),
                      help="Lipatan validasi silang / cross-validation folds.")(fn)
    return click.option("--force", is_flag=True,
                        help="Aktifkan walau lebih buruk dari model aktif / promote even if worse.")(fn)


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="telaah")
    except KeyboardInterrupt:  # pragma: no cover - interactive
        click.echo("Dibatalkan.", err=True)
        sys.exit(130)


# Register the command modules (each adds its commands to ``cli``).
from pipeline.cli import (  # noqa: E402,F401
    batch_cmds,
    ingest_cmds,
    model_cmds,
    nlp_cmds,
    privacy_cmds,
    report_cmds,
    review_cmds,
)
