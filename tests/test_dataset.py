"""The bundled dataset: every fact has a source, and every quote is the source's own words."""

import csv
from pathlib import Path

import pytest

from munigraph.loaders import bundled_files, check_records
from munigraph.loaders.files import normalise_space

from conftest import SEEDS

pytestmark = pytest.mark.pure

FACTS = SEEDS.parent / "data" / "cooperation-facts.csv"
FILES, BATCH = check_records(bundled_files())
SOURCES = {s["id"]: (f, s) for f in FILES for s in f.data.get("sources", [])}
EVIDENCE = [(record["id"], e) for f in FILES for record in f.data.get("records", [])
            for e in record["evidence"]]


def test_the_dataset_covers_the_five_seed_documents():
    files = {s["file"] for _, s in SOURCES.values() if "file" in s}
    assert files == {f"sources/{p.name}" for p in sorted(Path(FILES[0].path.parent, "sources").glob("*.txt"))}
    assert len(files) == 5


@pytest.mark.parametrize("record_id, evidence", [e for e in EVIDENCE if "file" in SOURCES[e[1]["source"]][1]],
                         ids=lambda value: value if isinstance(value, str) else "")
def test_seed_quote_occurs_in_its_document(record_id, evidence):
    yaml_file, source = SOURCES[evidence["source"]]
    document = normalise_space((yaml_file.path.parent / source["file"]).read_text())
    assert normalise_space(evidence["quote"]) in document
    if SEEDS.exists():  # the bundled copy is the seed itself
        seed = SEEDS / Path(source["file"]).name
        assert (yaml_file.path.parent / source["file"]).read_bytes() == seed.read_bytes()


@pytest.mark.skipif(not FACTS.exists(), reason="../shared/data/cooperation-facts.csv is not beside the project")
def test_page_quotes_come_from_the_sourced_facts():
    quotes_by_address = {}
    with open(FACTS, encoding="utf-8") as facts:
        for row in csv.DictReader(facts):
            quotes_by_address.setdefault(row["source_address"], []).append(normalise_space(row["quote"]))
    page_evidence = [e for _, e in EVIDENCE if "url" in SOURCES[e["source"]][1]]
    assert len(page_evidence) > 50
    for evidence in page_evidence:
        url = SOURCES[evidence["source"]][1]["url"]
        assert url in quotes_by_address, url
        quote = normalise_space(evidence["quote"])
        assert any(quote in q for q in quotes_by_address[url]), (url, quote)


def test_every_source_is_a_document_or_a_page():
    for _, source in SOURCES.values():
        assert "file" in source or "url" in source, source["id"]


def test_topics_have_english_and_portuguese_names_and_sdgs():
    topics = [f.data["topics"] for f in FILES if "topics" in f.data][0]
    assert len(topics) >= 20
    for topic in topics:
        assert topic["name"] and topic["namePt"] and topic["sdg"], topic["id"]
    names = {t["id"]: (t["name"], t["namePt"]) for t in topics}
    assert names["topic:shared-procurement"][1].lower().startswith("compras")


def test_every_cooperation_has_a_party_or_a_scope():
    for f in FILES:
        for record in f.data.get("records", []):
            assert record.get("parties") or record.get("involves") or record.get("held_in"), record["id"]
