from pipeline.store import decisions as store_decisions
from pipeline.store import open_db


def _post(client, path, **data):
    return client.post(path, data={"csrf_token": client.csrf, **data})


def _decide(client, pid, code, action, polarity="supports"):
    return _post(client, "/decide", passage_id=pid, code=code, action=action, polarity=polarity)


def test_web_team_transcripts_and_assignment_by_lead_only(review_login):
    lead, ani = review_login("dina"), review_login("ani")
    html = lead.get("/transcripts").get_data(as_text=True)
    assert "W01.txt" in html and "bersama (tanpa penugasan)" in html and 'name="coders"' in html
    resp = _post(lead, "/assign", transcript="W01.txt", coders=["ani", "budi"])
    assert "W01.txt ditugaskan ke: ani, budi" in lead.get(resp.location).get_data(as_text=True)
    assert 'name="coders"' not in ani.get("/transcripts").get_data(as_text=True)
    resp = _post(ani, "/assign", transcript="W02.txt", coders=["ani"])
    assert resp.status_code == 403 and "ketua" in resp.get_data(as_text=True)
    assert _post(lead, "/assign", transcript="W09.txt", coders=["ani"]).status_code == 404


def test_web_team_transcript_view_margin_and_add_code(review_login):
    ani = review_login("ani")
    _decide(ani, "W01-002", "governance.rules", "accept", polarity="against")
    resp = _post(ani, "/decide", passage_id="W01-003", code="commitment", action="add", polarity="supports",
                 back="/transcript/1#W01-003")
    assert resp.location.endswith("/transcript/1#W01-003")
    html = ani.get("/transcript/1").get_data(as_text=True)
    assert "Aturan main · menentang" in html and "Komitmen terhadap tujuan bersama · mendukung" in html
    assert html.count('class="tp informant coded"') == 2
    assert "Apakah sudah ada aturan tertulis?" in html  # interviewer turns are shown too
    assert _post(ani, "/decide", passage_id="W01-003", code="commitment", action="add",
                 back="https://evil.example/").location.endswith("/queue")


def test_web_team_agreement_disagreements_and_adjudication(review_login, review_db_path):
    lead, ani, budi = review_login("dina"), review_login("ani"), review_login("budi")
    _post(lead, "/assign", transcript="W01.txt", coders=["ani", "budi"])
    for coder, verdicts in ((ani, ("accept", "accept", "reject")), (budi, ("accept", "reject", "reject"))):
        for (pid, code), action in zip((("W01-001", "information_sharing"), ("W01-002", "governance.rules"),
                                        ("W01-003", "leadership")), verdicts):
            _decide(coder, pid, code, action)
    html = lead.get("/agreement").get_data(as_text=True)
    assert "Keseluruhan" in html and "alpha Krippendorff" in html and "ani – budi" in html
    assert "Aturan main" in html and 'name="value"' in html  # the one disagreement, to adjudicate
    assert 'id="disagreements"' not in ani.get("/agreement").get_data(as_text=True)  # coders stay blind
    assert "mesin" in lead.get("/agreement?machine=1&level=polarity").get_data(as_text=True)
    resp = _post(lead, "/adjudicate", passage_id="W01-002", code="governance.rules", value="against")
    assert "menjadi pengodean" in lead.get(resp.location).get_data(as_text=True)
    db = open_db(review_db_path)
    coding = {(d.passage_id, d.code): d for d in store_decisions.coding(db)}
    db.conn.close()
    assert coding[("W01-002", "governance.rules")].origin == "adjudication"
    assert coding[("W01-002", "governance.rules")].polarity == "against"
    assert "diputuskan ketua: menentang" in lead.get("/agreement").get_data(as_text=True)
    margin = lead.get("/transcript/1").get_data(as_text=True)  # the lead sees each coder's codes
    assert "Aturan main · mendukung · ani" in margin and "Aturan main · menentang · dina ✓" in margin
    assert "· ani" not in budi.get("/transcript/1").get_data(as_text=True)  # blind
    assert _post(ani, "/adjudicate", passage_id="W01-002", code="governance.rules",
                 value="against").status_code == 403
    assert _post(lead, "/adjudicate", passage_id="W01-002", code="governance.rules", value="x").status_code == 400
    assert lead.get("/agreement?level=x").status_code == 400


def test_web_team_agreement_empty(review_login):
    html = review_login("dina").get("/agreement").get_data(as_text=True)
    assert "Belum ada petikan yang dikode oleh dua pengode" in html


def test_web_team_every_page_renders_in_english(review_login):
    lead = review_login("dina")
    lead.post("/lang", data={"csrf_token": lead.csrf, "lang": "en"})
    _post(lead, "/assign", transcript="W01.txt", coders=["ani", "budi"])
    pages = {"/queue": "Review queue", "/queue?passage=W01-002": "Suggested codes", "/transcripts": "Coders",
             "/transcript/1": "Add a code", "/agreement?machine=1": "Inter-coder agreement",
             "/bulk?code=trust&min=0.5": "Accept 1 suggestions", "/queue?passage=W99-001": "Passage W99-001 not found"}
    for path, words in pages.items():
        assert words in lead.get(path).get_data(as_text=True), path
