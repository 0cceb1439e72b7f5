import json
import sqlite3
import zipfile

import pytest
import sqlite_utils

from pipeline.errors import PipelineError
from pipeline.scan import mask, scan_bytes, scan_path

LEAK = "Hubungi 0812-3456-7890 atau retno.w@gmail.com, NIP 19850312 201001 1 003"
CLEAN = "Informan 1 bilang [TELEPON-1] sudah diganti; Peraturan BKN Nomor 5 Tahun 2019, Rp 2.500.000."


def _kinds(findings):
    return sorted({f.kind for f in findings})


@pytest.fixture
def leaky_db(tmp_path):
    path = tmp_path / "telaah.db"
    db = sqlite_utils.Database(path)
    db["passages"].insert_all([{"id": "W01-001", "text": CLEAN}, {"id": "W01-002", "text": LEAK}])
    db["transcripts"].insert({"name": "W01.txt", "meta": json.dumps({"Kontak": "budi@dinas.go.id"}), "n": 3})
    db["blobs"].insert({"data": "NIK 3201014105890001".encode()})
    db.conn.close()
    return path


def test_scan_db_reports_table_column_row(leaky_db):
    findings = scan_path(leaky_db)
    locations = {f.location for f in findings}
    assert "passages.text, baris 2" in locations
    assert "transcripts.meta, baris 1" in locations
    assert "blobs.data, baris 1" in locations
    assert _kinds(findings) == ["EMAIL", "NIK", "NIP", "TELEPON"]
    assert all("3456" not in f.masked for f in findings)


def test_scan_db_is_read_only(leaky_db):
    before = leaky_db.read_bytes()
    scan_path(leaky_db)
    assert leaky_db.read_bytes() == before


@pytest.mark.parametrize(
    "name, make",
    [
        ("p.jsonl", lambda t: (json.dumps({"id": "a", "text": CLEAN}) + "\n" + json.dumps({"id": "b", "text": t})).encode()),
        ("p.json", lambda t: json.dumps({"elements": [{"quotes": [t]}]}).encode()),
        ("p.csv", lambda t: f'id,text\na,"{CLEAN}"\nb,"{t}"\n'.encode()),
        ("r.md", lambda t: f"# Laporan\n\n> {t}\n".encode()),
        ("r.html", lambda t: f"<html><body><p>{CLEAN}</p><blockquote>{t}</blockquote></body></html>".encode()),
    ],
)
def test_scan_text_formats_find_leaks_and_pass_clean(name, make):
    assert _kinds(scan_bytes(make(LEAK), name)) == ["EMAIL", "NIP", "TELEPON"]
    assert list(scan_bytes(make(CLEAN), name)) == []


def test_scan_jsonl_location_names_line_and_key():
    data = (json.dumps({"id": "a", "text": CLEAN}) + "\n" + json.dumps({"id": "b", "text": LEAK})).encode()
    assert {f.location for f in scan_bytes(data, "p.jsonl")} == {"baris 2 text"}


def test_scan_html_split_by_tags_and_in_attributes():
    data = b'<p title="budi@dinas.go.id">HP <b>0812</b>-3456-7890</p>'
    assert _kinds(scan_bytes(data, "r.html")) == ["EMAIL", "TELEPON"]


def test_scan_xlsx_reports_sheet_and_cell(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Kutipan"
    sheet.append(["id", "teks"])
    sheet.append(["a", CLEAN])
    sheet.append(["b", LEAK])
    sheet.append(["c", 198503122010011003])
    path = tmp_path / "r.xlsx"
    book.save(path)
    findings = scan_path(path)
    assert {f.location for f in findings} == {"Kutipan!B3", "Kutipan!B4"}
    assert _kinds(findings) == ["EMAIL", "NIP", "TELEPON"]


def _qdpx(path, text):
    qde = (
        '<?xml version="1.0" encoding="utf-8"?><Project name="telaah"><Sources>'
        f'<TextSource name="W01" plainTextPath="internal://a.txt"><PlainTextSelection name="{text[:25]}"/>'
        "</TextSource></Sources></Project>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr("sources/a.txt", f"{CLEAN}\n{text}\n")


def test_scan_qdpx_members_and_attributes(tmp_path):
    _qdpx(tmp_path / "x.qdpx", LEAK)
    findings = scan_path(tmp_path / "x.qdpx")
    assert {f.location.split(",")[0] for f in findings} == {"project.qde", "sources/a.txt"}
    assert "sources/a.txt, baris 2" in {f.location for f in findings}
    _qdpx(tmp_path / "y.qdpx", CLEAN)
    assert scan_path(tmp_path / "y.qdpx") == []


def test_scan_qdc_xml(tmp_path):
    path = tmp_path / "c.qdc"
    path.write_text('<CodeBook><Codes><Code name="trust"><Description>tanya 0857 1111 2222</Description></Code></Codes></CodeBook>')
    assert _kinds(scan_path(path)) == ["TELEPON"]


def test_scan_folder_prefixes_file_names(tmp_path):
    (tmp_path / "a.md").write_text(CLEAN)
    (tmp_path / "b.md").write_text(LEAK)
    findings = scan_path(tmp_path)
    assert {f.location.split(": ")[0] for f in findings} == {str(tmp_path / "b.md")}


def test_scan_known_names_when_given():
    data = b"Kata Pak Darmo, kandang darmo itu."
    found = list(scan_bytes(data, "r.md", names=["Darmo"]))
    assert [(f.kind, f.location) for f in found] == [("NAMA", "baris 1")]


def test_scan_missing_path_is_an_error(tmp_path):
    with pytest.raises(PipelineError, match="no such file"):
        scan_path(tmp_path / "tidak-ada.db")


def test_scan_mask_hides_the_middle():
    assert mask("081234567890") == "081*******90"
    assert mask("a@b") == "***"
