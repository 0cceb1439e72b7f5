"""Optional text-analysis backend: a LOCAL Indonesian Stanza model (extra ``telaah[stanza]``).

Used when a researcher has an Indonesian Stanza model in a folder (``telaah nlp stanza --model-dir DIR``): the
folder holds a tokenizer model (``*tokenizer*.pt``) and optionally a lemmatizer (``*lemmatizer*.pt``). Nothing is
ever downloaded (``download_method=None``); stems still come from :mod:`pipeline.nlp` (on the lemma when there is
one). :func:`train_model` builds such a folder from a CoNLL-U file, offline (the tests train a tiny one).

Stanza and torch are imported only inside the functions, so the rest of telaah works without the extra.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pipeline.errors import PipelineError


class StanzaUnavailable(PipelineError):
    """The Stanza extra is not installed, or the model folder has no usable model."""


def _stanza():
    try:
        import stanza
    except ImportError as exc:
        raise StanzaUnavailable(
            "Stanza tidak terpasang / Stanza is not installed: pip install 'telaah[stanza]' (CPU torch)"
        ) from exc
    return stanza


def _find(folder: Path, word: str) -> Path | None:
    found = sorted(folder.glob(f"*{word}*.pt"))
    return found[0] if found else None


class StanzaBackend:
    """Tokens, sentences and lemmas from a local Stanza model folder (loaded once per instance)."""

    def __init__(self, model_dir: str | os.PathLike):
        stanza = _stanza()
        self.model_dir = Path(model_dir)
        if (self.model_dir / "resources.json").exists():  # a folder laid out by stanza.download()
            config = {"lang": "id", "dir": str(self.model_dir), "processors": "tokenize,lemma"}
            self.has_lemmas = True
        else:
            config = self._flat_config()
        config.update(download_method=None, use_gpu=False, logging_level="ERROR")
        try:
            with tempfile.TemporaryDirectory(prefix="telaah-stanza-") as tmp:
                if "resources_filepath" in config:  # an empty catalogue: nothing to look up, nothing to fetch
                    Path(tmp, "resources.json").write_text("{}", encoding="utf-8")
                    config["resources_filepath"] = str(Path(tmp, "resources.json"))
                self.pipeline = stanza.Pipeline(**config)
        except Exception as exc:  # noqa: BLE001 - stanza raises many kinds; report them as one
            raise StanzaUnavailable(f"{self.model_dir}: model Stanza tidak dapat dimuat / cannot load: {exc}") from exc

    def _flat_config(self) -> dict:
        """A folder with ``*tokenizer*.pt`` (and optionally ``*lemmatizer*.pt``), as :func:`train_model` writes."""
        tokenizer = _find(self.model_dir, "tokenizer")
        if tokenizer is None:
            raise StanzaUnavailable(
                f"{self.model_dir}: tidak ada model tokenizer (*tokenizer*.pt) atau resources.json / "
                "no tokenizer model or resources.json in the folder"
            )
        lemmatizer = _find(self.model_dir, "lemmatizer")
        self.has_lemmas = lemmatizer is not None
        config = {
            "lang": "id", "dir": str(self.model_dir), "allow_unknown_language": True, "resources_filepath": "",
            "processors": "tokenize,lemma" if lemmatizer else "tokenize",
            "tokenize_model_path": str(tokenizer), "tokenize_no_mwt": True,
        }
        if lemmatizer:
            config.update(lemma_model_path=str(lemmatizer), lemma_pos=False)
        return config

    def analyse(self, text: str) -> list[dict]:
        """One dict per sentence: ``start``, ``end`` and ``tokens`` (text, start, end, lemma, stem)."""
        from pipeline.nlp import stem

        doc = self.pipeline(text)
        out = []
        for sentence in doc.sentences:
            tokens = []
            for token in sentence.tokens:
                word = token.words[0]
                lemma = word.lemma if self.has_lemmas and word.lemma else None
                tokens.append({
                    "text": token.text, "start": token.start_char, "end": token.end_char,
                    "lemma": lemma, "stem": stem(lemma or token.text),
                })
            if tokens:
                out.append({"start": tokens[0]["start"], "end": tokens[-1]["end"], "tokens": tokens})
        return out

    def sentences(self, text: str) -> list[tuple[int, int]]:
        """Sentence spans ``(start, end)`` of ``text``."""
        return [(s["start"], s["end"]) for s in self.analyse(text)]


def conllu_text(conllu: str) -> str:
    """The raw text of a CoNLL-U document (its ``# text =`` lines; one paragraph per sentence)."""
    lines = [line[len("# text = "):] for line in conllu.splitlines() if line.startswith("# text = ")]
    if not lines:
        raise StanzaUnavailable("CoNLL-U tanpa baris '# text =' / the CoNLL-U file has no '# text =' lines")
    return "\n\n".join(lines) + "\n"


def train_model(conllu_path: str | os.PathLike, out_dir: str | os.PathLike, *, steps: int = 300,
                lemmatizer: bool = True) -> Path:
    """Train a Stanza tokenizer (and a dictionary lemmatizer) for Indonesian from a CoNLL-U file, offline.

    Args:
        conllu_path: sentences with ``# text =`` lines, tokens and lemmas.
        out_dir: the model folder to write (``id_tokenizer.pt``, ``id_lemmatizer.pt``).
        steps: training steps of the tokenizer (a few hundred are enough for a smoke model).
        lemmatizer: also build the dictionary lemmatizer from the file's lemmas.

    Returns:
        The model folder, ready for :class:`StanzaBackend`.
    """
    _stanza()
    from stanza.models import lemmatizer as lemma_main
    from stanza.models import tokenizer as tok_main
    from stanza.utils.datasets import prepare_tokenizer_data

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    conllu = Path(conllu_path)
    with tempfile.TemporaryDirectory(prefix="telaah-stanza-") as tmp:
        txt, labels, mwt = Path(tmp) / "id.txt", Path(tmp) / "id.toklabels", Path(tmp) / "id-mwt.json"
        txt.write_text(conllu_text(conllu.read_text(encoding="utf-8")), encoding="utf-8")
        prepare_tokenizer_data.main([str(txt), str(conllu), "-o", str(labels), "-m", str(mwt)])
        tok_main.main([
            "--mode", "train", "--lang", "id", "--shorthand", "id_telaah",
            "--txt_file", str(txt), "--label_file", str(labels), "--mwt_json_file", str(mwt),
            "--dev_txt_file", str(txt), "--dev_label_file", str(labels), "--dev_conll_gold", str(conllu),
            "--steps", str(steps), "--eval_steps", str(max(10, steps // 3)), "--batch_size", "8",
            "--max_seqlen", "64", "--no_use_mwt", "--save_dir", str(out), "--save_name", "id_tokenizer.pt",
            "--cpu",
        ])
        if lemmatizer:
            lemma_main.main([
                "--mode", "train", "--dict_only", "--shorthand", "id_telaah",
                "--train_file", str(conllu), "--eval_file", str(conllu), "--output_file", str(Path(tmp) / "pred.conllu"),
                "--save_dir", str(out), "--save_name", "id_lemmatizer.pt", "--cpu",
            ])
    return out
