"""Keeps the translation catalogs of ``munigraph/locale`` up to date (needs Babel, which
``pip install -e '.[test]'`` brings).

Run from a source checkout::

    python -m munigraph.catalogs            # extract, update each language's .po, compile
    python -m munigraph.catalogs --check    # say what is missing or stale; exit 1 if any

Messages come from the source tree: ``_``/``ngettext``/``pgettext``/``N_`` in Python and
JavaScript, ``{{ text }}`` in the HTML templates, and each canned query's ``description``,
parameter help and ``returns`` columns (context ``column``). A translator fills in the
``msgstr`` lines of ``locale/LANG/LC_MESSAGES/munigraph.po`` and runs the first command;
the compiled ``.mo`` files are committed so that every install has them.
"""

from __future__ import annotations

import fcntl
import gettext
import io
import re
import sys
from pathlib import Path

from munigraph.language import DOMAIN, LOCALE

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("munigraph", "graph", "loaders", "queries", "viz")
METHODS = [("**.py", "python"), ("**.js", "javascript"),
           ("**.html", "munigraph.catalogs:extract_html"),
           ("**.cypher", "munigraph.catalogs:extract_cypher")]
MARKERS = {"C_": ((1, "c"), 2)}  # C_(context, message): a message marked where it is written
MARKED = re.compile(r"\{\{\s*(.+?)\s*\}\}", re.S)


def extract_html(fileobj, keywords, comment_tags, options):
    """Babel extractor: the ``{{ text }}`` marks of an HTML template."""
    text = fileobj.read().decode("utf-8")
    for found in MARKED.finditer(text):
        yield text.count("\n", 0, found.start()) + 1, "_", " ".join(found[1].split()), []


def extract_cypher(fileobj, keywords, comment_tags, options):
    """Babel extractor: a canned query's description, parameter help and column names."""
    from munigraph.queries import parse

    text = fileobj.read().decode("utf-8")
    query = parse(text, getattr(fileobj, "name", "query"))
    yield 2, "_", query.description, []
    for parameter in query.parameters:
        yield 3, "_", parameter.help, []
    for column in query.returns:
        if not column.endswith("Precision"):
            yield 4, "pgettext", ("column", column), []


def template():
    """The catalog of every message in the source tree."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    catalog = Catalog(project="munigraph", domain=DOMAIN)
    for folder in SOURCES:
        for path, line, message, comments, context in extract_from_dir(
                ROOT / folder, METHODS, keywords={**DEFAULT_KEYWORDS, **MARKERS}, comment_tags=("TRANSLATORS:",),
                strip_comment_tags=True):
            catalog.add(message, None, [(f"{folder}/{path}", line)], auto_comments=comments,
                        context=context)
    return catalog


def _po(language):
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(language):
    from babel.messages.pofile import read_po

    with open(_po(language), "rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def _languages():
    return sorted(p.name for p in LOCALE.iterdir() if _po(p.name).exists())


def update() -> None:
    """Extract the messages, merge them into each language's ``.po`` and compile it."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    source = template()
    for language in _languages():
        with open(_po(language), "rb+") as locked:
            fcntl.flock(locked, fcntl.LOCK_EX)  # one update of a catalog at a time
            catalog = _read(language)
            catalog.update(source, update_header_comment=False, update_creation_date=False)
            catalog.obsolete.clear()
            text = io.BytesIO()
            write_po(text, catalog, width=96, omit_header=False, sort_output=False)
            locked.seek(0)
            locked.truncate()
            locked.write(text.getvalue())
            locked.flush()
            with open(_po(language).with_suffix(".mo"), "wb") as file:
                write_mo(file, catalog, use_fuzzy=False)


def problems() -> list[str]:
    """What is wrong with the catalogs: a message of the source without a translation, a
    translation of a message the source no longer has, a ``.mo`` that differs from its
    ``.po``."""
    found = []
    source = {(m.context, m.id) for m in template() if m.id}
    for language in _languages():
        catalog = _read(language)
        have = {(m.context, m.id): m for m in catalog if m.id}
        for key in sorted(source - set(have), key=str):
            found.append(f"{language}: not in the catalog: {_shown(key)}")
        for key, message in sorted(have.items(), key=lambda item: str(item[0])):
            if key not in source:
                found.append(f"{language}: stale (the source no longer says it): {_shown(key)}")
            elif not _translated(message):
                found.append(f"{language}: no translation{' (fuzzy)' if message.fuzzy else ''}: "
                             f"{_shown(key)}")
        compiled = _po(language).with_suffix(".mo")
        expected = dict(entry for key, message in have.items() if key in source and _translated(message)
                        for entry in _compiled(key, message.string))
        if not compiled.exists():
            found.append(f"{language}: {compiled.name} is missing: run python -m munigraph.catalogs")
            continue
        with open(compiled, "rb") as file:
            shipped = {k: v for k, v in gettext.GNUTranslations(file)._catalog.items() if k != ""}
        if shipped != expected:
            found.append(f"{language}: {compiled.name} differs from {_po(language).name}: "
                         "run python -m munigraph.catalogs")
    return found


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return not message.fuzzy and all(strings)


def _compiled(key, string):
    """The entries a message makes in a compiled catalog, as gettext reads them."""
    context, message = key
    prefix = f"{context}\x04" if context else ""
    if isinstance(message, (list, tuple)):
        return [((prefix + message[0], number), text) for number, text in enumerate(string)]
    return [(prefix + message, string)]


def _shown(key) -> str:
    context, message = key
    return (f"[{context}] " if context else "") + repr(message)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--check"]:
        found = problems()
        print("\n".join(found) or "The catalogs are complete and compiled.")
        return 1 if found else 0
    if argv:
        print(__doc__)
        return 2
    update()
    print("\n".join(problems()) or "The catalogs are complete and compiled.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
