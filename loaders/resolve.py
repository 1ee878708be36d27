"""Entity resolution: which actor an incoming name means. The one rule, used by every
loader and by every command that takes an actor's name:

1. its id, or an id it was known by before a merge (``ids``);
2. an external id the input gives (``wikidataId``, ``iatiRef``, ``geonamesId``), or its
   Wikidata id given as the name ("Q597");
3. its full name (any case, accents optional), or the same name without the words that
   say it is the local government ("Município de Faro") or without a bracketed acronym;
4. any of its other names: aliases, GeoNames' names of the place in other languages
   (``placeNames``: "Milão", "Milan" for Milano), an acronym written beside the name
   ("AMAL – Comunidade Intermunicipal do Algarve", "Frente Nacional de Prefeitos (FNP)").

A stated country binds: only actors of that country match (and, for an actor that is no
place, international ones when none of the country does). A stated kind binds too; a kind
guessed from a name's words only prefers. Pieces of a name are never names of their own:
"Ministry of Health, … (MoHCDGEC) - Tanzania" is not "Tanzania", and "EELL CAV - País
Vasco" is not "País Vasco". When two actors answer a name equally well it is ambiguous,
never guessed. An unknown party gets a new actor whose id depends only on its type,
country and name, so the same input always yields the same ids.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from munigraph.graph.model import ACTOR_TYPES, fold

# Words that tell the type of an actor known only by name; anything else is a municipality.
TYPE_WORDS = [
    ("consortium", r"\b(consorcio|consortium|consorzio|comunidade intermunicipal|"
                   r"agencia publica intermunicipal|cim|intercommunal)\b"),
    ("association", r"\b(associacao|association|associazione|asociacion|confederacao|"
                    r"confederation|federacao|federation|frente nacional|conference of mayors|"
                    r"league|liga|network|rede|uclg|cglu|mercocidades|platforma|union of|uniao d[ao]s|"
                    r"uccla|cites unies|cities alliance|forum)\b"),
    ("region", r"\b(regiao|region|regione|estado de|governo do estado|state of|provincia|diputacion|"
               r"province|departement|land|comunidad autonoma|oblast)\b"),
    ("organization", r"\b(ministry|ministerio|ministero|ministere|government|governo|gobierno|"
                     r"university|universidade|universita|universite|institute|instituto|"
                     r"agency|agencia|agenzia|agence|fund|fundo|fondo|fonds|fondation|foundation|gesellschaft|"
                     r"fundacao|bank|banco|european union|united nations|nacoes unidas|un habitat|"
                     r"onu|unesco|unicef|undp|pnud|oecd|ocde|cepal|eclac|sebrae|ngo|ong|embassy|"
                     r"embaixada|chamber|camara de comercio|company|empresa|cooperation agency|"
                     r"commission|comissao|council|conselho|centre|center|centro|observatory)\b"),
]


# Words around a place's name that say it is the local government: "Olhão Municipality",
# "Município de Faro", "Comune di Torino".
ADMINISTRATIVE = re.compile(
    r"^(?:municipality of|municipio de|munic[ií]pio d[eao]s?|prefeitura municipal d[eao]s?|"
    r"prefeitura d[eao]s?|c[aâ]mara municipal d[eao]s?|concelho d[eao]s?|comune di|"
    r"ville de|commune de|gemeente|ayuntamiento de|municipalidad de)\s+|"
    r"\s+(?:municipality|municipal council|city council)$", re.IGNORECASE)
# "City" and "Town" are part of some names ("Cape Town", "Mexico City"), so a name is only
# also tried without them ("Malacca City" is Malacca), never named without them.
CITY = re.compile(r"^(?:city|town) of\s+|\s+(?:city|town)$", re.IGNORECASE)


def plain_name(name: str) -> str:
    """A place's name without the words that say it is the local government.

    >>> plain_name("Olhão Municipality"), plain_name("Comune di Torino"), plain_name("Cape Town")
    ('Olhão', 'Torino', 'Cape Town')
    """
    return ADMINISTRATIVE.sub("", name.strip()).strip() or name


PLACES = ("municipality", "region")  # kinds of actor that always have a country


class Ambiguous(ValueError):
    """A name that two or more actors answer to equally well."""

    def __init__(self, name, candidates):
        self.candidates = candidates
        ids = ", ".join(c.id for c in candidates)
        super().__init__(f"{name!r} is ambiguous: it may be {ids}; name the actor by its id"
                         + ("" if all(c.country for c in candidates) else " or add a country"))


EXTERNAL_IDS = ("wikidataId", "iatiRef", "geonamesId")  # identities stronger than any name
WIKIDATA_ITEM = re.compile(r"Q[1-9][0-9]*")


def wikidata_item(text) -> str | None:
    """``text`` as a Wikidata item id, when it is one in any case ("q597" is Q597).

    >>> wikidata_item(" q597 "), wikidata_item("Lisboa")
    ('Q597', None)
    """
    item = str(text or "").strip().upper()
    return item if WIKIDATA_ITEM.fullmatch(item) else None


@dataclass
class Actor:
    """What resolution knows of an actor."""

    id: str
    name: str
    type: str  # municipality, region, association, consortium, organization
    country: str | None = None
    aliases: list = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    ids: list = field(default_factory=list)  # ids it was known by before a merge
    external: dict = field(default_factory=dict)  # EXTERNAL_IDS name -> value
    wikidata_ids: list = field(default_factory=list)  # its other Wikidata items (a town and its municipality)
    place_names: list = field(default_factory=list)  # GeoNames' names in other languages


ACRONYM = re.compile(r"[A-Z][A-Z0-9&.'-]*[A-Z0-9.](?: [A-Z][A-Z0-9&.'-]*[A-Z0-9.])?")


PIECES = re.compile(r"\s+[–—/-]\s+|\s*/\s*")  # what separates the pieces of a name
BRACKETED = re.compile(r"(.+?)\s*\(([^()]+)\)\s*")  # a name and what its brackets hold


def is_acronym(text: str) -> bool:
    """Whether ``text`` is written as an acronym: capitals, at most two words ("FNP", "EELL CAV").

    >>> is_acronym("AMAL"), is_acronym("UCLG"), is_acronym("MoHCDGEC"), is_acronym("Tanzania")
    (True, True, False, False)
    """
    return bool(ACRONYM.fullmatch(text.strip())) and len(text.strip()) <= 16


def _is_country(text: str) -> bool:
    from .countries import named_country

    return named_country(text) is not None


def name_parts(name: str) -> list:
    """Other ways of writing the name ``name`` is: without the words that say it is the local
    government, without "City"/"Town", without a country after a comma, without a bracket;
    and, for a name written with its acronym ("Frente Nacional de Prefeitos (FNP)", "AMAL –
    Comunidade Intermunicipal do Algarve", "CGLU / UCLG – Cidades e Governos Locais
    Unidos"), the acronym and the long name, when the long name's words say what kind of
    body it is or spell the acronym. No other piece of a name is the name: not a country,
    a region, a phrase beside a name, one of two acronyms or two bodies.

    >>> name_parts("Frente Nacional de Prefeitos (FNP)")
    ['Frente Nacional de Prefeitos', 'FNP']
    >>> name_parts("CGLU / UCLG – Cidades e Governos Locais Unidos")
    ['CGLU', 'UCLG', 'Cidades e Governos Locais Unidos']
    >>> name_parts("AMAL – Comunidade Intermunicipal do Algarve")
    ['AMAL', 'Comunidade Intermunicipal do Algarve']
    >>> name_parts("Xai-Xai"), name_parts("Olhão Municipality"), name_parts("Portalegre, Portugal")
    ([], ['Olhão'], ['Portalegre'])
    >>> name_parts("EELL CAV - País Vasco"), name_parts("CEPAL / ECLAC"), name_parts("Oxfam Donor(s)")
    ([], [], ['Oxfam Donor'])
    >>> name_parts("Ministry of Health, Community Development, Gender (MoHCDGEC) - Tanzania")
    []
    >>> name_parts("GIZ (Deutsche Gesellschaft für Internationale Zusammenarbeit) / BMZ")
    []
    """
    return list(_name_parts(name))


@functools.lru_cache(maxsize=65536)
def _name_parts(name: str) -> tuple:
    head, _, rest = name.partition(",")
    parts = [variant for variant in (plain_name(name), CITY.sub("", name).strip(),
                                     head.strip() if rest and _is_country(rest) else "")
             if variant and variant != name]
    bracket = BRACKETED.fullmatch(name)
    if bracket:
        parts.append(bracket[1])
        if is_acronym(bracket[2]):
            parts.append(bracket[2])
        elif is_acronym(bracket[1]) and _long_name_of(bracket[1], bracket[2]):
            parts.append(bracket[2])  # "GIZ (Deutsche Gesellschaft für Internationale Zusammenarbeit)"
        name = bracket[1]
    pieces = [p.strip() for p in PIECES.split(name) if p.strip()]
    if len(pieces) > 1:
        parts = [p for p in parts if p != name]
        acronyms, long = [p for p in pieces if is_acronym(p)], [p for p in pieces if not is_acronym(p)]
        if acronyms and len(long) == 1 and any(_long_name_of(a, long[0]) for a in acronyms):
            parts += pieces
    return tuple(dict.fromkeys(parts))


def name_pieces(name: str) -> list:
    """Every piece of a name around a dash or a slash, or in or before brackets, countries
    left out: hints that it may be another actor (``munigraph review``), not names.

    >>> name_pieces("GIZ (Deutsche Gesellschaft für Internationale Zusammenarbeit) / BMZ")
    ['GIZ', 'Deutsche Gesellschaft für Internationale Zusammenarbeit', 'BMZ']
    >>> name_pieces("Ministry of Health (MoH) - Tanzania"), name_pieces("Xai-Xai")
    (['Ministry of Health', 'MoH'], [])
    """
    pieces = [p.strip() for p in re.split(rf"{PIECES.pattern}|\(|\)", name)]
    return [p for p in dict.fromkeys(pieces) if len(p) > 1 and p != name.strip() and not _is_country(p)]


BODIES = {"association", "consortium", "organization"}
SMALL_WORDS = {"de", "do", "da", "dos", "das", "e", "of", "the", "and", "for", "fur", "des", "du", "la", "le",
               "les", "di", "del", "della", "y", "para", "en", "et", "und", "a", "o", "per"}


def _long_name_of(acronym: str, long: str) -> bool:
    """Whether ``long`` is the name that ``acronym`` stands for: its words say what kind of
    body it is (not a place), or their initials spell the acronym.

    >>> _long_name_of("CGLU", "Cidades e Governos Locais Unidos"), _long_name_of("EELL CAV", "País Vasco")
    (True, False)
    """
    if "(" in long or _is_country(long):
        return False
    if type_hint(long) in BODIES:
        return True
    words = re.findall(r"\w+", fold(long))
    letters = re.sub(r"[^A-Z]", "", acronym.upper())
    return letters in ("".join(w[0] for w in words).upper(),
                       "".join(w[0] for w in words if w not in SMALL_WORDS).upper())


def naming(given: str) -> tuple[str, list]:
    """The name and aliases of a new actor known by ``given``: administrative words and a
    bracketed acronym come off the name; the acronym and the other ways of writing the
    name (``name_parts``) become aliases, a bracketed qualifier stays in the name.

    >>> naming("Frente Nacional de Prefeitos (FNP)")
    ('Frente Nacional de Prefeitos', ['Frente Nacional de Prefeitos (FNP)', 'FNP'])
    >>> naming("UCCLA – União das Cidades Capitais de Língua Portuguesa")[1]
    ['UCCLA', 'União das Cidades Capitais de Língua Portuguesa']
    >>> naming("Menden (Sauerland)"), naming("Olhão Municipality")
    (('Menden (Sauerland)', ['Menden']), ('Olhão', ['Olhão Municipality']))
    >>> naming("Ministry of Health (MoH) - Tanzania")[1]
    []
    """
    name, aliases = _naming(given)
    return name, list(aliases)


@functools.lru_cache(maxsize=65536)
def _naming(given: str) -> tuple:
    name = plain_name(given)
    bracket = BRACKETED.fullmatch(name)
    acronym = bracket and is_acronym(bracket[2])
    if acronym:
        name = bracket[1]
    aliases = [given] if given != name else []
    for part in name_parts(given):
        if part != name and part not in aliases and (acronym or not bracket or part not in bracket[2]):
            aliases.append(part)
    return name, tuple(aliases)


def type_hint(name: str) -> str | None:
    """The actor type the words of a name say, or None when they say none ("Olhão", "AMAL").

    >>> [type_hint(n) for n in ("Olhão", "Frente Nacional de Prefeitos", "CISGA – Consórcio X",
    ...                         "Région Rhône-Alpes", "Government of Germany", "Bristol City Council")]
    [None, 'association', 'consortium', 'region', 'organization', None]
    """
    key = fold(plain_name(name))
    for kind, pattern in TYPE_WORDS:
        if re.search(pattern, key):
            return kind
    return None


def guess_type(name: str) -> str:
    """The actor type a name suggests: what its words say, else a municipality.

    >>> guess_type("Olhão"), guess_type("Associação Oficina")
    ('municipality', 'association')
    """
    return type_hint(name) or "municipality"


# Latin letters that have no decomposition to an ASCII letter.
LATIN_LETTERS = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
                               "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n"})


def slug(text: str) -> str:
    """The id form of a name: folded, in ASCII, words joined by hyphens (a letter of
    another script becomes its code point, so every id matches the records schema).

    >>> slug("São João del-Rei"), slug("Łódź"), slug("Ærøskøbing"), slug("Москва")
    ('sao-joao-del-rei', 'lodz', 'aeroskobing', 'u43cu43eu441u43au432u430')
    """
    folded = fold(text).translate(LATIN_LETTERS).replace(" ", "-")
    return "".join(c if c.isascii() else f"u{ord(c):x}" for c in folded)


def new_id(kind: str, name: str, country: str | None) -> str:
    """The id of a new actor: ``type:cc:slug``, or ``type:slug`` without a country.

    >>> new_id("municipality", "Olhão", "PT"), new_id("association", "Mercocidades", None)
    ('municipality:pt:olhao', 'association:mercocidades')
    """
    assert kind in ACTOR_TYPES, kind
    return f"{kind}:{country.lower()}:{slug(name)}" if country else f"{kind}:{slug(name)}"


def own_id(name: str, kind: str, country: str | None) -> str:
    """The id that ``name`` gives a new actor of ``kind`` and ``country`` (``naming``, ``new_id``).

    >>> own_id("Olhão Municipality", "municipality", "PT")
    'municipality:pt:olhao'
    """
    return new_id(kind, naming(name)[0], country)


class Resolver:
    """Finds the actor a name means among the actors it knows, by the rule of this module.

    >>> r = Resolver([Actor("association:fnp", "Frente Nacional de Prefeitos", "association", "BR", ["FNP"]),
    ...               Actor("municipality:pt:olhao", "Olhão", "municipality", "PT")])
    >>> r.resolve("Olhao", "PT").id, r.resolve("Frente Nacional de Prefeitos (FNP)", "BR").id
    ('municipality:pt:olhao', 'association:fnp')
    >>> r.resolve("Olhão", "BR") is None
    True
    """

    def __init__(self, actors=()):
        self.by_id = {}     # id, or an id it was known by -> actor
        self._external = {}  # (EXTERNAL_IDS name, value) -> ids
        self._names = {}    # folded full name -> ids
        self._others = {}   # folded alias, place name or acronym -> ids
        for actor in actors:
            self.add(actor)

    def add(self, actor: Actor) -> None:
        """Know ``actor`` from now on (a new actor of the load, or one read from the graph)."""
        for identifier in [actor.id, *actor.ids]:
            self.by_id.setdefault(identifier, actor)
        self.by_id[actor.id] = actor
        for key, value in [*actor.external.items(), *(("wikidataId", q) for q in actor.wikidata_ids)]:
            self._external.setdefault((key, str(value)), set()).add(actor.id)
        self._names.setdefault(fold(actor.name), set()).add(actor.id)
        for other in [*actor.aliases, *actor.place_names, *name_parts(actor.name)]:
            self._others.setdefault(fold(other), set()).add(actor.id)

    def with_external(self, external: dict, country: str | None = None) -> list:
        """The actors (of ``country``, when given) that have one of the ``external`` ids."""
        found = {i for key, value in external.items() for i in self._external.get((key, str(value)), ())}
        return [self.by_id[i] for i in sorted(found) if not country or self.by_id[i].country == country]

    def candidates(self, name: str, country: str | None = None, kind: str | None = None,
                   external=None, kinds=None) -> list:
        """The best-matching actors for ``name``: by an external id of ``external``, by
        full name, else by another name. Only actors of ``country`` count when it is given
        (and, for a kind that is not a place, international ones when none of the country
        matches); only actors of ``kinds`` when given. A full name prefers actors of the
        guessed ``kind``; another name must be of ``kind``, when given."""
        for key, value in (external or {}).items():
            found = _narrow([self.by_id[i] for i in sorted(self._external.get((key, str(value)), ()))],
                            country, None, False, kinds)
            if found:
                return found
        full, parts = fold(name), [fold(p) for p in name_parts(name)]
        tiers = [(self._names, [full], False), (self._names, parts, True), (self._others, [full, *parts], True)]
        for index, keys, strict in tiers:
            for key in keys:
                found = _narrow([self.by_id[i] for i in sorted(index.get(key, ())) if not
                                 _other_identity(self.by_id[i], external)], country, kind, strict, kinds)
                if found:
                    return found
        return []

    def resolve(self, name: str, country: str | None = None, kind: str | None = None,
                external=None, kinds=None) -> Actor | None:
        """The one actor ``name`` means, or None when none matches; raises ``Ambiguous``
        when several match equally well."""
        known = self.by_id.get(name)
        if known is not None and _narrow([known], country, None, False, kinds):
            return known
        item = wikidata_item(name)
        if item:  # a Wikidata id names the actor that has it
            external = {"wikidataId": item, **(external or {})}
        found = self.candidates(name, country, kind, external, kinds)
        if len(found) > 1:
            raise Ambiguous(name, found)
        return found[0] if found else None


STATED_IDS = ("wikidataId", "iatiRef")  # identities an input states (a GeoNames id is inferred)


def _other_identity(actor: Actor, external) -> bool:
    """Whether ``actor`` has another identifier of a kind that ``external`` states: then a
    name does not make them one (two organisations with different refs are two)."""
    return any(key in STATED_IDS and actor.external.get(key) not in (None, str(value), value)
               for key, value in (external or {}).items())


def _narrow(actors, country, kind, strict, kinds=None):
    if kinds:
        actors = [a for a in actors if a.type in kinds]
    if country:
        international = [] if kind in PLACES else [a for a in actors if a.country is None]
        actors = [a for a in actors if a.country == country] or international
    if kind:
        same = [a for a in actors if a.type == kind]
        actors = same if same or strict else actors
    return actors


def choose(name: str, actors, country: str | None = None, kind: str | None = None) -> list:
    """The actors among ``actors`` that ``name`` means best, by the rule of this module:
    one, several (ambiguous) or none. ``country`` and ``kind`` bind.

    >>> both = [Actor("municipality:br:santarem", "Santarém", "municipality", "BR"),
    ...         Actor("municipality:pt:santarem", "Santarém", "municipality", "PT")]
    >>> [a.id for a in choose("Santarem", both)], [a.id for a in choose("Santarém", both, "PT")]
    (['municipality:br:santarem', 'municipality:pt:santarem'], ['municipality:pt:santarem'])
    """
    resolver = Resolver(actors)
    known = resolver.by_id.get(name)
    if known is not None:
        return [known]
    return resolver.candidates(name, country, kinds={kind} if kind else None)
