"""Validation of YAML records, with no database: every problem names file, line and field."""

import pytest

from munigraph.graph.errors import InputError
from munigraph.loaders import check_records
from munigraph.loaders.records import json_schema

from conftest import DATA

pytestmark = pytest.mark.pure

MINIMAL = (DATA / "minimal.yaml").read_text()


def beside_sources(folder):
    """``folder`` with a ``sources`` link to the bundled documents, as minimal.yaml expects."""
    (folder / "sources").symlink_to(DATA / "sources")
    return folder


def problems_of(tmp_path, text, name="bad.yaml", encoding="utf-8"):
    path = beside_sources(tmp_path) / name
    path.write_bytes(text.encode(encoding))
    with pytest.raises(InputError) as caught:
        check_records([path])
    return [str(p) for p in caught.value.problems]


def test_minimal_file_is_valid():
    files, batch = check_records([DATA / "minimal.yaml"])
    labels = batch.label_counts()
    assert labels["Actor"] == 2 and labels["Agreement"] == 1 and labels["Country"] == 2
    assert sorted(r.type for r in batch.relationships) == [
        "EVIDENCED_BY", "LOCATED_IN", "LOCATED_IN", "ON_TOPIC", "TAKES_PART", "TAKES_PART"]
    agreement = next(n for n in batch.nodes if n.key == "agreement:amal-cisga-test")
    assert str(agreement.properties["signed"]) == "2023-12-01"
    assert agreement.properties["signedPrecision"] == "month" and "datePrecision" not in agreement.properties


@pytest.mark.parametrize("old, new, line, expected", [
    ("{actor: consortium:br:cisga-test, role", "{actor: consortium:br:nowhere, role", 21,
     "records[0].parties[1].actor: unknown actor id 'consortium:br:nowhere'"),
    ("    type: agreement", "    type: meeting", 14,
     "records[0].type: 'meeting' is not one of: programme, agreement, event, exchange"),
    ("signed: 2023-12", "signed: 2013-02-30", 17, "records[0].signed: '2013-02-30' is not a real date"),
    ("signed: 2023-12", "signed: 30/02/2013", 17, "records[0].signed: '30/02/2013' is not a date"),
    ("      - source: source:inovajuntos-algarve-test", "      - source: source:missing", 23,
     "records[0].evidence[0].source: unknown source id 'source:missing'"),
    ('quote: "Foi, de resto,', 'quote: "Foi, sem dúvida,', 24,
     "records[0].evidence[0].quote: quote does not occur in sources/000_1e35829dcfeae21b.txt"),
    ("country: BR}", "country: XX}", 11, "actors[1].country: 'XX' is not an ISO 3166-1 alpha-2 country code"),
    ("country: BR}", "country: Brasil}", 11, "actors[1].country: 'Brasil' is not an ISO 3166-1 alpha-2 country code"),
    ("    status: signed", "    state: signed", 16, "records[0]: unknown field 'state'; allowed: "),
    ("  - {id: consortium:br:cisga-test, type: consortium",
     "  - {id: consortium:pt:amal-test, type: consortium, name: AMAL}\n"
     "  - {id: consortium:br:cisga-test, type: consortium", 11,
     "actors[1].id: duplicate id 'consortium:pt:amal-test' (first declared at"),
    ("  - {id: consortium:br:cisga-test, type: consortium",
     "  - {id: consortium:br:cisga-test, type: association", 11,
     "actors[1].id: id 'consortium:br:cisga-test' must start with 'association:'"),
    ("    name: Termo de", "    name: [Termo de", 16,
     "YAML syntax: while parsing a flow sequence (line 15): "),
])
def test_each_problem_names_file_line_and_field(tmp_path, old, new, line, expected):
    assert old in MINIMAL
    problems = problems_of(tmp_path, MINIMAL.replace(old, new, 1))
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{tmp_path}/bad.yaml:{line}: "), problems[0]
    assert expected in problems[0]


def test_missing_evidence_is_refused(tmp_path):
    text = MINIMAL[: MINIMAL.index("    evidence:")]
    problems = problems_of(tmp_path, text)
    assert problems == [f"{tmp_path}/bad.yaml:13: records[0]: missing required field 'evidence'; add it (docs/records.md lists the fields)"]


def test_every_problem_is_reported_at_once(tmp_path):
    text = MINIMAL.replace("2023-12", "2013-02-30").replace("country: BR}", "country: XX}")
    assert len(problems_of(tmp_path, text)) == 2


def test_latin1_file(tmp_path):
    problems = problems_of(tmp_path, MINIMAL.replace("–", "-"), encoding="latin-1")
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path}/bad.yaml:8: not UTF-8")


@pytest.mark.parametrize("text, name", [("", "bad.yaml"), ("# only a comment\n", "bad.yaml"),
                                        ("  \n", "bad.json")])
def test_empty_file(tmp_path, text, name):
    assert "the file is empty" in problems_of(tmp_path, text, name)[0]


def test_duplicate_id_across_files(tmp_path):
    copy = beside_sources(tmp_path) / "copy.yaml"
    copy.write_text(MINIMAL)
    with pytest.raises(InputError) as caught:
        check_records([DATA / "minimal.yaml", copy])
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 5  # a source, a topic, two actors and a record, each twice
    assert all("duplicate id" in m and "minimal.yaml:" in m for m in messages)


def test_json_schema_is_valid_draft_2020_12():
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("old, new, expected", [
    ("file: sources/000_1e35829dcfeae21b.txt", "file: /etc/hostname",
     "sources[0].file: source file '/etc/hostname' is outside the folder of bad.yaml"),
    ("file: sources/000_1e35829dcfeae21b.txt", "file: ../outside.txt",
     "sources[0].file: source file '../outside.txt' is outside the folder of bad.yaml"),
    ("file: sources/000_1e35829dcfeae21b.txt", "file: sources",
     "sources[0].file: cannot read source file 'sources'"),
    ("country: BR}", "country: BR, lat: .nan}", "actors[1].lat: nan is not a number"),
    ("signed: 2023-12", "start: 2013-05\n    end: 2012", "records[0].end: end 2012 is before start 2013-05"),
    ("topics:\n", "topics: &t\n", "anchors and aliases (&, *) are not supported"),
    ("sdg: [12, 16]}", "sdg: [12, 16], parent: topic:shared-procurement-test}",
     "topics[0].parent: the parents of 'topic:shared-procurement-test' form a cycle"),
    ("country: BR}", "country: BR, part_of: consortium:pt:amal-test}",
     "actors[1].part_of: 'consortium:pt:amal-test' is not a region"),
])
def test_more_problems(tmp_path, old, new, expected):
    assert old in MINIMAL
    text = MINIMAL.replace(old, new, 1)
    if "&t" in new:
        text += "other: *t\n"
    problems = problems_of(tmp_path, text)
    assert any(expected in p for p in problems), problems


def test_end_in_the_same_year_as_a_month_start_is_fine(tmp_path):
    text = MINIMAL.replace("signed: 2023-12", "start: 2013-05\n    end: 2013")
    path = beside_sources(tmp_path) / "ok.yaml"
    path.write_text(text)
    check_records([path])


def test_norway_stays_a_country_code(tmp_path):
    path = beside_sources(tmp_path) / "no.yaml"
    path.write_text(MINIMAL.replace("country: BR}", "country: NO}"))
    _, batch = check_records([path])
    assert any(n.key == "NO" and n.properties["name"] == "Norway" for n in batch.nodes)


def as_json(text: str) -> str:
    """``text`` (YAML) as indented JSON, one value per line."""
    import json

    import yaml

    from munigraph.loaders.records_file import _Loader

    return json.dumps(yaml.load(text, Loader=_Loader), ensure_ascii=False, indent=1)


def test_a_json_records_file_reads_like_its_yaml(tmp_path):
    path = beside_sources(tmp_path) / "minimal.json"
    path.write_text(as_json(MINIMAL), encoding="utf-8")
    _, from_json = check_records([path])
    _, from_yaml = check_records([DATA / "minimal.yaml"])
    assert from_json == from_yaml


def test_json_problems_name_their_line(tmp_path):
    text = as_json(MINIMAL)
    bad = text.replace('"actor": "consortium:br:cisga-test"', '"actor": "consortium:br:nowhere"', 1)
    line = bad.splitlines().index(next(l for l in bad.splitlines() if "consortium:br:nowhere" in l)) + 1
    assert problems_of(tmp_path, bad, "bad.json") == [
        f"{tmp_path}/bad.json:{line}: records[0].parties[1].actor: unknown actor id "
        "'consortium:br:nowhere': declare it under 'actors' or load the file that does"]


def test_json_syntax_and_repeated_keys(tmp_path):
    assert problems_of(tmp_path, '{"records": [\n  {"id": 1,}\n]}', "bad.json") == [
        f"{tmp_path}/bad.json:2: JSON syntax: Expecting property name enclosed in double quotes (column 12)"]
    repeated = as_json(MINIMAL).replace('"name": "AMAL', '"name": "AMAL", "name": "AMAL', 1)
    line = next(i for i, l in enumerate(repeated.splitlines(), 1) if l.count('"name"') == 2)
    path = tmp_path / "repeated.json"
    path.write_text(repeated, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        check_records([path])
    assert str(caught.value.problems[0]) == (f"{path}:{line}: actors[0].name: appears twice in the "
                                             "same mapping")
