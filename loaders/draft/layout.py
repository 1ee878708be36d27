"""What a document states by its shape: lists of places, one item per line ("• Madrid
(Espanha) – 31 de maio de 1979", "1. Havana, Cuba", "Santa Cruz | Cabo Verde"), under the
sentences that introduce them ("Lisboa mantém os seguintes acordos de geminação:")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..resolve import Actor

ITEM_MARK = re.compile(r"[ \t]*[•·▪◦●*–—-][ \t]*")  # what the sentence splitter leaves before an item
NUMBERED = re.compile(r"\d{1,3}[.)º°]\s")
SHORT_ITEM = 12      # words: a line without a mark is an item only this short, naming a place
LONG_ITEM = 20       # words: a marked line longer than this is a clause ("1. Cooperation will be ..."), not an entry
INTRO_WINDOW = 3     # sentences before a list where its introduction is looked for
ITEM_LINES = 5       # sentences after an item that still belong to it ("Data de celebração: ...")


@dataclass
class Section:
    """A list of places under an introduction: its kind ("twinning", "cooperation", ...),
    the municipality every item is paired with, the introducing sentence and the items
    (each the indexes of its sentences, the item's line first)."""

    kind: str
    anchor: Actor
    intro: int
    items: list = field(default_factory=list)
    headings: list = field(default_factory=list)  # the headings of its introduction


def item_kind(text: str, span: tuple[int, int], words: int, names_place: bool) -> str | None:
    """Whether the sentence at ``span`` is an item of a list, and of which kind: "marked",
    a whole line opening with a bullet or a number; "line", a short whole line naming a
    place without ending in a full stop ("Santa Cruz | Cabo Verde"); else None. A numbered
    clause of an agreement ("1. Cooperation will be promoted in ...") is not an item."""
    start, end = span
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    whole_line = text[end:len(text) if line_end < 0 else line_end].strip() == ""
    opening = text[line_start:start]
    if not whole_line or opening.strip() and not ITEM_MARK.fullmatch(opening):
        return None
    if opening.strip() or NUMBERED.match(text[start:end]):
        return "marked" if words <= LONG_ITEM else None
    short = names_place and words <= SHORT_ITEM and not text[start:end].rstrip().endswith((".", ";", ":"))
    return "line" if short else None


def is_heading(sentence_text: str) -> bool:
    """A heading: a line in capitals ("ACORDOS DE COOPERAÇÃO E/OU AMIZADE")."""
    letters = [c for c in sentence_text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def sections(texts, items: dict, cues, anchors, subject, dated) -> list[Section]:
    """The lists of a document: each run of items of one kind (``items``: index → "marked"
    or "line", ``item_kind``) whose introduction (one of the
    ``INTRO_WINDOW`` sentences before it, after the previous list) has an agreement cue,
    and names a municipality (``anchors[k]``: the last one sentence k names, or None) or
    follows the page's ``subject``. A twinning cue in the introduction makes the list one
    of twinnings. The sentences between two items belong to the first ("Data de
    celebração: ..."), and after the last item one that gives a date its line lacks
    (``dated``: the indexes of the sentences with a date); a heading or a sentence ending
    in a colon ends a list."""
    found, k, after = [], 0, 0
    while k < len(texts):
        if k not in items:
            k += 1
            continue
        window = range(max([after, k - INTRO_WINDOW] + [w + 1 for w in items if w < k]), k)
        agreements = [w for w in window if cues[w] and cues[w].type == "agreement"]
        anchor = next((anchors[w] for w in reversed(window) if anchors[w]), subject)
        if not agreements or anchor is None:
            k += 1
            continue
        twinning = [w for w in agreements if cues[w].kind == "twinning"]
        intro = (twinning or agreements)[-1]
        section = Section("twinning" if twinning else cues[intro].kind or "cooperation", anchor, intro,
                          headings=[w for w in window if is_heading(texts[w])])
        style = items[k]
        while k < len(texts):
            if items.get(k) == style:
                section.items.append([k])
            elif is_heading(texts[k]) or texts[k].rstrip().endswith(":") or len(section.items[-1]) > ITEM_LINES:
                break
            elif not any(items.get(m) == style for m in range(k, k + ITEM_LINES)):
                if len(section.items[-1]) == 1 and section.items[-1][0] not in dated and k in dated:
                    section.items[-1].append(k)
                    k += 1
                break
            else:
                section.items[-1].append(k)
            k += 1
        found.append(section)
        after = k
    return found
