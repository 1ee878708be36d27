"""The multilingual topic vocabulary (loaders/topic-words.json): the bundled topics with
keywords in Portuguese, Spanish, French and English, used to find topics in text."""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

from munigraph.graph.model import fold


@functools.lru_cache(maxsize=None)
def topic_vocabulary() -> dict:
    """The bundled topics and their keywords: ``{topic id: {name, namePt, sdg, words}}``."""
    text = resources.files("munigraph.loaders").joinpath("topic-words.json").read_text("utf-8")
    return json.loads(text)["topics"]


@functools.lru_cache(maxsize=None)
def _topic_pattern():
    words = {fold(w): topic for topic, entry in topic_vocabulary().items()
             for forms in entry["words"].values() for w in forms}
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b"), words


def find_topics(folded: str) -> list[tuple[str, int, int]]:
    """``(topic id, start, end)`` of the topic keywords in a folded text.

    >>> text = fold("no domínio das compras partilhadas e do saneamento básico")
    >>> [(topic, text[a:b]) for topic, a, b in find_topics(text)]
    [('topic:shared-procurement', 'compras partilhadas'), ('topic:sanitation', 'saneamento basico')]
    """
    pattern, words = _topic_pattern()
    return [(words[m[0]], m.start(), m.end()) for m in pattern.finditer(folded)]
