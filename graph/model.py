"""The graph model in code: node kinds, their labels and keys, and a batch of graph changes.

Loaders turn their input into a ``GraphBatch``; ``write.write_batch`` writes it. The names
here are the contract of docs/graph-model.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

ACTOR_TYPES = {
    "municipality": "Municipality",
    "region": "Region",
    "association": "Association",
    "consortium": "Consortium",
    "organization": "Organization",
}
COOPERATION_TYPES = {
    "programme": "Programme",
    "agreement": "Agreement",
    "event": "Event",
    "exchange": "Exchange",
}
ROLES = ("coordinator", "partner", "signatory", "host", "funder", "participant", "expert",
         "beneficiary")

# What each relationship type joins: (type, start label, end label), as docs/graph-model.md.
ENDS = [("LOCATED_IN", "Actor", "Country"), ("PART_OF", "Actor", "Actor"), ("MEMBER_OF", "Actor", "Actor"),
        ("TAKES_PART", "Actor", "Cooperation"), ("ON_TOPIC", "Cooperation", "Topic"),
        ("PART_OF", "Cooperation", "Cooperation"), ("HELD_IN", "Cooperation", "Actor"),
        ("INVOLVES", "Cooperation", "Country"), ("EVIDENCED_BY", "Cooperation", "Source"),
        ("BETWEEN", "CountryPair", "Country")]

# The property that identifies a node of each primary label.
KEYS = {"Actor": "id", "Cooperation": "id", "Topic": "id", "Source": "id", "Country": "code",
        "CountryPair": "id", "Year": "year", "Ranking": "id", "Name": "prefix",
        "Word": "prefix", "CountryActors": "country", "TopicCooperations": "topic"}

# The properties whose text ``lookup`` holds, so queries match them ignoring case and accents.
NAMES = ("name", "namePt", "shortName", "aliases", "placeNames", "code", "iatiIdentifier")
# Counts every load keeps on the nodes they count (loaders/summaries.py; docs/graph-model.md, "Summaries")
SUMMARIES = ("cooperationCount", "partnerCount", "sharedCooperationCount")
# Nodes and relationships every load keeps beside the data, derived from it (same place)
SUMMARY_LABELS = ("CountryPair", "Year", "Ranking", "Name", "Word", "CountryActors", "TopicCooperations")
SUMMARY_TYPES = ("BETWEEN",)


def fold(text: str) -> str:
    """``text`` in lower case without accents or punctuation: how names are compared.

    >>> fold("Olhão")
    'olhao'
    >>> fold("AMAL – Comunidade Intermunicipal do Algarve")
    'amal comunidade intermunicipal do algarve'
    """
    letters = _DIACRITICS.sub("", unicodedata.normalize("NFKD", text).casefold())
    if letters.isascii():  # most names: the same result, many times faster
        return _NOT_ALNUM.sub(" ", letters).strip()
    kept = "".join(c if c.isalnum() else " " for c in letters if not unicodedata.combining(c))
    return " ".join(kept.split())


_DIACRITICS = re.compile("[\u0300-\u036f]")  # the combining marks of Latin letters
_NOT_ALNUM = re.compile("[^a-z0-9]+")


def lookup(properties: dict) -> list:
    """The ``lookup`` property of a node: its names, aliases and code in lower case, with
    and without accents, so that ``toLower($name) IN n.lookup`` finds it.

    >>> lookup({"name": "Olhão", "aliases": ["Olhao"], "country": "PT"})
    ['olhao', 'olhão']
    """
    names = []
    for key in NAMES:
        value = properties.get(key)
        names += value if isinstance(value, list) else [value] if value else []
    return sorted({form for name in names for form in (name.lower(), fold(name)) if form})


# The property that tells two relationships of one type between the same nodes apart.
MERGE_KEYS = {"TAKES_PART": "role", "EVIDENCED_BY": "quote"}


@dataclass(frozen=True)
class Node:
    """A node: its labels (primary label first), key value and all its properties."""

    labels: tuple
    key: object
    properties: dict

    @property
    def primary(self):
        return self.labels[0]


@dataclass(frozen=True)
class Relationship:
    """A relationship between two nodes, each given as (primary label, key value)."""

    type: str
    start: tuple
    end: tuple
    properties: dict = field(default_factory=dict)

    @property
    def identity(self) -> tuple:
        """What tells this relationship apart: type, ends and the value of its merge key."""
        return (self.type, self.start, self.end, self.properties.get(MERGE_KEYS.get(self.type)))


@dataclass
class GraphBatch:
    """Nodes and relationships to write in one transaction."""

    nodes: list = field(default_factory=list)
    relationships: list = field(default_factory=list)

    def label_counts(self) -> dict:
        counts = {}
        for node in self.nodes:
            for label in node.labels:
                counts[label] = counts.get(label, 0) + 1
        return counts
