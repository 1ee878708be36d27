"""Random valid records round-trip: written as a records file, loaded, read back from the
store and turned into records again, they are what was written (hypothesis)."""

import datetime
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from munigraph.graph.model import ACTOR_TYPES, COOPERATION_TYPES, SUMMARIES

COUNTRIES = ["BR", "PT", "FR", "IT", "MZ"]  # all in the bundled dataset: no country is added
ROLES = ["partner", "signatory", "host", "coordinator", "funder", "participant"]
PRECISION = {"year": 4, "month": 7, "day": 10}  # characters of an ISO date at each precision

text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(str.strip)
dates = st.dates(datetime.date(1950, 1, 1), datetime.date(2040, 12, 31))


@st.composite
def documents(draw):
    """A records file: 2–4 actors, one cooperation between them, one web source."""
    count = draw(st.integers(2, 4))
    actors = []
    for number in range(count):
        kind = draw(st.sampled_from(sorted(ACTOR_TYPES)))
        actor = {"id": f"{kind}:rt-{number}-test", "type": kind, "name": draw(text),
                 "country": draw(st.sampled_from(COUNTRIES))}
        if draw(st.booleans()):
            actor["aliases"] = draw(st.lists(text, min_size=1, max_size=3, unique=True))
        if draw(st.booleans()):
            actor["description"] = draw(text)
        if draw(st.booleans()):
            actor["lat"] = draw(st.floats(-90, 90))
            actor["lon"] = draw(st.floats(-180, 180))
        actors.append(actor)
    kind = draw(st.sampled_from(sorted(COOPERATION_TYPES)))
    precision = draw(st.sampled_from(sorted(PRECISION)))  # of the start, and of the end
    start, end = sorted(draw(st.lists(dates, min_size=2, max_size=2)))
    record = {"id": f"{kind}:rt-test", "type": kind, "name": draw(text),
              "start": start.isoformat()[:PRECISION[precision]],
              "parties": [{"actor": a["id"], "role": draw(st.sampled_from(ROLES))} for a in actors],
              "evidence": [{"source": "source:rt-test", "quote": draw(text)}]}
    if draw(st.booleans()):
        record["end"] = end.isoformat()[:PRECISION[draw(st.sampled_from(sorted(PRECISION)))]]
    return {"sources": [{"id": "source:rt-test", "title": draw(text), "url": "https://example.org/rt"}],
            "actors": actors, "records": [record]}


# What munigraph adds to a record's actor: its lookup names, and a municipality's GeoNames
# id and names in other languages when its name is a GeoNames place of its country.
DERIVED = ("lookup", "geonamesId", "placeNames", *SUMMARIES)


def read_back(graph, document) -> dict:
    """The document's sources, actors and records as the store holds them, as records."""
    ids = [a["id"] for a in document["actors"]]
    actors = []
    for row in graph.cypher("MATCH (a:Actor) WHERE a.id IN $ids RETURN labels(a) AS labels, "
                            "properties(a) AS p ORDER BY a.id", ids=ids):
        actor = {k: v for k, v in row["p"].items() if k not in DERIVED}
        actor["type"] = next(k for k, label in ACTOR_TYPES.items() if label in row["labels"])
        actors.append(actor)
    [row] = graph.cypher("MATCH (c:Cooperation {id: $id}) RETURN labels(c) AS labels, properties(c) AS p",
                         id=document["records"][0]["id"])
    record = {k: v for k, v in row["p"].items() if k not in ("lookup", "startPrecision", "endPrecision")}
    record["type"] = next(k for k, label in COOPERATION_TYPES.items() if label in row["labels"])
    for name in ("start", "end"):
        if name in record:
            record[name] = record[name].isoformat()[:PRECISION[row["p"].get(f"{name}Precision", "day")]]
    record["parties"] = graph.cypher(
        "MATCH (a:Actor)-[t:TAKES_PART]->(:Cooperation {id: $id}) RETURN a.id AS actor, t.role AS role "
        "ORDER BY actor", id=record["id"])
    record["evidence"] = graph.cypher(
        "MATCH (:Cooperation {id: $id})-[e:EVIDENCED_BY]->(s:Source) RETURN s.id AS source, e.quote AS quote",
        id=record["id"])
    sources = graph.cypher("MATCH (s:Source {id: 'source:rt-test'}) RETURN s.id AS id, s.title AS title, "
                           "s.url AS url")
    return {"sources": sources, "actors": actors, "records": [record]}


def as_stored(document) -> dict:
    """The document in the order ``read_back`` gives."""
    document = json.loads(json.dumps(document))
    document["actors"].sort(key=lambda a: a["id"])
    document["records"][0]["parties"].sort(key=lambda p: p["actor"])
    return document


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents())
def test_random_records_round_trip(graph, tmp_path, document):
    path = tmp_path / "random.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    try:
        graph.load([path])
        assert read_back(graph, document) == as_stored(document)
    finally:
        graph.unload([path])
