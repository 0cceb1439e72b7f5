import threading

import pytest

from pipeline.store import decisions as store_decisions
from pipeline.store import open_db


def _post(client, path, **data):
    return client.post(path, data={"csrf_token": client.csrf, **data})


def _decide(client, pid, code, action, polarity="supports", **extra):
    return _post(client, "/decide", passage_id=pid, code=code, action=action, polarity=polarity, **extra)


def _decisions(path):
    db = open_db(path)
    try:
        return list(store_decisions.all_decisions(db))
    finally:
        db.conn.close()


def test_web_queue_shows_passage_with_context(review_login):
    html = review_login("ani").get("/queue").get_data(as_text=True)
    assert "W01-001" in html and "Bu Sari" in html and "W01.txt" in html
    assert "Bagaimana koordinasi antar dinas selama ini?" in html  # the interviewer's question
    assert "<mark>rapat koordinasi</mark>" in html and "<mark>berbagi data</mark>" in html
    assert "90%" in html and "lexicon" in html and "mendukung" in html
    assert "0:30" in html  # time stamp
    for key in ("<kbd>a</kbd>", "<kbd>x</kbd>", "<kbd>f</kbd>", "<kbd>c</kbd>", "<kbd>s</kbd>", "<kbd>n</kbd>",
                "<kbd>u</kbd>"):
        assert key in html
    assert "Selesai 0 · tersisa 6" in html


@pytest.mark.parametrize("pid, raw, shown", [
    ("W01-003", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("W02-001", "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
])
def test_web_queue_transcript_text_is_escaped(review_login, pid, raw, shown):
    client = review_login("ani")
    for path in (f"/queue?passage={pid}", "/transcript/1", "/transcript/2"):
        html = client.get(path).get_data(as_text=True)
        assert raw not in html
    assert shown in client.get(f"/queue?passage={pid}").get_data(as_text=True)


def test_web_queue_accept_reject_flip_add(review_login, review_db_path):
    client = review_login("ani")
    resp = _decide(client, "W01-001", "information_sharing", "accept", note="jelas")
    assert resp.status_code == 302 and "passage=W01-001" in resp.location  # one suggestion still pending
    resp = _decide(client, "W01-001", "networked_structure", "reject")
    assert resp.location.endswith("/queue")  # passage done: on to the next one
    _decide(client, "W01-001", "information_sharing", "flip")
    _decide(client, "W01-002", "governance.rules", "flip", polarity="against")  # flip before accepting
    _decide(client, "W01-002", "trust", "add", polarity="against")
    got = [(d.passage_id, d.code, d.decision, d.polarity, d.coder, d.origin, d.note)
           for d in _decisions(review_db_path)]
    assert got == [
        ("W01-001", "information_sharing", "confirm", "supports", "ani", "web", "jelas"),
        ("W01-001", "networked_structure", "reject", None, "ani", "web", ""),
        ("W01-001", "information_sharing", "confirm", "against", "ani", "web", ""),
        ("W01-002", "governance.rules", "confirm", "supports", "ani", "web", ""),
        ("W01-002", "trust", "confirm", "against", "ani", "web", ""),
    ]
    html = client.get("/queue?passage=W01-002").get_data(as_text=True)
    assert "Saling percaya antarpartisipan" in html and "ditambahkan" in html
    assert "Selesai 3 · tersisa 3" in client.get("/queue").get_data(as_text=True)


@pytest.mark.parametrize("data, status, words", [
    ({"passage_id": "W09-001", "code": "trust", "action": "accept"}, 404, "W09-001"),
    ({"passage_id": "W01-001", "code": "kepercayaan", "action": "accept"}, 400, "kepercayaan"),
    ({"passage_id": "W01-001", "code": "trust", "action": "hapus"}, 400, "action"),
    ({"passage_id": "W01-001", "code": "trust", "action": "accept", "polarity": "netral"}, 400, "polarity"),
    ({"passage_id": "W01-q001", "code": "trust", "action": "add"}, 400, "pewawancara tidak dikode"),
])
def test_web_queue_bad_requests_get_clear_pages(review_login, data, status, words):
    resp = _post(review_login("ani"), "/decide", **data)
    body = resp.get_data(as_text=True)
    assert resp.status_code == status and words in body and "Traceback" not in body


def test_web_queue_bad_get_requests(review_login):
    client = review_login("ani")
    assert client.get("/queue?passage=W09-001").status_code == 404
    assert client.get("/transcript/99").status_code == 404
    assert client.get("/queue?apply=1&order=acak").status_code == 400
    assert client.get("/bulk?code=trust&min=dua").status_code == 400
    assert client.get("/bulk?code=trust&min=2").status_code == 400
    assert client.get("/tidak-ada").status_code == 404
    assert client.put("/decide").status_code == 405


def test_web_queue_skip_filters_and_order(review_login):
    client = review_login("ani")
    assert 'data-passage="W01-001"' in client.get("/queue").get_data(as_text=True)
    _post(client, "/skip", passage_id="W01-001")
    assert 'data-passage="W02-001"' in client.get("/queue").get_data(as_text=True)
    client.get("/queue?apply=1&order=document&status=pending&code=leadership&transcript=&informant=")
    assert 'data-passage="W01-003"' in client.get("/queue").get_data(as_text=True)
    client.get("/queue?apply=1&order=uncertain&status=pending&code=&transcript=W02.txt&informant=Pak+Budi")
    assert 'data-passage="W02-001"' in client.get("/queue").get_data(as_text=True)
    client.get("/queue?apply=1&order=uncertain&status=decided&code=&transcript=&informant=")
    assert 'id="queue-empty"' in client.get("/queue").get_data(as_text=True)


def test_web_queue_undo_several_steps(review_login, review_db_path):
    client = review_login("ani")
    _decide(client, "W02-001", "trust", "accept")
    _decide(client, "W02-001", "trust", "flip")
    resp = _post(client, "/undo")
    assert "passage=W02-001" in resp.location
    resp = _post(client, "/undo")
    html = client.get(resp.location).get_data(as_text=True)
    assert "Dibatalkan: W02-001" in html
    assert _post(client, "/undo").status_code == 302
    assert "Tidak ada yang bisa dibatalkan" in client.get("/queue").get_data(as_text=True)
    polarities = [(d.decision, d.polarity, d.origin) for d in _decisions(review_db_path)]
    assert polarities == [("confirm", "supports", "web"), ("confirm", "against", "web"),
                          ("confirm", "supports", "web"), ("reject", None, "undo")]


def test_web_queue_bulk_accept_with_confirmation(review_login, review_db_path):
    client = review_login("ani")
    html = client.get("/bulk?code=trust&min=0.8").get_data(as_text=True)
    assert "Terima 1 saran" in html and 'name="n" value="1"' in html
    assert "Tidak ada saran" in client.get("/bulk?code=trust&min=0.95").get_data(as_text=True)
    resp = _post(client, "/bulk", code="trust", min="0.8", n="2")  # the count changed since the preview
    assert "/bulk" in resp.location and _decisions(review_db_path) == []
    resp = _post(client, "/bulk", code="trust", min="0.8", n="1")
    assert "1 saran diterima" in client.get(resp.location).get_data(as_text=True)
    assert [(d.code, d.polarity, d.note) for d in _decisions(review_db_path)] == [("trust", "supports", "bulk")]
    _post(client, "/undo")  # a bulk accept is one undo step
    assert _decisions(review_db_path)[-1].origin == "undo"


def test_web_queue_history_and_blind_coding(review_login, review_app):
    lead, ani, budi = review_login("dina"), review_login("ani"), review_login("budi")
    _post(lead, "/assign", transcript="W02.txt", coders=["ani", "budi"])
    _decide(budi, "W02-001", "trust", "reject", note="ragu")
    _decide(ani, "W02-001", "trust", "accept")
    ani_html = ani.get("/queue?passage=W02-001").get_data(as_text=True)
    assert "ragu" not in ani_html and "budi" not in ani_html  # blind: only her own decisions
    assert "ragu" in lead.get("/queue?passage=W02-001").get_data(as_text=True)  # the lead sees all
    # W01 was assigned to budi only: ani may not open it.
    _post(lead, "/assign", transcript="W01.txt", coders=["budi"])
    assert ani.get("/queue?passage=W01-001").status_code == 403
    assert _decide(ani, "W01-001", "trust", "accept").status_code == 403
    assert ani.get("/transcript/1").status_code == 403


def test_web_queue_two_coders_concurrently_lose_nothing(review_login, review_db_path):
    clients = {"ani": review_login("ani"), "budi": review_login("budi")}
    codes = ["trust", "leadership", "governance.rules", "information_sharing", "networked_structure"]
    per_coder, errors = 150, []

    def work(name):
        client = clients[name]
        for i in range(per_coder):
            resp = _decide(client, ["W01-001", "W01-002", "W02-001"][i % 3], codes[i % 5],
                           "accept" if i % 2 else "reject", note=f"{name}-{i}")
            if resp.status_code != 302:
                errors.append((name, i, resp.status_code))

    threads = [threading.Thread(target=work, args=(n,)) for n in clients]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    notes = {d.note for d in _decisions(review_db_path)}
    assert notes == {f"{n}-{i}" for n in clients for i in range(per_coder)}


def test_web_queue_unexpected_error_is_a_clean_500(review_login, monkeypatch):
    client = review_login("ani")

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("pipeline.store.queue.suggestions", broken)
    resp = client.get("/queue?passage=W01-001")
    body = resp.get_data(as_text=True)
    assert resp.status_code == 500 and "keputusan sebelumnya tetap tersimpan" in body
    assert "secret internals" not in body and "Traceback" not in body
