"""What every loader of a flat input (facts CSV, Wikidata TSV, IATI XML) shares.

A loader module has ``FORMAT`` (its name), ``detect(path, head) -> bool`` (whether a file,
of which ``head`` is the first 4 KiB, is in its format) and ``read(path, resolver,
snapshot=None, progress=None) -> Loaded``. It turns each row (or activity) into nodes and
relationships of the graph model, resolving parties through the shared ``Resolver`` and
adding the actors it creates to it, and finding what else it names in the ``Snapshot`` of
the load's records; it never queries a store. It reports what each row became. A row it cannot
load is a ``Problem`` naming the file, row and field (a value it leaves out of a row it
loads, a warning); it never stops at the first one.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from munigraph.graph.errors import Problem
from munigraph.graph.model import ACTOR_TYPES, GraphBatch, Node, Relationship, fold
from munigraph.language import _

from .countries import country as country_node
from .files import utf8_text
from . import places
from .resolve import EXTERNAL_IDS, Actor, naming, new_id


def table_reader(loaded, columns, delimiter_of, hint="", **options):
    """``(text, csv.DictReader)`` over the UTF-8 table ``loaded.path`` (a byte-order mark is
    dropped; ``delimiter_of(header line)`` gives the delimiter), or ``(None, None)`` after
    adding the problem to ``loaded``: not UTF-8, or the header lacks one of ``columns``
    (``hint``, in the language spoken, follows the message)."""
    text, problem = utf8_text(loaded.path, loaded.path.read_bytes(), "utf-8-sig", "it")
    if problem:
        loaded.fail(problem.line, None, problem.message, problem.code)
        return None, None
    reader = csv.DictReader(io.StringIO(text, newline=""),
                            delimiter=delimiter_of(text.split("\n", 1)[0]), **options)
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        loaded.fail(1, None, _("the header lacks the column(s) {columns}").format(columns=", ".join(missing))
                    + hint, "missing-column")
        return None, None
    return text, reader


def table_rows(loaded, reader, progress=None):
    """``(line, row)`` for each row of ``reader``, counted in ``loaded.rows``. A row with
    more or fewer fields than the header, and a syntax error that ends the reading (a quote
    never closed), are problems of ``loaded`` instead."""
    width, last = len(reader.fieldnames), reader.line_num
    try:
        for row in reader:
            last = reader.line_num
            loaded.rows += 1
            if progress:
                progress(1)
            fields = width + len(row.get(None) or []) - sum(v is None for k, v in row.items() if k)
            if fields != width:
                loaded.problem(last, None, _("the row has {fields} fields and the header {width}; "
                                             "a separator or a quote is missing or extra").format(
                                                 fields=fields, width=width), "row-width")
                continue
            yield last, row
    except csv.Error as error:  # the row after the last one read
        loaded.fail(last + 1, None, _("syntax: {error}; is a quote on this row left open?").format(error=error),
                    "syntax")


def web_address(text: str) -> bool:
    """Whether ``text`` may be a source's address, which pages show as a link: an absolute
    ``http://`` or ``https://`` address (in any case) with a host, without a space or control
    character anywhere (browsers drop the tab of ``java\tscript:``). Callers strip the spaces
    around a value where their format does.

    >>> [web_address(text) for text in ("https://fnp.org.br/noticias", "HTTP://a.pt/x?q=1",
    ...  "javascript:alert(1)", "JAVASCRIPT:x", " javascript:x", "ht\ttps://a.pt", "data:text/html,x",
    ...  "//evil.example", "http:///nohost", "file:///etc/passwd", "https://a.pt/a b", "http://[::1")]
    [True, True, False, False, False, False, False, False, False, False, False, False]
    """
    if any(c.isspace() or unicodedata.category(c) == "Cc" for c in text):
        return False
    try:
        parts = urllib.parse.urlsplit(text)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # a broken IPv6 host
        return False


def not_a_web_address(value: str) -> str:
    """What is said of a source's address that ``web_address`` refuses."""
    return _("{value} is not a web address: give the address of the document (http:// or "
             "https://)").format(value=repr(value[:100]))


class RowError(ValueError):
    """Why one row cannot be loaded (in the language spoken), which column, and the
    problem's code."""

    def __init__(self, field, message, code):
        super().__init__(message)
        self.field, self.code = field, code


@dataclass
class Loaded:
    """What a loader made of one input file."""

    path: Path
    format: str
    rows: int = 0
    batch: GraphBatch = field(default_factory=GraphBatch)
    outcomes: Counter = field(default_factory=Counter)  # what the rows became: {"twinning": 120}
    problems: list = field(default_factory=list)  # Problem per row that could not be loaded
    warnings: list = field(default_factory=list)  # Problem per value left out of a loaded row
    unreadable: bool = False  # a problem stopped the reading of the whole file
    if_present: list = field(default_factory=list)  # (Relationship, outcome): kept when both ends are loaded
    _keys: set = field(default_factory=set)

    def node(self, labels: tuple, properties: dict) -> None:
        """Add a node: the first statement of an id wins within a file; later statements
        add their names and ids, and the values the first one lacks (an undated row of a
        twinning and a dated one give the date)."""
        key = (labels[0], properties["id"] if labels[0] != "Country" else properties["code"])
        given = {name: value for name, value in properties.items() if value not in (None, "", [])}
        if key not in self._keys:
            self._keys.add(key)
            self.batch.nodes.append(Node(labels, key[1], properties))
        else:
            self.batch.nodes.append(Node(labels, key[1], {"id": key[1], **given}))

    def link(self, rel_type: str, start: tuple, end: tuple, **properties) -> None:
        """Add a relationship between (label, key) ends; empty properties are left out."""
        self.batch.relationships.append(Relationship(
            rel_type, start, end, {k: v for k, v in properties.items() if v not in (None, [], "")}))

    def problem(self, row, field_name, message, code) -> None:
        """A row that cannot be loaded."""
        self.problems.append(Problem(self.path, row, field_name, message, code))

    def fail(self, line, field_name, message, code) -> "Loaded":
        """A problem that stops the reading of the file: no row of it can be loaded."""
        self.problems.append(Problem(self.path, line, field_name, message, code))
        self.unreadable = True
        return self

    def warn(self, row, field_name, message, code) -> None:
        """A value left out of a row that is loaded."""
        self.warnings.append(Problem(self.path, row, field_name, message, code))

    @property
    def rejected_rows(self) -> int:
        """How many rows (or activities) are left out: a row may have several problems."""
        return len({problem.line for problem in self.problems})


def ambiguous(name: str, candidates) -> str:
    """Why ``name`` cannot be resolved: several actors (``candidates``) answer to it."""
    ids = ", ".join(c.id for c in candidates)
    if all(c.country for c in candidates):
        return _("{name} is ambiguous: it may be {ids}; name the actor by its id").format(name=repr(name), ids=ids)
    return _("{name} is ambiguous: it may be {ids}; name the actor by its id or add a country").format(
        name=repr(name), ids=ids)


def source_id(address: str) -> str:
    """The id of the Source node for a web address or file name: stable, readable.

    >>> source_id("https://www.anamm.org.mz/index.php/quem-somos")
    'source:www-anamm-org-mz-index-php-quem-somos'
    """
    text = fold(address.split("://", 1)[-1])
    return "source:" + text.replace(" ", "-")[:120].strip("-")


def twinning_id(first: str, second: str) -> str:
    """The id of the twinning of two actors, whichever is named first.

    >>> twinning_id("municipality:pt:setubal", "municipality:it:udine")
    'agreement:twinning:it-udine--pt-setubal'
    """
    ends = sorted(actor_id.split(":", 1)[1].replace(":", "-") for actor_id in (first, second))
    return "agreement:twinning:" + "--".join(ends)


def new_actor(loaded: Loaded, resolver, name: str, actor_type: str, country: str | None,
              identifier: str | None = None, aliases=(), **properties) -> Actor:
    """Create an actor the graph does not know yet (id from its type, country and name
    unless given); later rows resolve to it. Its name and aliases come from
    ``resolve.naming`` ("Olhão Municipality" is "Olhão", "UCCLA – União das Cidades..." is
    also "UCCLA"), with ``aliases`` added; ``properties`` are its other properties. A
    municipality also gets its GeoNames id and names in other languages (``gazetteer``),
    besides the ``placeNames`` given."""
    name, named = naming(name)
    aliases = named + [a for a in aliases if a != name and a not in named]
    if actor_type == "municipality" and country:
        found = gazetteer(name, country, properties.get("lat"), properties.get("lon"))
        names = [n for n in dict.fromkeys([*(properties.get("placeNames") or []), *found.get("placeNames", [])])
                 if n != name]
        properties = {**found, **properties, "placeNames": names}
    properties = {k: v for k, v in properties.items() if v not in (None, "", [])}
    actor = Actor(identifier or new_id(actor_type, name, country), name, actor_type, country,
                  aliases, properties.get("lat"), properties.get("lon"),
                  external={k: properties[k] for k in EXTERNAL_IDS if k in properties},
                  place_names=list(properties.get("placeNames", [])))
    resolver.add(actor)
    loaded.node(("Actor", ACTOR_TYPES[actor_type]),
                {"id": actor.id, "name": name, **({"country": country} if country else {}),
                 **({"aliases": aliases} if aliases else {}), **properties})
    if country:
        loaded.node(("Country",), country_node(country))
        loaded.link("LOCATED_IN", ("Actor", actor.id), ("Country", country))
    return actor


def gazetteer(name: str, country: str, lat=None, lon=None, known=()) -> dict:
    """``geonamesId`` and ``placeNames`` (GeoNames' names in other languages, those in
    ``known`` left out) of the municipality ``name`` of ``country``; empty when GeoNames
    has no such place (near ``lat``, ``lon`` when given)."""
    found = places.identify(name, country, lat, lon)
    if found is None:
        return {}
    names = [n for n in places.other_names(found) + [found.name] if n != name and n not in known]
    return {"geonamesId": found.geonames_id, **({"placeNames": names} if names else {})}


def known_as(loaded: Loaded, resolver, actor: Actor, own: str) -> None:
    """Keep on ``actor`` the id ``own`` that the row's name would have given a new actor in
    the file alone, when the row resolved it to ``actor``: that id then finds the actor too
    (``ids``)."""
    if own != actor.id and own not in actor.ids:
        actor.ids.append(own)
        resolver.add(actor)
        loaded.batch.nodes.append(Node(("Actor", ACTOR_TYPES[actor.type]), actor.id, {"id": actor.id, "ids": [own]}))
