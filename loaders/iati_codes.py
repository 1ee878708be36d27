"""IATI codes: the codelists shipped beside this module (``iati-codelists.json``, whose
``about`` fields give their source and version), the OECD DAC donor codes
(``dac-donors.json``, likewise) and what an organisation identifier says."""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

from munigraph.graph.model import fold

from .countries import country as country_node

# IATI codelist SectorVocabulary: the vocabularies loaded from the shipped codelists.
VOCABULARIES = {"1": "Sector", "2": "SectorCategory", "7": "UNSDG-Goals"}
# CRS channel codes at category level that name one organisation, not a kind of one.
SINGLE_ORGANISATION_CHANNELS = {"43000", "44000", "45000"}  # IMF, World Bank Group, WTO


def _shipped(file: str) -> dict:
    """A JSON file shipped in the package beside this module."""
    return json.loads(resources.files("munigraph.loaders").joinpath(file).read_text("utf-8"))


@functools.cache
def codelists() -> dict:
    """The shipped IATI codelists: codelist name -> code -> entry (read from the package).

    >>> codelists()["Sector"]["15185"]
    ['Local government administration', '151']
    >>> codelists()["Country"]["XK"], codelists()["OrganisationType"]["22"]
    ('Kosovo', 'National NGO')
    """
    return {name: value["codes"] for name, value in _shipped("iati-codelists.json").items()
            if name != "about"}


@functools.cache
def dac_donors() -> dict:
    """The OECD DAC donor code of each bilateral donor -> its country's ISO alpha-2 code.
    Multilateral donors (EU Institutions, IDA, UNDP ...) are not in it: they have no country.

    >>> donors = dac_donors()
    >>> donors["6"], donors["301"], donors["742"], "918" in donors, "905" in donors
    ('IT', 'CA', 'KR', False, False)
    """
    return {code: entry[0] for code, entry in _shipped("dac-donors.json")["bilateral"].items()}


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


def normal_ref(ref: str | None) -> str | None:
    """An IATI organisation identifier as identifiers are compared: without spaces, in upper
    case. A bare number is no identifier: None, as when nothing is given. It is a
    publisher's own code ("1", "708"), or a CRS channel code ("22501", "41122"), which
    names a kind of channel or a family of bodies (Oxfam's affiliates, UNICEF and its
    national committees) rather than one organisation.

    >>> normal_ref(" gb-coh-123 456 "), normal_ref("XM-DAC-41114"), normal_ref("XM-DAC-6-4")
    ('GB-COH-123456', 'XM-DAC-41114', 'XM-DAC-6-4')
    >>> normal_ref("708") is None, normal_ref("22501") is None, normal_ref("  ") is None, normal_ref(None) is None
    (True, True, True, True)
    """
    text = re.sub(r"\s+", "", ref or "").upper()
    return None if not text or re.fullmatch(r"[\d-]+", text) else text


def ref_country(ref: str | None) -> str | None:
    """The country of an IATI organisation identifier (after ``normal_ref``): the ISO code
    its registration agency starts with ("BR-CNPJ-…"), the country code that is the whole
    identifier ("CA"), or for XM-DAC-<donor> and XM-DAC-<donor>-<agency> the country of a
    bilateral donor (``dac_donors``). None for international registers (XI-…, XM-…), for
    multilateral donors and CRS channel codes, and for identifiers without an agency.

    >>> ref_country("BR-CNPJ-12345678000190"), ref_country(" gb-gov-1 "), ref_country("CA")
    ('BR', 'GB', 'CA')
    >>> ref_country("XM-DAC-6-4"), ref_country("XM-DAC-3-1"), ref_country("XM-DAC-301"), ref_country("1")
    ('IT', 'DK', 'CA', None)
    >>> ref_country("XM-DAC-41114"), ref_country("XM-DAC-44000"), ref_country("XM-DAC-918")
    (None, None, None)
    >>> ref_country("XI-IATI-EC_INTPA"), ref_country("XM-OCHA-CERF"), ref_country("xk"), ref_country("")
    (None, None, 'XK', None)
    """
    ref = normal_ref(ref)
    if ref is None:
        return None
    donor = re.fullmatch(r"XM-DAC-(\d+)(?:-.*)?", ref)
    if donor:
        return dac_donors().get(donor[1].lstrip("0") or "0")
    match = re.fullmatch(r"([A-Z]{2})(?:-.*)?", ref)
    found = country_node(match[1]) if match else None
    return found["code"] if found else None


def region_name(code) -> str | None:
    """The English name of an OECD DAC region (IATI Region codelist, region vocabulary 1).

    >>> region_name("298"), region_name(1027), region_name("380"), region_name("BR")
    ('Africa, regional', 'Eastern Africa, regional', 'West Indies, regional', None)
    """
    return codelists()["Region"].get(str(code).strip())


def _channel_category(code: str) -> bool:
    """Whether a CRS channel code names a kind of organisation: a category (xx000, and
    the UN's 41x00 groups) or a kind of government body or company (the codes under
    11000, 12000, 61000, 62000 and 63000), except categories named after one organisation."""
    if code in SINGLE_ORGANISATION_CHANNELS:
        return False
    return code.endswith("000") or (code.startswith("41") and code.endswith("00")) or \
        code[:3] in ("110", "120", "610", "620", "630")


@functools.cache
def _category_names() -> frozenset:
    lists = codelists()
    names = [*lists["OrganisationType"].values(),
             *(name for code, name in lists["CRSChannelCode"].items() if _channel_category(code))]
    return frozenset(fold(name) for name in names)


def is_category_name(name: str | None) -> bool:
    """Whether ``name`` (compared folded: case, accents and punctuation aside) names a kind
    of organisation, an IATI OrganisationType or a CRS channel category, as publishers write
    where they do not name the organisation itself.

    >>> [is_category_name(n) for n in ("Donor country-based NGO", "INTERNATIONAL NGO",
    ...                                "Local government", "Other", "Pension funds")]
    [True, True, True, True, True]
    >>> [is_category_name(n) for n in ("Oxfam", "International Monetary Fund (IMF)", "", None)]
    [False, False, False, False]
    """
    return bool(name) and fold(name) in _category_names()
