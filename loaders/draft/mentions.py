"""What the drafter knows of actors (the graph's, and those found in the text so far), and
the mentions of known actors in a sentence, longest names first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from munigraph.graph.model import fold

from ..places import Place
from ..resolve import Actor, name_parts
from .text import CONNECTORS, DETERMINERS, FUNCTION_WORDS, STOP_WORDS, Sentence, joined
from .words import either, table

# Names that are also common words: a known actor so named is not taken from a single word
# opening a sentence, and a place so named needs a cue (geography.py).
# The start of a name of an organ or a room of an actor, or of a person's title, not an actor.
NOT_ACTORS = re.compile(rf"^{either(table('actor')['not_actors']['patterns'])}\b")
COMMON_WORDS = (set(table("actor")["common_words"]["words"]) | FUNCTION_WORDS | DETERMINERS | CONNECTORS
                | {fold(w) for ws in STOP_WORDS.values() for w in ws})


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
                         set(actor.aliases) & {x for x in a.aliases if x.isupper()}), None) or \
                next((a for a in self.found.values() if a.type == actor.type and actor.type != "municipality"
                      and a.id != actor.id and shortened(a.name, actor.name)), None)
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

    def add_place(self, actor: Actor, why: str, place: Place | None):
        """A municipality proposed, with the GeoNames id and population of its gazetteer
        ``place`` (None for one the gazetteer lacks)."""
        self.add(actor, why)
        if place:
            self.extra[actor.id] = {"geonamesId": place.geonames_id, "population": place.population}

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


def shortened(a: str, b: str) -> bool:
    """One organisation's name is the other's without some of its inner words, and of
    three words or more: "Asociación de Hermanamientos", "Asociación Cultural de Hermanamientos"."""
    short, long = sorted((fold(a).split(), fold(b).split()), key=len)
    if len(short) < 3 or len(short) == len(long) or short[0] != long[0] or short[-1] != long[-1]:
        return False
    words = iter(long)
    return all(word in words for word in short)


def form_fits(sentence: Sentence, i: int, j: int, actor: Actor) -> bool:
    """A known name matches only as written: an acronym in capitals, a name capitalised."""
    text = sentence.span_text(i, j)
    forms = [actor.name, *actor.aliases, *name_parts(actor.name)]
    same = [f for f in forms if fold(f) == fold(text)]
    if any(f.isupper() and len(f) <= 8 for f in same):
        return text.isupper() and any(f == text for f in same)
    return sentence.tokens[i].capital and (i > 0 or j - i > 1 or fold(text) not in COMMON_WORDS)


def match_known(sentence, covered, recognised, countries, only_known=False) -> list[Mention]:
    """Actors already recognised (in the graph, or named earlier in the text), longest
    names first; ``only_known``: those of the graph only."""
    mentions, i, n = [], 0, len(sentence.tokens)
    while i < n:
        if sentence.tokens[i].key not in recognised.first_words:
            i += 1
            continue
        for j in range(min(n, i + 14), i, -1):
            if covered[i] or not joined(sentence, i, j):
                continue
            ranked = [(r, a) for r, a in recognised.forms.get(sentence.span_key(i, j), ())
                      if a in recognised.known or not only_known]
            if not ranked:
                continue
            best = [recognised.actor(a) for r, a in ranked if r == ranked[0][0]]
            best = [a for a in best if a.country in countries] or best
            if form_fits(sentence, i, j, best[0]):
                how = "in the graph" if best[0].id in recognised.known else "named in this text"
                also = f"; or {', '.join(a.id for a in best[1:])}" if len(best) > 1 else ""
                mentions.append(Mention(i, j, f'"{sentence.span_text(i, j)}" ({how}{also})', best[0]))
                covered[i:j] = [True] * (j - i)
                i = j - 1
                break
        i += 1
    return mentions
