"""How a node looks in every picture and export: its kind, label, colour and size; and how
kinds, countries, numbers and dates read in the language being spoken.

Colours are Paul Tol's "muted" qualitative palette, told apart by colour-blind viewers.
An exchange is drawn as an event (both are activities with dates). ``colouring(graph,
by)`` colours nodes by kind, country, programme or community, with its legend, the same
in every export.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from munigraph.language import _, current, pgettext

KINDS = ("municipality", "region", "association", "consortium", "organization",
         "programme", "agreement", "event", "topic", "country")
COLOURS = dict(zip(KINDS, ("#88CCEE", "#332288", "#117733", "#44AA99", "#999933",
                           "#882255", "#CC6677", "#DDCC77", "#AA4499", "#EE8866")))
FALLBACK = {"Actor": "organization", "Cooperation": "agreement", "Topic": "topic",
            "Country": "country"}
COLOR_BY = ("kind", "country", "programme", "community")
PALETTE = ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99",
           "#999933", "#AA4499")  # the groups of a colouring, largest first
OTHER = "#BBBBBB"  # the groups beyond the palette, and nodes of no group


def kind_of(node: dict) -> str:
    """The kind (one of ``KINDS``) of a node with networkx attributes ``label`` and ``type``.

    >>> kind_of({"label": "Cooperation", "type": "exchange"}), kind_of({"label": "Topic"})
    ('event', 'topic')
    """
    kind = "event" if node.get("type") == "exchange" else node.get("type")
    return kind if kind in KINDS else FALLBACK.get(node.get("label"), "organization")


def number(n: int) -> str:
    """A whole number with its thousands marked as the current language marks them.

    >>> from munigraph.language import speaking
    >>> with speaking("pt"):
    ...     number(12345)
    '12.345'
    >>> number(12345)
    '12,345'
    """
    return f"{n:,}".replace(",", pgettext("thousands separator", ","))


def shown_date(value) -> str:
    """A date (``PartialDate``, ``datetime.date`` or ISO text) as people of the current
    language write it, at its precision; English keeps ISO 8601.

    >>> import datetime
    >>> from munigraph.graph.dates import PartialDate
    >>> from munigraph.language import speaking
    >>> with speaking("pt"):
    ...     [shown_date(d) for d in (PartialDate(datetime.date(2013, 5, 1), "month"),
    ...                              datetime.date(2026, 12, 3), "2013")]
    ['05/2013', '03/12/2026', '2013']
    >>> shown_date(datetime.date(2026, 12, 3))
    '2026-12-03'
    """
    import datetime

    text = value.isoformat() if hasattr(value, "isoformat") else str(value or "")
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text).strftime(pgettext("date", "%Y-%m-%d"))
        if len(text) == 7:
            return datetime.date.fromisoformat(text + "-01").strftime(pgettext("month", "%Y-%m"))
    except ValueError:
        pass
    return text


def weight_of(graph, node) -> int:
    """What a node's size shows: a country's cooperations in the country network, else
    its degree (its links)."""
    data = graph.nodes[node]
    return data.get("cooperations", 0) if data.get("label") == "Country" else graph.degree(node)


def size_of(degree: int) -> int:
    """A node's radius in pixels: its area grows with its degree, up to a cap.

    >>> size_of(0), size_of(1), size_of(25), size_of(1000)
    (6, 10, 26, 40)
    """
    return min(40, round(6 + 4 * math.sqrt(degree)))


def label_of(data: dict, default="") -> str:
    """A node's name on a picture, the same in every export and in explore: the
    ``shortName`` the records give, else the name in the language being spoken (a topic's
    or country's ``namePt`` in Portuguese), else ``default``.

    >>> label_of({"name": "Frente Nacional de Prefeitos", "shortName": "FNP"})
    'FNP'
    >>> label_of({"name": "Olhão"}), label_of({}, "actor:x")
    ('Olhão', 'actor:x')
    """
    return str(data["shortName"]) if data.get("shortName") else name_of(data, default)


def name_of(data: dict, default="") -> str:
    """A node's full name in the language being spoken: a topic's or country's ``namePt``
    in Portuguese, else its ``name``, else ``default``.

    >>> from munigraph.language import speaking
    >>> with speaking("pt"):
    ...     name_of({"name": "Germany", "namePt": "Alemanha"})
    'Alemanha'
    """
    if current() == "pt" and data.get("namePt"):
        return str(data["namePt"])
    return str(data.get("name") or default)


def wrapped(text: str, width: int = 18) -> str:
    """``text`` on lines of about ``width`` characters, never cut (a longer word keeps its
    own line).

    >>> print(wrapped("Cooperação descentralizada entre cidades do Brasil e Moçambique"))
    Cooperação
    descentralizada
    entre cidades do
    Brasil e
    Moçambique
    """
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
                     or [text])


def country_name(code: str) -> str:
    """The name of the country with ISO code ``code`` in the language being spoken (English
    when there is none in it), or "" for no known country.

    >>> from munigraph.language import speaking
    >>> with speaking("pt"):
    ...     country_name("DE")
    'Alemanha'
    >>> country_name("DE"), country_name("")
    ('Germany', '')
    """
    from munigraph.loaders.countries import country

    found = country(code) if code else None
    return (found.get(f"name{current().capitalize()}") or found["name"]) if found else ""


@dataclass(frozen=True)
class Colouring:
    """Each node's colour, and the legend: ``(words, colour, count)`` per group, in order."""

    by: str
    colours: dict
    legend: tuple


def colouring(graph, by: str = "kind") -> Colouring:
    """Colours for the nodes of ``graph`` (either view, or the country network) by ``by``:

    - ``kind``: the kind's colour (``COLOURS``);
    - ``country``: an actor's country; a cooperation whose parties are all of one country
      takes it; the others, and actors without a country, are of "no single country";
    - ``programme``: the programme a cooperation is part of (or is); an actor's is the
      programme most of its cooperations are part of (``programme`` on the actors view's
      nodes, from ``network.actor_projection``);
    - ``community``: the Louvain community (``measures.communities``, seeded).

    The groups are ranked by size: the first ``len(PALETTE)`` get a colour, the rest share
    grey with the nodes of no group ("other").
    """
    from munigraph.graph.errors import MunigraphError
    from munigraph.graph.words import kind_name

    if by not in COLOR_BY:
        raise MunigraphError(_("color is one of {choices}, not {by}").format(
            choices=", ".join(COLOR_BY), by=repr(by)))
    if by == "kind":
        kinds = {node: kind_of(data) for node, data in graph.nodes(data=True)}
        counts = [(kind, sum(1 for k in kinds.values() if k == kind)) for kind in KINDS]
        return Colouring(by, {node: COLOURS[kind] for node, kind in kinds.items()},
                         tuple((kind_name(k), COLOURS[k], n) for k, n in counts if n))
    groups = _groups(graph, by)
    sizes = {}
    for group in groups.values():
        if group is not None:
            sizes[group] = sizes.get(group, 0) + 1
    ranked = sorted(sizes, key=lambda g: (-sizes[g], g))  # ties: by number, code or name
    coloured = dict(zip(ranked, PALETTE))
    colours = {node: coloured.get(group, OTHER) for node, group in groups.items()}
    legend = [(_group_words(graph, by, g), coloured[g], sizes[g]) for g in coloured]
    rest = sum(1 for c in colours.values() if c == OTHER)
    if rest:
        legend.append((_("other") if by == "community" or len(ranked) > len(PALETTE) else
                       _NONE[by](), OTHER, rest))
    return Colouring(by, colours, tuple(legend))


_NONE = {"country": lambda: _("no single country"), "programme": lambda: _("no programme"),
         "community": lambda: _("other")}


def _groups(graph, by) -> dict:
    """``{node: group or None}`` for colouring by ``by``."""
    if by == "community":
        from .measures import communities

        return communities(graph)
    if by == "country":
        import networkx as nx

        countries = {}
        for node, data in graph.nodes(data=True):
            if data.get("label") in ("Actor", "Country"):
                countries[node] = data.get("country") or data.get("code")
        for node, data in graph.nodes(data=True):
            if node not in countries:
                around = {countries.get(n) for n in nx.all_neighbors(graph, node)} - {None}
                countries[node] = around.pop() if len(around) == 1 else None
        return countries
    from .network import programme_of

    return programme_of(graph)


def _group_words(graph, by, group) -> str:
    if by == "country":
        return country_name(group) or str(group)
    if by == "programme":
        return str(group)
    return _("community {n}").format(n=group + 1)
