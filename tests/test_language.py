"""Languages: how the language is chosen, catalogs complete and compiled, and the command
line answering in Portuguese where asked (names from the data included)."""

import re

import pytest
from click.testing import CliRunner

from munigraph import language, queries
from munigraph.cli import cli
from munigraph.language import accepted, choose, speaking


@pytest.fixture
def no_language(monkeypatch):
    """No language asked for anywhere: the environment decides."""
    for name in ("MUNIGRAPH_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.pure
@pytest.mark.parametrize("environment, expected", [
    ({}, "en"),
    ({"LANG": "pt_BR.UTF-8"}, "pt"),
    ({"LANG": "pt_PT"}, "pt"),
    ({"LANG": "pt_MZ.UTF-8"}, "pt"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "en_GB.UTF-8", "LC_ALL": "pt_BR.UTF-8"}, "pt"),
    ({"LANG": "pt_BR.UTF-8", "MUNIGRAPH_LANG": "en"}, "en"),
    ({"MUNIGRAPH_LANG": "pt"}, "pt"),
])
def test_language_follows_munigraph_lang_then_the_locale(no_language, environment, expected):
    for name, value in environment.items():
        no_language.setenv(name, value)
    assert choose() == expected
    assert choose("en") == "en" and choose("pt") == "pt"  # --lang wins over both


@pytest.mark.pure
def test_browser_languages_by_preference():
    assert accepted("pt-BR,pt;q=0.9,en;q=0.8") == "pt"
    assert accepted("en-US,en;q=0.9,pt;q=0.8") == "en"
    assert accepted("fr,pt;q=0.5") == "pt"
    assert accepted("fr,de") is None
    assert accepted("pt;q=0,en") == "en"


@pytest.mark.pure
def test_catalogs_are_complete_current_and_compiled():
    pytest.importorskip("babel")
    from munigraph.catalogs import problems

    assert problems() == []


@pytest.mark.pure
def test_catalog_translations_keep_their_placeholders():
    """A translation names the same {placeholders} as its message, or .format() fails."""
    for message, translated in language.messages("pt").items():
        assert set(re.findall(r"{\w*}", message)) == set(re.findall(r"{\w*}", translated)), message


@pytest.mark.pure
def test_every_query_description_and_column_is_translated():
    catalog = language.messages("pt")
    with speaking("pt"):
        for query in queries.catalogue().values():
            assert query.description in catalog, query.name
            for parameter in query.parameters:
                assert parameter.help in catalog, (query.name, parameter.name)
            for column in query.returns:
                if not column.endswith("Precision"):
                    assert language.pgettext("column", column) != column or column in ("id",), column


@pytest.mark.pure
def test_queries_described_in_portuguese_from_the_locale_alone(no_language):
    no_language.setenv("LANG", "pt_BR.UTF-8")
    result = CliRunner().invoke(cli, ["queries"])
    assert result.exit_code == 0, result.output
    assert "Com quem um ator coopera" in result.output
    assert "Who an actor cooperates with" not in result.output


@pytest.mark.pure
def test_queries_in_english_as_written(no_language):
    result = CliRunner().invoke(cli, ["queries"])
    text = " ".join(result.output.split())
    for query in queries.catalogue().values():
        assert " ".join(query.description.split()) in text


def _data(graph):
    if graph.store.folder is None:
        pytest.skip("runs on the embedded store")
    return ["--data", str(graph.store.folder.path)]


def test_partners_in_portuguese_has_portuguese_topics_and_headers(graph):
    portuguese = {row["pt"]: row["en"] for row in graph.store.read(
        "MATCH (t:Topic) WHERE t.namePt IS NOT NULL RETURN t.namePt AS pt, t.name AS en")}
    answers = {}
    for lang in ("pt", "en"):
        result = CliRunner().invoke(cli, ["query", "partners", "-p", "actor=AMAL", "--format", "json",
                                          "--lang", lang, *_data(graph)])
        assert result.exit_code == 0, result.output
        answers[lang] = __import__("json").loads(result.output)
    shown = {topic for row in answers["pt"] for topic in row["topics"]}
    assert shown and shown <= set(portuguese)
    assert {t for row in answers["en"] for t in row["topics"]} == {portuguese[t] for t in shown}
    assert list(answers["pt"][0]) == list(answers["en"][0])  # keys stay English

    table = CliRunner().invoke(cli, ["query", "most-connected", "--lang", "pt", *_data(graph)])
    assert table.output.splitlines()[0].split() == ["ator", "|", "país", "|", "parceiros", "|",
                                                    "cooperações"]


def test_errors_and_load_summaries_in_portuguese(graph):
    missing = CliRunner().invoke(cli, ["query", "partners", "--lang", "pt", *_data(graph)])
    assert missing.exit_code != 0
    assert missing.output.startswith("Erro: falta o parâmetro actor para partners")
    loaded = CliRunner().invoke(cli, ["load", "--check", "--lang", "pt"])
    assert loaded.exit_code == 0, loaded.output
    assert "arquivo(s) válido(s)" in loaded.output
