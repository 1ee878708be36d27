"""IATI activity files (IATI Activity Standard 2.0x, written for 2.03): each ``iati-activity``
becomes a ``Cooperation:Programme`` with its parties, countries, topics, dates and evidence.

- The programme is ``programme:iati:<slug of iati-identifier>``. Its ``name`` is the title
  narrative in the activity's language (``iati-activity/@xml:lang``; a narrative without
  ``xml:lang`` is in that language; without one, the first narrative), the titles in other
  languages are ``aliases``; ``description`` is the general description chosen the same way;
  ``start``/``end`` are the actual dates (activity-date types 2 and 4), else the planned ones
  (1 and 3); ``status`` is the activity status in IATI's words; ``iatiIdentifier`` is kept.
- A ``participating-org`` takes part as ``funder`` (role 1 funding), ``coordinator`` (2
  accountable, 3 extending: it manages the budget and direction for the funder) or
  ``partner`` (4 implementing). Organisation type 11 (local government) is the municipality,
  region, consortium or association its name suggests (a municipality when the name says
  nothing else); every other type is an Organization whose ``kind`` follows the type. Its
  country is the ISO code that starts its ``ref`` ("BR-CNPJ-..."); refs of international
  registers ("XI-IATI-...", "XM-DAC-...") give none. Parties are matched by any of their
  names; an unknown one becomes a new actor with its ``ref`` as ``iatiRef``.
- ``recipient-country`` gives INVOLVES; ``recipient-region`` is counted, not loaded.
- ``sector`` vocabulary 1 (DAC 5-digit) gives ``topic:dac-<code>`` with its DAC 3-digit
  category ``topic:dac-<ccc>`` as ``parent``; 2 (DAC 3-digit) gives ``topic:dac-<ccc>``; 7
  (SDG goal) gives ``topic:sdg-<n>`` with ``sdg: [n]``; 98 and 99 (the reporting
  organisation's own) give a topic named by the sector's narrative, its id made of the
  reporting organisation's ref, the vocabulary and the code. Other vocabularies are counted.
- Each activity is evidenced by its own Source, ``IATI activity <identifier>``, quoting the
  title; every relationship stated by the activity carries that source in ``sources``.

The names of DAC sectors and SDGs come from the IATI codelists shipped beside this module
(``iati-codelists.json``, whose ``about`` fields give their source and version). The XML is
read with the standard library's expat, which fetches no external entity and (from expat
2.4.1) limits entity expansion, recording each element's line so that every problem names
``file:line``.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple
from xml.parsers import expat

from .common import Loaded, known_as, new_actor, source_id
from .iati_codes import VOCABULARIES, ref_country, sector_topics
from .countries import country as country_node
from .files import utf8_text
from .resolve import Ambiguous, guess_type, own_id, slug

FORMAT = "iati"

# IATI codelist OrganisationRole -> TAKES_PART role.
ROLES = {"1": "funder", "2": "coordinator", "3": "coordinator", "4": "partner"}
# IATI codelist OrganisationType -> Organization kind; 11 (local government) is decided by name.
LOCAL_GOVERNMENT = "11"
KINDS = {"10": "government", "15": "agency", "21": "ngo", "22": "ngo", "23": "ngo", "24": "ngo",
         "30": "partnership", "40": "international", "60": "foundation", "70": "company",
         "71": "company", "72": "company", "73": "company", "80": "university", "90": None}
# IATI codelist ActivityStatus -> status.
STATUSES = {"1": "pipeline", "2": "implementation", "3": "completion", "4": "post-completion",
            "5": "cancelled", "6": "suspended"}
# IATI codelist ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
DATE_TYPES = ("1", "2", "3", "4")
OWN_VOCABULARIES = ("98", "99")  # IATI SectorVocabulary: the reporting organisation's own


class _Element(ET.Element):
    """An element that knows the line it starts on (``line``)."""


class _Party(NamedTuple):
    element: _Element
    role: str
    names: list  # the default-language name first
    type: str    # actor type
    kind: str | None
    country: str | None


def detect(path, head: bytes) -> bool:
    """Whether a file is an IATI activity file: its first 4 KiB open an ``iati-activities``.

    >>> detect("a.xml", b'<?xml version="1.0"?>\\n<iati-activities version="2.03">')
    True
    """
    return b"<iati-activities" in head


def local_government_type(name: str) -> str:
    """The actor type of a local government (IATI organisation type 11) called ``name``.

    >>> [local_government_type(n) for n in ("Prefeitura de Belo Horizonte",
    ...                                     "Région Auvergne-Rhône-Alpes", "Bristol City Council")]
    ['municipality', 'region', 'municipality']
    """
    kind = guess_type(name)
    return "municipality" if kind == "organization" else kind


def parse_date(value: str | None) -> datetime.date | None:
    """The date of an ``iso-date`` (xsd:date), or None when it is not one.

    >>> parse_date("2023-03-15"), parse_date("2023-03-15Z"), parse_date("2023-02-30"), parse_date("15/03/2023")
    (datetime.date(2023, 3, 15), datetime.date(2023, 3, 15), None, None)
    """
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?", value or "")
    try:
        return datetime.date.fromisoformat(match[1]) if match else None
    except ValueError:
        return None


def texts(element, language: str | None) -> list:
    """``(language, text)`` of the non-empty narratives of ``element``, those in ``language``
    first (a narrative without ``xml:lang`` is in ``language``).

    >>> texts(parse('<title><narrative xml:lang="en">Waste</narrative>'
    ...             '<narrative>Resíduos</narrative></title>'.encode()), "pt")
    [('pt', 'Resíduos'), ('en', 'Waste')]
    """
    if element is None:
        return []
    found = [(n.get("xml:lang", language), " ".join((n.text or "").split()))
             for n in element.findall("narrative")]
    return sorted([(lang, text) for lang, text in found if text], key=lambda n: n[0] != language)


def parse(data: bytes) -> ET.Element:
    """The root element of an XML document, each element with its ``line``; attribute names
    keep their prefix (``xml:lang``). Raises ``expat.ExpatError`` for XML not well-formed.
    """
    builder = ET.TreeBuilder(element_factory=_Element)
    parser = expat.ParserCreate()

    def start(tag, attributes):
        builder.start(tag, attributes).line = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.Parse(data, True)
    return builder.close()


def read(path, resolver, snapshot=None, progress=None) -> Loaded:
    """The graph that the activities in ``path`` state; ``progress(1)`` is called after each
    activity. (An activity needs nothing of the graph's ``snapshot`` beyond the actors
    ``resolver`` knows.)"""
    loaded = Loaded(Path(path), FORMAT)
    try:
        raw = loaded.path.read_bytes()
    except OSError as error:
        return loaded.fail(None, None, f"cannot read the file: {error.strerror}", "unreadable")
    try:
        root = parse(raw)
    except expat.ExpatError as error:
        _, not_utf8 = utf8_text(loaded.path, raw, "utf-8-sig", "it")
        if not_utf8 and not re.match(rb"<\?xml[^>]*encoding=[\"'](?!utf-?8)", raw, re.IGNORECASE):
            # a UTF-8 file (by its declaration) that is not
            return loaded.fail(not_utf8.line, None, not_utf8.message, not_utf8.code)
        return loaded.fail(error.lineno, None, f"not well-formed XML: {expat.ErrorString(error.code)} "
                                        f"(column {error.offset + 1})", "syntax")
    if root.tag != "iati-activities":
        return loaded.fail(root.line, None, f"not an IATI activity file: the root element is <{root.tag}>, "
                                     "not <iati-activities>", "unknown-format")
    version = root.get("version")
    if not re.fullmatch(r"2\.0\d", version or ""):
        return loaded.fail(root.line, "iati-activities/@version", f"version {version!r} is not read: this "
                    "loader reads IATI 2.0x activity files (2.01, 2.02, 2.03)", "unsupported-version")
    seen = {}
    for activity in root.findall("iati-activity"):
        loaded.rows += 1
        loaded.outcomes["programme" if _activity(loaded, resolver, activity, seen) else "skipped"] += 1
        if progress:
            progress(1)
    return loaded


def _activity(loaded, resolver, activity, seen) -> bool:
    """Add one activity; False (with a problem) when it cannot be loaded."""
    language = activity.get("xml:lang")
    identifier = " ".join((activity.findtext("iati-identifier") or "").split())
    titles = texts(activity.find("title"), language)
    if not identifier:
        loaded.problem(activity.line, "iati-identifier", "the activity has no iati-identifier; "
                                                         "it is not loaded", "missing-value")
        return False
    if identifier in seen:
        loaded.problem(activity.line, "iati-identifier", f"activity {identifier} appears again "
                       f"(first at line {seen[identifier]}); this one is not loaded", "duplicate-id")
        return False
    seen[identifier] = activity.line
    if not titles:
        loaded.problem(activity.line, "title", f"activity {identifier} has no title narrative; "
                                               "it is not loaded", "missing-value")
        return False
    parties, known = _parties(loaded, activity, language), []
    for party in parties:
        try:
            known.append(_resolve(resolver, party))
        except Ambiguous as error:
            loaded.problem(party.element.line, "participating-org", f"{party.names[0]!r} is "
                           f"ambiguous ({' or '.join(a.id for a in error.candidates)}); "
                           f"activity {identifier} is not loaded", "ambiguous-name")
            return False
    reporter = activity.find("reporting-org")
    reporter_ref = reporter.get("ref", "") if reporter is not None else ""
    me = ("Cooperation", f"programme:iati:{slug(identifier)}")
    source = source_id(f"iati {identifier}")
    sources = [source]
    description = next((texts(d, language) for d in activity.findall("description")
                        if d.get("type", "1") == "1"), [])
    start, end = _dates(loaded, activity)
    loaded.node(("Cooperation", "Programme"), _present(
        id=me[1], name=titles[0][1], aliases=[text for _, text in titles[1:]],
        description=description[0][1] if description else None, start=start, end=end,
        status=_status(loaded, activity), iatiIdentifier=identifier))
    for party, actor in zip(parties, known):
        actor = actor or _resolve(resolver, party) or _new_actor(loaded, resolver, party)
        known_as(loaded, resolver, actor, own_id(party.names[0], party.type, party.country))
        loaded.link("TAKES_PART", ("Actor", actor.id), me, role=party.role, sources=sources)
    for code in _countries(loaded, activity):
        loaded.link("INVOLVES", me, ("Country", code), sources=sources)
    for topic in _topics(loaded, activity, language, reporter_ref):
        loaded.link("ON_TOPIC", me, ("Topic", topic), sources=sources)
    loaded.node(("Source",), _present(
        id=source, title=f"IATI activity {identifier}", file=loaded.path.name, input=FORMAT,
        publisher=next((text for _, text in texts(reporter, language)), None),
        language=titles[0][0]))
    loaded.link("EVIDENCED_BY", me, ("Source", source), quote=titles[0][1], sources=sources)
    return True


def _parties(loaded, activity, language) -> list:
    """The participating organisations that can be loaded; a problem for each that cannot."""
    parties = []
    for org in activity.findall("participating-org"):
        role, code, ref = org.get("role"), org.get("type"), org.get("ref")
        names = [text for _, text in texts(org, language)] or ([ref] if ref else [])
        if role not in ROLES:
            loaded.warn(org.line, "participating-org/@role", f"{role!r} is not an IATI "
                        "organisation role (1 funding, 2 accountable, 3 extending, "
                        "4 implementing); the organisation is left out", "unknown-code")
            continue
        if not names:
            loaded.warn(org.line, "participating-org", "the organisation has neither a "
                                                       "narrative nor a ref; it is left out", "missing-value")
            continue
        if code not in KINDS and code not in (LOCAL_GOVERNMENT, None):
            loaded.warn(org.line, "participating-org/@type", f"{code!r} is not an IATI "
                        "organisation type; the organisation is loaded without a kind", "unknown-code")
        actor_type = local_government_type(names[0]) if code == LOCAL_GOVERNMENT else "organization"
        parties.append(_Party(org, ROLES[role], names, actor_type, KINDS.get(code), ref_country(ref)))
    return parties


def _resolve(resolver, party):
    """The known actor that any of the party's names means, or None."""
    ref = party.element.get("ref")
    for name in party.names:
        actor = resolver.resolve(name, party.country, party.type, external={"iatiRef": ref} if ref else None)
        if actor:
            return actor
    return None


def _new_actor(loaded, resolver, party):
    """A new actor for ``party``, known to ``resolver`` by all its names."""
    return new_actor(loaded, resolver, party.names[0], party.type, party.country,
                      aliases=party.names[1:], iatiRef=party.element.get("ref"), kind=party.kind)


def _dates(loaded, activity) -> tuple:
    """``(start, end)`` of an activity: the actual dates, else the planned ones."""
    found = {}
    for element in activity.findall("activity-date"):
        code, day = element.get("type"), parse_date(element.get("iso-date"))
        if code not in DATE_TYPES:
            loaded.warn(element.line, "activity-date/@type", f"{code!r} is not an IATI activity "
                        "date type (1 planned start, 2 actual start, 3 planned end, 4 actual "
                        "end); the date is left out", "unknown-code")
        elif day is None:
            given = element.get("iso-date")
            loaded.warn(element.line, "activity-date/@iso-date",
                        (f"{given!r} is not a date (YYYY-MM-DD)" if given else "the date has no iso-date")
                        + "; the date is left out", "bad-date")
        else:
            found[code] = day
    return found.get("2") or found.get("1"), found.get("4") or found.get("3")


def _status(loaded, activity) -> str | None:
    """The activity's status in IATI's words, or None."""
    element = activity.find("activity-status")
    if element is None:
        return None
    if element.get("code") not in STATUSES:
        loaded.warn(element.line, "activity-status/@code", f"{element.get('code')!r} is not an "
                    "IATI activity status (1 to 6); the status is left out", "unknown-code")
    return STATUSES.get(element.get("code"))


def _countries(loaded, activity) -> list:
    """The codes of an activity's recipient countries, their nodes added."""
    codes = []
    for element in activity.findall("recipient-country"):
        found = country_node(element.get("code") or "")
        if found is None:
            loaded.warn(element.line, "recipient-country/@code", f"{element.get('code')!r} is "
                        "not an ISO 3166-1 alpha-2 country code; the country is left out", "unknown-country")
        else:
            loaded.node(("Country",), found)
            codes.append(found["code"])
    for _ in activity.findall("recipient-region"):
        loaded.outcomes["recipient-region not loaded"] += 1
    return codes


def _topics(loaded, activity, language, reporter_ref) -> list:
    """The ids of the topics an activity's sectors name, their nodes added."""
    ids = []
    for element in activity.findall("sector"):
        vocabulary, code = element.get("vocabulary", "1"), element.get("code") or ""
        if vocabulary in OWN_VOCABULARIES:
            names = texts(element, language)
            topics = [{"id": "topic:" + slug(f"iati {reporter_ref} {vocabulary} {code}"),
                       "name": names[0][1]}] if names else []
            if not topics:
                loaded.warn(element.line, "sector", f"sector {code!r} of vocabulary {vocabulary} "
                            "(the reporting organisation's own) has no narrative to name it; "
                            "it is left out", "missing-value")
        elif vocabulary in VOCABULARIES:
            topics = sector_topics(vocabulary, code)
            if not topics:
                loaded.warn(element.line, "sector/@code", f"{code!r} is not in the IATI "
                            f"{VOCABULARIES[vocabulary]} codelist (sector vocabulary "
                            f"{vocabulary}); the sector is left out", "unknown-code")
        else:
            loaded.outcomes[f"sector vocabulary {vocabulary} not loaded"] += 1
            continue
        for topic in topics:
            loaded.node(("Topic",), topic)
        ids += [topics[0]["id"]] if topics else []
    return ids


def _present(**properties) -> dict:
    """The properties that have a value."""
    return {k: v for k, v in properties.items() if v not in (None, "", [])}
