"""The words that make a sentence a cooperation (cues: "acordo", "missão", "programa", ...)
with the cooperation's name when the text gives one, and the words that give a party its
role or an agreement its status."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..topics import find_topics
from .geography import HELD_IN_CUE, PLACE_NOUNS
from .mentions import NOT_ACTORS, Mention
from .organisations import capital_spans
from .text import CONNECTORS, DETERMINERS, FUNCTION_WORDS, Sentence, title
from .words import table, whole_words

WORDS = table("cue")
# Cooperation cues, in the order they are tried: (pattern, type, kind).
# A space in a pattern also matches a hyphen ("cidades-irmãs", "sister-city").
CUES = [("|".join(cue["patterns"]).replace(" ", r"(?: -)? "), cue["type"], cue["kind"])
        for cue in WORDS["cues"]["cues"]]
# A sentence naming two or more actors with one of these words proposes a cooperation.
WEAK_CUE = whole_words(WORDS["weak_cues"]["patterns"])
# The first word of a record between two places: "Geminação", "Acordo"; by kind, then language.
PAIR_NAMES = {kind: WORDS["pair_names"][kind] for kind in ("twinning", "other")}
PARTNER_WORD = whole_words(WORDS["partner_words"]["words"])  # "com X": X is someone else's partner
OUR = whole_words(WORDS["our_words"]["words"])  # "our twin towns": the page's subject's
ROLE_CUES = [(role, "|".join(patterns)) for role, patterns in WORDS["roles"].items() if role != "description"]
ROLE_WINDOW = 15  # tokens between a role cue and the actor it is about
NEGOTIATING, SIGNED, ANNOUNCED = (whole_words(WORDS["status"][status])
                                  for status in ("in_negotiation", "signed", "announced"))


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


def role_of(word: str) -> str | None:
    return next((role for role, pattern in ROLE_CUES if re.fullmatch(pattern, word)), None)


def party_role(sentence: Sentence, mention: Mention) -> tuple[str, str]:
    """The role a party's words give it, and why: a role word just after it ("AMAL como
    parceira", "a FNP é a entidade responsável pela coordenação"), else the nearest one
    before it ("sob a coordenação da CNM"); "participant" when there is none."""
    after = [t for t in sentence.tokens[mention.j:mention.j + 8] if t.word][:6]
    if after and after[0].text.lower() in ("como", "as", "comme", "é", "is", "est", "es", "foi", "was"):
        word = next((t for t in after[1:] if role_of(t.key)), None)
        if word:
            return role_of(word.key), f'; role from "{sentence.text[after[0].start:word.end]}"'
    before = [t for t in sentence.tokens[:mention.i] if t.word][-ROLE_WINDOW:]
    word = next((t for t in reversed(before) if role_of(t.key)), None)
    return (role_of(word.key), f'; role from "{word.text}"') if word else ("participant", "")


def find_cue(sentence: Sentence, covered, kind=None) -> Cue | None:
    """The first cooperation cue of a sentence (of ``kind``, if given: "twinning"), with
    the name of the cooperation when the text gives one. ``covered`` marks the actors
    named; cues inside them, inside topic words ("Cidade Como Plataforma") or naming a
    venue ("no Centro de Congressos") do not count."""
    hits, skip = [], list(covered)
    for _, start, end in find_topics(sentence.folded):
        first, last = sentence.token_at(start), sentence.token_at(end - 1) + 1
        skip[first:last] = [True] * (last - first)
    spans = capital_spans(sentence, covered)
    for rank, (pattern, type_, sub) in enumerate(CUES):
        if kind and sub != kind:
            continue
        for m in re.finditer(rf"\b(?:{pattern})\b", sentence.folded):
            i, j = sentence.token_at(m.start()), sentence.token_at(m.end() - 1) + 1
            venue = next((a for a, b in spans if a < i < b and HELD_IN_CUE.search(sentence.before(a, 1))), None)
            if not any(skip[i:j]) and venue is None:
                hits.append((i, rank, Cue(i, j, type_, sub, m[0], sentence.span_text(i, j))))
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
    spans = [s for s in capital_spans(sentence, covered) if s[1] - s[0] >= 1]
    for k in range(cue.j, min(cue.j + 5, len(tokens))):  # a quoted title after the cue
        if tokens[k].text in "\"“«":
            close = next((m for m in range(k + 1, len(tokens)) if tokens[m].text in "\"”»"), None)
            if close and close > k + 1:
                return title(sentence.span_text(k + 1, close))
        if tokens[k].text in ",.;:(":
            break
    if cue.kind == "visit":  # a visit is named by a title only, not by the places around it ("visited Wiltshire")
        return None
    own = next((s for s in spans if s[0] <= cue.i < s[1]), None)
    if own and sum(t.word and not t.text.isdigit() for t in tokens[own[0]:own[1]]) >= 2 \
            and not generic(sentence, own, cue):
        return title(sentence.span_text(*own))
    k = cue.j
    while k < len(tokens) and tokens[k].text in "*_":
        k += 1
    following = next((s for s in spans if s[0] == k and k > cue.i), None)
    if following and not sentence.span_text(*following).isupper():
        return sentence.span_text(*following)
    if cue.i >= 2 and tokens[cue.i - 1].text == ",":  # "Rotas de Integração Nacional, programa do ..."
        before = next((s for s in spans if s[1] == cue.i - 1), None)
        if before:
            return title(sentence.span_text(*before))
    subject = next((s for s in spans if s[0] == 0), None)  # "CONNECT é uma iniciativa ..."
    if subject and subject[1] < cue.i and re.match(
            r"(?:e|est|is|es) (?:uma?|une?|an?|una|o|a|the|le|la|el) (?:\w+ )?$",
            sentence.folded[sentence.offsets[subject[1]]:sentence.offsets[cue.i]]):
        return title(sentence.span_text(*subject))
    return None


def generic(sentence: Sentence, span, cue: Cue) -> bool:
    """Whether a capitalised phrase holding the cue names no cooperation in particular:
    besides the cue, only words for a town ("Town Twinning") or a town's organ ("City
    Council Meeting")."""
    i, j = span
    rest = [t.key for k, t in enumerate(sentence.tokens[i:j], i) if t.word and not cue.i <= k < cue.j]
    return bool(NOT_ACTORS.match(sentence.span_key(i, j))) or \
        all(PLACE_NOUNS.fullmatch(w) or w in FUNCTION_WORDS for w in rest)


def cue_phrase(sentence: Sentence, cue: Cue, covered) -> str:
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
    phrase = title(sentence.span_text(cue.i, k))
    return phrase[0].upper() + phrase[1:]
