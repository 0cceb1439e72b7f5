"""Commands of the text-analysis and lexicon area: ``telaah predict``, ``telaah lexicon check``, ``telaah nlp ...``.

None of them needs a database: they read text or JSONL on stdin (or files) and write JSON lines on stdout.
"""

from __future__ import annotations

import json
import sys

import click

from pipeline.cli import cli
from pipeline.errors import PipelineError


class InvalidInput(PipelineError, ValueError):
    """A line of the JSONL input is not an object with ``id`` and ``text``."""


def _rows(stream) -> list[dict]:
    rows = []
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"stdin baris {number}: bukan JSON / line {number} is not JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or "text" not in row or not isinstance(row["text"], str):
            raise InvalidInput(
                f'stdin baris {number}: perlu objek {{"id", "text"}} / line {number} needs an object with "id" and "text"'
            )
        row.setdefault("id", str(number))
        rows.append(row)
    return rows


def _passages(rows: list[dict]):
    from pipeline.records import Passage

    return [
        Passage(
            id=str(r["id"]), transcript="", seq=n, turn_index=n, speaker="", role="informant",
            start=0, end=len(r["text"]), text=r["text"], question=r.get("question") or None,
        )
        for n, r in enumerate(rows, start=1)
    ]


def _configured_codebook() -> str | None:
    """The ``codebook`` setting of ``telaah.toml`` (empty: the shipped DeSeve codebook)."""
    from pipeline.config import load

    return load().get("codebook") or None


def _code_json(s) -> dict:
    return {
        "code": s.code,
        "score": round(float(s.score), 4),
        "polarity": s.polarity,
        "evidence": [{"text": e.text, "start": e.start, "end": e.end} for e in s.evidence],
        "source": s.source,
    }


@cli.command()
@click.option("--source", type=click.Choice(["auto", "lexicon"]), default="auto", show_default=True,
              help="auto: model aktif + leksikon (pipeline.suggest) / active model + lexicon; lexicon: leksikon saja.")
@click.option("--codebook", "codebook_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Berkas codebook YAML lain / another codebook file (its `lexicon` field names its lexicon).")
def predict(source: str, codebook_path: str | None) -> None:
    """Sarankan kode untuk teks mentah / suggest codes for raw text (no database).

    Reads JSONL {"id", "text"[, "question"]} on stdin and writes JSONL
    {"id", "codes": [{"code", "score", "polarity", "evidence", "source"}]} on stdout.
    """
    from pipeline.lexicon import load_for_codebook

    lexicon = load_for_codebook(codebook_path or _configured_codebook())
    rows = _rows(sys.stdin)
    passages = _passages(rows)
    model = None
    if source == "auto":
        from pipeline.suggest import active_model

        choice = active_model()
        model = choice.model
        if choice.warning:
            click.echo(choice.warning, err=True)
    if source == "auto":
        from pipeline.suggest import suggest

        suggestions = suggest(passages, lexicon=lexicon, model=model)
    else:
        from pipeline.lexicon import code_text

        suggestions = [s for p in passages for s in code_text(p.text, lexicon, passage_id=p.id, question=p.question)]
    by_id: dict[str, list] = {p.id: [] for p in passages}
    for s in suggestions:
        by_id.setdefault(s.passage_id, []).append(_code_json(s))
    for p in passages:
        click.echo(json.dumps({"id": p.id, "codes": by_id[p.id]}, ensure_ascii=False))


@cli.group()
def lexicon() -> None:
    """Codebook dan leksikon / codebook and lexicon files."""


@lexicon.command("check")
@click.option("--codebook", "codebook_path", type=click.Path(dir_okay=False), default=None,
              help="Berkas codebook / codebook file (default lexicons/deseve.yaml).")
@click.option("--lexicon", "lexicon_path", type=click.Path(dir_okay=False), default=None,
              help="Berkas leksikon / lexicon file (default: the one the codebook names).")
def lexicon_check(codebook_path: str | None, lexicon_path: str | None) -> None:
    """Periksa codebook + leksikon / validate codebook and lexicon files (errors give file:line)."""
    from pipeline.codebook import codebook_lexicon_path, load_codebook
    from pipeline.lexicon import load_lexicon

    codebook_path = codebook_path or _configured_codebook()
    codebook = load_codebook(codebook_path)
    path = lexicon_path or (codebook_lexicon_path(codebook_path) if codebook_path else None)
    lex = load_lexicon(codebook, path)
    used = {e.code for e in lex.entries}
    missing = [c for c in codebook.ids if c not in used]
    click.echo(
        f"OK: codebook {codebook.name} ({len(codebook.ids)} kode/codes), leksikon {lex.paths[0].name} "
        f"({len(lex.entries)} istilah/terms, versi/version {lex.version})"
    )
    if missing:
        click.echo(f"Peringatan / warning: kode tanpa istilah / codes without terms: {', '.join(missing)}", err=True)


@cli.group()
def nlp() -> None:
    """Analisis teks Indonesia / Indonesian text analysis (tokens, stems, sentences)."""


@nlp.command("analyse")
@click.option("--text", default=None, help="Teks / text (default: stdin).")
def nlp_analyse(text: str | None) -> None:
    """Token, bentuk baku dan kata dasar / tokens, normal forms and stems as JSON lines (default backend)."""
    from pipeline.nlp import sentences, tokens

    value = text if text is not None else sys.stdin.read()
    for start, end in sentences(value):
        toks = tokens(value[start:end])
        click.echo(json.dumps({
            "start": start, "end": end,
            "tokens": [{"text": t.text, "start": t.start + start, "norm": t.norm, "stem": t.stem} for t in toks],
        }, ensure_ascii=False))


@nlp.command("stanza")
@click.option("--model-dir", type=click.Path(exists=True, file_okay=False), required=True,
              help="Folder model Stanza Indonesia lokal / local Indonesian Stanza model folder (never downloads).")
@click.option("--text", default=None, help="Teks / text (default: stdin).")
def nlp_stanza(model_dir: str, text: str | None) -> None:
    """Analisis dengan Stanza lokal / analyse with a local Stanza model (extra telaah[stanza]).

    Prints one JSON line per sentence with tokens, lemmas (when the model has a lemmatizer) and stems.
    """
    from pipeline.stanza_backend import StanzaBackend

    backend = StanzaBackend(model_dir)
    value = text if text is not None else sys.stdin.read()
    for sentence in backend.analyse(value):
        click.echo(json.dumps(sentence, ensure_ascii=False))
