"""The optional Stanza backend, with a tiny Indonesian model the test trains offline from its own CoNLL-U."""

import importlib.util

import pytest

from pipeline.stanza_backend import StanzaBackend, StanzaUnavailable, conllu_text

HAS_STANZA = importlib.util.find_spec("stanza") is not None and importlib.util.find_spec("torch") is not None
needs_stanza = pytest.mark.skipif(not HAS_STANZA, reason="the telaah[stanza] extra (stanza + CPU torch) is not installed")

SENTENCES = [
    ("Kami sudah koordinasi dengan BKN.", ["Kami", "sudah", "koordinasi", "dengan", "BKN", "."],
     ["kami", "sudah", "koordinasi", "dengan", "BKN", "."]),
    ("Belum ada MoU, tapi datanya sinkron.", ["Belum", "ada", "MoU", ",", "tapi", "datanya", "sinkron", "."],
     ["belum", "ada", "MoU", ",", "tapi", "data", "sinkron", "."]),
    ("Kepercayaan kami tinggi.", ["Kepercayaan", "kami", "tinggi", "."], ["percaya", "kami", "tinggi", "."]),
    ("Pegawai dilatih oleh dinas.", ["Pegawai", "dilatih", "oleh", "dinas", "."], ["pegawai", "latih", "oleh", "dinas", "."]),
]


def _conllu(repeat: int = 6) -> str:
    out, n = [], 0
    for _ in range(repeat):
        for text, words, lemmas in SENTENCES:
            n += 1
            out += [f"# sent_id = {n}", f"# text = {text}"]
            for i, (w, lemma) in enumerate(zip(words, lemmas), start=1):
                glued = i < len(words) and words[i] in {".", ","}
                out.append(f"{i}\t{w}\t{lemma}\tX\t_\t_\t{0 if i == 1 else 1}\t{'root' if i == 1 else 'dep'}\t_\t"
                           f"{'SpaceAfter=No' if glued else '_'}")
            out.append("")
    return "\n".join(out) + "\n"


def test_stanza_backend_conllu_text_reads_text_lines():
    assert conllu_text(_conllu(1)).split("\n\n")[0] == "Kami sudah koordinasi dengan BKN."
    with pytest.raises(StanzaUnavailable, match="# text ="):
        conllu_text("1\tx\tx\n")


@needs_stanza
def test_stanza_backend_folder_without_model_is_a_clear_error(tmp_path):
    with pytest.raises(StanzaUnavailable, match="no tokenizer model"):
        StanzaBackend(tmp_path)


@needs_stanza
@pytest.mark.slow
def test_stanza_backend_tiny_model_trained_offline(tmp_path):
    from pipeline.stanza_backend import train_model

    conllu = tmp_path / "id_tiny.conllu"
    conllu.write_text(_conllu(), encoding="utf-8")
    folder = train_model(conllu, tmp_path / "model", steps=60)
    backend = StanzaBackend(folder)
    text = "Kami sudah koordinasi dengan BKN. Kepercayaan kami tinggi."
    sentences = backend.analyse(text)
    assert [text[s["start"]:s["end"]] for s in sentences] == ["Kami sudah koordinasi dengan BKN.",
                                                              "Kepercayaan kami tinggi."]
    tokens = [t for s in sentences for t in s["tokens"]]
    assert [t["text"] for t in tokens][:6] == ["Kami", "sudah", "koordinasi", "dengan", "BKN", "."]
    assert all(text[t["start"]:t["end"]] == t["text"] for t in tokens)
    assert {t["text"]: t["lemma"] for t in tokens}["Kepercayaan"] == "percaya"
    assert backend.sentences(text) == [(s["start"], s["end"]) for s in sentences]

    import json

    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(cli, ["nlp", "stanza", "--model-dir", str(folder), "--text", "Kepercayaan kami tinggi."])
    assert result.exit_code == 0, result.output
    line = json.loads(result.output.strip().splitlines()[-1])
    assert line["tokens"][0]["lemma"] == "percaya" and line["tokens"][0]["stem"] == "percaya"
