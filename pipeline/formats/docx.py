"""Word (``.docx``) paragraphs and tables as units, in document order. Pure; no file or DB access.

A name in bold at the start of a paragraph is a speaker label (with the colon inside or outside the bold run,
or no colon at all). A table with two columns is read as speaker | utterance (three columns: time | speaker |
utterance); a row with an empty speaker cell continues the turn, and a title row (``Pembicara | Ucapan``) is
skipped.
"""

from __future__ import annotations

import io
import re
import zipfile

from pipeline.errors import InvalidTranscript
from pipeline.formats.speakers import Unit, parse_time
from pipeline.normalize import normalize_line

_TIME = re.compile(r"^[\[(]?((?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]?$")
_TITLE_CELLS = {"pembicara", "penutur", "speaker", "nama", "ucapan", "teks", "transkrip", "text", "waktu", "time",
                "isi", "percakapan", "utterance", "peran", "no", "no."}


def units(data: bytes, *, name: str) -> list[Unit]:
    """Paragraphs (numbered 1.. over body paragraphs) and table rows as units.

    Raises:
        InvalidTranscript: the file is not a Word document (not a zip, damaged, or an old ``.doc``).
    """
    if not zipfile.is_zipfile(io.BytesIO(data)):
        hint = "berkas .doc lama? simpan ulang sebagai .docx" if data[:4] == b"\xd0\xcf\x11\xe0" else "berkas rusak?"
        raise InvalidTranscript(f"{name}: bukan dokumen .docx yang sah (bukan arsip zip; {hint}) / not a docx file")
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
        return _read(document)
    except InvalidTranscript:
        raise
    except Exception as exc:  # python-docx raises KeyError, BadZipFile, XML errors ... on damaged files
        raise InvalidTranscript(
            f"{name}: dokumen .docx rusak dan tidak dapat dibaca ({type(exc).__name__}: {exc}); "
            "buka dan simpan ulang di Word / damaged docx"
        ) from exc


def _read(document) -> list[Unit]:
    from docx.table import Table

    out: list[Unit] = []
    gap = False
    paragraph_no = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            out.extend(_table_units(block, gap and bool(out)))
            gap = False
            continue
        paragraph_no += 1
        unit = _paragraph_unit(block, paragraph_no)
        if unit is None:
            gap = True
            continue
        # Line breaks inside a paragraph (Shift+Enter) may separate turns: each line is a unit of its own.
        first, *more = unit.text.split("\n")
        out.append(Unit(first, unit.line, label=unit.label, where="paragraf", gap_before=gap and bool(out)))
        out.extend(Unit(line, unit.line, where="paragraf") for line in more if line)
        gap = False
    return out


def _paragraph_unit(paragraph, number: int) -> Unit | None:
    """A paragraph as a unit; a leading bold name becomes its label."""
    text = "\n".join(filter(None, (normalize_line(line) for line in paragraph.text.split("\n"))))
    if not text:
        return None
    bold = ""
    for run in paragraph.runs:
        if not run.text.strip() and not bold:
            continue
        if not run.bold:
            break
        bold += run.text
    label = normalize_line(bold).rstrip(":").strip(" *")
    if "\n" in bold or not text.startswith(normalize_line(bold)):
        return Unit(text, number)
    rest = text[len(normalize_line(bold)):].lstrip() if bold else text
    if label and rest.startswith(":"):
        rest = rest[1:].lstrip()
    if not label or not rest or len(label.split()) > 4 or len(label) > 40 or label == text:
        return Unit(text, number)
    return Unit(rest, number, label=label)


def _table_units(table, gap: bool) -> list[Unit]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:  # merged cells repeat; keep each once
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(normalize_line(cell.text))
        rows.append(cells)
    out = []
    for number, cells in enumerate(rows, start=1):
        unit = _row_unit(cells, number, first=number == 1)
        if unit is not None:
            out.append(Unit(unit.text, unit.line, unit.label, t_start=unit.t_start, where="baris tabel",
                            gap_before=gap and not out))
    return out


def _row_unit(cells: list[str], number: int, *, first: bool) -> Unit | None:
    cells = [c for c in cells]
    if not any(cells):
        return None
    if first and all(c.lower().strip(":") in _TITLE_CELLS for c in cells if c):
        return None
    if len(cells) == 1:
        return Unit(cells[0], number)
    t_start = None
    if len(cells) >= 3 and re.fullmatch(r"\d{1,4}\.?", cells[0]):  # a row-number column
        cells = cells[1:]
    if len(cells) >= 3 and _TIME.match(cells[0]):
        t_start = parse_time(_TIME.match(cells[0]).group(1))
        cells = cells[1:]
    speaker, text = cells[0].rstrip(":").strip(), " ".join(c for c in cells[1:] if c)
    if not text:
        return None
    return Unit(text, number, label=speaker or None, t_start=t_start)
