"""Pure helpers for the templates: evidence highlighting (escaped) and time stamps. No database access."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from pipeline.records import Evidence


def spans(text: str, evidence: Iterable[Evidence]) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) spans of the evidence words inside ``text``.

    Offsets index into the passage text; when they do not match it (an older suggestion), the evidence word is
    looked up by its text instead, and skipped when it is not there.
    """
    found = []
    for e in evidence:
        start, end = e.start, e.end
        if not (0 <= start < end <= len(text)) or (e.text and text[start:end] != e.text):
            start = text.find(e.text) if e.text else -1
            end = start + len(e.text)
        if start >= 0 and end > start:
            found.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, evidence: Iterable[Evidence]) -> Markup:
    """The passage as HTML: every character escaped, evidence words wrapped in ``<mark>``.

    >>> str(highlight("a <b> c", [Evidence("c", 6, 7)]))
    'a &lt;b&gt; <mark>c</mark>'
    """
    out, pos = [], 0
    for start, end in spans(text, evidence):
        out.append(escape(text[pos:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def clock(seconds: float | None) -> str:
    """``h:mm:ss`` (or ``m:ss``) for a time in seconds; empty for None."""
    if seconds is None:
        return ""
    total = int(round(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
