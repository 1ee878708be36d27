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
import itertools
import re
from urllib.parse import urlsplit

from munigraph.graph.model import fold

from .. import places
from ..countries import country, country_names as all_country_names
from ..resolve import Actor, new_id
from .dates import MONTHS
from .mentions import COMMON_WORDS, NOT_ACTORS, Mention
from .text import CONNECTORS, Sentence, glued, joined
from .words import either, table

# Countries where the draft takes places down to the index's 1,000 people.
LUSOPHONE = {"BR", "PT", "MZ", "AO", "CV", "GW", "ST", "TL"}
SMALL_PLACE = 15000  # below: only with a cue ("município de X") or in a list of places
BIG_CITY = 500000  # from: found by its names in other languages too ("Marselha")
ATLANTIC = {"BR": "PT", "PT": "BR"}  # a Portuguese text's side and the other
LONG_NAME = 3  # words: a place's name this long ("Bradford on Avon") is taken at any size, without a cue
FAR_BIGGER = 20  # times: a city that many times bigger by another name beats a town by its own ("San Pablo")
LATIN_NAME = re.compile(r"[A-Za-zÀ-ÿ' -]+")

WORDS = table("actor")
BRAZILIAN_STATES = set(WORDS["brazilian_states"]["words"])
DEMONYMS = WORDS["demonyms"]["stems"]
PLACE_CUE = re.compile(rf"\b{either(WORDS['place_cues']['patterns'])}"
                       rf"{either(' ' + w for w in WORDS['place_cues']['then'])}?$")
PLACE_NOUN = re.compile(rf"[,(] {either(WORDS['place_nouns']['articles'])} (?:\w+ )?"
                        rf"{either(WORDS['place_nouns']['nouns'])}\b")
PREPOSITION = re.compile(rf"\b{either(WORDS['prepositions']['words'])}$")
ABBREVIATED = WORDS["abbreviated_names"]["words"]
SAINTS = {"sao", "santo", "santa", "san", "saint", "sainte", "sankt"}  # a name opening so may be a saint's
LOOSE = set(WORDS["loose_connectors"]["words"])
OF = LOOSE | {"of"}  # "Universidade de Lisboa", "University of Leeds"
COUNTRY_AFTER = set(WORDS["country_after"]["words"])
ARTICLES = set(WORDS["country_after"]["articles"])
TERRITORIES = WORDS["territories"]["codes"]
STATE_WORDS = set(WORDS["country_after"]["state_words"])
MUNICIPAL_SITE = set(WORDS["municipal_sites"]["words"])
LANGUAGE_COUNTRIES = {language: set(codes) for language, codes in WORDS["language_countries"]["codes"].items()}
TIGHT_BINDING = {"(", "–", "—", "-", "|"}  # "Macau (China)", "Mindelo – Cabo Verde": the name's own country
NOT_PLACE = re.compile(rf"\b{either(WORDS['not_places']['patterns'])}(?: (?:la|l|el|o|a|the))?$")  # "de la Vienne"
PLACE_NOUNS = re.compile(either(WORDS["place_nouns"]["nouns"]))
HELD_IN_CUE = re.compile(rf"\b{either(WORDS['held_in']['words'])}$")
TWINNED_AFTER = re.compile(rf"{either(WORDS['twinned_after']['patterns'])}\b")  # "Braga is twinned with"
NEAR = re.compile(rf"\b{either(WORDS['near']['words'])}$")  # "near Munich": a landmark, not a party


def draftable(place: places.Place) -> bool:
    """A place the draft may propose (the module doc)."""
    return place.country in LUSOPHONE or place.geonames_id in places.listed()


def loose(key: str) -> str:
    """A folded name without the connectors it may be written with or without."""
    return " ".join(w for w in key.split(" ") if w not in LOOSE)


@functools.lru_cache(maxsize=None)
def by_loose_name(country: str | None = None) -> dict:
    """Like places.by_name, by the names without their connectors."""
    index = {}
    for key, found in places.by_name(country).items():
        index.setdefault(loose(key), []).extend(p for p in found if p not in index.get(loose(key), ()))
    return {key: tuple(sorted(found, key=lambda p: -p.population)) for key, found in index.items()}


def by_own_name(key: str, country: str | None = None) -> tuple[places.Place, ...]:
    """The places (of ``country``, or of every country) a folded name is the own name of,
    written with or without its connectors, most populous first."""
    return places.by_name(country).get(key) or by_loose_name(country).get(loose(key), ())


def named(key: str) -> list[places.Place]:
    """The places the draft may propose for a folded name as their own name (written with
    or without its connectors), most populous first."""
    if len(key.replace(" ", "")) < 4:
        return []
    return [p for p in by_own_name(key) if draftable(p)]


def also_named(key: str) -> list[places.Place]:
    """The cities of 500,000 people or more the draft may propose for a folded name in
    another language, written in Latin letters ("Marselha"), most populous first."""
    if len(key.replace(" ", "")) < 4:
        return []
    return [p for p in places.by_other_name(min_population=BIG_CITY).get(key, ())
            if draftable(p) and key in {fold(n) for n in p.other_names if LATIN_NAME.fullmatch(n)}]


def place_of_address(url: str) -> places.Place | None:
    """The municipality whose own site an address is on, of the country of its country-code
    domain: a host that is the place's name ("paris.fr"), or that names it beside a
    government mark ("cm-felgueiras.pt", "sawbridgeworth-tc.gov.uk", "cordoba.gob.ar",
    ``municipal_sites``); None for any other address ("jornal-de-leiria.pt")."""
    labels = (urlsplit(url).hostname or "").removeprefix("www.").split(".")
    code = "GB" if labels[-1] == "uk" else labels[-1].upper()
    if len(code) != 2 or not country(code):
        return None
    index = _by_name_unspaced(code)  # its own names, then its other names ("cm-lisboa.pt": Lisbon)
    if len(labels) == 2 and labels[0] in index:
        return index[labels[0]][0]
    words = [w for label in labels[:-1] for w in label.split("-")]
    if not any(w in MUNICIPAL_SITE for w in words):
        return None
    return next((index[w][0] for w in sorted(words, key=len, reverse=True)
                 if len(w) >= 4 and w in index and w not in MUNICIPAL_SITE), None)


@functools.lru_cache(maxsize=None)
def _by_name_unspaced(code: str) -> dict:
    """The places of a country by their folded own names written without spaces
    ("alfandegadafe"), then by their other names ("lisboa")."""
    index = {}
    for names, shortest in ((places.by_name(code), 1), (places.by_other_name(code), 5)):  # not codes ("abc")
        for key, found in names.items():
            if len(key) >= shortest:
                index.setdefault(key.replace(" ", ""), found)
    return index


def anywhere(keys, other_names=False) -> list[places.Place]:
    """The places of the whole index (1,000 people or more, every country) one of the folded
    ``keys`` names as their own name (or, with ``other_names``, as another of their names:
    "Sagunt" for Sagunto), most populous first."""
    index = places.by_other_name() if other_names else None
    return next((list(found) for key in keys if len(key.replace(" ", "")) >= 4
                 and (found := index.get(key) if other_names else by_own_name(key))), [])


def in_country(keys, country: str) -> places.Place | None:
    """The most populous place of ``country`` (or of its territories) that one of the
    folded ``keys`` names, by its own name or another, of any size the index holds."""
    for key in keys:
        for code in [country, *TERRITORIES.get(country, ())]:
            found = by_own_name(key, code) or places.by_other_name(code).get(key)
            if found:
                return found[0]
    return None


def span_keys(sentence: Sentence, i: int, j: int) -> list[str]:
    """The folded names tokens i..j-1 may stand for: as written, with each abbreviation
    spelled out ("S. João" → "sao joao", "santo joao", ...), a possessive joined to its word
    ("Bishop's Stortford" → "bishops stortford"), and without a last "City" ("Iloilo City"
    → "iloilo city", "iloilo")."""
    tokens, words, k = sentence.tokens, [], i
    while k < j:
        if tokens[k].key in ABBREVIATED and k + 1 < j and tokens[k + 1].text == ".":
            words.append(ABBREVIATED[tokens[k].key])
            k += 2
            continue
        if tokens[k].key == "s" and words and tokens[k - 1].text in "'’":  # "Bishop's Stortford": "bishops"
            words[-1] = [word + "s" for word in words[-1]]
        elif tokens[k].key:
            words.append([tokens[k].key])
        k += 1
    keys = [" ".join(words) for words in itertools.product(*words)]
    if len(words) > 1 and words[-1] == ["city"]:  # "Iloilo City": also "iloilo"
        keys += [key.rsplit(" ", 1)[0] for key in keys]
    return keys


def name_span(sentence: Sentence, i: int, j: int) -> bool:
    """Tokens i..j-1 may form one place's name: ``joined``, or with abbreviations ("S. João")."""
    tokens = sentence.tokens
    if joined(sentence, i, j):
        return True
    dots = [k for k in range(i, j) if tokens[k].text == "."]
    return bool(dots) and all(k > i and tokens[k - 1].key in ABBREVIATED for k in dots) and \
        tokens[i].word and tokens[j - 1].word and \
        all(t.word or t.text in ".-–—/'’" for t in tokens[i:j])


def postal(sentence: Sentence, i: int) -> bool:
    """Whether the name starting at token i follows a postal code: "1000 Brussels",
    "78000 VERSAILLES (France)" are addresses, not places the text is about."""
    code = sentence.tokens[i - 1].text if i > 0 else ""
    return bool(re.fullmatch(r"\d{4,5}", code)) and not re.fullmatch(r"(?:19|20)\d\d", code)  # not a year


def qualified(sentence: Sentence, j: int) -> bool:
    """Whether the name ending at token j is written with a qualifier of its own:
    "Warminster, Wiltshire", "Santa Cruz (Madeira)"."""
    tokens = sentence.tokens
    return j < len(tokens) and (tokens[j].text == "(" or tokens[j].text == "," and j + 1 < len(tokens)
                                and tokens[j + 1].word and tokens[j + 1].capital)


def country_after(sentence: Sentence, j: int) -> list[str]:
    """The countries a country's name written just after a name ending at token j binds it
    to: "Boa Vista (Cabo Verde)", "Faro, Portugal", "Mindelo – Cabo Verde", "Santa Cruz |
    Cabo Verde", "em Cabo Verde", ", em França", "en France", "in Germany". A short name
    stands for each country it begins ("Guiné": Guinea, Guinea-Bissau, ...), the country
    it names first."""
    tokens, k = sentence.tokens, j
    if k >= len(tokens):
        return []
    names = country_names()
    if tokens[k].text == "(":
        k, names = k + 1, all_country_names()  # brackets: short names too ("Irã")
    elif tokens[k].text in {",", "–", "—", "|"} or tokens[k].text == "-" and not glued(tokens, k):
        k += 1
    if k < len(tokens) and tokens[k].key in COUNTRY_AFTER and not tokens[k].capital:
        k += 1
        if k < len(tokens) and tokens[k].key in ARTICLES and not tokens[k].capital:
            k += 1
    if k == j:
        return []
    if k < len(tokens) and tokens[k].key in STATE_WORDS:  # "(REPUBLIQUE DU MALI)", "República Federativa do Brasil"
        k = next((m for m in range(k + 1, min(len(tokens), k + 4)) if tokens[m].capital
                  and tokens[m].key in first_words("countries")), k)
    for end in range(min(len(tokens), k + 5), k, -1):
        if tokens[k].capital and joined(sentence, k, end) and not (
                end < len(tokens) and tokens[end].word and tokens[end].capital):  # not "(China Daily)"
            key = sentence.span_key(k, end)
            if key in names:
                return [names[key]] + sorted(countries_beginning(key) - {names[key]})
    return []


@functools.lru_cache(maxsize=None)
def country_names() -> dict:
    """Folded country name → code (loaders/countries.py), without the names under four
    letters but "eua", "usa" and "uk", as short ones are words too; and the names of the
    states of the United States, as "Tustin, California" binds Tustin as "Tustin, USA"
    would, but not a state named as a city or a country is ("New York", "Georgia")."""
    names = {key: code for key, code in all_country_names().items() if len(key) >= 4 or key in ("eua", "usa", "uk")}
    cities = (places.by_name(min_population=SMALL_PLACE), places.by_other_name(min_population=SMALL_PLACE))
    states = {fold(state) for state in places.us_states()}
    return {**{state: "US" for state in states if state not in names and not any(state in c for c in cities)},
            **names}


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


def cue_words(sentence: Sentence, i: int, j: int) -> bool:
    """Words around the name at tokens i..j-1 that say it is a town in any country:
    "município de X", "X is twinned with"."""
    return bool(PLACE_CUE.search(sentence.before(i))) or j < len(sentence.tokens) and \
        bool(TWINNED_AFTER.match(sentence.folded, sentence.offsets[j]))


def place_cue(sentence: Sentence, i: int, j: int, country: str) -> bool:
    """Words around a name that say it is a municipality (of ``country``, for the last
    three): "município de X", "X is twinned with", "X, Brasil", "X (Brasil)", "X (SP)",
    "X, a municipality in ..."."""
    if cue_words(sentence, i, j):
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


@functools.lru_cache(maxsize=None)
def countries_beginning(key: str) -> frozenset:
    """The countries whose folded names begin with the words of ``key`` ("guine": GN, GW, GQ, PG)."""
    return frozenset(code for name, code in all_country_names().items() if name.startswith(key + " "))


def country_before(sentence: Sentence, i: int) -> list[str]:
    """The country a demonym just before a name starting at token i binds it to: "la
    maltesa Mdina", "la francesa de Pau", "the Mexican city of Chihuahua"."""
    tokens, k = sentence.tokens, i - 1
    if k >= 0 and tokens[k].key in ("de", "of", "d"):
        k -= 1
    if k >= 1 and PLACE_NOUNS.fullmatch(tokens[k].key):
        k -= 1
    if k < 0 or tokens[k].capital and tokens[k].key in country_names():
        return []
    code = next((DEMONYMS[stem] for stem in DEMONYMS if tokens[k].key.startswith(stem)), None)
    return [code] if code else []


def inside_name(sentence: Sentence, i: int) -> bool:
    """Whether the name starting at token i ends another's ("Universidade de Lisboa",
    "Remadores do Lima"): after "de", "of", ... and a capitalised word that does not open
    the sentence, unless that name is a town's own organ, title or place word ("Câmara
    Municipal de Lisboa", "Mayor of Caledon", "City of Minneapolis")."""
    tokens = sentence.tokens
    if i < 2 or tokens[i - 1].key not in OF or not (tokens[i - 2].word and tokens[i - 2].capital):
        return False
    k = i - 2
    while k > 0 and tokens[k - 1].word and tokens[k - 1].capital:
        k -= 1
    first = next((n for n, t in enumerate(tokens) if t.word), 0)
    run = sentence.span_key(k, i - 1)
    return not (k == first and i - 2 == first) and not NOT_ACTORS.match(run) and \
        not PLACE_CUE.search(f"{run} {tokens[i - 1].key}") and not PLACE_NOUNS.fullmatch(tokens[i - 2].key)


def surnames(sentence: Sentence, covered) -> set:
    """The folded words a sentence writes after a given name ("Annette Groves", "Sim
    Hayward"): a capitalised word after another, not opening the sentence, neither common
    nor a word for a town or its organ, and not inside a name already recognised."""
    tokens, found = sentence.tokens, set()
    for k in range(2, len(tokens)):
        given, last = tokens[k - 1], tokens[k]
        if given.word and last.word and given.capital and last.capital and not given.text.isupper() \
                and not last.text.isupper() and not covered[k - 1] and not covered[k] \
                and given.key not in COMMON_WORDS and not PLACE_NOUNS.fullmatch(given.key) \
                and not NOT_ACTORS.match(given.key) and tokens[k - 2].text not in ".:;":
            found.add(last.key)
    return found


def match_places(sentence, covered, countries, doc_countries, lowercase_words, home=frozenset(),
                 side=None, persons=frozenset()) -> list[Mention]:
    """Gazetteer places named in a sentence (after the names a country written beside them
    binds, ``bound_places``, are taken).

    A name is a capitalised name standing on its own, not a demonym ("cidade Brasileira"),
    not inside a longer capitalised name such as a person's, nor followed by "da"/"de" and
    a capitalised word ("Santa Maria da Feira"), nor a part of a hyphenated name
    ("Miami-Dade"), nor after a postal code, nor inside another name ("Universidade de
    Lisboa", ``inside_name``), nor after "Ilha de", "estado de", ... (``not_places``).

    A place the draft does not otherwise take (under 15,000 people outside the
    Portuguese-speaking countries) counts only after a cue ("la ciudad de General Artigas";
    then also by another of its names, "Ayuntamiento de Sagunt") or by a name of three
    words or more that is not a saint's ("Sully-sur-Loire"; not "San Francisco Javier").
    A name that is also a common word, of a place under 15,000
    people (unless of three words or more), of one word opening the sentence outside the
    ``home`` countries (those the document names and those of its language: "Tendo em
    vista ..."), or that the text also writes after a given name (``persons``: "Sim
    Hayward") needs a cue ("município de X", "X, Brasil") or a list of places around it; a
    name in another language ("Marselha") needs at least a preposition before it ("em
    Lisboa") unless it is of a city of 500,000 people or more.

    Of the places a name may be: a town in Brazil and one in Portugal, the one on the
    text's ``side`` (``text.portuguese_side``) unless the other is a city of 500,000
    people or more; then one of a country the sentence names (not those written beside
    another name: "Guadalajara (México)"), then one of a country the document names (of
    15,000 people or more), then a place of 15,000 people or more by its own name
    ("Zaragoza": not Tijuana, once so called) unless a city twenty times bigger goes by
    that name ("San Pablo": São Paulo), then the most populous by any name ("Assunção":
    Asunción, not the Brazilian village)."""
    tokens, found, mentions = sentence.tokens, [], []
    first = next((k for k, t in enumerate(tokens) if t.word), 0)
    starts = first_words("places")
    for i in range(len(tokens)):
        possessive = i + 2 < len(tokens) and tokens[i + 1].text in "'’" and tokens[i + 2].key == "s"
        if tokens[i].key not in starts and tokens[i].key not in ABBREVIATED and \
                not (possessive and tokens[i].key + "s" in starts):
            continue
        for j in range(min(len(tokens), i + 7), i, -1):
            if any(covered[i:j]) or not name_span(sentence, i, j) and not all(
                    t.word and (t.capital or t.key in CONNECTORS) for t in tokens[i:j]):
                continue
            if not (tokens[i].capital and tokens[j - 1].capital) or sentence.span_text(i, j).isupper():
                continue
            keys = span_keys(sentence, i, j)
            key, own = next(((k, places_named) for k in keys if (places_named := named(k))), (keys[0], []))
            also = [p for p in also_named(key) if p not in own]
            far_bigger = also and own and also[0].population >= FAR_BIGGER * own[0].population
            candidates = (own + also if own and own[0].population >= SMALL_PLACE and not far_bigger
                          else sorted(own + also, key=lambda p: -p.population))
            if side in ATLANTIC and any(p.country == side for p in candidates):  # "Cantanhede" in a text from Portugal
                candidates = [p for p in candidates if p.country != ATLANTIC[side] or p.population >= BIG_CITY]
            alone = (i == 0 or not (tokens[i - 1].word and tokens[i - 1].capital)) and \
                    (j == len(tokens) or not (tokens[j].word and tokens[j].capital)) and \
                    not (j + 1 < len(tokens) and tokens[j].key in LOOSE and tokens[j + 1].capital) and \
                    not (i > 1 and glued(tokens, i - 1) or j + 1 < len(tokens) and glued(tokens, j)
                         and tokens[j + 1].key not in country_names())  # "Miami-Dade"; not "Balingen-Alemanha"
            demonym = any(key.startswith(stem) and len(key) <= len(stem) + 2 for stem in DEMONYMS)  # "Brasileira"
            if not alone or demonym or postal(sentence, i) or inside_name(sentence, i) \
                    or NOT_PLACE.search(sentence.before(i, 3)):
                continue
            long_name = len(key.split()) >= LONG_NAME and key.split()[0] not in SAINTS  # not "San Francisco Javier"
            if not candidates:  # any place of the index, after a cue ("la ciudad de General Artigas")
                own = candidates = anywhere(keys)  # or by a name of three words or more ("Sully-sur-Loire")
                if not own or not (place_cue(sentence, i, j, own[0].country) or long_name):
                    if not (cue_words(sentence, i, j) or j + 1 < len(tokens) and tokens[j].text in ",("):
                        continue  # no cue can follow: the index of other names is not built for nothing
                    own = candidates = anywhere(keys, other_names=True)  # "Ayuntamiento de Sagunt": Sagunto
                    if not own or not place_cue(sentence, i, j, own[0].country):
                        continue
            best = ([p for p in candidates if p.country in countries]
                    or [p for p in candidates if p.country in doc_countries and p.population >= SMALL_PLACE]
                    or candidates)
            cue = place_cue(sentence, i, j, best[0].country)
            common = key in COMMON_WORDS or key in MONTHS or key in lowercase_words
            opening = i == first and j - i == 1 and best[0].country not in home  # "Tendo em vista ..."
            person = key in persons  # "Hayward said", after "Sim Hayward"
            if common or best[0].population < SMALL_PLACE and not long_name or opening or person:
                enough = cue
            else:
                enough = best[0] in own or cue or bool(PREPOSITION.search(sentence.before(i, 1))) \
                    or len(key) >= 5 and best[0].population >= BIG_CITY
            found.append((Mention(i, j, f'"{sentence.span_text(i, j)}"'), candidates, best, cue, enough))
            covered[i:j] = [True] * (j - i)
            break
    groups = []  # places joined by list separators: "Faro, Olhão e Cascais"
    for item in found:
        if groups and list_between(sentence, groups[-1][-1][0].i, item[0].i):
            groups[-1].append(item)
        else:
            groups.append([item])
    for group in groups:
        listed = len(group) >= 3 or any(item[4] for item in group)
        for mention, candidates, best, cue, enough in group:
            if not (enough or listed):
                covered[mention.i:mention.j] = [False] * (mention.j - mention.i)  # free for a name known otherwise
                continue
            place = best[0]
            why = (f"{mention.why}: gazetteer place ({place.country}, {place.population:,} people, "
                   f"geonames {place.geonames_id})")
            why += "; a place cue" if cue else "" if enough else "; in a list of places"
            others = sorted({p.country for p in candidates} - {place.country})
            why += f"; also a place in {', '.join(others)}" if others else ""
            mentions.append(_place_mention(sentence, mention, place, why))
    return sorted(mentions, key=lambda m: m.i)


def bound_places(sentence, covered, lowercase_words=frozenset()) -> list[Mention]:
    """Names a country written beside them binds (``country_after``, ``country_before``):
    the place of that country the gazetteer knows by the name, of any size; else, when the
    gazetteer has no such place and the country is certain, a municipality of that country
    by the name as written, for the reviewer to check ("Boa Vista (Cabo Verde)": GeoNames
    lists the island's town as Sal Rei). A name that is no place of that country, after a
    town and a comma, is the town's region ("Santa Cruz, Madeira, Portugal"). Not a name
    after "Ilha de", "estado de", ...
    (``not_places``), nor words the text also writes in lower case ("They (China) count")."""
    mentions = []
    for names, codes, written_after in _bound_names(sentence, covered):
        whole = names and not any(covered[names[0][0]:names[0][1]])
        names = [(k, j) for k, j in names if not any(covered[k:j]) and not NOT_PLACE.search(sentence.before(k, 3))
                 and not postal(sentence, k)]
        hit = next((((k, j), found, code) for k, j in names for code in codes
                    if (found := in_country(span_keys(sentence, k, j), code))), None)
        if hit is None and names and written_after:  # "Santa Cruz, Madeira, Portugal": the town before its region
            hit = _town_before_region(sentence, covered, min(k for k, _ in names), codes)
            if hit:
                region = names[0]
                covered[region[0]:region[1]] = [True] * (region[1] - region[0])
        if hit:
            (k, j), found, code = hit
            why = (f'"{sentence.span_text(k, j)}": gazetteer place ({found.country}, '
                   f'{found.population:,} people, geonames {found.geonames_id}); the country written beside it')
            territory = found.country in TERRITORIES.get(code, ())  # "Macau (China)": as the text says
            if territory:
                why += f"; {code} as the text says, where GeoNames files it under {found.country}"
            mention = _place_mention(sentence, Mention(k, j, ""), found, why)
            if territory:
                mention.actor.country, mention.actor.id = code, new_id("municipality", found.name, code)
        else:
            name = _unlisted_name(sentence, names[0] if written_after else names[-1]) if names and whole else None
            if name is None or len(codes) > 1 or all(
                    w in lowercase_words for w in sentence.span_key(*name).split()):
                if names and whole and written_after:  # "Macau (Portugal)": no place of another country either
                    k, j = names[-1]
                    covered[k:j] = [True] * (j - k)
                continue
            k, j = name
            text = sentence.span_text(k, j)
            actor = Actor(id=new_id("municipality", text, codes[0]), name=text, type="municipality",
                          country=codes[0])
            mention = Mention(k, j, f'"{text}": a municipality of {codes[0]} by the country written beside '
                                    f"it (not in the gazetteer: check it)", actor)
        mentions.append(mention)
        covered[mention.i:mention.j] = [True] * (mention.j - mention.i)
    return mentions


def _town_before_region(sentence, covered, start, codes):
    """((span), place, code) of a place of one of ``codes`` named just before ", " and the
    name at ``start`` ("Santa Cruz, Madeira, Portugal"; "Springfield, Illinois, USA"), or None."""
    tokens, end = sentence.tokens, start - 1
    if end < 1 or tokens[end].text != "," or not (tokens[end - 1].word and tokens[end - 1].capital):
        return None
    first = _name_start(sentence, covered, end)
    return next((((k, end), found, code) for k in range(first, end) if _starts_name(sentence, k, end)
                 for code in codes if (found := in_country(span_keys(sentence, k, end), code))), None)


def _bound_names(sentence, covered):
    """(the spans a bound name may be, longest first; its countries; whether the country is
    written after it) for each country written beside a capitalised name."""
    tokens = sentence.tokens
    for j in range(1, len(tokens)):
        if tokens[j - 1].word and tokens[j - 1].capital and not covered[j - 1]:
            codes = country_after(sentence, j)
            if codes:
                i = _name_start(sentence, covered, j)
                yield [(k, j) for k in range(i, j) if _starts_name(sentence, k, j)], codes, True
    for i in range(1, len(tokens)):
        if tokens[i].word and tokens[i].capital and not covered[i]:
            codes = country_before(sentence, i)
            if codes:
                yield [(i, j) for j in range(min(len(tokens), i + 6), i, -1) if _starts_name(sentence, i, j)], \
                    codes, False


def _unlisted_name(sentence, span) -> tuple[int, int] | None:
    """The name a place the gazetteer lacks goes by in ``span``, without a place noun before
    it ("Município do Sal": "Sal"), or None when it looks like no place's name."""
    k, j = span
    k = next((m for m in range(k + 1, j) if sentence.tokens[m].capital
              and PLACE_CUE.search(sentence.span_key(k, m))), k)
    key = sentence.span_key(k, j)
    if key in COMMON_WORDS or key in all_country_names() or key.upper() in BRAZILIAN_STATES \
            or len(key.replace(" ", "")) < 3 or j - k > 5 or PLACE_CUE.search(key) \
            or any(NOT_PLACE.search(sentence.span_key(k, m)) for m in range(k + 1, j)):
        return None
    return k, j


def _name_start(sentence, covered, j) -> int:
    """The first token of the capitalised words (with connectors, abbreviations and
    possessives: "Bishop's Stortford") ending at j."""
    tokens, i = sentence.tokens, j - 1
    while i > 0 and j - i < 7 and not covered[i - 1] and (
            tokens[i - 1].word and tokens[i - 1].capital
            or i > 1 and tokens[i - 1].key in CONNECTORS and (tokens[i - 2].capital or glued(tokens, i - 2)
                                                             or i > 2 and tokens[i - 2].key in CONNECTORS
                                                             and tokens[i - 3].capital)  # "de la Sierra"
            or i > 1 and tokens[i - 1].text == "." and tokens[i - 2].key in ABBREVIATED
            or i > 2 and tokens[i - 1].key == "s" and tokens[i - 2].text in "'’" and tokens[i - 3].capital
            or i > 1 and tokens[i - 1].text in "'’" and tokens[i].key == "s"
            or glued(tokens, i - 1)):
        i -= 1
    return i


def _starts_name(sentence, k, j) -> bool:
    return sentence.tokens[k].word and sentence.tokens[k].capital and name_span(sentence, k, j) \
        and sentence.tokens[j - 1].capital


def binds_a_name(sentence, mention) -> bool:
    """A country's mention that binds the name before it ("Guadalajara (México)"), which
    says nothing of the sentence's other places."""
    tokens = sentence.tokens
    return any(tokens[k - 1].word and tokens[k - 1].capital and tokens[k].text in TIGHT_BINDING
               and country_after(sentence, k) for k in range(max(1, mention.i - 1), mention.i))


def beside_a_name(sentence, mention) -> bool:
    """A country's mention written beside a name in any way ``country_after`` reads
    ("Harrogate, England", "Santa Catarina em Cabo Verde"): it is that name's country,
    not the document's."""
    tokens = sentence.tokens
    return any(tokens[k - 1].word and tokens[k - 1].capital and mention.country in country_after(sentence, k)
               for k in range(max(1, mention.i - 3), mention.i + 1))


def _inside_place(sentence, i, j) -> bool:
    """Tokens i..j-1 (a country's name) are part of a longer place's name: "Vila Franca de Xira"."""
    index = places.by_name()
    return any(joined(sentence, a, b) and sentence.span_key(a, b) in index
               for a in range(max(0, i - 3), i + 1) for b in range(j, min(len(sentence.tokens), j + 4) + 1)
               if (a, b) != (i, j))


def _place_mention(sentence, mention, place, why) -> Mention:
    mention.why, mention.place = why, place
    mention.actor = Actor(id=new_id("municipality", place.name, place.country), name=place.name,
                          type="municipality", country=place.country)
    written = sentence.span_text(mention.i, mention.j)
    if written != place.name and not written.isupper():  # "Marselha", "Medina de Rioseco"
        mention.actor.aliases.append(written)
    return mention


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
            bound = j < len(tokens) and tokens[j].text in TIGHT_BINDING and country_after(sentence, j)
            if code and not _inside_place(sentence, i, j) and not bound:
                mentions.append(Mention(i, j, f'"{sentence.span_text(i, j)}"', country=code))
                covered[i:j] = [True] * (j - i)
                break
    for i, token in enumerate(tokens):
        stem = next((s for s in DEMONYMS if token.key.startswith(s)), None)
        if stem and not covered[i]:
            mentions.append(Mention(i, i + 1, f'"{token.text}"', country=DEMONYMS[stem]))
    return mentions
