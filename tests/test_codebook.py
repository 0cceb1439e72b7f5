"""Codebook loading and validation (errors name the file and the line)."""

import textwrap

import pytest

from pipeline.codebook import codebook_lexicon_path, load_codebook, read_yaml
from pipeline.errors import InvalidCodebook

DESIGN_IDS = (
    "networked_structure", "commitment", "trust", "governance", "governance.boundary_exclusivity",
    "governance.rules", "governance.self_determination", "governance.network_management", "access_to_authority",
    "leadership", "distributive_accountability", "information_sharing", "access_to_resources",
)


def _write(tmp_path, body: str):
    path = tmp_path / "kerangka.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_codebook_shipped_has_the_13_design_codes(codebook):
    assert codebook.ids == DESIGN_IDS
    assert [e.id for e in codebook.children("governance")] == list(DESIGN_IDS[4:8])
    trust = codebook.get("trust")
    assert trust.label_id == "Saling percaya antarpartisipan" and trust.label_en.startswith("Trust")
    assert all(e.definition and e.include and e.exclude for e in codebook.elements)


def test_codebook_another_framework_loads_without_code_change(tmp_path):
    path = _write(tmp_path, """\
        name: ansell_gash
        codes:
          - id: dialogue
            label_id: Dialog tatap muka
            label_en: Face-to-face dialogue
          - id: trust_building
            label_id: Membangun kepercayaan
            label_en: Trust building
            parent: dialogue
        """)
    book = load_codebook(path)
    assert book.name == "ansell_gash" and book.ids == ("dialogue", "trust_building")
    assert book.get("trust_building").parent == "dialogue"
    assert len(book.version) == 12


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("""\
            codes:
              - id: a
                label_id: A
                label_en: A
              - id: b
                label_id: B
                label_en: B
                parent: zzz
            """, r"kerangka\.yaml:8: .*unknown parent 'zzz'"),
        ("""\
            codes:
              - id: a
                label_id: A
                label_en: A
              - id: a
                label_id: A2
                label_en: A2
            """, r"kerangka\.yaml:5: .*duplicate id 'a' \(.*first at line 2\)"),
        ("codes: []\n", r"kerangka\.yaml:1: .*empty or missing 'codes'"),
        ("""\
            codes:
              - id: a
                label_en: A
            """, r"kerangka\.yaml:2: .*without 'label_id'"),
        ("""\
            codes:
              - id: a
                label_id: A
                label_en: A
                colour: red
            """, r"kerangka\.yaml:5: .*unknown field 'colour'"),
        ("codes:\n  - id: [a\n", r"kerangka\.yaml:\d+: .*invalid YAML"),
        ("""\
            codes:
              - id: a
                label_id: A
                label_id: B
                label_en: A
            """, r"kerangka\.yaml:4: .*duplicate key 'label_id'"),
    ],
)
def test_codebook_validation_errors_name_file_and_line(tmp_path, body, message):
    with pytest.raises(InvalidCodebook, match=message):
        load_codebook(_write(tmp_path, body))


def test_codebook_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(InvalidCodebook, match="file not found"):
        load_codebook(tmp_path / "tidak-ada.yaml")


def test_codebook_names_its_lexicon(tmp_path):
    path = _write(tmp_path, "lexicon: lain.lexicon.yaml\ncodes:\n  - {id: a, label_id: A, label_en: A}\n")
    assert codebook_lexicon_path(path) == (tmp_path / "lain.lexicon.yaml").resolve()
    assert codebook_lexicon_path().name == "deseve.lexicon.yaml"


def test_codebook_read_yaml_keeps_lines(tmp_path):
    node = read_yaml(_write(tmp_path, "a: 1\nb:\n  - x\n  - y\n"))
    assert node.value["b"].line == 3 and node.value["b"].value[1].line == 4
    assert node.plain() == {"a": 1, "b": ["x", "y"]}
