"""One export, for the library and the command line alike: choose, check, write, report.

``export(store, "png", "out.png", actor="AMAL")`` chooses a part of the graph with the
filters of ``viz.select``, refuses what should not be drawn, writes the file and returns an
``ExportReport``. What it refuses (``ExportError``, no file written): a path whose suffix
is not the format's and a selection that holds nothing. An HTML page of more than ``limits.HTML`` nodes, or a picture (png,
svg, pdf) of more than ``limits.PICTURE``, draws the countries view of the same
cooperations instead, with a warning in the report; a map of more than ``limits.MAP``
is written with a warning. A filter naming nothing, or choosing no cooperation, is
refused by ``select`` (``MunigraphError``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from munigraph.graph.errors import ExportError
from munigraph.language import N_, _

from . import limits
from .select import select

KINDS = ("html", "png", "svg", "pdf", "gexf", "graphml", "map")
AGGREGATED = ("html", "png", "svg", "pdf")  # above their limit, drawn as the countries view
MAP_SUFFIXES = ("html", "htm", "png", "svg", "pdf")  # a map page, or a map for print
TITLE = N_("International municipal cooperation")  # the title, in the language being spoken
PIXELS = (100, 12000)  # width and height of a picture
DPI = (50, 1200)
A4 = ("29.7cm", "21cm")  # a picture's default size: A4 landscape
UNITS = {"px": None, "cm": 1 / 2.54, "mm": 1 / 25.4, "in": 1.0}


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
           min_shared=1, color="kind", title=None, width=None, height=None,
           dpi=200, twinnings="node") -> ExportReport:
    """Write the part of the graph in ``store`` that the filters choose (all of it without
    filters) to the path ``out`` as ``kind``: html, png, svg, pdf, gexf, graphml or map.

    The filters, ``view`` and ``twinnings`` are those of ``viz.select``; ``parameters`` go
    with ``query``.
    ``title`` heads an HTML page, a picture or a map (``None``: "International municipal
    cooperation" in the language being spoken; ``""``: none); ``color`` colours the nodes by
    kind, country, programme or community (``style.colouring``). ``width`` × ``height`` at
    ``dpi`` size a picture: pixels, or a length such as ``"18cm"`` (see ``pixels``); A4
    landscape by default, and the other side in A4's proportion when one is given. Raises ``ExportError`` (see the module's docstring) or, for a
    filter, ``MunigraphError``.
    """
    check_out(kind, out)
    if parameters and not query:
        raise ExportError(_("parameters go with query: give the name of a canned query too"))
    from .style import COLOR_BY, number

    if color not in COLOR_BY:
        raise ExportError(_("color is one of {choices}, not {by}").format(
            choices=", ".join(COLOR_BY), by=repr(color)))
    if not isinstance(dpi, int) or not DPI[0] <= dpi <= DPI[1]:
        raise ExportError(_("{name} must be a whole number from {low} to {high}, not "
                            "{value}").format(name="dpi", low=DPI[0], high=DPI[1], value=repr(dpi)))
    width, height = page_size(width, height, dpi)
    limit = limits.of(kind)
    chosen = select(store, actor=actor, depth=depth, countries=countries, topic=topic,
                    programme=programme, since=since, query=query, parameters=parameters,
                    view=view, between=between, min_shared=min_shared,
                    limit=limit if kind in AGGREGATED else None, twinnings=twinnings)
    nodes = chosen.graph.number_of_nodes()
    if nodes == 0:
        raise ExportError(_("the graph holds nothing to draw: no file was written"))
    warning = None
    if chosen.too_many:
        warning = _("{nodes} nodes are too many to draw: the cooperations are drawn aggregated "
                    "by country instead ({countries} countries); a filter would show them one "
                    "by one.").format(nodes=number(chosen.too_many), countries=number(nodes))
    if kind == "map" and nodes > limit:
        warning = _("{nodes} nodes: the page may be slow to open; a filter would help.").format(
            nodes=nodes)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    write(kind, chosen, out, _(TITLE) if title is None else title, width, height, dpi, color)
    return ExportReport(Path(out), kind, chosen.caption, nodes, len(set(chosen.graph.edges())),
                        warning)


def page_size(width=None, height=None, dpi=200) -> tuple[int, int]:
    """A picture's width and height in pixels at ``dpi``: each given as pixels or a length
    (see ``pixels``); A4 landscape when neither is given, the missing one in A4's
    proportion when one is.

    >>> page_size(), page_size("18cm", dpi=300), page_size(2400, 1600)
    ((2339, 1654), (2126, 1503), (2400, 1600))
    """
    if width is None and height is None:
        width, height = A4
    across = pixels(width, dpi, "width") if width is not None else None
    down = pixels(height, dpi, "height") if height is not None else None
    across = across or round(down * 297 / 210)
    down = down or round(across * 210 / 297)
    if not all(PIXELS[0] <= value <= PIXELS[1] for value in (across, down)):
        raise ExportError(_("the picture would be {width} × {height} pixels: each side must be "
                            "from {low} to {high} (height, when not given, is width × 21/29.7)")
                          .format(width=across, height=down, low=PIXELS[0], high=PIXELS[1]))
    return across, down


def pixels(size, dpi=200, name="width") -> int:
    """``size`` in pixels at ``dpi``: a whole number of pixels (``2400`` or ``"2400px"``) or
    a length in cm, mm or in (``"18cm"``, ``"7.5in"``).

    >>> pixels("18cm", 300), pixels("2400px"), pixels(" 210 mm ", 100), pixels("1600")
    (2126, 2400, 827, 1600)
    """
    import re

    found = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*(px|cm|mm|in)?\s*", str(size))
    if found is None or isinstance(size, float) or (found.group(2) in (None, "px") and
                                                     not found.group(1).isdigit()):
        raise ExportError(_("{name} is pixels (2400 or 2400px) or a length (18cm, 210mm, 7.5in), "
                            "not {value}").format(name=name, value=repr(size)))
    number, unit = float(found.group(1).replace(",", ".")), found.group(2) or "px"
    return round(number) if UNITS[unit] is None else round(number * UNITS[unit] * dpi)


def check_out(kind, out) -> None:
    """Refuse an unknown ``kind``, or a path ``out`` whose suffix is not the kind's (a map
    is .html or .htm), before anything is read."""
    if kind not in KINDS:
        raise ExportError(_("the format is one of {formats}, not {kind}").format(
            formats=", ".join(KINDS), kind=repr(kind)))
    suffix = Path(out).suffix.lower().lstrip(".")
    if kind == "map" and suffix not in MAP_SUFFIXES:
        raise ExportError(_("{file} does not end in .html, .png, .svg or .pdf: a map is a page "
                            "(.html) or a picture for print").format(file=out))
    if kind != "map" and suffix != kind:
        said = (_("{file} does not end in .{suffix}, the suffix of an {kind} file.") if kind == "html"
                else _("{file} does not end in .{suffix}, the suffix of a {kind} file."))
        raise ExportError(said.format(file=out, suffix=kind, kind=kind))


def write(kind, chosen, out, title, width=2339, height=1654, dpi=200, color="kind") -> None:
    """Write the ``Selection`` ``chosen`` to ``out`` as ``kind``, with no check."""
    if kind == "html":
        from .html import write_html

        write_html(chosen.graph, out, title, chosen.caption, color)
    elif kind == "map" and Path(out).suffix.lower() in (".html", ".htm"):
        from .map import write_map

        write_map(chosen.graph, out, title, chosen.caption, color)
    elif kind == "map":
        from .printed_map import write_map_picture

        write_map_picture(chosen.graph, out, title, chosen.caption, width, height, dpi, color)
    elif kind in ("gexf", "graphml"):
        from . import gephi

        getattr(gephi, f"write_{kind}")(chosen.graph, out, color)
    else:
        from .static import write_picture

        write_picture(chosen.graph, out, kind, title, chosen.caption, width, height, dpi, color)
