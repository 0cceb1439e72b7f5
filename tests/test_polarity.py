"""Polarity rules (lexicons/polarity.yaml): negators and scope, double negatives, contrast, deontic and future
forms, hedges, problem words, traps. Texts are fabricated for the tests."""

import pytest

from pipeline import polarity as pol

RULES = "governance.rules"
TRUST = "trust"
NM = "governance.network_management"
RES = "access_to_resources"


@pytest.mark.parametrize("neg", ["tidak", "nggak", "gak", "ndak", "indak", "belum", "alun", "blm", "tdk", "kurang",
                                 "ora", "durung", "enggak"])
def test_polarity_every_negator_flips_before_the_term(code, neg):
    assert code(f"Kami {neg} percaya dengan data dari BKN.")[TRUST] == "against"


def test_polarity_positive_without_negator_supports(code):
    assert code("Kami percaya dengan data dari BKN.")[TRUST] == "supports"


@pytest.mark.parametrize("text", ["Belum ada MoU dengan BKN.", "Tidak ada MoU dengan BKN.", "SOP-nya belum ada.",
                                  "Kalau MoU dengan BKN itu nggak ada, Pak.", "Alun ado MoU jo BKN.",
                                  "Dereng wonten MoU kaliyan dinas."])
def test_polarity_negation_scope_before_and_after(code, text):
    assert code(text)[RULES] == "against"


def test_polarity_negation_does_not_cross_clauses(code):
    assert code("Kami percaya dengan data BKN, karena datanya tidak pernah salah.")[TRUST] == "supports"
    assert code("Kami percaya dengan BKN. Tidak ada yang lain.")[TRUST] == "supports"


@pytest.mark.parametrize("text", ["Rapat koordinasi dengan Kanreg tidak ada kendala.",
                                  "Rapat koordinasi dengan Kanreg nggak pernah ada masalah.",
                                  "Rapat koordinasi dengan Kanreg berjalan tanpa hambatan."])
def test_polarity_double_negative_supports(code, text):
    assert code(text)[NM] == "supports"


def test_polarity_negated_against_term_supports(code):
    assert code("Tidak ada tumpang tindih tugas antara dinas dan desa.")["distributive_accountability"] == "supports"
    assert code("Kami tidak curiga sama sekali dengan BKN.")[TRUST] == "supports"
    assert code("Kami curiga dengan data dari BKN.")[TRUST] == "against"


def test_polarity_contrast_clause_carries_the_stance(code):
    assert code("Sudah ada rapat koordinasi, tapi belum rutin.")[NM] == "against"
    assert code("Rapat koordinasi sudah ada. Namun jarang sekali dilaksanakan.")[NM] == "against"
    assert code("Sudah ada rapat koordinasi, tapi pesertanya banyak dari OPD.")[NM] == "supports"


def test_polarity_contrast_runs_to_the_end_of_its_sentence(code):
    text = "Kalau SOP internal kami ada. Tapi yang bareng Kanreg, yang tertulis khusus, setahu saya belum ada."
    assert code(text)[RULES] == "against"


def test_polarity_bukan_x_tapi_y(code):
    assert code("Hubungannya bukan atasan-bawahan, tapi mitra.")["networked_structure"] == "supports"


@pytest.mark.parametrize("text", ["Seharusnya ada evaluasi bersama dengan dinas.",
                                  "Monitoring dari dinas perlu ditingkatkan.",
                                  "Idealnya evaluasi dengan Kanreg itu rutin."])
def test_polarity_deontic_forms_are_against(code, text):
    assert code(text)[NM] == "against"


@pytest.mark.parametrize("text", ["Rencananya akan dibuat MoU dengan BKN.", "MoU dengan BKN masih dalam proses.",
                                  "Perjanjian kerja sama sedang disusun dengan desa."])
def test_polarity_future_and_in_progress_are_against(code, text):
    assert code(text)[RULES] == "against"


@pytest.mark.parametrize("text", ["Internet di kantor sering lambat.", "Servernya down terus kalau akhir periode.",
                                  "Anggaran untuk operator masih terbatas.", "Jaringan internet lemot sekali."])
def test_polarity_problem_words_without_negator_are_against(code, text):
    assert code(text)[RES] == "against"


def test_polarity_frequency_hedge_is_against(code):
    assert code("Rapat koordinasi dengan Kanreg ada, kadang-kadang saja.")[NM] == "against"
    assert code("Evaluasi bersama dinas ada, tapi jarang.")[NM] == "against"


def test_polarity_trap_kurang_lebih_is_not_negation(code):
    assert code("Kurang lebih dua tahun kami percaya penuh pada data BKN.")[TRUST] == "supports"


def test_polarity_trap_tidak_hanya_tetapi_juga_is_additive(code):
    assert code("Tidak hanya BKD, tetapi juga OPD ikut rapat koordinasi rutin.")[NM] == "supports"


def test_polarity_trap_kalau_tidak_salah(code):
    assert code("Kalau tidak salah, MoU dengan BKN sudah ada sejak 2021.")[RULES] == "supports"


def test_polarity_conditional_problem_is_hypothetical(code):
    assert code("Kalau ada kendala, kami langsung rapat koordinasi dengan Kanreg.")[NM] == "supports"


def test_polarity_concessive_keeps_each_clause(code):
    found = code("Walaupun servernya sering down, kami tetap percaya pada data BKN.")
    assert found[TRUST] == "supports" and found[RES] == "against"


def test_polarity_unknown_lowers_confidence_without_flipping(lexicon):
    from pipeline.lexicon import code_text

    sure = code_text("Kami percaya pada verifikasi BKN.", lexicon)
    unsure = code_text("Saya kurang tahu, kami percaya pada verifikasi BKN.", lexicon)
    assert sure and sure[0].code == TRUST
    assert not unsure or (unsure[0].polarity == "supports" and unsure[0].score < sure[0].score)


def test_polarity_decide_direct(lexicon):
    n = lexicon.normaliser
    a = n.analyse("Koordinasinya belum rutin.")
    norms = n.norms_of(a)
    view = pol.analyse(a, norms, lexicon.polarity)
    assert view.tags[1] == "negators"
    assert pol.decide(view, norms, 0, 0, pol.SUPPORTS, lexicon.polarity) == (pol.AGAINST, 1.0)


def test_polarity_soft_negator_only_negates_problems(code):
    assert code("Kami saling percaya dengan Kanreg, tidak perlu menunggu surat.")[TRUST] == "supports"
    assert code("Kami percaya dengan data desa, tidak perlu cek lagi.")[TRUST] == "supports"


def test_polarity_reality_contrast(code):
    text = "Kalau di atas kertas hubungannya setara. Kenyataannya kami dianggap bawahan, selalu menunggu perintah."
    assert code(text)["networked_structure"] == "against"


def test_polarity_trap_sebagian_besar(code):
    assert code("Sebagian besar OPD sudah mencapai target bersama tepat waktu.")["commitment"] == "supports"


def test_polarity_past_sentence_weighs_little(code):
    assert code("Dulu kami sempat curiga, datanya sering salah. Sekarang kami percaya penuh sama BKN.")[TRUST] == "supports"


def test_polarity_negator_in_a_conditional_clause_is_hypothetical(code):
    text = "Beliau tegas, kalau tidak hadir rapat beliau telepon kepala dinasnya langsung."
    assert code(text)["leadership"] == "supports"


def test_polarity_wishes_name_what_is_missing(lexicon):
    from pipeline.lexicon import code_text

    text = "Perjanjian kerja sama yang jelas dengan desa, biar honor operator tetap ada."
    found = {s.code: s.polarity for s in code_text(text, lexicon, question="Apa harapan Bapak ke depan?")}
    assert found[RULES] == "against"
    found = {s.code: s.polarity for s in code_text("Saya berharap ada MoU dengan BKN. Itu saja.", lexicon)}
    assert found[RULES] == "against"


def test_polarity_grudging_yes_with_sih(code):
    assert code("Percaya sih percaya, tapi tetap mereka cek lagi berkasnya.")[TRUST] == "against"


def test_polarity_contrast_back_to_positive(code):
    text = "Butuh dua kali rapat koordinasi dengan desa, tapi akhirnya beres."
    assert code(text)[NM] == "supports"


def test_polarity_before_clause_is_past(code):
    text = "Sekarang semua pihak terhubung lewat forum desa, hubungannya setara. Sebelum itu, masing-masing jalan sendiri."
    assert code(text)["networked_structure"] == "supports"


def test_polarity_membership_limits_are_no_fault(code):
    text = "Akun SIASN dibatasi, cuma dua akun admin yang ditunjuk dengan SK, jadi jelas siapa pegang data."
    assert code(text)["governance.boundary_exclusivity"] == "supports"
    assert code("Akun operator kami dipinjamkan ke OPD lain, siapa saja bisa masuk.")[
        "governance.boundary_exclusivity"] == "against"


def test_polarity_jangan_is_a_wish_and_daripada_negates_what_follows(code):
    assert code("Mestinya mereka masuk forum lintas sektor, jangan jalan sendiri.")["networked_structure"] == "against"
    assert code("BKN lebih banyak jadi regulator daripada mitra, hubungannya satu arah.")[
        "networked_structure"] == "against"


def test_polarity_epistemic_hedge_lowers_weight_without_flipping(lexicon):
    from pipeline.lexicon import code_text

    sure = {s.code: s for s in code_text("Kami percaya penuh pada verifikasi BKN.", lexicon)}
    hedged = {s.code: s for s in code_text("Kayaknya kami percaya penuh pada verifikasi BKN.", lexicon)}
    assert TRUST not in hedged or (hedged[TRUST].polarity == "supports" and hedged[TRUST].score < sure[TRUST].score)


def test_polarity_against_terms_act_as_problem_words(code):
    text = "Akun admin saya tidak saya pinjamkan ke siapa-siapa, hak akses cuma untuk operator yang ditunjuk."
    assert code(text)["governance.boundary_exclusivity"] == "supports"
    assert code("Akun admin kami dipakai bersama oleh tiga orang operator.")["governance.boundary_exclusivity"] == "against"


def test_polarity_topic_then_verdict_clause(code):
    assert code("Perjanjian kerja sama soal siapa bayar apa, nggak ada, Pak.")[RULES] == "against"
    assert code("Kalau tidak hadir, beliau telepon kepala dinasnya langsung, beliau tegas.")["leadership"] == "supports"
