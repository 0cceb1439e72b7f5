"""The queue screen: one passage at a time, decisions, skip, undo and bulk accept."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for

from pipeline.errors import NotFound
from pipeline.records import POLARITIES, Decision
from pipeline.store import assignments, decisions as store_decisions, queue as store_queue
from pipeline.store.queue import ORDERS, STATUSES, QueueFilter
from pipeline.web import current_user, db, queue_state, t
from pipeline.web.render import clock, highlight
from pipeline.web.views_auth import safe_next

bp = Blueprint("queue", __name__)
MAX_SKIP = 100
OTHER = {"supports": "against", "against": "supports"}


def _filter() -> QueueFilter:
    raw = session.get("flt") or {}
    return QueueFilter(**{k: str(raw.get(k, "")) for k in ("transcript", "code", "informant")},
                       status=raw.get("status", "pending"), order=raw.get("order", "uncertain"))


def _set_filter(args) -> None:
    order, status, code = args.get("order", "uncertain"), args.get("status", "pending"), args.get("code", "")
    if order not in ORDERS or status not in STATUSES:
        abort(400, description=t("err.field", field="order/status"))
    if code and code not in g.codebook.ids:
        abort(400, description=t("err.code", code=code))
    session["flt"] = {"order": order, "status": status, "code": code,
                      "transcript": args.get("transcript", "")[:200], "informant": args.get("informant", "")[:200]}
    session.pop("skip", None)


def visible_passage(pid: str) -> dict:
    """The passage, or a 404/403 page when it does not exist or belongs to other coders."""
    if not pid or len(pid) > 200:
        abort(404, description=t("err.passage", pid=pid))
    try:
        p = store_queue.passage(db(), pid)
    except NotFound:
        abort(404, description=t("err.passage", pid=pid))
    me = current_user()
    if not assignments.can_see(db(), p["transcript_id"], me["name"], lead=me["lead"]):
        abort(403)
    return p


def _rows(p: dict, me: dict) -> tuple[list[dict], list]:
    shared = store_queue.is_shared(db(), p["transcript_id"])
    mine = store_queue.current(db(), [p["id"]], me["name"], everyone=shared)
    sugg = store_queue.suggestions(db(), p["id"])
    rows = []
    for s in sugg:
        d = mine.get((p["id"], s.code))
        rows.append({"code": s.code, "score": s.score, "source": s.source, "model": s.model or s.lexicon,
                     "state": d.decision if d else "pending",
                     "polarity": d.polarity if d and d.polarity else s.polarity, "by": d.coder if d else ""})
    suggested = {s.code for s in sugg}
    for (_, code), d in sorted(mine.items()):
        if code not in suggested:
            rows.append({"code": code, "score": None, "source": "", "model": "", "state": d.decision,
                         "polarity": d.polarity or "supports", "by": d.coder, "added": True})
    evidence = [e for s in sugg for e in s.evidence]
    return rows, evidence


def _history(p: dict, me: dict) -> list[Decision]:
    items = store_decisions.history(db(), p["id"])
    if me["lead"] or store_queue.is_shared(db(), p["transcript_id"]):
        return items
    return [d for d in items if d.coder == me["name"]]


@bp.get("/")
def home():
    """Start at the queue."""
    return redirect(url_for("queue.page"))


@bp.get("/queue", endpoint="page")
def queue_page():
    """One passage with its suggestions (the given ``passage``, else the next one in the queue)."""
    me = current_user()
    if "apply" in request.args:
        _set_filter(request.args)
        return redirect(url_for("queue.page"))
    flt = _filter()
    skip = session.get("skip", [])
    found, progress, transcripts, informants = queue_state(me, flt, skip)
    if found is None and skip:
        session.pop("skip", None)
        found, *_ = queue_state(me, flt)
    pid = request.args.get("passage") or found
    ctx = {"flt": flt, "progress": progress, "done": sum(d for d, _ in progress.values()),
           "left": sum(n for _, n in progress.values()), "transcripts": transcripts,
           "informants": informants, "orders": ORDERS, "statuses": STATUSES, "clock": clock}
    if not pid:
        return render_template("queue.html", p=None, **ctx)
    p = visible_passage(pid)
    rows, evidence = _rows(p, me)
    return render_template(
        "queue.html", p=p, rows=rows, text=highlight(p["text"], evidence), history=_history(p, me),
        context=store_queue.neighbours(db(), p["id"]), **ctx)


def _decision(p: dict, me: dict, action: str, code: str, polarity: str, note: str) -> Decision:
    if action in ("accept", "add"):
        return Decision(p["id"], code, "confirm", polarity, me["name"], note=note, origin="web")
    if action == "reject":
        return Decision(p["id"], code, "reject", None, me["name"], note=note, origin="web")
    shared = store_queue.is_shared(db(), p["transcript_id"])
    cur = store_queue.current(db(), [p["id"]], me["name"], everyone=shared).get((p["id"], code))
    base = cur.polarity if cur is not None and cur.decision == "confirm" and cur.polarity else polarity
    return Decision(p["id"], code, "confirm", OTHER[base], me["name"], note=note, origin="web")


@bp.post("/decide")
def decide():
    """Accept, reject, flip or add one code on one passage (a new decision; earlier ones stay)."""
    me = current_user()
    p = visible_passage(request.form.get("passage_id", ""))
    code, action = request.form.get("code", ""), request.form.get("action", "")
    polarity = request.form.get("polarity") or "supports"
    if code not in g.codebook.ids:
        abort(400, description=t("err.code", code=code[:100]))
    if p["role"] == "interviewer":
        abort(400, description=t("err.interviewer"))
    if action not in ("accept", "reject", "flip", "add"):
        abort(400, description=t("err.field", field="action"))
    if polarity not in POLARITIES:
        abort(400, description=t("err.field", field="polarity"))
    note = request.form.get("note", "")[:2000]
    store_queue.decide(db(), me["name"], [_decision(p, me, action, code, polarity, note)])
    if request.form.get("back"):
        return redirect(safe_next(request.form.get("back")))
    rows, _ = _rows(p, me)
    if any(r["state"] == "pending" for r in rows) or action in ("flip", "add"):
        return redirect(url_for("queue.page", passage=p["id"]))
    return redirect(url_for("queue.page"))


@bp.post("/skip")
def skip():
    """Leave this passage for later (until the queue runs out or the filter changes)."""
    pid = request.form.get("passage_id", "")[:200]
    session["skip"] = [*session.get("skip", []), pid][-MAX_SKIP:]
    return redirect(url_for("queue.page"))


@bp.post("/undo")
def undo():
    """Undo the latest step (repeatable): superseding decisions restore what was there before."""
    touched = store_queue.undo(db(), current_user()["name"])
    if not touched:
        flash(t("queue.nothing_to_undo"))
        return redirect(url_for("queue.page"))
    flash(t("queue.undone", what=", ".join(touched[:5])))
    return redirect(url_for("queue.page", passage=touched[0]))


def _bulk_args(values) -> tuple[str, float]:
    code = values.get("code", "")
    if code not in g.codebook.ids:
        abort(400, description=t("err.code", code=code[:100]))
    try:
        minimum = float(values.get("min", ""))
    except ValueError:
        abort(400, description=t("err.field", field="min"))
    if not 0.0 <= minimum <= 1.0:
        abort(400, description=t("err.field", field="min"))
    return code, minimum


@bp.get("/bulk")
def bulk_preview():
    """How many pending suggestions a bulk accept would confirm, with a confirm button."""
    me = current_user()
    code, minimum = _bulk_args(request.args)
    items = store_queue.bulk_candidates(db(), me["name"], code, minimum, lead=me["lead"], flt=_filter())
    return render_template("bulk.html", code=code, minimum=minimum, n=len(items))


@bp.post("/bulk")
def bulk_accept():
    """Confirm every pending suggestion of one code above the confidence, with its suggested polarity."""
    me = current_user()
    code, minimum = _bulk_args(request.form)
    items = store_queue.bulk_candidates(db(), me["name"], code, minimum, lead=me["lead"], flt=_filter())
    if str(len(items)) != request.form.get("n"):
        flash(t("bulk.changed"))
        return redirect(url_for("queue.bulk_preview", code=code, min=minimum))
    if items:
        store_queue.decide(db(), me["name"], [
            Decision(pid, code, "confirm", pol, me["name"], note="bulk", origin="web") for pid, pol in items])
    flash(t("queue.accepted_n", n=len(items)))
    return redirect(url_for("queue.page"))
