"""Commands of this area are added to the ``telaah`` group here (see pipeline/cli/__init__.py)."""

from pipeline.cli import cli, db_option  # noqa: F401
