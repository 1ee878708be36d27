"""``munigraph explore``: a local web page over the graph, and its read-only JSON API.

``app(graph)`` is a Starlette application over one open graph (``munigraph.open(...)``);
``serve(graph, host, port, open_browser)`` runs it with uvicorn until Ctrl-C. Every answer
comes from the canned queries, ``viz.select`` and read-only Cypher (``store.read``), and
every request parameter is checked (known names, lengths, printable text, ranges, allowed
values) and sent as a Cypher parameter. The page, its script and vis-network (from the
installed pyvis) are served from the app itself, so it works offline; its
Content-Security-Policy lets it load and fetch from its own address only. There is no
login: it listens on 127.0.0.1 unless told otherwise, and answers only requests addressed
to its own name or to the names it is told (``--allow-host``). Heavy requests take turns
(``_Turns``), and a view reads at most ``limits.EXPLORE`` cooperations, so that a burst of
them keeps the page responsive and explore's memory bounded. See docs/explore.md.

Every request is answered in one language (``_Language``): the ``lang`` of its query string
(any address takes it; the page's language switch links to ``/?lang=pt``, which also sets a
``lang`` cookie), else the ``lang`` cookie, else the language chosen with ``--lang`` or
``MUNIGRAPH_LANG``, else the browser's ``Accept-Language``, else the system locale's. The page's words, the API's
messages, the names of topics and countries and the column headers follow it; the JSON keys
and CSV headers stay English.
"""

from __future__ import annotations

import asyncio
import html
import ipaddress
import json
import os
import re
import socket
import sys
import unicodedata
import urllib.parse
import webbrowser
from importlib import resources
from string import Template

import networkx as nx

from munigraph import queries
from munigraph.graph.dates import partial_dates
from munigraph.graph.errors import MunigraphError, ParameterError, StoreError
from munigraph.graph.words import vocabulary
from munigraph.language import _, accepted, choose, current, languages, messages, ngettext, speaking
from munigraph.loaders.countries import country
from munigraph.queries.output import Rows, format_rows, headers, native, plain
from munigraph.viz.html import elements, options, render, script_json, vis_network
from munigraph.viz.network import INTERNAL, read_network
from munigraph.viz import limits
from munigraph.viz.search import Names, search as find
from munigraph.viz.select import ON_TOPIC, TWINNINGS, VIEWS, Selection, around
from munigraph.viz.style import COLOURS, KINDS, OTHER, PALETTE

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import cookie_parser
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

TEXT = 200  # the longest text a parameter may hold
IDS = 20  # the most nodes a view may start from, and countries it may name
SHOWN = tuple(kind for kind in KINDS if kind not in ("topic", "country"))  # kinds of node a view holds
LOCAL = ("127.0.0.1", "localhost")
WILDCARDS = ("0.0.0.0", "::", "")  # every address of the machine
NAME = re.compile(r"\w{1,40}")
WHOLE = re.compile(r"-?[0-9]{1,9}")
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
          "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", POLICY.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"cache-control", b"no-store")]
VIEW = ("id", "depth", "topic", "country", "programme", "since", "until", "undated", "kinds",
        "view", "twinnings")
MARKED = re.compile(r"\{\{\s*(.+?)\s*\}\}", re.S)  # a text of explore.html to translate
SCRIPT_TEXT = re.compile(r'\b_\(\s*("(?:[^"\\\n]|\\.)*")\s*\)')  # _("...") in explore.js
YEAR = 365 * 24 * 3600
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Requests that read much of the graph, by kind, and how many of each run at once: views
# (the network of a selection, its HTML, the measures) build networks in memory; questions
# (canned queries, paths) wait on the store. Others wait up to TURN_WAIT seconds for their
# turn, then get 503 with Retry-After.
TURNS = {"view": 2, "question": 4}
READ_TIMEOUT = 30  # seconds a read may take (on Neo4j; see Store.limited)
TURN_WAIT = 0.5
RETRY_AFTER = 2
VIEWS_PATHS = ("/api/neighbourhood", "/api/export.html", "/api/measures")
QUESTION_PATHS = ("/api/path", "/api/query/")

NODE = """
MATCH (n) WHERE n.id = $id AND (n:Actor OR n:Cooperation OR n:Topic)
RETURN labels(n) AS labels, properties(n) AS properties
"""
# The cooperations $ids of an actor or a topic $id: its role in each, their topics, partners, dates
COOPERATIONS_OF = """
MATCH (c:Cooperation) WHERE c.id IN $ids
OPTIONAL MATCH (n:Actor)-[r:TAKES_PART]->(c) WHERE n.id = $id
OPTIONAL MATCH (c)-[:ON_TOPIC]->(t:Topic)
WITH r, c, collect(DISTINCT CASE $lang WHEN 'pt' THEN coalesce(t.namePt, t.name) ELSE t.name END) AS topics
OPTIONAL MATCH (c)<-[:TAKES_PART]-(p:Actor) WHERE p.id <> $id
RETURN c.id AS id, c.name AS name, [l IN labels(c) WHERE l <> 'Cooperation'][0] AS kind,
       r.role AS role, topics, collect(DISTINCT p.name) AS partners,
       coalesce(c.start, c.signed) AS start,
       CASE WHEN c.start IS NULL THEN c.signedPrecision ELSE c.startPrecision END AS startPrecision,
       c.end AS end, c.endPrecision AS endPrecision
ORDER BY name, role
"""
COOPERATION = {
    "parties": """
MATCH (a:Actor)-[r:TAKES_PART]->(c:Cooperation) WHERE c.id = $id
RETURN a.id AS id, a.name AS name, [l IN labels(a) WHERE l <> 'Actor'][0] AS kind,
       a.country AS country, r.role AS role
ORDER BY role, name""",
    "topics": """
MATCH (c:Cooperation)-[:ON_TOPIC]->(t:Topic) WHERE c.id = $id
RETURN t.id AS id, CASE $lang WHEN 'pt' THEN coalesce(t.namePt, t.name) ELSE t.name END AS name
ORDER BY name""",
    "programmes": """
MATCH (c:Cooperation)-[:PART_OF]->(p:Cooperation) WHERE c.id = $id
RETURN p.id AS id, p.name AS name ORDER BY name""",
    "evidence": """
MATCH (c:Cooperation)-[e:EVIDENCED_BY]->(s:Source) WHERE c.id = $id
RETURN e.quote AS quote, s.title AS source, s.titleEn AS sourceEn,
       coalesce(s.titleDescriptive, false) AS descriptive, s.url AS url, s.publisher AS publisher,
       s.published AS published, s.publishedPrecision AS publishedPrecision
ORDER BY source, quote""",
}
TAKES_PART = ("MATCH (a:Actor)-[:TAKES_PART]->(c:Cooperation) WHERE a.id = $name "
              "RETURN DISTINCT c.id AS id")
FOCUS = ("MATCH (n) WHERE n.id IN $ids AND (n:Actor OR n:Cooperation) "
         "RETURN n.id AS id, n:Cooperation AS cooperation")
STATE = "MATCH (i:Input) RETURN i.id AS id, i.sha256 AS sha256 ORDER BY id"  # what the graph was built from
MEASURED = 16  # answers of /api/measures kept
TOPICS = ("MATCH (t:Topic) WHERE t.id IN $ids "
          "RETURN t.id AS id, CASE $lang WHEN 'pt' THEN coalesce(t.namePt, t.name) ELSE t.name END AS name")


def app(graph, hosts=LOCAL, language=None) -> Starlette:
    """The web application over ``graph`` (a ``munigraph.open(...)`` result), answering only
    requests addressed to one of ``hosts`` (names or addresses), in
    ``language`` when one is chosen (it wins over the browser's, not over the page's switch)."""
    files = resources.files(__package__)
    script = files.joinpath("explore.js").read_text(encoding="utf-8")
    config = {"kinds": [{"kind": kind, "colour": COLOURS[kind]} for kind in SHOWN],
              "palette": PALETTE, "other": OTHER, "options": options(100, 200)}  # a view of about a hundred nodes
    template = files.joinpath("explore.html").read_text(encoding="utf-8")
    pages = {language: _page(template, script, config, language) for language in languages()}
    routes = [
        Route("/", lambda request: _page_response(request, pages)),
        Route("/explore.js", _static(script, "text/javascript")),
        Route("/explore.css", _static(files.joinpath("explore.css").read_text(encoding="utf-8"),
                                      "text/css")),
        Route("/vis-network.js", _static(vis_network(), "text/javascript")),
        Route("/api/search", search),
        Route("/api/node", node),
        Route("/api/neighbourhood", neighbourhood),
        Route("/api/export.html", export_html),
        Route("/api/path", path),
        Route("/api/measures", measured),
        Route("/api/queries", query_list),
        Route("/api/query/{name}.csv", query_csv),
        Route("/api/query/{name}.xlsx", query_xlsx),
        Route("/api/query/{name}", query),
    ]
    for route in routes:
        if route.path.startswith("/api/"):
            route.methods = {"GET"}  # not HEAD, which would run the question for nothing
    spoken = {"default": current(), "chosen": language and choose(language)}
    web = Starlette(routes=routes, middleware=[
        Middleware(_Headers), Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts)),
        Middleware(_Language, **spoken), Middleware(_Turns)],
        exception_handlers={HTTPException: _http_error, MunigraphError: _bad_request,
                            Exception: _internal_error})
    web.state.store = graph.store.limited(READ_TIMEOUT)
    web.state.measures = {}  # measures already computed, by graph state and filters
    web.state.names = Names()  # the names the search reads, kept between searches
    web.state.spoken = spoken  # for the error handler of the last resort, outside the middleware
    return web


def _page(template: str, script: str, config: dict, language: str) -> str:
    """explore.html in ``language``: each ``{{ text }}`` translated, the configuration, the
    names of countries and the translations of the script's words as JSON data blocks."""
    with speaking(language):
        page = MARKED.sub(lambda found: html.escape(_(_one_line(found[1]))).replace("$", "$$"),
                          template)
        catalog = messages(language)
        wanted = {json.loads(found[1]) for found in SCRIPT_TEXT.finditer(script)}
        return Template(page).substitute(
            lang=language, config=script_json({**config, "countries": _countries(language),
                                               "words": vocabulary()}),
            messages=script_json({text: catalog[text] for text in sorted(wanted) if text in catalog}))


def _one_line(text: str) -> str:
    """A marked text as its message: its lines and spaces run together (as the catalog's
    extractor does)."""
    return " ".join(text.split())


def _countries(language: str) -> dict:
    """Country names by ISO code in ``language`` (English or Portuguese)."""
    import pycountry

    codes = sorted({found.alpha_2 for found in pycountry.countries} | {"XK"})
    named = {code: country(code) for code in codes}
    return {code: found["namePt" if language == "pt" else "name"] for code, found in named.items()}


def _page_response(request, pages):
    """The page in the request's language; ``?lang=`` also keeps the choice in a cookie."""
    language = current()
    response = HTMLResponse(pages.get(language) or pages[next(iter(pages))],
                            headers={"Vary": "Accept-Language, Cookie", "Content-Language": language})
    if request.scope.get("munigraph.asked"):  # the switch: remember the choice
        response.set_cookie("lang", language, max_age=YEAR, httponly=True, samesite="strict")
    return response


def serve(graph, host="127.0.0.1", port=0, open_browser=True, language=None,
          allow_hosts=()) -> None:
    """Serve the page and the API on ``host``:``port`` (0: a free port), print the address
    (and a warning when ``host`` is not a loopback address), open a browser when asked and
    one can open, and run until Ctrl-C. Requests must be addressed to ``host`` (unless it
    is a wildcard such as 0.0.0.0), a loopback name, or one of ``allow_hosts``: off
    loopback, at least one is needed."""
    web = app(graph, hosts_allowed(host, allow_hosts), language)
    local = _loopback(host)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.create_server((host, port), family=family) as listening:
        shown = allow_hosts[0] if host in WILDCARDS else f"[{host}]" if ":" in host else host
        address = f"http://{shown}:{listening.getsockname()[1]}/"
        if not local:
            print(_("warning: listening on {host}: anyone who can reach it can read the whole "
                    "graph; the page has no login.").format(host=host), file=sys.stderr, flush=True)
        print(_("munigraph explore: {address} (Ctrl-C to stop)").format(address=address), flush=True)
        if open_browser and _can_open_browser():
            webbrowser.open(address)
        try:
            uvicorn.Server(uvicorn.Config(web, log_level="warning")).run(sockets=[listening])
        except KeyboardInterrupt:  # uvicorn stops cleanly, then passes Ctrl-C on
            pass


def hosts_allowed(host: str, allow_hosts=()) -> tuple:
    """The names and addresses requests may be addressed to (their Host header) when
    listening on ``host``; refused off loopback without ``allow_hosts``, since any web
    site could then read the API through a name of its own pointing here.

    >>> hosts_allowed("127.0.0.1")
    ('127.0.0.1', 'localhost')
    >>> hosts_allowed("0.0.0.0", ["munigraph.local"])
    ('127.0.0.1', 'localhost', 'munigraph.local')
    """
    wildcard = host in WILDCARDS
    if not _loopback(host) and not allow_hosts:
        raise MunigraphError(_(
            "listening on {host} needs --allow-host NAME: the name or address people will "
            "type to reach the page (e.g. --allow-host 192.168.1.20), repeatable").format(host=host))
    named = () if wildcard or host in LOCAL else (host,)
    return tuple(dict.fromkeys((*LOCAL, *named, *allow_hosts)))


def search(request):
    """Actors, cooperations, topics and countries named by ``q``, typos forgiven
    (``viz.search``)."""
    values = _values(request, ("q", "limit"))
    return _json({"results": find(request.app.state.store, _one(values, "q", required=True),
                                  _integer(values, "limit", 1, 20, 10), request.app.state.names)})


def _topic_names(store, ids) -> dict:
    """The names of the topics ``ids`` in the current language, by id."""
    return {row["id"]: row["name"] for row in store.read(TOPICS, ids=ids, lang=current())} if ids else {}


WIKIDATA_PAGE = "https://www.wikidata.org/wiki/"


def node(request):
    """A node's properties and kind; an actor's cooperations or a topic's (those of its
    narrower topics too, as the topic filter chooses them), or a cooperation's parties,
    topics, programmes and evidence; dates at their precision."""
    store = request.app.state.store
    node_id = _one(_values(request, ("id",)), "id", required=True)
    found = store.read(NODE, id=node_id)
    if not found:
        raise HTTPException(404, _("no actor, cooperation or topic has the id {id}").format(
            id=repr(node_id)))
    labels, properties = found[0]["labels"], found[0]["properties"]
    label = next(name for name in ("Actor", "Cooperation", "Topic") if name in labels)
    kinds = [name for name in labels if name != label]
    language = current()
    named = properties.get("namePt") if language == "pt" else None
    answer = {"id": node_id, "name": named or properties.get("name"), "label": label,
              "kind": kinds[0] if kinds else label,
              "properties": partial_dates(native(in_language({k: v for k, v in properties.items()
                                                              if k not in INTERNAL}, language)))}
    items = [properties["wikidataId"]] if properties.get("wikidataId") else []
    items += properties.get("wikidataIds") or []
    answer["pages"] = {item: WIKIDATA_PAGE + item for item in items}  # where a reader checks an id
    if properties.get("parent"):  # a topic's broader topic, by name
        parent = str(properties["parent"])
        answer["parent"] = {"id": parent, "name": _topic_names(store, [parent]).get(parent, parent)}
    if label == "Cooperation":
        answer.update({key: [partial_dates(row) for row in native(
            store.read(text, id=node_id, **({"lang": language} if "$lang" in text else {})))]
            for key, text in COOPERATION.items()})
    else:
        chosen = store.read(ON_TOPIC if label == "Topic" else TAKES_PART, name=node_id)
        answer["cooperations"] = [{**partial_dates(row), "topics": sorted(row["topics"]),
                                   "partners": sorted(row["partners"])}
                                  for row in native(store.read(
                                      COOPERATIONS_OF, ids=[row["id"] for row in chosen],
                                      id=node_id, lang=language))]
    return _json(answer)


def in_language(properties: dict, language: str) -> dict:
    """``properties`` with the ``description`` in ``language`` when the node keeps its
    descriptions in several (an IATI activity's ``descriptions`` and
    ``descriptionLanguages``), else the one it has; the lists themselves left out.

    >>> in_language({"description": "Resíduos", "descriptions": ["Resíduos", "Waste"],
    ...              "descriptionLanguages": ["pt", "EN"]}, "en")
    {'description': 'Waste'}
    """
    texts = properties.get("descriptions") or []
    languages = properties.get("descriptionLanguages") or []
    shown = {k: v for k, v in properties.items() if k not in ("descriptions", "descriptionLanguages")}
    chosen = next((text for text, lang in zip(texts, languages) if lang.lower().split("-")[0] == language), None)
    return {**shown, "description": chosen} if chosen else shown


def neighbourhood(request):
    """The nodes and edges of a view (see ``_view``), as vis-network draws them, its
    caption, the view drawn (``countries`` when the one asked for has ``too_many`` nodes),
    the cooperations left out for lack of a date (``undated``) and the drawing options of
    an HTML export of that size."""
    chosen, _title = _view(request)
    nodes, edges = elements(chosen.graph)
    return _json({"nodes": nodes, "edges": edges, "caption": chosen.caption,
                  "view": chosen.view, "too_many": chosen.too_many, "undated": chosen.undated,
                  "options": options(len(nodes), len(edges), chosen.view == "countries")})


def export_html(request):
    """The self-contained HTML picture of a view, as ``munigraph export html`` writes it."""
    chosen, title = _view(request)
    return HTMLResponse(render(chosen.graph, title, chosen.caption),
                        headers={"Content-Disposition": 'attachment; filename="munigraph.html"'})


def path(request):
    """How two actors are connected: the ``connection`` query, and the first chain's nodes
    and edges."""
    store = request.app.state.store
    values = _values(request, ("from", "to"))
    try:
        rows, columns = queries.run(store, "connection", actor=_one(values, "from", required=True),
                                    other=_one(values, "to", required=True))
    except ParameterError as error:  # the question's actor and other: this address's from and to
        raise ParameterError(str(error), {"actor": "from", "other": "to"}.get(error.parameter),
                             error.words) from None
    chain = nx.MultiDiGraph()
    if rows:
        ids = rows[0]["chain_ids"]
        chain = read_network(store, ids[1::2]).subgraph(ids)  # actor, cooperation, actor, ...
    nodes, edges = elements(chain)
    return _json({"columns": columns, "headers": headers(columns), "rows": rows, "nodes": nodes,
                  "edges": edges,
                  "caption": ngettext("{n} node", "{n} nodes", len(nodes)).format(n=len(nodes))
                  + ", " + ngettext("{n} link", "{n} links", len(edges)).format(n=len(edges))})


def measured(request):
    """The network measures of the actors of the cooperations the filters choose
    (``country``, repeatable, ``topic``, ``programme``, ``since``, ``until``), from
    ``viz.measures``: ``columns``, their ``headers``, the ``rows`` (highest PageRank first)
    and a ``note`` saying how betweenness was computed. An answer is kept for the same
    filters until the graph is loaded again (the inputs it was built from change)."""
    from munigraph.viz.measures import measures

    store = request.app.state.store
    values = _values(request, ("country", "topic", "programme", "since", "until"),
                     repeatable=("country",))
    filters = {"countries": tuple(values.get("country", [])), "topic": _one(values, "topic"),
               "programme": _one(values, "programme"),
               **dict(zip(("since", "until"), _years(values)))}
    key = (tuple(map(tuple, (row.values() for row in store.read(STATE)))),
           tuple(filters.items()))
    kept = request.app.state.measures
    if key not in kept:
        while len(kept) >= MEASURED:
            kept.pop(next(iter(kept)))
        kept[key] = measures(store, **filters, most=limits.EXPLORE)
    rows = kept[key]
    return _json({"columns": rows.keys, "headers": headers(rows.keys), "rows": rows,
                  "note": rows.note})


def query_list(request):
    """The canned queries: name, description, parameters and columns."""
    _values(request, ())
    return _json({"queries": [
        {"name": q.name, "description": _(q.description), "returns": list(q.returns),
         "parameters": [{"name": p.name, "type": p.type, "default": p.default,
                         "required": p.required, "example": p.example, "help": _(p.help),
                         **({"min": p.low, "max": p.high} if p.low is not None else {})}
                        for p in q.parameters if p.name != "lang"]}  # lang: the page's
        for q in queries.catalogue().values()]})


def query(request):
    """The rows and columns of a canned query run with the query string's values, and the
    columns' headers for people."""
    name, rows, columns = _answer(request)
    return _json({"name": name, "columns": columns, "headers": headers(columns), "rows": rows})


def query_csv(request):
    """A canned query's answer as CSV (UTF-8 with a byte-order mark)."""
    name, rows, columns = _answer(request)
    return Response(format_rows(rows, columns, "csv"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def query_xlsx(request):
    """A canned query's answer as an ``.xlsx`` workbook: the rows under headers in the
    request's language, then a sheet saying what was asked and which documents the rows
    rest on (``queries.spreadsheet``)."""
    from munigraph.queries.spreadsheet import sources_of, workbook

    name, rows, columns, values = _answer(request, with_values=True)
    store = request.app.state.store
    data = workbook(rows, query=name, parameters=values, sources=sources_of(store, rows))
    return Response(data, media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})


def _answer(request, with_values=False):
    name = request.path_params["name"]
    if name not in queries.catalogue():  # never a file name: queries.get would read one
        raise HTTPException(404, _("no query called {name}; /api/queries lists them").format(
            name=repr(name)))
    values = {key: found[0] for key, found in _values(request).items()}
    rows = Rows(*queries.run(request.app.state.store, name, **values))
    return (name, rows, rows.keys, values) if with_values else (name, rows, rows.keys)


def _view(request) -> tuple[Selection, str]:
    """What a view shows, and its title: the neighbourhoods of the nodes ``id`` (an actor's
    cooperations ``depth`` steps out; a cooperation and what is part of it, whatever the
    ``programme`` filter says) or, without ``id``, the whole graph, in one selection
    (``viz.select.around``), narrowed by its filters (``topic``, ``country``,
    ``programme``, the years ``since`` and ``until``, cooperations without a date kept when
    ``undated`` is 1, and ``kinds``, the kinds of node to keep), in the ``view`` asked for
    (cooperations, actors, countries or programmes; ``twinnings=direct`` draws twinnings
    as links). A view of more than ``viz.limits.HTML`` nodes is drawn by country."""
    store = request.app.state.store
    values = _values(request, VIEW, repeatable=("id", "country"))
    ids = values.get("id", [])
    depth = _integer(values, "depth", 1, 3, 1)
    since, until = _years(values)
    kinds = _one(values, "kinds")
    kinds = kinds and set(kinds.split(","))
    if kinds and not kinds <= set(SHOWN):
        raise MunigraphError(_("kinds must be among {kinds}, not {wrong}").format(
            kinds=", ".join(SHOWN), wrong=", ".join(sorted(kinds - set(SHOWN)))))
    cooperation = {row["id"]: row["cooperation"] for row in store.read(FOCUS, ids=ids)}
    for node_id in ids:
        if node_id not in cooperation:
            raise HTTPException(404, _("no actor or cooperation has the id {id}").format(
                id=repr(node_id)))
    chosen = around(store, actors=[i for i in ids if not cooperation[i]],
                    cooperations=[i for i in ids if cooperation[i]], depth=depth,
                    countries=values.get("country", []), topic=_one(values, "topic"),
                    programme=_one(values, "programme"), since=since, until=until,
                    undated=_integer(values, "undated", 0, 1, 0) == 1, kinds=kinds,
                    view=_choice(values, "view", VIEWS),
                    twinnings=_choice(values, "twinnings", TWINNINGS), limit=limits.HTML,
                    most=limits.EXPLORE)
    title = "; ".join(str(chosen.graph.nodes[i].get("name")) for i in ids if i in chosen.graph)
    return chosen, title or _("International municipal cooperation")


def _values(request, allowed=None, repeatable=()) -> dict:
    """The query string as {name: [values]}, empty values left out. Refuses names not in
    ``allowed`` (when given), a name given twice unless ``repeatable`` (then up to ``IDS``
    times), text longer than ``TEXT`` and control characters."""
    values = {}
    for name, value in request.query_params.multi_items():
        if not NAME.fullmatch(name) or (allowed is not None and name not in allowed):
            known = _("; this address takes {names}").format(names=", ".join(allowed)) if allowed else ""
            raise MunigraphError(_("unknown parameter {name}").format(name=repr(name[:40])) + known)
        value = unicodedata.normalize("NFC", value.strip())
        if len(value) > TEXT:
            raise MunigraphError(_("parameter {name} is longer than {n} characters").format(
                name=name, n=TEXT))
        if any(unicodedata.category(c) == "Cc" for c in value):
            raise MunigraphError(_("parameter {name} holds control characters").format(name=name))
        values.setdefault(name, []).append(value)
        if len(values[name]) > (IDS if name in repeatable else 1):
            raise MunigraphError(_("parameter {name} is given too many times").format(name=name))
    return {name: [v for v in found if v] for name, found in values.items() if any(found)}


def _one(values, name, required=False):
    if name in values:
        return values[name][0]
    if required:
        raise MunigraphError(_("missing parameter {name}").format(name=name))
    return None


def _years(values) -> tuple:
    """The years ``since`` and ``until`` (each ``None`` when not given), in order."""
    since, until = _integer(values, "since", 1000, 9999), _integer(values, "until", 1000, 9999)
    if since and until and since > until:
        raise MunigraphError(_("since ({since}) is after until ({until})").format(
            since=since, until=until))
    return since, until


def _choice(values, name, choices):
    """A parameter that is one of ``choices`` (the first when not given)."""
    text = _one(values, name) or choices[0]
    if text not in choices:
        raise MunigraphError(_("parameter {name} must be one of {choices}, not {value}").format(
            name=name, choices=", ".join(choices), value=repr(text)))
    return text


def _integer(values, name, low, high, default=None):
    text = _one(values, name)
    if text is None:
        return default
    if not WHOLE.fullmatch(text) or not low <= int(text) <= high:
        raise MunigraphError(_("parameter {name} must be a whole number from {low} to {high}, "
                               "not {value}").format(name=name, low=low, high=high, value=repr(text)))
    return int(text)


def _json(value, status=200):
    return JSONResponse(plain(value), status)


def _static(text, media_type):
    def respond(request):
        return Response(text, media_type=media_type)
    return respond


def _http_error(request, error):
    return JSONResponse({"error": error.detail}, error.status_code, headers=error.headers)


def _bad_request(request, error):
    """A request munigraph refused (400), or a store that failed (503: the store wraps the
    driver's errors as ``StoreError``). A canned query's refused parameter is named, and
    said in words without the command line's usage."""
    if isinstance(error, ParameterError):
        return _json({"error": error.words, "parameter": error.parameter}, 400)
    return _json({"error": str(error)}, 503 if isinstance(error, StoreError) else 400)


def _internal_error(request, error):
    """The answer of the last resort, outside the middleware: with the safety headers."""
    with speaking(_language_of(request.scope, **request.app.state.spoken)[0]):
        return JSONResponse({"error": _("internal error; the server's output says more")}, 500,
                            headers={name.decode(): value.decode() for name, value in HEADERS})


class _Language:
    """Answers each request in its language: its ``lang`` parameter, else its ``lang``
    cookie, else the ``chosen`` language (``--lang``), else its ``Accept-Language``, else
    ``default``. Takes ``lang`` out of the query string, so that no handler sees it (a
    canned query's ``lang`` is filled from it)."""

    def __init__(self, app, default, chosen=None):
        self.app, self.default, self.chosen = app, default, chosen

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        language, asked, rest = _language_of(scope, self.default, self.chosen)
        with speaking(language):
            await self.app({**scope, "query_string": rest, "munigraph.asked": asked}, receive, send)


def _language_of(scope, default, chosen=None) -> tuple[str, bool, bytes]:
    """The language of a request, whether its query string named it, and the query string
    without ``lang``."""
    kept, asked = [], None
    for piece in scope.get("query_string", b"").split(b"&"):
        name, _sep, value = piece.partition(b"=")
        if urllib.parse.unquote_plus(name.decode("latin-1")) != "lang":
            kept.append(piece)
        elif asked is None:
            asked = accepted(urllib.parse.unquote_plus(value.decode("latin-1"))[:40])
    headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope.get("headers", [])}
    cookie = accepted(cookie_parser(headers.get("cookie", "")).get("lang", "")[:40])
    language = asked or cookie or chosen or accepted(headers.get("accept-language")) or default
    return language, asked is not None, b"&".join(kept)


class _Turns:
    """Lets at most ``TURNS[kind]`` heavy requests of each kind run at once; one that cannot
    start within ``TURN_WAIT`` seconds is answered 503 with Retry-After at once."""

    def __init__(self, app):
        self.app = app
        self.turns = {kind: asyncio.Semaphore(count) for kind, count in TURNS.items()}

    async def __call__(self, scope, receive, send):
        kind = _heavy(scope["path"]) if scope["type"] == "http" else None
        if kind is None:
            return await self.app(scope, receive, send)
        turn = self.turns[kind]
        try:
            await asyncio.wait_for(turn.acquire(), TURN_WAIT)
        except asyncio.TimeoutError:  # the builtin TimeoutError only from Python 3.11
            busy = JSONResponse({"error": _("explore is busy with other requests; try again in "
                                            "a moment")}, 503, headers={"Retry-After": str(RETRY_AFTER)})
            return await busy(scope, receive, send)
        try:
            await self.app(scope, receive, send)
        finally:
            turn.release()


def _heavy(path: str):
    """The kind of heavy request at ``path`` (``TURNS``), or ``None``."""
    if path in VIEWS_PATHS:
        return "view"
    if path.startswith(QUESTION_PATHS):
        return "question"
    return None


class _Headers:
    """Adds the Content-Security-Policy and other safety headers to every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def sending(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, sending)


def _loopback(host) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name
        return host == "localhost"


def _can_open_browser() -> bool:
    """Whether a browser can open without taking over the terminal (as a console browser
    would, which is all Python finds on a Linux machine without a display)."""
    return sys.platform in ("darwin", "win32") or any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"))
