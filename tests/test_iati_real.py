"""An independent check of the IATI loader on the four real activity files of
../shared/data/iati/ (d-portal and IATI.cloud exports: UNOPS, the World Bank, BMU IKI,
Global Affairs Canada, Spain's MAEC, DFID).

The four files are loaded with a plain ``load`` into an embedded store, once. Each test
then reads the XML itself, with ElementTree and expat only (no munigraph code), and compares
every activity with what the graph holds, following docs/inputs.md ("IATI activity files",
"Problems and warnings", "Which actor a name means") and docs/graph-model.md. Where the
contract leaves a choice open, the reading taken is written beside the check.
"""

from __future__ import annotations

import datetime
import itertools
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from xml.parsers import expat

import pytest

import munigraph
from munigraph.graph import embedded

HERE = Path(__file__).resolve()
IATI = HERE.parents[1].parent / "shared" / "data" / "iati"
CODELISTS = HERE.parents[1] / "loaders" / "iati-codelists.json"  # the contract's codelists, read as data
FILES = sorted(IATI.glob("*.xml")) if IATI.exists() else []
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

pytestmark = pytest.mark.skipif(not FILES, reason="../shared/data/iati is not beside the project")

# docs/inputs.md: participating-org/@role -> TAKES_PART.role
ROLES = {"1": "funder", "2": "coordinator", "3": "coordinator", "4": "partner"}
# transaction types whose provider-org is a funder (incoming funds, incoming commitment,
# incoming pledge) and whose receiver-org is a partner (outgoing commitment, disbursement)
FUNDING_TRANSACTIONS, RECEIVING_TRANSACTIONS = ("1", "11", "13"), ("2", "3")
# IATI OrganisationType -> Organization.kind (11 is decided by the name; 90 and none: no kind)
KINDS = {"10": "government", "15": "agency", "21": "ngo", "22": "ngo", "23": "ngo", "24": "ngo",
         "30": "partnership", "40": "international", "60": "foundation", "70": "company",
         "71": "company", "72": "company", "73": "company", "80": "university"}
ORGANISATION_TYPES = set(KINDS) | {"11", "90"}
STATUSES = {"1", "2", "3", "4", "5", "6"}
DATE_TYPES = {"1", "2", "3", "4"}

# The names the contract calls placeholders, as they appear in these files. The contract lists
# "another entity ('Otra entidad', ...)" and "the name of an organisation category": the MAEC
# file's "Otra entidad pública del país donante", "Otra ONG nacional - país donante" and the
# like are both (another entity of a kind), so every name that starts with "other"/"otra"/
# "outra"/"autre" is read as a placeholder here.
PLACEHOLDER_WORDS = re.compile(r"\b(redacted|withheld|confidential|to be determined|a determinar|a determiner|tbd)\b")
ANOTHER = re.compile(r"^(other|otra|outra|autre) ")
CATEGORY_NAMES = {  # IATI OrganisationType and CRS channel category names
    "government", "local government", "other public sector", "international ngo", "national ngo",
    "regional ngo", "partner country based ngo", "public private partnership", "multilateral",
    "foundation", "private sector", "academic training and research", "donor country based ngo",
    "developing country based ngo", "recipient government", "donor government",
    "public sector institutions", "multilateral organisations", "private sector institution"}
# Names the contract neither calls placeholders nor makes clear are organisations: a plural
# category ("UNIVERSIDADES") and the MAEC's channels ("Vía Directa", "Vía AECID"). Neither
# their presence nor their absence is asserted.
UNDECIDED = {"universidades", "via directa", "via aecid"}


# ---------------------------------------------------------------- reading the XML here

def fold(text: str) -> str:
    """Case, accents and punctuation left out: "Vía AECID" -> "via aecid"."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def forms(name: str) -> set:
    """A name folded, and folded without its bracketed parts (an acronym beside a name)."""
    found = {fold(name), fold(re.sub(r"\([^)]*\)", " ", name or ""))}
    return found - {""}


def is_placeholder(name: str) -> bool:
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    folded = fold(name)
    return bool(PLACEHOLDER_WORDS.search(folded) or "(s)" in plain or ANOTHER.match(folded)
                or folded in CATEGORY_NAMES)


def normal_ref(ref: str | None) -> str | None:
    """An organisation identifier compared without spaces or case; a bare DAC code is XM-DAC-."""
    text = re.sub(r"\s+", "", ref or "").upper()
    if not text:
        return None
    return f"XM-DAC-{text}" if text.isdigit() else text


def iso_date(value: str | None) -> str | None:
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?", (value or "").strip())
    if not match:
        return None
    try:
        return datetime.date.fromisoformat(match[1]).isoformat()
    except ValueError:
        return None


def narratives(element, language: str) -> list:
    """(language, text) of the non-empty narratives of ``element``; a narrative without
    xml:lang is in the activity's language ("" when the activity has none). Whitespace is
    compared collapsed: line breaks inside an XML text are layout, not words."""
    if element is None:
        return []
    found = []
    for narrative in element.findall("narrative"):
        text = " ".join((narrative.text or "").split())
        if text:
            found.append((narrative.get(XML_LANG) or language or "", text))
    return found


def chosen(found: list, language: str) -> str | None:
    """The narrative in the activity's language, else the first (language codes compared
    without case: the d-portal files write "EN")."""
    for lang, text in found:
        if language and lang.casefold() == language.casefold():
            return text
    return found[0][1] if found else None


def with_lines(path: Path):
    """The root of ``path`` and each element's line (expat's, in document order)."""
    root = ET.parse(path).getroot()
    lines = []
    parser = expat.ParserCreate()
    parser.StartElementHandler = lambda tag, attributes: lines.append(parser.CurrentLineNumber)
    parser.Parse(path.read_bytes(), True)
    elements = list(root.iter())
    assert len(elements) == len(lines)
    return root, dict(zip(elements, lines))


def codelist(name: str) -> dict:
    data = json.loads(CODELISTS.read_text(encoding="utf-8"))
    return data[name]["codes"] if name in data else {}


class Org:
    """One organisation as one activity names it."""

    def __init__(self, identifier, element, role, language, where, line):
        self.identifier, self.role, self.where, self.line = identifier, role, where, line
        self.ref, self.type = (element.get("ref") or "").strip() or None, element.get("type")
        self.names = narratives(element, language)
        self.name = chosen(self.names, language)
        self.forms = set().union(*(forms(text) for _, text in self.names)) if self.names else set()

    @property
    def signature(self):
        return (frozenset(self.forms), normal_ref(self.ref))

    def __repr__(self):
        return f"{self.where} {self.name or self.ref!r} ({self.identifier}, line {self.line})"


def read_activities() -> list:
    """Every activity of the four files, as the contract reads it."""
    activities = []
    for path in FILES:
        root, lines = with_lines(path)
        for element in root.findall("iati-activity"):
            activities.append(read_activity(path, element, lines))
    return activities


def read_activity(path, activity, lines) -> dict:
    language = activity.get(XML_LANG) or ""
    identifier = " ".join((activity.findtext("iati-identifier") or "").split())
    titles = narratives(activity.find("title"), language)
    dates = {}
    for date in activity.findall("activity-date"):
        if date.get("type") in DATE_TYPES and iso_date(date.get("iso-date")):
            dates.setdefault(date.get("type"), iso_date(date.get("iso-date")))
    general = [d for d in activity.findall("description") if (d.get("type") or "1") == "1"]
    descriptions = [pair for d in general for pair in narratives(d, language)]
    countries = activity.findall("recipient-country")
    countries = countries or activity.findall("transaction/recipient-country")
    sectors = activity.findall("sector") or activity.findall("transaction/sector")
    orgs = [Org(identifier, o, ROLES.get(o.get("role")), language, "participating-org", lines[o])
            for o in activity.findall("participating-org")]
    for transaction in activity.findall("transaction"):
        kind = transaction.find("transaction-type")
        code = kind.get("code") if kind is not None else None
        for tag, codes, role in (("provider-org", FUNDING_TRANSACTIONS, "funder"),
                                 ("receiver-org", RECEIVING_TRANSACTIONS, "partner")):
            org = transaction.find(tag)
            if org is not None and code in codes:
                orgs.append(Org(identifier, org, role, language, f"transaction {code} {tag}", lines[org]))
    locations = []
    for location in activity.findall("location"):
        for place in location.findall("location-id"):
            if place.get("vocabulary") == "G1" and (place.get("code") or "").strip().isdigit():
                locations.append(int(place.get("code").strip()))
    return {"file": path, "element": activity, "lines": lines, "identifier": identifier,
            "language": language, "titles": titles, "name": chosen(titles, language),
            "start": dates.get("2") or dates.get("1"), "end": dates.get("4") or dates.get("3"),
            "descriptions": descriptions, "description": chosen(descriptions, language),
            "countries": [(c, c.get("percentage") if c in activity.findall("recipient-country") else None)
                          for c in countries],
            "sectors": [(s, s.get("percentage") if s in activity.findall("sector") else None) for s in sectors],
            "orgs": orgs, "locations": locations,
            "related": [(r.get("type"), (r.get("ref") or "").strip()) for r in activity.findall("related-activity")]}


def web_address(url) -> bool:
    """An absolute http or https address with a host and no space (docs/inputs.md), spaces
    around it aside."""
    return bool(re.fullmatch(r"(?i)https?://[^\s/?#]\S*", (url or "").strip()))


def is_country(code: str) -> bool:
    """ISO 3166-1 alpha-2, and Kosovo (XK): IATI's Country codelist (docs/inputs.md)."""
    import pycountry

    return code == "XK" or pycountry.countries.get(alpha_2=code) is not None


def number(value) -> float | None:
    return None if value is None else float(value)


def failed(failures: list) -> str:
    return "\n".join(map(str, failures[:30])) + f"\n({len(failures)} in all)"


# ---------------------------------------------------------------- the graph, loaded once

@pytest.fixture(scope="module")
def activities():
    return read_activities()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The four files, loaded with a plain ``load``: the contract says they load with
    warnings only."""
    folder = tmp_path_factory.mktemp("iati-real")
    graph = munigraph.open(data=folder)
    try:
        report = graph.load(FILES)
        yield graph, report
    finally:
        graph.close()
        embedded.stop_server(embedded.DataFolder(folder))


@pytest.fixture(scope="module")
def state(loaded):
    """What the graph holds about the IATI programmes, read with one query each."""
    graph, _ = loaded
    iati = "p.iatiIdentifier IS NOT NULL"
    programmes = defaultdict(list)
    for row in graph.cypher(
            f"MATCH (p:Programme) WHERE {iati} RETURN p.iatiIdentifier AS identifier, p.id AS id, "
            "p.name AS name, p.aliases AS aliases, p.description AS description, "
            "p.descriptions AS descriptions, p.descriptionLanguages AS languages, p.start AS start, "
            "p.end AS end, p.startPrecision AS startPrecision, p.endPrecision AS endPrecision, "
            "p.regions AS regions"):
        programmes[row["identifier"]].append(row)
    parties = defaultdict(list)
    for row in graph.cypher(
            f"MATCH (a:Actor)-[t:TAKES_PART]->(p:Programme) WHERE {iati} RETURN p.iatiIdentifier AS "
            "identifier, a.id AS actor, a.name AS name, a.aliases AS aliases, a.iatiRef AS ref, "
            "a.kind AS kind, t.role AS role, t.sources AS sources"):
        row["forms"] = set().union(*(forms(n) for n in [row.get("name"), *(row.get("aliases") or [])]))
        parties[row["identifier"]].append(row)
    involves = defaultdict(list)
    for row in graph.cypher(f"MATCH (p:Programme)-[r:INVOLVES]->(c:Country) WHERE {iati} RETURN "
                            "p.iatiIdentifier AS identifier, c.code AS code, r.percentage AS percentage"):
        involves[row["identifier"]].append(row)
    topics = defaultdict(list)
    for row in graph.cypher(f"MATCH (p:Programme)-[r:ON_TOPIC]->(t:Topic) WHERE {iati} RETURN "
                            "p.iatiIdentifier AS identifier, t.id AS topic, t.name AS name, "
                            "t.parent AS parent, r.percentage AS percentage"):
        topics[row["identifier"]].append(row)
    held = defaultdict(list)
    for row in graph.cypher(f"MATCH (p:Programme)-[:HELD_IN]->(a:Actor) WHERE {iati} RETURN "
                            "p.iatiIdentifier AS identifier, a.id AS actor, a.country AS country, "
                            "a.geonamesId AS geonamesId"):
        held[row["identifier"]].append(row)
    part_of = {(row["child"], row.get("parent")) for row in graph.cypher(
        "MATCH (c:Programme)-[:PART_OF]->(p:Programme) WHERE c.iatiIdentifier IS NOT NULL AND "
        "p.iatiIdentifier IS NOT NULL RETURN c.iatiIdentifier AS child, p.iatiIdentifier AS parent")}
    located = defaultdict(set)
    for row in graph.cypher("MATCH (a:Actor)-[:LOCATED_IN]->(c:Country) RETURN a.id AS actor, c.code AS code"):
        located[row["actor"]].add(row["code"])
    actors = graph.cypher("MATCH (a:Actor) RETURN a.id AS id, a.name AS name, a.aliases AS aliases")
    return {"programmes": programmes, "parties": parties, "involves": involves, "topics": topics,
            "held": held, "part_of": part_of, "located": located, "actors": actors}


@pytest.fixture(scope="module")
def became(activities, state):
    """Each organisation an activity names (placeholders and undecided names aside) -> the
    parties of its programme that it can be: those with the role the contract maps whose
    name or an alias is its narrative (folded, bracketed acronyms aside); for an organisation
    named by its ref alone, those with its ref or that another organisation with this ref
    became."""
    matches, of_ref = {}, defaultdict(set)
    pending = []
    for activity in activities:
        for org in activity["orgs"]:
            if org.role is None or (org.name and (is_placeholder(org.name) or fold(org.name) in UNDECIDED)):
                continue
            candidates = [p for p in state["parties"][org.identifier] if p["role"] == org.role]
            if org.name:
                mine = forms(org.name)
                matches[org] = [p for p in candidates if mine & p["forms"]]
                if org.ref:
                    of_ref[normal_ref(org.ref)].update(p["actor"] for p in matches[org])
            elif org.ref:
                pending.append((org, candidates))
    for org, candidates in pending:
        ref = normal_ref(org.ref)
        matches[org] = [p for p in candidates if normal_ref(p.get("ref")) == ref or p["actor"] in of_ref[ref]]
    return matches


# ---------------------------------------------------------------- the checks

def test_the_four_files_load_with_warnings_only(loaded, activities):
    graph, report = loaded
    assert report.rejected == [] and report.rejected_rows == 0
    rows = {Path(i["file"]).name: i["rows"] for i in report.inputs}
    per_file = defaultdict(int)
    for activity in activities:
        per_file[activity["file"].name] += 1
    assert rows == dict(per_file) == {"dportal0-unops-wb-iki-2.03.xml": 100, "dportal7-gac-canada-2.03.xml": 100,
                                      "maec-spain-indonesia-2.01.xml": 83, "oipa-dfid-gb1-2.01.xml": 8}
    assert {Path(i["file"]).name: i["became"].get("programmes") for i in report.inputs} == dict(per_file)


def test_every_activity_is_one_programme(activities, state):
    identifiers = [a["identifier"] for a in activities]
    assert len(set(identifiers)) == len(identifiers) == 291
    assert set(state["programmes"]) == set(identifiers)
    twice = {i: [r["id"] for r in rows] for i, rows in state["programmes"].items() if len(rows) != 1}
    assert twice == {}
    ids = [rows[0]["id"] for rows in state["programmes"].values()]
    assert all(i.startswith("programme:iati:") for i in ids) and len(set(ids)) == len(ids)


def test_the_name_is_the_title_in_the_activity_language_and_the_other_titles_are_aliases(activities, state):
    failures = []
    for activity in activities:
        [programme] = state["programmes"][activity["identifier"]]
        name = " ".join((programme.get("name") or "").split())
        if name != activity["name"]:
            failures.append((activity["identifier"], "name", name, activity["name"]))
        others = {text for _, text in activity["titles"]} - {activity["name"]}
        aliases = {" ".join(a.split()) for a in programme.get("aliases") or []}
        if not others <= aliases:
            failures.append((activity["identifier"], "aliases", sorted(others - aliases)))
    assert not failures, failed(failures)


def test_start_and_end_are_the_actual_dates_else_the_planned_ones(activities, state):
    failures = []
    for activity in activities:
        [programme] = state["programmes"][activity["identifier"]]
        found = (programme.get("start") and str(programme.get("start")), programme.get("end") and str(programme.get("end")))
        if found != (activity["start"], activity["end"]):
            failures.append((activity["identifier"], found, (activity["start"], activity["end"])))
        if programme.get("startPrecision") or programme.get("endPrecision"):  # IATI dates are exact days
            failures.append((activity["identifier"], "precision", programme.get("startPrecision"), programme.get("endPrecision")))
    assert not failures, failed(failures)
    # every activity has a start; 206 have an end (two d-portal end dates have no iso-date)
    assert sum(1 for a in activities if a.get("start")) == 291 and sum(1 for a in activities if a.get("end")) == 206


def test_every_general_description_is_kept_with_its_language(activities, state):
    """``descriptions`` and ``descriptionLanguages`` pair every narrative of every
    description of type 1 (or none) with its language: its xml:lang, else the activity's,
    else "". The contract gives no order, so the pairs are compared as a set; languages are
    compared without case ("EN" in the d-portal files)."""
    failures = []
    for activity in activities:
        [programme] = state["programmes"][activity["identifier"]]
        texts, languages = programme.get("descriptions") or [], programme.get("languages") or []
        if len(texts) != len(languages):
            failures.append((activity["identifier"], "lengths", len(texts), len(languages)))
            continue
        found = {(lang.casefold(), " ".join(text.split())) for lang, text in zip(languages, texts)}
        wanted = {(lang.casefold(), text) for lang, text in activity["descriptions"]}
        if found != wanted:
            failures.append((activity["identifier"], "missing", sorted(wanted - found)[:2],
                             "extra", sorted(found - wanted)[:2]))
        description = " ".join((programme.get("description") or "").split()) or None
        if description != activity["description"]:
            failures.append((activity["identifier"], "description", description, activity["description"]))
    assert not failures, failed(failures)
    assert sum(len(a.get("descriptions")) for a in activities) > 291  # GAC gives most in English and French


def test_recipient_countries_with_their_percentages(activities, state):
    failures = []
    for activity in activities:
        wanted = {}
        for element, percentage in activity["countries"]:
            code = (element.get("code") or "").strip()
            if is_country(code):
                wanted[code] = number(percentage)
        found = {r["code"]: number(r.get("percentage")) for r in state["involves"][activity["identifier"]]}
        if found != wanted:
            failures.append((activity["identifier"], found, wanted))
        odd = [r for r in state["involves"][activity["identifier"]]
               if r.get("percentage") is not None and not isinstance(r.get("percentage"), (int, float))]
        if odd:  # a share is a number, whatever the XML's spelling ("100.00")
            failures.append((activity["identifier"], "not a number", odd))
    assert not failures, failed(failures)
    kosovo = [a["identifier"] for a in activities if any(e.get("code") == "XK" for e, _ in a["countries"])]
    assert len(kosovo) == 1 and {r["code"] for r in state["involves"][kosovo[0]]} == {"XK"}


def test_sectors_are_their_dac_sdg_and_own_topics_with_percentages(activities, state):
    """ON_TOPIC goes to ``topic:dac-<code>`` (vocabularies 1 and 2) and ``topic:sdg-<n>``
    (7) for the codes the shipped codelists hold, named by them, a DAC 5-digit topic with its
    category as ``parent`` (a DAC code the codelist lacks, under its category); to a ``topic:iati-…`` topic named by the narrative for the
    reporting organisation's own vocabularies (98, 99); to nothing else."""
    sector, category, goals = codelist("Sector"), codelist("SectorCategory"), codelist("UNSDG-Goals")
    assert sector and category and goals
    failures = []
    for activity in activities:
        wanted, own = {}, []
        for element, percentage in activity["sectors"]:
            vocabulary, code = element.get("vocabulary") or "1", (element.get("code") or "").strip()
            if vocabulary == "1" and code in sector:
                wanted[f"topic:dac-{code}"] = (number(percentage), sector[code][0], f"topic:dac-{sector[code][1]}")
            elif vocabulary == "1" and len(code) == 5 and code[:3] in category:  # newer than the codelist
                wanted[f"topic:dac-{code[:3]}"] = (number(percentage), category[code[:3]], None)
            elif vocabulary == "2" and code in category:
                wanted[f"topic:dac-{code}"] = (number(percentage), category[code], None)
            elif vocabulary == "7" and code in goals:
                wanted[f"topic:sdg-{code}"] = (number(percentage), goals[code], None)
            elif vocabulary in ("98", "99"):
                name = chosen(narratives(element, activity["language"]), activity["language"])
                if name:
                    own.append((name, number(percentage)))
        rows = state["topics"][activity["identifier"]]
        coded = {r["topic"]: (number(r.get("percentage")), r.get("name"), r.get("parent")) for r in rows
                 if r["topic"].startswith(("topic:dac-", "topic:sdg-"))}
        if coded != wanted:
            failures.append((activity["identifier"], "coded", coded, wanted))
        others = sorted((r.get("name"), number(r.get("percentage"))) for r in rows
                        if not r["topic"].startswith(("topic:dac-", "topic:sdg-")))
        if others != sorted(own) or any(not r["topic"].startswith("topic:iati-") for r in rows
                                        if not r["topic"].startswith(("topic:dac-", "topic:sdg-"))):
            failures.append((activity["identifier"], "own", others, sorted(own)))
    assert not failures, failed(failures)


def test_recipient_regions_are_named_on_the_programme(activities, state):
    """``regions`` holds the IATI Region codelist's names (vocabulary 1) of the activity's
    recipient regions."""
    regions = codelist("Region")
    assert regions, "the shipped codelists have no Region codelist to name regions by"
    failures = []
    for activity in activities:
        element = activity["element"]
        wanted = {regions[r.get("code")] if isinstance(regions[r.get("code")], str) else regions[r.get("code")][0]
                  for r in element.findall("recipient-region")
                  if (r.get("vocabulary") or "1") == "1" and r.get("code") in regions}
        [programme] = state["programmes"][activity["identifier"]]
        if set(programme.get("regions") or []) != wanted:
            failures.append((activity["identifier"], programme.get("regions"), wanted))
    assert not failures, failed(failures)
    assert sum(1 for a in activities if a["element"].find("recipient-region") is not None) == 98


def test_every_organisation_takes_part_with_its_role_under_its_own_name(activities, became):
    """Every participating-org (role 1 funder, 2 and 3 coordinator, 4 partner), every
    provider-org of an incoming transaction (1, 11, 13: funder) and every receiver-org of a
    commitment or disbursement (2, 3: partner) that is not a placeholder takes part in its
    activity's programme as an actor whose name or an alias is its narrative in the
    activity's language (folded; bracketed acronyms aside). A receiver named by its ref
    alone (GAC) is the actor of that ref."""
    failures = [org for org, found in became.items() if not found]
    assert not failures, failed(failures)
    kinds = {org.where.split()[0] for org in became}
    assert {"participating-org", "transaction"} <= kinds  # GAC's and UNOPS' receivers are checked
    assert sum(1 for org in became if org.where.endswith("receiver-org")) == 85 + 97


def test_placeholders_are_no_actors(activities, state):
    placeholders = [org for a in activities for org in a["orgs"] if org.name and is_placeholder(org.name)]
    assert {fold(org.name) for org in placeholders} >= {"donor country based ngo", "otra entidad"}
    failures = []
    for org in placeholders:
        named = [p["actor"] for p in state["parties"][org.identifier] if forms(org.name) & p["forms"]]
        if named:
            failures.append((org, named))
    every = {f for a in state["actors"] for n in [a.get("name"), *(a.get("aliases") or [])] for f in forms(n)}
    failures += sorted({("an actor is named", org.name) for org in placeholders if forms(org.name) & every})
    assert not failures, failed(failures)


def test_no_actor_stands_for_two_organisations(became):
    """Group the organisations of the files by the actor they became: inside a group every
    two share a folded name or an organisation identifier (compared without spaces or case,
    a bare DAC code being XM-DAC-<code>). So "CCAA CAV - País Vasco" (35) and "EELL CAV -
    País Vasco" (54), or "MINISTRY OF HEALTH" and "MINISTRY OF HEALTH AND SPORTS", stay apart."""
    groups = defaultdict(set)
    for org, found in became.items():
        if len(found) == 1:
            groups[found[0]["actor"]].add(org.signature)
    failures = []
    for actor, signatures in groups.items():
        for (names_a, ref_a), (names_b, ref_b) in itertools.combinations(sorted(signatures, key=str), 2):
            if not (names_a & names_b) and not (ref_a and ref_a == ref_b):
                failures.append((actor, sorted(names_a), ref_a, sorted(names_b), ref_b))
    assert not failures, failed(failures)
    assert len(groups) >= 80  # the files name some 90 distinct bodies


def test_an_organisation_of_a_kind_is_an_organization_of_that_kind(became, loaded):
    graph, _ = loaded
    kinds = {r["id"]: (r.get("kind"), r["labels"]) for r in graph.cypher(
        "MATCH (a:Actor) RETURN a.id AS id, a.kind AS kind, labels(a) AS labels")}
    stated = defaultdict(set)
    for org, found in became.items():
        if len(found) == 1 and org.type in KINDS:
            stated[found[0]["actor"]].add(KINDS[org.type])
    failures = [(actor, kinds[actor], sorted(wanted)) for actor, wanted in stated.items()
                if kinds[actor][0] not in wanted or "Organization" not in kinds[actor][1]]
    assert not failures, failed(failures)
    assert len(stated) >= 40  # some 50 typed bodies


def test_an_actor_is_in_the_country_its_ref_names(became, state):
    """A ref starting with a country's registration agency ("CA-CRA_ACR-…", "GB-GOV-1"), a
    ref that is a country code ("CA", "GB") and XM-DAC-<donor>-<agency> of a country donor
    (5 Germany) place the actor in that country; international refs ("XI-IATI-IKI",
    "41AAA", "44001") place it nowhere."""
    failures, checked = [], 0
    for org, found in became.items():
        ref = normal_ref(org.ref) or ""
        if len(found) != 1 or not ref:
            continue
        actor = found[0]["actor"]
        if re.fullmatch(r"[A-Z]{2}", ref) or re.match(r"[A-Z]{2}-", ref) and not ref.startswith(("XM-", "XI-")):
            wanted = ref[:2]
        elif ref.startswith("XM-DAC-5-"):
            wanted = "DE"
        else:
            continue
        checked += 1
        if wanted not in state["located"][actor]:
            failures.append((org, actor, sorted(state["located"][actor]), wanted))
    for org, found in became.items():
        if len(found) == 1 and normal_ref(org.ref) in ("XI-IATI-IKI", "41AAA", "XM-DAC-44001", "XM-DAC-44002"):
            if state["located"][found[0]["actor"]]:
                failures.append((org, "international, yet in", sorted(state["located"][found[0]["actor"]])))
    assert not failures, failed(failures)
    assert checked > 200


def test_spains_own_entity_codes_make_no_one_of_two_bodies(activities, state):
    """The MAEC file gives refs such as "1", "61" that are Spain's own entity codes, not
    organisation identifiers: "61" is both the Ministerio de Empleo y Seguridad Social and
    the FAO, "1" both the MAEC and "Vía Directa". Read literally, the contract makes a bare
    number a DAC code ("61" would be XM-DAC-61, Slovenia, and "1" Austria) and a shared ref
    one actor; a careful reader of this file wants two bodies with nothing else in common
    kept apart and not placed in Slovenia or Austria. (Reported as unclear in the contract.)"""
    def actors_named(name):
        return {a["id"] for a in state["actors"]
                if forms(name) & set().union(*(forms(n) for n in [a.get("name"), *(a.get("aliases") or [])]))}

    mess = actors_named("MESS - Ministerio de Empleo y Seguridad Social")
    fao = actors_named("FAO - Organización de las Naciones Unidas para la Agricultura y la Alimentación")
    maec = actors_named("MAEC - Ministerio de Asuntos Exteriores y de Cooperación")
    assert len(mess) == len(fao) == len(maec) == 1, (mess, fao, maec)
    assert mess != fao, f"the FAO and the MESS are one actor: {fao}"
    assert maec != fao
    names = {org.name for a in activities if a["file"].name.startswith("maec") for org in a["orgs"]
             if org.name and not is_placeholder(org.name) and fold(org.name) not in UNDECIDED}
    placed = {(name, code) for name in names for actor in actors_named(name) for code in state["located"][actor]}
    assert not {code for _, code in placed} & {"SI", "AT", "BE", "DK"}, placed


def test_parent_and_child_activities_are_part_of_one_another(activities, state):
    """related-activity type 1 (parent) and 2 (child) between loaded activities give
    PART_OF from the child to the parent; siblings (3) give nothing."""
    loaded_ids = {a["identifier"] for a in activities}
    wanted = set()
    for activity in activities:
        for kind, ref in activity["related"]:
            if ref in loaded_ids and kind == "1":
                wanted.add((activity["identifier"], ref))
            elif ref in loaded_ids and kind == "2":
                wanted.add((ref, activity["identifier"]))
    assert wanted == {("GB-1-109616-101", "GB-1-109616"), ("GB-1-109635-101", "GB-1-109635"),
                      ("GB-1-109635-102", "GB-1-109635"), ("GB-1-109636-101", "GB-1-109636"),
                      ("GB-1-109636-102", "GB-1-109636")}
    assert state["part_of"] == wanted


def test_a_location_is_a_place_of_a_recipient_country(activities, state, loaded):
    """HELD_IN names a known municipality or region of one of the activity's recipient
    countries: a G1 location is HELD_IN the actor of the graph with that GeoNames id when
    there is one in a recipient country; a location makes no actor of its own."""
    graph, _ = loaded
    known = {row["g"]: row["country"] for row in graph.cypher(
        "MATCH (a:Actor) WHERE a.geonamesId IS NOT NULL RETURN a.geonamesId AS g, a.country AS country")}
    failures = []
    for activity in activities:
        countries = {(e.get("code") or "").strip() for e, _ in activity["countries"]}
        rows = state["held"][activity["identifier"]]
        failures += [(activity["identifier"], row) for row in rows if row.get("country") not in countries]
        found = {int(row.get("geonamesId")) for row in rows if row.get("geonamesId") is not None}
        for place in activity["locations"]:
            if known.get(place) in countries and place not in found:
                failures.append((activity["identifier"], "no HELD_IN for GeoNames", place))
    assert not failures, failed(failures)
    idle = graph.cypher("MATCH (a:Actor) WHERE NOT (a)-[:TAKES_PART|MEMBER_OF]-() RETURN a.id AS id")
    assert idle == []  # every actor takes part: none is made from a location alone


def test_the_warnings_are_those_the_files_call_for(activities, loaded):
    """Each warning names a value the contract leaves out, at its element's line with its
    code, and each such value has its warning: a date that cannot be read (two d-portal
    activity-dates without iso-date), a sector code outside the shipped codelist, a country
    outside IATI's Country codelist (none: XK is Kosovo), an unknown role, organisation type
    or status, an own-vocabulary sector without narrative, an organisation with neither
    narrative nor ref."""
    _, report = loaded
    sector, category, goals = codelist("Sector"), codelist("SectorCategory"), codelist("UNSDG-Goals")
    regions = codelist("Region")
    wanted = set()
    for activity in activities:
        element, lines, name = activity["element"], activity["lines"], activity["file"].name
        for date in element.findall("activity-date"):
            if date.get("type") not in DATE_TYPES:
                wanted.add((name, lines[date], "unknown-code"))
            elif not iso_date(date.get("iso-date")):
                wanted.add((name, lines[date], "bad-date"))
        for status in element.findall("activity-status"):
            if status.get("code") not in STATUSES:
                wanted.add((name, lines[status], "unknown-code"))
        for country, _ in activity["countries"]:
            if not is_country((country.get("code") or "").strip()):
                wanted.add((name, lines[country], "unknown-country"))
        for sector_element, _ in activity["sectors"]:
            vocabulary = sector_element.get("vocabulary") or "1"
            code = (sector_element.get("code") or "").strip()
            known = {"1": sector, "2": category, "7": goals}.get(vocabulary)
            if not code:
                wanted.add((name, lines[sector_element], "missing-value"))
            elif known is not None and code not in known:
                wanted.add((name, lines[sector_element], "unknown-code"))
            elif vocabulary in ("98", "99") and not narratives(sector_element, activity["language"]):
                wanted.add((name, lines[sector_element], "missing-value"))
        for org in element.findall("participating-org"):
            if org.get("role") not in ROLES:
                wanted.add((name, lines[org], "unknown-code"))
            elif org.get("type") is not None and org.get("type") not in ORGANISATION_TYPES:
                wanted.add((name, lines[org], "unknown-code"))
            elif not narratives(org, activity["language"]) and not (org.get("ref") or "").strip():
                wanted.add((name, lines[org], "missing-value"))
        for region in element.findall("recipient-region"):
            # a region code outside the Region codelist (vocabulary 1) is a warning; without a
            # shipped Region codelist (see the regions test) regions are left out of this check
            if regions and (region.get("vocabulary") or "1") == "1" and region.get("code") not in regions:
                wanted.add((name, lines[region], "unknown-code"))
        for link in element.findall("document-link"):  # each link before the first web address
            if web_address(link.get("url")):
                break
            wanted.add((name, lines[link], "not-a-web-address"))
    found = {(Path(w.file).name, w.line, w.code) for w in report.warnings
             if regions or "region" not in (w.field or "")}
    assert found == wanted, (sorted(found - wanted), sorted(wanted - found))
    assert ("dportal0-unops-wb-iki-2.03.xml", 22195, "bad-date") in wanted
    assert ("dportal0-unops-wb-iki-2.03.xml", 30951, "bad-date") in wanted


def test_the_source_url_is_the_first_document_link_that_is_a_web_address(activities, loaded):
    """An activity's Source has the url of its first document link that is an http(s)
    address with a host, as written (spaces around it aside). Global Affairs Canada's links
    with a space in their query ("sort=score desc") are never the first."""
    graph, _ = loaded
    urls = {row["title"].removeprefix("IATI activity "): row.get("url") for row in graph.cypher(
        "MATCH (s:Source) WHERE s.title STARTS WITH 'IATI activity ' RETURN s.title AS title, s.url AS url")}
    wanted = {a["identifier"]: next((link.get("url").strip() for link in a["element"].findall("document-link")
                                     if web_address(link.get("url"))), None) for a in activities}
    assert urls == wanted
    assert sum(url is not None for url in urls.values()) == 186


def test_every_relationship_an_activity_states_carries_its_source(state):
    failures = [(identifier, p["actor"], p.get("sources")) for identifier, rows in state["parties"].items()
                for p in rows if not any(s.startswith("source:iati-") for s in p.get("sources") or [])]
    assert not failures, failed(failures)


def test_loading_the_same_files_again_writes_nothing(loaded):
    graph, _ = loaded
    again = graph.load(FILES)
    assert not again.changed, (again.updated, again.nodes_created, again.properties_set)
