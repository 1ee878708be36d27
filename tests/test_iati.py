"""The IATI activity loader: the hand-written 2.03 file (tests/data/iati-activity.xml) maps
to the right programmes, roles, actors, countries, topics, dates, narratives and evidence;
each bad input is one problem at its line; the codelists come from the installed package;
and, through the embedded store, loading the file twice changes nothing."""

import datetime
import doctest
import json
import socket
import xml.etree.ElementTree as ET
from importlib import resources

import pytest
from conftest import DATA

pytestmark = pytest.mark.pure  # the IATI loader needs no database (see test_inputs for a load)
from munigraph.graph.model import GraphBatch
from munigraph.loaders.merge import combine_duplicates
from munigraph.loaders import iati, iati_codes
from munigraph.loaders.resolve import Actor, Resolver

FILE = DATA / "iati-activity.xml"
TEXT = FILE.read_text(encoding="utf-8")
WASTE = "programme:iati:br-cnpj-12345678000190-coop-2023-01"
MOBILITY = "programme:iati:br-cnpj-12345678000190-coop-2021-03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The order of an iati-activity's children in iati-activities-schema.xsd 2.03, and those
# it requires.
SEQUENCE = ["iati-identifier", "reporting-org", "title", "description", "participating-org",
            "other-identifier", "activity-status", "activity-date", "contact-info",
            "activity-scope", "recipient-country", "recipient-region", "location", "sector", "tag",
            "country-budget-items", "humanitarian-scope", "policy-marker", "collaboration-type",
            "default-flow-type", "default-finance-type", "default-aid-type", "default-tied-status",
            "budget", "planned-disbursement", "capital-spend", "transaction", "document-link",
            "related-activity", "legacy-data", "conditions", "result", "crs-add", "fss"]
REQUIRED = {"iati-identifier", "reporting-org", "title", "description", "participating-org",
            "activity-status", "activity-date"}


@pytest.fixture(scope="module")
def loaded():
    return iati.read(FILE, Resolver())


def nodes(loaded, label):
    """The nodes of ``label`` the file states, each as its statements combine (as a load
    combines them: the first one's values, with what later ones add)."""
    return {n.key: n for n in combine_duplicates(GraphBatch(loaded.batch.nodes)).nodes
            if label in n.labels and set(n.properties) != {"id", "ids"}}


def rels(loaded, rel_type):
    return [r for r in loaded.batch.relationships if r.type == rel_type]


def test_the_test_file_follows_the_2_03_schema():
    root = ET.parse(FILE).getroot()
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    for activity in root.findall("iati-activity"):
        tags = [child.tag for child in activity]
        assert REQUIRED <= set(tags)
        assert [SEQUENCE.index(t) for t in tags] == sorted(SEQUENCE.index(t) for t in tags)
        assert activity.find("reporting-org").get("ref") and activity.find("reporting-org").get("type")
        assert all(o.get("role") for o in activity.findall("participating-org"))
        assert all(d.get("type") and d.get("iso-date") for d in activity.findall("activity-date"))
        assert all(s.get("code") for s in activity.findall("sector") + activity.findall("recipient-country"))


def test_each_activity_is_a_programme_with_its_dates_and_status(loaded):
    assert loaded.rows == 2 and loaded.problems == []
    assert loaded.outcomes == {"programmes": 2}
    programmes = nodes(loaded, "Programme")
    assert set(programmes) == {WASTE, MOBILITY}
    assert programmes[WASTE].labels == ("Cooperation", "Programme")
    waste, mobility = programmes[WASTE].properties, programmes[MOBILITY].properties
    assert waste["iatiIdentifier"] == "BR-CNPJ-12345678000190-COOP-2023-01"
    # actual start (type 2) wins over the planned one; no actual end, so the planned end
    assert (waste["start"], waste["end"]) == (datetime.date(2023, 3, 15), datetime.date(2025, 12, 31))
    assert (mobility["start"], mobility["end"]) == (datetime.date(2021, 4, 12), datetime.date(2022, 2, 28))
    assert (waste["status"], mobility["status"]) == ("implementation", "completion")
    assert mobility["regions"] == ["South America, regional"] and "regions" not in waste


def test_narratives_keep_their_language(loaded):
    waste = nodes(loaded, "Programme")[WASTE].properties
    # the activity is in Portuguese (xml:lang="pt"): its untagged narratives are the name
    assert waste["name"] == "Cooperação Belo Horizonte–Lyon para a gestão integrada de resíduos sólidos"
    assert waste["aliases"] == ["Belo Horizonte–Lyon cooperation on integrated solid waste management"]
    assert waste["description"].startswith("Intercâmbio técnico entre as equipes")
    # no activity language: the first narrative (English) is the name, French an alias
    mobility = nodes(loaded, "Programme")[MOBILITY].properties
    assert mobility["name"] == "Technical exchange on metropolitan mobility planning"
    assert mobility["aliases"] == ["Échange technique sur la planification de la mobilité métropolitaine"]
    sources = nodes(loaded, "Source")
    assert [s.properties["language"] for s in sources.values()] == ["pt", "en"]
    # an organisation's names in other languages become aliases
    commission = nodes(loaded, "Actor")["organization:comissao-europeia"].properties
    assert (commission["name"], commission["aliases"]) == ("Comissão Europeia", ["European Commission"])


def test_roles_and_actor_types(loaded):
    actors = nodes(loaded, "Actor")
    parties = {(r.end[1], r.start[1], r.properties["role"]) for r in rels(loaded, "TAKES_PART")}
    assert parties == {
        (WASTE, "organization:comissao-europeia", "funder"),          # role 1, type 40
        (WASTE, "municipality:br:belo-horizonte", "coordinator"),     # role 2, type 11
        (WASTE, "municipality:fr:lyon", "partner"),                   # role 4, type 11
        (WASTE, "organization:br:universidade-federal-de-minas-gerais", "partner"),  # type 80
        (MOBILITY, "organization:fr:agence-francaise-de-developpement", "coordinator"),  # role 3
        (MOBILITY, "municipality:br:belo-horizonte", "coordinator"),
        (MOBILITY, "region:fr:region-auvergne-rhone-alpes", "partner"),  # type 11, a région
    }
    assert actors["municipality:br:belo-horizonte"].labels == ("Actor", "Municipality")
    assert actors["municipality:br:belo-horizonte"].properties["iatiRef"] == "BR-CNPJ-12345678000190"
    assert actors["region:fr:region-auvergne-rhone-alpes"].labels == ("Actor", "Region")
    kinds = {key: n.properties.get("kind") for key, n in actors.items() if "Organization" in n.labels}
    assert kinds == {"organization:comissao-europeia": "international",
                     "organization:br:universidade-federal-de-minas-gerais": "university",
                     "organization:fr:agence-francaise-de-developpement": "agency"}


def test_countries_come_from_recipient_countries_and_org_refs(loaded):
    assert {(r.start[1], r.end[1]) for r in rels(loaded, "INVOLVES")} == {(WASTE, "BR"), (MOBILITY, "BR")}
    located = {r.start[1]: r.end[1] for r in rels(loaded, "LOCATED_IN")}
    assert located == {"municipality:br:belo-horizonte": "BR", "municipality:fr:lyon": "FR",
                       "organization:br:universidade-federal-de-minas-gerais": "BR",
                       "organization:fr:agence-francaise-de-developpement": "FR",
                       "region:fr:region-auvergne-rhone-alpes": "FR"}
    assert "country" not in nodes(loaded, "Actor")["organization:comissao-europeia"].properties  # XI-IATI-…
    assert set(nodes(loaded, "Country")) == {"BR", "FR"}


def test_sectors_become_dac_sdg_and_own_topics(loaded):
    topics = {k: n.properties for k, n in nodes(loaded, "Topic").items()}
    on_topic = {(r.start[1], r.end[1]) for r in rels(loaded, "ON_TOPIC")}
    assert on_topic == {(WASTE, "topic:dac-14050"), (WASTE, "topic:dac-15185"),
                        (WASTE, "topic:sdg-11"), (WASTE, "topic:sdg-12"),
                        (MOBILITY, "topic:dac-210"),
                        (MOBILITY, "topic:iati-br-cnpj-12345678000190-99-mob-01")}
    assert topics["topic:dac-15185"] == {"id": "topic:dac-15185", "name": "Local government administration",
                                         "parent": "topic:dac-151"}
    assert topics["topic:dac-151"]["name"] == "Government and civil society, general"
    assert topics["topic:dac-14050"]["parent"] == "topic:dac-140" and "topic:dac-140" in topics
    assert topics["topic:sdg-11"]["sdg"] == [11]
    assert topics["topic:sdg-11"]["name"].startswith("Goal 11. Make cities")
    assert topics["topic:dac-210"]["name"] == "Transport and storage"
    assert topics["topic:iati-br-cnpj-12345678000190-99-mob-01"]["name"] == "Urban mobility"


def test_the_evidence_quotes_the_title_in_the_file(loaded):
    root = ET.parse(FILE).getroot()
    titles = {}
    for activity in root.findall("iati-activity"):
        narratives = activity.findall("title/narrative")
        default = activity.get(XML_LANG)
        chosen = next((n for n in narratives if n.get(XML_LANG, default) == default), narratives[0])
        titles[activity.findtext("iati-identifier")] = chosen.text
    evidence = {r.start[1]: r for r in rels(loaded, "EVIDENCED_BY")}
    sources = nodes(loaded, "Source")
    for identifier, title in titles.items():
        rel = evidence[f"programme:iati:{identifier.lower()}"]
        assert rel.properties["quote"] == title
        source = sources[rel.end[1]].properties
        assert source["title"] == f"IATI activity {identifier}"
        assert (source["file"], source["publisher"]) == ("iati-activity.xml", "Prefeitura de Belo Horizonte")


def test_every_relationship_an_activity_states_carries_its_source(loaded):
    evidence = {r.start[1]: r.end[1] for r in rels(loaded, "EVIDENCED_BY")}
    for rel in loaded.batch.relationships:
        if rel.type != "LOCATED_IN":  # an actor's country, from its ref, not a sourced claim
            cooperation = rel.end[1] if rel.type == "TAKES_PART" else rel.start[1]
            assert rel.properties["sources"] == [evidence[cooperation]], rel


def test_parties_resolve_to_known_actors_by_any_of_their_names():
    resolver = Resolver([Actor("organization:european-commission", "European Commission", "organization"),
                         Actor("municipality:br:belo-horizonte", "Belo Horizonte", "municipality", "BR")])
    loaded = iati.read(FILE, resolver)
    funders = [r.start[1] for r in rels(loaded, "TAKES_PART") if r.properties["role"] == "funder"]
    assert funders == ["organization:european-commission"]
    actors = nodes(loaded, "Actor")  # known actors are not made again; they learn the file's names and kind
    assert set(actors["organization:european-commission"].properties) == {"id", "ids", "aliases", "kind"}
    assert "Comissão Europeia" in actors["organization:european-commission"].properties["aliases"]
    assert "municipality:br:belo-horizonte" not in actors or set(
        actors["municipality:br:belo-horizonte"].properties) <= {"id", "aliases", "ids"}
    assert "organization:comissao-europeia" not in actors


def test_an_ambiguous_party_is_a_problem_and_its_activity_is_left_out():
    resolver = Resolver([Actor("municipality:fr:lyon", "Lyon", "municipality", "FR"),
                         Actor("municipality:fr:lyon-metropole", "Lyon", "municipality", "FR")])
    loaded = iati.read(FILE, resolver)
    [problem] = loaded.problems
    assert problem.line == line_of(TEXT, 'ref="FR-INSEE-00000000000001"')
    assert problem.message == ("'Ville de Lyon' is ambiguous (municipality:fr:lyon or "
                               "municipality:fr:lyon-metropole); activity "
                               "BR-CNPJ-12345678000190-COOP-2023-01 is not loaded")
    assert set(nodes(loaded, "Programme")) == {MOBILITY}
    assert loaded.outcomes["skipped"] == 1


def line_of(text, fragment):
    return text[:text.index(fragment)].count("\n") + 1


BAD = [  # (what is changed in the good file, into what, where the problem is, what it says)
    # An activity that cannot be loaded is a problem; a value left out of one that loads, a warning.
    ("<title>", "<titel>", "</title>", "not well-formed XML: mismatched tag", "problem"),
    ('version="2.03"', 'version="1.05"', "<iati-activities", "version '1.05' is not read", "problem"),
    ("<iati-identifier>BR-CNPJ-12345678000190-COOP-2023-01</iati-identifier>", "",
     '<iati-activity xml:lang="pt"', "the activity has no iati-identifier", "problem"),
    ("<title>\n      <narrative>Cooperação Belo Horizonte–Lyon para a gestão integrada de resíduos "
     "sólidos</narrative>\n      <narrative xml:lang=\"en\">Belo Horizonte–Lyon cooperation on "
     "integrated solid waste management</narrative>\n    </title>", "<title/>",
     '<iati-activity xml:lang="pt"', "activity BR-CNPJ-12345678000190-COOP-2023-01 has no title narrative",
     "problem"),
    ('type="11" role="4"', 'type="11" role="7"', 'role="7"', "'7' is not an IATI organisation role", "warning"),
    ('type="80"', 'type="81"', 'type="81"', "'81' is not an IATI organisation type", "warning"),
    ('code="BR" percentage="100"', 'code="XX" percentage="100"', 'code="XX"',
     "'XX' is not in the IATI Country codelist", "warning"),
    ('iso-date="2023-03-15"', 'iso-date="2023-15-03"', "2023-15-03", "'2023-15-03' is not a date", "warning"),
    ('type="2" iso-date="2023-03-15"', 'type="5" iso-date="2023-03-15"', 'type="5"',
     "'5' is not an IATI activity date type", "warning"),
    ('code="14050"', 'code="14059"', 'code="14059"', "'14059' is not in the IATI Sector codelist", "warning"),
    ('<activity-status code="2"/>', '<activity-status code="9"/>', 'code="9"',
     "'9' is not an IATI activity status", "warning"),
]


@pytest.mark.parametrize("old, new, place, message, kind", BAD, ids=[b[3][:40] for b in BAD])
def test_a_bad_input_is_one_problem_or_warning_at_its_line(tmp_path, old, new, place, message, kind):
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    path = tmp_path / "bad.xml"
    path.write_text(text, encoding="utf-8")
    loaded = iati.read(path, Resolver())
    found = {"problem": loaded.problems, "warning": loaded.warnings}
    assert len(found[kind]) == 1 and not found["warning" if kind == "problem" else "problem"]
    problem = found[kind][0]
    assert (problem.file, problem.line) == (str(path), line_of(text, place))
    assert message in problem.message


def test_codelists_ship_with_the_package_and_need_no_network(monkeypatch):
    shipped = resources.files("munigraph.loaders").joinpath("iati-codelists.json")
    data = json.loads(shipped.read_text(encoding="utf-8"))
    assert {"Sector", "SectorCategory", "UNSDG-Goals"} <= set(data)
    assert all("IATI" in data[name]["about"] for name in ("Sector", "SectorCategory", "UNSDG-Goals"))

    def no_network(*args, **kwargs):
        raise AssertionError("the IATI loader tried to use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    iati_codes.codelists.cache_clear()
    assert iati.read(FILE, Resolver()).problems == []
    assert iati_codes.codelists()["Sector"]["14050"] == data["Sector"]["codes"]["14050"]


def test_detect_knows_an_iati_file_by_its_root():
    assert iati.detect(FILE, FILE.read_bytes()[:4096])
    assert not iati.detect(DATA / "minimal.yaml", (DATA / "minimal.yaml").read_bytes()[:4096])


def test_docstring_examples():
    result = doctest.testmod(iati)
    assert result.attempted > 0 and result.failed == 0
