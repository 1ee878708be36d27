"""Places and countries named in a sentence: municipalities from the shared GeoNames index
(loaders/places.py), with the stricter rules that free text needs, and countries by their
names (loaders/countries.py) or by words such as "brasileiras".

Of the shared index the draft takes only the places that GeoNames counts among its cities
of 15,000 (15,000 people or more, or a seat) and, in Portuguese-speaking countries, every
place it holds (1,000 people or more); by names in other languages ("Marselha") only
cities of 500,000 people or more, and only names written in Latin letters; no name
shorter than four letters. A place under 15,000 people, or whose name is a common word,
needs a cue or a list of places around it.
"""

from __future__ import annotations

import functools
import re

from munigraph.graph.model import fold

from .. import places
from ..countries import country_names as all_country_names
from ..resolve import Actor, new_id
from .dates import MONTHS
from .mentions import COMMON_WORDS, Mention
from .text import CONNECTORS, Sentence, joined
from .words import either, table

# Countries where the draft takes places down to the index's 1,000 people.
LUSOPHONE = {"BR", "PT", "MZ", "AO", "CV", "GW", "ST", "TL"}
SMALL_PLACE = 15000  # below: only with a cue ("município de X") or in a list of places
BIG_CITY = 500000  # from: found by its names in other languages too ("Marselha")
LATIN_NAME = re.compile(r"[A-Za-zÀ-ÿ' -]+")

WORDS = table("actor")
BRAZILIAN_STATES = set(WORDS["brazilian_states"]["words"])
DEMONYMS = WORDS["demonyms"]["stems"]
PLACE_CUE = re.compile(rf"\b{either(WORDS['place_cues']['patterns'])}"
                       rf"{either(' ' + w for w in WORDS['place_cues']['then'])}?$")
PLACE_NOUN = re.compile(rf"[,(] {either(WORDS['place_nouns']['articles'])} (?:\w+ )?"
                        rf"{either(WORDS['place_nouns']['nouns'])}\b")
PREPOSITION = re.compile(rf"\b{either(WORDS['prepositions']['words'])}$")
HELD_IN_CUE = re.compile(rf"\b{either(WORDS['held_in']['words'])}$")


def draftable(place: places.Place) -> bool:
    """A place the draft may propose (the module doc)."""
    return place.country in LUSOPHONE or place.geonames_id in places.listed()


def named(key: str) -> list[places.Place]:
    """The places the draft may propose for a folded name as their own name, most populous first."""
    if len(key.replace(" ", "")) < 4:
        return []
    return [p for p in places.by_name().get(key, ()) if draftable(p)]


def also_named(key: str) -> list[places.Place]:
    """The cities of 500,000 people or more the draft may propose for a folded name in
    another language, written in Latin letters ("Marselha"), most populous first."""
    if len(key.replace(" ", "")) < 4:
        return []
    return [p for p in places.by_other_name(min_population=BIG_CITY).get(key, ())
            if draftable(p) and key in {fold(n) for n in p.other_names if LATIN_NAME.fullmatch(n)}]


@functools.lru_cache(maxsize=None)
def country_names() -> dict:
    """Folded country name → code (loaders/countries.py), without the names under four
    letters but "eua", "usa" and "uk", as short ones are words too."""
    return {key: code for key, code in all_country_names().items()
            if len(key) >= 4 or key in ("eua", "usa", "uk")}


@functools.lru_cache(maxsize=None)
def first_words(index_name: str) -> frozenset:
    """The words that a name of a place ("places") or of a country ("countries") starts with."""
    indexes = ([places.by_name(), places.by_other_name(min_population=BIG_CITY)]
               if index_name == "places" else [country_names()])
    return frozenset(key.split(" ")[0] for index in indexes for key in index)


def country_in(name: str) -> str | None:
    """The country a name says it is of: "... Municípios Portugueses", "Cités Unies France"."""
    words, names = fold(name).split(), country_names()
    demonym = next((DEMONYMS[s] for w in words for s in DEMONYMS if w.startswith(s)), None)
    spans = (" ".join(words[a:b]) for a in range(len(words))
             for b in range(a + 1, min(a + 4, len(words)) + 1))
    return demonym or next((names[span] for span in spans if span in names), None)


def place_cue(sentence: Sentence, i: int, j: int, country: str) -> bool:
    """Words around a name that say it is a municipality: "município de X", "X, Brasil",
    "X (Brasil)", "X (SP)", "X, a municipality in ..."."""
    if PLACE_CUE.search(sentence.before(i)):
        return True
    tokens = sentence.tokens
    if country == "BR" and j + 2 < len(tokens) and tokens[j].text == "(" \
            and tokens[j + 1].text in BRAZILIAN_STATES:
        return True  # "Monteiro Lobato (SP)"
    if j + 1 < len(tokens) and tokens[j].text in ",(":
        names = country_names()
        if any(names.get(sentence.span_key(j + 1, k)) == country
               for k in range(j + 2, min(j + 6, len(tokens) + 1)) if joined(sentence, j + 1, k)):
            return True
        return bool(PLACE_NOUN.match(sentence.folded[sentence.offsets[j]:]))
    return False


def match_places(sentence, covered, countries, doc_countries, lowercase_words) -> list[Mention]:
    """Gazetteer places named in a sentence: a capitalised name standing on its own (not
    inside a longer capitalised name such as a person's). A name that is also a common
    word, of a place under 15,000 people, or of one word opening the sentence ("Tendo em
    vista ...") needs a cue ("município de X", "X, Brasil") or a list of places around
    it; a name in another language ("Marselha") needs at least a preposition before it
    ("em Lisboa")."""
    tokens, found = sentence.tokens, []
    first = next((k for k, t in enumerate(tokens) if t.word), 0)
    starts = first_words("places")
    for i in range(len(tokens)):
        if tokens[i].key not in starts:
            continue
        for j in range(min(len(tokens), i + 5), i, -1):
            if any(covered[i:j]) or not joined(sentence, i, j) and not all(
                    t.word and (t.capital or t.key in CONNECTORS) for t in tokens[i:j]):
                continue
            if not (tokens[i].capital and tokens[j - 1].capital) or sentence.span_text(i, j).isupper():
                continue
            key = sentence.span_key(i, j)
            own = named(key)
            candidates = own or also_named(key)
            alone = (i == 0 or not (tokens[i - 1].word and tokens[i - 1].capital)) and \
                    (j == len(tokens) or not (tokens[j].word and tokens[j].capital))
            if not candidates or not alone:
                continue
            best = ([p for p in candidates if p.country in countries]
                    or [p for p in candidates if p.country in doc_countries] or candidates)
            cue = place_cue(sentence, i, j, best[0].country)
            common = key in COMMON_WORDS or key in MONTHS or key in lowercase_words
            if common or best[0].population < SMALL_PLACE or (i == first and j - i == 1):
                enough = cue
            else:
                enough = bool(own) or cue or bool(PREPOSITION.search(sentence.before(i, 1)))
            found.append((Mention(i, j, f'"{sentence.span_text(i, j)}"'), candidates, best, cue, enough))
            covered[i:j] = [True] * (j - i)
            break
    groups = []  # places joined by list separators: "Faro, Olhão e Cascais"
    for item in found:
        if groups and list_between(sentence, groups[-1][-1][0].i, item[0].i):
            groups[-1].append(item)
        else:
            groups.append([item])
    mentions = []
    for group in groups:
        listed = len(group) >= 3 or any(item[4] for item in group)
        for mention, candidates, best, cue, enough in group:
            if not (enough or listed):
                continue
            place = best[0]
            why = (f"{mention.why}: gazetteer place ({place.country}, {place.population:,} people, "
                   f"geonames {place.geonames_id})")
            why += "; a place cue" if cue else "" if enough else "; in a list of places"
            others = sorted({p.country for p in candidates} - {place.country})
            why += f"; also a place in {', '.join(others)}" if others else ""
            mention.why, mention.place = why, place
            mention.actor = Actor(id=new_id("municipality", place.name, place.country), name=place.name,
                                  type="municipality", country=place.country)
            if fold(place.name) != fold(sentence.span_text(mention.i, mention.j)):
                mention.actor.aliases.append(sentence.span_text(mention.i, mention.j))
            mentions.append(mention)
    return mentions


def list_between(sentence: Sentence, a: int, b: int) -> bool:
    """Between the name at token a and the one at b there is only the rest of a's name
    and one list separator (a comma, "e", "and", "et", "y")."""
    between = sentence.tokens[a + 1:b]
    separators = [t for t in between if t.text in ",;" or t.key in ("e", "and", "et", "y")]
    rest = [t for t in between if t not in separators]
    return 1 <= len(separators) <= 2 and all(t.word or t.text in "-'’" for t in rest) and len(rest) <= 4


def match_countries(sentence, covered) -> list[Mention]:
    names, tokens, mentions = country_names(), sentence.tokens, []
    starts = first_words("countries")
    for i in range(len(tokens)):
        if tokens[i].key not in starts:
            continue
        for j in range(min(len(tokens), i + 4), i, -1):
            if any(covered[i:j]) or not joined(sentence, i, j) or not tokens[i].capital:
                continue
            code = names.get(sentence.span_key(i, j))
            if code:
                mentions.append(Mention(i, j, f'"{sentence.span_text(i, j)}"', country=code))
                covered[i:j] = [True] * (j - i)
                break
    for i, token in enumerate(tokens):
        stem = next((s for s in DEMONYMS if token.key.startswith(s)), None)
        if stem and not covered[i]:
            mentions.append(Mention(i, i + 1, f'"{token.text}"', country=DEMONYMS[stem]))
    return mentions
