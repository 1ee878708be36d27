"""One export, for the library and the command line alike: choose, check, write, report.

``export(store, "png", "out.png", actor="AMAL")`` chooses a part of the graph with the
filters of ``viz.select``, refuses what should not be drawn, writes the file and returns an
``ExportReport``. What it refuses (``ExportError``, no file written): a path whose suffix
is not the format's, a selection that holds nothing, and a picture (png, svg, pdf) of more
than ``limits.PICTURE`` nodes. An HTML page of more than ``limits.HTML`` nodes, or a map
of more than ``limits.MAP``, is written with a warning in the report. A filter naming
nothing, or choosing no cooperation, is refused by ``select`` (``MunigraphError``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from munigraph.graph.errors import ExportError
from munigraph.language import N_, _

from . import limits
from .select import select

KINDS = ("html", "png", "svg", "pdf", "gexf", "graphml", "map")
TITLE = N_("International municipal cooperation")  # the title, in the language being spoken
PIXELS = (100, 12000)  # width and height of a picture
DPI = (50, 1200)


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: the file, its format, its caption (the graph's date, its
    sources, and its nodes and links), how many nodes and links it draws (links as the
    caption counts them: the roles of one pair are one link), and a warning or ``None``."""

    path: Path
    kind: str
    caption: str
    nodes: int
    edges: int
    warning: str | None = None

    def __str__(self) -> str:
        return _("Wrote {path}: {caption}").format(path=self.path, caption=self.caption)


def export(store, kind, out, *, actor=None, depth=1, countries=(), between=None, topic=None,
           programme=None, since=None, query=None, parameters=None, view="cooperations",
           min_shared=1, title=None,
           width=2400, height=1600, dpi=200) -> ExportReport:
    """Write the part of the graph in ``store`` that the filters choose (all of it without
    filters) to the path ``out`` as ``kind``: html, png, svg, pdf, gexf, graphml or map.

    The filters and ``view`` are those of ``viz.select``; ``parameters`` go with ``query``.
    ``title`` heads an HTML page, a picture or a map (``None``: "International municipal
    cooperation" in the language being spoken; ``""``: none); ``width`` × ``height`` pixels at
    ``dpi`` size a picture. Raises ``ExportError`` (see the module's docstring) or, for a
    filter, ``MunigraphError``.
    """
    check_out(kind, out)
    if parameters and not query:
        raise ExportError(_("parameters go with query: give the name of a canned query too"))
    if kind in ("png", "svg", "pdf"):
        for name, value, (low, high) in (("width", width, PIXELS), ("height", height, PIXELS),
                                         ("dpi", dpi, DPI)):
            if not isinstance(value, int) or not low <= value <= high:
                raise ExportError(_("{name} must be a whole number from {low} to {high}, not "
                                    "{value}").format(name=name, low=low, high=high,
                                                      value=repr(value)))
    chosen = select(store, actor=actor, depth=depth, countries=countries, topic=topic,
                    programme=programme, since=since, query=query, parameters=parameters,
                    view=view, between=between, min_shared=min_shared)
    nodes = chosen.graph.number_of_nodes()
    if nodes == 0:
        raise ExportError(_("the graph holds nothing to draw: no file was written"))
    warning, limit = None, limits.of(kind)
    if kind in ("html", "map") and nodes > limit:
        warning = _("{nodes} nodes: the page may be slow to open; a filter would help.").format(
            nodes=nodes)
    if kind in ("png", "svg", "pdf") and nodes > limit:
        raise ExportError(_("{nodes} nodes would make an unreadable picture: choose at most "
                            "{limit} with a filter (or export html, gexf or graphml)").format(
                                nodes=nodes, limit=limit))
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    write(kind, chosen, out, _(TITLE) if title is None else title, width, height, dpi)
    return ExportReport(Path(out), kind, chosen.caption, nodes, len(set(chosen.graph.edges())),
                        warning)


def check_out(kind, out) -> None:
    """Refuse an unknown ``kind``, or a path ``out`` whose suffix is not the kind's (a map
    is .html or .htm), before anything is read."""
    if kind not in KINDS:
        raise ExportError(_("the format is one of {formats}, not {kind}").format(
            formats=", ".join(KINDS), kind=repr(kind)))
    suffix = Path(out).suffix.lower().lstrip(".")
    if suffix != ("html" if kind == "map" else kind) and not (kind == "map" and suffix == "htm"):
        said = (_("{file} does not end in .{suffix}, the suffix of an {kind} file.") if kind == "html"
                else _("{file} does not end in .{suffix}, the suffix of a {kind} file."))
        raise ExportError(said.format(file=out, suffix="html" if kind == "map" else kind,
                                      kind=kind))


def write(kind, chosen, out, title, width=2400, height=1600, dpi=200) -> None:
    """Write the ``Selection`` ``chosen`` to ``out`` as ``kind``, with no check."""
    if kind == "html":
        from .html import write_html

        write_html(chosen.graph, out, title, chosen.caption)
    elif kind == "map":
        from .map import write_map

        write_map(chosen.graph, out, title, chosen.caption)
    elif kind in ("gexf", "graphml"):
        from . import gephi

        getattr(gephi, f"write_{kind}")(chosen.graph, out)
    else:
        from .static import write_picture

        write_picture(chosen.graph, out, kind, title, chosen.caption, width, height, dpi)
