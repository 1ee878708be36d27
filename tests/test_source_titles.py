"""Source titles: `title` in the document's own language, `titleEn` an English translation,
`titleDescriptive: true` when the title describes the document rather than being its own
(docs/graph-model.md, docs/records.md)."""

import pytest

from munigraph.graph.errors import InputError
from munigraph.loaders import check_records

SOURCES = "MATCH (s:Source) RETURN s.id AS id, s.title AS title, s.titleEn AS titleEn, " \
          "s.titleDescriptive AS descriptive, s.language AS language, s.url AS url ORDER BY id"


def test_bundled_sources_carry_original_and_english_titles(graph):
    sources = {row["id"]: row for row in graph.cypher(SOURCES)}
    fnp = sources["source:fnp-solidariedade-mocambique"]
    assert (fnp["title"], fnp["titleEn"], fnp["descriptive"]) == (
        "FNP – Prefeitos manifestam solidariedade à Moçambique",
        "FNP – mayors express solidarity with Mozambique", None)
    socorro = sources["source:socorro-inovajuntos"]
    assert socorro["descriptive"] is True and socorro["title"].startswith("Prefeitura de Socorro – Cidade de Socorro")
    assert sources["source:declaration-de-belo-horizonte-2007"]["title"] == "Déclaration de Belo Horizonte"
    # the seed documents keep their own titles, and a page's own headline is not marked
    assert sources["source:inovajuntos-algarve"]["title"] == "Representantes do InovaJuntos têm estado em Portugal"
    assert sources["source:campeao-coimbra-inovajuntos"]["descriptive"] is None
    pages = [s for s in sources.values() if s["url"] and s["language"] != "en"]
    # every page but the one whose title was already its Portuguese headline has an English title
    assert len(pages) > 40 and [s["id"] for s in pages if not s["titleEn"]] == ["source:campeao-coimbra-inovajuntos"]
    assert 10 < sum(s["descriptive"] is True for s in pages) < len(pages)


def test_a_title_in_another_language_is_not_its_english_translation(graph):
    for source in graph.cypher(SOURCES):
        if source["language"] != "en" and source["titleEn"]:
            assert source["title"] != source["titleEn"], source["id"]


RECORDS = """\
sources:
  - id: source:titles-test
    title: Prefeitos manifestam solidariedade à Moçambique
    titleEn: Mayors express solidarity with Mozambique
    titleDescriptive: {descriptive}
    url: "https://example.org/titles-test"
    language: pt
records:
  - id: agreement:titles-test
    type: agreement
    name: Cooperação de teste
    evidence:
      - {{source: source:titles-test, quote: "A FNP, que é parceira da ANAMM"}}
"""


def test_a_records_file_with_title_fields_loads_and_round_trips(graph, tmp_path):
    path = tmp_path / "titles.yaml"
    path.write_text(RECORDS.format(descriptive="true"), encoding="utf-8")
    try:
        graph.load([path])
        [row] = graph.cypher("MATCH (s:Source {id: 'source:titles-test'}) RETURN properties(s) AS p")
        assert row["p"] == {"id": "source:titles-test", "title": "Prefeitos manifestam solidariedade à Moçambique",
                            "titleEn": "Mayors express solidarity with Mozambique", "titleDescriptive": True,
                            "url": "https://example.org/titles-test", "language": "pt",
                            "cooperationCount": 1}  # kept by the load (docs/graph-model.md, "Summaries")
    finally:
        graph.unload([path])
    assert not graph.cypher("MATCH (s:Source {id: 'source:titles-test'}) RETURN s.id AS id")


@pytest.mark.pure
@pytest.mark.parametrize("value", ['"yes"', "yes", "1"])
def test_a_titleDescriptive_that_is_not_a_boolean_is_refused(tmp_path, value):
    path = tmp_path / "titles.yaml"
    path.write_text(RECORDS.format(descriptive=value), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        check_records([path])
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field, problem.code) == (
        str(path), 5, "sources[0].titleDescriptive", "bad-type")
    assert str(problem).startswith(f"{path}:5: sources[0].titleDescriptive: ")
    assert "boolean" in problem.message


def test_sources_query_finds_a_page_by_its_english_title_and_says_which_titles_describe(graph):
    rows = graph.query("sources", text="solidarity with Mozambique")
    assert [(r["source"], r["source_en"], r["descriptive_title"]) for r in rows] == [(
        "FNP – Prefeitos manifestam solidariedade à Moçambique",
        "FNP – mayors express solidarity with Mozambique", False)]
    described = graph.query("sources", text="Socorro")
    assert described and all(r["descriptive_title"] for r in described)
