"""`munigraph fetch wikidata` against a local query service: answers recorded from
portugal.tsv (tests/data/wikidata/record.py), a tiny Wikidata-shaped graph for what the
export lacks (dates, both sides of a statement), and the failures of a real service."""

import json
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

import munigraph
from munigraph.cli import cli
from munigraph.loaders import prepare, sparql, wikidata_fetch
from munigraph.loaders.resolve import Actor, Resolver

HERE = Path(__file__).parent / "data" / "wikidata"
EXPORT = HERE / "portugal.tsv"
PLACE = re.compile(r"wd:(Q\d+)")
TINY = """
@prefix wd: <http://www.wikidata.org/entity/> . @prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix p: <http://www.wikidata.org/prop/> . @prefix ps: <http://www.wikidata.org/prop/statement/> .
@prefix pq: <http://www.wikidata.org/prop/qualifier/> .
@prefix pqv: <http://www.wikidata.org/prop/qualifier/value/> . @prefix wikibase: <http://wikiba.se/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> .
wd:C1 wdt:P297 "BR" ; wdt:P37 wd:L1 . wd:L1 wdt:P424 "pt" . wd:C2 wdt:P297 "DE" ; wdt:P37 wd:L2 .
wd:L2 wdt:P424 "de" . wd:C3 rdfs:label "Prussia"@en .
wd:Q1 wdt:P17 wd:C1 ; rdfs:label "Curitiba"@en ; wdt:P625 "Point(-49.27 -25.43)"^^geo:wktLiteral ;
  p:P190 wd:S1, wd:S3, wd:S4 ; p:P1082 wd:N1, wd:N2 .
wd:N1 ps:P1082 1751907 ; wikibase:rank wikibase:NormalRank ; pq:P585 "2010-01-01T00:00:00Z"^^xsd:dateTime .
wd:N2 ps:P1082 1773718 ; wikibase:rank wikibase:NormalRank ; pq:P585 "2022-01-01T00:00:00Z"^^xsd:dateTime .
wd:S1 ps:P190 wd:Q2 ; wikibase:rank wikibase:NormalRank ; pqv:P580 wd:V1 ; pqv:P582 wd:V2 .
wd:V1 wikibase:timeValue "1987-06-12T00:00:00Z"^^xsd:dateTime ; wikibase:timePrecision 10 .
wd:V2 wikibase:timeValue "2001-01-01T00:00:00Z"^^xsd:dateTime ; wikibase:timePrecision 9 .
wd:Q2 wdt:P17 wd:C2 ; rdfs:label "Munich"@en, "Munique"@pt, "München"@de, "Monaco di Baviera"@it, "ミュンヘン"@ja ;
  wdt:P625 "Point(11.575 48.1375)"^^geo:wktLiteral .
wd:Q3 wdt:P17 wd:C2 ; rdfs:label "Köln"@de ; p:P190 wd:S2 .
wd:S2 ps:P190 wd:Q1 ; wikibase:rank wikibase:NormalRank ; pqv:P580 wd:V3 .
wd:V3 wikibase:timeValue "1990-01-01T00:00:00Z"^^xsd:dateTime ; wikibase:timePrecision 8 .
wd:S3 ps:P190 wd:Q4 ; wikibase:rank wikibase:DeprecatedRank .
wd:Q4 wdt:P17 wd:C2 ; rdfs:label "Deprecated Town"@en .
wd:S4 ps:P190 wd:Q5 ; wikibase:rank wikibase:NormalRank .
wd:Q5 wdt:P17 wd:C3 ; rdfs:label "Königsberg"@en .
""".replace("wd:C", "wd:Q90").replace("wd:L", "wd:Q80").replace("wd:S", "wd:Q70").replace(
    "wd:N", "wd:Q60").replace("wd:V", "wd:Q50")


def recorded(query: str):
    """What the recorded service answers ``query``: Portugal's twinnings, the places of
    those asked for, an empty result for another country."""
    if "VALUES ?itemCountryCode" in query:
        if '"PT"' in query:
            return 200, {}, (HERE / "p190-pt.json").read_bytes()
        return 200, {}, json.dumps({"head": {"vars": list(wikidata_fetch.TWINNING_VARIABLES)},
                                    "results": {"bindings": []}}).encode()
    asked = set(PLACE.findall(query.split("VALUES ?place", 1)[1].split("}", 1)[0]))
    document = json.loads((HERE / "places-pt.json").read_bytes())
    document["results"]["bindings"] = [b for b in document["results"]["bindings"]
                                       if b["place"]["value"].rsplit("/", 1)[1] in asked]
    return 200, {}, json.dumps(document).encode()


def tiny(query: str):
    """The answer of the tiny Wikidata-shaped graph, by the query itself."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data=TINY, format="turtle")
    return 200, {}, graph.query(query).serialize(format="json")


class Service:
    """A local SPARQL service: answers by ``answer(query)``, after the ``plan`` of answers
    (``(status, headers, body)`` or a delay in seconds) is used up; ``asked`` holds
    ``(query, user agent)`` of every request."""

    def __init__(self):
        self.answer, self.plan, self.asked = recorded, [], []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                query = urllib.parse.parse_qs(body.decode())["query"][0]
                service.asked.append((query, self.headers["User-Agent"]))
                step = service.plan.pop(0) if service.plan else service.answer(query)
                if isinstance(step, (int, float)):
                    time.sleep(step)
                    step = service.answer(query)
                status, headers, content = step
                try:
                    self.send_response(status)
                    for name, value in {"Content-Type": "application/sparql-results+json", **headers}.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def service():
    running = Service()
    yield running
    running.server.shutdown()


@pytest.fixture
def fresh(service):
    service.answer, service.plan, service.asked = recorded, [], []
    return service


def fetch(service, tmp_path, *options, output="pt.tsv", env=None):
    """Run ``munigraph fetch wikidata`` against ``service`` with the data folder in ``tmp_path``."""
    return CliRunner().invoke(cli, ["fetch", "wikidata", "--endpoint", service.endpoint, "-o",
                                    str(tmp_path / output), *options],
                              env={"MUNIGRAPH_DATA": str(tmp_path / "data"), "MUNIGRAPH_LANG": "en",
                                   "MUNIGRAPH_CONTACT": None, **(env or {})})


def twinning_pairs(batch) -> set:
    """The pairs of actor ids that the twinnings of a prepared graph join."""
    ends = {}
    for rel in batch.relationships:
        if rel.type == "TAKES_PART" and rel.end[1].startswith("agreement:twinning:"):
            ends.setdefault(rel.end[1], set()).add(rel.start[1])
    return {tuple(sorted(pair)) for pair in ends.values()}


@pytest.mark.pure
def test_a_fetched_file_gives_the_export_s_twinnings_and_a_second_fetch_is_served_from_the_cache(fresh, tmp_path):
    first = fetch(fresh, tmp_path, "--country", "PT")
    assert first.exit_code == 0, first.output
    asked = len(fresh.asked)
    assert asked == 1 + 3  # the twinnings, then the places 250 at a time
    fetched, export = prepare([tmp_path / "pt.tsv"]).batch, prepare([EXPORT]).batch
    assert twinning_pairs(fetched) == twinning_pairs(export)
    assert len(twinning_pairs(fetched)) == 468
    rows = (tmp_path / "pt.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert re.search(rf"Wrote {len(rows)} rows \(twinnings between \d+ Wikidata items\) to .*pt\.tsv", first.output)
    items = {n.key: n.properties.get("wikidataId") for n in fetched.nodes if n.primary == "Actor"}
    assert all(re.fullmatch(r"Q9\d{9}", q or "") for q in items.values()), items

    again = fetch(fresh, tmp_path, "--country", "PT", output="again.tsv")
    assert again.exit_code == 0, again.output
    assert len(fresh.asked) == asked
    assert "4 of 4 answers from the cache of" in again.output
    assert (tmp_path / "again.tsv").read_bytes() == (tmp_path / "pt.tsv").read_bytes()
    fetch(fresh, tmp_path, "--country", "PT", "--refresh", output="again.tsv")
    assert len(fresh.asked) == 2 * asked


@pytest.mark.pure
def test_the_query_s_dates_sides_names_and_population_reach_the_graph(fresh, tmp_path):
    fresh.answer = tiny
    result = fetch(fresh, tmp_path, "--country", "BR", output="br.tsv")
    assert result.exit_code == 0, result.output
    rows = (tmp_path / "br.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0].split("\t") == list(wikidata_fetch.COLUMNS)
    assert len(rows) == 1 + 2  # Munich and Köln; the deprecated twinning and Prussia's town are not rows
    assert "left out 1 twinnings" in result.output and "Q1 – Q5: 'Königsberg' has no country" in result.output
    graph = prepare([tmp_path / "br.tsv"]).batch
    cooperations = {n.key: n.properties for n in graph.nodes if n.primary == "Cooperation"}
    munich = cooperations["agreement:twinning:br-curitiba--de-munich"]
    assert (str(munich["start"]), munich["startPrecision"]) == ("1987-06-01", "month")
    assert (str(munich["end"]), munich["endPrecision"]) == ("2001-01-01", "year")
    assert "start" not in cooperations["agreement:twinning:br-curitiba--de-koln"]  # a decade is no year
    actors = {n.key: n.properties for n in graph.nodes if n.primary == "Actor"}
    assert actors["municipality:br:curitiba"]["population"] == 1773718  # the latest figure
    assert actors["municipality:br:curitiba"]["lat"] == -25.43
    assert {"Munique", "München", "Monaco di Baviera"} <= set(actors["municipality:de:munich"]["placeNames"])
    assert "ミュンヘン" not in actors["municipality:de:munich"]["placeNames"]  # not a language asked for


@pytest.mark.pure
def test_the_user_agent_names_munigraph_and_the_contact(fresh, tmp_path):
    fetch(fresh, tmp_path, "--country", "PT", "--contact", "ana@example.org")
    assert all(agent.startswith("munigraph/") and "(ana@example.org)" in agent for _query, agent in fresh.asked)
    fetch(fresh, tmp_path, "--country", "PT", "--refresh", env={"MUNIGRAPH_CONTACT": "https://example.org/me"})
    assert "(https://example.org/me)" in fresh.asked[-1][1]


FAILURES = [
    ("500", [(500, {}, b"java.lang.RuntimeException: boom")] * 2,
     r"failed to answer the twinnings of PT 2 times \(HTTP 500: java.lang.RuntimeException: boom\)"),
    ("timeout", [3.0], r"did not answer the twinnings of PT within 0.5 s; give it longer with --timeout"),
    ("malformed", [(200, {}, b'{"head": {"vars": []}, "results": ')],
     r"is not SPARQL JSON results .*is the address a SPARQL endpoint\?"),
    ("refused", [(403, {}, b"Please set a user-agent")],
     r"refused the twinnings of PT \(HTTP 403: Please set a user-agent\); .* --contact"),
    ("too long a wait", [(429, {"Retry-After": "3600"}, b"")], r"asks to wait 3600 s before asking again"),
]


@pytest.mark.pure
@pytest.mark.parametrize("plan, message", [f[1:] for f in FAILURES], ids=[f[0] for f in FAILURES])
def test_a_failing_service_gives_one_line_and_writes_nothing(fresh, tmp_path, plan, message):
    fresh.plan = list(plan)
    result = fetch(fresh, tmp_path, "--country", "PT", "--timeout", "0.5", "--retries", "1")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and re.search(message, lines[0]), result.output
    assert not (tmp_path / "pt.tsv").exists()
    assert not list(tmp_path.glob("**/*.json")) and not list(tmp_path.glob("**/*.part"))


@pytest.mark.pure
def test_an_empty_answer_or_no_service_writes_nothing(fresh, tmp_path):
    empty = fetch(fresh, tmp_path, "--country", "MZ")
    assert empty.exit_code == 1
    assert empty.output.strip().endswith("knows no twinning of a place in MZ; nothing was written")
    offline = CliRunner().invoke(cli, ["fetch", "wikidata", "--country", "PT", "--endpoint",
                                       "http://127.0.0.1:9/sparql", "-o", str(tmp_path / "pt.tsv")],
                                 env={"MUNIGRAPH_DATA": str(tmp_path / "data"), "MUNIGRAPH_LANG": "en"})
    assert offline.exit_code == 1 and len(offline.output.strip().splitlines()) == 1
    assert "cannot reach http://127.0.0.1:9/sparql" in offline.output and "offline" in offline.output
    assert not list(tmp_path.glob("**/*.tsv")) and not list(tmp_path.glob("**/*.json"))
    assert fetch(fresh, tmp_path, "--country", "PT", "--country", "MZ").exit_code == 0  # MZ's empty answer kept
    again = fetch(fresh, tmp_path, "--country", "mz", output="mz.tsv")
    assert again.exit_code == 1 and "in the cache; --refresh asks again" in again.output


@pytest.mark.pure
def test_a_429_is_asked_again_after_the_wait_the_service_asks_for(fresh, tmp_path):
    fresh.plan = [(429, {"Retry-After": "2"}, b"slow down"), (503, {}, b"busy")]
    waits = []
    client = sparql.Client(fresh.endpoint, timeout=5, retries=2, cache=tmp_path / "cache", sleep=waits.append)
    report = wikidata_fetch.fetch(["PT"], tmp_path / "pt.tsv", client)
    assert waits == [2.0, 2.0]  # Retry-After, then the backoff's second step
    assert report.twinnings == 474 and report.requests == 2 + 4
    fresh.plan = [(429, {}, b"")] * 3
    with pytest.raises(munigraph.FetchError, match=r"limiting requests \(HTTP 429\) and refused .* 3 times"):
        wikidata_fetch.fetch(["MZ"], tmp_path / "mz.tsv", sparql.Client(fresh.endpoint, retries=2,
                                                                          sleep=waits.append))


@pytest.mark.pure
def test_show_query_prints_the_query_as_sent_and_countries_are_checked(tmp_path):
    assert wikidata_fetch.country_codes("Brasil") == ["BR"]  # one country as a string
    shown = CliRunner().invoke(cli, ["fetch", "wikidata", "--show-query", "--country", "Moçambique"])
    assert shown.exit_code == 0
    assert 'VALUES ?itemCountryCode { "MZ" }' in shown.output
    for variable in wikidata_fetch.TWINNING_VARIABLES:
        assert f"?{variable}" in shown.output.split("WHERE", 1)[0]
    wrong = CliRunner().invoke(cli, ["fetch", "wikidata", "--country", "Atlantis"], env={"MUNIGRAPH_LANG": "en"})
    assert wrong.exit_code == 1 and "'Atlantis' is not a country" in wrong.output
    nowhere = CliRunner().invoke(cli, ["fetch", "wikidata", "--country", "PT", "-o", str(tmp_path / "no" / "pt.tsv"),
                                       "--endpoint", "http://127.0.0.1:9/sparql"], env={"MUNIGRAPH_LANG": "en"})
    assert nowhere.exit_code == 1 and "the folder" in nowhere.output and "does not exist" in nowhere.output


@pytest.mark.pure
def test_resolution_tries_the_wikidata_id_before_any_name():
    lisboa = Actor("municipality:pt:lisboa", "Lisboa", "municipality", "PT", external={"wikidataId": "Q597"})
    other = Actor("municipality:pt:lisbon", "Lisbon", "municipality", "PT", external={"wikidataId": "Q1"})
    resolver = Resolver([lisboa, other])
    assert resolver.resolve("Q597").id == "municipality:pt:lisboa"
    assert resolver.resolve("Lisbon", "PT", external={"wikidataId": "Q597"}).id == "municipality:pt:lisboa"
    assert resolver.resolve("Lisboa", "PT", external={"wikidataId": "Q42"}) is None  # another place


def test_a_fetched_twinning_and_a_curated_record_meet_on_the_wikidata_id(fresh, tmp_path, empty_graph):
    assert fetch(fresh, tmp_path, "--country", "PT").exit_code == 0
    setubal = next(line.split("\t") for line in (tmp_path / "pt.tsv").read_text(encoding="utf-8").splitlines()
                   if line.startswith("Setúbal\t"))[wikidata_fetch.COLUMNS.index("origincity")]
    records = tmp_path / "setubal.yaml"
    records.write_text(f"""actors:
  - id: municipality:pt:cms
    type: municipality
    name: CMS
    country: PT
    wikidataId: {setubal}
    sources: [source:cms]
  - id: municipality:pt:lagoa
    type: municipality
    name: Lagoa
    description: The source does not say which of Portugal's two municipalities named Lagoa.
    country: PT
sources:
  - id: source:cms
    title: Câmara Municipal de Setúbal
    url: https://www.mun-setubal.pt/
""", encoding="utf-8")
    empty_graph.load([records, tmp_path / "pt.tsv"])
    partners = empty_graph.cypher(
        "MATCH (a:Actor {wikidataId: $q})-[:TAKES_PART]->(:Agreement {kind: 'twinning'}) RETURN a.id AS id, "
        "count(*) AS twinnings", q=setubal)
    expected = sum(1 for pair in twinning_pairs(prepare([EXPORT]).batch) if "municipality:pt:setubal" in pair)
    assert [dict(r) for r in partners] == [{"id": "municipality:pt:cms", "twinnings": expected}]
    assert expected > 5
    assert empty_graph.query("partners", actor=setubal.lower())  # an actor is found by its Wikidata id
    lagoa = empty_graph.cypher("MATCH (a:Actor {name: 'Lagoa'}) OPTIONAL MATCH (a)-[:TAKES_PART]->(c) "
                               "RETURN a.id AS id, a.lat AS lat, count(c) AS cooperations ORDER BY id")
    assert [(r["id"], r["cooperations"]) for r in lagoa] == [("municipality:pt:lagoa", 0),
                                                            ("municipality:pt:lagoa-37-8n-25-6w", 1)]
    sintra = empty_graph.cypher("MATCH (a:Actor {id: 'municipality:pt:sintra'}) RETURN a.wikidataId AS first, "
                                "a.wikidataIds AS others")[0]
    assert len(sintra["others"]) == 1 and sintra["first"] not in sintra["others"]
    assert [r["actor_id"] for r in empty_graph.query("partners", actor=sintra["others"][0])][:1] == \
        ["municipality:pt:sintra"]
    stored = empty_graph.cypher("MATCH (a:Actor) WHERE a.wikidataId IS NOT NULL RETURN count(a) AS n")[0]["n"]
    assert stored == len({n.key for n in prepare([tmp_path / "pt.tsv"]).batch.nodes if n.primary == "Actor"})


@pytest.mark.pure
def test_a_place_named_like_an_actor_with_another_wikidata_id_is_another_place(tmp_path):
    records = tmp_path / "faro.yaml"
    records.write_text("actors:\n  - {id: municipality:pt:faro, type: municipality, name: Faro, country: PT, "
                       "wikidataId: Q1}\n", encoding="utf-8")
    header = "\t".join(wikidata_fetch.COLUMNS)
    row = dict.fromkeys(wikidata_fetch.COLUMNS, "")
    row.update(origincityLabel="Faro", origincountry="PT", origincity="Q123", sistercityLabel="Loulé",
               destination_countryLabel="PT", sistercity="Q456")
    twinnings = tmp_path / "faro.tsv"
    twinnings.write_text(header + "\n" + "\t".join(row.values()) + "\n", encoding="utf-8")
    graph = prepare([records, twinnings]).batch
    assert twinning_pairs(graph) == {("municipality:pt:faro-q123", "municipality:pt:loule")}
    row["origincity"] = "Q1"
    twinnings.write_text(header + "\n" + "\t".join(row.values()) + "\n", encoding="utf-8")
    assert twinning_pairs(prepare([records, twinnings]).batch) == {("municipality:pt:faro", "municipality:pt:loule")}
