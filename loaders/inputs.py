"""The inputs a graph is built from, kept in the graph itself.

The graph is a function of the set of files loaded into it: every load builds the whole
graph from the files it names and those loaded before, so the order of loads, and whether
files come in one command or several, does not change the result. Each file loaded is
kept as an ``:Input`` node (its path, format, SHA-256 and content, compressed; for a
records file also the source documents its quotes are checked against), so the graph can
be rebuilt on any machine, with Neo4j as with the embedded store. A file loaded again from
the same path, or the same content from another path, replaces the one kept.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from munigraph.graph.errors import InputError, Problem
from munigraph.language import _

READ = ("MATCH (i:Input) RETURN i.id AS id, i.path AS path, i.format AS format, i.sha256 AS sha256, "
        "i.content AS content, i.documents AS documents, i.skipRejected AS skipRejected ORDER BY i.id")
BUILT_WITHOUT_INPUTS = ("MATCH (n) WHERE n:Actor OR n:Cooperation OR n:Topic OR n:Source "
                        "RETURN count(n) > 0 AS built LIMIT 1")
CREATE = "UNWIND $rows AS r CREATE (i:Input) SET i = r"
UPDATE = "UNWIND $rows AS r MATCH (i:Input) WHERE i.id = r.id SET i = r"
DELETE = "UNWIND $ids AS id MATCH (i:Input) WHERE i.id = id DELETE i"


@dataclass(frozen=True)
class Input:
    """A file the graph is built from, as kept in the graph."""

    path: str  # where it was loaded from
    format: str  # records, facts, wikidata, iati
    sha256: str
    content: bytes
    documents: tuple = ()  # records: (name relative to its folder, text) of its source documents
    skip_rejected: bool = False

    @property
    def id(self) -> str:
        return f"input:{self.path}"

    def as_properties(self) -> dict:
        documents = json.dumps([[name, text] for name, text in self.documents], ensure_ascii=False)
        return {"id": self.id, "path": self.path, "format": self.format, "sha256": self.sha256,
                "content": _pack(self.content), "skipRejected": self.skip_rejected,
                **({"documents": _pack(documents.encode())} if self.documents else {})}

    @classmethod
    def from_row(cls, row) -> "Input":
        documents = json.loads(_unpack(row["documents"])) if row["documents"] else []
        return cls(row["path"], row["format"], row["sha256"], _unpack(row["content"]),
                   tuple((name, text) for name, text in documents), bool(row["skipRejected"]))


def of_file(path: Path, kind: str, skip_rejected: bool, documents=()) -> Input:
    """The ``Input`` that file ``path`` (of format ``kind``) becomes."""
    content = path.read_bytes()
    return Input(str(path.absolute()), kind, hashlib.sha256(content).hexdigest(), content,
                 tuple(documents), skip_rejected)


def read(tx) -> list[Input]:
    """The inputs the graph was built from. A graph with nodes but no inputs was built by an
    earlier munigraph that kept none: rebuilding it from this load alone would lose the rest,
    so that is refused."""
    kept = [Input.from_row(row) for row in tx.run(READ).data()]
    if not kept and tx.run(BUILT_WITHOUT_INPUTS).single()["built"]:
        raise InputError([Problem(_("the graph"), None, None,
                                  _("this graph was built by an earlier munigraph, which did not keep "
                                    "the files it was loaded from; run `munigraph reset` and load your "
                                    "files again"), "built-without-inputs")])
    return kept


def others(kept, named) -> list[Input]:
    """The kept inputs that none of the ``named`` inputs (this load's) replaces."""
    paths, shas = {i.path for i in named}, {i.sha256 for i in named}
    return [i for i in kept if i.path not in paths and i.sha256 not in shas]


def materialise(kept, folder: Path) -> dict:
    """Write ``kept`` inputs (and their documents) under ``folder``, each at its own path
    below it; return the path written → the ``Input``."""
    written = {}
    for found in kept:
        path = folder / Path(found.path).relative_to(Path(found.path).anchor)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(found.content)
        for name, text in found.documents:
            document = path.parent / name
            document.parent.mkdir(parents=True, exist_ok=True)
            document.write_text(text, encoding="utf-8")
        written[path] = found
    return written


def write(tx, kept, named) -> None:
    """Keep the ``named`` inputs of this load: create, replace or leave each as it is."""
    by_id = {i.id: i for i in kept}
    replaced = [i.id for i in kept if i.id not in {n.id for n in named}
                and i.sha256 in {n.sha256 for n in named}]
    if replaced:
        tx.run(DELETE, ids=replaced).consume()
    new = [n.as_properties() for n in named if n.id not in by_id]
    changed = [n.as_properties() for n in named if n.id in by_id and by_id[n.id] != n]
    for statement, rows in ((CREATE, new), (UPDATE, changed)):
        for row in rows:  # one file per message: a message of the store's protocol has a limit
            tx.run(statement, rows=[row]).consume()


def _pack(content: bytes) -> str:
    return base64.b64encode(gzip.compress(content, mtime=0)).decode("ascii")


def _unpack(text: str) -> bytes:
    return gzip.decompress(base64.b64decode(text))
