"""The lexicon coder: stem matching, phrases, disambiguation, thresholds, evidence offsets."""

import pytest

from pipeline.lexicon import code_text, load_for_codebook


@pytest.mark.parametrize("word", ["percaya", "kepercayaan", "dipercaya", "mempercayakan", "mempercayai"])
def test_lexicon_affixed_forms_match_the_stem(code, word):
    assert "trust" in code(f"Dinas sudah {word} sepenuhnya data dari desa.")


def test_lexicon_jaringan_internet_is_a_resource_not_structure(code):
    found = code("Jaringan internet di kantor kami sering putus.")
    assert "access_to_resources" in found and "networked_structure" not in found
    found = code("Jaringan kerja kami dengan BKN dan OPD sudah terhubung, hubungannya setara.")
    assert "networked_structure" in found and "access_to_resources" not in found


def test_lexicon_koordinasi_as_meeting_link_or_information(code):
    meeting = code("Koordinasi lewat rapat bulanan dengan Kanreg, dievaluasi bersama.")
    assert "governance.network_management" in meeting and "networked_structure" not in meeting
    link = code("Alur koordinasi langsung dari OPD ke BKD lalu ke Kanreg, jadi kami penghubungnya.")
    assert "networked_structure" in link
    info = code("Koordinasi informasi lewat grup WhatsApp, semua kabar langsung sampai ke OPD.")
    assert "information_sharing" in info


def test_lexicon_context_rule_drops_outsiders(code):
    assert "trust" not in code("Wisatawan percaya dengan pemandu lokal kami.")
    assert "governance.rules" not in code("Aturan pensiun itu batas usianya 58 tahun.")


def test_lexicon_background_passage_gets_no_code(code):
    assert code("Saya di bidang ini sudah dua tahun, sebelumnya di Bappeda, ngurus perencanaan.") == {}


def test_lexicon_one_weak_word_is_not_enough(code):
    assert "information_sharing" not in code("Saya kirim ke sana kemarin.")


def test_lexicon_question_adds_evidence_only_to_codes_in_the_answer(code):
    answer = "Ya ada, tapi hanya aturan lisan saja, belum tertulis."
    assert "governance.rules" in code(answer, question="Bagaimana dengan MoU atau perjanjian kerja samanya?")
    assert code("Ya, lumayan.", question="Bagaimana dengan MoU atau perjanjian kerja samanya?") == {}


def test_lexicon_suggestion_fields_and_evidence_offsets(lexicon):
    text = "Kami belum ada MoU dengan BKN, tapi pedomannya jelas."
    found = code_text(text, lexicon, passage_id="W01-003")
    rules = next(s for s in found if s.code == "governance.rules")
    assert rules.passage_id == "W01-003" and rules.source == "lexicon" and rules.lexicon == lexicon.version
    assert 0.5 <= rules.score <= 1
    assert [e.text for e in rules.evidence] == ["MoU", "pedomannya"]
    assert all(text[e.start : e.end] == e.text for e in rules.evidence)


def test_lexicon_compound_evidence_covers_both_words(lexicon):
    text = "Tugas pokok dan pembagian tugas antara dinas dan desa sudah jelas, tanggung jawabnya dibagi."
    found = {s.code: s for s in code_text(text, lexicon)}
    spans = [e.text for e in found["distributive_accountability"].evidence]
    assert "tanggung jawabnya" in spans and "pembagian tugas" in spans


def test_lexicon_another_framework_with_its_own_lexicon(small_framework):
    book, _ = small_framework("""\
        codes:
          rapat:
            terms: {rapat: 1.0, musyawarah: 1.0}
          uang:
            terms: {anggaran: 1.0}
        """)
    lexicon = load_for_codebook(book)
    found = {s.code: s.polarity for s in code_text("Rapatnya belum pernah diadakan.", lexicon)}
    assert found == {"rapat": "against"}


def test_lexicon_short_reply_answers_the_question(lexicon):
    q = "Ada evaluasi bersama dengan Kanreg setelah periode selesai?"
    found = {s.code: s for s in code_text("Jarang, Pak. Setahun sekali mungkin.", lexicon, question=q)}
    nm = found["governance.network_management"]
    assert nm.polarity == "against" and [e.text for e in nm.evidence] == ["Jarang"]
    found = {s.code: s.polarity for s in code_text("Ada, Pak. Tiap akhir periode.", lexicon, question=q)}
    assert found["governance.network_management"] == "supports"
    assert code_text("Saya baru pindah ke sini bulan lalu.", lexicon, question=q) == []


def test_lexicon_resource_mention_without_judgement_is_not_enough(code):
    assert "access_to_resources" not in code("Kami pakai komputer kantor untuk input data.")
    assert code("Komputer kantor sering rusak, jadi input data tertunda.")["access_to_resources"] == "against"


def test_lexicon_naming_several_bodies_is_structure_evidence(code):
    text = "BPBD, PMI, Basarnas, TNI sama relawan semua nyambung, koordinatornya jelas."
    assert code(text)["networked_structure"] == "supports"
    assert "networked_structure" not in code("Saya dulu di BPBD, terus pindah ke sini.")
