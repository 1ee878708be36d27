"""Quality of ``munigraph draft`` on the five seed documents, against hand-written gold.

The gold files (tests/data/drafts/*.yaml) list, for each seed, the actors it names and
the actor–cooperation links it states, each link with snippets of the sentence(s) that
state it. A proposed actor is right when its id or one of its names is the gold actor's;
a proposed link (a party of a proposed record) is right when its actor is the gold link's
and one of the record's evidence quotes overlaps one of the gold link's sentences. Each
gold actor and link is matched at most once.

Two runs: with no actors known (gazetteer and text only), and with the bundled dataset's
actors known. The bundled actors were curated from these same seeds, so the second run
is optimistic: it measures what the drafter adds to a graph that already knows them.
The drafter's rules were written while reading these seeds, so both runs are in-sample.
A third figure is out of sample: the recall, with no actors known, of the parties named
in the prose quotes of tests/data/inputs/cooperation-facts.csv (rows whose quote names
the party; table-like rows are left out); it has no precision, as those rows list only
one or two of the actors their quotes name.

Usage: python benchmarks/draft_quality.py
"""

from __future__ import annotations

from pathlib import Path

import csv

import yaml

from munigraph.graph.model import fold
from munigraph.loaders.draft import Draft
from munigraph.loaders import bundled_files, check_records
from munigraph.loaders.resolve import Actor, name_parts

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "drafts"
SEEDS = ROOT / "data" / "sources"
FACTS = ROOT / "tests" / "data" / "inputs" / "cooperation-facts.csv"


def bundled_actors() -> list[Actor]:
    """The actors of the bundled dataset, as a graph loaded with it would know them."""
    _, batch = check_records(bundled_files())
    return [Actor(id=n.key, name=n.properties["name"], type=n.labels[1].lower(),
                  country=n.properties.get("country"), aliases=n.properties.get("aliases", []))
            for n in batch.nodes if n.primary == "Actor"]


def _overlap(quote: str, snippet: str) -> bool:
    a, b = fold(quote), fold(snippet)
    return a in b or b in a


def score(gold: dict, result: Draft) -> dict:
    """True positives, proposed and gold counts of actors and of links for one seed."""
    names = {g["id"]: {fold(n) for n in g["names"]} for g in gold["actors"]}
    gold_of, used = {}, set()
    for identifier in result.mentioned:
        actor = result.recognised.actor(identifier)
        forms = {fold(n) for n in [actor.name, *actor.aliases]}
        match = next((g for g in names if g not in used and (g == identifier or forms & names[g])), None)
        if match:
            gold_of[identifier] = match
            used.add(match)
    proposed = [(p["actor"], r["id"], [e["quote"] for e in r["evidence"]])
                for r in result.data["records"] for p in r.get("parties", [])]
    open_links, links_right = list(gold["links"]), 0
    for actor, _, quotes in proposed:
        match = next((g for g in open_links if g["actor"] == gold_of.get(actor)
                      and any(_overlap(q, s) for q in quotes for s in g["sentences"])), None)
        if match:
            open_links.remove(match)
            links_right += 1
    return {"actors": (len(used), len(result.mentioned), len(names)),
            "links": (links_right, len(proposed), len(gold["links"]))}


def measure(known_actors=()) -> dict:
    """Seed name → score, plus "overall" (the sums)."""
    scores = {}
    for path in sorted(GOLD.glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = (SEEDS / gold["seed"]).read_text(encoding="utf-8")
        scores[gold["seed"][:3]] = score(gold, Draft(text, gold["seed"], known_actors))
    scores["overall"] = {kind: tuple(map(sum, zip(*(s[kind] for s in scores.values()))))
                         for kind in ("actors", "links")}
    return scores


def quote_recall() -> tuple[int, int]:
    """(found, named): the facts CSV's parties named in its prose quotes, and how many of
    them a draft of the quote alone finds, with no actors known."""
    found = named = 0
    with open(FACTS, encoding="utf-8") as file:
        for row in csv.DictReader(file):
            quote = row["quote"]
            if "\t" in quote or "..." in quote or len(quote.split()) < 8:
                continue
            result = Draft(quote, "quote.txt")
            names = {fold(n) for i in result.mentioned
                     for n in [result.recognised.actor(i).name, *result.recognised.actor(i).aliases]}
            for party in (row["party_a"], row["party_b"]):
                forms = [fold(p) for p in [party, *name_parts(party)] if p]
                if party and fold(party) in fold(quote):
                    named += 1
                    found += any(f in names for f in forms)
    return found, named


def ratio(right: int, total: int) -> float:
    return right / total if total else 1.0


def table(scores: dict) -> str:
    lines = ["seed     | actors P          R          | links P           R",
             "---------|------------------------------|-------------------------------"]
    for seed, s in scores.items():
        cells = []
        for kind in ("actors", "links"):
            right, proposed, gold = s[kind]
            cells.append(f"{ratio(right, proposed):4.2f} ({right:>2}/{proposed:>2})  "
                         f"{ratio(right, gold):4.2f} ({right:>2}/{gold:>2})")
        lines.append(f"{seed:<8} | {cells[0]} | {cells[1]}")
    return "\n".join(lines)


if __name__ == "__main__":
    print("(a) no actors known: gazetteer and text only\n")
    print(table(measure()))
    print("\n(b) the bundled dataset's actors known (optimistic: curated from these seeds)\n")
    print(table(measure(bundled_actors())))
    found, named = quote_recall()
    print(f"\n(c) out of sample: parties named in the facts CSV's prose quotes, no actors known: "
          f"recall {ratio(found, named):.2f} ({found}/{named})")
