"""The review app in headless Chromium: real server, real keyboard."""

import pytest

from pipeline.records import Decision
from pipeline.store import assignments, open_db
from pipeline.store import decisions as store_decisions

pytestmark = pytest.mark.browser


@pytest.fixture
def page_for(browser, live_review):
    contexts = []

    def login(name):
        context = browser.new_context(viewport={"width": 1300, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10000)
        page.goto(live_review + "/queue")
        page.fill("#name", name)
        page.fill("#password", "rahasia-123")
        page.click("#login-submit")
        page.wait_for_load_state()
        return page

    yield login
    for context in contexts:
        context.close()


def _row(page, code):
    return page.locator(f"li.sugg[data-code='{code}']")


def _press(page, key):
    with page.expect_navigation():
        page.keyboard.press(key)


def test_browser_login_accept_flip_undo_with_keyboard(page_for):
    page = page_for("ani")
    assert page.locator("#passage").get_attribute("data-passage") == "W01-001"
    assert _row(page, "information_sharing").get_attribute("class").endswith("selected")
    _press(page, "a")  # accept the selected suggestion
    assert _row(page, "information_sharing").get_attribute("data-state") == "confirm"
    assert _row(page, "networked_structure").get_attribute("class").endswith("selected")  # next pending
    page.keyboard.press("k")  # back up to the accepted one
    _press(page, "f")  # flip its polarity: a new decision
    assert "menentang" in _row(page, "information_sharing").inner_text()
    _press(page, "u")  # undo the flip
    assert "mendukung" in _row(page, "information_sharing").inner_text()
    _press(page, "u")  # undo the accept too
    assert _row(page, "information_sharing").get_attribute("data-state") == "pending"


def test_browser_flip_before_accept_add_code_and_skip(page_for, review_db_path):
    page = page_for("ani")
    page.keyboard.press("f")  # pending: only the polarity that accept will use changes
    assert "menentang" in _row(page, "information_sharing").inner_text()
    _press(page, "a")
    page.keyboard.press("c")
    page.keyboard.type("percaya")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _row(page, "trust").get_attribute("data-state") == "confirm"
    _press(page, "s")  # skip the rest of this passage
    assert page.locator("#passage").get_attribute("data-passage") != "W01-001"
    db = open_db(review_db_path)
    got = {(d.code, d.polarity) for d in store_decisions.all_decisions(db)}
    db.conn.close()
    assert got == {("information_sharing", "against"), ("trust", "supports")}


def test_browser_bulk_accept_with_confirmation(page_for):
    page = page_for("ani")
    page.select_option("#bulk-code", "trust")
    page.fill("#bulk-min", "0.8")
    page.click("#bulk-preview")
    assert "Terima 1 saran" in page.inner_text("#bulk-question")
    page.click("#bulk-yes")
    assert "1 saran diterima" in page.inner_text(".flash")


def test_browser_lead_sees_agreement(page_for, review_db_path):
    db = open_db(review_db_path)
    assignments.assign(db, "W01.txt", ["ani", "budi"])
    store_decisions.record_decisions(db, [
        Decision("W01-001", "information_sharing", "confirm", "supports", "ani", origin="web"),
        Decision("W01-001", "information_sharing", "confirm", "supports", "budi", origin="web"),
        Decision("W01-002", "governance.rules", "confirm", "against", "ani", origin="web"),
        Decision("W01-002", "governance.rules", "reject", None, "budi", origin="web"),
    ])
    db.conn.close()
    page = page_for("dina")
    page.click("#nav-agreement")
    table = page.inner_text("#agreement-table")
    assert "Keseluruhan" in table and "Berbagi informasi" in table
    assert "Aturan main" in page.inner_text("#disagreements")
    page.select_option("#disagreements select[name=value]", "against")
    page.click("#disagreements button")
    assert "menjadi pengodean" in page.inner_text(".flash")


def test_browser_script_in_transcript_does_not_run(page_for):
    page = page_for("ani")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(page.url.split("/queue")[0] + "/queue?passage=W01-003")
    assert "<script>alert(1)</script>" in page.inner_text("#passage-text")
    page.goto(page.url.split("/queue")[0] + "/transcript/2")
    assert "<img src=x onerror=alert(1)>" in page.inner_text("#interview")
    assert dialogs == []
