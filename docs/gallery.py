"""Redraw the pictures of docs/exports.md's gallery from the bundled dataset.

    python docs/gallery.py

Loads the bundled dataset into a temporary data folder, draws each picture at its default
size (A4 landscape at 200 dpi) and keeps it in docs/gallery/ as a small PNG (``WIDTH``
pixels wide, 256 colours); for the HTML page and the map page, takes a screenshot with
headless Chromium (skipped, with a line saying so, when ``chromium`` is not installed).
Commit the PNGs, so that a change in looks shows in review.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import munigraph
from munigraph.language import speaking

GALLERY = Path(__file__).resolve().parent / "gallery"
WIDTH = 1000  # pixels of a gallery picture
# file name, language, format, options of graph.export
PICTURES = [
    ("amal.png", "en", "png", {"actor": "AMAL", "depth": 2}),
    ("fnp.png", "pt", "png", {"actor": "FNP"}),
    ("inovajuntos-actors.png", "en", "png",
     {"programme": "InovaJuntos", "view": "actors", "min_shared": 2, "color": "country"}),
    ("brazil-mozambique.png", "pt", "png", {"between": ("BR", "MZ"), "view": "actors", "color": "country"}),
    ("communities.png", "en", "png", {"view": "actors", "color": "community"}),
    ("countries.png", "en", "png", {"view": "countries"}),
    ("cisga-map.png", "pt", "map", {"actor": "CISGA"}),
    ("countries-map.png", "pt", "map", {"view": "countries"}),
]
PAGES = [  # pages shown by a screenshot: file name, language, format, options
    ("amal-page.png", "en", "html", {"actor": "AMAL", "depth": 2}),
    ("map-page.png", "pt", "map", {"actor": "CISGA"}),
]
WINDOW = "1100,700"


def main() -> int:
    GALLERY.mkdir(exist_ok=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory() as folder, munigraph.open(data=Path(folder) / "data") as graph:
        graph.reset()
        graph.load()
        for name, language, kind, options in PICTURES:
            with speaking(language):
                report = graph.export(kind, GALLERY / name, **options)
            small(GALLERY / name)
            print(report)
        for name, language, kind, options in PAGES:
            if not chromium:
                print(f"{name}: not drawn, chromium is not installed")
                continue
            page = Path(folder) / (Path(name).stem + ".html")
            with speaking(language):
                graph.export(kind, page, **options)
            screenshot(chromium, page, GALLERY / name)
            small(GALLERY / name)
            print(f"Wrote {GALLERY / name}: a screenshot of {kind} {page.name}")
    return 0


def small(path: Path) -> None:
    """``path``, a PNG, at most ``WIDTH`` pixels wide and in 256 colours."""
    from PIL import Image

    with Image.open(path) as image:
        image = image.convert("RGB")
        if image.width > WIDTH:
            image = image.resize((WIDTH, round(image.height * WIDTH / image.width)),
                                 Image.Resampling.LANCZOS)
        image.quantize(256).save(path, optimize=True)


def screenshot(chromium: str, page: Path, out: Path) -> None:
    """A screenshot of ``page`` once it has laid out (virtual time runs its script)."""
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={WINDOW}", "--virtual-time-budget=20000",
                    f"--screenshot={out}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)


if __name__ == "__main__":
    sys.exit(main())
