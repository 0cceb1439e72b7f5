"""Shared fixtures (all of them live here)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Prefect must never touch ~/.prefect, and tests never reach the network.
_PREFECT_HOME = tempfile.mkdtemp(prefix="telaah-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED", "false")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
DEVSET = ROOT.parent / "shared" / "devset"


@pytest.fixture
def db():
    """An in-memory, migrated database."""
    from pipeline.store import open_db

    database = open_db(":memory:")
    yield database
    database.conn.close()


@pytest.fixture
def db_path(tmp_path):
    """A path for an on-disk database in a temporary folder."""
    return tmp_path / "telaah.db"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def devset_dir() -> Path:
    if not DEVSET.exists():
        pytest.skip(f"development set not found at {DEVSET}")
    return DEVSET


@pytest.fixture
def tiny_codebook():
    """A four-code codebook with one parent and two children (built in code, not from YAML)."""
    from pipeline.records import Codebook, CodebookElement

    return Codebook(
        name="tiny",
        version="1",
        elements=(
            CodebookElement("trust", "Saling percaya", "Trust"),
            CodebookElement("governance", "Tata kelola", "Governance"),
            CodebookElement("governance.rules", "Aturan main", "Rules", parent="governance"),
            CodebookElement("governance.network_management", "Manajemen jaringan", "Network management",
                            parent="governance"),
        ),
    )


@pytest.fixture
def coded_db(db):
    """Two current transcripts with informant passages, suggestions and confirmed decisions (fabricated)."""
    from pipeline.records import Decision
    from pipeline.store import decisions as store_decisions

    for tid, name in [(1, "W1.txt"), (2, "W2.txt")]:
        db.execute("INSERT INTO transcripts (id, name, version, current, format, content_hash, text, ingested_at) "
                   "VALUES (?, ?, 1, 1, 'txt', ?, 'x', 'now')", [tid, name, f"h{tid}"])
    passages = [
        ("W1-001", 1, "Kami percaya data dari BKN.", 0),
        ("W1-002", 1, "Belum ada MoU sampai sekarang.", 40),
        ("W2-001", 2, "Kanreg percaya verifikasi kami.", 0),
        ("W2-002", 2, "Aturannya sudah jelas, ada SOP.", 40),
    ]
    for pid, tid, text, start in passages:
        db.execute("INSERT INTO passages (id, transcript_id, seq, turn_idx, speaker, role, start, \"end\", text) "
                   "VALUES (?, ?, 1, 0, 'Informan 1', 'informant', ?, ?, ?)", [pid, tid, start, start + len(text), text])
    store_decisions.record_decisions(db, [
        Decision("W1-001", "trust", "confirm", "supports", "ani"),
        Decision("W2-001", "trust", "confirm", "supports", "budi"),
        Decision("W1-002", "governance.rules", "confirm", "against", "ani", note="tidak ada MoU"),
        Decision("W2-002", "governance.rules", "confirm", "supports", "budi"),
        Decision("W2-002", "trust", "reject", None, "budi"),
    ])
    return db


# --- review app (issue 6) -------------------------------------------------------------------------------
REVIEW_PASSWORD = "rahasia-123"


def _review_suggestion(pid, code, score, polarity, text, word):
    from pipeline.records import Evidence, Suggestion

    start = text.index(word)
    return Suggestion(pid, code, score, polarity, "lexicon", (Evidence(word, start, start + len(word)),),
                      lexicon="lx1", uncertainty=round(1 - 2 * abs(score - 0.5), 3))


REVIEW_W01 = [
    ("Pewawancara", "interviewer", "Bagaimana koordinasi antar dinas selama ini?"),
    ("Bu Sari", "informant", "Kami rapat koordinasi setiap bulan dan saling berbagi data lewat grup."),
    ("Pewawancara", "interviewer", "Apakah sudah ada aturan tertulis?"),
    ("Bu Sari", "informant", "Belum ada MOU, jadi aturannya belum jelas."),
    ("Bu Sari", "informant", "Kepala dinas sangat mendukung <script>alert(1)</script> program ini."),
]
REVIEW_W02 = [
    ("Pewawancara", "interviewer", "Bagaimana kepercayaan antar anggota?"),
    ("Pak Budi", "informant", "Kami saling percaya, tapi anggaran sering terlambat <img src=x onerror=alert(1)>."),
    ("Pak Budi", "informant", "Tidak ada yang menarik."),
]


@pytest.fixture(scope="session")
def review_hash():
    """One argon2 hash of REVIEW_PASSWORD, computed once per session (hashing is slow on purpose)."""
    from pipeline.auth import hash_password

    return hash_password(REVIEW_PASSWORD)


def fill_review_db(database, password_hash):
    """Two fabricated transcripts with suggestions, a lead (dina) and two coders (ani, budi)."""
    from pipeline.store import queue, users

    s = _review_suggestion
    queue.add_demo_transcript(database, "W01.txt", REVIEW_W01, [
        s("W01-001", "information_sharing", 0.9, "supports", REVIEW_W01[1][2], "berbagi data"),
        s("W01-001", "networked_structure", 0.55, "supports", REVIEW_W01[1][2], "rapat koordinasi"),
        s("W01-002", "governance.rules", 0.8, "against", REVIEW_W01[3][2], "Belum ada MOU"),
        s("W01-003", "leadership", 0.7, "supports", REVIEW_W01[4][2], "sangat mendukung"),
    ])
    queue.add_demo_transcript(database, "W02.txt", REVIEW_W02, [
        s("W02-001", "trust", 0.85, "supports", REVIEW_W02[1][2], "saling percaya"),
        s("W02-001", "access_to_resources", 0.6, "against", REVIEW_W02[1][2], "anggaran sering terlambat"),
    ])
    users.add_user(database, "dina", "lead", password_hash)
    users.add_user(database, "ani", "coder", password_hash)
    users.add_user(database, "budi", "coder", password_hash)
    return database


@pytest.fixture
def review_db(db, review_hash):
    """The in-memory database filled by :func:`fill_review_db`."""
    return fill_review_db(db, review_hash)


@pytest.fixture
def review_db_path(db_path, review_hash):
    """An on-disk database filled by :func:`fill_review_db` (closed again; the app opens its own)."""
    from pipeline.store import open_db

    database = open_db(db_path)
    fill_review_db(database, review_hash)
    database.conn.close()
    return db_path


@pytest.fixture
def review_fill(review_hash):
    """A function that fills any database like :func:`fill_review_db` (e.g. a second one for round trips)."""
    return lambda database: fill_review_db(database, review_hash)


# --- privacy: fabricated transcripts full of made-up identifiers, one per format ---------------------------------

LEAKY_TXT = """TRANSKRIP WAWANCARA UJI
Nama: Bu Ratna Sari, S.Sos.
Kontak: 0812-3456-7890

Pewawancara: Selamat pagi, Bu Ratna. Boleh sebutkan NIP dan nomor HP Ibu untuk catatan?

Bu Ratna: NIP saya 19850312 201001 2 003, HP 0812-3456-7890, e-mail ratna.sari@bkpsdm.go.id.

Pewawancara: Siapa yang mengurus SIASN, Bu?

Bu Ratna: Pak Kabid sama Pak Gunawan yang urus SIASN, Rp 2.500.000 per kegiatan sejak 2019. Gunawan itu rajin.
"""

LEAKY_VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
<v Speaker 1>Apa kabar, Bu? Kata Mbak Wulan Ibu pegang data.</v>

2
00:00:04.500 --> 00:00:09.000
<v Speaker 2>Iya. NIK saya 3201 0141 0589 0001, WA +62 813-1111-2222.</v>

3
00:00:09.500 --> 00:00:12.000
<v Speaker 2>Yang koordinasi Mbak Wulan sama Bu Kepala, Peraturan BKN Nomor 5 Tahun 2019.</v>
"""

LEAKY_SRT = """1
00:00:01,000 --> 00:00:03,000
PEWAWANCARA: Sugeng siang, Pak Parman.

2
00:00:03,500 --> 00:00:06,000
SUPARMAN: Nggih. NRP saya 85031234,
nomor 62 857 1234 5678.

3
00:00:06,500 --> 00:00:09,000
Email suparman.joko at gmail titik com, tanya Mas Joko juga.

4
00:00:09,500 --> 00:00:11,000
PEWAWANCARA: Mas Joko siapa, Pak?

5
00:00:11,500 --> 00:00:14,000
SUPARMAN: Bendahara BUMDes, Pak Kades yang angkat.
"""


def leaky_docx(path: Path) -> Path:
    """A .docx interview with bold speaker names and made-up identifiers."""
    import docx

    document = docx.Document()
    document.add_paragraph("Transkrip Wawancara Uji")
    document.add_paragraph("Informan: Kepala Seksi, Dinas Pariwisata")
    rows = [
        ("Pewawancara:", " Terima kasih, Bu Yanti. Siapa yang tanda tangan MoU?"),
        ("Bu Yanti:", " Drs. H. Ahmad Fauzi, M.Si. yang tanda tangan. NIP beliau 19900101.201503.1.001, "
                      "kantor (022) 7654321, Pak Sekda juga hadir."),
        ("Pewawancara:", " Ibu sendiri ikut rapat?"),
        ("Bu Yanti:", " Ikut, saya sama Pak Fauzi."),
    ]
    for label, text in rows:
        paragraph = document.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(text)
    document.save(path)
    return path


# Every original above that must never reach the database or an export.
LEAKY_ORIGINALS = (
    "Ratna", "Gunawan", "Wulan", "Parman", "Suparman", "SUPARMAN", "Joko", "Yanti", "Ahmad", "Fauzi",
    "19850312", "0812", "ratna.sari", "3201", "813-1111", "85031234", "857 1234", "suparman.joko",
    "19900101", "7654321",
)  # fmt: skip


@pytest.fixture
def leaky_sources(tmp_path) -> Path:
    """A folder with one fabricated transcript per format (txt, vtt, srt, docx), full of made-up identifiers."""
    folder = tmp_path / "leaky"
    folder.mkdir()
    (folder / "L01.txt").write_text(LEAKY_TXT, encoding="utf-8")
    (folder / "L02.vtt").write_text(LEAKY_VTT, encoding="utf-8")
    (folder / "L03.srt").write_text(LEAKY_SRT, encoding="utf-8")
    leaky_docx(folder / "L04.docx")
    return folder


# --- ingest (foundation) fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def ingest_data() -> Path:
    """tests/data/ingest: tiny fabricated transcripts in every format and speaker convention, and bad files."""
    return DATA / "ingest"


@pytest.fixture(scope="session")
def ingest_settings() -> dict:
    """The default settings (no telaah.toml of the working folder)."""
    from pipeline.config import DEFAULTS

    return {name: s.default for name, s in DEFAULTS.items()}


@pytest.fixture
def make_docx(tmp_path):
    """Build a small .docx: ``make_docx([("p", [("Pewawancara", True), (": Halo?", False)]), ("table", rows)])``.

    A paragraph is a list of (text, bold) runs; a table is a list of rows (lists of cell texts). Returns the path.
    """
    import docx

    def build(blocks, name="uji.docx") -> Path:
        document = docx.Document()
        for kind, content in blocks:
            if kind == "table":
                table = document.add_table(rows=len(content), cols=len(content[0]))
                for r, row in enumerate(content):
                    for c, value in enumerate(row):
                        table.cell(r, c).text = value
            elif kind == "heading":
                document.add_heading(content, level=1)
            else:
                paragraph = document.add_paragraph()
                for text, bold in content:
                    paragraph.add_run(text).bold = bold or None
        path = tmp_path / name
        document.save(path)
        return path

    return build


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test server for the whole session (only the few real flow tests use it; they are slow)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def review_app(review_db_path):
    """The review app over :func:`review_db_path` (Indonesian by default)."""
    from pipeline.web import create_app

    app = create_app(review_db_path, secret="test-secret")
    app.config["TESTING"] = True
    return app


def csrf_of(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def review_login(review_app):
    """``review_login(name)`` -> a logged-in test client with its CSRF token as ``client.csrf``."""

    def login(name, password=REVIEW_PASSWORD):
        client = review_app.test_client()
        token = csrf_of(client.get("/login").get_data(as_text=True))
        resp = client.post("/login", data={"name": name, "password": password, "csrf_token": token})
        assert resp.status_code == 302, resp.get_data(as_text=True)
        client.csrf = csrf_of(client.get("/queue").get_data(as_text=True))
        return client

    return login


# --- privacy: `telaah run` pseudonymises with an encrypted key, which needs a passphrase. Tests use a throwaway
# passphrase and a temporary data folder, so no test ever writes a key into the repository's .telaah/.
os.environ.setdefault("TELAAH_PASSPHRASE", "uji-saja-bukan-rahasia")
os.environ.setdefault("TELAAH_HOME", tempfile.mkdtemp(prefix="telaah-home-"))


@pytest.fixture
def page_csrf():
    """The function that finds the CSRF token in a rendered page."""
    return csrf_of


# --- lexicon coder fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def codebook():
    """The shipped DeSeve codebook (lexicons/deseve.yaml)."""
    from pipeline.codebook import load_codebook

    return load_codebook()


@pytest.fixture(scope="session")
def lexicon(codebook):
    """The shipped lexicon, compiled once for the test session."""
    from pipeline.lexicon import load_lexicon

    return load_lexicon(codebook)


@pytest.fixture
def code(lexicon):
    """``code("text")`` -> {code: polarity} with the shipped lexicon coder."""

    def run(text: str, question: str | None = None) -> dict[str, str]:
        from pipeline.lexicon import code_text

        return {s.code: s.polarity for s in code_text(text, lexicon, question=question)}

    return run


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Debian's /usr/bin/chromium; never downloaded).

    In CI (env CI set) a missing browser is a failure, not a skip.
    """
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not found: install Debian's chromium package (make browser) to run the browser tests"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live_review(review_db_path):
    """The review app served by a real server thread on 127.0.0.1 with a free port; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    from pipeline.web import create_app

    server = make_server("127.0.0.1", 0, create_app(review_db_path, secret="browser-test"), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


# --- classifier fixtures ------------------------------------------------------------------------------------------

_TINY_TEMPLATES = {
    ("trust", "supports"): ["Kami percaya penuh sama {p}, data dari mereka langsung kami pakai tanpa dicek lagi.",
                            "Kalau ada masalah tinggal telepon teman di {p}, langsung dibantu, sudah saling yakin."],
    ("trust", "against"): ["Terus terang kami masih curiga sama {p}, semua berkas kami cek ulang satu-satu.",
                           "Percaya sih percaya, tapi kami tetap simpan salinan kertas, takut {p} salah input."],
    ("information_sharing", "supports"): ["Info dari {p} selalu dibagi di grup WA, jadi semua tahu perkembangannya.",
                                          "Setiap ada perubahan, {p} kirim surat edaran dan laporan ke kami."],
    ("information_sharing", "against"): ["Kabar dari {p} sering telat, kami tahu perubahan aturan dari orang lain.",
                                         "Datanya nggak pernah dibagi, {p} simpan sendiri laporannya."],
    ("governance.rules", "supports"): ["Sudah ada MoU dengan {p}, SOP-nya jelas, siapa mengerjakan apa tertulis.",
                                       "Aturan mainnya diatur Perbup, {p} juga pegang juknis yang sama."],
    ("governance.rules", "against"): ["Belum ada MoU dengan {p}, jadi kerja samanya cuma lisan saja.",
                                      "Juknisnya belum keluar, {p} juga bingung aturannya yang mana."],
}
_TINY_NONE = ["Saya di bagian ini sudah tiga tahun, sebelumnya di {p}, rumah saya dekat pasar.",
              "Cuacanya panas sekali kemarin, kami makan siang bareng orang {p} di warung.",
              "Anak saya sekolah di dekat kantor {p}, jadi sekalian antar jemput.",
              "Gedungnya baru direnovasi, catnya warna hijau, parkirannya luas di {p}."]
_TINY_PARTNERS = ["Kanreg", "BKN", "Dinas", "Puskesmas", "BPBD", "Pokdarwis"]


def tiny_training_examples():
    """Fabricated Indonesian passages (4 interviews) with gold codes for three codes, and uncoded talk."""
    from pipeline.seed import Example

    out = []
    n = 0
    for g, partner in enumerate(_TINY_PARTNERS[:4]):
        for (code, pol), texts in _TINY_TEMPLATES.items():
            for t in texts:
                n += 1
                out.append(Example(id=f"w{g}-{n:03d}", text=t.format(p=partner), question="Bagaimana kerja samanya?",
                                   codes=((code, pol),), group=f"w{g}"))
        for t in _TINY_NONE:
            n += 1
            out.append(Example(id=f"w{g}-{n:03d}", text=t.format(p=partner), question="Ceritakan sedikit, Pak.",
                               group=f"w{g}"))
    return out


@pytest.fixture(scope="session")
def tiny_examples():
    """Fabricated training examples (see :func:`tiny_training_examples`)."""
    return tiny_training_examples()


@pytest.fixture(scope="session")
def tiny_model(tiny_examples, lexicon):
    """A TelaahModel fitted on the tiny examples (13 codes, only three with positives), version "tiny-1"."""
    from pipeline.classify import TelaahModel
    from pipeline.train import featurize

    X = featurize(tiny_examples, lexicon)
    model = TelaahModel.fit(X, tiny_examples, codes=lexicon.codebook.ids, params={"clf__cv": 3})
    return model.with_version("tiny-1", lexicon.version)


@pytest.fixture
def models_home(tmp_path, monkeypatch):
    """An isolated data folder (TELAAH_HOME) and an empty shipped models folder; returns (home, shipped)."""
    home, shipped = tmp_path / "home", tmp_path / "shipped"
    shipped.mkdir()
    monkeypatch.setenv("TELAAH_HOME", str(home))
    monkeypatch.setattr("pipeline.registry.MODELS", shipped)
    return home, shipped


@pytest.fixture
def shipped_model(models_home, tiny_model):
    """The tiny model saved as the shipped baseline (registry in the shipped folder); returns the folder."""
    from pipeline.registry import ModelEntry, Registry, write_registry
    from pipeline.train import library_versions, save_model

    _, shipped = models_home
    sha = save_model(tiny_model, shipped / "tiny-1.skops")
    entry = ModelEntry(version="tiny-1", created_at="2026-01-01T00:00:00+00:00", file="tiny-1.skops", sha256=sha,
                       data_hash="x", n_examples=40, metrics={"micro_f1": 0.5}, libraries=library_versions(),
                       codes=tiny_model.codes)
    write_registry(Registry(folder=shipped, entries=(entry,), active="tiny-1", history=("tiny-1",)))
    return shipped


# --- batch runs (issue 8) --------------------------------------------------------------------------------------
BATCH_TURNS = [
    ("Bagaimana koordinasi dengan {p}, Bu {n}?",
     "Kami rapat koordinasi tiap bulan dengan {p}, datanya dibagi lewat grup WA jadi semua tahu."),
    ("Apakah sudah ada aturan tertulis?",
     "Belum ada MoU dengan {p}, jadi kerja samanya cuma lisan. Pak {n} juga bingung aturannya."),
    ("Bagaimana kepercayaan antar anggota?",
     "Kami percaya penuh sama {p}, data dari mereka langsung kami pakai tanpa dicek lagi."),
    ("Anggarannya dari mana?", "Anggaran sering terlambat, jadi kami pakai dana sendiri dulu. Rumah saya dekat pasar."),
]
BATCH_PLACES = ["Kanreg", "BKN", "Dinas Sosial", "Puskesmas", "BPBD", "Pokdarwis", "Bappeda", "Kecamatan"]
BATCH_NAMES = ["Ratna", "Gunawan", "Wulan", "Sutrisno", "Darmi", "Hasan", "Yuli", "Anwar"]


def write_batch(folder: Path, count: int = 6) -> Path:
    """``count`` tiny fabricated interviews (names, codable talk) as W01.txt, W02.txt, ... in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        place, name = BATCH_PLACES[i % len(BATCH_PLACES)], BATCH_NAMES[i % len(BATCH_NAMES)]
        lines = [f"Informan: Bu {name}, {place}", ""]
        for k in range(4):
            q, a = BATCH_TURNS[(i + k) % len(BATCH_TURNS)]
            lines += [f"Pewawancara: {q.format(p=place, n=name)}", "", f"Bu {name}: {a.format(p=place, n=name)}", ""]
        (folder / f"W{i + 1:02d}.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


@pytest.fixture
def batch_folder(tmp_path) -> Path:
    """A folder of six tiny fabricated interviews (see :func:`write_batch`)."""
    return write_batch(tmp_path / "wawancara")


@pytest.fixture
def mixed_batch(tmp_path, ingest_data):
    """A folder with three good transcripts, bad files, a hidden file and an Office lock file."""
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    for name in ("labels_pi.txt", "voices.vtt", "prefixes.srt"):
        shutil.copy(ingest_data / name, folder / ("sub" if name.endswith("srt") else "") / name)
    for name in ("empty.txt", "not_a_zip.docx", "truncated.vtt", "notes.pdf", "no_speakers.txt"):
        shutil.copy(ingest_data / name, folder / name)
    (folder / ".hidden.txt").write_text("P: x\nI: y\n")
    (folder / "~$temp.docx").write_bytes(b"lock")
    return folder


@pytest.fixture
def small_framework(tmp_path):
    """A writer of a two-code framework (``kecil.yaml``) and its lexicon file from a YAML body; returns the paths."""
    import textwrap

    def write(lexicon_body: str):
        book = tmp_path / "kecil.yaml"
        book.write_text(textwrap.dedent("""\
            name: kecil
            lexicon: kecil.lexicon.yaml
            codes:
              - {id: rapat, label_id: Rapat, label_en: Meetings}
              - {id: uang, label_id: Uang, label_en: Money}
            """), encoding="utf-8")
        lex = tmp_path / "kecil.lexicon.yaml"
        lex.write_text(textwrap.dedent(lexicon_body), encoding="utf-8")
        return book, lex

    return write
