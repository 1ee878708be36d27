"""The HTML picture: one self-contained file, drawn by real headless Chromium offline.

The browser tests need Debian's chromium (apt-get install chromium); they drive it over
the DevTools protocol on a pipe (--remote-debugging-pipe), so they need no Python package.
"""

import base64
import datetime
import gettext
import json
import os
import re
import select
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from munigraph.language import LOCALE, speaking
from munigraph.viz.html import render, vis_network, write_html
from munigraph.viz.network import network
from munigraph.viz.style import COLOURS, KINDS

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--remote-debugging-pipe"]
EVIL = "</script><script>alert(1)</script><!--"
SOURCE = "Diário & <b>Notícias</b>"
CAPTION = "Data of 2026-11-22 · 61 sources"
# Waits for the first drawing after the layout, then reads what the page holds.
STATE = """munigraph.ready.then(function () {
  const canvas = document.querySelector("#network canvas");
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 3; i < pixels.length; i += 64) if (pixels[i] > 0) ink++;
  return {drawn: performance.now(), nodes: munigraph.network.body.data.nodes.length,
          edges: munigraph.network.body.data.edges.length, ink: ink,
          shown: munigraph.network.body.nodeIndices.length,
          physics: munigraph.network.physics.physicsEnabled,
          resources: performance.getEntriesByType("resource").map(function (r) { return r.name; })};
})"""


class Chromium:
    """Headless Chromium without network access, driven over the DevTools protocol: JSON
    commands on its fd 3 and replies on its fd 4, each ended by a NUL byte."""

    def __init__(self, profile, flags=FLAGS):
        to_browser, self.commands = os.pipe()
        self.replies, from_browser = os.pipe()

        def on_fds_3_and_4():  # in the child, before exec
            ends = os.dup(to_browser), os.dup(from_browser)
            os.dup2(ends[0], 3)
            os.dup2(ends[1], 4)

        self.process = subprocess.Popen([CHROMIUM, *flags, f"--user-data-dir={profile}"],
                                        preexec_fn=on_fds_3_and_4, close_fds=False,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser)
        os.close(from_browser)
        self.buffer, self.events, self.last = b"", [], 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.kill()
        self.process.wait()
        os.close(self.commands)
        os.close(self.replies)

    def send(self, method, session=None, **params):
        """Run a DevTools command and return its result; events met meanwhile are kept."""
        self.last += 1
        message = {"id": self.last, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        while (reply := self._next()).get("id") != self.last:
            self.events.append(reply)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def evaluate(self, session, expression):
        """The value of a JavaScript expression (awaited if a promise) in the page."""
        result = self.send("Runtime.evaluate", session, expression=expression,
                           awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def open(self, path, screenshot=None, then=None, state=STATE):
        """Load ``path`` in a new 1280×800 tab, wait for ``state`` (by default the first
        drawing after the network's layout) and return its value with ``problems`` (console
        errors and warnings, exceptions, dialogs) and ``requests`` (every URL asked for)."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            self.send(f"{domain}.enable", session)
        self.send("Emulation.setDeviceMetricsOverride", session, width=1280, height=800,
                  deviceScaleFactor=1, mobile=False)
        self.send("Page.addScriptToEvaluateOnNewDocument", session, source=(
            "window.alert = window.confirm = window.prompt = function (m) {"
            " console.error('dialog: ' + m); };"))
        self.events = []
        self.send("Page.navigate", session, url=Path(path).resolve().as_uri())
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._next())
        state = self.evaluate(session, state)
        if then:
            state["then"] = then(self, session)
        if screenshot:
            data = self.send("Page.captureScreenshot", session, format="png")["data"]
            Path(screenshot).write_bytes(base64.b64decode(data))
        self.send("Target.closeTarget", targetId=target)
        state["problems"] = [_problem(e) for e in self.events if _problem(e)]
        state["requests"] = [e["params"]["request"]["url"] for e in self.events
                             if e.get("method") == "Network.requestWillBeSent"]
        return state

    def _next(self, timeout=120):
        while b"\0" not in self.buffer:
            if not select.select([self.replies], [], [], timeout)[0]:
                raise TimeoutError(f"Chromium said nothing for {timeout} s")
            chunk = os.read(self.replies, 1 << 20)
            if not chunk:
                raise EOFError("Chromium has stopped")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)


def _problem(event):
    method, params = event.get("method"), event.get("params", {})
    if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning", "assert"):
        return " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
    if method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
        return params["entry"]["text"]
    if method == "Runtime.exceptionThrown":
        return params["exceptionDetails"]["text"]
    return None


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip("install Debian's chromium: apt-get install chromium")
    with Chromium(tmp_path_factory.mktemp("chromium")) as browser:
        yield browser


def words(language):
    """``word(message, context=None, n=None, plural=None)``: a message as the catalog of
    ``language`` translates it, read from the ``.po`` file, not through the code under test
    (English: the message itself, or ``plural`` when ``n`` is not 1)."""
    if language == "en":
        return lambda message, context=None, n=None, plural=None: (
            plural if n not in (None, 1) else message)
    from babel.messages.pofile import read_po

    with open(LOCALE / language / "LC_MESSAGES" / "munigraph.po", "rb") as file:
        catalog = read_po(file, locale=language)

    def word(message, context=None, n=None, plural=None):
        found = catalog.get(message, context=context)
        assert found is not None and not found.fuzzy and found.string, (context, message)
        return found.string if n is None else found.string[gettext.c2py(catalog.plural_expr)(n)]

    return word


class Page(HTMLParser):
    """The parts of a page the tests look at: scripts, links, and the embedded data."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.scripts, self.references, self.texts, self._in = [], [], [], None
        self.feed(text)
        self.data = json.loads(next(body for attrs, body in self.scripts
                                    if attrs.get("type") == "application/json"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.references += [v for k, v in attrs.items() if k in ("src", "href", "action", "srcset")]
        if tag in ("script", "style"):
            self._in = (tag, attrs, [])

    def handle_data(self, data):
        (self._in[2] if self._in else self.texts).append(data)

    def handle_endtag(self, tag):
        if self._in and tag == self._in[0]:
            if tag == "script":
                self.scripts.append((self._in[1], "".join(self._in[2])))
            self._in = None


def evil_graph():
    """Two actors and an agreement whose name and evidence are hostile markup."""
    municipality = ["Actor", "Municipality"]
    return network(
        [{"labels": municipality, "properties": {"id": "a", "name": "Olhão", "country": "PT"}},
         {"labels": municipality, "properties": {"id": "b", "name": "<img src=x onerror=alert(2)>",
                                                 "country": "BR"}}],
        [{"labels": ["Cooperation", "Agreement"], "topics": ["Solid waste"],
          "properties": {"id": "c", "name": "Geminação", "signed": datetime.date(2013, 1, 1),
                         "signedPrecision": "year"},
          "evidence": [{"quote": EVIL, "source": SOURCE, "url": "https://example.org/x"}]}],
        [{"actor": "a", "cooperation": "c", "role": "signatory"},
         {"actor": "b", "cooperation": "c", "role": "signatory"}])


def test_the_page_asks_for_nothing_outside_it(graph, tmp_path):
    write_html(graph.to_networkx(), tmp_path / "g.html", title="munigraph", caption="Data")
    text = (tmp_path / "g.html").read_text(encoding="utf-8")
    page = Page(text)
    vis = vis_network()
    assert [body for _, body in page.scripts].count(vis) == 1  # pyvis's own file, unchanged
    assert page.references == [] and "@import" not in text and "url(" not in text
    # The only URLs are in vis-network's licence comment and strings, none of them fetched.
    assert not re.search(r"https?://", text.replace(vis, ""))
    assert set(re.findall(r"https?://[^\s\"')]+", vis)) == {
        "https://visjs.github.io/vis-network/", "http://almende.com", "https://github.com/visjs",
        "http://www.apache.org/licenses/LICENSE-2.0", "http://opensource.org/licenses/MIT",
        "http://www.w3.org/2000/svg",  # the namespace of createElementNS
        "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",  # an error message
        "https://github.com/zloirock/core-js",
        "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE"}
    assert "default-src 'none'" in text


def test_nodes_edges_legend_and_tooltips(graph):
    cooperations = graph.to_networkx()
    page = Page(render(cooperations, title="Municipal cooperation", caption=CAPTION))
    nodes = {n["id"]: n for n in page.data["nodes"]}
    assert len(nodes) == cooperations.number_of_nodes()
    assert len(page.data["edges"]) == len({(a, b) for a, b in cooperations.edges()})
    assert "Olhão" in {n["label"] for n in nodes.values()}
    assert {n["color"] for n in nodes.values()} <= set(COLOURS.values())
    assert nodes["consortium:pt:amal"]["color"] == COLOURS["consortium"]
    assert CAPTION in page.texts and "Municipal cooperation" in page.texts
    shown, drawn = [t.strip() for t in page.texts], Counter(n["kind"] for n in nodes.values())
    for kind in KINDS:  # the legend names the kinds drawn, each with its count, and no other
        assert (kind in shown) == (kind in drawn), kind
        if kind in drawn:
            assert shown[shown.index(kind) + 1] == f"{drawn[kind]:,}"
    evidenced = next(data for _, data in cooperations.nodes(data=True)
                     if data.get("topics") and data.get("start") and data.get("evidence")
                     and data["evidence"][0]["source"])
    title, evidence = nodes[evidenced["id"]]["title"], evidenced["evidence"][0]
    assert evidenced["topics"][0] in title and str(evidenced["start"])[:4] in title
    assert f"“{evidence['quote']}” — {evidence['source']}" in title
    roles = {e["label"] for e in page.data["edges"]}
    assert {"signatory", "part of"} <= roles


def test_actors_view_edges_are_shared_cooperations(graph):
    actors = graph.to_networkx(view="actors")
    page = Page(render(actors))
    edges = page.data["edges"]
    assert len(edges) == actors.number_of_edges()
    a, b, data = max(actors.edges(data=True), key=lambda e: e[2]["weight"])
    edge = next(e for e in edges if {e["from"], e["to"]} == {a, b})
    assert edge["value"] == data["weight"] > 1
    assert data["topics"][0] in edge["label"] and data["cooperations"][0] in edge["title"]


def test_a_node_has_one_label_in_every_export_and_long_names_wrap_uncut(graph, tmp_path):
    from munigraph.viz.gephi import gexf_ready
    from munigraph.viz.style import label_of

    cooperations = graph.to_networkx()
    html_labels = {n["id"]: n["label"] for n in Page(render(cooperations)).data["nodes"]}
    gexf_labels = dict(gexf_ready(cooperations).nodes(data="label"))
    short = {row["id"]: row["short"] for row in graph.store.read(
        "MATCH (n) WHERE n.shortName IS NOT NULL RETURN n.id AS id, n.shortName AS short")}
    assert {"association:fnp", "programme:inovajuntos"} <= short.keys()
    for node, data in cooperations.nodes(data=True):
        name = short.get(node) or data["name"]
        assert label_of(data, node) == name == gexf_labels[node]
        assert html_labels[node].replace("\n", " ") == name  # wrapped, never cut
        assert max(map(len, html_labels[node].split("\n"))) <= max(18, *map(len, name.split()))


@pytest.mark.parametrize("by", ["country", "programme", "community"])
def test_the_page_colours_by_country_programme_or_community_with_a_legend(graph, by):
    from munigraph.viz.style import OTHER, PALETTE, colouring

    actors = graph.to_networkx(view="actors")
    page = Page(render(actors, color=by))
    colours = {n["id"]: n["color"] for n in page.data["nodes"]}
    assert set(colours.values()) <= set(PALETTE) | {OTHER}
    groups = colouring(actors, by).legend
    assert len(groups) >= 3 and groups[0][2] >= groups[1][2]  # largest group first
    shown = [t.strip() for t in page.texts]
    for words, colour, count in groups:  # each group in the legend, with its count
        assert shown[shown.index(words) + 1] == f"{count:,}"
        assert sum(1 for c in colours.values() if c == colour) == count
    if by == "country":
        brazil = next(c for w, c, _n in groups if w == "Brazil")
        assert colours["consortium:br:cisga"] == brazil != colours["consortium:pt:amal"]
        assert colours["organization:european-union"] == OTHER  # no country of its own
        assert groups[-1][1] == OTHER and groups[-1][0] == "other"  # more than nine countries
        whole = graph.to_networkx()  # AMAL's cooperations and their parties: few countries
        few = colouring(whole.subgraph({n for c in whole.successors("consortium:pt:amal")
                                        for n in [c, *whole.predecessors(c)]}), "country").legend
        assert few[-1][:2] == ("no single country", OTHER)
    if by == "programme":
        assert colours["consortium:pt:amal"] == next(c for w, c, _n in groups if w == "InovaJuntos")
    if by == "community":  # the largest communities have the colours, numbered in order
        named = [w for w, c, _n in groups if c != OTHER]
        assert named == [f"community {i}" for i in range(1, len(named) + 1)]


def test_communities_of_one_size_take_the_colours_in_their_order():
    from munigraph.viz.style import OTHER, PALETTE, colouring

    pairs = nx.Graph([(f"a{i}", f"b{i}") for i in range(12)])  # twelve communities of two
    legend = colouring(pairs, "community").legend
    assert [w for w, _c, _n in legend] == [f"community {i}" for i in range(1, 10)] + ["other"]
    assert [c for _w, c, _n in legend] == [*PALETTE, OTHER] and legend[-1][2] == 6


def test_untrusted_text_cannot_end_a_script():
    page = Page(render(evil_graph(), title="<b>x</b>", caption=EVIL))
    assert len(page.scripts) == 3  # vis-network, the data, the page's own
    titles = " ".join(n["title"] for n in page.data["nodes"])
    assert EVIL in titles and SOURCE in titles and "example.org" not in titles
    assert "<b>x</b>" in page.texts and EVIL in page.texts


def test_an_empty_graph_makes_a_page():
    page = Page(render(nx.MultiDiGraph()))
    assert page.data["nodes"] == [] and page.data["edges"] == []


def test_chromium_draws_the_graph_offline(chromium, graph, tmp_path):
    cooperations = graph.to_networkx()
    write_html(cooperations, tmp_path / "g.html", title="Municipal cooperation", caption="Data")
    state = chromium.open(tmp_path / "g.html", screenshot=tmp_path / "network.png")
    assert state["problems"] == []
    assert state["nodes"] == state["shown"] == cooperations.number_of_nodes()
    assert state["ink"] > 1000 and state["physics"] is False  # drawn, and the layout stopped
    assert state["resources"] == []
    assert all(url.startswith(("file:", "data:", "about:")) for url in state["requests"])
    assert (tmp_path / "network.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_chromium_draws_the_actors_view(chromium, graph, tmp_path):
    actors = graph.to_networkx(view="actors")
    write_html(actors, tmp_path / "a.html")
    state = chromium.open(tmp_path / "a.html", screenshot=tmp_path / "actors.png")
    assert state["problems"] == []
    assert (state["nodes"], state["edges"]) == (actors.number_of_nodes(), actors.number_of_edges())


def test_chromium_shows_a_tooltip_as_text(chromium, tmp_path):
    write_html(evil_graph(), tmp_path / "e.html", title="<b>x</b>", caption=EVIL)

    def hover(browser, session):
        x, y = browser.evaluate(session, """(function () {
            const p = munigraph.network.canvasToDOM(munigraph.network.getPosition("c"));
            const box = document.getElementById("network").getBoundingClientRect();
            return [box.left + p.x, box.top + p.y]; })()""")
        browser.send("Input.dispatchMouseEvent", session, type="mouseMoved", x=x, y=y)
        return browser.evaluate(session, """new Promise(function (done) { setTimeout(function () {
            const tip = document.querySelector("div.vis-tooltip");
            done({text: tip.innerText, elements: tip.querySelectorAll(":not(br)").length,
                  visible: getComputedStyle(tip).visibility,
                  injected: document.querySelectorAll("img, b").length}); }, 500); })""")

    state = chromium.open(tmp_path / "e.html", then=hover)
    tip = state["then"]
    assert tip["visible"] == "visible" and tip["elements"] == 0 and tip["injected"] == 0
    assert tip["text"].splitlines() == ["Geminação", "Agreement · signed 2013",
                                        "Topics: Solid waste", f"“{EVIL}” — {SOURCE}"]
    assert state["problems"] == [] and state["nodes"] == 3


def test_chromium_draws_an_empty_graph(chromium, tmp_path):
    write_html(nx.MultiDiGraph(), tmp_path / "empty.html")
    state = chromium.open(tmp_path / "empty.html")
    assert (state["nodes"], state["problems"]) == (0, [])


@pytest.mark.parametrize("language", ["pt", "en"])
def test_the_page_speaks_the_chosen_language(language):
    word = words(language)
    with speaking(language):
        text = render(evil_graph(), title="Geminações", caption=CAPTION)
    page = Page(text)
    assert f'<html lang="{language}">' in text
    shown = [t.strip() for t in page.texts if t.strip()]
    assert {word("municipality", "kind"), word("agreement", "kind")} <= set(shown)
    assert word("Laying out {n} node…", n=3, plural="Laying out {n} nodes…").format(n=3) in shown
    assert page.data["summary"] == (word("{n} node", n=3, plural="{n} nodes").format(n=3) + " · "
                                    + word("{n} link", n=2, plural="{n} links").format(n=2))
    tip = {n["id"]: n["title"] for n in page.data["nodes"]}["c"].splitlines()
    assert tip[1:3] == [f"{word('agreement', 'kind').capitalize()} · {word('signed {date}').format(date=2013)}",
                        word("Topics: {topics}").format(topics="Solid waste")]
    assert {e["label"] for e in page.data["edges"]} == {word("signatory", "role")}
    if language != "en":
        assert not {"municipality", "Laying out 3 nodes…"} & set(shown)
        assert "signed" not in tip[1] and "Topics" not in tip[2]
