"""Indonesian text analysis: tokens with offsets, normal forms, stems, compounds, sentences."""

import pytest

from pipeline import nlp


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("percaya", "percaya"), ("kepercayaan", "percaya"), ("dipercaya", "percaya"), ("mempercayakan", "percaya"),
        ("komitmen", "komitmen"), ("berkomitmen", "komitmen"),
        ("koordinasi", "koordinasi"), ("berkoordinasi", "koordinasi"), ("koordinasinya", "koordinasi"),
        ("diupdate", "update"), ("tervalidasi", "validasi"),
        ("persetujuan", "setuju"), ("disepakati", "sepakat"), ("kesepakatan", "sepakat"),
        ("pegawai-pegawai", "pegawai"), ("MoU-nya", "mou"),
        ("kerjasama", "kerja sama"), ("bekerjasama", "kerja sama"), ("pertanggungjawaban", "tanggung jawab"),
    ],
)
def test_nlp_stem_affixes_loanwords_reduplication_clitics(word, root):
    assert nlp.stem(word) == root


@pytest.mark.parametrize(
    ("word", "standard"),
    [
        ("nggak", "tidak"), ("gak", "tidak"), ("ndak", "tidak"), ("indak", "tidak"), ("tdk", "tidak"),
        ("ora", "tidak"), ("blm", "belum"), ("alun", "belum"), ("durung", "belum"), ("ado", "ada"),
        ("baa", "bagaimana"), ("udah", "sudah"), ("belumlah", "belum"), ("tidakpun", "tidak"),
        ("Nggak", "tidak"), ("kapankah", "kapan"),
    ],
)
def test_nlp_normalise_colloquial_minang_javanese_chat(word, standard):
    assert nlp.normalise(word) == standard


def test_nlp_tokens_keep_offsets_and_hyphenated_words():
    text = "Pegawai-pegawai kami, nggak  pernah telat."
    toks = nlp.tokens(text)
    assert [t.text for t in toks] == ["Pegawai-pegawai", "kami", ",", "nggak", "pernah", "telat", "."]
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert toks[0].stem == "pegawai" and toks[3].norm == "tidak"


@pytest.mark.parametrize("text", ["kerja sama", "kerjasama", "bekerja sama", "bekerjasama", "kerja-sama"])
def test_nlp_spelling_variants_of_kerja_sama_give_one_key(text):
    analysis = nlp.default_normaliser().analyse(f"Kami {text} dengan dinas.")
    assert "kerja sama" in analysis.keys


def test_nlp_compound_merge_marks_the_span():
    a = nlp.default_normaliser().analyse("Tanggung jawabnya jelas.")
    assert a.keys[:2] == ["tanggung jawab", ""] and a.last(0) == 1
    assert a.text[a.starts[0] : a.ends[a.last(0)]] == "Tanggung jawabnya"


def test_nlp_offsets_survive_characters_whose_lowercase_is_longer():
    text = "İzin dari BKN sudah keluar."
    a = nlp.default_normaliser().analyse(text)
    assert [text[s:e] for s, e in zip(a.starts, a.ends)][1:3] == ["dari", "BKN"]


def test_nlp_sentences_are_spans_of_the_text():
    text = "Kami sudah koordinasi. Tapi belum ada MoU! Bagaimana ke depan?"
    spans = nlp.sentences(text)
    assert [text[s:e] for s, e in spans] == ["Kami sudah koordinasi.", "Tapi belum ada MoU!", "Bagaimana ke depan?"]


def test_nlp_one_stemmer_per_process():
    assert nlp._sastrawi() is nlp._sastrawi()
    assert nlp.default_normaliser() is nlp.default_normaliser()


def test_nlp_normaliser_from_another_table(tmp_path):
    table = tmp_path / "norm.yaml"
    table.write_text("variants:\n  ndak: tidak\n  awak: saya\nstem_overrides:\n  rapek: rapat\n", encoding="utf-8")
    n = nlp.Normaliser(table)
    assert n.norm("awak") == "saya" and n.key("rapek") == "rapat"


def test_nlp_normalisers_of_one_table_share_their_analyses(tmp_path):
    table = tmp_path / "norm.yaml"
    table.write_text("variants:\n  ndak: tidak\n", encoding="utf-8")
    other = tmp_path / "lain.yaml"
    other.write_text("variants:\n  ndak: belum\n", encoding="utf-8")
    first, second, third = nlp.Normaliser(table), nlp.Normaliser(table), nlp.Normaliser(other)
    a = first.analyse("Datanya ndak dibagi.")
    assert second.analyse("Datanya ndak dibagi.") is a and a.keys[1] == "tidak"
    assert third.analyse("Datanya ndak dibagi.").keys[1] == "belum"


def test_nlp_analysis_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(nlp, "_ANALYSES", 3)
    n = nlp.default_normaliser()
    texts = [f"Rapat ke-{i} sudah jalan." for i in range(7)]
    for text in texts:
        n.analyse(text)
    assert len(n._analyses) <= 3
    assert n.analyse(texts[0]).keys[0] == "rapat" and len(n._analyses) <= 3


STEM_WORDS = ["mempertanggungjawabkan", "dipersoalkan", "menyapu", "pengiriman", "berkoordinasi", "kebersamaan",
              "perekonomian", "memperhatikan", "ketidakadilan", "pelaksanaannya", "diberlakukan", "menyelenggarakan",
              "sebaiknya", "kesepakatannya", "pemberdayaan", "penganggaran", "terkoordinasi", "bertanggungjawab",
              "menunggu", "pengajaran", "belajar", "meniru", "kanreg", "whatsapp", "stunting", "bappedanya",
              "gerigi", "telunjuk", "kemauan", "pukulan", "kafé", "dikirimkannya", "menyaksikan", "pemukiman",
              "kebijakan", "kenaikan", "masukan", "pelantikannya"]


@pytest.mark.slow
def test_nlp_stems_equal_plain_pysastrawi():
    """The faster path into PySastrawi (compiled patterns, ``stem_word`` for a-z words) gives its very stems."""
    import subprocess
    import sys

    code = ("import sys\nfrom Sastrawi.Stemmer.StemmerFactory import StemmerFactory\n"
            "s = StemmerFactory().create_stemmer()\nprint('\\n'.join(s.stem(w) or w for w in sys.argv[1:]))")
    plain = subprocess.run([sys.executable, "-c", code, *STEM_WORDS], capture_output=True, text=True, check=True,
                           encoding="utf-8").stdout.splitlines()
    assert [nlp.stem_word.__wrapped__(w) for w in STEM_WORDS] == plain
    assert sum(p != w for p, w in zip(plain, STEM_WORDS)) >= 20  # the words go through the affix rules


@pytest.mark.parametrize(("pattern", "repl", "text", "count", "flags"), [
    ("kirim", "", "pengiriman", 1, 0),
    ("an", "", "ananan", 1, 0),
    ("", "", "kata", 1, 0),
    (r"(kan|an)$", "", "pengiriman", 1, 0),
    (r"[^a-z0-9 -]", " ", "Kafé, Bu!", 0, nlp.re.IGNORECASE | nlp.re.MULTILINE),
    ("a.b", "", "axb a.b", 1, 0),
])
def test_nlp_compiled_re_substitutes_like_re(pattern, repl, text, count, flags):
    fast = nlp._CompiledRe()
    assert fast.sub(pattern, repl, text, count=count, flags=flags) == nlp.re.sub(pattern, repl, text, count=count,
                                                                                 flags=flags)
    assert bool(fast.match(pattern, text)) == bool(nlp.re.match(pattern, text))


def test_nlp_caches_of_old_tables_are_let_go(tmp_path, monkeypatch):
    monkeypatch.setattr(nlp, "_SHARED", {})
    monkeypatch.setattr(nlp, "_TABLES", 2)
    tables = []
    for i in range(4):
        table = tmp_path / f"norm{i}.yaml"
        table.write_text(f"variants:\n  ndak: kata{i}\n", encoding="utf-8")
        tables.append(nlp.Normaliser(table))
    assert len(nlp._SHARED) == 2
    assert [n.analyse("ndak").keys[0] for n in tables] == ["kata0", "kata1", "kata2", "kata3"]
