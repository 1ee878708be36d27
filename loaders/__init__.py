"""munigraph.loaders: turn input files into the graph model and load them.

``load(store, paths)`` loads any mix of YAML or JSON records, facts CSV, Wikidata TSV and
IATI XML files (folders stand for the files in them) in one transaction: every file is
read and checked first, and any problem stops the load before anything is written,
unless ``skip_rejected`` is set, in which case rows that cannot be loaded are left out
and listed. The graph is rebuilt from these files and those loaded before, so it is a
function of the set of files loaded (docs/inputs.md). ``prepare(paths)`` builds the graph
of ``paths`` without a database.
"""

from __future__ import annotations

from .files import bundled_files
from .pipeline import LoadReport, Prepared, load, prepare
from .records import check_records, json_schema
from .snapshot import Snapshot

__all__ = ["load", "prepare", "LoadReport", "Prepared", "Snapshot", "check_records",
           "bundled_files", "json_schema"]
