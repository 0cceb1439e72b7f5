"""Align gold passages (e.g. the development set's ``gold.jsonl``) with stored passages. Pure; no I/O.

Gold text is the raw transcript text (before pseudonymisation) and may be cut differently from ours, so each
gold passage is matched within its transcript: by equal whitespace-collapsed text first, then by containment,
then by the most similar passage (``difflib`` ratio >= ``min_ratio``) for passages whose names were replaced.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

from pipeline.normalize import collapse_ws


def _get(obj: Any, key: str) -> Any:
    return obj[key] if isinstance(obj, Mapping) else getattr(obj, key)


def align_gold(
    gold_rows: Iterable[Mapping[str, Any]],
    passages: Iterable[Any],
    *,
    min_ratio: float = 0.6,
    roles: tuple[str, ...] = ("informant", "unknown"),
) -> dict[str, str]:
    """Map gold passage ids to passage ids.

    Args:
        gold_rows: dicts with ``passage_id``, ``text`` and ``file`` (a path whose file name is the transcript's).
        passages: ``Passage`` records or dicts with ``id``, ``transcript``, ``role`` and ``text``.
        min_ratio: the least similarity accepted for a fuzzy match.
        roles: the passage roles that may be matched.

    Returns:
        ``{gold passage id: passage id}`` for every gold row that found a passage.
    """
    by_file: dict[str, list[tuple[str, str]]] = {}
    for p in passages:
        if _get(p, "role") in roles:
            by_file.setdefault(_get(p, "transcript"), []).append((_get(p, "id"), collapse_ws(_get(p, "text"))))
    out: dict[str, str] = {}
    for row in gold_rows:
        candidates = by_file.get(PurePosixPath(str(row["file"]).replace("\\", "/")).name, [])
        match = best_match(collapse_ws(row["text"]), candidates, min_ratio=min_ratio)
        if match is not None:
            out[row["passage_id"]] = match
    return out


def best_match(text: str, candidates: list[tuple[str, str]], *, min_ratio: float = 0.6) -> str | None:
    """The id of the candidate ``(id, text)`` that is equal to, contains/is contained in, or most like ``text``."""
    for pid, other in candidates:
        if other == text:
            return pid
    overlaps = [(min(len(other), len(text)), pid) for pid, other in candidates if text in other or other in text]
    if overlaps:
        return max(overlaps)[1]
    best, best_ratio = None, min_ratio
    for pid, other in candidates:
        matcher = difflib.SequenceMatcher(None, text, other, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = pid, ratio
    return best
