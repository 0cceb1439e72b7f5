"""Review app benchmark: queue page server time with 100,000 passages, and keystrokes per confirmed code.

Usage: .venv/bin/python benchmarks/review_bench.py [--passages 100000] [--requests 200] [--no-browser]

1. Builds a database of fabricated transcripts (``--passages`` passages in all, a third of them interviewer turns,
   1-2 suggestions on 60% of the informant passages), with 20% of the suggestions already decided (the most
   uncertain ones, which is the worst case for "most uncertain first") and a tenth of the transcripts
   double-coded. Then times ``GET /queue`` for coder "citra" through Flask's test client (server time, no network) for each
   order and some filters, deciding the shown passage between requests so the queue moves.
2. Drives the real app in headless Chromium through a scripted review of 40 passages (accept, reject,
   flip then accept, add a code by typing) and counts the keys pressed per confirmed code.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.auth import hash_password  # noqa: E402
from pipeline.records import Decision, Evidence, Suggestion  # noqa: E402
from pipeline.store import assignments, open_db, queue, users  # noqa: E402
from pipeline.store.decisions import record_decisions  # noqa: E402
from pipeline.web import create_app  # noqa: E402

CODES = ["networked_structure", "commitment", "trust", "governance.rules", "governance.network_management",
         "access_to_authority", "leadership", "distributive_accountability", "information_sharing",
         "access_to_resources"]
WORDS = ("kami rapat koordinasi setiap bulan dengan dinas terkait dan saling berbagi data anggaran belum "
         "cukup tapi kepala dinas mendukung program aturan tertulis belum ada jadi kesepakatan lisan saja").split()
PER_TRANSCRIPT = 250


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def build(path: Path, passages: int, seed: int = 1) -> None:
    """Fill the database at ``path`` with fabricated transcripts, suggestions and decisions."""
    rng = random.Random(seed)
    db = open_db(path)
    pw = hash_password("rahasia-123")
    for name, role in (("dina", "lead"), ("ani", "coder"), ("budi", "coder"), ("citra", "coder")):
        users.add_user(db, name, role, pw)
    all_sugg: list[Suggestion] = []
    for ti in range(passages // PER_TRANSCRIPT):
        turns, sugg, n_inf = [], [], 0
        for seq in range(PER_TRANSCRIPT):
            if seq % 3 == 0:
                turns.append(("Pewawancara", "interviewer", _text(rng, 8) + "?"))
                continue
            text = _text(rng, rng.randint(15, 60))
            turns.append((f"Informan {ti % 50}", "informant", text))
            n_inf += 1
            if rng.random() < 0.6:
                for code in rng.sample(CODES, rng.choice((1, 1, 2))):
                    word = text.split()[1]
                    start = text.index(word)
                    score = round(rng.random(), 3)
                    sugg.append(Suggestion(f"T{ti:04d}-{n_inf:03d}", code, score, rng.choice(("supports", "against")),
                                           "lexicon", (Evidence(word, start, start + len(word)),),
                                           uncertainty=round(1 - 2 * abs(score - 0.5), 3)))
        queue.add_demo_transcript(db, f"T{ti:04d}.txt", turns, sugg)
        all_sugg += sugg
        if ti % 10 == 0:
            assignments.assign(db, f"T{ti:04d}.txt", ["ani", "budi"])
    decided = sorted(all_sugg, key=lambda s: -s.uncertainty)[: len(all_sugg) // 5]
    record_decisions(db, [Decision(s.passage_id, s.code, "confirm", s.polarity, "budi", origin="web")
                          for s in decided])
    n = db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    print(f"database: {n} passages, {len(all_sugg)} suggestions, {len(decided)} decisions")
    db.conn.close()


def _login(app, name: str):
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"name": name, "password": "rahasia-123", "csrf_token": token})
    return client


def time_queue(path: Path, requests: int) -> None:
    """Median and p95 server time of the queue page for each order and a few filters."""
    app = create_app(path, secret="bench")
    client = _login(app, "citra")  # no assignments: must pass over budi's decisions on the shared transcripts
    t0 = time.perf_counter()
    client.get("/queue")
    print(f"\nfirst queue page (builds the coder's in-memory queue): {(time.perf_counter() - t0) * 1000:.0f} ms")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/queue").get_data(as_text=True)).group(1)
    cases = [("uncertain", ""), ("document", ""), ("lacking", ""), ("uncertain", "code=trust"),
             ("uncertain", "transcript=T0007.txt"), ("uncertain", "informant=Informan+3")]
    print(f"\nGET /queue server time over {requests} requests each (Flask test client, decide between requests)")
    print(f"{'order / filter':36} {'median ms':>10} {'p95 ms':>8}")
    for order, extra in cases:
        client.get(f"/queue?apply=1&order={order}&status=pending&{extra}")
        times = []
        for _ in range(requests):
            t0 = time.perf_counter()
            resp = client.get("/queue")
            times.append((time.perf_counter() - t0) * 1000)
            html = resp.get_data(as_text=True)
            match = re.search(r'data-passage="([^"]+)"', html)
            codes = re.findall(r'data-code="([^"]+)" data-state="pending"', html)
            if match and codes:
                client.post("/decide", data={"csrf_token": token, "passage_id": match.group(1), "code": codes[0],
                                             "action": "accept", "polarity": "supports"})
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"{order + (' ' + extra if extra else ''):36} {statistics.median(times):10.1f} {p95:8.1f}")


def keystrokes(passages: int = 40, seed: int = 3) -> None:
    """A scripted keyboard review in headless Chromium; prints keys pressed per confirmed code."""
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    rng = random.Random(seed)
    folder = Path(tempfile.mkdtemp(prefix="telaah-keys-"))
    build(folder / "k.db", PER_TRANSCRIPT, seed=seed)
    server = make_server("127.0.0.1", 0, create_app(folder / "k.db", secret="bench"), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    keys = confirmed = 0
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/queue")
        page.fill("#name", "ani")
        page.fill("#password", "rahasia-123")
        page.click("#login-submit")
        for _ in range(passages):
            pending = page.locator("li.sugg[data-state='pending']").count()
            for _ in range(pending):
                roll = rng.random()
                if roll < 0.15:  # right code, wrong polarity: flip, then accept
                    page.keyboard.press("f")
                    keys += 1
                if roll < 0.75:
                    confirmed += 1
                with page.expect_navigation():
                    page.keyboard.press("a" if roll < 0.75 else "x")
                keys += 1
            if rng.random() < 0.2 and page.locator("#passage").count():  # a code the machine missed
                page.keyboard.press("c")
                page.keyboard.type("perc")  # type to search: "Saling percaya ..."
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                keys, confirmed = keys + 6, confirmed + 1
                with page.expect_navigation():
                    page.keyboard.press("s")  # the passage has nothing pending left: move on
                keys += 1
        browser.close()
    server.shutdown()
    print(f"\nscripted keyboard review of {passages} passages: {keys} keys for {confirmed} confirmed codes = "
          f"{keys / confirmed:.2f} keys per confirmed code")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--no-browser", action="store_true")
    opts = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="telaah-bench-"))
    t0 = time.perf_counter()
    build(folder / "bench.db", opts.passages)
    print(f"built in {time.perf_counter() - t0:.0f} s")
    time_queue(folder / "bench.db", opts.requests)
    if not opts.no_browser:
        keystrokes()


if __name__ == "__main__":
    main()
