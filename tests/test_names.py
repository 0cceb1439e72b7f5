import pytest

from pipeline.names import core_name, header_names, label_name, names_in_text


def _names(text):
    return [n.text for n in names_in_text(text)]


@pytest.mark.parametrize(
    "text, names",
    [
        ("Sugeng siang, Pak Tris.", ["Tris"]),
        ("Yang pegang kuncinya Mbak Sri.", ["Sri"]),
        ("dengan Sdr. Budi Santoso kemarin", ["Budi Santoso"]),
        ("Sdri. Ayu yang catat", ["Ayu"]),
        ("Bapak Drs. H. Ahmad Fauzi, M.Si. hadir", ["Ahmad Fauzi"]),
        ("Hj. Siti Aminah, S.E., M.M. bendaharanya", ["Siti Aminah"]),
        ("Menurut Wawan Setiawan, S.Kom. sistemnya lambat", ["Wawan Setiawan"]),
        ("Pak Darmo Kepala Desa yang ngatur", ["Darmo"]),
        ("Ir. Bambang sama Dr. Wahyu", ["Bambang", "Wahyu"]),
        ("Mas Joko dan Bu Ratna sudah tahu", ["Joko", "Ratna"]),
        ("PAK DARMO BILANG", ["DARMO"]),
        ("kata pak Gito", ["Gito"]),
    ],
)
def test_names_after_titles_and_before_degrees(text, names):
    assert _names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Pak Kabid yang tanda tangan, terus Bu Kepala yang paraf, kadang Pak Sekda juga ikut.",
        "Bu Dokter di puskesmas sama Pak Camat sudah setuju, Pak Lurah juga.",
        "Kami koordinasi dengan Pak BKN, Bu Kanreg, BKD dan SIASN.",
        "Iya Pak, Saya setuju. Terima kasih, Bu. Nggih, Mas.",
        "Ibu Kota baru juga ngaruh, Pak Bupati sering ke sana.",
        "Pak Kepala Dinas dan Bu Sekretaris Badan datang Senin.",
    ],
)
def test_names_job_titles_and_agencies_are_not_names(text):
    assert _names(text) == []


def test_names_offsets_index_into_text():
    text = "Kemarin Mbak Sri Wahyuni telepon."
    (name,) = names_in_text(text)
    assert text[name.start : name.end] == "Sri Wahyuni"


@pytest.mark.parametrize(
    "label, name",
    [
        ("Bu Retno", "Retno"),
        ("SUTRISNO", "Sutrisno"),
        ("Pak Darmo (Kades)", "Darmo"),
        ("Drs. Ahmad Fauzi, M.Si.", "Ahmad Fauzi"),
        ("Narasumber", None),
        ("Speaker 2", None),
        ("Informan 3", None),
        ("P", None),
        ("Kepala Desa", None),
        ("BKN", None),
    ],
)
def test_names_label_name(label, name):
    assert label_name(label, generic=["pewawancara", "narasumber"]) == name


def test_names_header_names_only_person_like_values():
    meta = [
        ("Informan", "Kepala Bidang Mutasi dan Promosi, BKPSDM Kabupaten [disamarkan], Jawa Barat"),
        ("Nama", "Bu Ratna Sari, S.Sos."),
        ("narasumber", "Pak Gito (Ketua Pokdarwis), Desa [disamarkan]"),
        ("Pewawancara", "Andi Pratama"),
        ("Tanggal", "5 Maret 2024"),
        ("Tempat", "Kantor Dinas"),
    ]
    assert header_names(meta) == ["Ratna Sari", "Gito", "Andi Pratama"]


def test_names_core_name_rejects_acronyms_and_lowercase():
    assert core_name("OPD") is None
    assert core_name("staf bidang") is None
