"""Cooperation resolution: when inputs describe one agreement, meeting or exchange, it is
one node with every input's evidence on it.

Two cooperations stated by different input files are the same when

- they are of one label (agreement, event, exchange) and of compatible kinds (a kind that
  one of them lacks, or the generic "cooperation", is compatible with a partnership or a
  protocol, never with a twinning or a funding; twinnings are left out: a twinning already
  has one id per pair of places, whichever input states it);
- the parties of one are all parties of the other, and they share at least two (an event:
  it was held in the same place, and they share a party or one names only its host);
- their dates agree at their precision (2006 agrees with 2006-10-01; a missing date agrees
  with any).

A programme from a flat input is

- the event held in a place in a year, when its name ends with them in brackets ("… – II
  (Belo Horizonte 2007)");
- the one event of another input whose title its name ends with, after a dash ("100 Cidades
  … – 1st Forum della Cooperazione Decentrata Italia-Brasile" is the event "1° Forum della
  Cooperazione Decentrata Italia-Brasile");
- the one programme of another input of the same title ("ANMP Smart Cities Tour 2020" and
  "Smart Cities Tour 2020").

A title is a name or alias folded, its ordinals written as numbers ("1st" and "1°" are
"1", "II" is "2") and acronyms left out ("ANMP"); a title of fewer than three words matches
nothing.

The node that survives, and its id, depend only on the inputs: the one from the input that
comes first (records before facts before Wikidata before IATI, then by path), then the id
that sorts first. It gains what the others state that it lacks (a finer date, topics,
parties, evidence); their ids are kept in its ``ids``. Two nodes of one file are never
merged: a file that states two things means two. A node that matches two nodes of one
file could be either: it is merged with neither, never guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict

from munigraph.graph.dates import PRECISIONS
from munigraph.graph.model import GraphBatch, Node, Relationship, fold

from .dates import last_day
from .merge import combine_duplicates, combine_nodes
from .resolve import is_acronym

DATES = ("signed", "start")  # the date a cooperation is matched by, in this order
EDITION = re.compile(r"\(([^()]+?)\s+(\d{4})\)\s*$")  # "… (Belo Horizonte 2007)"
GENERIC, SPECIFIC = {"cooperation", "meeting"}, {"twinning", "funding"}  # kinds (_kinds_agree)


def merge_same(batch: GraphBatch, origin, same_as=(), different=()) -> tuple[GraphBatch, list]:
    """``batch`` with the nodes that are the same merged: the groups of ids of ``same_as``
    (a curator's word, any kind of node) and the cooperations this module finds the same,
    never two ids of a pair of ``different``. ``origin((label, id))`` is the rank of the
    input file that states a node (lower comes first). Returns the batch and the merges,
    each a list of (label, id), the survivor first."""
    info = _describe(batch)
    groups = _Groups(origin, different)
    for members in same_as:
        for member in members[1:]:
            groups.join(members[0], member, curated=True)
    matches = defaultdict(set)
    for key, other in _candidates(info):  # key < other, compared when key is not a twinning or programme
        item = info[key]
        if item["kind"] != "twinning" and item["label"] != "Programme" and _same(item, info[other]):
            matches[key].add(other)
            matches[other].add(key)
    for key, others in sorted(matches.items()):
        for other in sorted(others):
            if key < other and not _either(key, other, matches, origin, info) \
                    and not _either(other, key, matches, origin, info):
                groups.join(("Cooperation", key), ("Cooperation", other))
    titles = _titles(info)
    for key, item in info.items():
        if item["label"] == "Programme" and origin(("Cooperation", key))[0] > 0:
            edition = _edition(item, info, batch) or _named(key, item, titles, origin)
            if edition:
                groups.join(("Cooperation", key), ("Cooperation", edition), edition=True)
    merges = [sorted(members, key=lambda k: (origin(k), k[1])) for members in groups.sets() if len(members) > 1]
    return (_merged(batch, merges) if merges else batch), merges


def _candidates(info) -> list:
    """The pairs of cooperations ``_same`` may find the same, each once, lower id first:
    an event and another held at one of its places; any other cooperation of two parties
    or more and those with its rarest party (the parties of the one with fewer must all be
    the other's)."""
    by_party, by_place = defaultdict(set), defaultdict(set)
    for key, item in info.items():
        for party in item["parties"]:
            by_party[party].add(key)
        for place in item["held_in"]:
            by_place[place].add(key)
    pairs = set()
    for key, item in info.items():
        if item["label"] == "Event":
            others = set().union(*(by_place[place] for place in item["held_in"]))
        elif len(item["parties"]) >= 2:
            others = by_party[min(item["parties"], key=lambda party: (len(by_party[party]), party))]
        else:
            continue
        pairs.update((min(key, other), max(key, other)) for other in others if other != key)
    return sorted(pairs)


def _either(key, other, matches, origin, info) -> bool:
    """Whether ``key`` matches ``other`` and as closely another node of ``other``'s file: it
    could be either, so it is merged with neither (``munigraph review`` lists such pairs).
    A closer match is one with fewer parties, then fewer topics, that the two do not share."""
    file = origin(("Cooperation", other))[1]
    rivals = [o for o in matches[key] if o != other and origin(("Cooperation", o))[1] == file]
    return any(_distance(info[key], info[o]) <= _distance(info[key], info[other]) for o in rivals)


def _distance(a, b) -> tuple:
    """How many parties, then topics, one of two matching cooperations names and the other does not."""
    return len(a["parties"] ^ b["parties"]), len(a["topics"] ^ b["topics"])


def _describe(batch: GraphBatch) -> dict:
    """Cooperation id → label, kind, name, date, parties and where it was held."""
    info = {}
    for node in batch.nodes:
        if node.primary == "Cooperation":
            props = node.properties
            field = next((f for f in DATES if props.get(f)), None)
            info[node.key] = {"label": node.labels[1] if len(node.labels) > 1 else None,
                              "kind": props.get("kind"), "name": props.get("name", ""),
                              "names": [props.get("name", ""), *props.get("aliases", [])],
                              "date": (props[field], props.get(f"{field}Precision", "day")) if field else None,
                              "parties": set(), "held_in": set(), "topics": set()}
    for rel in batch.relationships:
        if rel.type == "TAKES_PART" and rel.end[1] in info:
            info[rel.end[1]]["parties"].add(rel.start[1])
            if rel.properties.get("role") == "host":  # where a meeting is, as much as where it is held
                info[rel.end[1]]["held_in"].add(rel.start[1])
        elif rel.type == "HELD_IN" and rel.start[1] in info:
            info[rel.start[1]]["held_in"].add(rel.end[1])
        elif rel.type == "ON_TOPIC" and rel.start[1] in info:
            info[rel.start[1]]["topics"].add(rel.end[1])
    return info


def _kinds_agree(a, b) -> bool:
    """Equal kinds agree, and a missing or a generic kind (``cooperation``, what a facts row
    says of any cooperation agreement; ``meeting``, of any event) agrees with any but a
    twinning or a funding."""
    if not a or not b or a == b:
        return True
    return bool({a, b} & GENERIC) and not {a, b} & SPECIFIC


def _same(a: dict, b: dict) -> bool:
    if a["label"] != b["label"] or not _kinds_agree(a["kind"], b["kind"]):
        return False
    if not _dates_agree(a["date"], b["date"]):
        return False
    if a["label"] == "Event":  # held at one place or host, and a party in common or only its host named
        return bool(a["held_in"] & b["held_in"]
                    and (a["parties"] & b["parties"] or a["parties"] <= a["held_in"] or b["parties"] <= b["held_in"]))
    smaller, larger = sorted((a["parties"], b["parties"]), key=len)
    return len(smaller) >= 2 and smaller <= larger


def _dates_agree(a, b) -> bool:
    """Whether two (date, precision) agree at the coarser precision; a missing one agrees."""
    if a is None or b is None:
        return True
    (first, p1), (second, p2) = sorted((a, b), key=lambda d: PRECISIONS.index(d[1]))
    return first <= second <= last_day(first, p1)


def _edition(item, info, batch) -> str | None:
    """The event that a programme named "… (Place Year)" is: held in a place of that name
    in that year, or None."""
    match = EDITION.search(item["name"])
    if not match:
        return None
    names = {node.key: fold(node.properties.get("name", "")) for node in batch.nodes if node.primary == "Actor"}
    place, year = fold(match[1]), int(match[2])
    found = [key for key, event in info.items() if event["label"] == "Event" and event["date"]
             and event["date"][0].year == year and any(names.get(p) == place for p in event["held_in"])]
    return min(found) if found else None


def _named(key, item, titles, origin) -> str | None:
    """The one event or programme of another input that a programme's name names: the
    event whose title ends its name after a dash, else the programme of its title."""
    file = origin(("Cooperation", key))[1]
    last = re.split(r"\s+[–—-]\s+", item["name"])[-1]
    for label, name in (("Event", last), ("Programme", item["name"])):
        found = {other for other in titles.get((label, title(name)), ()) if origin(("Cooperation", other))[1] != file}
        if len(found) == 1:
            return found.pop()
    return None


def _titles(info) -> dict:
    """(label, title) → the events and programmes of that title (``title``)."""
    found = defaultdict(set)
    for key, item in info.items():
        if item["label"] in ("Event", "Programme"):
            for name in item["names"]:
                if said := title(name):
                    found[item["label"], said].add(key)
    return found


ROMAN = {"II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12}
ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th|o|a|e|er|re|eme|°)$")


def title(name: str) -> str:
    """What a name of an event or programme says, to compare it with others: folded,
    ordinals as numbers, acronyms left out; "" when fewer than three words remain.

    >>> title("1° Forum della Cooperazione Decentrata Italia-Brasile") == title("1st Forum della Cooperazione Decentrata Italia-Brasile")
    True
    >>> title("ANMP Smart Cities Tour 2020"), title("IV Encontro"), title("CONNECT")
    ('smart cities tour 2020', '', '')
    """
    words = []
    for word in re.findall(r"[\w°]+", name):
        if word in ROMAN:
            words.append(str(ROMAN[word]))
        elif not is_acronym(word):
            folded = fold(word)
            ordinal = ORDINAL.match(folded)
            words.append(ordinal[1] if ordinal else folded)
    return " ".join(words) if len(words) >= 3 else ""


RECORDS = 0  # the origin of the records' nodes (``merge_same``'s ``origin``)


class _Groups:
    """Union-find over (label, id), where no group holds two nodes of one file, nor two
    ids said to be ``different``."""

    def __init__(self, origin, different=()):
        self.origin, self.parent, self.members = origin, {}, {}
        self.apart = {frozenset(pair) for pair in different}

    def find(self, key):
        self.parent.setdefault(key, key)
        self.members.setdefault(key, {key})
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a, b, edition=False, curated=False) -> bool:
        """Put ``a`` and ``b`` in one group, unless that would join two nodes of one file
        (a file that states two things means two) or two ids said to be different. A
        programme named as an ``edition`` of an event is that event, even when its file
        states the event too; a ``curated`` join (``same_as``) is a curator's word. Records
        are joined with records only by a curator."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return True
        if any(frozenset((x[1], y[1])) in self.apart for x in self.members[a] for y in self.members[b]):
            return False
        clash = {self.origin(x)[1] for x in self.members[a]} & {self.origin(y)[1] for y in self.members[b]}
        if clash and not curated and not (edition and RECORDS not in clash):
            return False
        self.parent[a] = b
        self.members[b] |= self.members.pop(a)
        return True

    def sets(self):
        return [members for key, members in self.members.items() if self.parent[key] == key]


def _merged(batch: GraphBatch, merges) -> GraphBatch:
    """``batch`` with each merge's members made its survivor."""
    survivor = {member: members[0] for members in merges for member in members}
    statements = defaultdict(list)
    for node in batch.nodes:
        if (node.primary, node.key) in survivor:
            statements[survivor[node.primary, node.key]].append(node)
    result = []
    for node in batch.nodes:
        me = (node.primary, node.key)
        if me not in survivor:
            result.append(node)
        elif survivor[me] == me:
            result.append(_one(node.key, statements[me]))

    def moved(end):
        return survivor.get(end, end)

    relationships = [Relationship(r.type, moved(r.start), moved(r.end), r.properties) for r in batch.relationships]
    return combine_duplicates(GraphBatch(result, [r for r in relationships if r.start != r.end]))


def _one(key, statements) -> Node:
    """One node of the ``statements`` of a merge, the survivor's first, combined as
    ``merge.combine_nodes`` does (what it lacks, lists joined), the others' names becoming
    aliases and their ids ``ids``; a date goes with its precision: the finer of two that agree."""
    statements = sorted(statements, key=lambda n: n.key != key)
    node = statements[0]
    for other in statements[1:]:
        mine, theirs = dict(node.properties), dict(other.properties)
        for name in DATES + ("end",):
            if name in mine and name in theirs:
                drop = mine if _finer(mine, theirs, name) else theirs
                for gone in (name, f"{name}Precision"):
                    drop.pop(gone, None)
        if theirs.get("name") != mine.get("name"):
            theirs["aliases"] = theirs.get("aliases", []) + [theirs["name"]]
        theirs["ids"] = [other.key, *theirs.get("ids", [])]
        node = combine_nodes(Node(node.labels, key, mine), Node(node.labels, key, theirs))
    ids = [i for i in node.properties.get("ids", []) if i != key]
    properties = {k: v for k, v in node.properties.items() if k != "ids"}
    return Node(node.labels, key, {**properties, **({"ids": ids} if ids else {})})


def _finer(mine, theirs, name) -> bool:
    """Whether ``theirs`` states date ``name`` more precisely than ``mine``, in agreement."""
    a = (mine[name], mine.get(f"{name}Precision", "day"))
    b = (theirs[name], theirs.get(f"{name}Precision", "day"))
    return _dates_agree(a, b) and PRECISIONS.index(b[1]) > PRECISIONS.index(a[1])
