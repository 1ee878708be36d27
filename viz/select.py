"""Which part of the graph a picture shows: filters that choose cooperations.

``select(store, ...)`` returns a ``Selection``: the ``MultiDiGraph`` of the chosen
cooperations with their parties (``viz.network``), in the cooperations view, projected
to actors or aggregated by country, and what its caption says (the date and how many sources stand behind it).
Filters combine: a cooperation is shown when it passes every filter given.

- ``actor`` (id, name or alias, resolved as for the canned queries: ``queries.names``)
  with ``depth``: the actor's cooperations, then those of its partners, ``depth`` steps out;
- ``countries``: cooperations with a party in, or a scope of, one of these countries;
- ``between`` (two countries): cooperations that join a party of one with a party (or the
  scope) of the other; only the parties of those two countries are drawn, the others are
  counted in the caption;
- ``topic``: cooperations on the topic or one up to two levels narrower;
- ``programme``: the programme (or any cooperation) and what is part of it;
- ``since`` and ``until``: cooperations that started or were signed from, or up to, that
  year; those without a date are left out and counted in the caption, unless ``undated``;
- ``kinds`` (kinds of node of ``style.KINDS``): cooperations of those kinds, and only the
  actors of those kinds drawn;
- ``min_shared`` (the actors view): links of at least that many shared cooperations; the
  actors left without a link are named in the caption, not drawn;
- ``query`` with ``parameters``: the actors and cooperations whose ids a canned query
  returns (its ``id``, ``*_id`` and ``*_ids`` columns, and the nodes it returns), with the
  cooperations that join those actors.

The views: ``cooperations`` keeps cooperation nodes between their parties (with
``twinnings="direct"``, each twinning a link between its two towns instead:
``network.direct_twinnings``), ``actors`` joins actors directly
(``network.actor_projection``), ``countries`` joins the countries the cooperations join
(``countries.country_network``), ``programmes`` joins programmes to their parties
(``network.programme_network``; the cooperations in no programme are counted in the
caption). Given a ``limit``, a selection of
more nodes than that in the view asked for is drawn in the countries view instead, and its
caption says so. The countries view, and a selection given a ``limit``, first read only
who takes part in what and where, much faster than the whole network.

A name that matches nothing, an ``actor`` that names several actors, and filters that
leave no cooperation are refused with a message saying so.

``around(store, actors, cooperations, ...)`` is the union of many nodes' neighbourhoods,
as ``munigraph explore`` shows them, in one selection: the queries it runs do not grow
with the number of nodes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from munigraph.graph.errors import ExportError, MunigraphError, QueryError
from munigraph.graph.model import COOPERATION_TYPES
from munigraph.language import _, ngettext
from munigraph.queries.names import actor_id

from .countries import country_network
from .network import (CHOSEN, EVERY, actor_projection, direct_twinnings, programme_network,
                      read_network)
from .style import kind_of, label_of

COOPERATIONS_OF = ("MATCH (a:Actor)-[:TAKES_PART]->(c:Cooperation) WHERE a.id IN $ids "
                   "RETURN DISTINCT c.id AS id")
PARTIES_OF = ("MATCH (a:Actor)-[:TAKES_PART]->(c:Cooperation) WHERE c.id IN $ids "
              "RETURN DISTINCT a.id AS id")
IN_COUNTRIES = """
MATCH (c:Cooperation)
WHERE EXISTS { MATCH (c)<-[:TAKES_PART]-(:Actor)-[:LOCATED_IN]->(k:Country) WHERE k.code IN $codes }
   OR EXISTS { MATCH (c)-[:INVOLVES]->(k:Country) WHERE k.code IN $codes }
RETURN c.id AS id"""
BETWEEN = """
MATCH (c:Cooperation)
WITH c, [(c)<-[:TAKES_PART]-(:Actor)-[:LOCATED_IN]->(k:Country) | k.code] AS parties,
     [(c)-[:INVOLVES]->(k:Country) | k.code] AS scope
WHERE ($a IN parties AND ($b IN parties OR $b IN scope)) OR ($b IN parties AND $a IN scope)
RETURN c.id AS id"""
ON_TOPIC = """
MATCH (t:Topic) WHERE t.id = $name OR toLower($name) IN t.lookup
MATCH (c:Cooperation)-[:ON_TOPIC]->(sub:Topic)
OPTIONAL MATCH (up:Topic) WHERE up.id = sub.parent
WITH t, c, sub, up WHERE sub = t OR up = t OR up.parent = t.id
RETURN DISTINCT c.id AS id"""
IN_PROGRAMME = """
MATCH (p:Cooperation) WHERE p.id = $name OR toLower($name) IN p.lookup
MATCH (c:Cooperation) WHERE c = p OR EXISTS { MATCH (c)-[:PART_OF]->(p) }
RETURN DISTINCT c.id AS id"""
PARTS = ("UNWIND $ids AS id MATCH (p:Cooperation {id: id}) "
         "OPTIONAL MATCH (c:Cooperation)-[:PART_OF]->(p) RETURN p.id AS id, collect(c.id) AS parts")
KINDS = "MATCH (n) WHERE n.id IN $ids RETURN n.id AS id, n:Cooperation AS cooperation"
JOINING = ("MATCH (a:Actor)-[:TAKES_PART]->(c:Cooperation)<-[:TAKES_PART]-(b:Actor) "
           "WHERE a.id IN $ids AND b.id IN $ids AND a <> b RETURN DISTINCT c.id AS id")
DATED = ("MATCH (c:Cooperation) WITH c, coalesce(c.start, c.signed).year AS year "
         "WHERE year >= coalesce($since, year) AND year <= coalesce($until, year) "
         "RETURN c.id AS id")
UNDATED = "MATCH (c:Cooperation) WHERE c.start IS NULL AND c.signed IS NULL RETURN c.id AS id"
OF_KINDS = ("MATCH (c:Cooperation) WHERE any(l IN labels(c) WHERE toLower(l) IN $kinds) "
            "RETURN c.id AS id")
PROGRAMMES_OF = ("MATCH (c:Cooperation)-[:PART_OF]->(p:Cooperation) WHERE c.id IN $ids "
                 "RETURN DISTINCT p.id AS id")
OUTLINE = """
{c}
RETURN c.id AS id, c.name AS name, c.kind AS kind,
       toLower([l IN labels(c) WHERE l <> 'Cooperation'][0]) AS type,
       [(c)<-[:TAKES_PART]-(a:Actor) | [a.id, a.country,
                                        toLower([l IN labels(a) WHERE l <> 'Actor'][0])]] AS parties,
       [(c)-[:INVOLVES]->(k:Country) | k.code] AS scope,
       [(c)-[:PART_OF]->(p:Cooperation) | p.id] AS programmes"""
# The actors the network draws besides the parties: with every cooperation, those that take
# part in none; else the actors given.
ACTOR = ("RETURN a.id AS id, a.country AS country, "
         "toLower([l IN labels(a) WHERE l <> 'Actor'][0]) AS type")
BESIDES = {True: "MATCH (a:Actor) WHERE NOT EXISTS { MATCH (a)-[:TAKES_PART]->(:Cooperation) } "
                 + ACTOR,
           False: "UNWIND $actors AS id MATCH (a:Actor {id: id}) " + ACTOR}
VIEWS = ("cooperations", "actors", "countries", "programmes")
TWINNINGS = ("node", "direct")
UNLINKED = 5  # actors the caption names when the actors view leaves them out
SOURCES = ("MATCH (c:Cooperation)-[:EVIDENCED_BY]->(s:Source) WHERE $all OR c.id IN $ids "
           "RETURN count(DISTINCT s) AS n")
EVERY_COOPERATION = "MATCH (c:Cooperation) RETURN count(c) AS n"


@dataclass
class Selection:
    """A part of the graph to draw, and the words of its caption."""

    graph: object  # networkx MultiDiGraph (cooperations view) or Graph (actors, countries)
    sources: int
    date: datetime.date
    left_out: int = 0  # parties of the chosen cooperations that are not drawn
    unlinked: tuple = ()  # names of actors the actors view leaves out: they share nothing drawn
    view: str = "cooperations"  # the view drawn
    too_many: int = 0  # nodes of the view asked for, when too many: the countries view is drawn
    undated: int = 0  # cooperations a year range leaves out for lack of a date

    @property
    def caption(self) -> str:
        """The date, the sources, the nodes and links, in the language being spoken.

        >>> import networkx as nx
        >>> from munigraph.language import speaking
        >>> chosen = Selection(nx.path_graph(3), 61, datetime.date(2026, 12, 3))
        >>> chosen.caption
        'munigraph · graph of 2026-12-03 · 61 sources · 3 nodes, 2 links'
        >>> with speaking("pt"):
        ...     chosen.caption
        'munigraph · grafo de 03/12/2026 · 61 fontes · 3 nós, 2 ligações'
        >>> aggregated = Selection(nx.path_graph(3), 61, datetime.date(2026, 12, 3),
        ...                        view="countries", too_many=15203)
        >>> for words in aggregated.caption.split(" · ")[3:]:
        ...     print(words)
        15,203 nodes are too many to draw: cooperations aggregated by country
        3 countries linked by the cooperations that join them, 2 links
        """
        from .style import number, shown_date

        nodes = self.graph.number_of_nodes()
        edges = len(set(self.graph.edges()))  # pairs linked, as drawn: roles of one pair are one link
        links = ngettext("{n} link", "{n} links", edges).format(n=edges)
        words = ["munigraph", _("graph of {date}").format(date=shown_date(self.date)),
                 ngettext("{n} source", "{n} sources", self.sources).format(n=self.sources)]
        if self.too_many:
            words.append(ngettext("{n} node is too many to draw: cooperations aggregated by "
                                  "country", "{n} nodes are too many to draw: cooperations "
                                  "aggregated by country", self.too_many)
                         .format(n=number(self.too_many)))
        if self.view == "countries":
            words.append(_("{countries} linked by the cooperations that join them, {links}")
                         .format(countries=ngettext("{n} country", "{n} countries", nodes)
                                 .format(n=nodes), links=links))
            without = self.graph.graph.get("without_country", 0)
            if without:
                words.append(ngettext("{n} party without a country not drawn",
                                      "{n} parties without a country not drawn", without)
                             .format(n=without))
        else:
            words.append(ngettext("{n} node", "{n} nodes", nodes).format(n=nodes) + ", " + links)
        if self.left_out:
            words.append(ngettext("{n} party of other countries not drawn",
                                  "{n} parties of other countries not drawn", self.left_out)
                         .format(n=self.left_out))
        outside = self.graph.graph.get("outside", 0)
        if outside:
            words.append(ngettext("{n} cooperation in no programme not drawn",
                                  "{n} cooperations in no programme not drawn", outside)
                         .format(n=number(outside)))
        if self.undated:
            words.append(ngettext("{n} cooperation without a date not drawn",
                                  "{n} cooperations without a date not drawn", self.undated)
                         .format(n=number(self.undated)))
        if self.unlinked:
            names = ", ".join(self.unlinked[:UNLINKED])
            more = len(self.unlinked) - UNLINKED
            words.append(_("not linked: {names}").format(names=names) + (
                _(" and {n} more").format(n=more) if more > 0 else ""))
        return " · ".join(words)


def select(store, actor=None, depth=1, countries=(), topic=None, programme=None, since=None,
           query=None, parameters=None, view="cooperations", between=None,
           min_shared=1, limit=None, until=None, undated=False, kinds=None,
           twinnings="node", most=None) -> Selection:
    """The part of the graph that passes every filter given (all of it without filters);
    refused before it is read when it holds more than ``most`` cooperations (``check_size``)."""
    check_view(view, twinnings)
    if not isinstance(min_shared, int) or min_shared < 1:
        raise MunigraphError(_("min_shared must be a whole number of 1 or more, not {value}")
                             .format(value=repr(min_shared)))
    chosen, extra, drawn = None, set(), None
    if actor:
        found = actor_id(store, actor)
        if found is None:
            raise QueryError(_("no actor is called {name} (try `munigraph query find -p text=...`)")
                             .format(name=repr(actor)))
        extra.add(found)
        chosen = _neighbourhood(store, {found}, depth)
    chosen = _filtered(store, chosen, countries, topic, programme, kinds)
    if between:
        drawn = _pair(between)
        chosen = _narrowed(chosen, _ids(store, BETWEEN, a=drawn[0], b=drawn[1]))
    if query:
        actors, cooperations = _from_query(store, query, parameters or {})
        extra |= actors
        chosen = _narrowed(chosen, cooperations | _ids(store, JOINING, ids=sorted(actors)))
    chosen, left = _dated(store, chosen, since, until, undated)
    return _selection(store, chosen, extra, view, drawn, min_shared, limit, kinds, twinnings, left,
                      most)


def around(store, actors=(), cooperations=(), depth=1, countries=(), topic=None, programme=None,
           since=None, view="cooperations", limit=None, until=None, undated=False, kinds=None,
           twinnings="node", most=None) -> Selection:
    """The neighbourhoods of many nodes, given by id, in one selection: the cooperations of
    the ``actors`` ``depth`` steps out (those in ``programme`` when it is given) and the
    ``cooperations`` with what is part of them (whatever ``programme`` says), all narrowed
    by ``countries``, ``topic``, ``kinds`` and the years. The ``actors`` are drawn even when
    no cooperation of theirs is left. Without ids: the whole graph, filtered, as ``select``.
    ``view``, ``twinnings``, ``limit`` and ``most`` as for ``select``. Refused when no
    cooperation is left at all."""
    check_view(view, twinnings)
    if not actors and not cooperations:
        return select(store, countries=countries, topic=topic, programme=programme, since=since,
                      view=view, limit=limit, until=until, undated=undated, kinds=kinds,
                      twinnings=twinnings, most=most)
    chosen = set()
    if actors:
        chosen = _filtered(store, _neighbourhood(store, set(actors), depth), programme=programme)
    if cooperations:
        chosen |= {i for row in store.read(PARTS, ids=sorted(set(cooperations)))
                   for i in [row["id"], *row["parts"]]}
    chosen = _filtered(store, chosen, countries, topic, None, kinds)
    chosen, left = _dated(store, chosen, since, until, undated)
    return _selection(store, chosen, set(actors), view, limit=limit, kinds=kinds,
                      twinnings=twinnings, undated=left, most=most)


def check_view(view, twinnings="node") -> None:
    """Refuse a view that is not one of ``VIEWS``, and ``twinnings`` not one of ``TWINNINGS``."""
    if view not in VIEWS:
        raise MunigraphError(_("view must be 'cooperations', 'actors', 'countries' or "
                               "'programmes', not {view}").format(view=repr(view)))
    if twinnings not in TWINNINGS:
        raise MunigraphError(_("twinnings must be 'node' or 'direct', not {value}")
                             .format(value=repr(twinnings)))


def check_size(store, chosen, most) -> None:
    """Refuse, before anything is read, a selection of more than ``most`` cooperations
    (``chosen``: their ids, or ``None`` for all; ``most`` ``None``: no bound)."""
    if most is None:
        return
    count = len(chosen) if chosen is not None else store.read(EVERY_COOPERATION)[0]["n"]
    if count > most:
        from .style import number

        raise ExportError(ngettext(
            "this asks for {n} cooperation, more than {most} at a time: narrow it with the filters",
            "this asks for {n} cooperations, more than {most} at a time: narrow it with the filters",
            count).format(n=number(count), most=number(most)))


def _narrowed(chosen, ids) -> set:
    """``chosen`` and ``ids`` (``chosen`` ``None``: every cooperation so far)."""
    return set(ids) if chosen is None else chosen & set(ids)


def _filtered(store, chosen, countries=(), topic=None, programme=None, kinds=None):
    """``chosen`` (``None``: every cooperation) narrowed by the filters given."""
    if countries:
        chosen = _narrowed(chosen, _ids(store, IN_COUNTRIES, codes=_codes(countries)))
    if topic:
        _known(store, "Topic", topic)
        chosen = _narrowed(chosen, _ids(store, ON_TOPIC, name=topic))
    if programme:
        _known(store, "Cooperation", programme)
        chosen = _narrowed(chosen, _ids(store, IN_PROGRAMME, name=programme))
    if kinds:
        named = sorted(kind for kind in COOPERATION_TYPES  # an exchange is drawn as an event
                       if kind_of({"label": "Cooperation", "type": kind}) in kinds)
        chosen = _narrowed(chosen, _ids(store, OF_KINDS, kinds=named))
    return chosen


def _dated(store, chosen, since, until, undated) -> tuple:
    """``chosen`` narrowed to the cooperations that started or were signed from ``since`` to
    ``until`` (either may be ``None``: no bound), and how many were left out for lack of a
    date (none when ``undated``: they are kept)."""
    if since is None and until is None:
        return chosen, 0
    without = _narrowed(chosen, _ids(store, UNDATED))
    kept = _narrowed(chosen, _ids(store, DATED, since=since and int(since),
                                  until=until and int(until)))
    return (kept | without, 0) if undated else (kept, len(without))


def cooperations(store, countries=(), topic=None, programme=None, since=None,
                 until=None):
    """The ids of the cooperations that pass the filters given (as ``select``; ``until``: that
    started or were signed in that year or before), or ``None`` when none is given (all)."""
    chosen = _filtered(store, None, countries, topic, programme)
    return _dated(store, chosen, since, until, undated=False)[0]


def _selection(store, chosen, extra, view, countries=None, min_shared=1, limit=None,
               kinds=None, twinnings="node", undated=0, most=None) -> Selection:
    """The ``chosen`` cooperations (``None``: all) with their parties and the ``extra``
    actors, in ``view``; with ``countries``, only the parties of those countries; with
    ``kinds``, only the actors of those kinds. The actors view keeps links of at least
    ``min_shared`` shared cooperations and names the actors left without a link instead of
    drawing them apart. The programmes view also reads the programmes the ``chosen``
    cooperations are part of. Above ``limit`` nodes, the countries view is drawn instead;
    above ``most`` cooperations, nothing (``check_size``)."""
    if chosen is not None and not chosen:
        raise ExportError(_("the filters choose no cooperation: nothing to draw"))
    counted = chosen
    if view == "programmes" and chosen is not None:
        chosen = chosen | _ids(store, PROGRAMMES_OF, ids=sorted(chosen))
    check_size(store, chosen, most)
    sources = store.read(SOURCES, all=counted is None, ids=sorted(counted or []))[0]["n"]
    today, too_many = datetime.date.today(), 0

    def shown(graph):
        left_out = _left_out(graph, extra, countries)
        _other_kinds(graph, extra, kinds)
        return len(left_out)

    if view == "countries" or limit is not None:
        outline = _outline(store, chosen, extra)
        left_out = shown(outline)
        if view != "countries":
            nodes = _view(outline, view, min_shared, twinnings, counted)[0].number_of_nodes()
            too_many = nodes if nodes > limit else 0
        if view == "countries" or too_many:
            return Selection(country_network(outline), sources, today, left_out,
                             view="countries", too_many=too_many, undated=undated)
    graph = read_network(store, chosen, extra)
    left_out = shown(graph)
    graph, unlinked = _view(graph, view, min_shared, twinnings, counted)
    return Selection(graph, sources, today, left_out, unlinked, view, undated=undated)


def _outline(store, chosen, extra):
    """What the whole network of ``_selection`` holds, but only who takes part in what,
    which cooperation is part of which, each node's ``type``, each actor's ``country``
    and each cooperation's ``name``, ``kind`` and ``scope`` (the countries it involves),
    as a ``MultiDiGraph`` of the same nodes, read in two queries."""
    import networkx as nx

    outline = nx.MultiDiGraph()
    rows = store.read(OUTLINE.format(**(EVERY if chosen is None else CHOSEN)),
                      cooperations=sorted(chosen or []))
    for row in rows:
        outline.add_node(row["id"], label="Cooperation", name=row["name"], scope=row["scope"],
                         type=row["type"], kind=row["kind"])
        for actor, country, kind in row["parties"]:
            outline.add_node(actor, label="Actor", country=country, type=kind)
            outline.add_edge(actor, row["id"])
    for row in rows:
        outline.add_edges_from((row["id"], up, "part_of", {"role": "part_of"})
                               for up in row["programmes"] if up in outline)
    for row in store.read(BESIDES[chosen is None], actors=sorted(extra)):
        outline.add_node(row["id"], label="Actor", country=row["country"], type=row["type"])
    return outline


def _left_out(graph, extra, countries) -> list:
    """With ``countries``, the actors of ``graph`` of other countries (not ``extra``),
    taken out of it."""
    left_out = [node for node, data in graph.nodes(data=True) if countries
                and data["label"] == "Actor" and node not in extra
                and data.get("country") not in countries]
    graph.remove_nodes_from(left_out)
    return left_out


def _other_kinds(graph, extra, kinds) -> None:
    """With ``kinds``, the actors of ``graph`` of other kinds (not ``extra``) taken out."""
    if kinds:
        graph.remove_nodes_from([node for node, data in graph.nodes(data=True)
                                 if data["label"] == "Actor" and node not in extra
                                 and kind_of(data) not in kinds])


def _view(graph, view, min_shared, twinnings="node", counted=None) -> tuple:
    """The cooperations ``graph`` in ``view`` (cooperations, actors or programmes, of the
    ``counted`` cooperations), and the names of the actors that the actors view leaves
    without a link of ``min_shared``."""
    if view == "programmes":
        return programme_network(graph, counted), ()
    if view != "actors":
        return (direct_twinnings(graph) if twinnings == "direct" else graph), ()
    graph = actor_projection(graph)
    graph.remove_edges_from([(a, b) for a, b, weight in graph.edges(data="weight")
                             if weight < min_shared])
    alone = [node for node in graph if graph.degree(node) == 0]
    unlinked = sorted(label_of(graph.nodes[node], node) for node in alone)
    graph.remove_nodes_from(alone)
    return graph, tuple(unlinked)


def _pair(between) -> tuple:
    """The two different countries ``between`` names, as ISO codes."""
    codes = _codes(between)
    if len(codes) != 2 or codes[0] == codes[1]:
        raise MunigraphError(_("between takes two different countries, not {countries}").format(
            countries=", ".join(map(str, between))))
    return tuple(codes)


def _known(store, label, name) -> None:
    """Refuse a topic or programme name that names nothing."""
    if not store.read(f"MATCH (n:{label}) WHERE n.id = $name OR toLower($name) IN n.lookup "
                      "RETURN n.id AS id LIMIT 1", name=name):
        if label == "Topic":
            said = _("no topic is called {name} (try `munigraph query find -p text=...`)")
        else:
            said = _("no programme or cooperation is called {name} "
                     "(try `munigraph query find -p text=...`)")
        raise QueryError(said.format(name=repr(name)))


def _ids(store, query, **parameters) -> set:
    return {row["id"] for row in store.read(query, parameters)}


def _neighbourhood(store, actors, depth) -> set:
    """The cooperations ``depth`` steps out from ``actors`` (1: their own)."""
    if depth < 1:
        raise MunigraphError(_("depth must be 1 or more, not {depth}").format(depth=depth))
    cooperations, frontier = set(), set(actors)
    for _step in range(depth):
        cooperations |= _ids(store, COOPERATIONS_OF, ids=sorted(frontier))
        frontier = _ids(store, PARTIES_OF, ids=sorted(cooperations)) - frontier
    return cooperations


def _codes(countries) -> list:
    from munigraph.loaders.countries import country_code

    codes = []
    for text in countries:
        try:
            code = country_code(text)
        except ValueError as error:
            raise MunigraphError(str(error)) from None
        if code is None:
            raise MunigraphError(_("{text} is no single country; give an ISO code or a country "
                                   "name").format(text=repr(text)))
        codes.append(code)
    return codes


def _from_query(store, name, parameters) -> tuple[set, set]:
    """The actor and cooperation ids in the answer of canned query ``name``."""
    from munigraph import queries

    rows, keys = queries.run(store, name, **parameters)
    if not rows:
        raise ExportError(_("{name} answers nothing with these parameters: nothing to draw")
                          .format(name=repr(name)))
    ids = set()
    for row in rows:
        for key, value in row.items():
            ids |= _ids_in(value, key == "id" or key.endswith(("_id", "_ids")))
    if not ids:
        raise ExportError(_("the answer of {name} names no actor or cooperation by id: its "
                            "columns are {columns}").format(name=repr(name), columns=", ".join(keys)))
    kinds = store.read(KINDS, ids=sorted(ids))
    return ({r["id"] for r in kinds if not r["cooperation"]}, {r["id"] for r in kinds if r["cooperation"]})


def _ids_in(value, is_id) -> set:
    """The ids in a result value: the value of an id column, or the ``id`` of a node."""
    if isinstance(value, dict):
        return {value["id"]} if isinstance(value.get("id"), str) else set()
    if isinstance(value, (list, tuple)):
        return set().union(*(_ids_in(v, is_id) for v in value)) if value else set()
    return {value} if is_id and isinstance(value, str) else set()
