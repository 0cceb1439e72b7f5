"""Decisions to and from files: JSONL, CSV or XLSX by extension (a spreadsheet review round trip).

Rows are ``passage_id, code, decision, polarity, coder, note``. Export writes each coder's current decision per
(passage, code), sorted, optionally with the pending suggestions as rows with an empty ``decision`` for the
researcher to fill in; import skips such rows. An import is checked whole before anything is written: unknown
passage ids or codes, bad decisions or polarities refuse the file, with every bad row number. No SQL here.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.errors import InvalidDecisions
from pipeline.records import DECISIONS, POLARITIES, Decision

COLUMNS: tuple[str, ...] = ("passage_id", "code", "decision", "polarity", "coder", "note")
FORMATS: tuple[str, ...] = ("jsonl", "csv", "xlsx")
MAX_REPORTED = 20


def file_format(path: str | os.PathLike) -> str:
    """``jsonl``, ``csv`` or ``xlsx`` from the file name.

    Raises:
        InvalidDecisions: another extension.
    """
    ext = Path(path).suffix.lower().lstrip(".")
    if ext not in FORMATS:
        raise InvalidDecisions(f"{path}: unknown file type {ext!r}; use .jsonl, .csv or .xlsx")
    return ext


def to_rows(decisions: Iterable[Decision]) -> list[dict[str, str]]:
    """Rows (all values text, "" for none) sorted by passage, code and coder."""
    rows = [{"passage_id": d.passage_id, "code": d.code, "decision": d.decision, "polarity": d.polarity or "",
             "coder": d.coder, "note": d.note or ""} for d in decisions]
    return sorted(rows, key=lambda r: (r["passage_id"], r["code"], r["coder"], r["decision"]))


def write_rows(path: str | os.PathLike, rows: Sequence[dict[str, str]]) -> None:
    """Write rows to ``path`` in the format its extension names."""
    fmt = file_format(path)
    if fmt == "jsonl":
        text = "".join(json.dumps({c: r[c] for c in COLUMNS}, ensure_ascii=False) + "\n" for r in rows)
        Path(path).write_text(text, encoding="utf-8")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: r[c] for c in COLUMNS} for r in rows)
        Path(path).write_text(buf.getvalue(), encoding="utf-8")
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "decisions"
        ws.append(list(COLUMNS))
        for r in rows:
            ws.append([r[c] for c in COLUMNS])
        wb.save(path)


def read_rows(path: str | os.PathLike) -> list[tuple[int, dict[str, str]]]:
    """(line or spreadsheet row number, row) pairs; the header is row 1 in CSV and XLSX.

    Raises:
        InvalidDecisions: the file cannot be read or lacks a column.
    """
    fmt = file_format(path)
    try:
        if fmt == "jsonl":
            out = []
            for n, line in enumerate(Path(path).read_text(encoding="utf-8-sig").splitlines(), 1):
                if line.strip():
                    obj = json.loads(line)
                    if not isinstance(obj, dict):
                        raise InvalidDecisions(f"{path}:{n}: each line must be a JSON object")
                    out.append((n, obj))
            return out
        if fmt == "csv":
            with open(path, encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                _check_header(path, reader.fieldnames or [])
                return [(n, row) for n, row in enumerate(reader, 2)]
        return _read_xlsx(path)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, csv.Error) as exc:
        raise InvalidDecisions(f"{path}: cannot read the file ({exc})") from exc


def _check_header(path, header: Sequence[str]) -> None:
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InvalidDecisions(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}")


def _read_xlsx(path) -> list[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    try:
        ws = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise InvalidDecisions(f"{path}: not a readable XLSX file ({exc})") from exc
    it = ws.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(it, ())]
    _check_header(path, header)
    out = []
    for n, values in enumerate(it, 2):
        row = {h: "" if v is None else str(v) for h, v in zip(header, values)}
        if any(row.values()):
            out.append((n, row))
    return out


def _problem(row: dict, passages: set[str], codes: set[str]) -> str | None:
    get = {c: str(row.get(c) or "").strip() for c in COLUMNS}
    if get["passage_id"] not in passages:
        return f"unknown passage id {get['passage_id']!r}"
    if get["code"] not in codes:
        return f"code {get['code']!r} is not in the codebook"
    if get["decision"] not in DECISIONS:
        return f"decision {get['decision']!r} must be confirm or reject"
    if get["polarity"] not in (*POLARITIES, ""):
        return f"polarity {get['polarity']!r} must be supports, against or empty"
    if get["decision"] == "confirm" and not get["polarity"]:
        return "a confirmed code needs a polarity (supports or against)"
    if not get["coder"]:
        return "coder is empty"
    return None


def parse(
    path: str | os.PathLike, *, passages: set[str], codes: set[str], origin: str = "import"
) -> list[Decision]:
    """Read and check a decisions file; rows with an empty ``decision`` (left undecided) are skipped.

    Raises:
        InvalidDecisions: listing every bad row (up to 20) with its row number; nothing is returned then.
    """
    problems, out = [], []
    for n, row in read_rows(path):
        if not str(row.get("decision") or "").strip():
            continue
        problem = _problem(row, passages, codes)
        if problem:
            problems.append(f"row {n}: {problem}")
            continue
        g = {c: str(row.get(c) or "").strip() for c in COLUMNS}
        out.append(Decision(g["passage_id"], g["code"], g["decision"], g["polarity"] or None, g["coder"],
                            note=str(row.get("note") or ""), origin=origin))
    if problems:
        shown = "; ".join(problems[:MAX_REPORTED])
        more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        raise InvalidDecisions(f"{path}: refused, nothing imported: {shown}{more}; fix these rows and import again")
    return out


def export_file(db, path: str | os.PathLike, *, coder: str | None = None, include_pending: bool = False) -> int:
    """Write each coder's current decisions (optionally one coder's, and the pending suggestions). Returns rows."""
    from pipeline.store import decisions as store_decisions
    from pipeline.store import queue as store_queue

    file_format(path)
    current = [d for d in store_decisions.current_by_coder(db, coder) if d.origin != "undo"]
    rows = to_rows(current)
    if include_pending:
        rows += [{"passage_id": pid, "code": code, "decision": "", "polarity": pol, "coder": "", "note": ""}
                 for pid, code, pol in store_queue.pending_suggestions(db)]
    write_rows(path, rows)
    return len(rows)


def import_file(db, path: str | os.PathLike, *, codes: Iterable[str]) -> int:
    """Check the whole file, then append its decisions (origin ``import``) in one transaction. Returns rows.

    Raises:
        InvalidDecisions: the file is refused whole (see :func:`parse`).
    """
    from pipeline.store import decisions as store_decisions
    from pipeline.store import queue as store_queue

    decisions = parse(path, passages=store_queue.passage_ids(db), codes=set(codes))
    store_decisions.record_decisions(db, decisions)
    return len(decisions)
