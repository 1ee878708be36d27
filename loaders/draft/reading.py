"""What each sentence of a document names: its organisations (found first, so that an
acronym anywhere resolves), the actors already known, its countries and its places, read
so that one name is one place across the text."""

from __future__ import annotations

import re

from munigraph.graph.model import fold

from .geography import (LANGUAGE_COUNTRIES, NEAR, beside_a_name, binds_a_name, bound_places, inside_name,
                        match_countries, match_places, qualified, surnames)
from .mentions import Recognised, match_known
from .organisations import countries_from_towns, discover_organisations, sift, spelled_out
from .text import misspelt, portuguese_side


def find_organisations(text, sentences, recognised: Recognised) -> Recognised:
    """``recognised`` with the organisations the sentences name (``discover_organisations``,
    ``spelled_out``), without cuts of longer names (``sift``)."""
    acronyms = set(re.findall(r"\b[A-Z]{2,8}\b", text))
    for sentence in sentences:
        discover_organisations(sentence, recognised, acronyms)
        spelled_out(sentence, recognised)
    return sift(recognised)


def read(text, sentences, recognised: Recognised, language) -> tuple[list, list]:
    """(analysed, mentioned): for each sentence, (sentence, covered, mentions, countries),
    its mentions being of the actors that may be parties (not a landmark: "near Munich");
    and the ids of the actors the text names, in order. The places found are added to
    ``recognised``."""
    lowercase = {fold(w) for w in re.findall(r"\b[a-zà-ÿ]\w+", text)}
    doc_countries, analysed = set(), []
    for sentence in sentences:
        covered = [False] * len(sentence.tokens)
        countries = {m.country for m in match_countries(sentence, list(covered))}  # context
        mentions = match_known(sentence, covered, recognised, countries)
        mentions += match_countries(sentence, covered)
        countries |= {m.country for m in mentions if m.country}
        doc_countries |= {m.country for m in mentions if m.country and not beside_a_name(sentence, m)}
        analysed.append((sentence, covered, mentions, countries))
    _bound_everywhere(analysed, recognised, lowercase)
    home = doc_countries | LANGUAGE_COUNTRIES.get(language, set())
    side = portuguese_side(text) if language == "pt" else None
    persons = {key for sentence, covered, *_ in analysed for key in surnames(sentence, covered)}
    for sentence, covered, mentions, countries in analysed:
        context = {m.country for m in mentions if m.country and not binds_a_name(sentence, m)}
        for place in match_places(sentence, covered, context, doc_countries, lowercase, home, side, persons):
            recognised.add_place(place.actor, place.why, place.place)
            mentions.append(place)
    _misspelt_towns(analysed, recognised)
    _named_again(analysed, recognised)
    for _, _, mentions, _ in analysed:
        mentions.sort(key=lambda m: m.i)
    mentioned = list(dict.fromkeys(m.actor.id for _, _, mentions, _ in analysed for m in mentions if m.actor))
    for sentence, _, mentions, _ in analysed:
        mentions[:] = [m for m in mentions if not NEAR.search(sentence.before(m.i, 3))]  # named, not a party
    countries_from_towns(recognised)
    return analysed, mentioned


def _bound_everywhere(analysed, recognised, lowercase):
    """The places a country written beside them binds ("Santa Cruz (Cabo Verde)",
    ``bound_places``), then their names wherever else the text writes them: one name,
    one place, before the gazetteer offers others ("Santa Cruz" alone, two lines on),
    unless written with a qualifier of its own."""
    bound = Recognised.of([])
    for sentence, covered, mentions, _ in analysed:
        for place in bound_places(sentence, covered, lowercase):
            recognised.add_place(place.actor, place.why, place.place)
            bound.add(place.actor)
            mentions.append(place)
    _again(analysed, bound)


def _named_again(analysed, recognised):
    """A municipality the text names where a cue or its country shows it is one
    ("município de Tabio") is the same place where the text names it again without
    ("Diriamba y Tabio firman"), unless written there with a qualifier of its own."""
    towns = Recognised.of([])
    for actor in recognised.found.values():
        if actor.type == "municipality":
            towns.add(actor)
    _again(analysed, towns)


def _again(analysed, towns):
    """Mentions of ``towns`` (a Recognised) where each sentence names them again: not a
    name two of them share ("Alcobaça" and "Alcobaça (Brasil)"), nor one written with
    a qualifier of its own ("Warminster, Wiltshire": another one)."""
    for sentence, covered, mentions, countries in analysed:
        for mention in match_known(sentence, list(covered), towns, countries):
            shared = len(towns.forms.get(sentence.span_key(mention.i, mention.j), ())) > 1
            if not shared and not qualified(sentence, mention.j) and not inside_name(sentence, mention.i):
                covered[mention.i:mention.j] = [True] * (mention.j - mention.i)
                mentions.append(mention)


def _misspelt_towns(analysed, recognised):
    """A municipality the gazetteer lacks whose name is a letter or two away from a
    gazetteer place of its country the text also names is that place misspelt
    ("Xaimen" beside "Xiamen", "Cuemavaca" beside "Cuernavaca"): one actor, both names."""
    found, extra = recognised.found, recognised.extra
    towns = [a for a in found.values() if a.type == "municipality"]
    for actor in [a for a in towns if a.id not in extra]:
        same = next((a for a in towns if a.id in extra and a.country == actor.country
                     and misspelt(a.name, actor.name)), None)
        if same is None:
            continue
        del found[actor.id]
        same.aliases.append(actor.name)
        for _, _, mentions, _ in analysed:
            for mention in mentions:
                if mention.actor and mention.actor.id == actor.id:
                    mention.actor = same
                    mention.why += f"; the text's other spelling of {same.name}"
