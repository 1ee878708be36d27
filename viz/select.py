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
- ``since``: cooperations that started or were signed in that year or later;
- ``min_shared`` (the actors view): links of at least that many shared cooperations; the
  actors left without a link are named in the caption, not drawn;
- ``query`` with ``parameters``: the actors and cooperations whose ids a canned query
  returns (its ``id``, ``*_id`` and ``*_ids`` columns, and the nodes it returns), with the
  cooperations that join those actors.

The views: ``cooperations`` keeps cooperation nodes between their parties, ``actors``
joins actors directly (``network.actor_projection``), ``countries`` joins the countries
the cooperations join (``countries.country_network``). Given a ``limit``, a selection of
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
from munigraph.language import _, ngettext
from munigraph.queries.names import actor_id

from .countries import country_network
from .network import CHOSEN, EVERY, actor_projection, read_network
from .style import label_of

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
SINCE = ("MATCH (c:Cooperation) WHERE coalesce(c.start, c.signed).year >= $year "
         "RETURN c.id AS id")
KINDS = "MATCH (n) WHERE n.id IN $ids RETURN n.id AS id, n:Cooperation AS cooperation"
JOINING = ("MATCH (a:Actor)-[:TAKES_PART]->(c:Cooperation)<-[:TAKES_PART]-(b:Actor) "
           "WHERE a.id IN $ids AND b.id IN $ids AND a <> b RETURN DISTINCT c.id AS id")
OUTLINE = """
{c}
RETURN c.id AS id, c.name AS name, [(c)<-[:TAKES_PART]-(a:Actor) | [a.id, a.country]] AS parties,
       [(c)-[:INVOLVES]->(k:Country) | k.code] AS scope"""
# The actors the network draws besides the parties: with every cooperation, those that take
# part in none; else the actors given.
BESIDES = {True: "MATCH (a:Actor) WHERE NOT EXISTS { MATCH (a)-[:TAKES_PART]->(:Cooperation) } "
                 "RETURN a.id AS id, a.country AS country",
           False: "UNWIND $actors AS id MATCH (a:Actor {id: id}) "
                  "RETURN a.id AS id, a.country AS country"}
VIEWS = ("cooperations", "actors", "countries")
UNLINKED = 5  # actors the caption names when the actors view leaves them out
SOURCES = ("MATCH (c:Cooperation)-[:EVIDENCED_BY]->(s:Source) WHERE $all OR c.id IN $ids "
           "RETURN count(DISTINCT s) AS n")


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
        if self.unlinked:
            names = ", ".join(self.unlinked[:UNLINKED])
            more = len(self.unlinked) - UNLINKED
            words.append(_("not linked: {names}").format(names=names) + (
                _(" and {n} more").format(n=more) if more > 0 else ""))
        return " · ".join(words)


def select(store, actor=None, depth=1, countries=(), topic=None, programme=None, since=None,
           query=None, parameters=None, view="cooperations", between=None,
           min_shared=1, limit=None) -> Selection:
    """The part of the graph that passes every filter given (all of it without filters)."""
    check_view(view)
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
    chosen = _filtered(store, chosen, countries, topic, programme, since)
    if between:
        drawn = _pair(between)
        chosen = _narrowed(chosen, _ids(store, BETWEEN, a=drawn[0], b=drawn[1]))
    if query:
        actors, cooperations = _from_query(store, query, parameters or {})
        extra |= actors
        chosen = _narrowed(chosen, cooperations | _ids(store, JOINING, ids=sorted(actors)))
    return _selection(store, chosen, extra, view, drawn, min_shared, limit)


def around(store, actors=(), cooperations=(), depth=1, countries=(), topic=None, programme=None,
           since=None, view="cooperations") -> Selection:
    """The neighbourhoods of many nodes, given by id, in one selection: the cooperations of
    the ``actors`` ``depth`` steps out (those in ``programme`` when it is given) and the
    ``cooperations`` with what is part of them (whatever ``programme`` says), all narrowed
    by ``countries``, ``topic`` and ``since``. The ``actors`` are drawn even when no
    cooperation of theirs is left. Without ids: the whole graph, filtered, as ``select``.
    Refused when no cooperation is left at all."""
    check_view(view)
    if not actors and not cooperations:
        return select(store, countries=countries, topic=topic, programme=programme, since=since,
                      view=view)
    chosen = set()
    if actors:
        chosen = _filtered(store, _neighbourhood(store, set(actors), depth), programme=programme)
    if cooperations:
        chosen |= {i for row in store.read(PARTS, ids=sorted(set(cooperations)))
                   for i in [row["id"], *row["parts"]]}
    chosen = _filtered(store, chosen, countries, topic, None, since)
    return _selection(store, chosen, set(actors), view)


def check_view(view) -> None:
    """Refuse a view that is not one of ``VIEWS``."""
    if view not in VIEWS:
        raise MunigraphError(_("view must be 'cooperations', 'actors' or 'countries', not {view}")
                             .format(view=repr(view)))


def _narrowed(chosen, ids) -> set:
    """``chosen`` and ``ids`` (``chosen`` ``None``: every cooperation so far)."""
    return set(ids) if chosen is None else chosen & set(ids)


def _filtered(store, chosen, countries=(), topic=None, programme=None, since=None):
    """``chosen`` (``None``: every cooperation) narrowed by the filters given."""
    if countries:
        chosen = _narrowed(chosen, _ids(store, IN_COUNTRIES, codes=_codes(countries)))
    if topic:
        _known(store, "Topic", topic)
        chosen = _narrowed(chosen, _ids(store, ON_TOPIC, name=topic))
    if programme:
        _known(store, "Cooperation", programme)
        chosen = _narrowed(chosen, _ids(store, IN_PROGRAMME, name=programme))
    if since is not None:
        chosen = _narrowed(chosen, _ids(store, SINCE, year=int(since)))
    return chosen


def _selection(store, chosen, extra, view, countries=None, min_shared=1,
               limit=None) -> Selection:
    """The ``chosen`` cooperations (``None``: all) with their parties and the ``extra``
    actors, in ``view``; with ``countries``, only the parties of those countries. The
    actors view keeps links of at least ``min_shared`` shared cooperations and names the
    actors left without a link instead of drawing them apart. Above ``limit`` nodes, the
    countries view is drawn instead."""
    if chosen is not None and not chosen:
        raise ExportError(_("the filters choose no cooperation: nothing to draw"))
    sources = store.read(SOURCES, all=chosen is None, ids=sorted(chosen or []))[0]["n"]
    today, too_many = datetime.date.today(), 0
    if view == "countries" or limit is not None:
        outline = _outline(store, chosen, extra)
        left_out = _left_out(outline, extra, countries)
        if view != "countries":
            nodes = _view(outline, view, min_shared)[0].number_of_nodes()
            too_many = nodes if nodes > limit else 0
        if view == "countries" or too_many:
            return Selection(country_network(outline), sources, today, len(left_out),
                             view="countries", too_many=too_many)
    graph = read_network(store, chosen, extra)
    left_out = _left_out(graph, extra, countries)
    graph, unlinked = _view(graph, view, min_shared)
    return Selection(graph, sources, today, len(left_out), unlinked, view)


def _outline(store, chosen, extra):
    """What the whole network of ``_selection`` holds, but only who takes part in what,
    each actor's ``country`` and each cooperation's ``name`` and ``scope`` (the countries
    it involves), as a ``MultiDiGraph`` of the same nodes, read in two queries."""
    import networkx as nx

    outline = nx.MultiDiGraph()
    rows = store.read(OUTLINE.format(**(EVERY if chosen is None else CHOSEN)),
                      cooperations=sorted(chosen or []))
    for row in rows:
        outline.add_node(row["id"], label="Cooperation", name=row["name"], scope=row["scope"])
        for actor, country in row["parties"]:
            outline.add_node(actor, label="Actor", country=country)
            outline.add_edge(actor, row["id"])
    for row in store.read(BESIDES[chosen is None], actors=sorted(extra)):
        outline.add_node(row["id"], label="Actor", country=row["country"])
    return outline


def _left_out(graph, extra, countries) -> list:
    """With ``countries``, the actors of ``graph`` of other countries (not ``extra``),
    taken out of it."""
    left_out = [node for node, data in graph.nodes(data=True) if countries
                and data["label"] == "Actor" and node not in extra
                and data.get("country") not in countries]
    graph.remove_nodes_from(left_out)
    return left_out


def _view(graph, view, min_shared) -> tuple:
    """The cooperations ``graph`` in ``view`` (cooperations or actors), and the names of
    the actors that the actors view leaves without a link of ``min_shared``."""
    if view != "actors":
        return graph, ()
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
