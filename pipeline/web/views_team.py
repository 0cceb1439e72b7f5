"""Transcripts (whole-interview view, assignments) and agreement with the lead's adjudication."""

from __future__ import annotations

import math

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from pipeline import agreement as ag
from pipeline.errors import NotFound
from pipeline.records import Decision
from pipeline.store import assignments, queue as store_queue, users
from pipeline.web import current_user, db, t
from pipeline.web.render import clock

bp = Blueprint("team", __name__)
VALUES = ("supports", "against", "absent")


def _lead() -> dict:
    me = current_user()
    if not me["lead"]:
        abort(403, description=t("err.lead"))
    return me


@bp.get("/transcripts")
def transcripts():
    """Every transcript with its coders; the lead assigns coders here."""
    coders = [u.name for u in users.list_users(db()) if u.can_login]
    return render_template("transcripts.html", transcripts=store_queue.transcripts(db()),
                           assigned=assignments.all_assignments(db()), coders=coders)


@bp.get("/transcript/<int:tid>")
def transcript(tid: int):
    """The whole interview: coded passages marked, their codes in the margin, a code can be added anywhere."""
    me = current_user()
    try:
        info = store_queue.transcript(db(), tid)
    except NotFound:
        abort(404, description=t("err.404"))
    if not assignments.can_see(db(), tid, me["name"], lead=me["lead"]):
        abort(403)
    passages = store_queue.transcript_passages(db(), tid)
    pids = [p["id"] for p in passages]
    shared = store_queue.is_shared(db(), tid)
    if me["lead"] and not shared:
        # Double-coded: the lead sees each coder's codes side by side (adjudications included).
        confirmed = [d for d in store_queue.current_per_coder(db(), pids) if d.decision == "confirm"]
        by_coder = True
    else:
        codes = store_queue.current(db(), pids, me["name"], everyone=shared)
        confirmed = [d for _, d in sorted(codes.items()) if d.decision == "confirm"]
        by_coder = False
    margin: dict[str, list[Decision]] = {}
    for d in confirmed:
        margin.setdefault(d.passage_id, []).append(d)
    return render_template("transcript.html", info=info, passages=passages, margin=margin, clock=clock,
                           by_coder=by_coder)


@bp.post("/assign")
def assign():
    """The lead assigns a transcript to coders (two or more: blind double coding)."""
    me = _lead()
    name = request.form.get("transcript", "")
    coders = request.form.getlist("coders")
    done = assignments.assign(db(), name, coders, lead=me["name"])
    flash(t("tr.assigned", name=name, coders=", ".join(done) or "-"))
    return redirect(url_for("team.transcripts"))


def _ratings(level: str, machine: bool):
    current, sugg = assignments.agreement_input(db(), machine=machine)
    return ag.ratings(current, list(g.codebook.ids), level=level, machine=sugg)


@bp.get("/agreement")
def agreement():
    """Agreement per code and overall, per pair of coders, and (for the lead) the disagreements to decide."""
    me = current_user()
    level = request.args.get("level", "presence")
    if level not in ag.LEVELS:
        abort(400, description=t("err.field", field="level"))
    machine = request.args.get("machine") == "1"
    long = _ratings(level, machine)
    table = ag.agreement(long, list(g.codebook.ids))
    table = table[table["units"] > 0]
    disagreements, adjudicated = [], {}
    if me["lead"]:
        dis = ag.disagreements(_ratings("polarity", False) if level == "presence" else long)
        disagreements = dis.to_dict("records")
        pids = sorted({r["passage"] for r in disagreements})
        adjudicated = {k: d for k, d in store_queue.current(db(), pids, me["name"], everyone=True).items()
                       if d.origin == "adjudication"}
        texts = {pid: store_queue.passage(db(), pid)["text"] for pid in pids}
        for r in disagreements:
            r["text"] = texts[r["passage"]]
    coders = [c for c in long["coder"].unique()] if len(long) else []
    return render_template(
        "agreement.html", table=table.to_dict("records"), pairs=ag.pairwise(long).to_dict("records"),
        level=level, machine=machine, disagreements=disagreements, adjudicated=adjudicated,
        coders=sorted(c for c in coders if c != ag.MACHINE), fmt=_fmt)


def _fmt(value, percent: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value * 100:.0f}%" if percent else f"{value:.2f}"


@bp.post("/adjudicate")
def adjudicate():
    """The lead's decision on a disagreement; it becomes the coding (origin ``adjudication``)."""
    me = _lead()
    pid, code, value = request.form.get("passage_id", ""), request.form.get("code", ""), request.form.get("value")
    try:
        store_queue.passage(db(), pid)
    except NotFound:
        abort(404, description=t("err.passage", pid=pid[:200]))
    if code not in g.codebook.ids:
        abort(400, description=t("err.code", code=code[:100]))
    if value not in VALUES:
        abort(400, description=t("err.field", field="value"))
    decision = "reject" if value == "absent" else "confirm"
    polarity = None if value == "absent" else value
    store_queue.decide(db(), me["name"], [Decision(pid, code, decision, polarity, me["name"],
                                                   note=request.form.get("note", "")[:2000], origin="adjudication")])
    flash(t("ag.adjudication_saved"))
    return redirect(url_for("team.agreement", level=request.form.get("level", "presence")))
