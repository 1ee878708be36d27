"""What every load keeps beside the data so that the questions that rank or count the
whole graph read it instead of joining the graph (docs/graph-model.md, "Summaries"). A
load computes it from the graph it writes, in the same transaction, so it is never stale;
``refresh`` recomputes it after a write made with Cypher.

- on nodes: an Actor's ``cooperationCount`` (cooperations it takes part in),
  ``partnerCount`` (distinct actors taking part in one of them) and
  ``sharedCooperationCount`` (those of them with another party); a Topic's and a
  Source's ``cooperationCount`` (cooperations on the topic, or that the source evidences);
- a ``CountryPair`` per two countries a cooperation joins, ``BETWEEN`` them, a ``Year``
  per year cooperations started in, a ``Ranking`` of the counts questions rank by, the
  actors of each country and the cooperations of each topic in their questions' order
  (``CountryActors``, ``TopicCooperations``),
  ``Name`` nodes of the texts that find actors, and ``Word`` nodes of the words that
  ``find`` and ``sources`` search.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

from munigraph.graph.model import SUMMARIES, SUMMARY_LABELS, SUMMARY_TYPES, GraphBatch, Node, Relationship, lookup

COUNTS = {"Actor": SUMMARIES, "Topic": ("cooperationCount",), "Source": ("cooperationCount",)}
# Ranking id -> the label and count it ranks, the least value ranked, and which nodes count
RANKED = {"actor-partners": ("Actor", "partnerCount", 1, lambda props: True),
          "source-cooperations": ("Source", "cooperationCount", 0, lambda props: True),
          "country-pairs": ("CountryPair", "cooperationCount", 1,  # the pairs country-pairs lists
                            lambda props: props["countries"][0] != props["countries"][1])}


def counts(ids: dict, pairs: dict) -> dict:
    """``(label, id) -> {summary: count}`` for every node of ``ids`` (label -> ids), from
    ``pairs`` (relationship type -> [(start id, end id)]): TAKES_PART from actors to
    cooperations, ON_TOPIC from cooperations to topics, EVIDENCED_BY to sources.

    >>> found = counts({"Actor": ["a", "b", "c"], "Topic": ["t"], "Source": []},
    ...                {"TAKES_PART": [("a", "x"), ("b", "x"), ("a", "y")], "ON_TOPIC": [("x", "t"), ("y", "t")]})
    >>> found["Actor", "a"], found["Actor", "c"], found["Topic", "t"]
    ({'cooperationCount': 2, 'partnerCount': 1, 'sharedCooperationCount': 1}, {'cooperationCount': 0, \
'partnerCount': 0, 'sharedCooperationCount': 0}, {'cooperationCount': 2})
    """
    parties, taken = defaultdict(set), defaultdict(set)  # cooperation -> actors; actor -> cooperations
    for actor, cooperation in pairs.get("TAKES_PART", ()):
        parties[cooperation].add(actor)
        taken[actor].add(cooperation)
    found = {}
    for actor in ids.get("Actor", ()):
        mine = taken.get(actor, ())
        partners = set().union(*(parties[c] for c in mine)) - {actor} if mine else set()
        found["Actor", actor] = {"cooperationCount": len(mine), "partnerCount": len(partners),
                                 "sharedCooperationCount": sum(len(parties[c]) > 1 for c in mine)}
    for label, rel_type in (("Topic", "ON_TOPIC"), ("Source", "EVIDENCED_BY")):
        of = defaultdict(set)
        for cooperation, node in pairs.get(rel_type, ()):
            of[node].add(cooperation)
        for node in ids.get(label, ()):
            found[label, node] = {"cooperationCount": len(of.get(node, ()))}
    return found


def summarise(batch: GraphBatch) -> GraphBatch:
    """``batch`` with the summaries of the graph it states: the counts set on its nodes
    (in place), and the summary nodes and relationships added."""
    ids, pairs = defaultdict(list), defaultdict(list)
    for node in batch.nodes:
        if node.primary in COUNTS:
            ids[node.primary].append(node.key)
    for rel in batch.relationships:
        if rel.type in ("TAKES_PART", "ON_TOPIC", "EVIDENCED_BY"):
            pairs[rel.type].append((rel.start[1], rel.end[1]))
    found = counts(ids, pairs)
    for node in batch.nodes:
        if (node.primary, node.key) in found:
            node.properties.update(found[node.primary, node.key])
    joined = country_pairs(batch)
    forms = {(node.primary, node.key): lookup(node.properties) for node in batch.nodes if node.primary in SEARCHED}
    added = [*country_actors(batch).nodes, *topic_cooperations(batch).nodes, *joined.nodes, *years(batch).nodes, *rankings(GraphBatch(batch.nodes + joined.nodes)).nodes,
             *actor_names(batch, forms).nodes, *words(batch, forms).nodes]
    return GraphBatch(batch.nodes + added, batch.relationships + joined.relationships)


def country_actors(batch: GraphBatch) -> GraphBatch:
    """A ``CountryActors`` for each country of ``batch`` that actors are located in: their
    ids, most cooperations first (their ``cooperationCount``, set before), then by name and id."""
    actors = {node.key: node.properties for node in batch.nodes if node.primary == "Actor"}
    located = defaultdict(set)
    for rel in batch.relationships:
        if rel.type == "LOCATED_IN" and rel.start[1] in actors:
            located[rel.end[1]].add(rel.start[1])
    return GraphBatch([Node(("CountryActors",), code, {"country": code, "actors": sorted(ids, key=lambda actor: (
        -actors[actor]["cooperationCount"], actors[actor].get("name", ""), actor))})
        for code, ids in sorted(located.items())])


def topic_cooperations(batch: GraphBatch) -> GraphBatch:
    """A ``TopicCooperations`` for each topic of ``batch`` with cooperations on it or on a
    topic up to two levels narrower: their ids, by name and id."""
    names = {node.key: node.properties.get("name", "") for node in batch.nodes if node.primary == "Cooperation"}
    topics = [node for node in batch.nodes if node.primary == "Topic"]
    on, narrower = defaultdict(set), defaultdict(set)  # topic -> cooperations; topic -> its children
    for rel in batch.relationships:
        if rel.type == "ON_TOPIC":
            on[rel.end[1]].add(rel.start[1])
    for topic in topics:
        if topic.properties.get("parent"):
            narrower[topic.properties["parent"]].add(topic.key)
    nodes = []
    for topic in topics:
        within = {topic.key, *narrower[topic.key], *(grand for child in narrower[topic.key] for grand in narrower[child])}
        cooperations = set().union(*(on[key] for key in within))
        if cooperations:
            nodes.append(Node(("TopicCooperations",), topic.key, {
                "topic": topic.key, "cooperations": sorted(cooperations, key=lambda c: (names.get(c, ""), c))}))
    return GraphBatch(nodes)


def country_pairs(batch: GraphBatch) -> GraphBatch:
    """A ``CountryPair`` for each two countries that a cooperation of ``batch`` joins (two
    of its places, its parties' countries and its scope's, are in them), ``BETWEEN`` those
    countries, with their names and the ids of those cooperations in ``between-countries``'
    order."""
    located, places = defaultdict(list), defaultdict(list)  # actor -> countries; cooperation -> places
    parties = defaultdict(set)
    for rel in batch.relationships:
        if rel.type == "LOCATED_IN":
            located[rel.start[1]].append(rel.end[1])
        elif rel.type == "TAKES_PART":
            parties[rel.end[1]].add(rel.start[1])
        elif rel.type == "INVOLVES":
            places[rel.start[1]].append(rel.end[1])
    names = {node.key: node.properties for node in batch.nodes if node.primary == "Country"}
    joined = defaultdict(list)  # (code, code) -> the cooperations joining them
    for node in batch.nodes:
        if node.primary == "Cooperation":
            mine = sorted(places[node.key] + [code for actor in parties[node.key] for code in located[actor]])
            for pair in {(x, y) for i, x in enumerate(mine) for y in mine[i + 1:]}:
                joined[pair].append(node)
    nodes, relationships = [], []
    for (x, y), cooperations in sorted(joined.items()):
        key = f"{x}|{y}"
        in_order = sorted(cooperations, key=lambda c: (began(c) is None, str(began(c)), c.properties.get("name", ""),
                                                       c.key))
        nodes.append(Node(("CountryPair",), key, {
            "id": key, "countries": [x, y], "cooperationCount": len(cooperations),
            "countryNames": [names[x].get("name", x), names[y].get("name", y)],
            "countryNamesPt": [names[c].get("namePt") or names[c].get("name", c) for c in (x, y)],
            "examples": sorted(c.properties.get("name", "") for c in cooperations)[:3],
            "cooperations": [c.key for c in in_order]}))
        relationships += [Relationship("BETWEEN", ("CountryPair", key), ("Country", code)) for code in sorted({x, y})]
    return GraphBatch(nodes, relationships)


def began(cooperation: Node):
    """When ``cooperation`` started (``start``, else ``signed``), or None."""
    start = cooperation.properties.get("start")
    return cooperation.properties.get("signed") if start is None else start


def rankings(batch: GraphBatch) -> GraphBatch:
    """A ``Ranking`` per count that questions rank by (``RANKED``): the distinct values of
    the count, highest first (``counts``), and how many nodes have at least each
    (``atLeast``), so a question reads through the count's index only the nodes it shows."""
    nodes = []
    for key, (label, name, least, ranked) in RANKED.items():
        values = Counter(node.properties[name] for node in batch.nodes
                         if node.primary == label and node.properties.get(name, -1) >= least and ranked(node.properties))
        highest = sorted(values, reverse=True)
        if highest:
            nodes.append(Node(("Ranking",), key, {"id": key, "counts": highest,
                                                  "atLeast": list(itertools.accumulate(values[c] for c in highest))}))
    return GraphBatch(nodes)


def years(batch: GraphBatch) -> GraphBatch:
    """A ``Year`` for each year in which cooperations of ``batch`` started (``start``, else
    ``signed``), with how many and their names."""
    names = defaultdict(list)
    for node in batch.nodes:
        if node.primary == "Cooperation" and began(node) is not None:
            names[began(node).year].append(node.properties.get("name", ""))
    return GraphBatch([Node(("Year",), year, {"year": year, "cooperationCount": len(of), "names": sorted(of)})
                       for year, of in sorted(names.items())])


def actor_names(batch: GraphBatch, forms=None) -> GraphBatch:
    """The texts that find actors of ``batch`` other than their id (each form of their
    names, ``lookup``, or ``forms[label, id]`` when given; an id they had before a merge;
    an external id) with the actors' ids, as ``Name`` nodes of the texts that begin with
    the same three characters: one node per text would cost the load's transaction far
    more memory."""
    found = defaultdict(set)
    for node in batch.nodes:
        if node.primary == "Actor":
            props = node.properties
            external = [props.get("wikidataId"), props.get("iatiRef"), props.get("geonamesId")]
            for key in [*(forms[node.primary, node.key] if forms else lookup(props)), *props.get("ids", []), *props.get("wikidataIds", []),
                        *(str(value) for value in external if value is not None)]:
                found[key].add(node.key)
    filed = defaultdict(list)  # prefix -> (text, actor id)
    for key in sorted(found):
        filed[key[:NAME_PREFIX]] += [(key, actor) for actor in sorted(found[key])]
    return GraphBatch([Node(("Name",), prefix, {"prefix": prefix, "forms": [key for key, _ in entries],
                                                "actors": [actor for _, actor in entries]})
                       for prefix, entries in sorted(filed.items())])


NAME_PREFIX = 3  # Name and Word nodes group the texts by this many first characters (Cypher's left())
# The nodes ``find`` and ``sources`` search, each by a letter
SEARCHED = {"Actor": "A", "Cooperation": "C", "Topic": "T", "Source": "S"}
SOURCE_TEXTS = ("title", "titleEn", "publisher")  # what ``sources`` searches, in lower case
COMMON_WORDS = 100_000  # a Word node lists at most this many words (about 4 MB)


def searched_texts(node: Node, forms=None) -> list:
    """The texts of ``node`` that ``find`` or ``sources`` search: an actor's, cooperation's
    or topic's ``lookup`` (``forms[label, id]`` when given); a source's title, English
    title and publisher in lower case."""
    props = node.properties
    if node.primary == "Source":
        return [props[key].lower() for key in SOURCE_TEXTS if props.get(key)]
    return forms[node.primary, node.key] if forms else lookup(props)


def word_list(node: Node, place: int) -> str:
    """The Word list that files a word of ``node`` at ``place``: ``sources``, or for
    ``find`` ``begins`` (the word is a whole text, or begins one) or ``later``."""
    return "sources" if node.primary == "Source" else "begins" if place < 2 else "later"


def words(batch: GraphBatch, forms=None) -> GraphBatch:
    """The words of the texts ``find`` and ``sources`` search (``searched_texts``, with
    ``forms`` when given; split at spaces), each with a node it is in, as ``Word`` nodes of the words that begin with
    the same three characters. Entries ``"word place kind id"``, in the order the question
    shows the nodes (``answer_order``), in three lists (``word_list``): ``place`` is 0 when
    the word is a whole text of the node, 1 when it begins one, 2 when it is a later word
    (the least of them); ``kind`` is the letter of the node's label (``SEARCHED``). A
    prefix that begins more than ``COMMON_WORDS`` words keeps none of them and is marked
    ``common``: the questions read every name for it.

    >>> found = words(GraphBatch([Node(("Actor",), "a", {"name": "Vila Real"}),
    ...                           Node(("Source",), "s", {"title": "Vila", "cooperationCount": 1})]))
    >>> [(n.key, n.properties["begins"], n.properties["later"], n.properties["sources"]) for n in found.nodes]
    [('rea', [], ['real 2 A a'], []), ('vil', ['vila 1 A a'], [], ['vila 0 S s'])]
    """
    filed = defaultdict(lambda: {"begins": [], "later": [], "sources": []})  # prefix -> list -> [(order, entry)]
    for node in batch.nodes:
        if node.primary in SEARCHED:
            places = {}
            for text in searched_texts(node, forms):
                split = [word for word in text.split(" ") if word]
                for i, word in enumerate(split):
                    places[word] = min(places.get(word, 2), 2 if i else 0 if len(split) == 1 else 1)
            order = answer_order(node)
            for word, place in places.items():
                entry = f"{word} {place} {SEARCHED[node.primary]} {node.key}"
                filed[word[:NAME_PREFIX]][word_list(node, place)].append((order, entry))
    nodes = []
    for prefix, lists in sorted(filed.items()):
        common = sum(map(len, lists.values())) > COMMON_WORDS
        nodes.append(Node(("Word",), prefix, {"prefix": prefix, "common": common, **{
            name: [] if common else [entry for _order, entry in sorted(entries)] for name, entries in lists.items()}}))
    return GraphBatch(nodes)


def answer_order(node: Node) -> tuple:
    """Where ``node`` comes in the answers of ``find`` (by name) or ``sources`` (most
    cooperations first, then by title); then by id."""
    props = node.properties
    if node.primary == "Source":
        return -props.get("cooperationCount", 0), props.get("title", ""), node.key
    return 0, props.get("name", ""), node.key


def refresh(store) -> dict:
    """Recompute the summaries of the graph in ``store`` from its data (after a write that
    did not go through a load) and write what changed, in one transaction; return the
    write's counters."""
    from munigraph.graph.write import read_graph, write_batch

    def work(tx):
        existing = read_graph(tx)
        data = GraphBatch([Node(node.labels, node.key, dict(node.properties))  # summarise sets counts in place
                           for node in existing.nodes.values() if node.primary not in SUMMARY_LABELS],
                          [rel for rel in existing.relationships.values() if rel.type not in SUMMARY_TYPES])
        return write_batch(tx, summarise(data), existing)

    return store.write_transaction(work)
