"""The polarity rules file: validation with file:line errors, optional lists."""

import pytest

from pipeline.errors import InvalidLexicon
from pipeline.polarity_rules import DEFAULT_POLARITY, load_rules


def test_polarity_rules_file_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "polarity.yaml"
    bad.write_text("negators: []\ncontrast: [tapi]\nproblems_stems: [kendala]\n", encoding="utf-8")
    with pytest.raises(InvalidLexicon, match=r"polarity\.yaml:1: .*'negators'"):
        load_rules(bad)


def test_polarity_rules_file_with_only_the_core_lists(tmp_path):
    small = tmp_path / "polarity.yaml"
    small.write_text("negators: [tidak]\ncontrast: [tapi]\nproblems_stems: [kendala]\n", encoding="utf-8")
    rules = load_rules(small)
    assert rules.norm_index["tidak"][0][1] == "negators"


def test_polarity_rules_shipped_file_compiles():
    rules = load_rules(DEFAULT_POLARITY)
    assert rules.path == DEFAULT_POLARITY and "tidak" in rules.norm_index and rules.stem_index
