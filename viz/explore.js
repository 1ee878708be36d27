"use strict";
// munigraph explore: search, a network of the chosen neighbourhoods, node details with
// evidence, a path tool and the canned questions, all from the JSON API of this server.
// Data is only ever put into the page as text (textContent, text nodes), never as markup,
// and always inside an element marked translate="no" (names, ids, values); every other
// word on the page is the interface's, in the page's language (<html lang>): _("text")
// looks it up in the translations the server put in the page, format() fills in {names}.

const $ = (id) => document.getElementById(id);
const config = JSON.parse($("munigraph-config").textContent);
const words = JSON.parse($("munigraph-messages").textContent);
const language = document.documentElement.lang || "en";
const state = {ids: []};  // the nodes whose neighbourhoods the view shows
const pending = new Set();
const asked = {view: 0, node: 0};  // the latest request of each kind: older answers are dropped

function _(message) {  // a message in the page's language
  return Object.prototype.hasOwnProperty.call(words, message) ? words[message] : message;
}

function format(message, values) {  // "{n} rows" with {n: 3}: "3 rows"
  return message.replace(/\{(\w+)\}/g, (whole, key) => key in values ? String(values[key]) : whole);
}

function counted(n, one, many) {  // one ("1 row") or many ("{n} rows") filled in
  return n === 1 ? one : format(many, {n: n});
}

function track(promise) {  // every request: its error is shown, and idle() waits for it
  const done = promise.catch((error) => show(error.message, true));
  pending.add(done);
  done.finally(() => pending.delete(done));
  return done;
}

async function idle() {
  while (pending.size) await Promise.allSettled([...pending]);
}

function el(tag, properties, ...children) {
  const element = Object.assign(document.createElement(tag), properties);
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

function value(content) {  // data: a name, an id, a value; never translated
  return el("span", {translate: false, textContent: content});
}

function button(content, action, className) {
  const element = el("button", {type: "button", className: className || ""}, ...[].concat(content));
  element.addEventListener("click", action);
  return element;
}

function named(name, action) {  // a button that is a node's name
  const element = button(name, action, "link");
  element.translate = false;
  return element;
}

function link(content, url) {  // data; only web addresses become links
  return /^https?:\/\//i.test(url || "")
    ? el("a", {href: url, textContent: content, target: "_blank", rel: "noopener noreferrer",
               translate: false})
    : value(content);
}

function joined(parts, separator) {  // the parts given, with a separator between them
  return parts.filter((part) => part !== null && part !== undefined && part !== "")
    .flatMap((part, i) => i ? [separator, part] : [part]);
}

function show(message, error) {
  $("status").textContent = message;
  $("status").classList.toggle("error", Boolean(error));
}

function address(path, params) {  // every address carries the page's language
  return path + "?" + new URLSearchParams([...(params || []), ["lang", language]]);
}

async function api(path, params) {
  let response, body;
  try {
    response = await fetch(address(path, params));
  } catch (error) {
    throw new Error(_("The server does not answer: is munigraph explore still running?"));
  }
  try {
    body = await response.json();
  } catch (error) {
    throw new Error(format(_("The server answered {status} without saying why."),
                           {status: response.status}));
  }
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function text(content) {
  if (content === null || content === undefined) return "";
  if (Array.isArray(content)) return content.map(text).join("; ");
  return typeof content === "object" ? JSON.stringify(content) : String(content);
}

// Words for the data's fixed vocabularies: kinds of node, roles, statuses, fields

const KINDS = config.words.kinds, ROLES = config.words.roles, STATUSES = config.words.statuses;
const FIELDS = {
  name: _("Name in English"), namePt: _("Name in Portuguese"), shortName: _("Short name"),
  aliases: _("Also called"),
  description: _("Description"), country: _("Country"), region: _("Region"),
  lat: _("Latitude"), lon: _("Longitude"), population: _("Population"),
  wikidataId: _("Wikidata id"), geonamesId: _("GeoNames id"),
  placeNames: _("Other names of the place"), kind: _("Type"), start: _("Start"),
  end: _("End"), signed: _("Signed on"), status: _("Status"),
  iatiIdentifier: _("IATI identifier"), regions: _("Regions"),
  sdg: _("Sustainable Development Goals"), ids: _("Earlier ids"),
  differentFrom: _("Not the same as"), url: _("Web address"), parent: _("Broader topic"),
};

function term(vocabulary, word) {  // a word of a vocabulary in the page's language, else as it is
  const key = String(word || "").toLowerCase();
  return Object.prototype.hasOwnProperty.call(vocabulary, key) ? vocabulary[key] : word ? value(word) : null;
}

function capital(word) {
  return typeof word === "string" ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

function country(code) {  // a country's name in the page's language, by its ISO code
  return code ? value(config.countries[code] || code) : null;
}

function number(content, digits) {
  const found = Number(content);
  return Number.isFinite(found) && content !== "" && content !== null
    ? found.toLocaleString(language, {maximumFractionDigits: digits}) : text(content);
}

function field(key, content) {  // a property's value, as people read it
  if (key === "country") return country(content);
  if (key === "status") return term(STATUSES, content);
  if (key === "kind") return term(KINDS, content);
  if (key === "lat" || key === "lon") return value(number(content, 5));
  if (key === "population") return value(number(content, 0));
  return link(text(content), content);
}

// The network

const network = new vis.Network($("network"), {nodes: [], edges: []}, config.options);
window.munigraph = {network: network, state: state, idle: idle};

function draw(view, request) {
  if (request !== asked.view) return null;
  const positions = network.getPositions();
  const focus = new Set(state.ids);
  const nodes = view.nodes.map((node) => Object.assign(node, positions[node.id] || {},
    focus.has(node.id) ? {borderWidth: 4} : {}));
  const drawn = new Promise((resolve) => {
    if (nodes.length === 0) resolve();
    else network.once("stabilizationIterationsDone", resolve);
  }).then(() => {
    network.setOptions({physics: false});
    network.fit();
  });
  if (view.options) network.setOptions(view.options);  // sized for the view, as an export
  network.setOptions({physics: {enabled: true}});
  network.setData({nodes: new vis.DataSet(nodes), edges: new vis.DataSet(view.edges)});
  $("caption").textContent = view.caption;
  return drawn;
}

network.on("click", (event) => { if (event.nodes.length) showNode(event.nodes[0]); });
network.on("doubleClick", (event) => { if (event.nodes.length) expand(event.nodes[0]); });

function filters() {
  const params = [];
  for (const name of ["topic", "country", "programme", "since", "until"]) {
    const chosen = $(name).value.trim();
    if (chosen) params.push([name, chosen]);
  }
  if ($("depth").value !== "1") params.push(["depth", $("depth").value]);
  const boxes = [...document.querySelectorAll("#kinds input")];
  const kinds = boxes.filter((box) => box.checked).map((box) => box.value);
  if (kinds.length < boxes.length) params.push(["kinds", kinds.join(",")]);
  return params;
}

function load() {
  const chosen = filters();
  const params = [...state.ids.map((id) => ["id", id]), ...chosen];
  if (!state.ids.length && !chosen.length) return clearView();
  if (chosen.some(([name, given]) => name === "kinds" && !given)) {
    return show(_("Tick at least one kind of node to show."), true);
  }
  $("export").href = address("/api/export.html", params);
  show(_("Loading…"));
  const request = ++asked.view;
  return track(api("/api/neighbourhood", params).then((view) => draw(view, request))
    .then(() => show("")));
}

function expand(id) {
  if (!state.ids.includes(id)) state.ids.push(id);
  return load();
}

function focusOn(id) {
  state.ids = [id];
  return load();
}

function clearView() {
  state.ids = [];
  $("export").removeAttribute("href");
  draw({nodes: [], edges: [], caption: ""}, ++asked.view);
}

function showTopic(name) {
  $("topic").value = name;
  state.ids = [];
  return load();
}

// Search with completion

function complete(input, list, pick) {
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    delete input.dataset.id;
    const query = input.value.trim();
    if (!query) return list.replaceChildren();
    timer = setTimeout(() => track(api("/api/search", [["q", query]]).then((answer) => {
      if (input.value.trim() !== query) return;  // an older answer
      list.replaceChildren(...answer.results.map((row) => el("li", {},
        button([value(row.name), " ", el("small", {},
          ...joined([term(KINDS, row.kind), country(row.country)], " · "))], () => pick(row)))));
      show(answer.results.length ? "" : format(_("Nothing is called “{query}”."), {query: query}));
    })), 200);
  });
  input.addEventListener("keydown", (event) => {
    const first = list.querySelector("button");
    if (event.key === "Enter" && first) first.click();
    if (event.key === "Escape") list.replaceChildren();
  });
}

complete($("search"), $("results"), (row) => {
  $("results").replaceChildren();
  if (row.kind === "Topic") showTopic(row.name); else focusOn(row.id);
  showNode(row.id);
});

// The details panel

function showNode(id) {
  const request = ++asked.node;
  return track(api("/api/node", [["id", id]]).then((node) => {
    if (request === asked.node) renderNode(node);
  }));
}

function renderNode(node) {
  const parts = [el("h2", {translate: false, textContent: node.name || node.id}),
                 el("p", {}, el("small", {}, capital(term(KINDS, node.kind)), " · ", value(node.id)))];
  if (node.label === "Topic") {
    parts.push(button(_("Show cooperations on this topic"), () => showTopic(node.name)));
  } else {
    parts.push(button(_("Show its neighbourhood"), () => focusOn(node.id)), " ",
               button(_("Add to the view"), () => expand(node.id)));
  }
  const properties = el("dl");
  for (const [key, content] of Object.entries(node.properties)) {
    const heading = (key === "name" || key === "namePt") && content === node.name;
    if (key !== "id" && key !== "parent" && !heading) {
      properties.append(el("dt", {}, FIELDS[key] || value(key)), el("dd", {}, field(key, content)));
    }
  }
  if (node.parent) {
    properties.append(el("dt", {textContent: FIELDS.parent}),
                      el("dd", {}, named(node.parent.name, () => showNode(node.parent.id))));
  }
  parts.push(properties);
  if (node.cooperations) {
    parts.push(el("h3", {textContent: format(_("Cooperations ({n})"), {n: node.cooperations.length})}),
      el("ul", {className: "list"}, ...node.cooperations.map((c) => el("li", {},
        named(c.name, () => showNode(c.id)), " ",
        el("small", {}, ...joined([term(KINDS, c.kind), term(ROLES, c.role),
                                   c.start ? value(text(c.start)) : null], " · ")),
        c.topics.length ? el("div", {}, _("On:") + " ", value(c.topics.join(", "))) : null,
        c.partners.length ? el("div", {}, _("With:") + " ", value(c.partners.slice(0, 12).join(", ")),
          c.partners.length > 12 ? " " + format(_("and {n} more"), {n: c.partners.length - 12})
            : null) : null))));
  }
  if (node.parties) {
    parts.push(el("h3", {textContent: format(_("Parties ({n})"), {n: node.parties.length})}),
      el("ul", {className: "list"}, ...node.parties.map((p) => el("li", {},
        named(p.name, () => showNode(p.id)), " ",
        el("small", {}, ...joined([term(ROLES, p.role), term(KINDS, p.kind), country(p.country)],
                                  " · "))))));
  }
  if (node.topics && node.topics.length) {
    parts.push(el("h3", {textContent: _("Topics")}),
      el("ul", {className: "list"}, ...node.topics.map((t) =>
        el("li", {}, named(t.name, () => showNode(t.id))))));
  }
  if (node.programmes && node.programmes.length) {
    parts.push(el("h3", {textContent: _("Part of")}),
      el("ul", {className: "list"}, ...node.programmes.map((p) =>
        el("li", {}, named(p.name, () => showNode(p.id))))));
  }
  if (node.evidence) {
    parts.push(el("h3", {textContent: format(_("Evidence ({n})"), {n: node.evidence.length})}),
      el("div", {className: "evidence"}, ...node.evidence.flatMap((e) => [
        el("blockquote", {translate: false, textContent: e.quote || ""}),
        el("p", {}, "— ", e.source || e.url ? link(e.source || e.url, e.url) : _("a source"),
           e.published ? el("small", {translate: false,
                                      textContent: ` (${text(e.publisher)} ${e.published})`}) : null,
           // the title as the document writes it; its English translation for English readers
           e.sourceEn && language === "en" ? el("small", {translate: false,
                                                          textContent: ` [${e.sourceEn}]`}) : null,
           e.descriptive ? el("small", {textContent: " " + _("(a title describing the document, not its own)")}) : null)])));
  }
  $("details").replaceChildren(...parts);
  if (network.body.data.nodes.get(node.id)) network.selectNodes([node.id]);
}

// The language switch, filters

for (const choice of document.querySelectorAll("#languages a")) {
  if (choice.lang === language) choice.setAttribute("aria-current", "true");
}

for (const {kind, colour} of config.kinds) {
  const swatch = el("span", {className: "swatch"});
  swatch.style.background = colour;
  const box = el("input", {type: "checkbox", value: kind, checked: true});
  $("kinds").append(el("label", {}, box, swatch, KINDS[kind] || kind));
}
$("filters").addEventListener("submit", (event) => { event.preventDefault(); load(); });
$("clear").addEventListener("click", clearView);

// Path between A and B

for (const end of ["path-from", "path-to"]) {
  complete($(end), $(end + "-list"), (row) => {
    $(end).value = row.name;
    $(end).dataset.id = row.id;
    $(end + "-list").replaceChildren();
  });
}
$("path-go").addEventListener("click", () => {
  const ends = ["path-from", "path-to"].map((end) => $(end).dataset.id || $(end).value.trim());
  if (!ends[0] || !ends[1]) return show(_("Choose two actors."), true);
  state.ids = [];
  $("export").removeAttribute("href");
  const request = ++asked.view;
  track(api("/api/path", [["from", ends[0]], ["to", ends[1]]]).then((answer) => {
    showTable(counted(answer.rows.length, _("Path: 1 row"), _("Path: {n} rows")), answer, null);
    show(answer.rows.length ? "" : _("No chain of cooperations joins them."));
    return draw(answer, request);
  }));
});

// Canned questions

function parameterInputs() {
  const chosen = queries[$("query-name").value];
  $("query-description").textContent = chosen.description;
  $("query-parameters").replaceChildren(...chosen.parameters.map((p) => el("label", {},
    p.help, p.required ? " *" : null, " ",
    el("input", {name: p.name, placeholder: p.example
      ? format(_("e.g. {example}"), {example: p.example}) : text(p.default)}))));
}

const queries = {};
track(api("/api/queries").then((answer) => {
  for (const q of answer.queries) {
    queries[q.name] = q;
    $("query-name").append(el("option", {value: q.name, textContent: q.description}));
  }
  parameterInputs();
}));
$("query-name").addEventListener("change", parameterInputs);
$("query-run").addEventListener("click", () => {
  const name = $("query-name").value;
  const params = [...document.querySelectorAll("#query-parameters input")]
    .filter((input) => input.value.trim()).map((input) => [input.name, input.value.trim()]);
  const path = "/api/query/" + encodeURIComponent(name);
  const downloads = {xlsx: address(path + ".xlsx", params), csv: address(path + ".csv", params)};
  track(api(path, params).then((answer) => {
    showTable(counted(answer.rows.length, _("Answer: 1 row"), _("Answer: {n} rows")), answer, downloads);
    show(counted(answer.rows.length, _("1 row."), _("{n} rows.")));
  }));
});

function showTable(title, answer, downloads) {
  const columns = answer.columns, headers = answer.headers || answer.columns;
  $("table-title").textContent = title;
  for (const kind of ["xlsx", "csv"]) {
    if (downloads && downloads[kind]) $(kind).href = downloads[kind]; else $(kind).removeAttribute("href");
    $(kind).hidden = !(downloads && downloads[kind]);
  }
  document.querySelector("#table thead").replaceChildren(
    el("tr", {}, ...headers.map((header) => el("th", {textContent: header}))));
  const words = {kind: KINDS, role: ROLES, partner_role: ROLES, status: STATUSES};  // as tables for people do
  const cell = (row, c) => (c === "id" || c.endsWith("_id")) && typeof row[c] === "string"
    ? button(row[c], () => showNode(row[c]), "link")
    : words[c] && typeof row[c] === "string" ? text(term(words[c], row[c])) : text(row[c]);
  document.querySelector("#table tbody").replaceChildren(...answer.rows.map((row) =>
    el("tr", {}, ...columns.map((c) => el("td", {}, cell(row, c))))));
  $("table").hidden = false;
}
