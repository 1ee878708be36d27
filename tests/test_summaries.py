"""The summaries the graph keeps (docs/graph-model.md, "Summaries"): equal to a
recomputation from the data after loads, reloads, edits, merges, unloads and Cypher
writes, and the questions that read them answer as the full computation they replace."""

from collections import Counter

from munigraph import queries
from munigraph.graph.model import SUMMARIES, SUMMARY_LABELS, SUMMARY_TYPES
from munigraph.loaders import summaries
from munigraph.loaders.summaries import SEARCHED

# Each summary recomputed from the data, by Cypher independent of loaders/summaries.py.
RECOMPUTED = {
    "Actor": """MATCH (a:Actor)
                OPTIONAL MATCH (a)-[:TAKES_PART]->(c:Cooperation)
                WITH a, count(DISTINCT c) AS cooperations
                OPTIONAL MATCH (a)-[:TAKES_PART]->(c:Cooperation)<-[:TAKES_PART]-(p:Actor) WHERE p <> a
                RETURN a.id AS id, [cooperations, count(DISTINCT p), count(DISTINCT c)] AS expected,
                       [a.cooperationCount, a.partnerCount, a.sharedCooperationCount] AS kept""",
    "Topic": """MATCH (t:Topic)
        OPTIONAL MATCH (c:Cooperation)-[:ON_TOPIC]->(t)
        WITH t, count(DISTINCT c) AS cooperations
        OPTIONAL MATCH (c:Cooperation)-[:ON_TOPIC]->(sub:Topic)
        WHERE sub = t OR sub.parent = t.id OR EXISTS { MATCH (up:Topic {id: sub.parent}) WHERE up.parent = t.id }
        WITH t, cooperations, c ORDER BY c.name, c.id
        OPTIONAL MATCH (listed:TopicCooperations {topic: t.id})
        RETURN t.id AS id, [cooperations, collect(DISTINCT c.id)] AS expected,
               [t.cooperationCount, coalesce(listed.cooperations, [])] AS kept""",
    "Country": """MATCH (k:Country)
        OPTIONAL MATCH (a:Actor)-[:LOCATED_IN]->(k)
        WITH k, a ORDER BY a.cooperationCount DESC, a.name, a.id
        OPTIONAL MATCH (listed:CountryActors {country: k.code})
        RETURN k.code AS id, [collect(DISTINCT a.id)] AS expected, [coalesce(listed.actors, [])] AS kept""",
    "Source": """MATCH (s:Source) OPTIONAL MATCH (c:Cooperation)-[:EVIDENCED_BY]->(s)
                 RETURN s.id AS id, [count(DISTINCT c)] AS expected, [s.cooperationCount] AS kept""",
    "CountryPair": """MATCH (c:Cooperation)
        OPTIONAL MATCH (c)<-[:TAKES_PART]-(a:Actor)-[:LOCATED_IN]->(k:Country)
        WITH c, collect(DISTINCT {actor: a.id, code: k.code}) AS held
        OPTIONAL MATCH (c)-[:INVOLVES]->(s:Country)
        WITH c, [h IN held WHERE h.actor IS NOT NULL | h.code] + collect(DISTINCT s.code) AS places
        UNWIND range(0, size(places) - 1) AS i
        UNWIND range(0, size(places) - 1) AS j
        WITH c, places[i] AS x, places[j] AS y, i, j WHERE i < j
        WITH DISTINCT c, CASE WHEN x <= y THEN [x, y] ELSE [y, x] END AS pair
        WITH pair, c, coalesce(c.start, c.signed) AS began ORDER BY began, c.name
        WITH pair, collect(c.name) AS names, collect(c.id) AS cooperations
        RETURN pair[0] + '|' + pair[1] AS id, [size(names), names, pair, cooperations] AS expected""",
    "Name": """MATCH (a:Actor)
        UNWIND coalesce(a.lookup, []) + coalesce(a.ids, []) + coalesce(a.wikidataIds, [])
               + [x IN [a.wikidataId, a.iatiRef, toString(a.geonamesId)] WHERE x IS NOT NULL] AS key
        WITH key, a ORDER BY a.id
        RETURN key AS id, collect(DISTINCT a.id) AS expected""",
    "Word": """CALL () {
          MATCH (n) WHERE n:Actor OR n:Cooperation OR n:Topic
          RETURN n, [l IN labels(n) WHERE l IN ['Actor', 'Cooperation', 'Topic']][0] AS label,
                 coalesce(n.lookup, []) AS texts
          UNION
          MATCH (n:Source)
          RETURN n, 'Source' AS label, [x IN [n.title, n.titleEn, n.publisher] WHERE x IS NOT NULL | toLower(x)] AS texts
        }
        UNWIND texts AS text
        UNWIND split(text, ' ') AS word
        WITH label, word, n WHERE word <> ''
        RETURN label + ' ' + word AS id, collect(DISTINCT n.id) AS expected""",
    "Year": """MATCH (c:Cooperation) WITH c, coalesce(c.start, c.signed) AS began WHERE began IS NOT NULL
        WITH began.year AS year, c ORDER BY c.name
        RETURN year AS id, [count(c), collect(c.name)] AS expected""",
}
KEPT = {  # what the graph keeps, in the form of RECOMPUTED's expected
    "CountryPair": """MATCH (p:CountryPair)
        RETURN p.id AS id, [p.cooperationCount, p.examples, p.countries, p.cooperations,
               [(p)-[:BETWEEN]->(k:Country) | k.code]] AS kept""",
    "Year": "MATCH (y:Year) RETURN y.year AS id, [y.cooperationCount, y.names] AS kept",
    "Name": "MATCH (n:Name) RETURN n.prefix AS prefix, n.forms AS forms, n.actors AS actors",
    "Word": "MATCH (w:Word) RETURN w",
}

# The questions as they were written before the summaries, the full computation, one row
# per actor (they grouped by name, so two actors of one name and country, such as the two
# Altdorfs of Germany in the shared data, made one row).
FULL = {
    "most-connected": """MATCH (a:Actor)-[:TAKES_PART]->(c:Cooperation)<-[:TAKES_PART]-(p:Actor)
        WHERE p <> a
        WITH a, count(DISTINCT p) AS partners, count(DISTINCT c) AS cooperations
        RETURN a.name AS actor, a.country AS country, partners, cooperations""",
    "by-country": """MATCH (k:Country) WHERE k.id = $country OR toLower($country) IN k.lookup
        MATCH (a:Actor)-[:LOCATED_IN]->(k)
        OPTIONAL MATCH (a)-[:TAKES_PART]->(c:Cooperation)
        WITH a, count(DISTINCT c) AS cooperations
        RETURN a.name AS actor, [l IN labels(a) WHERE l <> 'Actor'][0] AS kind, cooperations""",
    "topics-by-sdg": """MATCH (t:Topic) UNWIND t.sdg AS sdg
        OPTIONAL MATCH (c:Cooperation)-[:ON_TOPIC]->(t)
        RETURN sdg, t.name AS topic, t.namePt AS topicPt, count(c) AS cooperations""",
    "sources": """MATCH (s:Source)
        WHERE any(form IN [toLower(s.title), toLower(coalesce(s.titleEn, "")), toLower(coalesce(s.publisher, ""))]
                  WHERE form STARTS WITH toLower(trim($text)) OR form CONTAINS ' ' + toLower(trim($text)))
        RETURN s.title AS source, s.publisher AS publisher, s.url AS url, s.file AS file,
               COUNT { MATCH (c:Cooperation)-[:EVIDENCED_BY]->(s) RETURN DISTINCT c } AS cooperations""",
    "country-pairs": """MATCH (c:Cooperation)
        WITH c, [(c)<-[:TAKES_PART]-(:Actor)-[:LOCATED_IN]->(k:Country) | k]
                + [(c)-[:INVOLVES]->(k:Country) | k] AS places
        UNWIND places AS x
        UNWIND places AS y
        WITH DISTINCT c, x, y
        WHERE x.code < y.code AND ($country = "" OR toLower($country) IN x.lookup OR toLower($country) IN y.lookup)
        WITH x, y, c ORDER BY c.name
        RETURN x.name AS country, y.name AS other, count(c) AS cooperations, collect(c.name)[..3] AS examples""",
    "between-countries": """MATCH (x:Country) WHERE x.id = $country OR toLower($country) IN x.lookup
        MATCH (y:Country) WHERE y.id = $other OR toLower($other) IN y.lookup
        MATCH (c:Cooperation)
        WHERE (EXISTS { MATCH (c)-[:INVOLVES]->(x) }
               OR EXISTS { MATCH (c)<-[:TAKES_PART]-(:Actor)-[:LOCATED_IN]->(x) })
          AND (EXISTS { MATCH (c)-[:INVOLVES]->(y) }
               OR EXISTS { MATCH (c)<-[:TAKES_PART]-(:Actor)-[:LOCATED_IN]->(y) })
        OPTIONAL MATCH (c)<-[:TAKES_PART]-(a:Actor)
        RETURN c.name AS cooperation, [l IN labels(c) WHERE l <> 'Cooperation'][0] AS kind,
               coalesce(c.start, c.signed) AS start, collect(DISTINCT a.name) AS parties""",
    "topic": """MATCH (t:Topic)
        WHERE t.id = $topic OR toLower($topic) IN t.lookup
        MATCH (sub:Topic)
        WHERE sub = t OR sub.parent = t.id
           OR EXISTS { MATCH (up:Topic {id: sub.parent}) WHERE up.parent = t.id }
        MATCH (c:Cooperation)-[:ON_TOPIC]->(sub)
        WITH c, collect(DISTINCT sub.name) AS topics
        OPTIONAL MATCH (c)-[:INVOLVES]->(k:Country)
        WITH c, topics, collect(k.code) AS scope
        OPTIONAL MATCH (a:Actor)-[p:TAKES_PART]->(c)
        RETURN c.name AS cooperation, topics, a.name AS actor, a.country AS country, p.role AS role, scope""",
    "find": """MATCH (n) WHERE (n:Actor OR n:Cooperation OR n:Topic)
          AND any(form IN n.lookup WHERE form STARTS WITH toLower(trim($text))
                                      OR form CONTAINS ' ' + toLower(trim($text)))
        RETURN n.id AS id, n.name AS name, n.country AS country,
               [l IN labels(n) WHERE NOT l IN ['Actor', 'Cooperation']][0] AS kind""",
    "timeline": """MATCH (c:Cooperation) WITH c, coalesce(c.start, c.signed) AS date WHERE date IS NOT NULL
        RETURN date.year AS year, count(c) AS cooperations, collect(c.name) AS names""",
}
ASKED = {"most-connected": [{"limit": 10_000}], "topics-by-sdg": [{"lang": "en"}],
         "sources": [{"limit": 10_000, "text": text} for text in ("", "InovaJuntos", "barlavento –", "am",
                                                                   "Relações", "de soc")],
         "find": [{"limit": 10_000, "text": text} for text in ("olhao", "Olhão", "porto al", "sao", "amal", "am",
                                                                " Coop", "frente nac", "do alg")],
         "by-country": [{"country": code, "limit": 10_000} for code in ("BR", "PT", "MZ", "FR", "IT")],
         "country-pairs": [{"limit": 10_000, "lang": "en", "country": ""},
                           {"limit": 10_000, "lang": "en", "country": "moçambique"}],
         "timeline": [{"names": 1_000}],
         "topic": [{"topic": topic, "limit": 10_000, "lang": "en"} for topic in (
             "Public services", "Cooperação descentralizada", "topic:solid-waste", "saneamento")],
         "between-countries": [{"country": x, "other": y, "limit": 10_000} for x, y in
                               (("BR", "PT"), ("Moçambique", "Brasil"), ("FR", "BR"), ("IT", "BR"), ("PT", "ES"))]}


def kept_apart(graph) -> list:
    """The summaries that differ from their recomputation: none when exact."""
    apart = []
    for label, text in RECOMPUTED.items():
        rows = graph.cypher(text)
        if label in KEPT:
            expected = {row["id"]: row["expected"] for row in rows}
            kept = ({"Name": names, "Word": words}.get(label) or (lambda graph: {
                row["id"]: row["kept"] for row in graph.cypher(KEPT[label])}))(graph)
            if label == "Word":  # the ids beside a word: in no stated order
                expected = {key: sorted(value) for key, value in expected.items()}
            if label == "CountryPair":  # examples: the first names; BETWEEN: the pair's countries, once each
                expected = {key: [value[0], sorted(value[1])[:3], value[2], in_order(graph, value[3]),
                                  sorted(set(value[2]))] for key, value in expected.items()}
                kept = {key: [*value[:4], sorted(value[4])] for key, value in kept.items()}
            apart += [(label, key, kept.get(key), expected.get(key)) for key in expected.keys() | kept.keys()
                      if kept.get(key) != expected.get(key)]
        else:
            apart += [(label, row["id"], row["kept"], row["expected"]) for row in rows if row["kept"] != row["expected"]]
    misnamed = graph.cypher("""MATCH (p:CountryPair) UNWIND [0, 1] AS i
        MATCH (k:Country) WHERE k.code = p.countries[i]
          AND [k.name, coalesce(k.namePt, k.name)] <> [p.countryNames[i], p.countryNamesPt[i]]
        RETURN p.id AS id, i""")
    apart += [("CountryPair", row["id"], "countryNames", row["i"]) for row in misnamed]
    for ranking, (text, least) in RANKINGS.items():
        values = Counter(row["n"] for row in graph.cypher(text) if row["n"] >= least)
        counts = sorted(values, reverse=True)  # nothing to rank (as after a reset): no ranking
        expected = [counts, [sum(values[v] for v in counts if v >= c) for c in counts]] if counts else None
        kept = graph.cypher("MATCH (r:Ranking {id: $id}) RETURN [r.counts, r.atLeast] AS kept", id=ranking)
        if (kept[0]["kept"] if kept else None) != expected:
            apart.append(("Ranking", ranking, kept, expected))
    return apart


def names(graph) -> dict:
    """The texts the Name nodes file, each with the ids of the actors it finds; a text
    filed under another prefix than its first three characters, or out of order, is kept
    as a mistake."""
    kept = {}
    for row in graph.cypher(KEPT["Name"]):
        for form, actor in zip(row["forms"], row["actors"], strict=True):
            key = form if form[:3] == row["prefix"] else ("misfiled", row["prefix"], form)
            kept.setdefault(key, []).append(actor)
        if list(zip(row["forms"], row["actors"])) != sorted(zip(row["forms"], row["actors"])):
            kept["out of order", row["prefix"]] = row["forms"]
    return kept


def words(graph) -> dict:
    """The words the Word nodes file, as ``"Label word"``, each with the ids beside it
    (sorted); a word filed under another prefix or in the other list is kept as a mistake.
    (The order of the entries is the answers' order: ``same_answers`` checks it through
    smaller limits.)"""
    labels = {letter: label for label, letter in SEARCHED.items()}
    kept = {}
    for row in graph.cypher(KEPT["Word"]):
        node = row["w"]
        for name in ("begins", "later", "sources"):
            for entry in node[name]:
                word, place, kind, key = entry.split(" ", 3)
                listed = "sources" if kind == "S" else "begins" if place in ("0", "1") else "later"
                right = word[:3] == node["prefix"] and name == listed
                kept.setdefault(f"{labels[kind]} {word}" if right else ("misfiled", word), []).append(key)
    return {key: sorted(value) for key, value in kept.items()}


RANKINGS = {"actor-partners": ("MATCH (a:Actor) RETURN a.partnerCount AS n", 1),
            "source-cooperations": ("MATCH (s:Source) RETURN s.cooperationCount AS n", 0),
            "country-pairs": ("MATCH (p:CountryPair) WHERE p.countries[0] <> p.countries[1] "
                              "RETURN p.cooperationCount AS n", 1)}


def in_order(graph, ids) -> list:
    """``ids`` of cooperations in between-countries' order: earliest first, undated last,
    then by name and id."""
    rows = graph.cypher("MATCH (c:Cooperation) WHERE c.id IN $ids "
                        "RETURN c.id AS id, coalesce(c.start, c.signed) AS began, c.name AS name", ids=ids)
    return [row["id"] for row in sorted(rows, key=lambda r: (r["began"] is None, str(r["began"]), r["name"], r["id"]))]


def rows_of(rows) -> list:
    return sorted(tuple(sorted((k, str(sorted(v) if k in UNORDERED else v)) for k, v in row.items()
                               if k in FULL_KEYS)) for row in rows)


FULL_KEYS = {"id", "name", "actor", "country", "partners", "cooperations", "kind", "sdg", "topic", "topicPt", "source",
             "publisher", "url", "file", "other", "examples", "cooperation", "start", "parties", "year", "names", "topics", "role",
             "scope"}
UNORDERED = {"parties", "names", "topics", "scope"}  # collected in no stated order


def same_answers(graph):
    for name, asked in ASKED.items():
        for parameters in asked:
            canned, _keys = queries.run(graph.store, name, **parameters)
            full = graph.cypher(FULL[name], **{k: v for k, v in parameters.items() if k in ("country", "other", "text", "topic")})
            assert rows_of(canned) == rows_of(full), (name, parameters)
            assert len(canned) > 0, (name, parameters)
    for name, parameters, small in FIRST:  # a smaller limit: the first rows of the whole answer
        whole, _keys = queries.run(graph.store, name, **parameters)
        first, _keys = queries.run(graph.store, name, **{**parameters, **small})
        if name == "timeline":
            assert first == [{**row, "names": sorted(row["names"])[:small["names"]]} for row in whole]
        elif name in ("find", "sources"):  # rows of one name (or count and title) in any order
            full = graph.cypher(FULL[name], text=parameters["text"])
            assert rows_of(whole) == rows_of(full), (name, parameters)

            def shown(rows):
                return [(row.get("cooperations"), row.get("name") or row.get("source")) for row in rows]
            assert shown(first) == shown(whole[:small["limit"]]), (name, parameters, small)
            assert len(whole) > small["limit"], (name, parameters, small)
        else:
            assert first == whole[:small["limit"]], (name, small)
            assert len(whole) > small["limit"], (name, small)


FIRST = [("most-connected", ASKED["most-connected"][0], {"limit": 7}),
         ("by-country", ASKED["by-country"][0], {"limit": 6}),
         ("country-pairs", ASKED["country-pairs"][0], {"limit": 4}),
         ("sources", ASKED["sources"][0], {"limit": 5}),
         ("between-countries", ASKED["between-countries"][0], {"limit": 3}),
         ("timeline", ASKED["timeline"][0], {"names": 2}),
         *[("find", {"text": text, "limit": 10_000}, {"limit": 3}) for text in ("sao", "munic", "cooperacao", "InovaJ",
                                                                                "inter", "cooperação de", "sao p")],
         *[("sources", {"text": text, "limit": 10_000}, {"limit": 2}) for text in ("InovaJuntos", "AMAL", "cooperação",
                                                                                   "cooperação internacional")]]


def test_the_bundled_graph_s_summaries_are_exact_and_answer_as_the_full_computation(graph):
    assert kept_apart(graph) == []
    same_answers(graph)
    network = graph.to_networkx()  # pictures, exports and the explore page leave them out
    assert not any(name in data for _node, data in network.nodes(data=True) for name in SUMMARIES)


def test_with_all_shared_data_too(everything):
    graph, _files, _report = everything
    assert kept_apart(graph) == []
    same_answers(graph)


def test_summaries_stay_exact_through_reloads_edits_merges_unloads_and_writes(empty_graph, tmp_path):
    graph = empty_graph
    graph.load()
    assert kept_apart(graph) == []
    extra = tmp_path / "extra.yaml"
    extra.write_text("""sources:
  - {id: source:extra-test, title: A test source, url: "https://example.org/extra"}
actors:
  - {id: municipality:pt:lisbon-extra, type: municipality, name: Lisbon Extra, country: PT}
records:
  - id: agreement:extra-test
    type: agreement
    name: A test agreement
    topics: [topic:solid-waste]
    parties:
      - {actor: municipality:pt:lisbon-extra, role: signatory}
      - {actor: association:fnp, role: signatory}
      - {actor: consortium:pt:amal, role: signatory}
    evidence:
      - {source: source:extra-test, quote: "A test agreement."}
""", encoding="utf-8")
    graph.load([extra])
    assert kept_apart(graph) == []
    fnp = graph.cypher("MATCH (a:Actor {id: 'association:fnp'}) RETURN a.partnerCount AS n")[0]["n"]
    extra.write_text(extra.read_text(encoding="utf-8").replace(
        "      - {actor: consortium:pt:amal, role: signatory}\n", ""), encoding="utf-8")
    graph.load([extra])  # an edit: AMAL is no party any more
    assert kept_apart(graph) == []
    assert graph.cypher("MATCH (a:Actor {id: 'association:fnp'}) RETURN a.partnerCount AS n")[0]["n"] == fnp - 1
    merge = tmp_path / "merge.yaml"
    merge.write_text("same_as:\n  - ids: [municipality:pt:lisbon-extra, municipality:pt:lisboa]\n"
                     "    note: One town.\n", encoding="utf-8")
    graph.load([merge])
    assert kept_apart(graph) == []
    graph.unload([merge])
    assert kept_apart(graph) == []
    graph.unload([extra])
    assert kept_apart(graph) == []
    graph.cypher("MATCH (:Actor {id: 'association:fnp'})-[r:TAKES_PART]->() WITH r LIMIT 1 DELETE r", write=True)
    assert kept_apart(graph) == []
    graph.cypher("MATCH (c:Cooperation) WITH c ORDER BY c.id LIMIT 1 SET c.start = date('1901-05-01')", write=True)
    assert kept_apart(graph) == []
    assert graph.query("timeline")[0]["year"] == 1901
    graph.reset()
    assert kept_apart(graph) == []


def test_a_beginning_too_common_to_list_is_searched_through_every_name(empty_graph, monkeypatch):
    monkeypatch.setattr(summaries, "COMMON_WORDS", 30)
    empty_graph.load()
    common = {row["p"] for row in empty_graph.cypher("MATCH (w:Word) WHERE w.common RETURN w.prefix AS p")}
    asked = [("find", "Coop"), ("find", "cooperação desc"), ("sources", "InovaJuntos"), ("find", "olhao")]
    assert {text[:3].lower() for _name, text in asked[:3]} <= common and "olh" not in common
    for name, text in asked:
        canned, _keys = queries.run(empty_graph.store, name, text=text, limit=10_000)
        assert rows_of(canned) == rows_of(empty_graph.cypher(FULL[name], text=text)) and canned, (name, text)


def test_status_lists_the_summaries_apart_from_the_data(graph):
    from click.testing import CliRunner

    from munigraph.cli import cli

    shown = CliRunner().invoke(cli, ["status", "--data", str(graph.store.folder.path)], env={"MUNIGRAPH_LANG": "en"})
    data, summaries = shown.output.split("summaries kept by every load")
    assert "  Actor " in data and "  TAKES_PART " in data
    kept = (*SUMMARY_LABELS, *SUMMARY_TYPES)
    assert not any(f"  {label} " in data for label in kept)
    assert all(f"  {label} " in summaries for label in kept)
