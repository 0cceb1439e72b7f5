import re

import pytest

from pipeline import i18n


def test_i18n_every_message_has_both_languages():
    for key, (indonesian, english) in i18n.MESSAGES.items():
        assert indonesian and english, key
        assert set(re.findall(r"{\w+}", indonesian)) == set(re.findall(r"{\w+}", english)), key
    assert i18n.t("bulk.yes", "en", n=3) == "Yes, accept 3"
    assert i18n.code_label(i18n.codebook(), "trust", "en") == "Trust among the participants"
    assert i18n.code_label(i18n.codebook(), "unknown") == "unknown"


def test_i18n_unknown_key_and_fallback_language():
    assert i18n.t("nav.queue", "fr") == "Antrean"
    with pytest.raises(KeyError, match="nope"):
        i18n.t("nope")


def test_i18n_codebook_fallback_without_codebook_module(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_codebook(name, *args, **kwargs):
        if name == "pipeline.codebook":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_codebook)
    book = i18n.codebook()
    assert len(book.ids) == 13 and book.get("governance.rules").parent == "governance"
