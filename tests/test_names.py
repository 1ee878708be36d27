"""One name-resolution rule for every command (``munigraph.queries.names``), on the embedded
store: ids, former ids, external ids and names, no silent union, and ``find``'s ranking."""

import pytest
from click.testing import CliRunner

import munigraph
from munigraph import queries
from munigraph.cli import cli
from munigraph.graph import embedded
from munigraph.graph.model import lookup
from munigraph.queries.names import actor_id

ACTORS = [  # as the loaders write them: Rome has GeoNames' names in other languages
    {"labels": "Municipality", "id": "municipality:it:rome", "name": "Rome", "country": "IT",
     "placeNames": ["Roma", "Rom", "Rzym"], "ids": ["municipality:it:roma"], "wikidataId": "Q220"},
    {"labels": "Municipality", "id": "municipality:fr:romagne", "name": "Romagné", "country": "FR"},
    {"labels": "Municipality", "id": "municipality:br:santarem", "name": "Santarém", "country": "BR"},
    {"labels": "Municipality", "id": "municipality:pt:santarem", "name": "Santarém", "country": "PT"},
    {"labels": "Association", "id": "association:fnp", "name": "Frente Nacional de Prefeitos",
     "country": "BR", "aliases": ["FNP"]},
]


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    """A store holding the actors of ``ACTORS`` only."""
    folder = tmp_path_factory.mktemp("names")
    graph = munigraph.open(data=folder)
    for actor in ACTORS:
        properties = {k: v for k, v in actor.items() if k != "labels"}
        graph.cypher(f"CREATE (a:Actor:{actor['labels']}) SET a = $properties",
                     properties={**properties, "lookup": lookup(properties)}, write=True)
    yield graph
    graph.close()
    embedded.stop_server(embedded.DataFolder(folder))


@pytest.mark.parametrize("name, expected", [
    ("municipality:it:rome", "municipality:it:rome"), ("municipality:it:roma", "municipality:it:rome"),
    ("Q220", "municipality:it:rome"), ("Rome", "municipality:it:rome"), ("roma", "municipality:it:rome"),
    ("Romagne", "municipality:fr:romagne"), ("Frente Nacional de Prefeitos (FNP)", "association:fnp"),
    ("fnp", "association:fnp"), ("municipality:pt:santarem", "municipality:pt:santarem"),
    ("Atlantis", None),
])
def test_an_id_a_former_id_an_external_id_or_a_name_finds_one_actor(places, name, expected):
    assert actor_id(places.store, name) == expected


def test_a_shared_name_is_refused_by_queries_and_exports_alike(places, tmp_path):
    message = ("'Santarem' names 2 actors: municipality:br:santarem (Santarém, BR), "
               "municipality:pt:santarem (Santarém, PT); give the id of the one you mean, "
               "e.g. actor=municipality:br:santarem")
    with pytest.raises(munigraph.QueryError) as refused:
        places.query("partners", actor="Santarem")
    assert str(refused.value) == message
    with pytest.raises(munigraph.QueryError) as refused:
        places.export("html", tmp_path / "x.html", actor="Santarem")
    assert str(refused.value) == message
    folder = str(places.store.folder.path)
    for args in (["query", "partners", "-p", "actor=Santarem"],
                 ["export", "html", str(tmp_path / "x.html"), "--actor", "Santarem"]):
        result = CliRunner().invoke(cli, [*args, "--data", folder])
        assert (result.exit_code, result.output) == (1, f"Error: {message}\n")
    assert not (tmp_path / "x.html").exists()


def test_find_lists_exact_names_then_beginnings_then_later_words_and_never_inside_a_word(places):
    def found(text):
        return [r["id"] for r in queries.run(places.store, "find", text=text)[0]]

    assert found("Roma") == ["municipality:it:rome", "municipality:fr:romagne"]
    assert found("romag") == ["municipality:fr:romagne"]
    assert found("nacional de pref") == found("PREFEITOS") == ["association:fnp"]  # later words
    assert found("om") == found("agne") == found("nacional prefeitos") == []  # not where a word begins
    assert sorted(found("Sa")) == ["municipality:br:santarem", "municipality:pt:santarem"]  # two letters: all read