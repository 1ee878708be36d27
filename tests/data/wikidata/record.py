"""Make the recorded answers of the test query service from portugal.tsv.

portugal.tsv is the Wikidata P190 export of ../shared/data/wikidata-p190 (real, CC0). The
TSV has no item ids, so each place gets a made-up one (Q9000000001 and up: beyond
Wikidata's numbers, no real item): rows of one name and country within 25 km are one
place, as the loader takes them. The places become a small graph in Wikidata's RDF shape
(labels in English, countries with their ISO codes, coordinates, population, one P190
statement per row), and munigraph's own two queries run on it with rdflib (the first
place by place, with the same results); their SPARQL 1.1 JSON results are p190-pt.json and
places-pt.json.

    python tests/data/wikidata/record.py     # needs rdflib (pip install rdflib)
"""

import csv
import json
from pathlib import Path

import rdflib
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDFS, XSD

from munigraph.loaders import places, wikidata
from munigraph.loaders.countries import country_code
from munigraph.loaders.wikidata_fetch import places_query, twinnings_query

HERE = Path(__file__).parent
WD, WDT = Namespace("http://www.wikidata.org/entity/"), Namespace("http://www.wikidata.org/prop/direct/")
P, PS = Namespace("http://www.wikidata.org/prop/"), Namespace("http://www.wikidata.org/prop/statement/")
WIKIBASE = Namespace("http://wikiba.se/ontology#")
WKT = URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")
FIRST = 9_000_000_001


def main():
    graph, items, countries = rdflib.Graph(), {}, {}
    with (HERE / "portugal.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    for number, row in enumerate(rows):
        ends = [_place(graph, items, countries, row, side) for side in (wikidata.ORIGIN, wikidata.SISTER)]
        statement = WD[f"statement-{number}"]
        graph.add((ends[0], P.P190, statement))
        graph.add((statement, PS.P190, ends[1]))
        graph.add((statement, WIKIBASE.rank, WIKIBASE.NormalRank))
    query, bindings = twinnings_query("PT"), []
    portuguese = {key[3] for key in items.values() if key[1] == "Portugal"}
    for item in sorted(portuguese, key=lambda q: int(q[1:])):
        # the query place by place: rdflib's joins take hours over the whole file at once
        found = json.loads(graph.query(query, initBindings={"item": WD[item]}).serialize(format="json"))
        bindings += found["results"]["bindings"]
    twinnings = {"head": found["head"], "results": {"bindings": bindings}}
    (HERE / "p190-pt.json").write_text(json.dumps(twinnings, ensure_ascii=False, separators=(",", ":")),
                                       encoding="utf-8")
    described = graph.query(places_query(sorted({key[3] for key in items.values()})))
    (HERE / "places-pt.json").write_bytes(described.serialize(format="json"))
    print(len(bindings), "twinning rows,", len(items), "places,", len(described), "place rows")


def _place(graph, items, countries, row, columns):
    """The made-up item of one side of ``row``, added to ``graph`` the first time."""
    name, country, lat, lon, population = (row[c] for c in columns[:5])
    point = (float(lat), float(lon)) if lat and lon else None
    item = next((q for (n, c, p, q) in items.values() if n == name and c == country and
                 (p is None or point is None or places.km(*p, *point) <= places.NEAR_KM)), None)
    if item is None:
        item = f"Q{FIRST + len(items)}"
        node = WD[item]
        graph.add((node, RDFS.label, Literal(name, lang="en")))
        graph.add((node, WDT.P17, _country(graph, countries, country)))
        if population:
            statement = WD[f"population-{item}"]
            graph.add((node, P.P1082, statement))
            graph.add((statement, PS.P1082, Literal(int(float(population)), datatype=XSD.decimal)))
            graph.add((statement, WIKIBASE.rank, WIKIBASE.NormalRank))
    key = (name, country, point, item)
    if point is not None and key not in items:
        graph.add((WD[item], WDT.P625, Literal(f"Point({point[1]} {point[0]})", datatype=WKT)))
    items.setdefault(key, key)
    return WD[item]


def _country(graph, countries, name):
    """The made-up item of a country, with its ISO code (P297) when it has one."""
    if name not in countries:
        countries[name] = WD[f"Q{FIRST - 1000 + len(countries)}"]
        try:
            code = country_code(name)
        except ValueError:
            code = None
        if code:
            graph.add((countries[name], WDT.P297, Literal(code)))
    return countries[name]


if __name__ == "__main__":
    main()
