"""The draft as a YAML records file, written line by line: a header saying it holds
proposals to review, and a comment beside each proposal saying which words made it;
``write_draft`` writes it beside the document or copies the document beside it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from munigraph.graph.errors import InputError

from ..files import utf8_text
from .proposals import Draft


YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "NO", "ON"}


def _scalar(value) -> str:
    """A YAML scalar: plain for ids, codes and words, JSON-quoted otherwise."""
    plain = re.fullmatch(r"[a-z][a-z0-9_.:-]*|[A-Z]{2}", str(value)) and value not in YAML_WORDS
    return value if isinstance(value, str) and plain else json.dumps(value, ensure_ascii=False)


def _flow(item: dict) -> str:
    parts = []
    for key, value in item.items():
        text = f"[{', '.join(map(_scalar, value))}]" if isinstance(value, list) else _scalar(value)
        parts.append(f"{key}: {text}")
    return "{" + ", ".join(parts) + "}"


def draft_yaml(text: str, source_file: str, known_actors=(), language=None, known_ids=(), url=None) -> str:
    """The draft as a YAML records file, with a header saying these are proposals to review
    and a comment beside each proposal saying which words made it."""
    result = Draft(text, source_file, known_actors, language, known_ids, url)
    data = result.data
    known = [a for a in result.mentioned if a in result.recognised.known]
    linked = {p["actor"] for r in data["records"] for p in r.get("parties", [])}
    lines = [
        f"# Proposed records drafted by `munigraph draft` from {source_file}"
        + (f" (language: {result.language})." if result.language else "."),
        "# THESE ARE PROPOSALS, NOT FACTS. Review each one against its quote before loading:",
        "# keep what the text states, correct names, types, roles and dates, delete the rest.",
        "# Ids are suggestions; a proposed id that the graph already holds ends in -draft: merge by hand.",
        "# The comment beside each proposal says which words made it.",
        "# Load with `munigraph load FILE`: it checks the whole file against the graph first.",
    ]
    if not data["records"] and not data["actors"]:
        lines.append("# Nothing to propose: no actor and no cooperation was recognised in this text.")
    else:
        lines.append(f"# Found: {len(data['actors'])} new actors, {len(known)} actors already in the "
                     f"graph, {len(data['records'])} cooperations.")
    lines += ["", "sources:"] + [f"  - {_flow(s)}" for s in data["sources"]]
    lines.append("")
    lines.append("topics:" + ("" if data["topics"] else " []"))
    lines += [f"  - {_flow(t)}   # matched \"{result.topic_notes[t['id']]}\"" for t in data["topics"]]
    lines.append("")
    lines.append("actors:" + ("" if data["actors"] else " []"))
    lines += [f"  - {_flow(a)}   # {result.recognised.why[a['id']]}" for a in data["actors"]]
    unlinked = [result.recognised.known[a] for a in known if a not in linked]
    if unlinked:
        lines.append("# Also named, already in the graph, in no proposed record: "
                     + ", ".join(f"{a.name} ({a.id})" for a in unlinked))
    lines.append("")
    lines.append("records:" + ("" if data["records"] else " []"))
    proposals = result.proposals
    for record in data["records"]:
        proposal = proposals[record["id"]]
        lines.append(f"  - id: {record['id']}   # {proposal.why}")
        for key, value in record.items():
            if key in ("id", "parties", "evidence"):
                continue
            note = proposal.notes.get(key)
            note = ", ".join(note) if isinstance(note, list) else note
            text = f"[{', '.join(map(_scalar, value))}]" if isinstance(value, list) else _scalar(value)
            lines.append(f"    {key}: {text}" + (f"   # {note}" if note else ""))
        if record.get("parties"):
            lines.append("    parties:")
            lines += [f"      - {_flow(p)}   # {proposal.notes[p['actor']]}" for p in record["parties"]]
        lines.append("    evidence:")
        for evidence in record["evidence"]:
            lines += [f"      - source: {evidence['source']}", f"        quote: {_scalar(evidence['quote'])}"]
    return "\n".join(lines) + "\n"


def write_draft(document, out=None, known_actors=(), language=None, known_ids=(), url=None) -> Path:
    """Write the draft of ``document`` (published at ``url``, when given) to ``out``
    (default: ``DOC.draft.yaml`` beside it); when ``out`` is in another folder, copy the
    document beside it. Returns ``out``."""
    document = Path(document)
    out = Path(out) if out else document.with_name(document.stem + ".draft.yaml")
    text, problem = utf8_text(document, document.read_bytes(), what="the document")
    if problem:
        raise InputError([problem])
    out.parent.mkdir(parents=True, exist_ok=True)
    beside = out.parent / document.name
    if beside.resolve() != document.resolve():
        shutil.copyfile(document, beside)
    out.write_text(draft_yaml(text, document.name, known_actors, language, known_ids, url), encoding="utf-8")
    return out
