"""IATI activity files (IATI Activity Standard 2.01 to 2.03, as publishers write them): each
``iati-activity`` becomes a ``Cooperation:Programme`` with its parties, countries, places,
topics, dates and evidence. docs/inputs.md ("IATI activity files") is the full mapping; in
short:

- The programme is ``programme:iati:<slug of iati-identifier>``, named by its title in the
  activity's language; every general description is kept with its language; ``start`` and
  ``end`` are the actual dates, else the planned ones; ``status`` is in IATI's words.
- Parties are the participating organisations (role 1 ``funder``, 2 and 3 ``coordinator``,
  4 ``partner``), the providers of its money other than its publisher (``funder``) and the
  receivers of its commitments and disbursements (``partner``). An organisation is
  known by its ref first (``iati_codes.normal_ref``), then by its name; a placeholder
  ("redacted", "to be determined", "Recipient(s)", an organisation category) is no actor.
  Type 11 (local government) is a municipality or region only when the name says so or is
  a GeoNames place of its country.
- Recipient countries and sectors (the transactions' when the activity gives none) keep
  their ``percentage``; recipient regions are ``regions``; locations that are known towns
  or regions of a recipient country are ``HELD_IN``; a parent or child activity is
  ``PART_OF`` when both are loaded.
- Each activity is evidenced by its own Source, ``IATI activity <identifier>``, quoting the
  title, with the first document link that is a web address as its ``url``; every
  relationship stated by the activity carries that source in ``sources``.

A bad file is one problem that stops its reading; a bad activity is a rejected row; a bad
element inside a loadable activity is a warning, and the element is left out. The XML is
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

from munigraph.graph.model import ACTOR_TYPES, Node, Relationship, fold
from munigraph.language import N_, _

from . import places
from .common import Loaded, known_as, new_actor, source_id, web_address
from .countries import country as country_node, named_country
from .files import utf8_text
from .iati_codes import VOCABULARIES, codelists, is_category_name, normal_ref, ref_country, region_name, sector_topics
from .resolve import Ambiguous, name_parts, own_id, plain_name, slug, type_hint

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
    ref: str | None  # normalised (iati_codes.normal_ref)


def detect(path, head: bytes) -> bool:
    """Whether a file is an IATI activity file: its first 4 KiB open an ``iati-activities``.

    >>> detect("a.xml", b'<?xml version="1.0"?>\\n<iati-activities version="2.03">')
    True
    """
    return b"<iati-activities" in head


def local_government_type(name: str, country: str | None) -> str | None:
    """The actor type of a local government (IATI organisation type 11) called ``name``:
    what its words say, a municipality when they say it is a town's government or it is a
    GeoNames place of ``country``; None when it is no place or body of places.

    >>> [local_government_type(n, c) for n, c in (("Prefeitura de Belo Horizonte", "BR"),
    ...     ("Région Auvergne-Rhône-Alpes", "FR"), ("Bristol City Council", "GB"),
    ...     ("The University of British Columbia", "CA"), ("Nairobi", "KE"))]
    ['municipality', 'region', 'municipality', None, 'municipality']
    """
    kind = type_hint(name)
    if kind in ("region", "association", "consortium"):
        return kind
    if kind is None and (plain_name(name) != name.strip() or country and places.identify(name, country)):
        return "municipality"
    return None


PLACEHOLDER = re.compile(r"^(other|others|otra|otro|otras|otros|outra|outro|outras|outros|autre|autres|altra|altro"
                         r"|altri|via|through)\b|\b(redacted|withheld|confidential|not disclosed|to be (determined|confirmed|defined)"
                         r"|tbd|tbc|a determinar|por determinar|a definir|por definir|a designar|a determiner"
                         r"|da definire|da determinare|other entity|otra entidad|outra entidade|autre entite"
                         r"|altro ente|not applicable|unknown|anonymous)\b")


def is_placeholder(name: str) -> bool:
    """Whether an organisation's "name" stands in for one: withheld, undecided, a plural
    role, "another" entity of some kind, a channel ("Vía AECID", "Vía Directa"), or an
    organisation category rather than an organisation.

    >>> [is_placeholder(n) for n in ("USAID redacted this field in accordance with the exceptions",
    ...     "Recipient(s) to be determined", "Otra ONG nacional - país donante", "Oxfam Donor(s)", "Oxfam",
    ...     "Donor country-based NGO", "Otranto", "Vía Directa")]
    [True, True, True, True, False, True, False, True]
    """
    return bool(PLACEHOLDER.search(fold(name)) or re.search(r"\w\((s|es|ies)\)", name)
                or is_category_name(name))


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
        return loaded.fail(None, None, _("cannot read the file: {error}").format(error=error.strerror), "unreadable")
    try:
        root = parse(raw)
    except expat.ExpatError as error:
        _text, not_utf8 = utf8_text(loaded.path, raw, "utf-8-sig", "it")
        if not_utf8 and not re.match(rb"<\?xml[^>]*encoding=[\"'](?!utf-?8)", raw, re.IGNORECASE):
            # a UTF-8 file (by its declaration) that is not
            return loaded.fail(not_utf8.line, None, not_utf8.message, not_utf8.code)
        return loaded.fail(error.lineno, None, _("not well-formed XML: {problem} (column {column})").format(
            problem=expat.ErrorString(error.code), column=error.offset + 1), "syntax")
    if root.tag != "iati-activities":
        return loaded.fail(root.line, None, _("not an IATI activity file: the root element is <{tag}>, "
                                              "not <iati-activities>").format(tag=root.tag), "unknown-format")
    activities = root.findall("iati-activity")
    if not any(_readable(a.get("version") or root.get("version")) for a in activities or [root]):
        version = root.get("version")
        return loaded.fail(root.line, "iati-activities/@version", _(
            "version {version} is not read: this loader reads IATI 2.0x activity files (2.01, 2.02, 2.03)").format(
                version=repr(version)), "unsupported-version")
    seen = {}
    for activity in activities:
        loaded.rows += 1
        loaded.outcomes[N_("programmes") if _activity(loaded, resolver, activity, root, seen) else N_("skipped")] += 1
        if progress:
            progress(1)
    return loaded


def _readable(version) -> bool:
    return bool(re.fullmatch(r"2\.0\d", (version or "").strip()))


def _activity(loaded, resolver, activity, root, seen) -> bool:
    """Add one activity; False (with a problem) when it cannot be loaded."""
    language = activity.get("xml:lang") or root.get("xml:lang")
    identifier = " ".join((activity.findtext("iati-identifier") or "").split())
    titles = texts(activity.find("title"), language)
    version = activity.get("version") or root.get("version")
    if not _readable(version):
        loaded.problem(activity.line, "iati-activity/@version", _(
            "version {version} is not read: this loader reads IATI 2.0x activities (2.01, 2.02, 2.03); "
            "the activity is not loaded").format(version=repr(version)), "unsupported-version")
        return False
    if not identifier:
        loaded.problem(activity.line, "iati-identifier", _("the activity has no iati-identifier; "
                                                           "it is not loaded"), "missing-value")
        return False
    if identifier in seen:
        loaded.problem(activity.line, "iati-identifier", _(
            "activity {id} appears again (first at line {line}); this one is not loaded").format(
                id=identifier, line=seen[identifier]), "duplicate-id")
        return False
    seen[identifier] = activity.line
    if not titles:
        loaded.problem(activity.line, "title", _("activity {id} has no title narrative; "
                                                 "it is not loaded").format(id=identifier), "missing-value")
        return False
    countries = _countries(loaded, activity)
    parties, known = _parties(loaded, activity, language, [code for code, _ in countries]), []
    for party in parties:
        try:
            known.append(_resolve(resolver, party))
        except Ambiguous as error:
            loaded.problem(party.element.line, party.element.tag, _(
                "{name} is ambiguous ({ids}); activity {id} is not loaded").format(
                    name=repr(party.names[0]), ids=_(" or ").join(a.id for a in error.candidates), id=identifier),
                "ambiguous-name")
            return False
    reporter = activity.find("reporting-org")
    reporter_ref = reporter.get("ref", "") if reporter is not None else ""
    me = ("Cooperation", programme_id(identifier))
    source = source_id(f"iati {identifier}")
    sources = [source]
    descriptions = _descriptions(loaded, activity, language)
    start, end = _dates(loaded, activity)
    loaded.node(("Cooperation", "Programme"), _present(
        id=me[1], name=titles[0][1], aliases=[text for _, text in titles[1:]],
        description=descriptions[0][1] if descriptions else None,
        descriptions=[text for _, text in descriptions], descriptionLanguages=[lang or "" for lang, _ in descriptions]
        if descriptions else None, start=start, end=end, status=_status(loaded, activity),
        regions=_regions(loaded, activity), iatiIdentifier=identifier))
    for party, actor in zip(parties, known):
        actor = actor or _resolve(resolver, party) or _new_actor(loaded, resolver, party)
        known_as(loaded, resolver, actor, own_id(party.names[0], party.type, party.country))
        _named(loaded, resolver, actor, [n for n in party.names if n != party.ref])
        if party.kind and actor.type == "organization":  # what a known actor lacks, the file may say
            loaded.batch.nodes.append(Node(("Actor", "Organization"), actor.id, {"id": actor.id, "kind": party.kind}))
        loaded.link("TAKES_PART", ("Actor", actor.id), me, role=party.role, sources=sources)
    for code, percentage in countries:
        loaded.link("INVOLVES", me, ("Country", code), percentage=percentage, sources=sources)
    for topic, percentage in _topics(loaded, activity, language, reporter_ref):
        loaded.link("ON_TOPIC", me, ("Topic", topic), percentage=percentage, sources=sources)
    for place in _places(loaded, resolver, activity, language, [code for code, _share in countries]):
        loaded.link("HELD_IN", me, ("Actor", place.id), sources=sources)
    _related(loaded, activity, me, sources)
    loaded.node(("Source",), _present(
        id=source, title=f"IATI activity {identifier}", file=loaded.path.name, input=FORMAT,
        publisher=next((text for _, text in texts(reporter, language)), None),
        url=_document_url(loaded, activity),
        language=titles[0][0]))
    loaded.link("EVIDENCED_BY", me, ("Source", source), quote=titles[0][1], sources=sources)
    return True


def _document_url(loaded, activity) -> str | None:
    """The first ``document-link`` url that is a web address (``web_address``); a warning for
    each link before it that is not, which is left out."""
    for link in activity.findall("document-link"):
        url = (link.get("url") or "").strip()
        if web_address(url):
            return url
        loaded.warn(link.line, "document-link/@url", _(
            "{value} is not a web address (http:// or https://); the link is left out").format(
                value=repr(url[:100])), "not-a-web-address")
    return None


def programme_id(identifier: str) -> str:
    """The id of the Programme an IATI activity becomes.

    >>> programme_id("GB-1-109616-101")
    'programme:iati:gb-1-109616-101'
    """
    return f"programme:iati:{slug(identifier)}"


def _descriptions(loaded, activity, language) -> list:
    """``(language, text)`` of every general description, the activity's language first;
    other description types are counted."""
    found = []
    for element in activity.findall("description"):
        if element.get("type", "1") == "1":
            found += texts(element, language)
        else:
            loaded.outcomes[f"description type {element.get('type')} not loaded"] += 1
    return sorted(dict.fromkeys(found), key=lambda d: d[0] != language)


def _named(loaded, resolver, actor, names) -> None:
    """``actor`` known by ``names`` too: a name the file gives it that is none of its names
    (a bracket aside) becomes an alias."""
    own = {fold(n) for n in [actor.name, *actor.aliases, *name_parts(actor.name)]}
    new = [n for n in dict.fromkeys(names) if not {fold(n), fold(BRACKET.sub("", n))} & own]
    if new:
        actor.aliases += new
        resolver.add(actor)
        loaded.batch.nodes.append(Node(("Actor", ACTOR_TYPES[actor.type]), actor.id, {"id": actor.id, "aliases": new}))


BRACKET = re.compile(r"\s*\([^()]*\)\s*$")


# IATI TransactionType: money into the activity (incoming funds, commitment, disbursement,
# incoming commitment, incoming pledge), and out of it to those who carry it out
FUNDING, FUNDS_OUT = ("1", "2", "3", "11", "13"), ("2", "3")
PUBLIC = ("10", "11", "15")  # IATI OrganisationType: government, local government, other public sector


def _parties(loaded, activity, language, recipients) -> list:
    """The organisations that take part, once each: participating organisations, the
    providers of the activity's money other than its publisher (funders) and the receivers
    of its commitments and disbursements (partners); a warning for each that cannot be
    read, placeholders counted. A public body without a country from its ref is in the
    country its name is, else in the publisher's country when it funds or extends the
    activity, else (accountable or implementing) in the activity's one recipient country."""
    reporter = activity.find("reporting-org")
    publisher = _identities(reporter, language)
    home = ref_country(reporter.get("ref")) if reporter is not None else None
    parties, seen = [], set()
    elements = [(org, org.get("role")) for org in activity.findall("participating-org")]
    for transaction in activity.findall("transaction"):
        code = _code(transaction)
        for org in transaction.findall("provider-org"):
            names = _identities(org, language)
            if names & publisher or not names:
                loaded.outcomes[N_("transactions provided by the publisher itself")] += 1
            elif code in FUNDING:
                elements.append((org, "1"))
            else:
                loaded.outcomes[N_("providers of transactions other than funding (repayments, interest…)")] += 1
        for org in transaction.findall("receiver-org"):
            if code in FUNDS_OUT:
                elements.append((org, "4"))
            else:
                loaded.outcomes[N_("receivers of transactions other than commitments and disbursements")] += 1
    for org, role, names in _each_named(elements, language):
        code, ref = org.get("type"), normal_ref(org.get("ref"))
        if role not in ROLES:
            loaded.warn(org.line, "participating-org/@role", _(
                "{code} is not an IATI organisation role (1 funding, 2 accountable, 3 extending, "
                "4 implementing); the organisation is left out").format(code=repr(role)), "unknown-code")
            continue
        if not names:
            loaded.warn(org.line, org.tag, _("the organisation has neither a narrative nor a ref; "
                                             "it is left out"), "missing-value")
            continue
        if is_placeholder(names[0]):
            loaded.outcomes[N_("placeholder organisations")] += 1
            continue
        if code not in KINDS and code not in (LOCAL_GOVERNMENT, None):
            loaded.warn(org.line, f"{org.tag}/@type", _(
                "{code} is not an IATI organisation type; the organisation is loaded without a kind").format(
                    code=repr(code)), "unknown-code")
        country = ref_country(ref) or named_country(names[0])
        if country is None and code in PUBLIC:  # funding or extending: the donor's side
            country = home if role in ("1", "3") else recipients[0] if len(recipients) == 1 else None
        actor_type = local_government_type(names[0], country) if code == LOCAL_GOVERNMENT else None
        kind = "local government" if code == LOCAL_GOVERNMENT else KINDS.get(code)
        key = (ref or fold(names[0]), ROLES[role])
        if key not in seen:
            seen.add(key)
            parties.append(_Party(org, ROLES[role], names, actor_type or "organization",
                                  None if actor_type else kind, country, ref))
    return parties


def _identities(org, language) -> set:
    """What tells an organisation element apart: its ref and its folded names."""
    if org is None:
        return set()
    return {normal_ref(org.get("ref")), *(fold(text) for _, text in texts(org, language))} - {None}


def _each_named(elements, language):
    """``(element, role, names)`` for each organisation the elements name: one narrative
    listing several without a ref ("AfDB African Development Bank; Cities Alliance;
    Comic Relief") names each of them."""
    for org, role in elements:
        names = [text for _, text in texts(org, language)] or _named_by_ref(org.get("ref"))
        listed = [n.strip() for n in names[0].split(";") if n.strip()] if names and not org.get("ref") else []
        for each in [[n] for n in listed] if len(listed) > 1 else [names]:
            yield org, role, each


def _named_by_ref(ref: str | None) -> list:
    """The names of an organisation given by its ref alone: the CRS channel's name for a
    channel code ("41140" is the World Food Programme), else the ref itself."""
    ref = " ".join((ref or "").split())
    channel = codelists()["CRSChannelCode"].get(ref)
    return [channel] if channel else [ref] if ref else []


def _code(transaction) -> str | None:
    element = transaction.find("transaction-type")
    return element.get("code") if element is not None else None


def _resolve(resolver, party):
    """The known actor that the party's ref or any of its names means, or None."""
    for name in party.names:
        actor = resolver.resolve(name, party.country, party.type,
                                 external={"iatiRef": party.ref} if party.ref else None)
        if actor:
            return actor
    return None


def _new_actor(loaded, resolver, party):
    """A new actor for ``party``, known to ``resolver`` by all its names."""
    return new_actor(loaded, resolver, party.names[0], party.type, party.country,
                     aliases=party.names[1:], iatiRef=party.ref, kind=party.kind)


def _dates(loaded, activity) -> tuple:
    """``(start, end)`` of an activity: the actual dates, else the planned ones."""
    found = {}
    for element in activity.findall("activity-date"):
        code, day = element.get("type"), parse_date(element.get("iso-date"))
        if code not in DATE_TYPES:
            loaded.warn(element.line, "activity-date/@type", _(
                "{code} is not an IATI activity date type (1 planned start, 2 actual start, 3 planned end, "
                "4 actual end); the date is left out").format(code=repr(code)), "unknown-code")
        elif day is None:
            given = element.get("iso-date")
            loaded.warn(element.line, "activity-date/@iso-date",
                        _("{value} is not a date (YYYY-MM-DD); the date is left out").format(value=repr(given))
                        if given else _("the date has no iso-date; the date is left out"), "bad-date")
        else:
            found[code] = day
    return found.get("2") or found.get("1"), found.get("4") or found.get("3")


def _status(loaded, activity) -> str | None:
    """The activity's status in IATI's words, or None."""
    element = activity.find("activity-status")
    if element is None:
        return None
    if element.get("code") not in STATUSES:
        loaded.warn(element.line, "activity-status/@code", _(
            "{code} is not an IATI activity status (1 to 6); the status is left out").format(
                code=repr(element.get("code"))), "unknown-code")
    return STATUSES.get(element.get("code"))


def _stated(activity, tag) -> list:
    """The activity's ``tag`` elements, else those of its transactions (IATI allows either)."""
    return activity.findall(tag) or [e for t in activity.findall("transaction") for e in t.findall(tag)]


def _percentage(loaded, element) -> float | None:
    """An element's ``percentage`` as given, or None (a warning when it is no number)."""
    given = element.get("percentage")
    if given is None or not given.strip():
        return None
    try:
        return float(given)
    except ValueError:
        loaded.warn(element.line, f"{element.tag}/@percentage", _(
            "{value} is not a number; the percentage is left out").format(value=repr(given)), "bad-value")
        return None


def _countries(loaded, activity) -> list:
    """``(code, percentage)`` of an activity's recipient countries, their nodes added."""
    found = []
    for element in _stated(activity, "recipient-country"):
        country = country_node(element.get("code") or "")
        if country is None:
            code = element.get("code")
            loaded.warn(element.line, "recipient-country/@code",
                        _("{code} is not in the IATI Country codelist; the country is left out").format(
                            code=repr(code)) if code else _("the country has no code; the country is left out"),
                        "unknown-country")
        else:
            loaded.node(("Country",), country)
            found.append((country["code"], _percentage(loaded, element)))
    return found


def _regions(loaded, activity) -> list:
    """The names of an activity's recipient regions (IATI Region codelist, else narrative)."""
    names = []
    for element in _stated(activity, "recipient-region"):
        vocabulary, code = element.get("vocabulary", "1"), element.get("code") or ""
        name = region_name(code) if vocabulary == "1" else next((t for _, t in texts(element, None)), None)
        if name is None:
            loaded.warn(element.line, "recipient-region/@code",
                        _("{code} is not in the IATI Region codelist; the region is left out").format(
                            code=repr(code)) if vocabulary == "1" else _(
                            "region {code} of vocabulary {vocabulary} has no narrative to name it; "
                            "the region is left out").format(code=repr(code), vocabulary=vocabulary),
                        "unknown-code")
        else:
            names.append(name)
    return list(dict.fromkeys(names))


def _topics(loaded, activity, language, reporter_ref) -> list:
    """``(topic id, percentage)`` of the topics an activity's sectors name, nodes added."""
    found = []
    for element in _stated(activity, "sector"):
        vocabulary, code = element.get("vocabulary", "1"), (element.get("code") or "").strip()
        if vocabulary in OWN_VOCABULARIES:
            names = texts(element, language)
            topics = [{"id": "topic:" + slug(f"iati {reporter_ref} {vocabulary} {code}"),
                       "name": names[0][1]}] if names else []
            if not topics:
                loaded.warn(element.line, "sector", _(
                    "sector {code} of vocabulary {vocabulary} (the reporting organisation's own) has no "
                    "narrative to name it; it is left out").format(code=repr(code), vocabulary=vocabulary),
                    "missing-value")
        elif vocabulary in VOCABULARIES:
            topics = sector_topics(vocabulary, code) if code else []
            category = sector_topics("2", code[:3]) if vocabulary == "1" and len(code) == 5 and not topics else []
            if category:  # a DAC code newer than the shipped codelist: its category is known
                topics = category
                loaded.warn(element.line, "sector/@code", _(
                    "{code} is not in the IATI Sector codelist (sector vocabulary 1); the activity is filed "
                    "under its category {category} ({name})").format(
                        code=repr(code), category=code[:3], name=category[0]["name"]), "unknown-code")
            elif not topics:
                loaded.warn(element.line, "sector/@code",
                            _("{code} is not in the IATI {codelist} codelist (sector vocabulary {vocabulary}); "
                              "the sector is left out").format(
                                code=repr(code), codelist=VOCABULARIES[vocabulary], vocabulary=vocabulary)
                            if code else _("the sector has no code; the sector is left out"),
                            "unknown-code" if code else "missing-value")
        else:
            loaded.outcomes[f"sector vocabulary {vocabulary} not loaded"] += 1
            continue
        for topic in topics:
            loaded.node(("Topic",), topic)
        if topics:
            found.append((topics[0]["id"], _percentage(loaded, element)))
    return found


PLACE_TYPES = {"municipality", "region"}


def _places(loaded, resolver, activity, language, countries) -> list:
    """The known municipalities and regions an activity's locations name: by GeoNames id
    (``location-id`` vocabulary G1) or by name, within its recipient countries, and within
    ``places.NEAR_KM`` of the location's point when both have coordinates. Locations that
    name no known town or region are counted."""
    found = []
    for location in activity.findall("location"):
        geonames = next((l.get("code") for l in location.findall("location-id") if l.get("vocabulary") == "G1"), None)
        names = [text for _, text in texts(location.find("name"), language)]
        place = _place(resolver, geonames, names, countries, _point(location))
        if place is None:
            loaded.outcomes[N_("locations that name no known town or region")] += 1
        else:
            found.append(place)
    return found


def _point(location) -> tuple | None:
    """A location's ``point/pos`` as (lat, lon), or None."""
    numbers = (location.findtext("point/pos") or "").split()
    try:
        return (float(numbers[0]), float(numbers[1])) if len(numbers) == 2 else None
    except ValueError:
        return None


def _place(resolver, geonames, names, countries, point):
    candidates = []
    if geonames and geonames.strip().lstrip("0").isdigit():
        candidates = resolver.with_external({"geonamesId": int(geonames)})
    for name in names if not candidates else []:
        for country in countries:
            try:
                actor = resolver.resolve(name, country, kinds=PLACE_TYPES)
            except Ambiguous:
                actor = None
            candidates += [actor] if actor else []
    near = [a for a in candidates if a.type in PLACE_TYPES and (a.country in countries or not countries)
            and (point is None or a.lat is None or places.km(point[0], point[1], a.lat, a.lon) <= places.NEAR_KM)]
    return near[0] if len(near) == 1 else None


RELATED = {"1": "parent", "2": "child"}  # IATI RelatedActivityType codes that make PART_OF


def _related(loaded, activity, me, sources) -> None:
    """``PART_OF`` to the activity's parent and from its children, kept when both are loaded."""
    for element in activity.findall("related-activity"):
        kind, ref = RELATED.get(element.get("type")), " ".join((element.get("ref") or "").split())
        if kind is None or not ref:
            loaded.outcomes[N_("related activities other than parent or child")] += 1
            continue
        other = ("Cooperation", programme_id(ref))
        child, parent = (me, other) if kind == "parent" else (other, me)
        if child != parent:
            loaded.if_present.append((Relationship("PART_OF", child, parent, {"sources": sources}),
                                      N_("related activities not loaded")))


def _present(**properties) -> dict:
    """The properties that have a value."""
    return {k: v for k, v in properties.items() if v not in (None, "", [])}
