"""Issue: with the development set's gold codes imported as confirmed decisions (one study at a time), the
verdicts equal the set's elements.json. Runs the real ingestion (no pseudonymisation: the gold is raw text)."""

import json

import pytest

from pipeline import api
from pipeline.align import align_gold
from pipeline.gold import gold_decisions, read_gold
from pipeline.store import decisions as store_decisions
from pipeline.store import transcripts as store_transcripts

VERDICT = {True: "terpenuhi", False: "tidak terpenuhi", None: "belum cukup bukti"}


@pytest.fixture(scope="module")
def devset_db(devset_dir, tmp_path_factory):
    from pipeline.flow import store_processed
    from pipeline.process import process_file
    from pipeline.store import open_db

    db = open_db(tmp_path_factory.mktemp("devset") / "devset.db")
    for path in sorted((devset_dir / "transcripts").iterdir()):
        store_processed(db, process_file(path, lexicon=None, model=None, key=None))
    return db


@pytest.mark.slow
@pytest.mark.parametrize("study", ["A", "B"])
def test_devset_verdicts_equal_elements_json(devset_db, devset_dir, study):
    gold = [r for r in read_gold(devset_dir / "gold.jsonl") if r["study"] == study]
    files = sorted({r["file"].rsplit("/", 1)[-1] for r in gold})
    passages = [p for f in files for p in store_transcripts.passages(devset_db, transcript=f)]
    mapping = align_gold(gold, passages)
    assert len(mapping) == len(gold), "every gold passage must align with a stored passage"
    store_decisions.record_decisions(devset_db, gold_decisions(gold, mapping, coder=f"gold-{study}"))
    scores, summary = api.score_elements(db=devset_db, transcripts=files)
    expected = json.loads((devset_dir / "elements.json").read_text(encoding="utf-8"))[study]
    got = {s.code: s.verdict for s in scores}
    assert got == {code: VERDICT[v["fulfilled"]] for code, v in expected.items()}
    fulfilled = sum(v["fulfilled"] is True for v in expected.values())
    assert summary == f"{fulfilled} dari 13 unsur dan sub-unsur terpenuhi"
