"""The researcher's workbench of munigraph explore in real headless Chromium, in Portuguese:
the year slider moved with the keyboard redraws the view as the API draws it for that year,
the view switch to countries, a view over the drawing limit drawn by country, the timeline
question as a bar chart and the measures panel. Uses test_explore_browser's server, browser
and tab (skipped without Debian's chromium)."""

import json
import time

from test_explore_browser import NODES, OVERLAPS, Tab, address, chromium  # noqa: F401 (fixtures)

from munigraph.language import messages
from munigraph.viz import limits

PT = messages("pt")  # the page's words: the Portuguese ones, once the catalog has them

IDLE = "document.getElementById('status').textContent === ''"
# The pairs of nodes where one's mark (a node's size is its radius) covers the other's label.
COVERED = """(function () {
  const network = munigraph.network, nodes = network.body.nodes, ids = network.body.nodeIndices;
  network.redraw();
  const covered = [];
  for (const a of ids) for (const b of ids) {
    const node = nodes[a], label = nodes[b].labelModule.size, r = node.options.size;
    if (a !== b && node.x - r < label.left + label.width && label.left < node.x + r
        && node.y - r < label.top + label.height && label.top < node.y + r) covered.push([a, b]);
  }
  return covered;
})()"""


def key(tab, name, times=1):
    codes = {"ArrowLeft": 37, "ArrowRight": 39, "Home": 36}
    for _ in range(times):
        for kind in ("keyDown", "keyUp"):
            tab.browser.send("Input.dispatchKeyEvent", tab.session, type=kind, key=name, code=name,
                             windowsVirtualKeyCode=codes[name])


def drawn(tab):
    return sorted(tab.js(f"{NODES}.getIds()"))


def asked(tab, params):  # the node ids of the API's view for these parameters
    return sorted(tab.js(f"""fetch("/api/neighbourhood?" + new URLSearchParams({json.dumps(params)}))
        .then(function (answer) {{ return answer.json(); }})
        .then(function (view) {{ return view.nodes.map(function (node) {{ return node.id; }}); }})"""))


def test_years_views_limit_timeline_and_measures(chromium, address, graph, monkeypatch):  # noqa: F811
    tab = Tab(chromium, address)
    tab.until("window.munigraph && !document.getElementById('year').disabled")
    start = time.perf_counter()
    tab.type("#country", "BR")
    tab.click_element("#apply")
    tab.until(f"{NODES}.length > 0 && {IDLE}")
    everything = drawn(tab)
    assert everything == asked(tab, [["country", "BR"]])

    tab.js("document.getElementById('year').focus()")  # the slider, by keyboard: ten years back, then one
    last = int(tab.js("document.getElementById('year').value"))
    key(tab, "ArrowLeft", 10)
    tab.until(f"document.getElementById('until').value === '{last - 10}' && {IDLE}")
    tab.until(f"{NODES}.length < {len(everything)}")
    earlier = drawn(tab)
    assert earlier == asked(tab, [["country", "BR"], ["until", str(last - 10)]])
    assert tab.js("document.getElementById('year-shown').textContent") == str(last - 10)
    undated = tab.text("#undated-choice")
    assert not tab.js("document.getElementById('undated-choice').hidden") and "(" in undated
    key(tab, "ArrowLeft")
    tab.until(f"document.getElementById('until').value === '{last - 11}' && {IDLE}")
    tab.until(f"{NODES}.length !== {len(earlier)}")
    year = drawn(tab)
    assert year == asked(tab, [["country", "BR"], ["until", str(last - 11)]])

    tab.click_element("#views input[value=countries]")  # the view switch
    tab.until(f"{NODES}.get('country:br') && {IDLE}")
    assert all(node.startswith("country:") for node in drawn(tab))
    assert "países ligados" in tab.text("#caption")

    monkeypatch.setattr(limits, "HTML", 10)  # over the limit: drawn by country, and said so
    tab.click_element("#views input[value=cooperations]")
    tab.until("!document.getElementById('notice').hidden")
    tab.until(IDLE)
    too_many = PT.get("{n} nodes are too many to draw: shown by country.",
                      "{n} nodes are too many to draw: shown by country.")
    assert tab.text("#notice-text") == too_many.format(n=len(year))
    assert all(node.startswith("country:") for node in drawn(tab))
    assert tab.js("document.getElementById('filters').classList.contains('offer')")
    monkeypatch.setattr(limits, "HTML", 1000)
    tab.click_element("#apply")  # back under the limit: the cooperations again
    tab.until(f"{NODES}.length > 0 && {NODES}.get('country:br') === null && {IDLE}")

    tab.js("""(function () {
        const select = document.getElementById("query-name");
        select.value = "timeline";
        select.dispatchEvent(new Event("change")); })()""")
    tab.click_element("#query-run")
    tab.until("!document.getElementById('chart').hidden")
    rows = graph.query("timeline")
    assert tab.js("document.querySelectorAll('#chart rect.bar').length") == len(rows)
    assert tab.js("document.querySelector('#chart rect.bar').getAttribute('aria-label')").startswith(
        f"{rows[0]['year']}: ")

    tab.click_element("#measures-go")
    tab.until("!document.getElementById('measures').hidden")
    ranked = graph.measures(countries=["BR"], until=last - 11)  # the filters of the view
    names = tab.js("[...document.querySelectorAll('#measures tbody tr td:first-child')].map(td => td.textContent)")
    assert sorted(names) == sorted(row["name"] for row in ranked) and names[0] == ranked[0]["name"]
    tab.js("""(function () {
        const colour = document.getElementById("colour-by");
        colour.value = "pagerank";
        colour.dispatchEvent(new Event("change")); })()""")
    assert not tab.js("document.getElementById('scale').hidden")
    shown = set(drawn(tab))  # the darkest of the scale: the highest PageRank among the actors drawn
    top = max((row for row in ranked if row["id"] in shown), key=lambda row: row["pagerank"])
    assert tab.js(f"{NODES}.get({top['id']!r}).color") == "rgb(8,48,107)"
    tab.js("""(function () {
        const size = document.getElementById("size-by");
        size.value = "betweenness";
        size.dispatchEvent(new Event("change")); })()""")
    tab.js("document.getElementById('country').value = 'MZ'")  # new filters: the measures follow
    tab.click_element("#apply")
    mozambique = graph.measures(countries=["MZ"], until=last - 11)
    tab.until(f"document.querySelectorAll('#measures tbody tr').length === {len(mozambique)} && {IDLE}")
    assert tab.text("#measures tbody tr:first-child td:first-child") == mozambique[0]["name"]
    shown = set(drawn(tab))
    top = max((row for row in mozambique if row["id"] in shown), key=lambda row: row["pagerank"])
    assert tab.js(f"{NODES}.get({top['id']!r}).color") == "rgb(8,48,107)"
    tab.js("document.getElementById('until').value = ''")  # every year: ANAMM and FNP grow
    tab.click_element("#apply")
    every = graph.measures(countries=["MZ"])
    tab.until(f"document.querySelectorAll('#measures tbody tr').length === {len(every)} && {IDLE}")
    # nodes grown by a measure are moved off the others' labels
    assert tab.js(OVERLAPS) == [] and tab.js(COVERED) == []
    # the answer, its chart and the measures open below: the network keeps its room
    network = tab.js("[document.getElementById('network').offsetHeight, innerHeight]")
    assert 0.45 * network[1] - 1 <= network[0] <= network[1]
    tab.js("document.getElementById('table-close').scrollIntoView()")  # below: the view scrolls
    tab.click_element("#table-close")  # closing the answer closes its chart
    assert tab.js("[document.getElementById('table').hidden, document.getElementById('chart').hidden]") == [True, True]
    tab.js("document.getElementById('measures-close').scrollIntoView()")
    tab.click_element("#measures-close")  # the actors look as they did before the measures
    assert tab.js("document.getElementById('measures').hidden")
    assert tab.js(f"{NODES}.get({top['id']!r}).color") != "rgb(8,48,107)"
    assert tab.js("document.getElementById('scale').hidden")
    seconds = time.perf_counter() - start
    print(f"\nthe workbench walk took {seconds:.1f} s")
    assert seconds < 40
