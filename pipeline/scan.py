"""Scan telaah's outputs for identifiers left behind: a database, JSONL/JSON/CSV, HTML/Markdown/text, XLSX,
REFI-QDA .qdpx (zip of XML and text sources) and .qdc (XML).

Each finding says where (table/column/row, line, sheet!cell, member of the zip) and what kind of identifier it
is; the value itself is masked so that the scan report does not spread it further. Reading only; no writes.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.identifiers import find_identifiers
from pipeline.privacy import NameIndex

TEXT_SUFFIXES = {".html", ".htm", ".md", ".markdown", ".txt", ".xml", ".qde", ".qdc", ".tsv", ".vtt", ".srt"}
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class Finding:
    """An identifier (or known name) found in an output."""

    location: str  # e.g. "passages.text, row 12", "baris 3", "Passages!C4", "project.qde, baris 40"
    kind: str  # NIP | NIK | NRP | TELEPON | EMAIL | NAMA
    masked: str  # the value with its middle hidden, e.g. "0812******90"


def mask(value: str) -> str:
    """Hide the middle of a value: ``"081234567890"`` -> ``"0812******90"``."""
    keep = max(1, min(4, len(value) // 4))
    return value[:keep] + "*" * max(1, len(value) - keep - 2) + value[-2:] if len(value) > 4 else "*" * len(value)


def number_text(value) -> str | None:
    """A long whole number (int, or float as spreadsheets store them) as digits; None otherwise."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**9:
        return str(value)
    return None


def name_index(names: Iterable[str] | NameIndex = ()) -> NameIndex:
    """Known names as an index (built once per scan)."""
    return names if isinstance(names, NameIndex) else NameIndex((name, name) for name in names)


def find_in_text(text: str, location: str, names: Iterable[str] | NameIndex = ()) -> list[Finding]:
    """Findings in one text: identifier patterns and, when given, known names (whole words, with a capital)."""
    found = [Finding(location, f.kind, mask(f.text)) for f in find_identifiers(text)]
    found += [Finding(location, "NAMA", mask(text[a:b])) for a, b, _ in name_index(names).spans(text)]
    return found


def _lines(text: str, where: str, names: NameIndex, *, markup: bool = False) -> Iterator[Finding]:
    for n, line in enumerate(text.splitlines(), start=1):
        found = find_in_text(html.unescape(line), f"{where}baris {n}", names)
        if markup:
            # Attribute values are in the raw line; text split over tags (<b>0812</b>-3456-7890) in the plain one.
            found += find_in_text(html.unescape(_TAG.sub(" ", line)), f"{where}baris {n}", names)
        yield from dict.fromkeys(found)


def _values(value, path: str) -> Iterator[tuple[str, str]]:
    """Every string in a JSON value with its key path."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _values(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _values(v, f"{path}[{i}]")
    elif isinstance(value, str):
        yield path, value
    elif number_text(value):
        yield path, number_text(value)


def _scan_json(text: str, names: NameIndex, *, lines: bool) -> Iterator[Finding]:
    records = enumerate(text.splitlines(), start=1) if lines else [(1, text)]
    for n, raw in records:
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            yield from find_in_text(raw, f"baris {n}", names)
            continue
        for path, s in _values(value, ""):
            yield from find_in_text(s, f"baris {n} {path}".strip(), names)


def _scan_csv(text: str, names: NameIndex, *, delimiter: str = ",") -> Iterator[Finding]:
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] = []
    for n, row in enumerate(rows, start=1):
        header = header or row
        for i, cell in enumerate(row):
            column = header[i] if i < len(header) else str(i + 1)
            yield from find_in_text(cell, f"baris {n} kolom {column}", names)


def _scan_xlsx(data: bytes, names: NameIndex) -> Iterator[Finding]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    value = number_text(cell.value) or cell.value
                    if isinstance(value, str) and value:
                        yield from find_in_text(value, f"{sheet.title}!{cell.coordinate}", names)
    finally:
        book.close()


def _scan_zip(data: bytes, names: NameIndex) -> Iterator[Finding]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            member = archive.read(info)
            yield from scan_bytes(member, info.filename, names, where=f"{info.filename}, ")


def scan_bytes(data: bytes, name: str, names: Iterable[str] | NameIndex = (), *, where: str = "") -> Iterator[Finding]:
    """Findings in the content of one exported file, chosen by the file name's extension."""
    names = name_index(names)
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        yield from _scan_xlsx(data, names)
        return
    if suffix in {".qdpx", ".zip", ".docx"} or zipfile.is_zipfile(io.BytesIO(data)):
        yield from _scan_zip(data, names)
        return
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    found: Iterable[Finding]
    if suffix in {".jsonl", ".ndjson"}:
        found = _scan_json(text, names, lines=True)
    elif suffix == ".json":
        found = _scan_json(text, names, lines=False)
    elif suffix in {".csv", ".tsv"}:
        found = _scan_csv(text, names, delimiter="\t" if suffix == ".tsv" else ",")
    else:
        markup = suffix in {".html", ".htm", ".xml", ".qde", ".qdc"} or text.lstrip().startswith("<")
        found = _lines(text, "", names, markup=markup)
    for f in found:
        yield Finding(where + f.location, f.kind, f.masked) if where else f


def _scan_db(path: Path, names: NameIndex) -> Iterator[Finding]:
    from pipeline.store.privacy import open_readonly, text_cells

    db = open_readonly(path)
    try:
        for table, column, ref, value in text_cells(db):
            yield from find_in_text(value, f"{table}.{column}, baris {ref}", names)
    finally:
        db.conn.close()


def is_sqlite(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(16) == b"SQLite format 3\x00"


def scan_path(path: str | os.PathLike, names: Iterable[str] = ()) -> list[Finding]:
    """Scan a database or an exported file (or every file in a folder) for identifiers left behind.

    Raises:
        PipelineError: the path does not exist or cannot be read.
    """
    target = Path(path)
    if not target.exists():
        raise PipelineError(f"{target}: no such file or folder; give a telaah database or an exported file")
    names = name_index(names)
    files = sorted(p for p in target.rglob("*") if p.is_file()) if target.is_dir() else [target]
    findings: list[Finding] = []
    for file in files:
        prefix = f"{file}: " if target.is_dir() else ""
        try:
            if is_sqlite(file):
                found = list(_scan_db(file, names))
            else:
                found = list(scan_bytes(file.read_bytes(), file.name, names))
        except (OSError, zipfile.BadZipFile) as exc:
            raise PipelineError(f"{file}: cannot be read for the privacy scan ({exc})") from exc
        findings += [Finding(prefix + f.location, f.kind, f.masked) for f in found]
    return findings
