"""The language munigraph speaks to people: English or Portuguese.

Words meant for people go through ``_`` (or ``ngettext``, ``pgettext``) and are looked up
in the gettext catalogs of ``munigraph/locale`` (compiled ``.mo`` files shipped with the
package; ``python -m munigraph.catalogs`` keeps them up to date). Text meant for programs
(CSV headers, JSON keys, parameter names, ids) is never translated.

The language is, in order: the one given (``--lang``, ``speaking(...)``), ``MUNIGRAPH_LANG``,
the system locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``pt_BR.UTF-8`` or ``pt_PT`` is
Portuguese), else English. A catalog for another language (``locale/es/...``) is all it
takes to add one.

>>> with speaking("pt"):
...     _("No rows."), pgettext("column", "partner")
('Nenhuma linha.', 'parceiro')
>>> with speaking("en"):
...     _("No rows.")
'No rows.'
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
import os
import re
from pathlib import Path

DOMAIN = "munigraph"
LOCALE = Path(__file__).parent / "locale"
DEFAULT = "en"
_chosen = contextvars.ContextVar("munigraph_language", default=None)


@functools.lru_cache(maxsize=None)
def languages() -> tuple:
    """The languages munigraph speaks: English and those with a compiled catalog."""
    found = {p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return (DEFAULT, *sorted(found - {DEFAULT}))


def choose(given: str | None = None) -> str:
    """The language to speak: ``given``, else ``MUNIGRAPH_LANG``, else the system locale's,
    else English; a language without a catalog is English.

    >>> choose("pt_BR"), choose("pt-PT"), choose("de"), choose("EN")
    ('pt', 'pt', 'en', 'en')
    """
    for text in (given, os.environ.get("MUNIGRAPH_LANG"), *_locale()):
        code = _code(text)
        if code:
            return code if code in languages() else DEFAULT
    return DEFAULT


def accepted(header: str | None) -> str | None:
    """The language munigraph speaks that a browser's ``Accept-Language`` header prefers most,
    or None.

    >>> accepted("fr-FR,fr;q=0.9,pt-BR;q=0.8,en;q=0.5"), accepted("de"), accepted(None)
    ('pt', None, None)
    """
    ranked = []
    for number, part in enumerate((header or "").split(",")):
        tag, _sep, weight = part.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            continue
        if _code(tag) in languages() and quality > 0:
            ranked.append((-quality, number, _code(tag)))
    return min(ranked)[2] if ranked else None


def current() -> str:
    """The language being spoken now."""
    return _chosen.get() or choose()


@contextlib.contextmanager
def speaking(language: str | None):
    """Speak ``language`` (chosen as ``choose`` does) inside the ``with`` block."""
    token = _chosen.set(choose(language))
    try:
        yield _chosen.get()
    finally:
        _chosen.reset(token)


@functools.lru_cache(maxsize=None)
def translation(language: str) -> gettext.NullTranslations:
    """The gettext translation of ``language`` (English: the text as written)."""
    return gettext.translation(DOMAIN, LOCALE, languages=[language], fallback=True)


def _(message: str) -> str:
    """``message`` in the current language."""
    return translation(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message, for ``n``, in the current language."""
    return translation(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, as meant in ``context`` (``column``, ``kind``...)."""
    return translation(current()).pgettext(context, message)


def N_(message: str) -> str:
    """Marks ``message`` for translation where it is written; ``_`` translates it when shown."""
    return message


def C_(context: str, message: str) -> str:
    """Marks ``message`` for translation in ``context``; ``pgettext`` translates it when shown."""
    return message


def messages(language: str | None = None) -> dict:
    """Every message of the catalog of ``language`` (default: the current one) with its
    translation, for a web page's script: ``{msgid: text}``, context-free messages only."""
    found = translation(language or current())
    catalog = getattr(found, "_catalog", {})
    return {key: value for key, value in catalog.items()
            if isinstance(key, str) and key and "\x04" not in key}


def _code(text: str | None) -> str | None:
    """The two- or three-letter language of a locale name or language tag ('pt_BR.UTF-8')."""
    match = re.match(r"\s*([A-Za-z]{2,3})(?:[_\-.@]|\s*$)", text or "")
    return match.group(1).lower() if match else None


def _locale() -> list:
    """The system locale's names, most specific first (as gettext reads them)."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return value.split(":") if name == "LANGUAGE" else [value]
    return []
