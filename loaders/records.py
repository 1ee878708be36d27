"""Cooperation records in YAML or JSON (docs/records.md): checked, then turned into the graph.

``check_records(paths, snapshot)`` reads every file and reports every problem it finds
(file, line, field, what is wrong) as one ``InputError``; references may name nodes of
the ``snapshot`` of the graph. ``to_batch`` gives the nodes and relationships they state.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
from importlib import resources
from pathlib import Path

from munigraph.graph.errors import InputError, Problem
from munigraph.graph.model import ACTOR_TYPES, COOPERATION_TYPES, GraphBatch, Node, Relationship
from munigraph.language import _, pgettext

from .common import not_a_web_address, web_address
from .countries import country
from .dates import date_properties, last_day, parse_date
from .files import expand_paths, normalise_space
from .records_file import RecordsFile, read_file

# Reference fields: where an id is used and what kind of node it must name.
KINDS = ("actor", "cooperation", "topic", "source")
LABEL_OF_KIND = {"actor": "Actor", "cooperation": "Cooperation", "topic": "Topic",
                 "source": "Source"}
SECTIONS = {"sources": "source", "topics": "topic", "actors": "actor", "records": "cooperation"}
DATE_FIELDS = ("start", "end", "signed", "since", "until", "published")


@functools.lru_cache(maxsize=None)
def json_schema() -> dict:
    """The JSON Schema of a records file (also ``munigraph schema records``)."""
    text = resources.files("munigraph.loaders").joinpath("records.schema.json").read_text()
    return json.loads(text)


@functools.lru_cache(maxsize=None)
def _fast_validator():
    import jsonschema_rs

    return jsonschema_rs.validator_for(json_schema())


def schema_problems(records_file: RecordsFile) -> list[Problem]:
    """The problems JSON Schema finds in one parsed file, with their lines.

    jsonschema-rs checks a file quickly; only a file it finds invalid is checked again by
    jsonschema, whose errors make the messages."""
    if _fast_validator().is_valid(records_file.data):
        return []
    import jsonschema

    validator = jsonschema.Draft202012Validator(json_schema())
    problems = []
    for error in validator.iter_errors(records_file.data):
        location = tuple(error.absolute_path)
        problem = records_file.problem(location, *_schema_message(error, location))
        if error.validator == "additionalProperties":  # point at the unknown key's line
            problem.line = records_file.line(location + (_unknown_fields(error)[0],))
        problems.append(problem)
    return sorted(problems, key=lambda p: p.line or 0)


def _schema_message(error, location) -> tuple[str, str]:
    """The message and code of a JSON Schema error, in the language spoken (a kind of error
    munigraph has no words of its own for keeps the schema library's English message)."""
    kind = error.validator
    if kind == "required":
        missing = re.match(r"'([^']+)'", error.message)
        field = missing.group(1) if missing else error.message
        return (_("missing required field '{field}'; add it (docs/records.md lists the fields)").format(field=field),
                "missing-field")
    if kind == "additionalProperties":
        allowed = ", ".join(sorted(error.schema["properties"]))
        return (_("unknown field {fields}; allowed: {allowed}").format(
            fields=", ".join(map(repr, _unknown_fields(error))), allowed=allowed), "unknown-field")
    if kind == "enum":
        return (_("{value} is not one of: {allowed}").format(
            value=repr(error.instance), allowed=", ".join(map(str, error.validator_value))), "not-allowed")
    if kind == "anyOf" and location and location[-1] in DATE_FIELDS:
        return _("{value} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)").format(value=repr(error.instance)), "bad-date"
    is_country = location and (location[-1] == "country" or location[-2:-1] == ("involves",))
    if kind == "pattern" and is_country:
        return _not_a_country_code(error.instance), "unknown-country"
    if kind == "pattern":
        return (_("{value} does not have the expected form ({pattern})").format(
            value=repr(error.instance), pattern=error.validator_value), "bad-form")
    if kind == "type":
        return (_("{value} is not of type {type}").format(value=repr(error.instance), type=error.validator_value),
                "bad-type")
    if kind == "minItems":
        return _("must not be empty"), "empty-list"
    return error.message, "invalid"


def _unknown_fields(error) -> list[str]:
    return [key for key in error.instance if key not in error.schema["properties"]]


class Declarations:
    """Every id declared in the files of one load, with where it was declared."""

    def __init__(self):
        self.places = {}  # id -> (kind, RecordsFile, location)

    def add(self, kind, records_file, location, identifier, problems):
        if identifier in self.places:
            _kind, first_file, first_location = self.places[identifier]
            problems.append(records_file.problem(
                location, _("duplicate id {id} (first declared at {place}); "
                            "declare each id once, or give this one its own id").format(
                                id=repr(identifier), place=f"{first_file.path}:{first_file.line(first_location)}"),
                "duplicate-id"))
        else:
            self.places[identifier] = (kind, records_file, location)

    def kind(self, identifier):
        return self.places[identifier][0] if identifier in self.places else None

    def item(self, identifier):
        _kind, records_file, location = self.places[identifier]
        return records_file, _get(records_file.data, location[:-1])  # the item, not its id


def _get(data, location):
    for part in location:
        data = data[part]
    return data


def references(item, section):
    """``(location relative to item, kind, id)`` for every id that ``item`` refers to."""
    found = []
    if section == "topics" and "parent" in item:
        found.append((("parent",), "topic", item["parent"]))
    if section == "actors":
        if "part_of" in item:
            found.append((("part_of",), "actor", item["part_of"]))
        for i, membership in enumerate(item.get("member_of", [])):
            found.append((("member_of", i, "actor"), "actor", membership["actor"]))
            found += [(("member_of", i, "sources", j), "source", s)
                      for j, s in enumerate(membership["sources"])]
        found += [(("sources", j), "source", s) for j, s in enumerate(item.get("sources", []))]
    if section == "records":
        if "part_of" in item:
            found.append((("part_of",), "cooperation", item["part_of"]))
        found += [(("topics", j), "topic", t) for j, t in enumerate(item.get("topics", []))]
        found += [(("held_in", j), "actor", a) for j, a in enumerate(item.get("held_in", []))]
        for i, party in enumerate(item.get("parties", [])):
            found.append((("parties", i, "actor"), "actor", party["actor"]))
            found += [(("parties", i, "sources", j), "source", s)
                      for j, s in enumerate(party.get("sources", []))]
        found += [(("evidence", i, "source"), "source", e["source"])
                  for i, e in enumerate(item["evidence"])]
    return found


def validate(files: list[RecordsFile], known=None) -> tuple[Declarations, list[Problem]]:
    """Check ids, references, dates, countries and quotes across ``files``.

    ``known(kind, ids)`` returns the ids of that kind already in the graph; references to
    them are allowed. Returns the declarations and the problems found.
    """
    declarations, problems = Declarations(), []
    for records_file in files:
        for section, kind in SECTIONS.items():
            for index, item in enumerate(records_file.data.get(section, [])):
                location = (section, index)
                declarations.add(kind, records_file, location + ("id",), item["id"], problems)
                prefix = item["id"].split(":", 1)[0]
                if "type" in item and prefix != item["type"]:
                    problems.append(records_file.problem(
                        location + ("id",), _("id {id} must start with '{type}:' for type {type}").format(
                            id=repr(item["id"]), type=item["type"]), "id-type"))
                problems += _value_problems(records_file, location, item)

    unresolved = {}
    for records_file in files:
        for section in SECTIONS:
            for index, item in enumerate(records_file.data.get(section, [])):
                for relative, kind, identifier in references(item, section):
                    declared = declarations.kind(identifier)
                    location = (section, index) + relative
                    if declared is None:
                        unresolved.setdefault((kind, identifier), []).append((records_file, location))
                    elif declared != kind:
                        problems.append(records_file.problem(
                            location, _("{id} is a {declared}, not a {kind}").format(
                                id=repr(identifier), declared=_kind_name(declared), kind=_kind_name(kind)),
                            "wrong-kind"))
    by_kind = {}
    for kind, identifier in unresolved:
        by_kind.setdefault(kind, set()).add(identifier)
    for kind, identifiers in by_kind.items():
        present = set(known(kind, sorted(identifiers))) if known else set()
        for identifier in sorted(identifiers - present):
            for records_file, location in unresolved[(kind, identifier)]:
                problems.append(records_file.problem(
                    location, _("unknown {kind} id {id}: declare it under '{section}' or load the file "
                                "that does").format(kind=_kind_name(kind), id=repr(identifier),
                                                    section=_section_of(kind)), "unknown-reference"))
    problems += _quote_problems(files, declarations)
    problems += _shape_problems(files, declarations)
    return declarations, problems


def _shape_problems(files, declarations) -> list[Problem]:
    """A municipality's ``part_of`` names a region; topic parents form no cycle."""
    problems = []
    for records_file in files:
        for index, actor in enumerate(records_file.data.get("actors", [])):
            region = actor.get("part_of")
            if region in declarations.places and declarations.item(region)[1].get("type") != "region":
                problems.append(records_file.problem(("actors", index, "part_of"),
                                                     _("{id} is not a region").format(id=repr(region)),
                                                     "not-a-region"))
        parents = {t["id"]: t.get("parent") for t in records_file.data.get("topics", [])}
        for index, topic in enumerate(records_file.data.get("topics", [])):
            seen, current = {topic["id"]}, topic.get("parent")
            while current in parents and current not in seen:
                seen.add(current)
                current = parents[current]
            if current in seen:
                problems.append(records_file.problem(("topics", index, "parent"),
                                                     _("the parents of {id} form a cycle").format(
                                                         id=repr(topic["id"])), "topic-cycle"))
    return problems


def _section_of(kind):
    return next(section for section, k in SECTIONS.items() if k == kind)


def _kind_name(kind):
    """The word for a kind of id (``KINDS``) in the language spoken."""
    return {"actor": pgettext("id kind", "actor"), "cooperation": pgettext("id kind", "cooperation"),
            "topic": pgettext("id kind", "topic"), "source": pgettext("id kind", "source")}.get(kind, kind)


def _value_problems(records_file, location, item) -> list[Problem]:
    problems = []
    for path, value in _dates(item):
        if parse_date(value) is None:
            problems.append(records_file.problem(location + path,
                                                 _("{value} is not a real date; write "
                                                   "YYYY-MM-DD, YYYY-MM or YYYY").format(value=repr(value)),
                                                 "bad-date"))
    for name in ("lat", "lon"):
        if isinstance(item.get(name), float) and not math.isfinite(item[name]):
            problems.append(records_file.problem(location + (name,),
                                                 _("{value} is not a number").format(value=repr(item[name])),
                                                 "bad-type"))
    if "start" in item and "end" in item:
        start, end = parse_date(item["start"]), parse_date(item["end"])
        if start and end and last_day(*end) < start[0]:
            problems.append(records_file.problem(location + ("end",),
                                                 _("end {end} is before start {start}").format(
                                                     end=item["end"], start=item["start"]),
                                                 "end-before-start"))
    if "url" in item and not web_address(item["url"]):
        problems.append(records_file.problem(location + ("url",), not_a_web_address(item["url"]),
                                             "not-a-web-address"))
    codes = [(("country",), item["country"])] if "country" in item else []
    codes += [(("involves", i), c) for i, c in enumerate(item.get("involves", []))]
    for path, code in codes:
        if country(code) is None:
            problems.append(records_file.problem(location + path, _not_a_country_code(code),
                                                 "unknown-country"))
    return problems


def _not_a_country_code(value) -> str:
    return _("{value} is not an ISO 3166-1 alpha-2 country code (e.g. BR, PT)").format(value=repr(value))


def _dates(item):
    for name in DATE_FIELDS:
        if name in item:
            yield (name,), item[name]
    for group in ("parties", "member_of"):
        for index, sub in enumerate(item.get(group, [])):
            for name in ("since", "until"):
                if name in sub:
                    yield (group, index, name), sub[name]


def _quote_problems(files, declarations) -> list[Problem]:
    problems, texts = [], {}
    for records_file in files:
        for index, record in enumerate(records_file.data.get("records", [])):
            for e_index, evidence in enumerate(record["evidence"]):
                if declarations.kind(evidence["source"]) != "source":
                    continue
                source_file, source = declarations.item(evidence["source"])
                if "file" not in source:
                    continue
                document = source_file.path.parent / source["file"]
                if document not in texts:
                    texts[document], problem = _read_document(source_file.path, source["file"])
                    if problem:
                        problems.append(source_file.problem(
                            ("sources", _index_of(source_file, source), "file"), problem, "source-file"))
                if texts[document] is not None and normalise_space(evidence["quote"]) not in texts[document]:
                    problems.append(records_file.problem(
                        ("records", index, "evidence", e_index, "quote"),
                        _("quote does not occur in {file}; copy the source's words exactly").format(
                            file=source["file"]), "quote-not-in-source"))
    return problems


def _read_document(yaml_path: Path, name: str):
    """``(normalised text, None)`` of a source's file, or ``(None, problem)``.

    The file must lie in the YAML file's folder or below it (links are followed).
    """
    folder = os.path.normpath(yaml_path.parent.absolute())
    path = os.path.normpath(os.path.join(folder, name))
    if os.path.commonpath([folder, path]) != folder:
        return None, _("source file {name} is outside the folder of {file}; keep sources beside or below it").format(
            name=repr(name), file=yaml_path.name)
    try:
        return normalise_space(Path(path).read_text(encoding="utf-8")), None
    except UnicodeDecodeError:
        return None, _("source file {name} is not UTF-8 text").format(name=repr(name))
    except OSError as error:
        return None, _("cannot read source file {name} next to {file}: {error}").format(
            name=repr(name), file=yaml_path, error=error.strerror)


def _index_of(records_file, source):
    return next(i for i, s in enumerate(records_file.data["sources"]) if s is source)


def to_batch(files: list[RecordsFile]) -> GraphBatch:
    """The nodes and relationships that valid ``files`` describe."""
    batch, countries = GraphBatch(), {}
    for records_file in files:
        data = records_file.data
        for source in data.get("sources", []):
            batch.nodes.append(_node(("Source",), source))
        for topic in data.get("topics", []):
            batch.nodes.append(_node(("Topic",), topic))
        for actor in data.get("actors", []):
            _add_actor(batch, actor, countries)
        for record in data.get("records", []):
            _add_record(batch, record, countries)
    batch.nodes += [Node(("Country",), code, props) for code, props in sorted(countries.items())]
    return batch


def _node(labels, item, skip=()) -> Node:
    properties = {}
    for name, value in item.items():
        if name in skip or name == "type" or value in (None, []):
            continue
        if name in DATE_FIELDS:
            properties.update(date_properties(name, value))
        else:
            properties[name] = value
    return Node(labels, item["id"], properties)


def _add_actor(batch, actor, countries):
    labels = ("Actor", ACTOR_TYPES[actor["type"]])
    batch.nodes.append(_node(labels, actor, skip=("part_of", "member_of")))
    me = ("Actor", actor["id"])
    sources = _props(sources=actor.get("sources"))
    if "country" in actor:
        countries[actor["country"]] = country(actor["country"])
        batch.relationships.append(Relationship("LOCATED_IN", me, ("Country", actor["country"]), sources))
    if "part_of" in actor:
        batch.relationships.append(Relationship("PART_OF", me, ("Actor", actor["part_of"]), sources))
    for membership in actor.get("member_of", []):
        batch.relationships.append(Relationship(
            "MEMBER_OF", me, ("Actor", membership["actor"]),
            _props(since=membership.get("since"), until=membership.get("until"),
                   sources=membership["sources"])))


def _add_record(batch, record, countries):
    labels = ("Cooperation", COOPERATION_TYPES[record["type"]])
    batch.nodes.append(_node(labels, record, skip=(
        "part_of", "topics", "parties", "held_in", "involves", "evidence")))
    me = ("Cooperation", record["id"])
    sources = sorted({e["source"] for e in record["evidence"]})
    add = batch.relationships.append
    for party in record.get("parties", []):
        add(Relationship("TAKES_PART", ("Actor", party["actor"]), me, _props(
            role=party["role"], since=party.get("since"), until=party.get("until"),
            sources=party.get("sources", sources))))
    for topic in record.get("topics", []):
        add(Relationship("ON_TOPIC", me, ("Topic", topic), {"sources": sources}))
    if "part_of" in record:
        add(Relationship("PART_OF", me, ("Cooperation", record["part_of"]), {"sources": sources}))
    for place in record.get("held_in", []):
        add(Relationship("HELD_IN", me, ("Actor", place), {"sources": sources}))
    for code in record.get("involves", []):
        countries[code] = country(code)
        add(Relationship("INVOLVES", me, ("Country", code), {"sources": sources}))
    for evidence in record["evidence"]:
        add(Relationship("EVIDENCED_BY", me, ("Source", evidence["source"]), _props(
            quote=evidence["quote"], page=evidence.get("page"), sources=[evidence["source"]])))


def _props(**values) -> dict:
    """Relationship properties without empty values; dates as dates."""
    properties = {}
    for name, value in values.items():
        if value in (None, []):
            continue
        if name in ("since", "until"):
            properties.update(date_properties(name, value))
        else:
            properties[name] = value
    return properties


def check_records(paths, snapshot=None) -> tuple[list[RecordsFile], GraphBatch]:
    """Read and validate ``paths``; raise ``InputError`` listing every problem.

    References may also name nodes of ``snapshot`` (the graph as the load sees it).
    """
    files, problems = [], []
    for path in expand_paths(paths):
        records_file, found = read_file(path)
        problems += found
        if records_file is None:
            continue
        if not isinstance(records_file.data, dict):
            problems.append(records_file.problem((), _("expected a mapping with sources, "
                                                       "topics, actors or records"), "not-a-mapping"))
            continue
        found = schema_problems(records_file)
        problems += found
        if not found:
            files.append(records_file)
    if problems:
        raise InputError(problems)
    if not files:
        raise InputError([Problem(", ".join(map(str, paths)) or ".", None, None,
                                  _("no YAML records files found"), "no-files")])

    def known(kind, identifiers):
        return [i for i in identifiers if snapshot.has(LABEL_OF_KIND[kind], i)]

    _declarations, problems = validate(files, known=known if snapshot is not None else None)
    if problems:
        raise InputError(problems)
    return files, to_batch(files)
