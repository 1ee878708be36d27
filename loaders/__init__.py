"""munigraph.loaders: turn input files into the graph model and load them.

``load_files(store, paths)`` loads any mix of YAML records, facts CSV, Wikidata TSV and
IATI XML files (folders stand for the files in them) in one transaction: every file is
read and checked first, and any problem stops the load before anything is written,
unless ``skip_rejected`` is set, in which case rows that cannot be loaded are left out
and listed.
"""

from __future__ import annotations

import gc
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from munigraph.graph.errors import InputError, Problem
from munigraph.graph.model import GraphBatch

from .common import merge_with_graph, missing_ends
from .records import RECORDS_SUFFIXES, bundled_files, check_records, expand_paths, json_schema
from .resolve import Actor, Resolver

__all__ = ["load_files", "prepare", "rows_to_read", "write_prepared", "check_records",
           "bundled_files", "json_schema"]

SUFFIXES = RECORDS_SUFFIXES + (".csv", ".tsv", ".xml")


def flat_formats() -> dict:
    """The loaders of flat inputs by format name."""
    from . import facts, iati, wikidata

    return {module.FORMAT: module for module in (facts, wikidata, iati)}


def input_files(paths) -> list[Path]:
    """The files ``paths`` name; a folder stands for the input files in it."""
    return expand_paths(paths, SUFFIXES)


def format_of(path: Path) -> str:
    """``records`` (YAML or JSON), or the ``FORMAT`` of the flat loader that recognises the file."""
    if path.suffix.lower() in RECORDS_SUFFIXES:
        return "records"
    try:
        with open(path, "rb") as file:
            head = file.read(4096)
    except OSError as error:
        raise InputError([Problem(path, None, None, f"cannot read the file: {error.strerror}")]) from None
    for name, module in flat_formats().items():
        if module.detect(path, head):
            return name
    expected = "a facts CSV, a Wikidata P190 TSV or an IATI XML file (docs/inputs.md)"
    if not head.strip():
        raise InputError([Problem(path, None, None, f"the file is empty; expected {expected}")])
    raise InputError([Problem(path, 1, None, "not a format munigraph reads: expected YAML records, "
                                             + expected)])


@dataclass
class Prepared:
    """A load read and checked, ready to write: the combined batch and what each file gave."""

    batch: GraphBatch
    files: list
    inputs: list = field(default_factory=list)  # per flat file: format, rows, what they became
    rejected: list = field(default_factory=list)  # Problems of rows left out


def rows_to_read(paths) -> int:
    """How many rows (lines) the CSV, TSV and XML files of ``paths`` hold: the length of
    the reading progress bar."""
    total = 0
    for path in input_files(paths):
        if path.suffix.lower() not in RECORDS_SUFFIXES:
            with open(path, "rb") as file:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))
    return total


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


def prepare(store, paths, skip_rejected=False, progress=None) -> Prepared:
    """Read and check every file of ``paths`` against ``store`` (None: against the files
    alone). Raises ``InputError`` listing every problem, unless ``skip_rejected``, in which
    case the rows of flat files that cannot be loaded are left out and listed.
    ``progress(n)`` is called as rows (IATI: activities) are read."""
    with no_cyclic_gc():
        return _prepare(store, paths, skip_rejected, progress)


def _prepare(store, paths, skip_rejected, progress) -> Prepared:
    files = input_files(paths)
    kinds = {path: format_of(path) for path in files}
    yaml_paths = [p for p in files if kinds[p] == "records"]
    records, batch = check_records(yaml_paths, store) if yaml_paths else ([], GraphBatch())
    resolver = Resolver.from_store(store) if store is not None else Resolver()
    for node in batch.nodes:
        if node.primary == "Actor":
            props = node.properties
            resolver.add(Actor(node.key, props["name"], node.labels[1].lower(), props.get("country"),
                               props.get("aliases", []), props.get("lat"), props.get("lon")))
    modules = flat_formats()
    flat = [modules[kinds[p]].read(p, resolver, progress, store) for p in files if kinds[p] != "records"]
    rejected = [problem for loaded in flat for problem in loaded.problems]
    if rejected and not skip_rejected:
        raise InputError(rejected, "To leave out what cannot be loaded, load the rest and list "
                                   "what was left out, add --skip-rejected (skip_rejected=True "
                                   "in Python).")
    flat_batch = merge_with_graph(store, GraphBatch(
        [n for loaded in flat for n in loaded.batch.nodes],
        [r for loaded in flat for r in loaded.batch.relationships]))
    combined = merge_with_graph(None, GraphBatch(batch.nodes + flat_batch.nodes,
                                                 batch.relationships + flat_batch.relationships,
                                                 batch.owners))
    missing = missing_ends(store, combined) if store is not None else []
    if missing:
        raise InputError([Problem(", ".join(map(str, files)), None, None,
                                  f"a relationship of this load ends at {label} {key!r}, which is "
                                  "neither in the load nor in the graph") for label, key in missing])
    inputs = [{"file": str(loaded.path), "format": loaded.format, "rows": loaded.rows,
               "became": dict(loaded.outcomes), "rejected": len(loaded.problems)} for loaded in flat]
    return Prepared(combined, [str(f.path) for f in records] + [i["file"] for i in inputs], inputs, rejected)


def write_prepared(store, prepared: Prepared, progress=None, started=None) -> dict:
    """Write a prepared load in one transaction; return the summary: files, what the flat
    files became and left out, nodes and relationships stated, what changed, time taken."""
    from munigraph.graph.schema import create_schema
    from munigraph.graph.write import write_batch

    started = started or time.monotonic()
    create_schema(store)
    with no_cyclic_gc():
        counters = store.write_transaction(lambda tx: write_batch(tx, prepared.batch, progress))
    types = {}
    for rel in prepared.batch.relationships:
        types[rel.type] = types.get(rel.type, 0) + 1
    return {
        "files": prepared.files,
        "inputs": prepared.inputs,
        "rejected": [p.as_dict() for p in prepared.rejected],
        "nodes": prepared.batch.label_counts(),
        "relationships": types,
        **counters,
        "seconds": round(time.monotonic() - started, 2),
    }


def load_files(store, paths=None, progress=None, skip_rejected=False) -> dict:
    """Load ``paths`` (default: the bundled dataset) in one transaction; return the summary.

    Raises ``InputError`` (writing nothing) on any problem, unless ``skip_rejected``.
    """
    started = time.monotonic()
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    prepared = prepare(store, list(paths) if paths else bundled_files(), skip_rejected)
    return write_prepared(store, prepared, progress, started)
