import datetime as dt

import pytest

from pipeline import auth


def test_web_auth_login_required_everywhere(review_app):
    client = review_app.test_client()
    for path in ["/", "/queue", "/transcripts", "/transcript/1", "/agreement", "/bulk?code=trust&min=0.5"]:
        resp = client.get(path)
        assert resp.status_code == 302 and "/login" in resp.location, path
    for path in ["/decide", "/skip", "/undo", "/bulk", "/assign", "/adjudicate", "/logout"]:
        resp = client.post(path, data={})
        assert resp.status_code == 401, path
        assert "Sesi berakhir" in resp.get_data(as_text=True)


def test_web_auth_cookie_is_httponly_strict_and_signed(review_app, page_csrf):
    client = review_app.test_client()
    token = page_csrf(client.get("/login").get_data(as_text=True))
    resp = client.post("/login", data={"name": "ani", "password": "rahasia-123", "csrf_token": token})
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Expires=" in cookie
    # A tampered cookie is not accepted.
    value = cookie.split(";")[0].split("=", 1)[1]
    other = review_app.test_client()
    other.set_cookie("telaah_session", value[:-3] + "abc")
    assert other.get("/queue").status_code == 302


def test_web_auth_wrong_password_and_lockout(review_app, review_login, page_csrf):
    client = review_app.test_client()
    token = page_csrf(client.get("/login").get_data(as_text=True))
    for _ in range(auth.MAX_FAILURES - 1):
        resp = client.post("/login", data={"name": "budi", "password": "salah-salah", "csrf_token": token})
        assert resp.status_code == 401 and "salah" in resp.get_data(as_text=True)
    resp = client.post("/login", data={"name": "budi", "password": "salah-salah", "csrf_token": token})
    assert "dikunci" in resp.get_data(as_text=True)
    resp = client.post("/login", data={"name": "budi", "password": "rahasia-123", "csrf_token": token})
    assert resp.status_code == 401 and "dikunci" in resp.get_data(as_text=True)
    review_login("ani")  # other accounts are not affected


def test_web_auth_login_form_needs_csrf(review_app):
    client = review_app.test_client()
    client.get("/login")
    resp = client.post("/login", data={"name": "ani", "password": "rahasia-123"})
    assert resp.status_code == 400 and "CSRF" in resp.get_data(as_text=True)


def test_web_auth_missing_or_wrong_csrf_on_post(review_login):
    client = review_login("ani")
    data = {"passage_id": "W01-001", "code": "trust", "action": "accept", "polarity": "supports"}
    for token in (None, "palsu"):
        resp = client.post("/decide", data={**data, **({"csrf_token": token} if token else {})})
        assert resp.status_code == 400
        body = resp.get_data(as_text=True)
        assert "CSRF" in body and "Traceback" not in body


def test_web_auth_expired_session(review_login, monkeypatch):
    client, again = review_login("ani"), review_login("ani")
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=9)

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return later

    monkeypatch.setattr("pipeline.web.dt.datetime", Clock)
    resp = client.post("/undo", data={"csrf_token": client.csrf})
    assert resp.status_code == 401 and "Sesi berakhir" in resp.get_data(as_text=True)
    resp = again.get("/queue")
    assert "/login" in resp.location
    assert "Sesi berakhir" in again.get(resp.location).get_data(as_text=True)  # said on the login page


def test_web_auth_logout_and_next_is_local(review_app, review_login, page_csrf):
    client = review_login("ani")
    assert client.post("/logout", data={"csrf_token": client.csrf}).status_code == 302
    assert client.get("/queue").status_code == 302
    token = page_csrf(client.get("/login").get_data(as_text=True))
    resp = client.post("/login", data={"name": "ani", "password": "rahasia-123", "csrf_token": token,
                                       "next": "//evil.example/x"})
    assert resp.location.endswith("/queue")


@pytest.mark.parametrize("choice, word", [("en", "Review queue"), ("id", "Antrean tinjauan")])
def test_web_auth_language_switch(review_login, choice, word):
    client = review_login("ani")
    client.post("/lang", data={"csrf_token": client.csrf, "lang": choice, "next": "/queue"})
    assert word in client.get("/queue").get_data(as_text=True)


def test_web_auth_session_secret_survives_restart(tmp_path):
    from pipeline.web import session_secret

    path = tmp_path / "sub" / "review-session.key"
    first = session_secret(path)
    assert len(first) == 64 and session_secret(path) == first  # a restart reads the same key
    assert (path.stat().st_mode & 0o777) == 0o600
    path.write_text("rusak", encoding="ascii")  # too short / damaged: replaced, not trusted
    assert session_secret(path) not in ("rusak", first)


def test_web_auth_session_secret_unwritable_folder_is_a_clear_error(tmp_path):
    import pytest

    from pipeline.errors import PipelineError
    from pipeline.web import session_secret

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PipelineError, match="session key"):
        session_secret(blocker / "review-session.key")


def test_web_auth_login_survives_app_restart(tmp_path):
    """A cookie signed by one start of the app is valid after a restart with the same key file, not with another."""
    import itsdangerous
    import pytest

    from pipeline.web import create_app, session_secret

    key = session_secret(tmp_path / "k")
    db = tmp_path / "r.db"
    a, b = create_app(db, secret=key), create_app(db, secret=key)
    cookie = a.session_interface.get_signing_serializer(a).dumps({"user": "sari"})
    assert b.session_interface.get_signing_serializer(b).loads(cookie) == {"user": "sari"}
    other = create_app(db, secret=session_secret(tmp_path / "k2"))
    with pytest.raises(itsdangerous.BadSignature):
        other.session_interface.get_signing_serializer(other).loads(cookie)
