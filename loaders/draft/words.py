"""The word tables of ``munigraph draft``: text-words.json (reading text), actor-words.json
(recognising actors, places and countries) and cue-words.json (proposing cooperations),
beside this module. Each is read once; its patterns become regular expressions here."""

from __future__ import annotations

import functools
import json
import re
from importlib import resources


@functools.lru_cache(maxsize=None)
def table(name: str) -> dict:
    """The word table ``NAME-words.json`` of this package (``text``, ``actor``, ``cue``)."""
    return json.loads(resources.files(__package__).joinpath(f"{name}-words.json").read_text("utf-8"))


def either(patterns) -> str:
    """One pattern matching any of ``patterns``.

    >>> either(["acordos?", "agreements?"])
    '(?:acordos?|agreements?)'
    """
    return "(?:" + "|".join(patterns) + ")"


def whole_words(patterns) -> re.Pattern:
    """A regular expression finding any of ``patterns`` as whole words."""
    return re.compile(rf"\b{either(patterns)}\b")
