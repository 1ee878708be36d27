"""A load: read and check every input file, build the graph they state, write the difference.

``prepare(paths)`` reads and checks the files and builds the graph they state with no
database; ``load(store, paths)`` does so inside its write transaction with the files kept
from earlier loads too (``inputs``), and writes only what differs from the graph, so the
graph is a function of the set of files loaded. Any problem stops the load before
anything is written, unless ``skip_rejected``: then the rows of flat files that cannot be
loaded are left out and listed.
"""

from __future__ import annotations

import gc
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from munigraph.graph.errors import InputError, Problem
from munigraph.graph.model import GraphBatch, Node, Relationship
from munigraph.graph.write import COUNTERS
from munigraph.language import N_, _, pgettext

from . import inputs
from .common import gazetteer
from .files import FLAT_SUFFIXES, RECORDS_SUFFIXES, bundled_files, expand_paths
from .curation import curated, kept_apart
from .merge import combine_duplicates, missing_ends
from .same import merge_same
from .records import check_records
from .resolve import Resolver
from .snapshot import Snapshot
from .summaries import summarise

SKIP_HINT = N_("To leave out what cannot be loaded, load the rest and list what was left out, "
               "add --skip-rejected (skip_rejected=True in Python).")


def flat_formats() -> dict:
    """The loaders of flat inputs by format name."""
    from . import facts, iati, wikidata

    return {module.FORMAT: module for module in (facts, wikidata, iati)}


def input_files(paths=None) -> list[Path]:
    """The files ``paths`` name (None: the bundled dataset); a folder stands for the input
    files in it. Naming no input file is a problem."""
    if paths is None:
        return bundled_files()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files = expand_paths(paths, RECORDS_SUFFIXES + FLAT_SUFFIXES)
    if not files:
        suffixes = ", ".join(RECORDS_SUFFIXES + FLAT_SUFFIXES)
        raise InputError([Problem(", ".join(map(str, paths)) or ".", None, None,
                                  _("no input files ({suffixes}) found; name files or folders that hold them").format(
                                      suffixes=suffixes), "no-files")])
    return files


def format_of(path: Path) -> str:
    """``records`` (YAML or JSON), or the ``FORMAT`` of the flat loader that recognises the file."""
    if path.suffix.lower() in RECORDS_SUFFIXES:
        return "records"
    try:
        with open(path, "rb") as file:
            head = file.read(4096)
    except OSError as error:
        raise InputError([Problem(path, None, None, _("cannot read the file: {error}").format(error=error.strerror),
                                  "unreadable")]) from None
    for name, module in flat_formats().items():
        if module.detect(path, head):
            return name
    if not head.strip():
        raise InputError([Problem(path, None, None, _("the file is empty; expected a facts CSV, a Wikidata P190 TSV "
                                                      "or an IATI XML file (docs/inputs.md)"), "empty-file")])
    raise InputError([Problem(path, 1, None, _("not a format munigraph reads: expected YAML records, a facts CSV, "
                                               "a Wikidata P190 TSV or an IATI XML file (docs/inputs.md)"),
                              "unknown-format")])


def rows_to_read(files) -> int:
    """How many rows (lines) the CSV, TSV and XML ``files`` hold: the length of the
    reading progress (a file that cannot be read counts none; reading it says why)."""
    total = 0
    for path in files:
        if path.suffix.lower() not in RECORDS_SUFFIXES:
            try:
                with open(path, "rb") as file:
                    total += sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))
            except OSError:
                pass
    return total


@dataclass
class Prepared:
    """A load read and checked: the graph its files state (``batch``: what each node is
    stated as by every file, combined, and the cooperations that are the same merged), the
    merges (``same.merge_same``) and what each file gave."""

    batch: GraphBatch
    files: list
    inputs: list = field(default_factory=list)  # per flat file: format, rows, what they became
    rejected: list = field(default_factory=list)  # Problems of rows left out
    warnings: list = field(default_factory=list)  # Problems of values left out of loaded rows
    merges: list = field(default_factory=list)  # ids of the cooperations merged, survivor first


@contextmanager
def no_cyclic_gc():
    """Pause Python's cycle collector: a load builds millions of small acyclic objects,
    and collecting while they pile up took half of the reading time (docs/performance.md)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def prepare(paths, snapshot: Snapshot | None = None, skip_rejected=False, progress=None) -> Prepared:
    """Read and check every file of ``paths`` (None: the bundled dataset) against
    ``snapshot`` (default: an empty graph), which learns the records' nodes. Raises
    ``InputError`` listing every problem, unless ``skip_rejected``: then the rows of flat
    files that cannot be loaded are left out and listed. ``progress(n)`` is called as rows
    (IATI: activities) are read."""
    return _prepare(formats_of(input_files(paths)), snapshot or Snapshot(), skip_rejected, progress)


def formats_of(files) -> dict:
    """Each file of ``files`` → its format (``format_of``), in order."""
    return {path: format_of(path) for path in files}


@no_cyclic_gc()
def _prepare(kinds, snapshot, skip_rejected, progress) -> Prepared:
    """``prepare`` of the files whose formats ``kinds`` holds."""
    files = list(kinds)
    yaml_paths = [p for p in files if kinds[p] == "records"]
    deferred = _Deferring(snapshot)  # a record may name an actor that a flat input of the load makes
    try:
        records, batch = check_records(yaml_paths, deferred) if yaml_paths else ([], GraphBatch())
    except InputError:  # every problem of the records at once, unknown references among them
        check_records(yaml_paths, snapshot)
        raise
    batch = with_place_names(batch)
    snapshot.add(batch)
    resolver = Resolver(snapshot.actors)
    modules = flat_formats()
    flat = [modules[kinds[p]].read(p, resolver, snapshot, progress) for p in files if kinds[p] != "records"]
    rejected = [problem for loaded in flat for problem in loaded.problems]
    unreadable = [problem for loaded in flat if loaded.unreadable for problem in loaded.problems]
    if unreadable:  # no row of these files can be loaded: --skip-rejected does not help
        raise InputError(unreadable)
    skips = skip_rejected if isinstance(skip_rejected, (set, frozenset)) else None
    blocking = [p for p in rejected if not skip_rejected or skips is not None and Path(str(p.file)) not in skips]
    if blocking:
        raise InputError(blocking, _(SKIP_HINT))
    origin = {}
    for rank, loaded in reversed(list(enumerate(flat, start=1))):
        for node in loaded.batch.nodes:
            origin[node.primary, node.key] = (FORMAT_ORDER.index(loaded.format), rank)
    for node in batch.nodes:
        origin[node.primary, node.key] = (0, 0)
    nodes = batch.nodes + [n for loaded in flat for n in loaded.batch.nodes]
    combined = _by_former_ids(combine_duplicates(GraphBatch(
        nodes, batch.relationships + [r for loaded in flat for r in loaded.batch.relationships]
        + _present_ends(flat, nodes))))
    present = {(node.primary, key) for node in combined.nodes for key in [node.key, *node.properties.get("ids", [])]}
    if not deferred.asked <= present:  # name the records' lines that refer to what no input states
        check_records(yaml_paths, Snapshot(ids={label: {k for l, k in present if l == label} for label, _ in
                                                deferred.asked}))
    same_as, different = curated(records, combined)
    merged, merges = merge_same(combined, origin.__getitem__, same_as, different)
    merged = kept_apart(merged, different, merges)
    inputs = [{"file": str(loaded.path), "format": loaded.format, "rows": loaded.rows,
               "became": dict(loaded.outcomes), "rejected": loaded.rejected_rows,
               "warnings": len(loaded.warnings)} for loaded in flat]
    return Prepared(merged, [str(f.path) for f in records] + [i["file"] for i in inputs],
                    inputs, rejected, [w for loaded in flat for w in loaded.warnings], merges)


class _Deferring(Snapshot):
    """A snapshot that takes any id a record refers to as known, and keeps the ids asked
    for that ``snapshot`` lacks: the load checks them once the flat inputs are read."""

    def __init__(self, snapshot: Snapshot):
        super().__init__(snapshot.actors, snapshot.cooperations, snapshot.topics, snapshot.ids)
        self.asked = set()

    def has(self, label, identifier) -> bool:
        if not super().has(label, identifier):
            self.asked.add((label, identifier))
        return True


def _by_former_ids(batch: GraphBatch) -> GraphBatch:
    """``batch`` whose relationships that name a node by an id it was known by (``ids``)
    name it by its id."""
    former = {(node.primary, old): (node.primary, node.key) for node in batch.nodes
              for old in node.properties.get("ids", [])}
    if not former:
        return batch
    moved = [Relationship(r.type, former.get(r.start, r.start), former.get(r.end, r.end), r.properties)
             for r in batch.relationships]
    return combine_duplicates(GraphBatch(batch.nodes, moved))


def with_place_names(batch: GraphBatch) -> GraphBatch:
    """``batch`` whose municipalities also have their GeoNames id and names in other
    languages (``common.gazetteer``), unless their record gives a GeoNames id."""
    nodes = []
    for node in batch.nodes:
        props = node.properties
        if "Municipality" in node.labels and props.get("country") and "geonamesId" not in props:
            props = {**props, **gazetteer(props["name"], props["country"], props.get("lat"), props.get("lon"),
                                          props.get("aliases", []))}
        nodes.append(Node(node.labels, node.key, props))
    return GraphBatch(nodes, batch.relationships)


def _present_ends(flat, nodes) -> list:
    """The relationships the flat files state only if both ends are loaded (an IATI
    activity's parent, in any file); each left out is counted as its file says."""
    present = {(node.primary, node.key) for node in nodes}
    kept = []
    for loaded in flat:
        for rel, outcome in loaded.if_present:
            if rel.start in present and rel.end in present:
                kept.append(rel)
            else:
                loaded.outcomes[outcome] += 1
    return kept


def write(tx, prepared: Prepared, progress=None) -> tuple[GraphBatch, dict]:
    """Make the graph what ``prepared`` states, with its summaries, in transaction ``tx``;
    return the data written (without the summary nodes) and the write's counters. ``progress("write", n, total)`` is called as nodes
    and relationships are written."""
    from munigraph.graph.write import read_graph, work_size, write_batch

    existing = read_graph(tx)
    batch = summarise(prepared.batch)
    missing = missing_ends(batch)
    if missing:
        raise InputError([Problem(", ".join(prepared.files), None, None,
                                  _("a relationship of this load ends at {label} {key}, which is "
                                    "not in the graph its files state").format(label=label, key=repr(key)),
                                  "missing-end")
                          for label, key in missing])
    total = work_size(batch)
    return prepared.batch, write_batch(tx, batch, existing, progress and (lambda n: progress("write", n, total)))


PRIMARY = ("Actor", "Cooperation", "Topic", "Source", "Country")  # every node has one


@dataclass
class LoadReport:
    """What a load read, left out and wrote. ``as_dict()`` is its JSON form, the same for
    a check (``written`` false, the counters None) and a real load."""

    files: list
    inputs: list  # per flat file: file, format, rows, became, rejected (rows), warnings
    rejected: list  # Problems of the rows left out (skip_rejected)
    warnings: list  # Problems of values left out of rows that were loaded
    nodes: dict  # label -> nodes of the graph the files loaded state (this load's and earlier ones)
    relationships: dict  # type -> relationships of that graph
    written: bool = False
    nodes_created: int | None = None
    nodes_deleted: int | None = None
    properties_set: int | None = None
    relationships_created: int | None = None
    relationships_deleted: int | None = None
    updated: list = field(default_factory=list)  # keys of the existing nodes that changed
    merged: list = field(default_factory=list)  # ids that are one node, survivor first (same.merge_same)
    seconds: float = 0.0
    read_seconds: float = 0.0  # of ``seconds``, reading and checking the files

    @property
    def rejected_rows(self) -> int:
        """How many rows were left out (a row may have several problems)."""
        return len({(p.file, p.line) for p in self.rejected})

    @property
    def changed(self) -> bool:
        return any(getattr(self, name) for name in COUNTERS)

    def as_dict(self) -> dict:
        return {"valid": True, "written": self.written, "files": self.files, "inputs": self.inputs,
                "rejected_rows": self.rejected_rows, "rejected": [p.as_dict() for p in self.rejected],
                "warnings": [p.as_dict() for p in self.warnings],
                "nodes": self.nodes, "relationships": self.relationships,
                **{name: getattr(self, name) for name in COUNTERS},
                "updated": self.updated, "merged": self.merged, "seconds": self.seconds,
                "read_seconds": self.read_seconds}

    @property
    def node_count(self) -> int:
        """Nodes stated by the load (``nodes`` counts each of a node's labels)."""
        return sum(self.nodes.get(label, 0) for label in PRIMARY)

    @property
    def rows(self) -> int:
        """Nodes and relationships stated by the load."""
        return self.node_count + sum(self.relationships.values())


def _report(prepared: Prepared, batch: GraphBatch, started, read, counters=None) -> LoadReport:
    types = {}
    for rel in batch.relationships:
        types[rel.type] = types.get(rel.type, 0) + 1
    return LoadReport(prepared.files, prepared.inputs, prepared.rejected, prepared.warnings,
                      batch.label_counts(),
                      dict(sorted(types.items())), written=counters is not None,
                      **{name: (counters or {}).get(name) for name in COUNTERS},
                      updated=(counters or {}).get("updated", []),
                      merged=[[key for _, key in members] for members in prepared.merges],
                      seconds=round(time.monotonic() - started, 2), read_seconds=round(read, 2))


FORMAT_ORDER = ("records", "facts", "wikidata", "iati")  # the order inputs are read in


def load(store, paths=None, check=False, skip_rejected=False, progress=None) -> LoadReport:
    """Load ``paths`` (default: the bundled dataset) into ``store`` in one transaction, or
    with ``check`` only read and check them (no store needed). The graph is rebuilt from
    these files and those loaded before (``inputs``). ``progress(stage, n, total)`` is
    called as work is done: stage "read" (rows), then "write" (nodes and relationships).
    Raises ``InputError``, writing nothing, on any problem."""
    from munigraph.graph.schema import create_schema

    started = time.monotonic()
    files = input_files(paths)
    read_progress = None
    if progress:
        reading = rows_to_read(files)
        read_progress = lambda n: progress("read", n, reading)  # noqa: E731
    kinds = formats_of(files)  # an unknown format stops here, before the schema is created
    if check:
        prepared = _prepare(kinds, Snapshot(), skip_rejected, read_progress)
        return _report(prepared, prepared.batch, started, time.monotonic() - started)
    named = [inputs.of_file(path, kind, skip_rejected and kind != "records", _documents(path, kind))
             for path, kind in kinds.items()]
    create_schema(store)
    prepared, batch, read, counters = store.write_transaction(
        lambda tx: _rebuild(tx, kinds, named, bool(skip_rejected), read_progress, progress))
    return _report(prepared, batch, started, read, counters)


def unload(store, paths) -> LoadReport:
    """Take the files ``paths`` (a folder: the files in it) out of the inputs ``store`` is
    built from, and rebuild the graph from the others."""
    started = time.monotonic()
    paths = [paths] if isinstance(paths, (str, Path)) else paths
    wanted = {str(p.absolute()) for p in expand_paths(paths, RECORDS_SUFFIXES + FLAT_SUFFIXES)}

    def work(tx):
        kept = inputs.read(tx)
        unknown = wanted - {i.path for i in kept}
        if unknown:
            held = "; ".join(i.path for i in kept) or pgettext("files", "none")
            raise InputError([Problem(path, None, None, _("this file is not loaded; the graph is built from: {files}")
                                      .format(files=held), "not-loaded") for path in sorted(unknown)])
        result = _rebuild(tx, {}, [], False, None, None, [i for i in kept if i.path not in wanted])
        tx.run(inputs.DELETE, ids=[i.id for i in kept if i.path in wanted]).consume()
        return result

    prepared, batch, read, counters = store.write_transaction(work)
    return _report(prepared, batch, started, read, counters)


def _rebuild(tx, kinds, named, skip_rejected, read_progress, progress, kept=None):
    """Inside ``tx``: build the graph of the ``named`` inputs (this load's files, of formats
    ``kinds``) and of those kept from earlier loads (read from the graph unless ``kept``),
    write it and keep the named inputs."""
    began = time.monotonic()
    kept = inputs.read(tx) if kept is None else kept
    with tempfile.TemporaryDirectory(prefix="munigraph-inputs-") as folder:
        earlier = inputs.materialise(inputs.others(kept, named), Path(folder))
        every = {**kinds, **{path: found.format for path, found in earlier.items()}}
        order = sorted(every, key=lambda p: (FORMAT_ORDER.index(every[p]), str(earlier[p].path)
                                             if p in earlier else str(p.absolute())))
        skips = {path for path in order if path in earlier or skip_rejected}
        try:
            prepared = _prepare({p: every[p] for p in order}, Snapshot(), skips, read_progress)
        except InputError as error:
            raise _named_as_loaded(error, earlier) from None
        prepared = _only(prepared, set(kinds), earlier)
    read = time.monotonic() - began
    with no_cyclic_gc():
        batch, counters = write(tx, prepared, progress)
    inputs.write(tx, kept, named)
    return prepared, batch, read, counters


def _named_as_loaded(error: InputError, earlier) -> InputError:
    """``error`` naming the files loaded before by the paths they were loaded from."""
    def original(text):
        for path, found in earlier.items():
            text = text.replace(str(path), _("{path} (loaded before)").format(path=found.path))
        return text

    problems = [Problem(original(str(p.file)), p.line, p.field, original(p.message), p.code) for p in error.problems]
    return InputError(problems, error.hint)


def _documents(path: Path, kind: str) -> list:
    """(name, text) of the source documents a records file's quotes are checked against."""
    if kind != "records":
        return []
    from .records_file import read_file

    found, _problems = read_file(path)
    data = found.data if found is not None and isinstance(found.data, dict) else {}
    names = sorted({s["file"] for s in data.get("sources") or [] if isinstance(s, dict) and "file" in s})
    documents = []
    for name in names:
        try:
            documents.append((name, (path.parent / name).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            pass  # reading the records says what is wrong with it
    return documents


def _only(prepared: Prepared, named, earlier) -> Prepared:
    """``prepared`` reporting only on the ``named`` files: the files loaded before
    (``earlier``) are read again, but what they gave was reported when they were loaded."""
    return Prepared(prepared.batch,
                    [f for f in prepared.files if Path(f) in named],
                    [i for i in prepared.inputs if Path(i["file"]) in named],
                    [p for p in prepared.rejected if Path(str(p.file)) not in earlier],
                    [p for p in prepared.warnings if Path(str(p.file)) not in earlier], prepared.merges)
