"""Quality of ``munigraph draft`` against hand-written gold: on the evaluation corpus of
documents its rules were not written from, and on the five seed documents they were.

The corpus (tests/data/drafts/corpus/, its README says how it was made and scored) holds
real documents in pt, es, fr and en, each with its gold actors and cooperations, split
once by document into a development half (``dev/``: rules may be written from it) and a
test half (``test/``: only its totals are printed, so that nobody tunes to it). Each is
drafted with its address, as ``munigraph draft --url`` does. An actor is right when a name
and the country are the gold's; a cooperation when its kind and its parties are the gold's.

The seeds:

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

Usage: python benchmarks/draft_quality.py [--split] [--details]
(--split files the documents of corpus/incoming/ into their half; --details lists each
development document's misses.)
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

import yaml

from munigraph.graph.model import fold
from munigraph.loaders.draft import Draft
from munigraph.loaders import bundled_files, check_records
from munigraph.loaders.resolve import Actor, name_parts

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "drafts"
SEEDS = ROOT / "data" / "sources"
FACTS = ROOT / "tests" / "data" / "inputs" / "cooperation-facts.csv"
CORPUS = GOLD / "corpus"
HALVES = ("dev", "test")


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


# --- the evaluation corpus ------------------------------------------------------------


def half(address: str) -> str:
    """The half a document belongs to, by its address alone (corpus/README.md)."""
    return "test" if int(hashlib.sha256(address.encode("utf-8")).hexdigest()[0], 16) % 2 else "dev"


def split_incoming() -> list[tuple[str, str]]:
    """Move each document of corpus/incoming/ into its half; (file name, half) of each."""
    moved = []
    for path in sorted((CORPUS / "incoming").glob("*.yaml")):
        where = half(yaml.safe_load(path.read_text(encoding="utf-8"))["address"])
        (CORPUS / where).mkdir(exist_ok=True)
        path.rename(CORPUS / where / path.name)
        moved.append((path.name, where))
    return moved


def documents(which: str) -> list[tuple[str, dict]]:
    """(file name, gold) of the documents of one half."""
    return [(path.name, yaml.safe_load(path.read_text(encoding="utf-8")))
            for path in sorted((CORPUS / which).glob("*.yaml"))]


KINDS = {"programme": "programme", "event": "event", "exchange": "exchange"}
KIND_ORDER = ("twinning", "agreement", "programme", "event", "exchange")


def kind_of(record: dict) -> str:
    """A proposed record's kind as the gold writes it: twinning, agreement, programme, event, exchange."""
    if record["type"] == "agreement":
        return "twinning" if record.get("kind") == "twinning" else "agreement"
    return KINDS[record["type"]]


def score_document(gold: dict, result: Draft) -> dict:
    """Counts (right, proposed, gold) of actors and cooperations, dates (right, gold) and
    the misses, for one document of the corpus."""
    actors = gold["actors"]
    forms = [{fold(a["name"]), *(fold(n) for n in a.get("names", []))} for a in actors]
    gold_of, used, wrong_actors = {}, set(), []
    for identifier in result.mentioned:
        actor = result.recognised.actor(identifier)
        names = {fold(n) for n in [actor.name, *actor.aliases]}
        match = next((k for k, a in enumerate(actors) if k not in used and names & forms[k]
                      and actor.country == a.get("country")), None)
        if match is None:
            wrong_actors.append(f"{actor.name} ({actor.country})")
        else:
            gold_of[identifier] = match
            used.add(match)
    index = {f: k for k, fs in reversed(list(enumerate(forms))) for f in fs}
    index.update({fold(a["name"]): k for k, a in reversed(list(enumerate(actors)))})  # a name before a form
    wanted = [(c["kind"], frozenset(index[fold(p)] for p in c["parties"]), c.get("date"))
              for c in gold.get("cooperations", [])]
    open_items, right, dated, wrong_cooperations = list(wanted), 0, [0, 0], []
    records = result.data["records"]
    kinds = {kind: [0, 0, 0] for kind in KIND_ORDER}  # right, proposed, gold
    for kind, *_ in wanted:
        kinds[kind][2] += 1
    for record in records:
        parties = frozenset(gold_of.get(p["actor"], p["actor"]) for p in record.get("parties", []))
        kinds[kind_of(record)][1] += 1
        item = next((w for w in open_items if w[0] == kind_of(record) and w[1] == parties), None)
        if item is None:
            wrong_cooperations.append(record["id"])
            continue
        open_items.remove(item)
        kinds[item[0]][0] += 1
        right += 1
        if item[2]:
            dated[1] += 1
            dated[0] += str(record.get("signed") or record.get("start") or "") == str(item[2])
    missed_actors = [f'{a["name"]} ({a.get("country")})' for k, a in enumerate(actors) if k not in used]
    missed = [f"{kind} {' + '.join(actors[k]['name'] for k in sorted(parties))}" for kind, parties, _ in open_items]
    return {"actors": (len(used), len(result.mentioned), len(actors)),
            "cooperations": (right, len(records), len(wanted)), "dates": tuple(dated),
            **{kind: tuple(counts) for kind, counts in kinds.items()},
            "wrong": wrong_actors + wrong_cooperations, "missed": missed_actors + missed}


def measure_corpus(which: str) -> dict:
    """File name → score for the documents of one half, plus "overall" (the sums)."""
    scores = {}
    for name, gold in documents(which):
        result = Draft(gold["text"], name.replace(".yaml", ".txt"), language=gold.get("language"),
                       url=gold["address"])
        scores[name] = score_document(gold, result)
    scores["overall"] = {kind: tuple(map(sum, zip(*(s[kind] for s in scores.values())))) or (0,) * size
                         for kind, size in (("actors", 3), ("cooperations", 3), ("dates", 2),
                                            *((k, 3) for k in KIND_ORDER))}
    return scores


def corpus_table(scores: dict, details: bool = False) -> str:
    lines = ["document                       | actors P          R          | cooperations P    R          | dates",
             "-------------------------------|------------------------------|------------------------------|--------"]
    for name, s in scores.items():
        if name != "overall" and not details:
            continue
        cells = []
        for kind in ("actors", "cooperations"):
            right, proposed, gold = s[kind]
            cells.append(f"{ratio(right, proposed):4.2f} ({right:>3}/{proposed:>3}) "
                         f"{ratio(right, gold):4.2f} ({right:>3}/{gold:>3})")
        lines.append(f"{name.removesuffix('.yaml')[:30]:<30} | {cells[0]} | {cells[1]} | "
                     f"{s['dates'][0]:>3}/{s['dates'][1]:<3}")
        if details and name != "overall":
            lines += [f"    wrong:  {w}" for w in s["wrong"]] + [f"    missed: {m}" for m in s["missed"]]
    overall = scores["overall"]
    lines.append("cooperations by kind: " + "; ".join(
        f"{kind} P {ratio(r, p):.2f} ({r}/{p}) R {ratio(r, g):.2f} ({r}/{g})"
        for kind in KIND_ORDER for r, p, g in [overall[kind]] if p or g))
    return "\n".join(lines)


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
    if "--split" in sys.argv:
        for name, where in split_incoming():
            print(f"{name} -> {where}")
    for which in HALVES:
        count = len(documents(which))
        print(f"corpus, {which} half ({count} documents), no actors known"
              + (": the rules were written reading these (in-sample)" if which == "dev" else
                 ": documents the rules were not written from (out of sample)") + "\n")
        print(corpus_table(measure_corpus(which), details="--details" in sys.argv and which == "dev"))
        print()
    print("seeds (in-sample: the rules were first written from them)\n")
    print("(a) no actors known: gazetteer and text only\n")
    print(table(measure()))
    print("\n(b) the bundled dataset's actors known (optimistic: curated from these seeds)\n")
    print(table(measure(bundled_actors())))
    found, named = quote_recall()
    print(f"\n(c) out of sample: parties named in the facts CSV's prose quotes, no actors known: "
          f"recall {ratio(found, named):.2f} ({found}/{named})")
