"""Cooperation facts: a spreadsheet of pairwise facts, one row each (docs/inputs.md).

Columns: ``party_a, party_a_country, party_b, party_b_country, relation, programme, topic,
year, source_address, quote``, separated by commas or semicolons. Each row becomes the structure of the graph model that its
``relation`` means, with ``source_address`` as a Source and ``quote`` as the evidence:

======================  ====================================================================
relation                becomes
======================  ====================================================================
sister_city             a twinning Agreement, both cities partners
cooperation_agreement   a cooperation Agreement, both parties signatories
exchange                an Exchange, both parties participants
meeting_host            an Event HELD_IN party_a, its host; party_b a participant
programme_membership    party_a a participant of the Programme, party_b its coordinator; or,
                        when ``programme`` names party_b itself ("UCCLA"), party_a MEMBER_OF it
coordination            both parties coordinators of the Programme
funding                 party_a funder and party_b beneficiary of the Programme (or of a
                        funding Agreement when no programme is named)
======================  ====================================================================

A named programme is found by name or alias among the graph's cooperations and those the
same load's records declare (``snapshot.Snapshot``), or created.
Parties are resolved by name, alias and country (``resolve.Resolver``); a party that is a
group ("InovaJuntos Brazilian delegation (20 cities)") is no actor: it is kept in the
description of the cooperation, and a row whose party_a is a group is rejected. Ids
depend only on the row's content, so loading a file twice gives the same graph.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from munigraph.graph.model import Node, fold
from munigraph.language import N_, _

from .common import (Loaded, RowError, ambiguous, known_as, new_actor, source_id, table_reader, table_rows,
                     not_a_web_address, twinning_id, web_address)
from .countries import country_code
from .files import first_line
from .resolve import Actor, Ambiguous, name_parts, own_id, slug, type_hint
from .snapshot import Snapshot
from .topics import find_topics

FORMAT = "facts"
COLUMNS = ("party_a", "party_a_country", "party_b", "party_b_country", "relation", "programme",
           "topic", "year", "source_address", "quote")
REQUIRED = ("party_a", "relation", "source_address", "quote")
RELATIONS = ("sister_city", "cooperation_agreement", "exchange", "meeting_host",
             "programme_membership", "coordination", "funding")
# A "party" that stands for several actors: a delegation, a cluster, "(20 cities)".
GROUP = re.compile(r"\b(participants|delegation|delegacao|municipalities|municipios|cities|"
                   r"cidades|cluster|group|grupo)\b|\(\d+\)")
# Topic words that only repeat what a twinning is.
TWINNING_WORDS = re.compile(r"\b(twinning|twin town|sister cit|geminacao|cidade irma|"
                            r"cidades irmas|coirma|jumelage|gemellaggio|hermanamiento)")
# Text that names where a row comes from rather than a programme.
PROVENANCE = re.compile(r"^(wikidata|wikipedia)\b", re.IGNORECASE)


def delimiter(header: str) -> str:
    """The field separator of a header line: "," or ";" (how spreadsheets in Portuguese,
    Spanish or French save CSV).

    >>> delimiter("party_a;party_a_country;party_b"), delimiter("party_a,party_b")
    (';', ',')
    """
    return ";" if header.count(";") > header.count(",") else ","


def detect(path, head: bytes) -> bool:
    """A CSV whose header names the two parties of a facts file (a missing column is then
    reported by name)."""
    header = first_line(head)
    return {"party_a", "party_b"} <= {c.strip() for c in header.split(delimiter(header))}


def read(path, resolver, snapshot=None, progress=None) -> Loaded:
    """The graph that the facts in ``path`` state, with programmes and topics found in
    ``snapshot``; rows that cannot be loaded are problems."""
    loaded = Loaded(path, FORMAT)
    _text, reader = table_reader(loaded, COLUMNS, delimiter,
                                 _("; a facts file has: {columns}").format(columns=", ".join(COLUMNS)), strict=True)
    if reader is None:
        return loaded
    snapshot = snapshot or Snapshot()
    programmes, topics = Programmes(snapshot), topic_index(snapshot.topics)
    for line, row in table_rows(loaded, reader, progress):
        try:
            _row(loaded, resolver, programmes, topics, row)
        except RowError as error:
            loaded.problem(line, error.field, str(error), error.code)
    return loaded


class Programmes:
    """Programmes by name: those in the graph (by name, alias or part) and those this load
    creates (by name, with or without what its brackets add)."""

    def __init__(self, snapshot):
        self.snapshot, self.index = snapshot, {}

    def id(self, loaded, name: str, source: str, quote: str) -> str:
        """The id of the programme called ``name``; one the graph lacks is created."""
        keys = list(dict.fromkeys([fold(name), fold(re.sub(r"\s*\([^)]*\)\s*$", "", name))]))
        found = next((self.index[k] for k in keys if k in self.index), None) or self._in_graph(name)
        own = f"programme:{slug(name)}"
        if found is None:
            found = own
            loaded.node(("Cooperation", "Programme"), {"id": found, "name": name})
            _evidence(loaded, found, source, quote)
        elif found != own:  # the id this name would have given keeps finding the programme
            loaded.batch.nodes.append(Node(("Cooperation", "Programme"), found, {"id": found, "ids": [own]}))
        for key in keys:
            self.index.setdefault(key, found)
        return found

    def _in_graph(self, name):
        return next(filter(None, map(self.snapshot.cooperation, [name, *name_parts(name)])), None)


def _row(loaded, resolver, programmes, topic_ids, row):
    """Add what one row states; a ``RowError`` leaves ``loaded`` as it was."""
    values = {k: (row.get(k) or "").strip() for k in COLUMNS}
    for column in REQUIRED:
        if not values[column]:
            raise RowError(column, _("{column} is empty").format(column=column), "missing-value")
    if not web_address(values["source_address"]):
        raise RowError("source_address", not_a_web_address(values["source_address"]), "not-a-web-address")
    relation = values["relation"]
    if relation not in RELATIONS:
        raise RowError("relation", _("{value} is not one of: {allowed}").format(
            value=repr(relation), allowed=", ".join(RELATIONS)), "not-allowed")
    year = _year(values["year"])
    a = _find_party(resolver, values, "party_a", required=True)
    b = _find_party(resolver, values, "party_b", required=relation != "funding")
    if isinstance(a, str):
        raise RowError("party_a", _("{name} is a group of actors, not one actor; name each of them "
                                    "in a row of its own").format(name=repr(a)), "group-party")
    if relation == "sister_city" and a == b:
        raise RowError("party_b", _("{b} is {a}: a place is not twinned with itself").format(
            b=repr(values["party_b"]), a=repr(values["party_a"])), "self-twinning")
    programme_name = "" if PROVENANCE.match(values["programme"]) else values["programme"]
    if relation in ("programme_membership", "coordination") and not programme_name:
        raise RowError("programme", _("a {relation} row needs the programme it is about").format(relation=relation),
                       "missing-value")
    # Everything that can fail has been checked: from here on the row is added.
    a, b = _create(loaded, resolver, a), _create(loaded, resolver, b)
    alone = [_alone(party, values[column], values[f"{column}_country"])
             for party, column in ((a, "party_a"), (b, "party_b"))]  # the parties' ids in this file alone
    for party, own in zip((a, b), alone):
        if isinstance(party, Actor) and isinstance(own, Actor):
            known_as(loaded, resolver, party, own.id)
    source, quote = source_id(values["source_address"]), values["quote"]
    loaded.node(("Source",), {"id": source, "title": values["source_address"],
                              "url": values["source_address"], "input": FORMAT})
    topics, leftover = _topics(values["topic"], topic_ids)
    body = _actor_named(resolver, programme_name)
    if body is not None and relation in ("programme_membership", "coordination"):
        for member in (a, b):
            if isinstance(member, Actor) and member.id != body.id:
                loaded.link("MEMBER_OF", ("Actor", member.id), ("Actor", body.id), since=_date(year),
                            sincePrecision=year and "year", sources=[source])
        loaded.outcomes[N_("membership of an association or consortium")] += 1
        return
    if body is not None:  # the row is about an actor's activity, not a programme
        programme_name = ""
    programme = programmes.id(loaded, programme_name, source, quote) if programme_name else None
    if relation in ("programme_membership", "coordination") or (relation == "funding" and programme):
        roles = {"programme_membership": ("participant", "coordinator"),
                 "coordination": ("coordinator", "coordinator"),
                 "funding": ("funder", "beneficiary")}[relation]
        cooperation = programme
        loaded.outcomes[{"programme_membership": N_("programme participants"), "coordination":
                         N_("programme coordinators"), "funding": N_("programme funders")}[relation]] += 1
    else:
        kind, label, roles, name = _cooperation_kind(relation, a, b, programme_name, year)
        cooperation = (twinning_id(a.id, b.id) if relation == "sister_city" and isinstance(b, Actor)
                       else f"{label.lower()}:{_pair_id(a, b, year)}")
        own = (twinning_id(alone[0].id, alone[1].id) if relation == "sister_city" and isinstance(b, Actor)
               else f"{label.lower()}:{_pair_id(alone[0], alone[1], year)}")
        properties = {"id": cooperation, "name": name, "kind": kind,
                      "description": _description(leftover, b), "ids": [own] if own != cooperation else None}
        loaded.node(("Cooperation", label), _dated(properties, "signed" if label == "Agreement" else "start", year))
        if programme:
            loaded.link("PART_OF", ("Cooperation", cooperation), ("Cooperation", programme), sources=[source])
        if relation == "meeting_host":
            loaded.link("HELD_IN", ("Cooperation", cooperation), ("Actor", a.id), sources=[source])
        loaded.outcomes[{"sister_city": N_("twinnings"), "meeting_host": N_("events"), "exchange": N_("exchanges"),
                         "cooperation_agreement": N_("cooperation agreements"),
                         "funding": N_("funding agreements")}[relation]] += 1
    for topic in topics:
        loaded.link("ON_TOPIC", ("Cooperation", cooperation), ("Topic", topic), sources=[source])
    _evidence(loaded, cooperation, source, quote)
    since = _date(year) if cooperation == programme else None
    loaded.link("TAKES_PART", ("Actor", a.id), ("Cooperation", cooperation), role=roles[0],
                since=since, sincePrecision=since and "year", sources=[source])
    if isinstance(b, Actor):
        loaded.link("TAKES_PART", ("Actor", b.id), ("Cooperation", cooperation), role=roles[1],
                    sources=[source])


def _find_party(resolver, values, column, required):
    """What a party column names, without changing anything: a known ``Actor``, the text of
    a group, a ``NewParty`` to create, or None for an empty optional party."""
    name = values[column]
    if not name:
        if required:
            raise RowError(column, _("{column} is empty").format(column=column), "missing-value")
        return None
    try:
        country = country_code(values[f"{column}_country"])
    except ValueError as error:
        raise RowError(f"{column}_country", str(error), "unknown-country") from None
    kind = type_hint(name)
    own = own_id(name, kind or "municipality", country)
    if own in resolver.by_id:  # the actor this very name made before
        return resolver.by_id[own]
    try:
        found = resolver.resolve(name, country, kind)
    except Ambiguous as error:
        raise RowError(column, ambiguous(name, error.candidates), "ambiguous-name") from None
    if found:
        return found
    if _group(name, kind):
        return name
    return NewParty(name, kind or "municipality", country)


@dataclass(frozen=True)
class NewParty:
    """A party the graph does not know yet."""

    name: str
    kind: str
    country: str | None


def _create(loaded, resolver, party):
    """The actor for ``party``, created when it is a ``NewParty`` (an earlier row of the
    load may have created it already)."""
    if not isinstance(party, NewParty):
        return party
    return resolver.resolve(party.name, party.country, party.kind) or new_actor(
        loaded, resolver, party.name, party.kind, party.country)


BODIES = {"association", "consortium", "organization"}  # what one can be a member of


def _actor_named(resolver, text):
    """The association, consortium or organisation a programme column names ("UCCLA",
    "AMAL"), or None when it names none."""
    if not text:
        return None
    try:
        return resolver.resolve(text, kinds=BODIES)
    except Ambiguous:
        return None


def _cooperation_kind(relation, a, b, programme_name, year):
    """(kind, label, roles, name) of the cooperation a pairwise row states."""
    other = b if isinstance(b, str) else b.name if b else ""
    when = f" ({year})" if year else ""
    if relation == "sister_city":
        return "twinning", "Agreement", ("partner", "partner"), f"Twinning {a.name} – {other}"
    if relation == "cooperation_agreement":
        return "cooperation", "Agreement", ("signatory", "signatory"), f"Agreement {a.name} – {other}{when}"
    if relation == "funding":
        return "funding", "Agreement", ("funder", "beneficiary"), f"Funding by {a.name} of {other}{when}"
    if relation == "exchange":
        return None, "Exchange", ("participant", "participant"), f"Exchange {a.name} – {other}{when}"
    return "meeting", "Event", ("host", "participant"), f"{programme_name or 'Meeting'} in {a.name}{when}"


def _group(name, kind) -> bool:
    """Whether a party's name, of the type its words say, names a group of actors."""
    return kind is None and GROUP.search(fold(name)) is not None or re.search(r"\(\d", name) is not None


def _alone(party, name, country):
    """``party`` as the file alone would name it: the group ``name`` names, or an actor
    with the id ``name`` gives a new one (``Actor`` is known here by its id only)."""
    if not isinstance(party, Actor):
        return party
    kind = type_hint(name)
    if _group(name, kind):
        return name
    return Actor(own_id(name, kind or "municipality", country_code(country)), name, party.type)


def _pair_id(a, b, year) -> str:
    """The id part of a cooperation between ``a`` and ``b`` (a group or none) in ``year``."""
    def short(party):
        return party.id.split(":", 1)[1].replace(":", "-") if not isinstance(party, str) else slug(party)

    ends = [short(a)] + ([short(b)] if b is not None else [])
    return "--".join(ends) + (f"-{year}" if year else "")


def _description(leftover, b):
    parts = []
    if isinstance(b, str):
        parts.append(f"With {b}.")
    if leftover:
        parts.append("Topics as given: " + "; ".join(leftover) + ".")
    return " ".join(parts) or None


def topic_index(rows) -> dict:
    """Folded topic names, Portuguese names and aliases of ``rows`` (topics) → topic id."""
    index = {}
    for row in rows:
        for name in [row["name"], row["namePt"], *(row["aliases"] or [])]:
            if name:
                index.setdefault(_topic_key(name), row["id"])
    return index


def _topics(text, topic_ids):
    """The topic ids a topic cell names (by a topic's name or alias, else by the words of
    the topic vocabulary), and the pieces that name no topic of the graph."""
    text = re.sub(r"\b(e|and|et|y)/(ou|or|o)\b", r"\1 \2", re.sub(r"\([^)]*\)", "", text))  # "e/ou" is no list
    pieces = [p.strip() for p in re.split(r"[;/,]", text) if p.strip()]
    in_graph = set(topic_ids.values())
    known, leftover = [], []
    for piece in pieces:
        if TWINNING_WORDS.search(fold(piece)):
            continue
        found = [topic_ids[_topic_key(piece)]] if _topic_key(piece) in topic_ids else [
            topic for topic, _, _ in find_topics(fold(piece)) if topic in in_graph]
        known += [t for t in found if t not in known]
        if not found:
            leftover.append(piece)
    return known, leftover


def _topic_key(text):
    return fold(text).removesuffix("s")



def _evidence(loaded, cooperation, source, quote):
    loaded.link("EVIDENCED_BY", ("Cooperation", cooperation), ("Source", source), quote=quote,
                sources=[source])


def _year(text):
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text) or not 1000 <= int(text) <= 2100:
        raise RowError("year", _("{value} is not a year (YYYY)").format(value=repr(text)), "bad-date")
    return int(text)


def _date(year):
    return datetime.date(year, 1, 1) if year else None


def _dated(properties, field_name, year):
    if year:
        properties.update({field_name: _date(year), f"{field_name}Precision": "year"})
    return {k: v for k, v in properties.items() if v not in (None, "")}
