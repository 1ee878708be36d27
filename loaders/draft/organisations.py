"""Organisations named in the text: runs of capitalised words with a type word
("Associação", "Consórcio", "Ministério", ...), with their acronyms; and the sifting that
drops cuts of longer names and bodies of other actors."""

from __future__ import annotations

import re

from munigraph.graph.model import fold

from ..resolve import Actor, guess_type, new_id
from .geography import ARTICLES, TIGHT_BINDING, country_after, country_in, country_names
from .mentions import NOT_ACTORS, Recognised, match_known
from .text import CONNECTORS, DETERMINERS, FUNCTION_WORDS, Sentence, acronym, glued, title
from .words import either, table

WORDS = table("actor")
EXTRA_TYPES = [(kind, rf"\b{either(patterns)}\b") for kind, patterns in WORDS["organisation_types"].items()
               if kind != "description"]
EUROPEAN_UNION = set(WORDS["european_union"]["words"])
INTERNATIONAL = re.compile(rf"\b{either(WORDS['international_words']['patterns'])}\b")
ELISION = re.compile(r"^[dlDL]['’](?=\w)")  # "l’Association", "d'Angoulême"


def capital_spans(sentence: Sentence, covered) -> list[tuple[int, int]]:
    """Runs of capitalised words (with connectors such as "de", "para a" between them)."""
    spans, tokens, i = [], sentence.tokens, 0
    while i < len(tokens):
        if covered[i] or not (tokens[i].word and tokens[i].capital):
            i += 1
            continue
        j = last = i + 1
        while j < len(tokens) and not covered[j] and (tokens[j].word or glued(tokens, j)):
            if tokens[j].capital or tokens[j].text.isdigit():
                last = j + 1
            elif tokens[j].word and (tokens[j].key not in CONNECTORS or _starts_another(tokens, j)):
                break
            j += 1
        while last - i > 1 and tokens[i].key in DETERMINERS | FUNCTION_WORDS and \
                not (tokens[i].text.isupper() and len(tokens[i].text) > 1):
            i += 1  # "A Secção ..." at a sentence's start ("A" is an article, "AS" an acronym)
        spans.append((i, last))
        i = last
    return spans


def _starts_another(tokens, j) -> bool:
    """After "e"/"and", an acronym, an organisation's first word, or an article and a
    capitalised word ("Universidad de Salamanca y la Cámara Municipal de Valença") starts
    another name."""
    if tokens[j].key not in ("e", "y", "et", "and"):
        return False
    following = next((t for t in tokens[j + 1:] if t.key not in CONNECTORS), None)
    article = j + 2 < len(tokens) and tokens[j + 1].key in ARTICLES and tokens[j + 2].capital
    return following is not None and following.word and (
        article or following.text.isupper() or (following.capital and org_type(following.text) is not None))


def org_type(name: str) -> str | None:
    """The type of organisation a name says it is (association, consortium, organization,
    region), or None."""
    key = fold(name)
    if NOT_ACTORS.search(key):
        return None
    kind = "organization" if key in EUROPEAN_UNION else guess_type(name)
    if kind == "municipality":
        kind = next((k for k, pattern in EXTRA_TYPES if re.search(pattern, key)), None)
    return kind if kind in ("association", "consortium", "organization", "region") else None


def discover_organisations(sentence: Sentence, recognised: Recognised, acronyms: set):
    """Propose the organisations a sentence names: a capitalised name with a type word
    ("Associação", "Consórcio", "Ministério", ...), with its acronym when written as
    "ACR – Name", "ACR-Name" or "Name (ACR)", or when ``acronyms`` (the document's words in
    capitals) hold its initials; or "ACR, uma coligação ..." (an apposition)."""
    tokens, covered = sentence.tokens, [False] * len(sentence.tokens)
    match_known(sentence, covered, recognised, (), only_known=True)
    names = country_names()
    for i, j in capital_spans(sentence, covered):
        if j - i > 2 and acronym(tokens[i].text) and glued(tokens, i + 1):
            i += 2  # "CISGA-Consórcio Intermunicipal ...": the acronym, then the name
        name, short, dash = sentence.span_text(i, j), None, False
        before = [t.text for t in tokens[max(0, i - 2):i]]
        after = [t.text for t in tokens[j:j + 3]]
        if len(before) == 2 and before[1] in "-–—" and acronym(before[0]):  # "ACR – Name"
            short, dash = before[0], True
        elif len(before) == 2 and before[1] == "(" and acronym(before[0]) and after[:1] == [")"]:
            short = before[0]  # "ACR (Name)"
        elif len(after) >= 2 and after[0] in "-–—(" and acronym(after[1]) and fold(after[1]) not in names:
            short = after[1]  # "Name – ACR", "Name (ACR)"
        kind, head = org_type(name), title(name)
        apposition = re.match(r", (?:uma?|an?|une?|una) (?:\w+ ){0,2}?(\w+)",
                              sentence.folded[sentence.offsets[j]:]) if j < len(tokens) else None
        if short is None and kind and " " not in head and not head.isupper():
            continue  # a type word alone ("União de municípios") names no one
        if kind is None and apposition and name.isupper() and org_type(apposition[1]):
            kind, short, head = org_type(apposition[1]), name, name
            why = f'"{name}, {apposition[0][2:]}": an organisation by its apposition'
        elif kind is None:
            continue
        else:
            why = f'"{short + " – " if dash else ""}{name}": an organisation by its words ({kind})'
        country = country_in(head) if head != short else None
        beside = country_after(sentence, j) if j < len(tokens) and tokens[j].text in TIGHT_BINDING else []
        if beside:  # "Associação Amigos de Cabo Verde de Sandy (Reino Unido)"
            country = beside[0]
            why += f"; of {country}, as the text writes beside it"
        initials = "".join(w[0] for w in head.split() if fold(w) not in CONNECTORS and w[0].isupper())
        if short is None and initials.upper() in acronyms and len(initials) >= 3:
            short = initials.upper()
        aliases = [a for a in (short, head if dash else None) if a and a != head]
        full = f"{short} – {head}" if dash else head
        identifier = new_id(kind, short or head, country)
        recognised.add(Actor(id=identifier, name=full, type=kind, country=country, aliases=aliases), why)


def spelled_out(sentence: Sentence, recognised: Recognised):
    """Propose the organisations a sentence spells out before their acronym, in whatever
    case: "Association internationale des maires francophones (AIMF)", "Union des
    communes du Togo (UCT)": the initials of the name's words (connectors aside) are the
    acronym's letters."""
    tokens = sentence.tokens
    for k in range(2, len(tokens) - 2):
        if tokens[k].text != "(" or tokens[k + 2].text != ")" or not acronym(tokens[k + 1].text):
            continue
        short = tokens[k + 1].text
        if fold(short) in recognised.forms:
            continue
        for i in range(k - 1, max(-1, k - 14), -1):
            words = [ELISION.sub("", t.text) for t in tokens[i:k] if t.word]  # "l’Association"
            if not all(t.word or t.text in "-'’" for t in tokens[i:k]) or not words[0][:1].isupper():
                continue
            initials = "".join(w[0] for w in words if fold(w) not in CONNECTORS | DETERMINERS)
            if initials.upper() == short and len(words) >= len(short):
                name = ELISION.sub("", sentence.span_text(i, k))
                kind = org_type(name) or ("organization" if not NOT_ACTORS.search(fold(name)) else None)
                if kind and kind != "region":
                    country = country_in(name)
                    why = f'"{name} ({short})": an organisation spelled out before its acronym'
                    recognised.add(Actor(id=new_id(kind, short, country), name=name, type=kind, country=country,
                                         aliases=[short]), why)
                break


def countries_from_towns(recognised: Recognised):
    """Give an organisation with no country whose name holds the name of a municipality the
    text names that municipality's country ("Comité des Jumelages Angoulême")."""
    towns = [a for a in recognised.found.values() if a.type == "municipality" and a.country]
    for actor in recognised.found.values():
        if actor.type != "municipality" and not actor.country:
            name = f" {fold(actor.name)} "
            town = next((t for t in towns if any(f" {fold(n)} " in name for n in [t.name, *t.aliases])), None)
            if town:
                actor.country = town.country
                recognised.why[actor.id] += f"; of {town.country}, as {town.name} in its name"


def countries_from_subject(recognised: Recognised, subject: Actor | None, countries=frozenset()):
    """Give an organisation or region the text names in words ("Asociación Cultural de
    Hermanamientos", not an acronym alone) with no country the country of the page's
    subject, the town whose page names it, when the text's language is spoken there
    (``countries``), unless its name says it spans countries ("Association internationale
    ...", "Comissão Europeia")."""
    if subject is None or subject.country not in countries:
        return
    for actor in recognised.found.values():
        if actor.type != "municipality" and not actor.country and len(actor.name.split()) >= 2 \
                and not INTERNATIONAL.search(fold(actor.name)):
            actor.country = subject.country
            recognised.why[actor.id] += (f"; of {subject.country}, the country of the page's subject "
                                         f"({subject.name}): check it")


def sift(recognised: Recognised) -> Recognised:
    """The recognised actors without the organisations proposed from a cut of another's
    name ("Associação Nacional", a line break before "de Municípios Portugueses"), which
    become a form of that one, or from the name of a body of another actor ("Conselho
    Geral da ANMP", "Secção ... da Associação Nacional de Municípios Portugueses")."""
    kept = Recognised.of(recognised.known.values())
    found, everyone = list(recognised.found.values()), [*recognised.found.values(), *recognised.known.values()]
    heads = {a.id: fold(a.name.split(" – ")[-1]) for a in everyone}  # "AMAL – Comunidade ..."
    forms = {fold(f) for a in everyone for f in [a.name, *a.aliases]}
    cuts = {}
    for actor in found:
        head = heads[actor.id]
        longer = next((a for a in everyone if heads[a.id].startswith(head + " ")), None)
        words = head.split()
        body = any(words[k] in ("da", "do", "de", "das", "dos", "of", "du", "des", "del")
                   and " ".join(words[k + 1:]) in forms for k in range(1, len(words) - 1))
        if longer or actor.id in recognised.known:
            cuts[head] = (longer or actor).id
        elif not body:
            kept.add(actor, recognised.why[actor.id])
    for head, identifier in cuts.items():
        kept.forms[head] = [(1, identifier)]
        kept.first_words.add(head.split(" ")[0])
    return kept
