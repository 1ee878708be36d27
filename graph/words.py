"""The graph's fixed vocabularies as people read them, in the language being spoken: kinds
of node (and common values of the free ``kind`` property), roles on ``TAKES_PART``, and a
cooperation's status. The data keeps the English words; pictures, pages and tables for
people show these.

>>> from munigraph.language import speaking
>>> with speaking("pt"):
...     kind_name("municipality"), kind_name("Programme"), kind_name("baldio"), role_name("host")
('município', 'programa', 'baldio', 'anfitrião')
>>> kind_name("Programme"), role_name("part_of")
('Programme', 'part of')
"""

from __future__ import annotations

from munigraph.language import C_, DEFAULT, current, pgettext

KINDS = {word.lower(): word for word in (
    C_("kind", "municipality"), C_("kind", "region"), C_("kind", "association"),
    C_("kind", "consortium"), C_("kind", "organization"), C_("kind", "programme"),
    C_("kind", "agreement"), C_("kind", "event"), C_("kind", "exchange"), C_("kind", "topic"),
    C_("kind", "actor"), C_("kind", "cooperation"), C_("kind", "source"), C_("kind", "country"),
    # common values of the free ``kind`` property of agreements, events and organisations
    C_("kind", "twinning"), C_("kind", "protocol"), C_("kind", "partnership"),
    C_("kind", "platform"), C_("kind", "meeting"), C_("kind", "mission"),
    C_("kind", "study visit"), C_("kind", "summit"), C_("kind", "knowledge exchange"),
    C_("kind", "peer exchange"), C_("kind", "ministry"), C_("kind", "university"),
    C_("kind", "NGO"), C_("kind", "international"), C_("kind", "government"),
    C_("kind", "agency"), C_("kind", "development agency"), C_("kind", "research centre"),
    C_("kind", "local government"))}
KINDS["study-visit"] = KINDS["study visit"]
ROLES = {C_("role", "coordinator"), C_("role", "partner"), C_("role", "signatory"),
         C_("role", "host"), C_("role", "funder"), C_("role", "participant"),
         C_("role", "expert"), C_("role", "beneficiary"), C_("role", "part of"),
         C_("role", "member")}
STATUSES = {C_("status", "announced"), C_("status", "in negotiation"), C_("status", "signed"),
            C_("status", "ended")}


def kind_name(kind) -> str:
    """A kind (a node's kind or label, or a common ``kind`` value) in the current language;
    in English, and for words the vocabulary lacks, as the data writes it."""
    word = KINDS.get(str(kind).lower())
    return kind if word is None or current() == DEFAULT else pgettext("kind", word)


def role_name(role) -> str:
    """A role (or ``part_of``, ``member``) in the current language."""
    word = str(role).replace("_", " ")
    return pgettext("role", word) if word in ROLES else word


def status_name(status) -> str:
    """A cooperation's status in the current language."""
    word = str(status).replace("_", " ")
    return pgettext("status", word) if word in STATUSES else word


def vocabulary() -> dict:
    """Every word of the vocabularies in the current language, for a page's script:
    ``{"kinds": {...}, "roles": {...}, "statuses": {...}}`` keyed by the data's words."""
    return {"kinds": {key: kind_name(key) for key in KINDS},
            "roles": {word.replace(" ", "_"): role_name(word) for word in ROLES},
            "statuses": {word.replace(" ", "_"): status_name(word) for word in STATUSES}}
