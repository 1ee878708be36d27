"""A synthetic but realistic cooperation graph, written as JSON records files.

``generate(folder, actors=N, seed=S)`` writes the same files for the same arguments:

- about 150 countries, weighted so that a few hold most places (as in real registers);
- municipalities (92%) with names built from each language's syllables, accents
  included, some sharing a name within and across countries; regions, associations,
  consortia and organisations; half the municipalities lie in a region, a third belong
  to an association or consortium;
- cooperations (0.9 per actor): agreements with 2–5 signatories, events with a host,
  exchanges, and programmes with many participants; well-connected actors take part
  more often (preferential attachment), most cooperations cross borders;
- the bundled topics (with their SDGs), dates, and URL sources (one per five
  cooperations) whose quotes name the parties.

At 100,000 actors this is about 1.2 million rows: 290k nodes and 1 million relationships.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
from dataclasses import dataclass
from pathlib import Path

import pycountry
import yaml

from munigraph.loaders.files import bundled_files
from munigraph.loaders.resolve import slug

SIZES = {"small": 1_000, "medium": 10_000, "large": 100_000}
CHUNK = 20_000  # items per file

# Syllables, prefixes and suffixes of place names by language.
LANGUAGES = {
    "pt": (["São ", "Santa ", "Nova ", "Vila ", "Porto ", "Campo ", "Santo António de "],
           ["ba", "ca", "ri", "ju", "ta", "lân", "dó", "pí", "mi", "ra", "go", "nhe", "lha",
            "guá", "tu", "pe", "ré", "ço", "quei", "xa", "vi", "ma", "ran"],
           ["ópolis", "inho", "ense", "al", "ão", "ema", "ás", "eira", " do Sul", " da Serra"]),
    "es": (["San ", "Santa ", "Villa ", "Puerto ", "La ", "El "],
           ["ma", "dri", "lo", "ña", "gue", "rí", "cá", "sa", "to", "bar", "ce", "ló", "vi"],
           ["ez", "ejo", "ía", "ón", "illa", " del Río", " de la Sierra"]),
    "fr": (["Saint-", "Sainte-", "Le ", "La ", "Les "],
           ["mon", "bel", "ver", "cha", "lé", "ré", "gny", "roche", "fon", "ta", "mé", "bois"],
           ["court", "ville", "ères", "ac", "ay", "-sur-Loire", "-en-Provence", "-lès-Bains"]),
    "it": (["San ", "Santa ", "Borgo ", "Castel", "Monte", "Villa "],
           ["ro", "ma", "gna", "li", "cchio", "ve", "rù", "to", "sa", "ne", "fo", "gia"],
           ["ano", "ello", "ino", "one", "à", " Marittima", " al Monte", " di Sopra"]),
    "de": (["Bad ", "Neu", "Alt", "Groß", "Klein"],
           ["berg", "bach", "heim", "dorf", "mün", "lü", "stein", "bur", "wal", "hau"],
           ["en", "ingen", "stadt", "hausen", " am Main", " an der Ruhr"]),
    "nl": (["Den ", "Nieuw-", "Oud-", "Sint-"],
           ["hoog", "veen", "dam", "mer", "wijk", "zee", "brug", "ge", "lo"],
           ["en", "hout", "dijk", "horst", "rode"]),
    "other": (["Al ", "Nova ", "Sveti ", "Port ", "Ciudad "],
              ["ka", "lo", "mé", "ša", "ri", "zö", "tan", "bu", "ye", "ćo", "ngo", "ła", "ki"],
              ["abad", "grad", "pur", "ville", "ani", "ovo", "ýn", "sk"]),
}
LANGUAGE_OF = {"BR": "pt", "PT": "pt", "AO": "pt", "MZ": "pt", "CV": "pt", "GW": "pt",
               "ST": "pt", "TL": "pt", "ES": "es", "AR": "es", "MX": "es", "CO": "es",
               "CL": "es", "PE": "es", "UY": "es", "PY": "es", "BO": "es", "EC": "es",
               "VE": "es", "CU": "es", "FR": "fr", "BE": "fr", "SN": "fr", "CI": "fr",
               "ML": "fr", "BF": "fr", "CM": "fr", "TN": "fr", "MA": "fr", "HT": "fr",
               "IT": "it", "DE": "de", "AT": "de", "CH": "de", "NL": "nl"}
HEAVY = ["BR", "FR", "IT", "DE", "ES", "PT", "US", "MX", "NL", "BE", "AR", "CO", "PL",
         "MZ", "AO", "CV", "JP", "CN", "CA", "UY"]
QUOTES = {
    "pt": "A cooperação entre {a} e {b} no domínio de {t} foi formalizada em {y}.",
    "es": "La cooperación entre {a} y {b} en materia de {t} se formalizó en {y}.",
    "fr": "La coopération entre {a} et {b} dans le domaine « {t} » a été signée en {y}.",
    "it": "La cooperazione tra {a} e {b} sul tema {t} è stata avviata nel {y}.",
    "de": "Die Partnerschaft zwischen {a} und {b} zum Thema {t} wurde {y} unterzeichnet.",
    "nl": "De samenwerking tussen {a} en {b} op het gebied van {t} begon in {y}.",
    "other": "The cooperation between {a} and {b} on {t} was signed in {y}.",
}
ROLES = {"agreement": ["signatory"], "event": ["participant", "expert", "partner"],
         "exchange": ["partner", "expert", "beneficiary"],
         "programme": ["partner", "participant", "beneficiary"]}


@dataclass
class Generated:
    """What ``generate`` wrote: the files and how many items of each kind."""

    files: list
    countries: int
    actors: int
    cooperations: int
    sources: int
    topics: int
    nodes: int
    relationships: int

    @property
    def rows(self) -> int:
        return self.nodes + self.relationships


class Picker:
    """Weighted choice in O(log n): weight of the i-th item ∝ 1 / (i + 1) ** skew."""

    def __init__(self, items, skew, rng):
        self.items, self.rng = items, rng
        self.cumulative = list(itertools.accumulate(1 / (i + 1) ** skew for i in range(len(items))))

    def pick(self):
        return self.items[bisect.bisect(self.cumulative, self.rng.random() * self.cumulative[-1])]


def place_name(rng, language) -> str:
    prefixes, syllables, suffixes = LANGUAGES[language]
    core = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 2, 3, 3, 4))))
    name = core.capitalize() + (rng.choice(suffixes) if rng.random() < 0.6 else "")
    if rng.random() < 0.25:
        name = rng.choice(prefixes) + name
    return name


def generate(folder, actors: int, seed: int = 7) -> Generated:
    """Write a generated graph of about ``actors`` actors into ``folder`` (YAML records)."""
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    codes = [c.alpha_2 for c in pycountry.countries if c.alpha_2 not in HEAVY]
    countries = HEAVY + rng.sample(sorted(codes), 150 - len(HEAVY))
    country_picker = Picker(countries, 1.1, rng)
    topics = _bundled_topics()

    # --- actors
    places, by_country, groups = [], {}, {}
    counts = {"region": 0.03, "association": 0.02, "consortium": 0.02, "organization": 0.01}
    extra = {kind: max(2, int(actors * share)) for kind, share in counts.items()}
    municipalities = actors - sum(extra.values())
    actor_items = []
    names_seen = {}
    regions = {}
    for kind, number in extra.items():
        for i in range(number):
            code = country_picker.pick()
            language = LANGUAGE_OF.get(code, "other")
            base = place_name(rng, language)
            name = {"region": f"Região de {base}" if language == "pt" else f"Region {base}",
                    "association": f"Associação dos Municípios de {base}" if language == "pt"
                    else f"Association of {base} Municipalities",
                    "consortium": f"Consórcio Intermunicipal {base}" if language == "pt"
                    else f"Intermunicipal Consortium {base}",
                    "organization": f"{base} Urban Network"}[kind]
            item = {"id": f"{kind}:{code.lower()}:{slug(base)}-{i}", "type": kind, "name": name,
                    "country": code}
            if kind == "organization":
                del item["country"]
                item["id"] = f"organization:{slug(base)}-{i}"
                item["aliases"] = ["".join(w[0] for w in name.split()).upper()]
            actor_items.append(item)
            if kind == "region":
                regions.setdefault(code, []).append(item["id"])
            elif kind != "organization":
                groups.setdefault(code, []).append(item["id"])
    for i in range(municipalities):
        code = country_picker.pick()
        language = LANGUAGE_OF.get(code, "other")
        name = place_name(rng, language)
        key = slug(name)
        names_seen[(code, key)] = names_seen.get((code, key), 0) + 1
        suffix = f"-{names_seen[(code, key)]}" if names_seen[(code, key)] > 1 else ""
        item = {"id": f"municipality:{code.lower()}:{key}{suffix}", "type": "municipality",
                "name": name, "country": code,
                "population": int(rng.lognormvariate(9.5, 1.4)),
                "lat": round(rng.uniform(-50, 65), 4), "lon": round(rng.uniform(-120, 150), 4)}
        if code in regions and rng.random() < 0.5:
            item["part_of"] = rng.choice(regions[code])
        places.append(item)
        by_country.setdefault(code, []).append(item["id"])
        actor_items.append(item)

    # --- sources, and memberships that cite them
    source_items = []

    def new_source(language):
        number = len(source_items)
        source = {"id": f"source:bench-{number}", "title": f"Relatório de cooperação {number}"
                  if language == "pt" else f"Cooperation report {number}",
                  "url": f"https://example.org/reports/{number}", "language":
                  language if language != "other" else "en",
                  "published": str(rng.randint(1995, 2025))}
        source_items.append(source)
        return source["id"]

    membership_source = new_source("pt")
    for item in places:
        if item["country"] in groups and rng.random() < 0.33:
            item["member_of"] = [{"actor": rng.choice(groups[item["country"]]),
                                  "since": str(rng.randint(1990, 2024)),
                                  "sources": [membership_source]}]

    # --- cooperations
    rng.shuffle(actor_items)
    hubs = Picker([a for a in actor_items], 0.7, rng)
    names = {a["id"]: a["name"] for a in actor_items}
    countries_of = {a["id"]: a.get("country") for a in actor_items}
    records = []
    total = int(actors * 0.95)
    programmes = max(2, total // 200)
    source_pool = []
    for i in range(total):
        kind = "programme" if i < programmes else rng.choices(
            ("agreement", "event", "exchange"), (0.6, 0.2, 0.2))[0]
        size = rng.randint(5, 20) if kind == "programme" else rng.choice((2, 2, 2, 3, 3, 4, 5))
        parties = []
        while len(parties) < size:
            actor = hubs.pick() if rng.random() < 0.7 else rng.choice(places)
            if actor["id"] not in {p["actor"] for p in parties}:
                parties.append({"actor": actor["id"], "role": rng.choice(ROLES[kind])})
        first = parties[0]["actor"]
        if kind == "programme":
            parties[0]["role"] = "coordinator"
        if kind == "event":
            parties[0]["role"] = "host"
        language = LANGUAGE_OF.get(countries_of[first] or "", "other")
        year = rng.randint(1990, 2025)
        chosen = rng.sample(topics, rng.choice((1, 1, 2)))
        if len(source_pool) < 1 or rng.random() < 0.2:
            source_pool = [new_source(language)]
        a, b = names[parties[0]["actor"]], names[parties[1]["actor"]]
        title = {"agreement": f"Acordo de cooperação {a} – {b}" if language == "pt"
                 else f"Cooperation agreement {a} – {b}",
                 "event": f"Encontro {a} {year}" if language == "pt" else f"Meeting in {a}, {year}",
                 "exchange": f"Intercâmbio {a} – {b}" if language == "pt" else f"Exchange {a} – {b}",
                 "programme": f"Programa {a} de cooperação" if language == "pt"
                 else f"{a} cooperation programme"}[kind]
        record = {"id": f"{kind}:bench-{i}", "type": kind, "name": title}
        if rng.random() < 0.8:
            record["start"] = f"{year}-{rng.randint(1, 12):02d}" if rng.random() < 0.5 else str(year)
        if kind == "agreement":
            record["status"] = rng.choice(("signed", "signed", "ended", "in_negotiation"))
        if kind != "programme" and rng.random() < 0.4:
            record["part_of"] = f"programme:bench-{rng.randrange(programmes)}"
        if kind == "event" and first.startswith("municipality:"):
            record["held_in"] = [first]
        involved = sorted({countries_of[p["actor"]] for p in parties if countries_of[p["actor"]]})
        if involved:
            record["involves"] = involved[:3]
        record["topics"] = [t["id"] for t in chosen]
        record["parties"] = parties
        quote = QUOTES[language].format(a=a, b=b, t=chosen[0]["name"].lower(), y=year)
        record["evidence"] = [{"source": source_pool[0], "quote": quote}]
        if rng.random() < 0.3:
            record["evidence"].append({"source": new_source(language),
                                       "quote": f"{a} — {b} ({year})"})
        records.append(record)

    topics_copy = folder / "00-topics.yaml"  # the bundled file itself: the same input when both are loaded
    topics_copy.write_bytes(_bundled_topics_file().read_bytes())
    files = [topics_copy]
    files += _write_chunks(folder, "01-sources", "sources", source_items)
    files += _write_chunks(folder, "02-actors", "actors", _regions_first(actor_items))
    files += _write_chunks(folder, "03-records", "records", records)
    used = {a.get("country") for a in actor_items} | {c for r in records for c in r.get("involves", [])}
    relationships = sum(
        1 + ("part_of" in a) + len(a.get("member_of", [])) if a.get("country")
        else ("part_of" in a) + len(a.get("member_of", [])) for a in actor_items)
    relationships += sum(len(r["parties"]) + len(r["topics"]) + ("part_of" in r)
                         + len(r.get("held_in", [])) + len(r.get("involves", [])) + len(r["evidence"])
                         for r in records)
    used.discard(None)
    nodes = len(actor_items) + len(records) + len(source_items) + len(topics) + len(used)
    return Generated(files, len(used), len(actor_items), len(records), len(source_items),
                     len(topics), nodes, relationships)


def _bundled_topics_file() -> Path:
    return next(p for p in bundled_files() if p.name == "topics.yaml")


def _bundled_topics() -> list[dict]:
    return yaml.safe_load(_bundled_topics_file().read_text(encoding="utf-8"))["topics"]


def _regions_first(actors):
    return sorted(actors, key=lambda a: a["type"] != "region")


def _write_chunks(folder, stem, section, items) -> list[Path]:
    return [_write(folder / f"{stem}-{n:03d}.json", {section: items[start:start + CHUNK]})
            for n, start in enumerate(range(0, len(items), CHUNK))]


def _write(path: Path, data: dict) -> Path:
    """Write ``data`` as a JSON records file, one item per line."""
    with open(path, "w", encoding="utf-8") as out:
        for section, items in data.items():
            out.write(f'{{"{section}": [\n')
            out.write(",\n".join(json.dumps(item, ensure_ascii=False) for item in items))
            out.write("\n]}\n")
    return path
