"""Input files and their text: which files a load reads, and their bytes as UTF-8 text."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from munigraph.graph.errors import Problem
from munigraph.language import N_, _

RECORDS_SUFFIXES = (".yaml", ".yml", ".json")
FLAT_SUFFIXES = (".csv", ".tsv", ".xml")
NOT_UTF8 = {"the file": N_("not UTF-8 (byte 0x{byte}); save the file as UTF-8"),
            "it": N_("not UTF-8 (byte 0x{byte}); save it as UTF-8"),
            "the document": N_("not UTF-8 (byte 0x{byte}); save the document as UTF-8")}


def bundled_files() -> list[Path]:
    """The YAML files of the dataset shipped with munigraph."""
    folder = Path(str(resources.files("munigraph.data")))
    return sorted(folder.glob("*.yaml"))


def expand_paths(paths, suffixes=RECORDS_SUFFIXES) -> list[Path]:
    """Files named by ``paths``; a folder stands for its files with one of ``suffixes``."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in suffixes)
        else:
            files.append(path)
    return files


def utf8_text(path, raw: bytes, encoding="utf-8", what="the file") -> tuple[str | None, Problem | None]:
    """``raw`` (the bytes of ``path``) decoded, or None and a problem naming the line of the
    first byte that is not UTF-8 ("utf-8-sig" also drops a byte-order mark) and saying to
    save ``what`` ("the file", "it", "the document") as UTF-8.

    >>> utf8_text("f.csv", "a\\nOlhão".encode("latin-1"))[1].line
    2
    """
    try:
        return raw.decode(encoding), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = _(NOT_UTF8[what]) if what in NOT_UTF8 else _("not UTF-8 (byte 0x{byte}); save {what} as UTF-8")
        return None, Problem(path, line, None, message.format(byte=f"{raw[error.start]:02x}", what=what),
                             "not-utf8")


def first_line(head: bytes) -> str:
    """The first line of a file, from its first bytes, without a byte-order mark.

    >>> first_line(b"\\xef\\xbb\\xbfa,b\\r\\n1,2")
    'a,b'
    """
    lines = head.decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    return lines[0] if lines else ""


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace to one space, as quotes are compared.

    >>> normalise_space("a \\n  b")
    'a b'
    """
    return " ".join(text.split())
