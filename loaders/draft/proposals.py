"""The proposals for one document: ``Draft`` reads what its sentences name (reading.py)
and proposes one cooperation record per sentence with a cue or naming a cooperation
proposed elsewhere in the text, and one per pair of places its lists and twinning
sentences join; ``draft`` gives the data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from munigraph.graph.model import fold

from ..dates import last_day, parse_date
from ..files import normalise_space
from ..resolve import Actor, new_id, slug
from ..topics import find_topics, topic_vocabulary
from .cues import (ANNOUNCED, NEGOTIATING, OUR, PAIR_NAMES, PARTNER_WORD, SIGNED, WEAK_CUE, Cue, cue_phrase,
                   find_cue, party_role)
from .dates import END_CUE, START_CUE, find_dates
from .geography import HELD_IN_CUE, LANGUAGE_COUNTRIES, place_of_address
from .layout import item_kind, sections
from .mentions import Recognised
from .organisations import countries_from_subject
from .reading import find_organisations, read
from .text import Sentence, detect_language, sentences


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

    def __init__(self, text, source_file, known_actors=(), language=None, known_ids=(), url=None):
        self.language = language or detect_language(text)
        self.url = url
        self.source_file = str(source_file)
        self.source_id = "source:" + (slug(Path(self.source_file).stem) or "document")
        self.recognised = Recognised.of(known_actors)
        self.known_ids = set(known_ids)
        if self.source_id in self.known_ids:
            self.source_id += "-draft"
        self.spans = sentences(text)
        self.sentences = [Sentence(text[a:b]) for a, b in self.spans]
        self.proposals, self.topic_notes, self.pairs = {}, {}, {}
        self._propose(text)
        first = self.sentences[0].text.splitlines()[0].strip(" *#") if self.sentences else "document"
        self.title = first if len(first) <= 100 else first[:100].rsplit(" ", 1)[0] + " …"

    def _propose(self, text):
        """Organisations first (so that acronyms anywhere resolve), then every mention of
        an actor or country, then one proposal per sentence with a cue or a known name."""
        self.recognised = find_organisations(text, self.sentences, self.recognised)
        self._site = self._site_town()
        analysed, self.mentioned = read(text, self.sentences, self.recognised, self.language)
        if self._site:  # named by the address, whether or not the text names it
            self.mentioned = list(dict.fromkeys([*self.mentioned, self._site.id]))
        cues, also = [], []  # also: a twinning cue after an event's ("a delegation ... to our twin towns")
        for sentence, _, mentions, _ in analysed:
            covered = [False] * len(sentence.tokens)
            for m in mentions:
                if m.actor:
                    covered[m.i:m.j] = [True] * (m.j - m.i)
            cue = find_cue(sentence, covered)
            cues.append(cue)
            also.append(find_cue(sentence, covered, "twinning") if cue and cue.type == "event" else None)
        named = {fold(c.name): c for c in cues if c and c.name and len(c.name) >= 4}
        latest, previous = {}, None
        places = [[m for m in mentions if m.actor and m.actor.type == "municipality"]
                  for _, _, mentions, _ in analysed]
        items = {k: kind for k, ((sentence, *_), span) in enumerate(zip(analysed, self.spans))
                 if (kind := item_kind(text, span, sum(t.word for t in sentence.tokens), bool(places[k])))}
        self._subject_actor = self._subject(analysed, items)
        countries_from_subject(self.recognised, self._subject_actor, LANGUAGE_COUNTRIES.get(self.language, set()))
        parties = [m.actor.id for _, _, mentions, _ in analysed for m in mentions if m.actor]  # not landmarks
        parties += [self._site.id] if self._site else []
        towns = [a for a in map(self.recognised.actor, dict.fromkeys(parties)) if a.type == "municipality"]
        self._two_towns = towns if len(towns) == 2 else None
        listed = self._lists(analysed, cues, places, items)
        for index, ((sentence, covered, mentions, countries), cue) in enumerate(zip(analysed, cues)):
            if index in listed:
                previous = None
                continue
            if cue and cue.type == "agreement" and cue.kind == "twinning":
                self._pairs(sentence, cue, mentions, [sentence])
                previous = None
                continue
            if also[index]:
                self._pairs(sentence, also[index], mentions, [sentence])
            proposal = self._choose(sentence, cue, mentions, named, latest)
            if proposal:
                latest[proposal.stem] = proposal
                self._attach(proposal, sentence, mentions, countries)
                self._with_subject(proposal)
            elif previous and not any(m.actor for m in mentions) and find_topics(sentence.folded):
                self._attach(previous, sentence, mentions, countries)  # "As temáticas são ..."
            previous = proposal
        self._records_of_two_towns()

    def _records_of_two_towns(self):
        """In a text about two municipalities, an event or an agreement naming fewer takes
        both ("A visita integra ...", "Ils ont signé un protocole ...": ``_choose`` proposes
        such an agreement only when signed), and the events
        between the two are one record, as are their agreements other than a twinning:
        the text's several sentences about the same visit or the same agreement."""
        if not self._two_towns:
            return
        pair, first = {a.id for a in self._two_towns}, {}
        for proposal in list(self.proposals.values()):
            record = proposal.record
            if record["type"] not in ("event", "agreement") or record.get("kind") == "twinning":
                continue
            towns = {a for a in proposal.parties if self.recognised.actor(a).type == "municipality"}
            if towns < pair:
                for town in self._two_towns:
                    if town.id not in proposal.parties:
                        proposal.parties[town.id] = "signatory" if record.get("status") == "signed" else "participant"
                        proposal.notes[town.id] = f"one of the two municipalities the text names ({town.name})"
            if set(proposal.parties) != pair:
                continue
            same = first.setdefault(record["type"], proposal)
            if same is proposal:
                continue
            for quote in record.get("evidence", []):
                if quote not in same.record["evidence"]:
                    same.record["evidence"].append(quote)
            for topic in record.get("topics", []):
                if topic not in same.record.setdefault("topics", []):
                    same.record["topics"].append(topic)
            del self.proposals[record["id"]]

    def _with_subject(self, proposal):
        """An event with one municipality that is not the page's subject: the subject takes
        part too (a page about Faro reporting "a visita a Matola")."""
        subject, parties = self._subject_actor, proposal.parties
        towns = [a for a in parties if self.recognised.actor(a).type == "municipality"]
        if proposal.record["type"] == "event" and subject and len(towns) == 1 and subject.id not in parties:
            parties[subject.id] = "participant"
            proposal.notes[subject.id] = f"the page's subject ({subject.name})"

    def _site_town(self):
        """The municipality whose own site the page is on (``place_of_address``:
        "cm-felgueiras.pt"), known before the text is read, so that its name in the text is
        that town ("Cantanhede" on cm-cantanhede.pt is Portugal's); None elsewhere."""
        place = place_of_address(self.url) if self.url else None
        if place is None:
            return None
        actor = next((a for a in [*self.recognised.known.values(), *self.recognised.found.values()]
                      if a.type == "municipality" and a.country == place.country
                      and fold(place.name) in {fold(n) for n in [a.name, *a.aliases]}), None)
        if actor is None:
            actor = Actor(id=new_id("municipality", place.name, place.country), name=place.name,
                          type="municipality", country=place.country)
            self.recognised.add_place(actor, f'named by the page\'s address ({self.url}): gazetteer place '
                                             f'({place.country}, {place.population:,} people, geonames '
                                             f'{place.geonames_id})', place)
        return actor

    def _subject(self, analysed, items):
        """The municipality the page is about: its site's town (``_site_town``), else the
        first the title or first sentence names, not as a partner ("com X", "with X") nor in
        a list's item."""
        if self._site:
            return self._site
        opening = [k for k in range(min(2, len(analysed))) if k not in items]
        return next((m.actor for k in opening for m in analysed[k][2] if m.actor
                     and m.actor.type == "municipality" and not PARTNER_WORD.search(
                         analysed[k][0].before(m.i, 4))), None)

    def _lists(self, analysed, cues, places, items) -> set:
        """Propose one record per item of each list of places (layout.sections) between the
        list's anchor and the first place of the item's line, dated by the item; the indexes
        of the sentences the lists take (items, the lines below them, headings above them)."""
        dates = [find_dates(sentence.folded) for sentence, *_ in analysed]
        found = sections([a[0].text for a in analysed], items, cues,
                         [p[-1].actor if p else None for p in places], self._subject_actor,
                         {k for k, found in enumerate(dates) if found})
        taken = set()
        for section in found:
            taken |= set(section.headings)  # "ACORDOS DOCUMENTADOS" is the list's, not a record
            intro = analysed[section.intro][0]
            for item in section.items:
                taken |= set(item)
                line = analysed[item[0]][0]
                dated = next((k for k in item if dates[k]), None)
                dating = analysed[dated][0] if dated is not None else None
                date = (dating, dates[dated][0]) if dating else None
                partner = next((m.actor for m in places[item[0]] if m.actor.id != section.anchor.id), None)
                if partner:  # "Vila de Sal Rei – Boa Vista | Cabo Verde": one partner, its island after it
                    evidence = [intro, line] + ([dating] if dating and dating is not line else [])
                    self._pair(section.anchor, partner, section.kind, evidence, date)
        return taken

    def _pairs(self, sentence, cue, mentions, evidence):
        """A twinning sentence: one record between its anchor (the page's subject if the
        sentence names it or says "our twin towns", else the place named before the cue, else the page's subject, else
        the first of two places not introduced as a partner) and each other place it names,
        dated by the words from that place to the next (the first, from the sentence's start;
        a second date in those words, when the next place has none, is the next one's)."""
        places = list({m.actor.id: m for m in reversed([m for m in mentions if m.actor
                                                         and m.actor.type == "municipality"])}.values())[::-1]
        if len(places) > 2:  # "A and B signed ... in Chicago": where, not with whom
            places = [m for m in places if not HELD_IN_CUE.search(sentence.before(m.i, 1))] or places
        if not places:
            return
        ids = [m.actor.id for m in places]
        subject = self._subject_actor
        if paired_off(places, cue):
            for a, b in zip(places[::2], places[1::2]):  # "A and B, and C and D signed sister-city agreements"
                self._pair(a.actor, b.actor, cue.kind, evidence, None)
            return
        if subject and (subject.id in ids or OUR.search(sentence.before(cue.i, 3))):
            anchor = subject
        elif places[0].i < cue.i:
            anchor = places[0].actor
        elif subject:
            anchor = subject
        elif len(places) == 2 and not PARTNER_WORD.search(sentence.before(places[0].i, 4)):
            anchor = places[0].actor  # "a geminação entre Lisboa e Madrid"
        else:
            return  # "o Município tem acordos com A e com B": whose, the text does not say
        partners = [m for m in places if m.actor.id != anchor.id]
        dates, segments = find_dates(sentence.folded), []
        for n, mention in enumerate(partners):
            start = sentence.offsets[mention.i] if n else 0
            stop = sentence.offsets[partners[n + 1].i] if n + 1 < len(partners) else len(sentence.folded)
            segments.append([d for d in dates if start <= d[0] < stop])
        for n in range(len(segments) - 1):  # "depuis 1965, avec A et, depuis 1982, avec B": 1982 is B's
            if len(segments[n]) > 1 and not segments[n + 1]:
                segments[n + 1].append(segments[n].pop())
        for mention, found in zip(partners, segments):
            self._pair(anchor, mention.actor, cue.kind, evidence, (sentence, found[0]) if found else None)

    def _pair(self, a, b, kind, evidence, date):
        """The record of ``kind`` between places a and b (one per pair and kind), named by
        the places as the text writes them; ``date``: (sentence, a date found in it) or None."""
        key = (kind, frozenset((a.id, b.id)))
        if key not in self.pairs:
            words = PAIR_NAMES["twinning" if kind == "twinning" else "other"]
            written = [x.aliases[0] if x.aliases and x.id not in self.recognised.known else x.name for x in (a, b)]
            name = f"{words.get(self.language, words['en'])} {written[0]} – {written[1]}"  # as the text writes them
            why = f"a {kind} between two places" + (" (a list's item)" if len(evidence) > 1 else "")
            self.pairs[key] = self._proposal(Cue(0, 0, "agreement", kind, kind), name, why, new=True)
        proposal = self.pairs[key]
        record = proposal.record
        for sentence in evidence:
            self._quote(proposal, sentence)
        planned = next((f for sentence in evidence if (f := NEGOTIATING.search(sentence.folded))), None)
        signed = None if planned else next((f for sentence in evidence if (f := SIGNED.search(sentence.folded))), None)
        if (planned or signed) and "status" not in record:  # "uma eventual geminação": not concluded
            record["status"] = "in_negotiation" if planned else "signed"
            proposal.notes["status"] = f'"{(planned or signed)[0]}"'
        for actor in (a, b):
            if actor.id not in proposal.parties:
                proposal.parties[actor.id] = "signatory" if signed else "partner"
                proposal.notes[actor.id] = self.recognised.why.get(actor.id, "") or "a party of the pair"
        record["involves"] = sorted({*record.get("involves", []), *(x.country for x in (a, b) if x.country)})
        for sentence in evidence:
            self._topics(proposal, sentence)
        if date and "signed" not in record and "start" not in record:
            sentence, (offset, stop, start, _) = date
            record["signed" if signed else "start"] = start
            proposal.notes["signed" if signed else "start"] = f'"{sentence.source(offset, stop)}"'

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
        if cue and cue.anaphoric and cue.type == "agreement" and len(self.pairs) == 1:
            return next(iter(self.pairs.values()))  # "this agreement", after the twinning of two towns
        unnamed = cue and self._two_towns and (cue.type == "event" or cue.type == "agreement"
                                               and SIGNED.search(sentence.folded))  # "A visita ...", "Ils ont signé"
        if cue and (actors or unnamed):
            covered = [False] * len(sentence.tokens)
            for m in mentions:
                covered[m.i:m.j] = [True] * (m.j - m.i)
            phrase = cue_phrase(sentence, cue, covered)
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

    def _quote(self, proposal, sentence):
        """The sentence as evidence of the proposal, once."""
        quote = normalise_space(sentence.text)
        evidence = proposal.record.setdefault("evidence", [])
        if all(e["quote"] != quote for e in evidence):
            evidence.append({"source": self.source_id, "quote": quote})

    def _topics(self, proposal, sentence):
        """The topics the sentence's words name, added to the proposal."""
        for topic, start, end in find_topics(sentence.folded):
            words = sentence.source(start, end)
            topics = proposal.record.setdefault("topics", [])
            if topic not in topics:
                topics.append(topic)
                self.topic_notes.setdefault(topic, words)
                proposal.notes.setdefault("topics", []).append(f'"{words}"')

    def _attach(self, proposal, sentence, mentions, countries):
        record, notes = proposal.record, proposal.notes
        self._quote(proposal, sentence)
        folded = sentence.folded
        if record["type"] == "agreement":
            statuses = ((NEGOTIATING, "in_negotiation"), (SIGNED, "signed"), (ANNOUNCED, "announced"))
            for pattern, status in statuses:
                found = pattern.search(folded)
                if found and "status" not in record:
                    record["status"], notes["status"] = status, f'"{sentence.source(*found.span())}"'
        self._dates(proposal, sentence)
        pair = proposal in self.pairs.values()  # a twinning of two places keeps its two
        for mention in mentions:
            if mention.actor and not (pair and mention.actor.id not in proposal.parties):
                self._party(proposal, sentence, mention)
        involved = sorted(set(record.get("involves", [])) | {c for c in countries if c})
        if involved:
            record["involves"] = involved
        self._topics(proposal, sentence)

    def _party(self, proposal, sentence, mention):
        actor, record = mention.actor, proposal.record
        role, why = party_role(sentence, mention)
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
            elif since and record["type"] == "event" and not end:
                continue  # "twinned since 2015": the relationship's date, not the visit's ("from 21 to 23 March" is)
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
        if self.url:
            source["url"] = self.url
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
            if not two_sided(p, self.recognised):
                continue
            parties = [{"actor": a, "role": r} for a, r in p.parties.items()]
            record = {**p.record, **({"parties": parties} if parties else {})}
            records.append({k: record[k] for k in order if k in record})
        return {"sources": [source], "topics": topics, "actors": actors, "records": records}


def paired_off(places, cue) -> bool:
    """Whether the places named before a cue come in pairs of two countries, in turn: four
    or more, the first of each pair of one country and the second of another ("Tustin (US)
    and Heyuan (CN), and Yorba Linda (US) and Tongchuan (CN) signed sister-city agreements")."""
    if len(places) < 4 or len(places) % 2 or places[-1].j > cue.i:
        return False
    firsts, seconds = {m.actor.country for m in places[::2]}, {m.actor.country for m in places[1::2]}
    return len(firsts) == len(seconds) == 1 and firsts != seconds and None not in firsts | seconds


def two_sided(proposal, recognised) -> bool:
    """Whether a record says who cooperates with whom: two parties or more, or a programme
    or an event of one organisation, whose members take part ("as iniciativas da FNP",
    "a reunião plenária da ANMP"); not a record with one municipality alone."""
    parties = [recognised.actor(a) for a in proposal.parties]
    return len(parties) >= 2 or proposal.record["type"] in ("programme", "event") and \
        any(a.type != "municipality" for a in parties)


def draft(text: str, source_file: str, known_actors=(), language=None, known_ids=(), url=None) -> dict:
    """The records-file data (sources, topics, actors, records) proposed for ``text``.

    ``source_file`` is the document's path relative to the YAML file the data will be
    written to; ``known_actors`` (``resolve.Actor``) are referenced, not declared;
    ``known_ids`` are the ids already in the graph: topics among them are referenced
    without declaring them, and proposed ids among them get "-draft" appended; ``url``, the
    document's address, goes into its source, and on a municipality's own site names the
    page's subject.
    """
    return Draft(text, source_file, known_actors, language, known_ids, url).data
