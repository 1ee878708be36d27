"""munigraph.queries: the canned Cypher questions, one ``.cypher`` file each.

Each file starts with a header of ``//`` comments, then plain Neo4j 5 Cypher with
``$parameters`` only, so it can be pasted into Neo4j Browser or run with cypher-shell::

    // name: partners
    // description: Who an actor cooperates with ...
    // param: actor (actor) — id, name or alias of the actor; example: consortium:pt:amal
    // param: limit (integer 1..10000) = 10 — how many; example: 5
    // returns: partner, cooperation, ...

A parameter without ``= default`` is required; an integer may give its range (``1..10000``),
and a value outside it is refused. A parameter of type ``actor`` is text that
names an actor: ``run`` sends the query the id of the one actor it means (``names``), or
refuses a name that several actors answer to. The runner reads these files; nothing
repeats them in Python.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
import math
import re
import shlex
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from munigraph.graph.errors import ParameterError, QueryError

from munigraph.language import _, current

from .names import actor_id

PARAM = re.compile(r"^(?P<name>\w+) \((?P<type>string|actor|integer|float|boolean)"
                   r"(?: (?P<low>-?[0-9]+)\.\.(?P<high>-?[0-9]+))?\)"
                   r"(?: = (?P<default>[^—]+?))? — (?P<help>.*?)(?:; example: (?P<example>.*))?$")
TYPES = {"string": str, "actor": str, "integer": int, "float": float, "boolean": bool}
INTEGER = re.compile(r"-?[0-9]+")
LARGEST = 2 ** 63 - 1  # Cypher integers are 64-bit


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: object
    help: str
    example: str
    low: int | None = None  # an integer's range, when the header gives one
    high: int | None = None

    @property
    def required(self) -> bool:
        return self.default is None

    @property
    def kind(self) -> str:
        """The type, with its range when it has one: ``integer 1..10000``."""
        return self.type if self.low is None else f"{self.type} {self.low}..{self.high}"

    def convert(self, value):
        """``value`` (text from the command line, or a Python value) as this type; text is
        trimmed and in Unicode's composed form (NFC), as names are stored.

        >>> Parameter("limit", "integer", 10, "", "").convert(" 5")
        5
        >>> Parameter("actor", "string", None, "", "").convert("Olha\u0303o ") == "Olhão"
        True
        >>> Parameter("limit", "integer", 10, "", "", 1, 10000).convert("0")
        Traceback (most recent call last):
        ...
        munigraph.graph.errors.ParameterError: parameter limit must be a whole number from 1 to 10000, not '0'
        """
        kind = TYPES[self.type]
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value.strip())
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            converted = value
        elif kind is bool and str(value).lower() in ("true", "false"):
            converted = str(value).lower() == "true"
        elif kind is int and INTEGER.fullmatch(str(value)):
            converted = int(str(value))
        elif kind is float and not isinstance(value, bool):
            try:
                converted = float(value)
            except (TypeError, ValueError):
                converted = None
        else:
            converted = None
        if converted is None or (kind is int and abs(converted) > LARGEST) or (
                kind is float and not math.isfinite(converted)):
            words = {int: _("“{value}” is not a whole number"), float: _("“{value}” is not a number"),
                     bool: _("“{value}” is not true or false")}[kind]
            raise ParameterError(_("parameter {name} must be {type}, not {value}").format(
                name=self.name, type=self.type, value=repr(str(value))), self.name,
                words.format(value=str(value)))
        if self.low is not None and not self.low <= converted <= self.high:
            raise ParameterError(_("parameter {name} must be a whole number from {low} to {high}, "
                                   "not {value}").format(name=self.name, low=self.low, high=self.high,
                                                         value=repr(str(value))), self.name,
                                 _("{name} must be from {low} to {high}, not {value}").format(
                                     name=self.name, low=self.low, high=self.high, value=value))
        return converted


@dataclass(frozen=True)
class Query:
    """One canned question: its header and its Cypher text."""

    name: str
    description: str
    parameters: tuple
    returns: tuple
    text: str
    path: str = ""

    def examples(self) -> dict:
        """The example value of each parameter that has one, typed."""
        return {p.name: p.convert(p.example) for p in self.parameters if p.example}

    def usage(self) -> str:
        example = " ".join(f"-p {shlex.quote(f'{k}={v}')}" for k, v in self.examples().items())
        lines = [f"{self.name}: {_(self.description)}", _("parameters:")]
        default = _(", default {value}")
        lines += [f"  {p.name} ({p.kind}{'' if p.required else default.format(value=repr(p.default))}): "
                  f"{_(p.help)}" for p in self.parameters] or [_("  (none)")]
        lines.append(_("example: {command}").format(command=f"munigraph query {self.name} {example}".rstrip()))
        return "\n".join(lines)

    def cypher_shell(self) -> str:
        """The cypher-shell command that runs this query's file with its examples.

        >>> print(get("most-connected").cypher_shell().split(" -f ")[1].split(" ", 1)[1])
        -P "limit => 5"
        """
        values = " ".join(f"-P {_double_quoted(f'{k} => {_literal(v)}')}"
                          for k, v in self.examples().items())
        return f"cypher-shell -f {shlex.quote(self.path)} {values}".rstrip()

    def bind(self, values: dict) -> dict:
        """Check ``values`` against the parameters; return them typed, with defaults."""
        known = {p.name for p in self.parameters}
        unknown = sorted(set(values) - known)
        if unknown:
            close = difflib.get_close_matches(unknown[0], known, n=1, cutoff=0.6)
            hint = _("; did you mean {names}?").format(names=close[0]) if close else ""
            words = _("unknown parameter {names} for {query}").format(
                names=", ".join(unknown), query=self.name) + hint
            raise ParameterError(f"{words}\n{self.usage()}", unknown[0], words)
        bound = {}
        for parameter in self.parameters:
            if values.get(parameter.name) is not None:
                try:
                    bound[parameter.name] = parameter.convert(values[parameter.name])
                except ParameterError as error:
                    raise ParameterError(f"{error}\n{self.usage()}", error.parameter,
                                         error.words) from None
            elif parameter.required:
                words = _("missing parameter {name} for {query}").format(
                    name=parameter.name, query=self.name)
                raise ParameterError(f"{words}\n{self.usage()}", parameter.name, words)
            else:
                bound[parameter.name] = parameter.default
        return bound


def _literal(value) -> str:
    """A Cypher literal for a parameter value."""
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return json.dumps(value)


def _double_quoted(text: str) -> str:
    """``text`` as one shell word in double quotes."""
    return '"' + re.sub(r'([\\"$`])', r"\\\1", text) + '"'


def _parameter(found, origin) -> Parameter:
    """The parameter of a header line, its default and example checked against its type."""
    low, high = (None, None) if found["low"] is None else (int(found["low"]), int(found["high"]))
    if low is not None and (found["type"] != "integer" or low > high):
        raise QueryError(f"{origin}: parameter {found['name']}: a range is for integers, low..high")
    parameter = Parameter(found["name"], found["type"], None, found["help"], found["example"] or "",
                          low, high)
    try:
        if found["default"] is not None:
            default = parameter.convert(json.loads(found["default"]))
            parameter = dataclasses.replace(parameter, default=default)
        if parameter.example:
            parameter.convert(parameter.example)
    except (ValueError, QueryError) as error:
        message = error if isinstance(error, QueryError) else f"default is not JSON ({error})"
        raise QueryError(f"{origin}: parameter {parameter.name}: {message}") from None
    return parameter


def parse(text: str, origin: str = "query") -> Query:
    """A ``Query`` from the text of a ``.cypher`` file."""
    header, body = {}, []
    parameters = []
    for line in text.splitlines():
        match = re.match(r"^//\s*(\w+):\s*(.*)$", line)
        if match and not body:
            key, value = match.groups()
            if key == "param":
                found = PARAM.match(value)
                if not found:
                    raise QueryError(f"{origin}: cannot read the parameter line {value!r}")
                parameters.append(_parameter(found, origin))
            else:
                header[key] = value
        elif line.strip() or body:
            body.append(line)
    for key in ("name", "description", "returns"):
        if key not in header:
            raise QueryError(f"{origin}: the header has no '{key}:' line")
    return Query(header["name"], header["description"], tuple(parameters),
                 tuple(c.strip() for c in header["returns"].split(",")), "\n".join(body).strip(),
                 origin)


@functools.lru_cache(maxsize=None)
def catalogue() -> dict:
    """Every canned query by name, read from the package's ``.cypher`` files."""
    queries = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            query = parse(entry.read_text(encoding="utf-8"), str(entry))
            queries[query.name] = query
    return queries


def get(name: str) -> Query:
    """The query called ``name``, or read from ``name`` when it is a ``.cypher`` file of
    one's own; an unknown name suggests the closest ones."""
    if name.endswith(".cypher"):
        try:
            return parse(Path(name).read_text(encoding="utf-8"), name)
        except (OSError, UnicodeDecodeError) as error:
            raise QueryError(_("cannot read the query file {file}: {error}").format(file=name, error=error)) from None
    queries = catalogue()
    if name not in queries:
        close = difflib.get_close_matches(name, queries, n=3, cutoff=0.4)
        hint = _("; did you mean {names}?").format(names=", ".join(close)) if close else ""
        raise QueryError(_("no query called {name}{hint} (`munigraph queries` lists them)").format(
            name=repr(name), hint=hint))
    return queries[name]


def run(store, name: str, **values) -> tuple[list[dict], list[str]]:
    """Run canned query ``name`` (or a ``.cypher`` file) read-only with ``values``;
    return (rows, columns). Each ``actor`` parameter goes in as the id of the actor it
    names (``names.actor_id``; unchanged when it names none)."""
    query = get(name)
    if any(p.name == "lang" for p in query.parameters) and not values.get("lang"):
        values = {**values, "lang": current()}  # names of topics and countries as the interface speaks
    bound = query.bind(values)
    for parameter in query.parameters:
        given = bound[parameter.name]
        if parameter.type == "actor" and given:
            bound[parameter.name] = actor_id(store, given, parameter.name) or given
    rows, keys = store.read_with_keys(query.text, bound)
    return rows, keys or list(query.returns)  # ArcadeDB sends no keys without rows
