"""Reading a records file (YAML or JSON) with the line of every value, so that each
problem can name its line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from munigraph.graph.errors import Problem
from munigraph.language import N_, _

from .files import utf8_text


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when installed
    """Safe YAML that keeps dates as text, so a bad date is reported, not a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Only true/false are booleans: NO (Norway) and yes/on/off stay text.
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


class RecordsFile:
    """One parsed records file: its data and the line of every value in it.

    The lines of a JSON file are found only when a problem needs one."""

    def __init__(self, path, data, lines=None, text=None):
        self.path, self.data, self._lines, self._text = Path(path), data, lines, text

    @property
    def lines(self) -> dict:
        if self._lines is None:
            self._lines = {}
            try:  # JSON is YAML, so the YAML reader finds the lines
                _compose(self._text, self.path, self._lines)
            except yaml.YAMLError:
                pass  # problems keep their field, without a line
        return self._lines

    def line(self, location) -> int | None:
        """The line of the value at ``location`` (a tuple path), or of its nearest parent."""
        location = tuple(location)
        while location not in self.lines and location:
            location = location[:-1]
        return self.lines.get(location)

    def problem(self, location, message, code) -> Problem:
        return Problem(self.path, self.line(location), field_name(location), message, code)


def field_name(location) -> str:
    """``('records', 3, 'parties', 1, 'actor')`` → ``records[3].parties[1].actor``."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def read_file(path) -> tuple[RecordsFile | None, list[Problem]]:
    """Parse one YAML or JSON records file; on failure return None and the problems."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(path, None, None, _("cannot read the file: {error}").format(error=error.strerror),
                              "unreadable")]
    text, problem = utf8_text(path, raw)
    if problem:
        return None, [problem]
    if path.suffix.lower() == ".json":
        return _read_json(path, text)
    lines, problems = {}, []
    try:
        data = _compose(text, path, lines, problems)
    except _NoDocument:
        return None, [Problem(path, None, None, _(EMPTY), "empty-file")]
    except yaml.MarkedYAMLError as error:  # the parser's own words stay as it gives them
        mark = error.problem_mark or error.context_mark
        if error.context and error.context_mark:
            message = _("YAML syntax: {context} (line {line}): {problem}").format(
                context=error.context, line=error.context_mark.line + 1, problem=error.problem)
        else:
            message = _("YAML syntax: {problem}").format(problem=error.problem)
        return None, [Problem(path, mark.line + 1 if mark else None, None, message, "syntax")]
    except yaml.YAMLError as error:
        return None, [Problem(path, None, None, _("YAML syntax: {problem}").format(problem=error), "syntax")]
    return RecordsFile(path, data, lines), problems


EMPTY = N_("the file is empty; expected a mapping with sources, topics, actors or records")


class _NoDocument(yaml.YAMLError):
    """The YAML text holds no document (only blanks or comments)."""


def _compose(text, path, lines, problems=None):
    """The data of YAML ``text``; fills ``lines`` (location → line) and ``problems``."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _NoDocument()
        _walk(node, (), lines, [] if problems is None else problems, path)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _read_json(path, text) -> tuple[RecordsFile | None, list[Problem]]:
    """A JSON records file, read by the json module (many times faster than YAML)."""
    if not text.strip():
        return None, [Problem(path, None, None, _(EMPTY), "empty-file")]
    repeated = []

    def mapping(pairs):
        data = dict(pairs)
        if len(data) < len(pairs):
            repeated.append(pairs)
        return data

    try:
        data = json.loads(text, object_pairs_hook=mapping)
    except json.JSONDecodeError as error:
        return None, [Problem(path, error.lineno, None, _("JSON syntax: {problem} (column {column})").format(
            problem=error.msg, column=error.colno), "syntax")]
    if repeated:  # the YAML reader names the line of each repeated key
        lines, problems = {}, []
        return RecordsFile(path, _compose(text, path, lines, problems), lines), problems
    return RecordsFile(path, data, text=text), []


def _walk(node, location, lines, problems, path, visited=None):
    visited = set() if visited is None else visited
    if id(node) in visited:  # an alias: refused, so no file can expand exponentially
        raise yaml.MarkedYAMLError(problem=_("anchors and aliases (&, *) are not supported"),
                                   problem_mark=node.start_mark)
    visited.add(id(node))
    lines[location] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.MarkedYAMLError(problem=_("a mapping key must be plain text"),
                                           problem_mark=key_node.start_mark)
            key = key_node.value
            if key in seen:
                problems.append(Problem(path, key_node.start_mark.line + 1,
                                        field_name(location + (key,)),
                                        _("appears twice in the same mapping"), "repeated-key"))
            seen.add(key)
            _walk(value_node, location + (key,), lines, problems, path, visited)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, location + (index,), lines, problems, path, visited)
