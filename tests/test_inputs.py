"""Flat inputs through the real embedded store: the facts CSV and Wikidata P190 twinnings,
entity resolution, rejected rows, and idempotence. Counts are computed from the raw files
here, independently of the loaders."""

import csv
import re

import pytest

import munigraph
from munigraph.graph import embedded
from munigraph.graph.errors import InputError
from munigraph.graph.model import fold
from munigraph.loaders import Snapshot, bundled_files, prepare
from munigraph.loaders.countries import country_code

from conftest import DATA, SEEDS

INPUTS = DATA / "inputs"
FACTS = INPUTS / "cooperation-facts.csv"
PORTUGAL = INPUTS / "portugal.tsv"
SHARED = SEEDS.parent / "data"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The bundled dataset, then the facts CSV and Portugal's twinnings, in a store of their own."""
    folder = tmp_path_factory.mktemp("inputs")
    graph = munigraph.open(data=folder)
    graph.load()
    before = graph.digest()
    summary = graph.load([FACTS, PORTUGAL])
    yield graph, summary, before
    graph.close()
    embedded.stop_server(embedded.DataFolder(folder))


def place(label, country):
    """A place of a P190 row: "Sintra Municipality" and "Sintra", "Malacca City" and
    "Malacca", "City of Perth" and "Perth", "Portalegre, Portugal" and "Portalegre" are one
    local government."""
    return re.sub(r"^(City|Town) of | (Municipality|City|Town)$", "", label.split(",")[0]), country


def pairs_of(rows):
    """The distinct unordered pairs of places that ``rows`` twin."""
    return {frozenset([place(r["origincityLabel"], r["origincountry"]),
                       place(r["sistercityLabel"], r["destination_countryLabel"])]) for r in rows}


def facts_rows():
    with open(FACTS, encoding="utf-8") as file:
        return list(csv.DictReader(file))


def tsv_rows(path):
    with open(path, encoding="utf-8") as file:
        return list(csv.DictReader(file, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_facts_row_is_loaded_and_reported(loaded):
    _, summary, _ = loaded
    facts = next(i for i in summary.inputs if i["format"] == "facts")
    assert facts["rows"] == len(facts_rows()) and facts["rejected"] == 0
    assert sum(facts["became"].values()) == len(facts_rows())


def test_every_sister_city_row_is_a_twinning_with_both_cities_and_the_quote(loaded):
    graph, _, _ = loaded
    twinnings = graph.cypher("""
        MATCH (a:Actor)-[:TAKES_PART {role: 'partner'}]->(t:Agreement {kind: 'twinning'})<-[:TAKES_PART]-(b:Actor)
        WHERE a.id < b.id
        MATCH (t)-[e:EVIDENCED_BY]->(:Source)
        RETURN a.lookup AS a, b.lookup AS b, collect(e.quote) AS quotes""")
    for row in (r for r in facts_rows() if r["relation"] == "sister_city"):
        names = {fold(row["party_a"]), fold(row["party_b"])}
        assert any(row["quote"] in t["quotes"] and any(n in t["a"] for n in names)
                   and any(n in t["b"] for n in names) for t in twinnings), row


def test_portugal_twinnings_are_the_distinct_pairs_of_the_file(loaded):
    graph, summary, _ = loaded
    pairs = pairs_of(tsv_rows(PORTUGAL))
    created = graph.cypher("MATCH (t:Agreement {kind: 'twinning'})-[:EVIDENCED_BY]->"
                           "(:Source {id: 'source:wikidata-p190-portugal'}) RETURN count(DISTINCT t) AS n")
    assert created[0]["n"] == len(pairs)
    portugal = next(i for i in summary.inputs if i["format"] == "wikidata")
    assert portugal["rows"] == len(tsv_rows(PORTUGAL)) and portugal["rejected"] == 0


def test_places_gain_wikidata_coordinates_and_keep_their_curated_names(loaded):
    graph, _, _ = loaded
    coimbra = [r for r in tsv_rows(PORTUGAL) if r["origincityLabel"] == "Coimbra"][0]
    rows = graph.cypher("MATCH (a:Actor {id: 'municipality:pt:coimbra'}) RETURN a.name AS name, a.lat AS lat, "
                        "a.lon AS lon, a.population AS population")
    assert rows == [{"name": "Coimbra", "lat": float(coimbra["originlat"]), "lon": float(coimbra["originlong"]),
                     "population": int(coimbra["originpopulation"])}]


def test_olhao_municipality_of_wikidata_is_the_olhao_of_the_seeds(loaded):
    graph, _, _ = loaded
    assert any(r["origincityLabel"] == "Olhão Municipality" for r in tsv_rows(PORTUGAL))
    rows = graph.cypher("MATCH (a:Actor) WHERE 'olhao' IN a.lookup RETURN a.id AS id")
    assert rows == [{"id": "municipality:pt:olhao"}]
    twinned = graph.cypher("MATCH (:Actor {id: 'municipality:pt:olhao'})-[:TAKES_PART]->(t:Agreement {kind: 'twinning'}) "
                           "RETURN count(t) AS n")
    assert twinned[0]["n"] >= 1


def test_every_row_naming_the_fnp_is_about_the_bundled_fnp(loaded):
    graph, _, _ = loaded
    rows = [r for r in facts_rows() if "FNP" in r["party_a"] + r["party_b"]]
    assert rows
    quotes = {r["quote"] for r in graph.cypher(
        "MATCH (:Actor {id: 'association:fnp'})-[:TAKES_PART|MEMBER_OF]->(c)-[e:EVIDENCED_BY]->() RETURN e.quote AS quote")}
    assert all(r["quote"] in quotes for r in rows if r["relation"] not in ("programme_membership", "coordination"))
    rows = graph.cypher("MATCH (a:Actor) WHERE any(f IN a.lookup WHERE f CONTAINS 'frente nacional') RETURN a.id AS id")
    assert rows == [{"id": "association:fnp"}]


def test_membership_rows_name_the_association_itself(loaded):
    graph, _, _ = loaded
    members = {r["party_a"] for r in facts_rows() if r["relation"] == "programme_membership" and r["programme"] == "UCCLA"}
    rows = graph.cypher("MATCH (m:Actor)-[:MEMBER_OF]->(u:Association) WHERE 'uccla' IN u.lookup "
                        "RETURN collect(m.name) AS names")
    assert len(rows[0]["names"]) == len(members)


def test_loading_again_changes_nothing(loaded):
    graph, _, _ = loaded
    digest = graph.digest()
    summary = graph.load([FACTS, PORTUGAL])
    assert (summary.nodes_created, summary.properties_set, summary.relationships_created,
            summary.relationships_deleted) == (0, 0, 0, 0)
    assert graph.digest() == digest


def test_the_graph_is_the_same_whatever_the_order_and_grouping_of_loads(loaded, tmp_path):
    """The fixture loaded the bundled dataset, then the facts and Portugal's twinnings in
    one command; here they come one by one, the other way round."""
    graph, _, _ = loaded
    other = munigraph.open(data=tmp_path / "store")
    try:
        for files in ([PORTUGAL], [FACTS], None):  # facts alone name consortia only the records know
            other.load(files, skip_rejected=True)
        assert other.digest() == graph.digest()
        assert not other.load([FACTS, PORTUGAL]).changed  # everything again: nothing to write
        other.unload([FACTS])
        assert other.cypher("MATCH (s:Source) WHERE s.input = 'facts' RETURN count(s) AS n") == [{"n": 0}]
    finally:
        other.close()
        embedded.stop_server(embedded.DataFolder(tmp_path / "store"))


def test_reloading_the_curated_records_keeps_what_other_inputs_added(loaded):
    graph, _, _ = loaded
    count = "MATCH ()-[x]->() WHERE any(s IN coalesce(x.sources, []) WHERE s STARTS WITH 'source:wikidata') RETURN count(x) AS n"
    added = graph.cypher(count)[0]["n"]
    assert added > 0
    coimbra = "MATCH (a:Actor {id: 'municipality:pt:coimbra'}) RETURN a.lat IS NOT NULL AS placed"
    assert graph.cypher(coimbra) == [{"placed": True}]  # Wikidata's coordinates on a curated actor
    summary = graph.load()  # the graph is rebuilt from every input kept: the same graph
    assert not summary.changed and graph.cypher(count)[0]["n"] == added
    assert graph.cypher(coimbra) == [{"placed": True}]


# --- small files of our own: resolution and bad input ---------------------------------------

HEADER = "party_a,party_a_country,party_b,party_b_country,relation,programme,topic,year,source_address,quote\n"


def write(tmp_path, name, rows, header=HEADER):
    path = tmp_path / name
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def bundled_snapshot():
    """The bundled dataset as a load sees the graph that holds it, built without a database."""
    snapshot = Snapshot()
    snapshot.add(prepare(bundled_files()).batch)
    return snapshot


@pytest.mark.pure
def test_olhao_with_or_without_accent_and_fnp_by_acronym_resolve_to_one_actor(tmp_path):
    path = write(tmp_path, "facts.csv", [
        "Olhao,Portugal,FNP,Brasil,cooperation_agreement,,solid waste,2019,https://example.org/a,Olhao e a FNP\n",
        "Olhão,PT,Frente Nacional de Prefeitos,BR,exchange,,saneamento,2020,https://example.org/b,Olhão e a Frente\n",
    ])
    prepared = prepare([path], bundled_snapshot())
    parties = {(rel.start[1], rel.end[1]) for rel in prepared.batch.relationships if rel.type == "TAKES_PART"}
    assert {actor for actor, _ in parties} == {"municipality:pt:olhao", "association:fnp"}
    assert not [n for n in prepared.batch.nodes if n.primary == "Actor" and "name" in n.properties]  # nothing new
    fnp = next(n for n in prepared.batch.nodes if n.key == "association:fnp")  # the ids these names would give
    assert fnp.properties == {"id": "association:fnp", "ids": ["association:br:frente-nacional-de-prefeitos",
                                                               "municipality:br:fnp"]}
    topics = {rel.end[1] for rel in prepared.batch.relationships if rel.type == "ON_TOPIC"}
    assert topics == {"topic:solid-waste", "topic:sanitation"}


def test_an_ambiguous_party_is_reported_not_guessed(graph, tmp_path):
    path = write(tmp_path, "facts.csv", [
        "Santarém,International,Faro,Portugal,exchange,,,2019,https://example.org/a,Santarém e Faro\n"])
    before = graph.digest()
    with pytest.raises(InputError) as error:
        graph.load([path])
    message = str(error.value)
    assert f"{path}:2: party_a: 'Santarém' is ambiguous" in message
    assert "municipality:br:santarem" in message and "municipality:pt:santarem" in message
    assert graph.digest() == before


@pytest.mark.parametrize("row, where", [
    ("Faro,Portugal,Olhão,Portugal,friendship,,,2019,https://x.org,q\n", "2: relation: 'friendship' is not one of"),
    ("Faro,Atlantis,Olhão,Portugal,exchange,,,2019,https://x.org,q\n",
     "2: party_a_country: 'Atlantis' is not a known country name or ISO code"),
    ("Faro,Portugal,Olhão,Portugal,exchange,,,19x9,https://x.org,q\n", "2: year: '19x9' is not a year"),
    ("Faro,Portugal,Olhão,Portugal,exchange,,,2019,,q\n", "2: source_address: source_address is empty"),
    ("Sri Lankan municipalities (9),International,Olhão,PT,exchange,,,2019,https://x.org,q\n",
     "2: party_a: 'Sri Lankan municipalities (9)' is a group of actors"),
    ("Faro,Portugal,Olhão,Portugal,coordination,,,2019,https://x.org,q\n", "2: programme: a coordination row needs"),
])
def test_a_bad_row_is_named_and_nothing_is_written(graph, tmp_path, row, where):
    path = write(tmp_path, "facts.csv", [row])
    before = graph.digest()
    with pytest.raises(InputError) as error:
        graph.load([path])
    assert f"{path}:{where}" in str(error.value)
    assert graph.digest() == before


def test_skip_rejected_loads_the_good_rows_and_lists_the_others(empty_graph, tmp_path):
    path = write(tmp_path, "facts.csv", [
        "Faro,Portugal,Málaga,Spain,sister_city,,town twinning,,https://example.org/a,Faro e Málaga\n",
        "Faro,Atlantis,Olhão,Portugal,exchange,,,2019,https://example.org/b,q\n"])
    summary = empty_graph.load([path], skip_rejected=True)
    assert [(r["line"], r["field"]) for r in summary.as_dict()["rejected"]] == [(3, "party_a_country")]
    assert summary.inputs[0]["became"] == {"twinnings": 1}
    assert empty_graph.cypher("MATCH (t:Agreement {kind: 'twinning'}) RETURN t.name AS name") == [
        {"name": "Twinning Faro – Málaga"}]


def test_a_header_without_the_columns_is_not_read_as_facts(graph, tmp_path):
    path = write(tmp_path, "other.csv", ["a,b\n"], header="name,country\n")
    with pytest.raises(InputError, match="not a format munigraph reads"):
        graph.load([path])


def test_a_header_name_with_spaces_is_named_as_missing(graph, tmp_path):
    path = write(tmp_path, "spaced.csv", [], header=HEADER.replace("party_b,", " party_b ,"))
    before = graph.digest()
    with pytest.raises(InputError, match=r"spaced.csv:1: the header lacks the column\(s\) party_b; "
                                         "a facts file has: party_a, party_a_country, party_b,"):
        graph.load([path])
    assert graph.digest() == before


def test_latin1_file_is_refused_with_its_line(graph, tmp_path):
    path = tmp_path / "facts.csv"
    path.write_bytes((HEADER + "Olhão,Portugal,Faro,Portugal,exchange,,,2019,https://x.org,q\n").encode("latin-1"))
    with pytest.raises(InputError, match=r"facts.csv:2: not UTF-8 \(byte 0xe3\)"):
        graph.load([path])


def test_the_same_place_far_away_is_another_place(empty_graph, tmp_path):
    header = "\t".join(["origincityLabel", "origincountry", "originlat", "originlong", "originpopulation",
                        "sistercityLabel", "destinationlat", "destinationlong", "destinationpopulation",
                        "destination_countryLabel", "dist", "eu"]) + "\n"
    path = tmp_path / "twins.tsv"
    path.write_text(header
                    + "Saint-Denis\tFrance\t48.93\t2.36\t\tSesimbra Municipality\t38.44\t-9.1\t\tPortugal\t\t\n"
                    + "Saint-Denis\tFrance\t-20.88\t55.45\t\tViana do Castelo\t41.7\t-8.8\t\tPortugal\t\t\n"
                    + "Sesimbra\tPortugal\t38.44\t-9.10\t\tSaint-Denis\t48.931\t2.361\t\tFrance\t\t\n",
                    encoding="utf-8")
    summary = empty_graph.load([path])
    assert summary.inputs[0]["became"] == {"rows stating a twinning": 3, "distinct twinnings": 2}
    ids = [r["id"] for r in empty_graph.cypher("MATCH (a:Actor) WHERE 'saint denis' IN a.lookup "
                                               "RETURN a.id AS id ORDER BY id")]
    assert len(ids) == 2 and all(i.startswith("municipality:fr:saint-denis-") for i in ids)
    assert empty_graph.cypher("MATCH (a:Actor {id: 'municipality:pt:sesimbra'}) RETURN a.name AS name, "
                              "a.aliases AS aliases") == [{"name": "Sesimbra", "aliases": ["Sesimbra Municipality"]}]


def test_names_outside_ascii_get_ids_that_records_files_can_name(empty_graph, tmp_path):
    header = "\t".join(["origincityLabel", "origincountry", "originlat", "originlong", "originpopulation",
                        "sistercityLabel", "destinationlat", "destinationlong", "destinationpopulation",
                        "destination_countryLabel", "dist", "eu"]) + "\n"
    path = tmp_path / "twins.tsv"
    path.write_text(header + "Łódź\tPoland\t51.77\t19.45\t\tÆrøskøbing\t54.88\t10.41\t\tDenmark\t\t\n",
                    encoding="utf-8")
    empty_graph.load([path])
    ids = sorted(r["id"] for r in empty_graph.cypher("MATCH (a:Actor) RETURN a.id AS id"))
    assert ids == ["municipality:dk:aeroskobing", "municipality:pl:lodz"]
    records = tmp_path / "event.yaml"
    records.write_text("records:\n  - {id: 'event:meeting', type: event, name: Meeting, "
                       "parties: [{actor: 'municipality:pl:lodz', role: host}], "
                       "evidence: [{source: 'source:x', quote: q}]}\n"
                       "sources:\n  - {id: 'source:x', title: X}\n", encoding="utf-8")
    empty_graph.load([records])
    assert empty_graph.cypher("MATCH (:Actor {id: 'municipality:pl:lodz'})-[t:TAKES_PART]->(:Event {id: 'event:meeting'}) "
                              "RETURN t.role AS role") == [{"role": "host"}]


@pytest.mark.parametrize("text, code", [("Brasil", "BR"), ("brazil", "BR"), ("BRA", "BR"), ("Moçambique", "MZ"),
                                        ("Cape Verde", "CV"), ("Cabo Verde", "CV"), ("United States", "US"),
                                        ("Estados Unidos", "US"), ("Alemanha", "DE"), ("Itália", "IT"),
                                        ("São Tomé and Príncipe", "ST"), ("EU", None), ("International", None)])
def test_country_names_in_english_portuguese_or_iso_codes(text, code):
    assert country_code(text) == code


def far_apart(path) -> int:
    """How many pairs of ``path`` name a place whose rows give coordinates over 1° apart."""
    spots = {}
    for r in tsv_rows(path):
        for label, country, lat, lon in ((r["origincityLabel"], r["origincountry"], r["originlat"], r["originlong"]),
                                         (r["sistercityLabel"], r["destination_countryLabel"], r["destinationlat"],
                                          r["destinationlong"])):
            if lat and lon:
                spots.setdefault(place(label, country), []).append((float(lat), float(lon)))
    split = {p for p, s in spots.items() if max(abs(a[0] - b[0]) + abs(a[1] - b[1]) for a in s for b in s) > 1}
    return sum(1 for pair in pairs_of(tsv_rows(path)) if pair & split)


def test_all_shared_data_loads_into_one_graph_with_only_explained_rejections(everything):
    graph, files, summary = everything  # the bundled dataset and all of ../shared/data
    explained = ("is not a country with an ISO code (a historic state, or a territory without one)",
                 "is an unnamed Wikidata item")
    assert summary.as_dict()["rejected"] and all(any(e in p["message"] for e in explained) for p in summary.as_dict()["rejected"])
    counted = {}
    for path in sorted((SHARED / "wikidata-p190").glob("*.tsv")):
        rejected = {p["line"] for p in summary.as_dict()["rejected"] if p["file"] == str(path)}
        counted[str(path)] = pairs_of(r for number, r in enumerate(tsv_rows(path), 2)
                                      if number not in rejected)
    wikidata = [item for item in summary.inputs if item["format"] == "wikidata"]
    assert len(wikidata) == len(counted)
    for item in wikidata:  # a name for two places far apart is split; two names
        # of one place ("Lisboa", "Lisbon": GeoNames names it both) are one
        extra = item["became"]["distinct twinnings"] - len(counted[item["file"]])
        assert -len(counted[item["file"]]) // 100 <= extra <= far_apart(item["file"])
    again = graph.load(files, skip_rejected=True)
    assert again.nodes_created == again.relationships_created == again.properties_set == 0
    assert again.as_dict()["rejected"] == summary.as_dict()["rejected"]  # ids and matches do not depend on what came first


@pytest.mark.pure
def test_a_relationship_to_a_node_that_exists_nowhere_is_refused_not_dropped():
    from munigraph.graph.model import GraphBatch, Node, Relationship
    from munigraph.loaders.merge import missing_ends

    batch = GraphBatch([Node(("Cooperation", "Programme"), "programme:inovajuntos", {})],
                       [Relationship("ON_TOPIC", ("Cooperation", "programme:inovajuntos"), ("Topic", "topic:nowhere"))])
    assert missing_ends(batch) == [("Topic", "topic:nowhere")]


@pytest.mark.pure
def test_a_semicolon_separated_sheet_reads_like_a_comma_separated_one(tmp_path):
    row = "Faro,Portugal,Málaga,Espanha,sister_city,,geminação,1999,https://example.org/a,\"Faro; Málaga\"\n"
    commas = write(tmp_path, "commas.csv", [row])
    semicolons = write(tmp_path, "semicolons.csv", [row.replace(",", ";")], header=HEADER.replace(",", ";"))
    assert semicolons.read_text(encoding="utf-8").count(";") > 10
    first, second = (prepare([path], bundled_snapshot()) for path in (commas, semicolons))
    assert [n.properties for n in first.batch.nodes if n.primary == "Cooperation"] == [
        n.properties for n in second.batch.nodes if n.primary == "Cooperation"]


def test_an_iati_file_loads_and_loading_it_again_changes_nothing(empty_graph):
    iati_file = DATA / "iati-activity.xml"
    empty_graph.load([iati_file])
    rows = empty_graph.cypher("""
        MATCH (a:Actor)-[p:TAKES_PART]->(c:Programme)
        RETURN c.iatiIdentifier AS activity, a.id AS actor, a.country AS country, p.role AS role""")
    assert {(r["activity"][-7:], r["actor"], r["country"], r["role"]) for r in rows} == {
        ("2023-01", "organization:comissao-europeia", None, "funder"),
        ("2023-01", "municipality:br:belo-horizonte", "BR", "coordinator"),
        ("2023-01", "municipality:fr:lyon", "FR", "partner"),
        ("2023-01", "organization:br:universidade-federal-de-minas-gerais", "BR", "partner"),
        ("2021-03", "organization:fr:agence-francaise-de-developpement", "FR", "coordinator"),
        ("2021-03", "municipality:br:belo-horizonte", "BR", "coordinator"),
        ("2021-03", "region:fr:region-auvergne-rhone-alpes", "FR", "partner"),
    }
    rows = empty_graph.cypher("""
        MATCH (c:Programme)-[i:INVOLVES]->(k:Country)
        RETURN c.id AS programme, k.code AS country, c.start.year AS start, i.sources AS sources""")
    assert sorted((r["programme"], r["country"], r["start"]) for r in rows) == [
        ("programme:iati:br-cnpj-12345678000190-coop-2021-03", "BR", 2021),
        ("programme:iati:br-cnpj-12345678000190-coop-2023-01", "BR", 2023)]
    assert all(r["sources"] == [f"source:iati-{r['programme'].split(':')[-1]}"] for r in rows)
    before = empty_graph.digest()
    again = empty_graph.load([iati_file])
    assert not again.changed and empty_graph.digest() == before  # every party resolved from the graph


@pytest.mark.pure
def test_a_facts_row_finds_a_programme_declared_by_records_of_the_same_load(tmp_path):
    path = write(tmp_path, "facts.csv", [
        "Faro,PT,CISGA,BR,programme_membership,InovaJuntos,,2021,https://example.org/a,Faro no InovaJuntos\n"])
    bundled = {n.key for n in prepare(bundled_files()).batch.nodes if n.primary == "Cooperation"}
    prepared = prepare([*bundled_files(), path])
    parts = {rel.end[1] for rel in prepared.batch.relationships
             if rel.type == "TAKES_PART" and rel.start[1] == "municipality:pt:faro" and rel.properties["role"] == "participant"}
    assert parts == {"programme:inovajuntos"}
    assert {n.key for n in prepared.batch.nodes if n.primary == "Cooperation"} == bundled


@pytest.mark.pure
def test_a_facts_row_twinning_a_place_with_itself_is_refused(tmp_path):
    path = write(tmp_path, "facts.csv", [
        "Faro,Portugal,Faro,PT,sister_city,,,1999,https://example.org/a,Faro e Faro\n"])
    with pytest.raises(InputError) as caught:
        prepare([path])
    [problem] = caught.value.problems
    assert (problem.line, problem.field, problem.code) == (2, "party_b", "self-twinning")


@pytest.mark.pure
def test_skip_rejected_does_not_skip_a_file_that_cannot_be_read(tmp_path):
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes((HEADER + "Olhão,PT,Faro,PT,exchange,,,2019,https://example.org/a,q\n").encode("latin-1"))
    with pytest.raises(InputError) as caught:
        prepare([latin1], skip_rejected=True)
    [problem] = caught.value.problems
    assert problem.code == "not-utf8" and "--skip-rejected" not in str(caught.value)


@pytest.mark.pure
@pytest.mark.parametrize("order", ["undated first", "dated first"])
def test_an_undated_row_does_not_hide_the_date_another_row_gives(tmp_path, order):
    """Two real rows of cooperation-facts.csv state the Lisboa–Maputo twinning, one without
    a year and one with 1982: whichever comes first, the twinning is dated 1982."""
    lines = (DATA / "facts-one-twinning-twice.csv").read_text(encoding="utf-8").splitlines()
    rows = lines[1:] if order == "undated first" else lines[:0:-1]
    facts = tmp_path / "facts.csv"
    facts.write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    twinnings = [n for n in prepare([facts]).batch.nodes if n.properties.get("kind") == "twinning"]
    assert [(str(n.properties.get("signed")), n.properties.get("signedPrecision")) for n in twinnings] == [
        ("1982-01-01", "year")]
