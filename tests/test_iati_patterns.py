"""The IATI loader on small files, one per pattern that real publishers write
(tests/data/iati/): organisations, countries and sectors named only in transactions;
organisation identifiers (a DAC donor agency, a bare DAC channel code, a country code,
one ref in two cases, two bodies of one name); placeholders instead of names; a Datastore
export with the version on each activity; Kosovo; organisation type 11 given to a
university and to towns; descriptions in several languages; locations by GeoNames id;
parent and child activities; percentages; and a bad element, a bad activity and a bad file,
each with its line and code. The contract is docs/inputs.md ("IATI activity files") and
docs/graph-model.md.

Most tests read a file with ``munigraph.loaders.prepare`` (no database); the last ones load
the files into an embedded store, to check that a rejected activity writes nothing and
that loading the files again writes nothing."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET

import pytest
from conftest import DATA
from test_iati import REQUIRED, SEQUENCE

import munigraph
from munigraph.graph import embedded
from munigraph.graph.errors import InputError
from munigraph.loaders import bundled_files, prepare

PATTERNS = DATA / "iati"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
pure = pytest.mark.pure

NETWORK = "organization:example-municipal-partnerships-network"  # XI-IATI-EXAMPLE: no country


def line_of(name: str, fragment: str, occurrence: int = 1) -> int:
    """The line of the ``occurrence``-th ``fragment`` in the pattern file ``name``."""
    text = (PATTERNS / name).read_text(encoding="utf-8")
    at = -1
    for _ in range(occurrence):
        at = text.index(fragment, at + 1)
    return text[:at].count("\n") + 1


class Graph:
    """The graph ``prepare`` builds for some files, looked at by ids."""

    def __init__(self, prepared):
        self.prepared = prepared
        self.nodes = {(n.primary, n.key): n for n in prepared.batch.nodes}
        self.relationships = prepared.batch.relationships
        self.programmes = {n.properties["iatiIdentifier"]: n for n in prepared.batch.nodes
                           if "Programme" in n.labels and "iatiIdentifier" in n.properties}

    def programme(self, identifier: str) -> dict:
        return self.programmes[identifier].properties

    def _of(self, identifier):
        return ("Cooperation", self.programmes[identifier].key)

    def actor(self, key: str) -> dict:
        return self.nodes[("Actor", key)].properties

    def labels(self, key: str) -> tuple:
        return self.nodes[("Actor", key)].labels

    def parties(self, identifier: str) -> set:
        return {(r.start[1], r.properties.get("role")) for r in self.relationships
                if r.type == "TAKES_PART" and r.end == self._of(identifier)}

    def out(self, rel_type: str, identifier: str) -> dict:
        """The ends of ``rel_type`` from a programme -> the relationship's ``percentage``."""
        return {r.end[1]: r.properties.get("percentage") for r in self.relationships
                if r.type == rel_type and r.start == self._of(identifier)}

    def located(self, key: str) -> set:
        return {r.end[1] for r in self.relationships if r.type == "LOCATED_IN" and r.start == ("Actor", key)}

    def actor_names(self) -> set:
        return {n.properties.get("name") for (label, _), n in self.nodes.items() if label == "Actor"}

    @property
    def became(self) -> dict:
        [one] = self.prepared.inputs
        return one["became"]

    @property
    def warnings(self) -> set:
        return {(w.line, w.code) for w in self.prepared.warnings}


@functools.lru_cache(maxsize=None)
def read(name: str, skip_rejected: bool = False) -> Graph:
    return Graph(prepare([PATTERNS / name], skip_rejected=skip_rejected))


def variant(tmp_path, name: str, old: str, new: str):
    """A copy of a pattern file with ``old`` replaced by ``new`` (once)."""
    text = (PATTERNS / name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def problem_of(paths, skip_rejected=False):
    with pytest.raises(InputError) as raised:
        prepare(paths, skip_rejected=skip_rejected)
    [problem] = raised.value.problems
    return problem


# ---------------------------------------------------------------- the files themselves

# The order of a transaction's and a location's children in iati-activities-schema.xsd 2.03
# (an activity's: test_iati's SEQUENCE and REQUIRED).
TRANSACTION = ["transaction-type", "transaction-date", "value", "description", "provider-org",
               "receiver-org", "disbursement-channel", "sector", "recipient-country",
               "recipient-region", "flow-type", "finance-type", "aid-type", "tied-status"]
LOCATION = ["location-reach", "location-id", "name", "description", "activity-description",
            "administrative", "point", "exactness", "location-class", "feature-designation"]
# What each file breaks on purpose: everything else follows the schema.
DEVIATIONS = {"datastore.xml": "no root version", "bad-element.xml": "a sector without code",
              "bad-activity.xml": "a title without narrative"}


def in_order(tags, sequence) -> bool:
    return all(t in sequence for t in tags) and \
        [sequence.index(t) for t in tags] == sorted(sequence.index(t) for t in tags)


@pure
@pytest.mark.parametrize("name", sorted(p.name for p in PATTERNS.glob("*.xml")))
def test_each_pattern_file_follows_the_2_03_schema_but_for_what_it_breaks(name):
    root = ET.parse(PATTERNS / name).getroot()
    assert root.tag == "iati-activities"
    assert (root.get("version") is None) == (name == "datastore.xml")
    for activity in root.findall("iati-activity"):
        tags = [child.tag for child in activity]
        assert REQUIRED <= set(tags) and in_order(tags, SEQUENCE), tags
        assert tags.count("title") == tags.count("reporting-org") == tags.count("activity-status") == 1
        assert activity.find("reporting-org").get("ref") and activity.find("reporting-org").get("type")
        assert all(o.get("role") for o in activity.findall("participating-org"))
        assert all(d.get("type") and d.get("iso-date") for d in activity.findall("activity-date"))
        assert all(c.get("code") for c in activity.findall("recipient-country") + activity.findall("recipient-region"))
        assert all(d.findall("narrative") for d in activity.findall("description"))
        assert all(r.get("ref") and r.get("type") for r in activity.findall("related-activity"))
        assert all(s.get("code") for s in activity.findall("sector")) or name == "bad-element.xml"
        assert activity.findall("title/narrative") or name == "bad-activity.xml"
        for transaction in activity.findall("transaction"):
            children = [child.tag for child in transaction]
            assert in_order(children, TRANSACTION) and children[:3] == TRANSACTION[:3], children
            assert transaction.find("transaction-type").get("code")
            assert transaction.find("transaction-date").get("iso-date") and transaction.find("value").get("value-date")
            assert all(s.get("code") for s in transaction.findall("sector") + transaction.findall("recipient-country"))
        for location in activity.findall("location"):
            assert in_order([child.tag for child in location], LOCATION)
            assert all(i.get("vocabulary") and i.get("code") for i in location.findall("location-id"))
            assert all(p.get("srsName") and p.find("pos") is not None for p in location.findall("point"))


# ---------------------------------------------------------------- transactions

UEM = "organization:mz:universidade-eduardo-mondlane"


@pure
def test_funders_receivers_countries_and_sectors_named_in_transactions():
    graph = read("transactions.xml")
    assert graph.prepared.warnings == [] and graph.prepared.rejected == []
    # every provider-org other than the publisher (incoming funds 1, incoming commitment 11,
    # pledge 13, and a disbursement 3 that another body provides): funders; receiver-org of
    # a commitment (2) and a disbursement (3, by its ref alone): a partner
    assert graph.parties("XI-IATI-EXAMPLE-TX-01") == {
        (NETWORK, "partner"),
        ("organization:nl:stichting-example-fund", "funder"),
        ("organization:fr:fondation-exemple", "funder"),
        ("organization:gb:example-bank-foundation", "funder"),
        ("organization:fundacao-exemplo-de-apoio", "funder"),
        (UEM, "partner")}
    # the receiver of an expenditure (a supplier) is no party
    names = graph.actor_names()
    assert "Limpeza Urbana Exemplo Lda" not in names
    assert "MZ-NUIT-400000001" not in names
    university = graph.actor(UEM)
    assert (university["name"], university["iatiRef"], university.get("kind")) == \
        ("Universidade Eduardo Mondlane", "MZ-NUIT-400000001", "university")
    assert graph.located(UEM) == {"MZ"}
    # a transaction organisation's @type gives its kind as a participating-org's does
    assert graph.actor("organization:fr:fondation-exemple").get("kind") == "foundation"
    assert graph.actor("organization:nl:stichting-example-fund").get("kind") == "ngo"
    # countries and sectors of the transactions, once each, without percentages
    assert graph.out("INVOLVES", "XI-IATI-EXAMPLE-TX-01") == {"MZ": None, "AO": None}
    assert graph.out("ON_TOPIC", "XI-IATI-EXAMPLE-TX-01") == {"topic:dac-14050": None, "topic:dac-15185": None}


@pure
def test_transaction_countries_and_sectors_count_only_when_the_activity_gives_none():
    graph = read("transactions.xml")
    assert graph.out("INVOLVES", "XI-IATI-EXAMPLE-TX-02") == {"BR": 100.0}
    assert graph.out("ON_TOPIC", "XI-IATI-EXAMPLE-TX-02") == {"topic:dac-15185": 100.0}
    # its transaction's provider still funds it
    assert graph.parties("XI-IATI-EXAMPLE-TX-02") == {(NETWORK, "coordinator"),
                                                      ("organization:nl:stichting-example-fund", "funder")}


# ---------------------------------------------------------------- organisation identifiers

ITALY = "organization:it:italian-agency-for-development-cooperation"
UNDP = "organization:united-nations-development-programme"
CONSULTING = "organization:gb:example-consulting-ltd"


@pure
def test_refs_are_identities_and_say_the_country():
    graph = read("refs.xml")
    assert graph.prepared.warnings == [] and graph.prepared.rejected == []
    assert graph.parties("XI-IATI-EXAMPLE-REF-01") == {
        (ITALY, "funder"), ("organization:ca:canada", "funder"), (UNDP, "coordinator"),
        (CONSULTING, "partner"), ("organization:gb:save-the-children", "partner")}
    # a bare "41114" is no identifier (CRS channel codes name families of bodies), so
    # "XM-DAC-41114" UNDP is not joined to it; "gb-coh-…" is "GB-COH-…"; the same name with
    # another country's ref is another body
    assert graph.parties("XI-IATI-EXAMPLE-REF-02") == {
        ("organization:undp", "partner"), (CONSULTING, "partner"), ("organization:us:save-the-children", "partner")}
    assert "iatiRef" not in graph.actor(UNDP) and graph.actor("organization:undp")["iatiRef"] == "XM-DAC-41114"


@pure
def test_a_dac_donor_agency_is_in_its_donor_country():
    graph = read("refs.xml")
    italy = graph.actor(ITALY)
    assert graph.labels(ITALY) == ("Actor", "Organization")
    assert (italy["name"], italy["iatiRef"], italy.get("kind")) == \
        ("Italian Agency for Development Cooperation", "XM-DAC-6-4", "government")
    assert "Agenzia Italiana per la Cooperazione allo Sviluppo" in italy.get("aliases", [])
    assert graph.located(ITALY) == {"IT"}  # DAC donor 6 is Italy


@pure
def test_a_ref_that_is_a_country_code_is_that_country():
    graph = read("refs.xml")
    canada = graph.actor("organization:ca:canada")
    assert (canada["name"], canada.get("kind")) == ("Canada", "government")
    assert graph.located("organization:ca:canada") == {"CA"}


@pure
def test_one_organisation_under_two_spellings_of_its_ref():
    graph = read("refs.xml")
    undp = graph.actor("organization:undp")  # by XM-DAC-41114; the bare "41114" elsewhere is no ref
    assert undp["name"] == "UNDP" and undp["iatiRef"] == "XM-DAC-41114"
    assert undp.get("kind") == "international" and graph.located("organization:undp") == set()  # no country
    consulting = graph.actor(CONSULTING)
    assert consulting["name"] == "Example Consulting Ltd"
    assert "Example Consulting Limited" in consulting.get("aliases", [])
    assert graph.located(CONSULTING) == {"GB"}
    assert graph.located("organization:gb:save-the-children") == {"GB"}
    assert graph.located("organization:us:save-the-children") == {"US"}
    assert graph.actor("organization:us:save-the-children")["iatiRef"] == "US-EIN-000000001"


# ---------------------------------------------------------------- placeholders

@pure
def test_placeholders_are_counted_not_actors():
    graph = read("placeholders.xml")
    assert graph.prepared.warnings == [] and graph.prepared.rejected == []
    assert graph.parties("NL-KVK-27108436-PH-01") == {("organization:nl:oxfam-novib", "coordinator")}
    assert {key for label, key in graph.nodes if label == "Actor"} == {"organization:nl:oxfam-novib"}
    # redacted, to be determined, a plural role, "another entity", a category, withheld:
    # five participating organisations and one transaction receiver
    assert graph.became.get("placeholder organisations") == 6
    assert graph.became.get("programmes") == 1


# ---------------------------------------------------------------- versions

@pure
def test_a_datastore_export_gives_the_version_on_each_activity():
    graph = read("datastore.xml")
    assert set(graph.programmes) == {"XI-IATI-EXAMPLE-DS-01", "XI-IATI-EXAMPLE-DS-02"}
    assert graph.prepared.warnings == [] and graph.prepared.rejected == []
    ended = graph.programme("XI-IATI-EXAMPLE-DS-02")  # a 2.01 activity
    assert (str(ended["start"]), str(ended["end"]), ended["status"]) == ("2015-02-01", "2015-11-30", "completion")


@pure
def test_an_activity_of_another_version_is_rejected_and_the_others_load(tmp_path):
    path = variant(tmp_path, "datastore.xml", 'version="2.01"', 'version="1.05"')
    problem = problem_of([path])
    assert (problem.line, problem.code) == (line_of("datastore.xml", 'version="2.01"'), "unsupported-version")
    assert "1.05" in problem.message
    skipped = Graph(prepare([path], skip_rejected=True))
    assert set(skipped.programmes) == {"XI-IATI-EXAMPLE-DS-01"}
    assert [p.code for p in skipped.prepared.rejected] == ["unsupported-version"]
    # the activity's version wins over the file's
    text = (PATTERNS / "datastore.xml").read_text(encoding="utf-8")
    text = text.replace("<iati-activities ", '<iati-activities version="2.03" ', 1).replace('version="2.01"', 'version="1.05"', 1)
    (tmp_path / "root.xml").write_text(text, encoding="utf-8")
    problem = problem_of([tmp_path / "root.xml"])
    assert (problem.line, problem.code) == (line_of("datastore.xml", 'version="2.01"'), "unsupported-version")


@pure
def test_no_version_on_the_file_nor_its_activities_is_a_bad_file(tmp_path):
    path = variant(tmp_path, "datastore.xml", ' version="2.03"', "")
    text = path.read_text(encoding="utf-8").replace(' version="2.01"', "", 1)
    path.write_text(text, encoding="utf-8")
    problem = problem_of([path], skip_rejected=True)
    assert (problem.line, problem.code) == (line_of("datastore.xml", "<iati-activities"), "unsupported-version")


@pure
def test_a_file_of_version_1_05_is_an_error_whatever_skip_rejected_says():
    for skip in (False, True):
        problem = problem_of([PATTERNS / "bad-version.xml"], skip_rejected=skip)
        assert (problem.line, problem.code) == (line_of("bad-version.xml", "<iati-activities"), "unsupported-version")
        assert "1.05" in problem.message


# ---------------------------------------------------------------- countries and places

PRIZREN = "municipality:xk:prizren"


@pure
def test_kosovo_is_a_country():
    graph = read("kosovo.xml")
    assert graph.prepared.warnings == [] and graph.prepared.rejected == []
    assert graph.out("INVOLVES", "XI-IATI-EXAMPLE-XK-01") == {"XK": 100.0}
    kosovo = graph.nodes[("Country", "XK")].properties
    assert (kosovo["code"], kosovo["id"], kosovo["name"]) == ("XK", "country:xk", "Kosovo")
    # a ref of a Kosovar registration agency places the municipality in Kosovo
    assert graph.parties("XI-IATI-EXAMPLE-XK-01") == {(PRIZREN, "partner")}
    assert graph.labels(PRIZREN) == ("Actor", "Municipality")
    assert graph.actor(PRIZREN)["country"] == "XK" and graph.located(PRIZREN) == {"XK"}
    # and its GeoNames place, the activity's location, is that municipality
    assert graph.out("HELD_IN", "XI-IATI-EXAMPLE-XK-01") == {PRIZREN: None}
    assert int(graph.actor(PRIZREN)["geonamesId"]) == 786712


UBC = "organization:ca:the-university-of-british-columbia"
BELO_HORIZONTE = "municipality:br:belo-horizonte"


@pure
def test_local_government_type_makes_a_town_only_when_the_name_says_so():
    graph = read("local-government.xml")
    assert graph.prepared.warnings == [] and graph.prepared.rejected == []
    assert graph.parties("XI-IATI-EXAMPLE-LG-01") == {
        (BELO_HORIZONTE, "coordinator"), (UBC, "partner"), ("municipality:gb:bristol", "partner")}
    assert graph.labels(UBC) == ("Actor", "Organization")
    assert graph.actor(UBC).get("kind") == "local government" and graph.located(UBC) == {"CA"}
    assert graph.labels(BELO_HORIZONTE) == ("Actor", "Municipality")
    assert graph.actor(BELO_HORIZONTE)["country"] == "BR" and graph.located(BELO_HORIZONTE) == {"BR"}
    assert graph.actor(BELO_HORIZONTE)["iatiRef"] == "BR-CNPJ-18715383000140"
    assert graph.labels("municipality:gb:bristol") == ("Actor", "Municipality")
    assert graph.located("municipality:gb:bristol") == {"GB"}


@pure
def test_locations_by_geonames_id_within_the_recipient_country():
    alone = read("locations.xml")
    assert alone.prepared.warnings == [] and alone.prepared.rejected == []
    # a location is a place the graph knows: loaded alone, the file names none, and makes none
    assert alone.out("HELD_IN", "XI-IATI-EXAMPLE-LOC-01") == {}
    assert not [key for label, key in alone.nodes if label == "Actor" and key.startswith("municipality")]
    # with the bundled records: Belo Horizonte by its GeoNames id; Contagem is no known place;
    # Lisbon (known) is in another country than the recipient; "Brasil" is the country
    graph = Graph(prepare([*bundled_files(), PATTERNS / "locations.xml"]))
    assert graph.out("HELD_IN", "XI-IATI-EXAMPLE-LOC-01") == {BELO_HORIZONTE: None}
    assert int(graph.actor(BELO_HORIZONTE)["geonamesId"]) == 3470127
    assert not any(label == "Actor" and "contagem" in key for label, key in graph.nodes)


# ---------------------------------------------------------------- descriptions, parents, percentages

FRENCH = "Échanges techniques entre Lyon et Belo Horizonte sur la collecte sélective."
ENGLISH = "Technical exchanges between Lyon and Belo Horizonte on separate collection."
PORTUGUESE = "Intercâmbios técnicos entre Lyon e Belo Horizonte sobre a coleta seletiva."


@pure
def test_every_general_description_is_kept_with_its_language():
    graph = read("descriptions.xml")
    first = graph.programme("FR-RNA-W000000002-DESC-01")
    assert first["name"] == "Collecte sélective : échanges Lyon – Belo Horizonte"
    assert first["aliases"] == ["Separate collection: Lyon – Belo Horizonte exchanges"]
    assert len(first["descriptions"]) == len(first["descriptionLanguages"]) == 3
    # the contract gives no order: compared as pairs
    assert sorted(zip(first["descriptionLanguages"], first["descriptions"])) == \
        sorted([("fr", FRENCH), ("en", ENGLISH), ("pt", PORTUGUESE)])
    assert first["description"] == FRENCH  # the one in the activity's language
    objectives = "Objectif : doubler la collecte sélective d'ici 2026."
    assert objectives not in first["descriptions"] and "Les agents de propreté des deux villes." not in first["descriptions"]
    # no activity language and no xml:lang: the language is "", the first is the description
    second = graph.programme("FR-RNA-W000000002-DESC-02")
    assert sorted(zip(second["descriptionLanguages"], second["descriptions"])) == [
        ("", "First description of the composting pilots."), ("", "Second description of the composting pilots.")]
    assert second["description"] == "First description of the composting pilots."


@pure
def test_a_child_activity_is_part_of_its_parent():
    graph = read("related.xml")
    assert graph.prepared.warnings == [] and graph.prepared.rejected == []
    part_of = {(r.start[1], r.end[1]) for r in graph.relationships
               if r.type == "PART_OF" and r.start[0] == "Cooperation"}
    child, parent = graph.programmes["XI-IATI-EXAMPLE-REL-1-A"].key, graph.programmes["XI-IATI-EXAMPLE-REL-1"].key
    # stated by both; the sibling, the co-funded activity and the parent not in the file give nothing
    assert part_of == {(child, parent)}


@pure
def test_percentages_as_given():
    graph = read("percentages.xml")
    assert graph.prepared.warnings == [] and graph.prepared.rejected == []
    assert graph.out("INVOLVES", "XI-IATI-EXAMPLE-PCT-01") == {"BR": 60.0, "AR": 33.33}
    topics = graph.out("ON_TOPIC", "XI-IATI-EXAMPLE-PCT-01")
    own = "topic:iati-xi-iati-example-99-mob-01"
    assert topics == {"topic:dac-15185": 70.5, "topic:dac-21020": 29.5, "topic:sdg-11": 100.0, own: 100.0}
    assert all(isinstance(v, (int, float)) for v in topics.values())  # a share is a number
    assert graph.nodes[("Topic", own)].properties["name"] == "Urban mobility data"
    assert graph.nodes[("Topic", "topic:dac-21020")].properties["parent"] == "topic:dac-210"
    regions = graph.programme("XI-IATI-EXAMPLE-PCT-01").get("regions")
    assert len(regions) == 1 and regions[0].startswith("South America")
    # no percentage given: none on the relationship
    assert graph.out("INVOLVES", "XI-IATI-EXAMPLE-PCT-02") == {"BR": None}
    assert graph.out("ON_TOPIC", "XI-IATI-EXAMPLE-PCT-02") == {"topic:dac-210": None}
    assert not any("percentage" in r.properties for r in graph.relationships
                   if r.start == ("Cooperation", graph.programmes["XI-IATI-EXAMPLE-PCT-02"].key))


# ---------------------------------------------------------------- problems

@pure
def test_a_bad_element_is_a_warning_and_its_activity_loads():
    graph = read("bad-element.xml")
    assert graph.prepared.rejected == []
    assert set(graph.programmes) == {"XI-IATI-EXAMPLE-WARN-01"}
    assert graph.warnings == {
        (line_of("bad-element.xml", '<sector vocabulary="1" percentage="50"/>'), "missing-value"),
        (line_of("bad-element.xml", '<participating-org type="21" role="4"/>'), "missing-value"),
        (line_of("bad-element.xml", 'type="99"'), "unknown-code"),
        (line_of("bad-element.xml", 'code="ZZ"'), "unknown-country")}
    assert graph.out("ON_TOPIC", "XI-IATI-EXAMPLE-WARN-01") == {"topic:dac-15150": 50.0}
    assert graph.out("INVOLVES", "XI-IATI-EXAMPLE-WARN-01") == {"PE": 50.0}
    lab = "organization:example-civic-lab"
    assert graph.parties("XI-IATI-EXAMPLE-WARN-01") == {(NETWORK, "coordinator"), (lab, "partner")}
    assert "kind" not in graph.actor(lab)  # an unknown type: loaded without a kind


@pure
def test_an_activity_without_title_is_rejected_and_skip_rejected_loads_the_rest():
    problem = problem_of([PATTERNS / "bad-activity.xml"])
    assert (problem.line, problem.code) == (line_of("bad-activity.xml", "<iati-activity ", 2), "missing-value")
    assert "XI-IATI-EXAMPLE-NOTITLE-02" in problem.message and "title" in ((problem.field or "") + problem.message)
    graph = read("bad-activity.xml", skip_rejected=True)
    assert set(graph.programmes) == {"XI-IATI-EXAMPLE-OK-01"}
    assert graph.prepared.inputs[0]["rejected"] == 1


# ---------------------------------------------------------------- through the store

GOOD = ["transactions.xml", "refs.xml", "placeholders.xml", "datastore.xml", "kosovo.xml",
        "local-government.xml", "descriptions.xml", "locations.xml", "related.xml",
        "percentages.xml", "bad-element.xml"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("iati-patterns")
    graph = munigraph.open(data=folder)
    try:
        yield graph
    finally:
        graph.close()
        embedded.stop_server(embedded.DataFolder(folder))


def test_a_rejected_activity_writes_nothing_unless_skip_rejected(store):
    with pytest.raises(InputError):
        store.load([PATTERNS / "bad-activity.xml"])
    assert store.cypher("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
    report = store.load([PATTERNS / "bad-activity.xml"], skip_rejected=True)
    assert report.rejected_rows == 1
    assert store.cypher("MATCH (p:Programme) RETURN p.iatiIdentifier AS i") == [{"i": "XI-IATI-EXAMPLE-OK-01"}]
    with pytest.raises(InputError):  # a bad file writes nothing, even with skip_rejected
        store.load([PATTERNS / "bad-version.xml"], skip_rejected=True)
    assert store.cypher("MATCH (p:Programme) RETURN count(p) AS n") == [{"n": 1}]


def test_the_patterns_load_together_and_loading_them_again_writes_nothing(store):
    files = [PATTERNS / name for name in GOOD]
    report = store.load(files)
    assert {(w.file.rsplit("/", 1)[-1], w.code) for w in report.warnings} == {
        ("bad-element.xml", "missing-value"), ("bad-element.xml", "unknown-code"),
        ("bad-element.xml", "unknown-country")}
    # the town a location names is the one that takes part in another file
    held = store.cypher("MATCH (p:Programme {iatiIdentifier: 'XI-IATI-EXAMPLE-LOC-01'})-[:HELD_IN]->(a:Actor) "
                        "RETURN a.id AS id ORDER BY id")
    coordinator = store.cypher("MATCH (a:Actor)-[:TAKES_PART {role: 'coordinator'}]->"
                               "(:Programme {iatiIdentifier: 'XI-IATI-EXAMPLE-LG-01'}) RETURN a.id AS id")
    assert [r["id"] for r in held] == [BELO_HORIZONTE]  # Contagem is no actor of any file
    assert coordinator == [{"id": BELO_HORIZONTE}]
    shares = store.cypher("MATCH (:Programme {iatiIdentifier: 'XI-IATI-EXAMPLE-PCT-01'})-[r:INVOLVES]->(c:Country) "
                          "RETURN c.code AS code, r.percentage AS percentage ORDER BY code")
    assert shares == [{"code": "AR", "percentage": 33.33}, {"code": "BR", "percentage": 60.0}]
    parents = store.cypher("MATCH (c:Programme)-[:PART_OF]->(p:Programme) RETURN c.iatiIdentifier AS child, "
                           "p.iatiIdentifier AS parent")
    assert parents == [{"child": "XI-IATI-EXAMPLE-REL-1-A", "parent": "XI-IATI-EXAMPLE-REL-1"}]
    again = store.load(files)
    assert not again.changed, (again.updated, again.nodes_created, again.properties_set)


# ---------------------------------------------------------------- what a world bank or unops file writes

PUBLISHERS = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
  <iati-activity xml:lang="en">
    <iati-identifier>XI-IATI-EXAMPLE-PUB-01</iati-identifier>
    <reporting-org ref="XI-IATI-EXAMPLE" type="40"><narrative>Example Project Services</narrative></reporting-org>
    <title><narrative>Health systems in two provinces</narrative></title>
    <participating-org type="10" role="4"><narrative>MINISTRY OF HEALTH</narrative></participating-org>
    <participating-org type="10" role="1"><narrative>Japan</narrative></participating-org>
    <recipient-country code="AM"/>
    <transaction><transaction-type code="2"/><transaction-date iso-date="2020-01-01"/><value>1</value>
      <provider-org><narrative>AfDB African Development Bank; Cities Alliance; Comic Relief</narrative></provider-org>
    </transaction>
    <transaction><transaction-type code="4"/><transaction-date iso-date="2020-01-01"/><value>1</value>
      <provider-org ref="XI-IATI-EXAMPLE"><narrative>Example Project Services</narrative></provider-org>
      <receiver-org><narrative>Vía Directa</narrative></receiver-org>
    </transaction>
    <transaction><transaction-type code="6"/><transaction-date iso-date="2020-01-01"/><value>1</value>
      <provider-org><narrative>Borrowing Town Council</narrative></provider-org>
    </transaction>
    <transaction><transaction-type code="3"/><transaction-date iso-date="2020-01-01"/><value>1</value>
      <receiver-org ref="41140"/>
    </transaction>
  </iati-activity>
  <iati-activity xml:lang="en">
    <iati-identifier>XI-IATI-EXAMPLE-PUB-02</iati-identifier>
    <reporting-org ref="XI-IATI-EXAMPLE" type="40"><narrative>Example Project Services</narrative></reporting-org>
    <title><narrative>Health systems in the capital</narrative></title>
    <participating-org type="10" role="4"><narrative>MINISTRY OF HEALTH</narrative></participating-org>
    <recipient-country code="MN"/>
  </iati-activity>
</iati-activities>
"""


@pure
def test_funders_in_transactions_public_bodies_countries_and_channel_codes(tmp_path):
    path = tmp_path / "publishers.xml"
    path.write_text(PUBLISHERS, encoding="utf-8")
    graph = Graph(prepare([path]))
    parties = graph.parties("XI-IATI-EXAMPLE-PUB-01")
    # a ministry that carries an activity out is of its one recipient country: Armenia's
    # and Mongolia's ministries of health are two actors
    assert ("organization:am:ministry-of-health", "partner") in parties
    assert graph.parties("XI-IATI-EXAMPLE-PUB-02") == {("organization:mn:ministry-of-health", "partner")}
    # a funder named as a country is in it; one narrative listing three funders names three
    assert graph.located("organization:jp:japan") == {"JP"}
    assert {"organization:afdb-african-development-bank", "organization:cities-alliance",
            "organization:comic-relief"} <= {actor for actor, role in parties if role == "funder"}
    # the publisher spending its own money, a channel ("Vía Directa") and a borrower's
    # repayment make no party; a receiver given by a CRS channel code alone is named by it
    names = graph.actor_names()
    assert "Example Project Services" not in names and "Vía Directa" not in names
    assert "Borrowing Town Council" not in names
    assert ("organization:world-food-programme", "partner") in parties
