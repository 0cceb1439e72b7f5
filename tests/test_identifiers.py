import datetime as dt

import pytest

from pipeline.identifiers import find_identifiers, normalise, valid_nik, valid_nip


def _kinds(text):
    return [(f.kind, f.text) for f in find_identifiers(text)]


@pytest.mark.parametrize(
    "text, kind, found",
    [
        ("NIP saya 198503122010011003 Pak", "NIP", "198503122010011003"),
        ("nomornya 19850312 201001 1 003.", "NIP", "19850312 201001 1 003"),
        ("tertulis 19850312.201001.1.003 di SK", "NIP", "19850312.201001.1.003"),
        ("ini 19900101-201503-2-001 kan", "NIP", "19900101-201503-2-001"),
        ("KTP-nya 3201014105890001", "NIK", "3201014105890001"),
        ("NIK: 3201 0141 0589 0001", "NIK", "3201 0141 0589 0001"),
        ("NIK 3201.0101.0589.0002 ya", "NIK", "3201.0101.0589.0002"),
        ("NRP 85031234 beliau", "NRP", "85031234"),
        ("NRP-nya: 8503 1234", "NRP", "8503 1234"),
        ("WA saya 0812-3456-7890 ya", "TELEPON", "0812-3456-7890"),
        ("HP 0813 1234 567", "TELEPON", "0813 1234 567"),
        ("hubungi +62 812 3456 7890 saja", "TELEPON", "+62 812 3456 7890"),
        ("atau +6281234567890", "TELEPON", "+6281234567890"),
        ("62 857-1234-5678 juga", "TELEPON", "62 857-1234-5678"),
        ("kantor (022) 7654321 ya", "TELEPON", "(022) 7654321"),
        ("telepon 0274-512345", "TELEPON", "0274-512345"),
        ("kirim ke budi.santoso@bkpsdm.go.id ya", "EMAIL", "budi.santoso@bkpsdm.go.id"),
        ("emailnya retno_w99@gmail.com.", "EMAIL", "retno_w99@gmail.com"),
        ("emailnya sri.lestari at gmail titik com", "EMAIL", "sri.lestari at gmail titik com"),
        ("ke budi titik santoso et yahoo titik co titik id ya", "EMAIL", "budi titik santoso et yahoo titik co titik id"),
    ],
)
def test_identifiers_finds_each_kind(text, kind, found):
    assert _kinds(text) == [(kind, found)]


def test_identifiers_offsets_index_into_text():
    text = "Pak, NIP 198503122010011003 dan HP 081234567890, email a.b@c.id"
    found = find_identifiers(text)
    assert [f.kind for f in found] == ["NIP", "TELEPON", "EMAIL"]
    for f in found:
        assert text[f.start : f.end] == f.text


def test_identifiers_phone_next_to_another_number_stops_at_the_phone():
    assert _kinds("0812-3456-7890 20 kali") == [("TELEPON", "0812-3456-7890")]


@pytest.mark.parametrize(
    "digits, ok",
    [
        ("198503122010011003", True),
        ("198502302010011003", False),  # 30 February
        ("198503122010131003", False),  # appointment month 13
        ("198503121995011003", False),  # appointed at ten
        ("198503122010013003", False),  # sex digit 3
        ("198503122010011000", False),  # sequence 000
        ("201903122010011003", False),  # born too late to be appointed
        ("19850312201001100", False),  # 17 digits
    ],
)
def test_identifiers_valid_nip_checks_structure(digits, ok):
    assert valid_nip(digits, today=dt.date(2026, 1, 1)) is ok


@pytest.mark.parametrize(
    "digits, ok",
    [
        ("3201014105890001", True),  # woman: day 41 = 1st
        ("3201010105890001", True),
        ("3201017105890001", True),  # day 71 = 31st
        ("3201013205890001", False),  # day 32
        ("3201014113890001", False),  # month 13
        ("9901010105890001", False),  # no province 99
        ("3200010105890001", False),  # regency 00
        ("3201010105890000", False),  # sequence 0000
        ("3201012902010001", False),  # 29 February 2001
        ("3201012902040001", True),  # 29 February 2004
    ],
)
def test_identifiers_valid_nik_checks_structure(digits, ok):
    assert valid_nik(digits) is ok


def test_identifiers_labelled_number_counts_even_when_check_fails():
    assert _kinds("NIP saya 123456789012345678") == [("NIP", "123456789012345678")]
    assert _kinds("NIK-nya 9999999999999999") == [("NIK", "9999999999999999")]
    assert _kinds("nomor 123456789012345678") == []


def test_identifiers_no_false_positives_on_ordinary_numbers(data_dir):
    lines = [
        line
        for line in (data_dir / "privacy_ordinary.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(lines) > 15
    flagged = {line: _kinds(line) for line in lines if find_identifiers(line)}
    assert flagged == {}


def test_identifiers_normalise_maps_spellings_to_one_form():
    assert normalise("TELEPON", "+62 812-3456-7890") == normalise("TELEPON", "0812 3456 7890") == "081234567890"
    assert normalise("NIP", "19850312 201001 1 003") == "198503122010011003"
    assert normalise("EMAIL", "Budi@Mail.ID") == "budi@mail.id"
