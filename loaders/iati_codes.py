"""IATI codes: the codelists shipped beside this module (``iati-codelists.json``, whose
``about`` fields give their source and version) and what an organisation identifier says."""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

from .countries import country as country_node

# IATI codelist SectorVocabulary: the vocabularies loaded from the shipped codelists.
VOCABULARIES = {"1": "Sector", "2": "SectorCategory", "7": "UNSDG-Goals"}


@functools.cache
def codelists() -> dict:
    """The shipped IATI codelists: codelist name -> code -> entry (read from the package).

    >>> codelists()["Sector"]["15185"]
    ['Local government administration', '151']
    """
    text = resources.files("munigraph.loaders").joinpath("iati-codelists.json").read_text("utf-8")
    return {name: value["codes"] for name, value in json.loads(text).items() if name != "about"}


def sector_topics(vocabulary: str, code: str) -> list:
    """The Topic nodes for a sector code of vocabulary 1, 2 or 7: the topic, then for a DAC
    5-digit code its DAC 3-digit parent; empty when the codelist has no such code.

    >>> [t["id"] for t in sector_topics("1", "15185")]
    ['topic:dac-15185', 'topic:dac-151']
    >>> sector_topics("7", "11")[0]["sdg"], sector_topics("1", "99999")
    ([11], [])
    """
    entry = codelists()[VOCABULARIES[vocabulary]].get(code)
    if entry is None:
        return []
    if vocabulary == "1":
        name, category = entry
        return [{"id": f"topic:dac-{code}", "name": name, "parent": f"topic:dac-{category}"},
                *sector_topics("2", category)]
    if vocabulary == "2":
        return [{"id": f"topic:dac-{code}", "name": entry}]
    return [{"id": f"topic:sdg-{code}", "name": entry, "sdg": [int(code)]}]


def ref_country(ref: str | None) -> str | None:
    """The country of an IATI organisation identifier: the ISO code its registration agency
    starts with; None for international registers and identifiers without an agency.

    >>> ref_country("BR-CNPJ-12345678000190"), ref_country("XI-IATI-EC_INTPA"), ref_country("44000")
    ('BR', None, None)
    """
    match = re.match(r"([A-Za-z]{2})-", ref or "")
    found = country_node(match[1]) if match else None
    return found["code"] if found else None
