from dataclasses import dataclass

import pytest

from pipeline.identifiers import find_identifiers
from pipeline.privacy import PseudonymKey, pseudonymise_parts, pseudonymise_text, replace_spans


@dataclass(frozen=True)
class T:
    speaker: str
    role: str
    text: str


def _turns(*rows):
    return [T(*r) for r in rows]


def test_privacy_identifiers_get_numbered_pseudonyms():
    text = "NIP saya 19850312 201001 1 003, HP 0812-3456-7890, email retno.w@gmail.com, NIK 3201014105890001."
    new, key = pseudonymise_text(text, PseudonymKey())
    assert new == "NIP saya [NIP-1], HP [TELEPON-1], email [EMAIL-1], NIK [NIK-1]."
    assert {e.kind for e in key.entries} == {"NIP", "TELEPON", "EMAIL", "NIK"}


def test_privacy_same_original_same_pseudonym_across_calls():
    _, key = pseudonymise_text("Tanya Mbak Sri, nomornya 0812 3456 7890.", PseudonymKey())
    new, key2 = pseudonymise_text("Mbak Sri ganti HP? Bukan, masih +62 812-3456-7890. Ada Pak Gito.", key)
    assert new == "Mbak [NAMA-1] ganti HP? Bukan, masih [TELEPON-1]. Ada Pak [NAMA-2]."
    assert len(key2.entries) == 3


def test_privacy_longest_match_first():
    key = PseudonymKey().add_names(["Sri", "Sri Wahyuni"])
    new, _ = pseudonymise_text("Kemarin Sri Wahyuni datang, Sri yang lain tidak.", key)
    assert new == "Kemarin [NAMA-2] datang, [NAMA-1] yang lain tidak."


def test_privacy_known_name_replaced_without_honorific_but_not_lowercase_word():
    key = PseudonymKey().add_names(["Indah"])
    new, _ = pseudonymise_text("Indah bilang pemandangannya indah sekali.", key)
    assert new == "[NAMA-1] bilang pemandangannya indah sekali."


def test_privacy_labels_of_informants_become_informan_n():
    turns = _turns(
        ("Pewawancara", "interviewer", "Sugeng siang, Pak Tris. Bu Retno sudah cerita."),
        ("SUTRISNO", "informant", "Nggih. Saya Sutrisno, ketua Pokdarwis."),
        ("Bu Retno", "informant", "Saya Retno, Kasi di Dinas."),
    )
    meta, new, key = pseudonymise_parts(["Tanggal: 5 Maret 2024"], [("tanggal", "5 Maret 2024")], turns, PseudonymKey())
    assert [t.speaker for t in new] == ["Pewawancara", "Informan 1", "Informan 2"]
    assert new[0].text == "Sugeng siang, Pak [NAMA-1]. Bu Informan 2 sudah cerita."
    assert new[1].text == "Nggih. Saya Informan 1, ketua Pokdarwis."
    assert new[2].text == "Saya Informan 2, Kasi di Dinas."
    assert meta == ["Tanggal: 5 Maret 2024"]


def test_privacy_generic_labels_and_job_titles_stay(data_dir):
    turns = _turns(
        ("Narasumber", "informant", "Pak Kabid yang tanda tangan, Bu Kepala paraf, Pak Sekda ikut, Bu Dokter juga."),
        ("Speaker 2", "informant", "Kami koordinasi dengan BKN, Kanreg, BKD lewat SIASN."),
    )
    meta, new, key = pseudonymise_parts([], [], turns, PseudonymKey())
    assert [(t.speaker, t.text) for t in new] == [(t.speaker, t.text) for t in turns]
    assert key.entries == ()


def test_privacy_header_names_and_values_pseudonymised():
    meta = [("nama", "Ratna Sari, S.Sos."), ("informan", "Kepala Seksi, Dinas Pariwisata"), ("kontak", "0813 1111 2222")]
    header = [f"{k.title()}: {v}" for k, v in meta]
    turns = _turns(("Narasumber", "informant", "Ratna di sini sejak 2019, Bu Ratna Sari itu saya."))
    new_header, new, _ = pseudonymise_parts(header, meta, turns, PseudonymKey())
    assert new_header == ["Nama: [NAMA-1], S.Sos.", "Informan: Kepala Seksi, Dinas Pariwisata", "Kontak: [TELEPON-1]"]
    assert new[0].text == "[NAMA-1] di sini sejak 2019, Bu [NAMA-1] itu saya."


def test_privacy_removed_name_is_never_replaced_again():
    key, gone = PseudonymKey().add_names(["Darmo"]).remove_names(["darmo"])
    assert [e.original for e in gone] == ["Darmo"]
    new, key = pseudonymise_text("Pak Darmo datang.", key)
    assert new == "Pak Darmo datang."
    assert key.ignored == ("darmo",)
    assert key.add_names(["Darmo"]).ignored == ()


def test_privacy_ordinary_sentences_unchanged(data_dir):
    lines = [
        line
        for line in (data_dir / "privacy_ordinary.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    key = PseudonymKey()
    for line in lines:
        new, key = pseudonymise_text(line, key)
        assert new == line
    assert key.entries == ()


def test_privacy_pseudonymised_text_has_no_identifier_left():
    text = "Hubungi Sdr. Budi Santoso di 0857-1111-2222 atau budi@dinas.go.id, NIP 19900101 201503 2 001."
    new, _ = pseudonymise_text(text, PseudonymKey())
    assert find_identifiers(new) == []
    assert "Budi" not in new and "Santoso" not in new


def test_privacy_key_dict_round_trip():
    _, key = pseudonymise_text("Pak Gito, HP 081234567890", PseudonymKey().add_names(["Darmo"]))
    assert PseudonymKey.from_dict(key.to_dict()) == key


@pytest.mark.parametrize("spans, out", [([], "abc"), ([(0, 1, "X"), (2, 3, "Z")], "XbZ")])
def test_privacy_replace_spans(spans, out):
    assert replace_spans("abc", spans) == out


@pytest.fixture
def leaky_transcripts(leaky_sources):
    from pipeline.ingest import read_transcript

    return [read_transcript(p) for p in sorted(leaky_sources.iterdir())]


def test_privacy_pseudonymise_every_format(leaky_transcripts):
    from conftest import LEAKY_ORIGINALS

    from pipeline.privacy import pseudonymise

    key = PseudonymKey()
    for transcript in leaky_transcripts:
        new, key = pseudonymise(transcript, key)
        assert find_identifiers(new.text) == [], new.name
        for original in LEAKY_ORIGINALS:
            assert original not in new.text, (new.name, original)
        for turn in new.turns:
            assert new.text[turn.start : turn.end] == turn.text
            assert find_identifiers(turn.speaker) == [] and "Ratna" not in turn.speaker
        assert all("NAMA" not in m.text for m in new.markers)
        assert new.content_hash == transcript.content_hash
        if new.name == "L02.vtt":
            assert "Peraturan BKN Nomor 5 Tahun 2019" in new.text and "Bu Kepala" in new.text
    originals = {e.original for e in key.entries}
    assert {"Wulan", "Gunawan", "Joko", "Ahmad Fauzi", "Suparman", "Yanti", "Ratna"} <= originals


def test_privacy_pseudonymise_labels_and_stability(leaky_transcripts):
    from pipeline.privacy import pseudonymise

    txt = leaky_transcripts[0]
    new, key = pseudonymise(txt, PseudonymKey())
    assert [t.speaker for t in new.turns] == ["Pewawancara", "Informan 1"] * 2
    assert "Pak Kabid" in new.text and "Rp 2.500.000" in new.text and "SIASN" in new.text
    again, key2 = pseudonymise(txt, key)
    assert again.text == new.text and key2 == key


def test_privacy_nickname_alias_shares_the_pseudonym():
    turns = _turns(("SUTRISNO", "informant", "Saya Sutrisno."), ("Pewawancara", "interviewer", "Pak Tris, lanjut?"))
    _, _, key = pseudonymise_parts([], [], turns[:1], PseudonymKey())
    key = key.add_names(["Tris = Sutrisno"])
    _, new, key = pseudonymise_parts([], [], turns, key)
    assert new[1].text == "Pak Informan 1, lanjut?"


def test_privacy_alias_refused_when_nickname_has_its_own_pseudonym():
    from pipeline.errors import PrivacyError

    key = PseudonymKey().add_names(["Tris", "Sutrisno"])
    with pytest.raises(PrivacyError, match=r"Tris already has the pseudonym \[NAMA-1\]"):
        key.add_names(["Tris=Sutrisno"])
    key, _ = key.remove_names(["Tris"])
    key = key.add_names(["Tris=Sutrisno"])
    assert key.find("NAMA", "tris").pseudonym == "[NAMA-2]" and key.ignored == ()


@pytest.mark.parametrize(
    "text, out",
    [
        ("Pak Darmo-nya belum datang.", "Pak [NAMA-1]-nya belum datang."),
        ("Darmonya sudah pulang.", "Darmonya sudah pulang."),
        ("Kata DARMO begitu.", "Kata [NAMA-1] begitu."),
        ("Retno W. sudah tanda tangan, Retno juga.", "[NAMA-2]. sudah tanda tangan, [NAMA-2] juga."),
    ],
)
def test_privacy_known_names_at_word_boundaries(text, out):
    key = PseudonymKey().add_names(["Darmo", "Retno W."])
    assert pseudonymise_text(text, key)[0] == out


def test_privacy_process_file_pseudonymises_before_segmenting(leaky_sources):
    from pipeline.process import process_file

    result = process_file(leaky_sources / "L01.txt", key=PseudonymKey())
    assert result.key is not None and result.key.find("NIP", "19850312 201001 2 003")
    for p in result.passages:
        assert find_identifiers(p.text) == [] and "Ratna" not in p.text and "Ratna" not in p.speaker
        assert result.transcript.text[p.start : p.end] == p.text
    assert process_file(leaky_sources / "L01.txt").key is None
