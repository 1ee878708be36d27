"""munigraph explore's JSON API, through Starlette's test client against the bundled dataset."""

import functools
import io
import json
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from munigraph import queries
from munigraph.language import messages, speaking, translation
from munigraph.viz.explore import app
from munigraph.viz.html import elements, vis_network
from munigraph.viz.search import Names, search
from munigraph.viz.select import select

AMAL, APIS, CISGA = "consortium:pt:amal", "consortium:br:apis", "consortium:br:cisga"
TERM = "agreement:amal-apis-cisga-compras-partilhadas"
SEED = ("Foi, de resto, assinado um Termo de Cooperação Técnica e Institucional entre a AMAL e "
        "as entidades brasileiras APIS e CISGA, no domínio das compras partilhadas.")
HOSTILE = ["x'}) DETACH DELETE n //", "x" * 10_000, "Olh\x00ão", "a\nb", "\x1b[2J"]
ENDPOINTS = ["/api/search?q={}", "/api/node?id={}", "/api/neighbourhood?id={}",
             "/api/neighbourhood?topic={}", "/api/neighbourhood?country={}",
             "/api/neighbourhood?programme={}", "/api/neighbourhood?kinds={}",
             "/api/neighbourhood?since={}", "/api/path?from={}&to=AMAL",
             "/api/query/partners?actor={}", "/api/query/most-connected?limit={}",
             "/api/query/{}", "/api/export.html?id={}", "/api/search?q=a&{}=1",
             "/api/node?id=x&lang={}"]


@pytest.fixture(scope="module")
def client(graph):
    return TestClient(app(graph), base_url="http://127.0.0.1")


def ids(answer):
    return {node["id"] for node in answer["nodes"]}


@pytest.mark.parametrize("text, found", [("olhao", "Olhão"), ("Olhão", "Olhão"), ("OLHAO", "Olhão"),
                                         ("FNP", "Frente Nacional de Prefeitos")])
def test_search_ignores_accents_and_case(client, text, found):
    answer = client.get("/api/search", params={"q": text})
    assert answer.status_code == 200
    assert answer.json()["results"][0]["name"] == found


@pytest.mark.parametrize("text, found", [("Belo Horisonte", "municipality:br:belo-horizonte"),
                                         ("Maptuo", "municipality:mz:maputo"),
                                         ("consorcio intermunicpal", "consortium:br:cisga")])
def test_search_forgives_typos(graph, text, found):
    assert found in [row["id"] for row in search(graph.store, text, 5)]


@pytest.mark.parametrize("text", ["Mozambique", "Moçambique", "mocambique", "MZ"])
def test_search_finds_countries_by_code_and_name_in_both_languages(graph, text):
    found = search(graph.store, text)
    assert found[0] == {"kind": "Country", "id": "country:mz", "name": "Mozambique",
                        "country": "MZ", "aliases": None}
    with speaking("pt"):
        assert search(graph.store, text)[0]["name"] == "Moçambique"


@pytest.mark.parametrize("text", ["resíduos", "residuos", "waste", "Solid waste"])
def test_search_finds_topics_in_both_languages(graph, text):
    assert "topic:solid-waste" in [row["id"] for row in search(graph.store, text)]
    with speaking("pt"):
        named = {row["id"]: row["name"] for row in search(graph.store, text)}
    assert named["topic:solid-waste"] == "Resíduos sólidos"


def test_search_keeps_the_names_until_the_graph_changes(graph, client):
    names = Names()
    assert [row["country"] for row in search(graph.store, "Brasil", 3, names)][:1] == ["BR"]
    forms = names.forms(graph.store)
    assert search(graph.store, "Maptuo", 3, names) and names.forms(graph.store) is forms
    names._count = -1  # as if a load had changed the number of nodes
    names.check(graph.store)
    assert names.forms(graph.store) is not forms and names.forms(graph.store) == forms
    answer = client.get("/api/search", params={"q": "BR", "limit": 3}).json()["results"]
    assert answer[0]["kind"] == "Country" and len(answer) == 3
    assert client.get("/api/search", params={"q": "zzqxw"}).json() == {"results": []}


def test_search_is_limited(client):
    assert len(client.get("/api/search?q=a&limit=3").json()["results"]) == 3
    assert len(client.get("/api/search?q=a").json()["results"]) == 10
    for limit in ("21", "0", "ten", "1e3"):
        answer = client.get(f"/api/search?q=a&limit={limit}")
        assert answer.status_code == 400 and "from 1 to 20" in answer.json()["error"]
    assert client.get("/api/search").json() == {"error": "missing parameter q"}


def test_an_actor_lists_its_cooperations(client):
    amal = client.get("/api/node", params={"id": AMAL}).json()
    assert (amal["label"], amal["kind"], amal["properties"]["country"]) == ("Actor", "Consortium", "PT")
    assert "lookup" not in amal["properties"]
    term = next(c for c in amal["cooperations"] if c["id"] == TERM)
    assert (term["kind"], term["role"], term["topics"]) == ("Agreement", "signatory",
                                                           ["Shared public procurement"])
    assert [name.split(" – ")[0] for name in term["partners"]] == ["APIS", "CISGA"]


def test_a_cooperation_has_parties_topics_and_evidence(client):
    term = client.get("/api/node", params={"id": TERM}).json()
    assert (term["label"], term["kind"]) == ("Cooperation", "Agreement")
    assert {(p["id"], p["role"]) for p in term["parties"]} == {
        (AMAL, "signatory"), (APIS, "signatory"), (CISGA, "signatory")}
    assert [t["name"] for t in term["topics"]] == ["Shared public procurement"]
    assert [p["id"] for p in term["programmes"]] == ["programme:inovajuntos"]
    seed = next(e for e in term["evidence"] if e["quote"] == SEED)
    assert seed["source"] == "Representantes do InovaJuntos têm estado em Portugal"
    assert any(e["url"].startswith("https://barlavento.sapo.pt/") for e in term["evidence"] if e["url"])


def test_a_topic_lists_its_cooperations(client):
    topic = client.get("/api/node?id=topic:shared-procurement").json()
    assert topic["label"] == "Topic" and TERM in {c["id"] for c in topic["cooperations"]}


def test_a_topics_panel_counts_what_its_view_draws(client, graph):
    """A topic's cooperations in the side panel are those its view draws: its own and those
    of its narrower topics, two levels down, as the topic filter chooses them."""
    cooperations = {row["id"] for row in graph.cypher("MATCH (c:Cooperation) RETURN c.id AS id")}
    topics = [row["id"] for row in graph.cypher("MATCH (t:Topic) RETURN t.id AS id")]
    for topic in topics:
        listed = [c["id"] for c in client.get("/api/node", params={"id": topic}).json()["cooperations"]]
        view = client.get("/api/neighbourhood", params={"topic": topic})
        drawn = ids(view.json()) & cooperations if view.status_code == 200 else set()
        assert len(listed) == len(set(listed)) and set(listed) == drawn, topic
    waste = client.get("/api/node?id=topic:solid-waste").json()["cooperations"]
    assert {c["id"] for c in waste} == {"programme:100-cidades-100-projetos", "agreement:fnp-uscm"}


def test_every_field_of_the_side_panel_has_a_name_in_words(client, graph):
    """Each property the side panel shows, for every kind of node of the bundled dataset, is
    named in words by the page's script (FIELDS), not by its key."""
    script = client.get("/explore.js").text
    fields = set(re.findall(r"(\w+): _\(", re.search(r"const FIELDS = \{(.*?)\};", script, re.S)[1]))
    examples = graph.cypher("MATCH (n) WHERE n:Actor OR n:Cooperation OR n:Topic "
                            "WITH keys(n) AS names, collect(n.id)[0] AS id RETURN id")
    shown = set()
    for row in examples:
        shown |= set(client.get("/api/node", params={"id": row["id"]}).json()["properties"])
    assert {"sources", "namePt", "parent", "sdg", "placeNames"} <= shown
    assert shown - {"id"} <= fields


def test_unknown_ids_are_404(client):
    for url in ("/api/node?id=actor:nowhere", "/api/neighbourhood?id=actor:nowhere",
                "/api/neighbourhood?id=topic:shared-procurement", "/api/query/nothing",
                "/api/query/nothing.csv", "/api/nothing"):
        answer = client.get(url)
        assert answer.status_code == 404 and answer.json()["error"], url


def test_the_neighbourhood_of_amal_is_drawn_as_the_html_export_draws_it(client, graph):
    answer = client.get("/api/neighbourhood", params={"id": AMAL}).json()
    assert {APIS, CISGA, TERM} <= ids(answer)
    nodes, edges = elements(select(graph.store, actor=AMAL).graph)
    assert (answer["nodes"], answer["edges"]) == (nodes, edges)
    assert re.fullmatch(r"munigraph · graph of [0-9-]+ · \d+ sources · \d+ nodes, \d+ links",
                        answer["caption"])


def test_views_join_and_filter(client, graph):
    def view(*params):
        answer = client.get("/api/neighbourhood", params=list(params))
        assert answer.status_code == 200, answer.json()
        return ids(answer.json())

    cisga, inovajuntos = view(("id", CISGA)), view(("id", "programme:inovajuntos"))
    both = view(("id", CISGA), ("id", "programme:inovajuntos"))
    assert both == cisga | inovajuntos and len(both) > len(cisga)
    assert view(("id", AMAL), ("depth", "2")) > view(("id", AMAL))
    on_topic = view(("id", CISGA), ("id", "programme:inovajuntos"),
                    ("topic", "Shared public procurement"))
    assert TERM in on_topic and len(on_topic) < len(both)
    dated = {row["id"]: row["year"] for row in graph.cypher(
        "MATCH (c:Cooperation) WITH c, coalesce(c.start, c.signed).year AS year "
        "WHERE year IS NOT NULL RETURN c.id AS id, year")}
    until = client.get("/api/neighbourhood?until=2010").json()["nodes"]
    cooperations = [n["id"] for n in until if n["kind"] in ("programme", "agreement", "event")]
    assert cooperations and all(dated[c] <= 2010 for c in cooperations)
    assert view(("since", "2000"), ("until", "2010")) < view(("since", "2000"))
    kinds = client.get("/api/neighbourhood", params={"id": CISGA, "kinds": "consortium,agreement"})
    assert {n["kind"] for n in kinds.json()["nodes"]} == {"consortium", "agreement"}
    assert view(("country", "MZ")) and view(("country", "Moçambique")) == view(("country", "MZ"))


def test_a_view_of_many_nodes_is_one_selection(client, graph, monkeypatch):
    """The queries of a view do not grow with its nodes; a node with nothing left after the
    filters stays, beside the others' cooperations."""
    store = client.app.state.store  # graph.store, with explore's read timeout
    asked, read = [], store.read
    monkeypatch.setattr(store, "read", lambda *args, **kw: asked.append(1) or read(*args, **kw))

    def view(*params):
        asked.clear()
        answer = client.get("/api/neighbourhood", params=list(params))
        assert answer.status_code == 200, answer.json()
        return ids(answer.json()), len(asked)

    many = [("id", i) for i in (AMAL, APIS, CISGA, "municipality:mz:maputo", "programme:inovajuntos")]
    assert view(*many)[1] == view(("id", AMAL), ("id", "programme:inovajuntos"))[1]
    topic = ("topic", "Shared public procurement")
    maputo, _ = view(("id", "municipality:mz:maputo"), ("id", CISGA), topic)
    assert maputo == view(("id", CISGA), topic)[0] | {"municipality:mz:maputo"}


@pytest.mark.parametrize("query, message", [
    ("since=2020&until=2010", "since (2020) is after until (2010)"),
    ("kinds=municipality,topic", "kinds must be among"),
    ("depth=4", "depth must be a whole number from 1 to 3"),
    ("country=Narnia", "not a known country"),
    ("id=a&" * 21, "parameter id is given too many times"),
    ("topic=a&topic=b", "parameter topic is given too many times"),
    ("colour=kind", "unknown parameter 'colour'; this address takes id, depth"),
    ("view=people", "parameter view must be one of cooperations, actors, countries, programmes"),
    ("twinnings=edge", "parameter twinnings must be one of node, direct, not 'edge'"),
    ("undated=2", "parameter undated must be a whole number from 0 to 1"),
])
def test_bad_view_parameters_are_400(client, query, message):
    answer = client.get(f"/api/neighbourhood?{query}")
    assert answer.status_code == 400 and message in answer.json()["error"]


def test_path_between_apis_and_cisga(client):
    answer = client.get("/api/path", params={"from": "APIS", "to": CISGA}).json()
    assert answer["columns"] == ["actor_id", "other_id", "hops", "chain", "chain_ids"]
    assert [(r["actor_id"], r["other_id"], r["hops"]) for r in answer["rows"]] == [(APIS, CISGA, 1)]
    assert len(answer["nodes"]) == len(answer["rows"][0]["chain"]) == 3
    assert len(answer["edges"]) >= 2
    assert {APIS, CISGA} <= ids(answer)
    nowhere = client.get("/api/path", params={"from": "APIS", "to": "Nowhere"}).json()
    assert (nowhere["rows"], nowhere["nodes"]) == ([], [])


def test_the_catalogue_of_queries(client):
    catalogue = client.get("/api/queries").json()["queries"]
    assert [q["name"] for q in catalogue] == list(queries.catalogue())
    partners = next(q for q in catalogue if q["name"] == "partners")
    assert partners["parameters"] == [{
        "name": "actor", "type": "actor", "default": None, "required": True, "example": "AMAL",
        "help": "id, name or alias of the actor (any case, accents optional)"}]
    assert partners["returns"][:3] == ["actor_id", "partner", "partner_id"]


def test_a_canned_query_as_rows_and_csv(client):
    answer = client.get("/api/query/partners", params={"actor": "CISGA"}).json()
    assert answer["columns"] == [c for c in queries.get("partners").returns if not c.endswith("Precision")]
    assert {row["partner_id"] for row in answer["rows"]} >= {AMAL, APIS}
    typed = client.get("/api/query/most-connected?limit=2").json()
    assert len(typed["rows"]) == 2
    csv = client.get("/api/query/evidence", params={"actor": "AMAL", "other": "CISGA"})
    assert SEED in {row["quote"] for row in csv.json()["rows"]}
    csv = client.get("/api/query/evidence.csv", params={"actor": "AMAL", "other": "CISGA"})
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv.headers["content-disposition"] == 'attachment; filename="evidence.csv"'
    text = csv.content.decode("utf-8-sig")
    assert text.startswith("actor_id,other_id,cooperation,source,url,file,quote\n") and SEED in text


@pytest.mark.parametrize("query, parameter, message", [
    ("partners?actr=CISGA", "actr", "unknown parameter actr for partners; did you mean actor?"),
    ("partners", "actor", "missing parameter actor for partners"),
    ("between-countries?other=MZ", "country", "missing parameter country for between-countries"),
    ("most-connected?limit=many", "limit", "“many” is not a whole number"),
])
def test_a_bad_query_parameter_is_named_and_said_in_words(client, query, parameter, message):
    """The page shows the error at the parameter's field: no command line in it (the
    command line's own message keeps its usage)."""
    answer = client.get(f"/api/query/{query}")
    assert answer.status_code == 400
    assert answer.json() == {"error": message, "parameter": parameter}
    with pytest.raises(queries.QueryError, match="example: munigraph query"):
        queries.get(query.split("?")[0]).bind(dict(p.split("=") for p in query.split("?")[1:]))
    assert client.get("/api/path?from=APIS").json() == {"error": "missing parameter to"}


def test_a_query_name_is_never_a_file(client, tmp_path):
    mine = tmp_path / "mine.cypher"
    mine.write_text("// name: mine\n// description: x\n// returns: n\nRETURN 1 AS n")
    for name in (str(mine), quote(str(mine), safe=""), "..%2F..%2Fqueries%2Fpartners.cypher",
                 "partners.cypher"):
        assert client.get(f"/api/query/{name}").status_code == 404


def test_export_the_view_as_html(client):
    answer = client.get("/api/export.html", params={"id": CISGA, "topic": "Shared public procurement"})
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="munigraph.html"'
    assert vis_network() in answer.text and "<title>CISGA – Consórcio" in answer.text
    assert "Termo de Cooperação Técnica e Institucional AMAL–APIS–CISGA" in answer.text


def test_the_page_loads_only_from_its_own_address(client):
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self';" in policy
    assert "connect-src 'self'" in policy and "unsafe" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert re.findall(r'(?:src|href)="([^"]*)"', page.text) == [
        "data:,", "/explore.css", "/vis-network.js", "/explore.js", "?lang=pt", "?lang=en"]
    assert '"kinds":[{"kind":"municipality","colour":"#88CCEE"}' in page.text
    assert client.get("/vis-network.js").text == vis_network()
    script = client.get("/explore.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", script.text)
    for path in ("/", "/explore.js", "/explore.css"):
        assert "http://" not in client.get(path).text and "https://" not in client.get(path).text
    assert client.get("/explore.css").headers["content-type"].startswith("text/css")


def test_hostile_values_are_refused_or_find_nothing(client, graph):
    before = graph.digest()
    for template in ENDPOINTS:
        for value in HOSTILE:
            answer = client.get(template.format(quote(value, safe="")))
            assert answer.status_code in (200, 400, 404), (template, value[:20], answer.text[:200])
            if answer.status_code == 200:
                body = answer.json()
                assert not (body.get("results") or body.get("rows") or body.get("nodes")), template
            else:
                assert set(answer.json()) <= {"error", "parameter"} and "Traceback" not in answer.text
    assert graph.digest() == before


def test_no_address_writes(client):
    for path in ("/", "/api/search?q=a", "/api/node?id=x", "/api/neighbourhood", "/api/path",
                 "/api/queries", "/api/query/partners", "/api/query/partners.csv",
                 "/api/export.html"):
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            assert client.request(method, path).status_code == 405, (method, path)


def test_requests_for_other_host_names_are_refused(graph):
    """A web page elsewhere cannot reach the API by pointing its own name at 127.0.0.1."""
    assert TestClient(app(graph), base_url="http://evil.example").get("/api/queries").status_code == 400
    assert TestClient(app(graph), base_url="http://localhost:8000").get("/").status_code == 200
    assert TestClient(app(graph, ("*",)), base_url="http://evil.example").get("/").status_code == 200


# Languages: the page's words, the API's messages and the names of topics and countries

NAMES = {"munigraph"}  # words of the interface that are names in every language
FILLED = re.compile(r"\\\{\w+\\\}")  # a {placeholder} of a message, as re.escape writes it


@functools.lru_cache(maxsize=None)
def portuguese():
    """The Portuguese catalog: a pattern for each translation (a {placeholder} matches any
    text), and the English messages whose translation differs, by their lower-case text."""
    patterns, english = [], {}
    for key, text in translation("pt")._catalog.items():
        message = (key[0] if isinstance(key, tuple) else key).split("\x04")[-1]
        if not message or not text:
            continue
        patterns.append(re.compile(FILLED.sub(".+?", re.escape(text.strip())), re.I))
        if message.strip().lower() != text.strip().lower():
            english[message.strip().lower()] = text
    return patterns, english


def untranslated(texts) -> list:
    """The texts of a page's interface that are not a Portuguese translation of the catalog
    (or a number, punctuation, a name of ``NAMES``), or that are an English message whose
    translation differs. A text may be translations joined by " · " (a caption), each part
    translations joined by ", "."""
    patterns, english = portuguese()

    def translated(text):
        text = " ".join(text.split())
        if re.fullmatch(r"[\W\d_]*", text) or text in NAMES:
            return True
        if text.lower() in english:
            return False
        return any(p.fullmatch(text) for p in patterns)

    def composed(text, separators):
        if translated(text):
            return True
        return bool(separators) and separators[0] in text and all(
            composed(part, separators[1:]) for part in text.split(separators[0]))

    return sorted({" ".join(t.split()) for t in texts
                   if " ".join(t.split()) and not composed(t, (" · ", ", "))})


class Interface(HTMLParser):
    """The words of an HTML page meant for people, outside elements marked translate="no":
    its text (not scripts and styles) and its placeholders, labels and titles."""

    ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")
    VOID = {"meta", "link", "input", "br", "img", "hr", "source", "area", "base", "col", "wbr"}

    def __init__(self):
        super().__init__()
        self.texts, self.open = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = (attrs.get("translate") == "no" or tag in ("script", "style", "title")
                   or bool(self.open and self.open[-1]))
        if not skipped:
            self.texts += [attrs[a] for a in self.ATTRIBUTES if attrs.get(a)]
        if tag not in self.VOID:
            self.open.append(skipped)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.open:
            self.open.pop()

    def handle_data(self, data):
        if data.strip() and not (self.open and self.open[-1]):
            self.texts.append(data)


def interface(page: str) -> list:
    reader = Interface()
    reader.feed(page)
    return reader.texts


@pytest.fixture(scope="module")
def portuguese_client(graph):
    return TestClient(app(graph), base_url="http://127.0.0.1", headers={"Accept-Language": "pt-BR,pt;q=0.9,en;q=0.5"})


def test_the_page_speaks_the_browsers_language(client, portuguese_client):
    page = portuguese_client.get("/")
    assert page.status_code == 200 and page.headers["content-language"] == "pt"
    assert '<html lang="pt">' in page.text and "{{" not in page.text
    texts = interface(page.text)
    assert "Pesquisar" in texts and "Caminho entre A e B" in texts and "Baixar xlsx" in texts
    assert untranslated(texts) == []
    english = client.get("/")
    assert '<html lang="en">' in english.text and "Path between A and B" in interface(english.text)
    assert client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"}).text == english.text


@pytest.mark.parametrize("environment", [{"MUNIGRAPH_LANG": "pt"}, {"LANG": "pt_BR.UTF-8"}])
def test_without_a_browser_language_the_page_speaks_the_machines(graph, monkeypatch, environment):
    for name in ("MUNIGRAPH_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    page = TestClient(app(graph), base_url="http://127.0.0.1").get("/")
    assert '<html lang="pt">' in page.text and untranslated(interface(page.text)) == []


def test_a_language_given_to_explore_wins_over_the_browsers_but_not_the_switch(graph):
    browser = TestClient(app(graph, language="pt"), base_url="http://127.0.0.1",
                         headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="pt">' in browser.get("/").text
    assert '<html lang="en">' in browser.get("/?lang=en").text
    assert '<html lang="en">' in browser.get("/").text  # the switch's cookie


def test_the_language_switch_and_its_cookie(graph):
    browser = TestClient(app(graph), base_url="http://127.0.0.1", headers={"Accept-Language": "pt-BR"})
    assert '<html lang="pt">' in browser.get("/").text
    chosen = browser.get("/?lang=en")  # the switch
    assert '<html lang="en">' in chosen.text and "Path between A and B" in chosen.text
    assert "lang=en" in chosen.headers["set-cookie"] and "SameSite=strict" in chosen.headers["set-cookie"]
    assert '<html lang="en">' in browser.get("/").text  # the cookie holds the choice
    assert browser.get("/api/search").json() == {"error": "missing parameter q"}
    assert browser.get("/api/search?lang=pt").json() == {"error": "falta o parâmetro q"}
    assert '<html lang="pt">' in browser.get("/?lang=pt").text
    assert '<html lang="pt">' in browser.get("/?lang=de").text  # not a language: the cookie's
    assert "set-cookie" not in browser.get("/api/queries?lang=en").headers  # only the page's switch
    for value in HOSTILE:  # not a language: ignored
        page = browser.get("/?lang=" + quote(value, safe=""))
        assert page.status_code == 200 and "set-cookie" not in page.headers
        assert '<html lang="pt">' in page.text


def test_the_script_gets_the_translations_it_needs(portuguese_client):
    page = portuguese_client.get("/").text
    found = re.search(r'<script id="munigraph-messages" type="application/json">(.*?)</script>', page)
    words = json.loads(found[1])
    script = portuguese_client.get("/explore.js").text
    wanted = {json.loads(m) for m in re.findall(r'\b_\(("(?:[^"\\]|\\.)*")\)', script)}
    catalog = messages("pt")
    assert wanted and set(words) == {w for w in wanted if w in catalog} and len(words) > 40
    assert words["Show its neighbourhood"] == "Mostrar a vizinhança"
    assert untranslated(words.values()) == []
    config = json.loads(re.search(r'id="munigraph-config"[^>]*>(.*?)</script>', page)[1])
    assert (config["countries"]["BR"], config["countries"]["MZ"]) == ("Brasil", "Moçambique")
    assert (config["words"]["kinds"]["municipality"], config["words"]["roles"]["host"],
            config["words"]["statuses"]["in_negotiation"]) == ("município", "anfitrião", "em negociação")


def test_nodes_in_portuguese(portuguese_client, client):
    topic = portuguese_client.get("/api/node?id=topic:solid-waste").json()
    assert topic["name"] == "Resíduos sólidos" and topic["properties"]["name"] == "Solid waste"
    assert topic["parent"] == {"id": "topic:public-services", "name": "Serviços públicos"}
    assert "Resíduos sólidos" in topic["cooperations"][0]["topics"]
    term = portuguese_client.get("/api/node", params={"id": TERM}).json()
    assert [t["name"] for t in term["topics"]] == ["Compras públicas partilhadas"]
    amal = portuguese_client.get("/api/node", params={"id": AMAL}).json()
    assert next(c for c in amal["cooperations"] if c["id"] == TERM)["topics"] == ["Compras públicas partilhadas"]
    assert client.get("/api/node?id=topic:solid-waste").json()["name"] == "Solid waste"
    found = portuguese_client.get("/api/search?q=residuos solidos").json()["results"]
    assert found[0]["name"] == "Resíduos sólidos"


def test_messages_and_headers_in_portuguese(portuguese_client):
    answer = portuguese_client.get("/api/neighbourhood?depth=9").json()
    assert answer["error"] == "o parâmetro depth deve ser um número inteiro de 1 a 3, não '9'"
    assert portuguese_client.get("/api/node?id=x").json()["error"] == (
        "nenhum ator, cooperação ou tema tem o identificador 'x'")
    catalogue = portuguese_client.get("/api/queries").json()["queries"]
    partners = next(q for q in catalogue if q["name"] == "partners")
    assert partners["description"] == translation("pt").gettext(queries.get("partners").description)
    assert [p["name"] for p in partners["parameters"]] == ["actor"]  # lang: the page's
    rows = portuguese_client.get("/api/query/partners", params={"actor": "CISGA"}).json()
    assert rows["columns"][:2] == ["actor_id", "partner"]  # keys stay English
    assert rows["headers"][1] == "parceiro"
    assert untranslated(rows["headers"]) == []
    assert portuguese_client.get("/api/path", params={"from": "APIS", "to": CISGA}).json()[
        "caption"] == "3 nós, 2 ligações"
    csv = portuguese_client.get("/api/query/partners.csv", params={"actor": "CISGA"})
    assert csv.content.decode("utf-8-sig").startswith("actor_id,partner,")


def test_a_canned_query_as_a_spreadsheet(portuguese_client, client):
    from openpyxl import load_workbook

    answer = portuguese_client.get("/api/query/partners.xlsx", params={"actor": "CISGA"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert answer.headers["content-disposition"] == 'attachment; filename="partners.xlsx"'
    book = load_workbook(io.BytesIO(answer.content))
    results = book.worksheets[0]
    assert [c.value for c in results[1]][:2] == ["id do ator", "parceiro"]
    assert {row[2] for row in results.iter_rows(min_row=2, values_only=True)} >= {AMAL, APIS}
    english = load_workbook(io.BytesIO(client.get("/api/query/partners.xlsx?actor=CISGA").content))
    assert [c.value for c in english.worksheets[0][1]][:2] == ["actor_id", "partner"]
    assert client.get("/api/query/partners.xlsx").json()["error"].startswith("missing parameter actor")
    assert client.get("/api/query/nothing.xlsx").status_code == 404
