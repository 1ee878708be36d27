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

function named(name, action) {  // a button that is a node's name (a long one cut)
  const element = button(cut(name), action, "link");
  element.translate = false;
  return element;
}

function link(content, url) {  // data; only web addresses become links; a long text clamped
  return clamped(content, (shown) => /^https?:\/\//i.test(url || "")
    ? el("a", {href: url, textContent: shown, target: "_blank", rel: "noopener noreferrer",
               translate: false})
    : value(shown));
}

const CLAMP = 400;  // characters of a long text shown until "more" is pressed

function cut(content) {  // a long text's beginning, at a space or line's end if there is one, and "…"
  if (typeof content !== "string" || content.length <= CLAMP + 100) return content;
  const space = content.slice(0, CLAMP).search(/\s\S*$/);
  return content.slice(0, space > CLAMP / 2 ? space : CLAMP) + "…";
}

function clamped(content, make) {  // data shown by make (default value); a long text shows its
  content = String(content);     // beginning and a button for the rest
  const start = cut(content), shown = (make || value)(start);
  if (start === content) return shown;
  const toggle = button(_("more"), () => {
    const opening = toggle.getAttribute("aria-expanded") !== "true";
    shown.textContent = opening ? content : start;
    toggle.textContent = opening ? _("less") : _("more");
    toggle.setAttribute("aria-expanded", String(opening));
  }, "link more");
  toggle.setAttribute("aria-expanded", "false");
  toggle.translate = true;  // the interface's word, though among data
  return el("span", {className: "clamped"}, shown, " ", toggle);
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
  if (!response.ok) {  // an error of a parameter names it
    throw Object.assign(new Error(body.error || response.statusText), {parameter: body.parameter});
  }
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
  wikidataId: _("Wikidata id"), wikidataIds: _("Other Wikidata ids"), geonamesId: _("GeoNames id"),
  placeNames: _("Other names of the place"), kind: _("Type"), start: _("Start"),
  end: _("End"), signed: _("Signed on"), status: _("Status"),
  iatiIdentifier: _("IATI identifier"), regions: _("Regions"),
  sdg: _("Sustainable Development Goals"), ids: _("Earlier ids"),
  differentFrom: _("Not the same as"), url: _("Web address"), parent: _("Broader topic"),
  sources: _("Sources"), iatiRef: _("IATI organisation reference"),
};

function term(vocabulary, word) {  // a word of a vocabulary in the page's language, else as it is
  const key = String(word || "").toLowerCase();
  return Object.prototype.hasOwnProperty.call(vocabulary, key) ? vocabulary[key] : word ? value(cut(word)) : null;
}

function capital(word) {
  return typeof word === "string" ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

function country(code) {  // a country's name in the page's language, by its ISO code
  return code ? value(cut(config.countries[code] || code)) : null;
}

function number(content, digits) {
  const found = Number(content);
  return Number.isFinite(found) && content !== "" && content !== null
    ? found.toLocaleString(language, {maximumFractionDigits: digits}) : text(content);
}

function field(key, content, pages) {  // a property's value, as people read it
  if (key === "country") return country(content);
  if (key === "status") return term(STATUSES, content);
  if (key === "kind") return term(KINDS, content);
  if (key === "lat" || key === "lon") return value(number(content, 5));
  if (key === "population") return value(number(content, 0));
  if (key === "wikidataId" || key === "wikidataIds") {  // each a link to its page, from the server
    const items = Array.isArray(content) ? content : [content];
    return el("span", {}, ...joined(items.map((item) => link(item, pages[item])), "; "));
  }
  return link(text(content), content);
}

// The network

const network = new vis.Network($("network"), {nodes: [], edges: []}, config.options);
window.munigraph = {network: network, state: state, idle: idle};

function draw(view, request) {
  if (request !== asked.view) return null;
  const positions = network.getPositions();
  const focus = new Set(state.ids);
  const nodes = view.nodes.map((node) => Object.assign(shortened(node), positions[node.id] || {},
    focus.has(node.id) ? {borderWidth: 4} : {}));
  const drawn = new Promise((resolve) => {
    if (nodes.length === 0) resolve();
    else network.once("stabilizationIterationsDone", resolve);
  }).then(() => {
    network.setOptions({physics: false});
    spread();
    network.fit();
  });
  if (view.options) network.setOptions(view.options);  // sized for the view, as an export
  network.setOptions({physics: {enabled: true}});
  // a link's role is in its tooltip and the side panel: drawn on the link, roles pile up
  // over the names around a node with many links
  const edges = view.edges.map((edge) => Object.assign(shortened(edge), {label: undefined}));
  network.setData({nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges)});
  $("caption").textContent = view.caption;
  return drawn;
}

function shortened(item) {  // a node's or link's label cut if long, and each long line of its tooltip
  if (typeof item.label === "string") item.label = cut(item.label);
  if (typeof item.title === "string") item.title = item.title.split("\n").map(cut).join("\n");
  return item;
}

function spread() {  // move nodes apart until no two nodes' boxes (shape and label) overlap
  network.redraw();  // the boxes as drawn now
  const gap = 4, boxes = network.body.nodeIndices.map((id) => {
    // the shape's box and the label's, which reaches lower than the first for long labels
    const node = network.body.nodes[id], box = network.getBoundingBox(id), label = node.labelModule.size;
    return {id: id, x: node.x, y: node.y,
            left: Math.min(box.left, label.left) - node.x - gap,
            right: Math.max(box.right, label.left + label.width) - node.x + gap,
            top: Math.min(box.top, label.top) - node.y - gap,
            bottom: Math.max(box.bottom, label.top + label.height) - node.y + gap};
  });
  for (let round = 0, moved = true; moved && round < 200; round++) {
    moved = false;
    boxes.sort((a, b) => a.x + a.left - b.x - b.left);
    for (let i = 0; i < boxes.length; i++) {
      const a = boxes[i];
      for (let j = i + 1; j < boxes.length && boxes[j].x + boxes[j].left < a.x + a.right; j++) {
        const b = boxes[j];
        const wide = Math.min(a.x + a.right, b.x + b.right) - Math.max(a.x + a.left, b.x + b.left);
        const high = Math.min(a.y + a.bottom, b.y + b.bottom) - Math.max(a.y + a.top, b.y + b.top);
        if (wide <= 0 || high <= 0) continue;
        moved = true;  // each half the overlap apart, along the shorter way
        if (wide < high) {
          const step = (a.x <= b.x ? wide : -wide) / 2;
          a.x -= step; b.x += step;
        } else {
          const step = (a.y <= b.y ? high : -high) / 2;
          a.y -= step; b.y += step;
        }
      }
    }
  }
  for (const box of boxes) network.moveNode(box.id, box.x, box.y);
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
  params.push(...viewChoices());
  return params;
}

function load() {
  const chosen = filters();
  const params = [...state.ids.map((id) => ["id", id]), ...chosen];
  if (!state.ids.length && !chosen.length) return clearView();
  if (chosen.some(([name, given]) => name === "kinds" && !given)) {
    clearView();
    return show(_("Tick at least one kind of node to show."), true);
  }
  $("export").href = address("/api/export.html", params);
  show(_("Loading…"));
  const request = ++asked.view;
  return track(api("/api/neighbourhood", params).then((view) => draw(answered(view, request), request))
    .then(() => show("")).then(() => {  // measures shown follow the filters
      if (measured.answer && measured.params !== JSON.stringify(measuredBy())) return measure();
    }).catch(refused(request)));
}

function refused(request) {  // a view refused: the network and its caption are cleared
  return (error) => {
    if (request === asked.view) clearView();
    throw error;
  };
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

function showCountry(code) {  // a country's cooperations, with the country filter set to it
  $("country").value = code;
  state.ids = [];
  showHint();
  return load();
}

// Search with completion

function complete(input, list, pick, wanted) {  // suggestions (the rows ``wanted``) as a listbox
  let timer, rows = [], at = -1;  // the suggestions, and which one is highlighted
  let suggested = "", waiting = false;  // the text the suggestions answer; Enter typed before them
  const attributes = (element, values) => Object.entries(values).forEach(
    ([name, given]) => element.setAttribute(name, given));
  attributes(input, {role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false"});
  list.setAttribute("role", "listbox");
  const highlight = (i) => {
    at = i;
    [...list.children].forEach((option, j) => option.setAttribute("aria-selected", String(j === i)));
    if (i < 0) return input.removeAttribute("aria-activedescendant");
    input.setAttribute("aria-activedescendant", list.children[i].id);
    list.children[i].scrollIntoView({block: "nearest"});
  };
  const close = () => {
    rows = [];
    highlight(-1);
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
  };
  const choose = (row) => { close(); pick(row); };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    delete input.dataset.id;
    const query = input.value.trim();
    suggested = "";  // the suggestions shown answer an older text
    waiting = false;
    if (!query) return close();
    timer = setTimeout(() => track(api("/api/search", [["q", query]]).then((answer) => {
      if (input.value.trim() !== query) return;  // an older answer
      rows = answer.results.filter(wanted || (() => true));
      suggested = query;
      list.replaceChildren(...rows.map((row, i) => {
        const option = el("li", {id: `${list.id}-${i}`}, value(cut(row.name)), " ", el("small", {},
          ...joined([term(KINDS, row.kind), row.kind === "Country" ? null : country(row.country)], " · ")));
        attributes(option, {role: "option", "aria-selected": "false"});
        option.addEventListener("mousedown", (event) => event.preventDefault());  // the box keeps the focus
        option.addEventListener("click", () => choose(row));
        return option;
      }));
      highlight(-1);
      input.setAttribute("aria-expanded", String(rows.length > 0));
      show(rows.length ? "" : format(_("Nothing is called “{query}”."), {query: query}));
      if (waiting && rows.length) choose(rows[0]);
      waiting = false;
    })), 200);
  });
  input.addEventListener("keydown", (event) => {
    const step = {ArrowDown: 1, ArrowUp: -1}[event.key];
    if (step && rows.length) {
      event.preventDefault();
      highlight(at < 0 ? (step > 0 ? 0 : rows.length - 1) : (at + step + rows.length) % rows.length);
    } else if (event.key === "Enter" && suggested !== input.value.trim()) {
      event.preventDefault();
      waiting = true;  // the suggestions shown answer an older text: take the first of the next
    } else if (event.key === "Enter" && rows.length) {
      event.preventDefault();
      choose(rows[Math.max(at, 0)]);  // the highlighted one, else the first
    } else if (event.key === "Escape") {
      close();
    }
  });
}

complete($("search"), $("results"), (row) => {
  if (row.kind === "Country") return showCountry(row.country);
  if (row.kind === "Topic") showTopic(row.name); else focusOn(row.id);
  showNode(row.id);
});

// The details panel

const hint = [...$("details").childNodes];  // what the panel says before a node is chosen

function showHint() {
  ++asked.node;  // a node asked for before is not shown
  $("details").replaceChildren(...hint);
}

function showNode(id) {
  const request = ++asked.node;
  return track(api("/api/node", [["id", id]]).then((node) => {
    if (request === asked.node) renderNode(node);
  }));
}

function renderNode(node) {
  const parts = [el("h2", {translate: false}, clamped(node.name || node.id)),
                 el("p", {}, el("small", {}, capital(term(KINDS, node.kind)), " · ", value(cut(node.id))))];
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
      properties.append(el("dt", {}, FIELDS[key] || value(key)), el("dd", {}, field(key, content, node.pages || {})));
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
        c.topics.length ? el("div", {}, _("On:") + " ", clamped(c.topics.join(", "))) : null,
        c.partners.length ? el("div", {}, _("With:") + " ", clamped(c.partners.slice(0, 12).join(", ")),
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
        el("blockquote", {translate: false}, clamped(e.quote || "")),
        el("p", {}, "— ", e.source || e.url ? link(e.source || e.url, e.url) : _("a source"),
           e.published ? el("small", {translate: false,
                                      textContent: cut(` (${text(e.publisher)} ${e.published})`)}) : null,
           // the title as the document writes it; its English translation for English readers
           e.sourceEn && language === "en" ? el("small", {translate: false,
                                                          textContent: cut(` [${e.sourceEn}]`)}) : null,
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
  }, (row) => row.kind !== "Country" && row.kind !== "Topic");  // a path joins actors, not these
}
$("path-go").addEventListener("click", () => {
  const ends = ["path-from", "path-to"].map((end) => $(end).dataset.id || $(end).value.trim());
  clearView();
  if (!ends[0] || !ends[1]) return show(_("Choose two actors."), true);
  const request = ++asked.view;
  track(api("/api/path", [["from", ends[0]], ["to", ends[1]]]).then((answer) => {
    showTable(counted(answer.rows.length, _("Path: 1 row"), _("Path: {n} rows")), answer, null);
    chart(null);
    show(answer.rows.length ? "" : _("No chain of cooperations joins them."));
    if (answer.rows.length) showNode(answer.rows[0].actor_id); else showHint();
    return draw(answer, request);
  }).catch((error) => {
    $("table").hidden = true;
    showHint();
    return refused(request)(error);
  }));
});

// Canned questions

function parameterInputs() {  // each parameter: a labelled field, and a line for what is wrong with it
  const chosen = queries[$("query-name").value];
  $("query-description").textContent = chosen.description;
  $("query-parameters").replaceChildren(...chosen.parameters.map((p) => {
    const input = el("input", {name: p.name, required: p.required, placeholder: p.example
      ? format(_("e.g. {example}"), {example: p.example}) : text(p.default)});
    const problem = el("p", {className: "problem", id: `query-problem-${p.name}`});
    input.setAttribute("aria-describedby", problem.id);
    input.addEventListener("input", () => mark(input, ""));
    return el("div", {}, el("label", {}, p.help, p.required ? " *" : null, " ", input), problem);
  }));
}

function mark(input, problem) {  // a field of a question marked wrong, with why in words, or unmarked
  $(input.getAttribute("aria-describedby")).textContent = problem;
  if (!problem) return input.removeAttribute("aria-invalid");
  input.setAttribute("aria-invalid", "true");
  input.focus();
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
  const inputs = [...document.querySelectorAll("#query-parameters input")];
  inputs.forEach((input) => mark(input, ""));
  const empty = inputs.find((input) => input.required && !input.value.trim());
  if (empty) {
    $("table").hidden = $("chart").hidden = true;
    show("");
    return mark(empty, _("Fill in this field: the question needs it."));
  }
  const params = inputs.filter((input) => input.value.trim()).map((input) => [input.name, input.value.trim()]);
  const path = "/api/query/" + encodeURIComponent(name);
  const downloads = {xlsx: address(path + ".xlsx", params), csv: address(path + ".csv", params)};
  track(api(path, params).then((answer) => {
    showTable(counted(answer.rows.length, _("Answer: 1 row"), _("Answer: {n} rows")), answer, downloads);
    chart(name === "timeline" ? answer : null);
    const names = queries[name].parameters.some((p) => p.type === "actor" && params.some(([given]) => given === p.name));
    show(answer.rows.length ? counted(answer.rows.length, _("1 row."), _("{n} rows."))
      : names ? _("No rows. To check a name, type it in the search box.") : _("No rows."));
  }).catch((error) => {  // the question not run: no answer shown; a parameter's error at its field
    $("table").hidden = $("chart").hidden = true;
    const input = inputs.find((field) => field.name === error.parameter);
    if (!input) throw error;
    show("");
    mark(input, error.message);
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
    : words[c] && typeof row[c] === "string" ? term(words[c], row[c]) : clamped(text(row[c]));
  document.querySelector("#table tbody").replaceChildren(...answer.rows.map((row) =>
    el("tr", {}, ...columns.map((c) => el("td", {}, cell(row, c))))));
  $("table").hidden = false;
}

$("table-close").addEventListener("click", () => { $("table").hidden = $("chart").hidden = true; });
$("measures-close").addEventListener("click", () => {  // and the actors look as before
  $("measures").hidden = true;
  measured.answer = null;
  measured.rows = new Map();
  $("size-by").disabled = $("colour-by").disabled = true;
  restyle();
});
$("table-grip").addEventListener("pointerdown", (event) => {  // drag the table's top edge
  const grip = event.currentTarget, start = event.clientY, height = $("table").offsetHeight;
  const drag = (moved) => { $("table").style.height = `${height + start - moved.clientY}px`; };
  grip.setPointerCapture(event.pointerId);
  grip.addEventListener("pointermove", drag);
  grip.addEventListener("pointerup", () => grip.removeEventListener("pointermove", drag), {once: true});
});
$("table-grip").addEventListener("keydown", (event) => {  // or move it with the arrow keys
  const step = {ArrowUp: 40, ArrowDown: -40}[event.key];
  if (!step) return;
  event.preventDefault();
  $("table").style.height = `${$("table").offsetHeight + step}px`;
});

// The view asked for, the years, and the timeline question as a chart

function viewChoices() {  // the view, how twinnings are drawn, and whether undated cooperations stay
  const params = [];
  const view = document.querySelector("#views input:checked").value;
  if (view !== "cooperations") params.push(["view", view]);
  if ($("twinnings").checked) params.push(["twinnings", "direct"]);
  if ($("undated").checked && ($("since").value || $("until").value)) params.push(["undated", "1"]);
  return params;
}

function answered(view, request) {  // what the page says of a view beside its drawing
  if (request !== asked.view) return view;
  $("notice").hidden = !view.too_many;
  $("filters").classList.toggle("offer", Boolean(view.too_many));
  $("notice-text").textContent = view.too_many === 1 ? _("1 node is too many to draw: shown by country.")
    : format(_("{n} nodes are too many to draw: shown by country."), {n: number(view.too_many)});
  if (!$("undated").checked) $("undated-count").textContent = `(${number(view.undated)})`;
  $("undated-choice").hidden = !($("since").value || $("until").value)
    || !(view.undated || $("undated").checked);
  measured.looks = new Map(view.nodes.map((node) => [node.id, {color: node.color, size: node.size}]));
  styled(view.nodes).forEach((look, i) => Object.assign(view.nodes[i], look));
  return view;
}

for (const choice of [...document.querySelectorAll("#views input"), $("undated")]) {
  choice.addEventListener("change", () => load());
}
$("narrow").addEventListener("click", () => $("country").focus());

let yearTimer;  // the slider redraws the view once it rests (older answers are dropped by draw)
$("year").addEventListener("input", () => {
  $("until").value = $("year-shown").textContent = $("year").value;
  clearTimeout(yearTimer);
  yearTimer = setTimeout(load, 250);
});
$("until").addEventListener("change", () => {
  if ($("until").value) $("year").value = $("year-shown").textContent = $("until").value;
});

function showYear(year) {  // the view of one year's cooperations
  $("since").value = $("until").value = $("year").value = $("year-shown").textContent = year;
  return load();
}

track(api("/api/query/timeline").then((answer) => {  // the slider spans the years of the graph
  const years = answer.rows.map((row) => row.year);
  if (!years.length) return;
  Object.assign($("year"), {min: years[0], max: years[years.length - 1], disabled: false});
  $("year").value = years[years.length - 1];
}));

function svg(tag, attributes, ...children) {  // an SVG element: presentation as attributes, no style
  const element = document.createElementNS($("timeline").namespaceURI, tag);
  for (const [name, given] of Object.entries(attributes)) element.setAttribute(name, given);
  element.append(...children);
  return element;
}

function chart(answer) {  // the timeline question's rows as bars of cooperations per year
  const figure = $("chart");
  $("timeline").replaceChildren();
  figure.hidden = !(answer && answer.rows.length);
  if (figure.hidden) return;
  const rows = answer.rows, first = rows[0].year, last = rows[rows.length - 1].year;
  const most = Math.max(...rows.map((row) => row.cooperations));
  const width = 720, height = 170, left = 44, right = 8, top = 8, bottom = 34;
  const step = (width - left - right) / (last - first + 1), scale = (height - top - bottom) / most;
  const x = (year) => left + (year - first) * step, base = height - bottom;
  const bars = rows.map((row) => {
    const words = format(counted(row.cooperations, _("{year}: 1 cooperation"),
                                 _("{year}: {n} cooperations")), {year: row.year});
    const bar = svg("rect", {x: x(row.year) + 0.5, y: base - row.cooperations * scale,
                             width: Math.max(step - 1, 1), height: row.cooperations * scale,
                             class: "bar", tabindex: 0, role: "button", "aria-label": words},
                    svg("title", {}, words));
    bar.addEventListener("click", () => showYear(row.year));
    bar.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); showYear(row.year); }
    });
    return bar;
  });
  const every = Math.max(1, Math.ceil((last - first + 1) / 12));  // about a dozen years named
  const ticks = [];
  for (let year = first; year <= last; year += every) {
    ticks.push(svg("text", {x: x(year) + step / 2, y: base + 14, "text-anchor": "middle"}, String(year)));
  }
  $("timeline").setAttribute("viewBox", `0 0 ${width} ${height}`);
  $("timeline").append(
    svg("line", {x1: left, x2: width - right, y1: base, y2: base, class: "axis"}),
    svg("line", {x1: left, x2: left, y1: top, y2: base, class: "axis"}),
    svg("text", {x: left - 4, y: base, "text-anchor": "end"}, "0"),
    svg("text", {x: left - 4, y: top + 8, "text-anchor": "end"}, number(most)),
    svg("text", {x: (left + width) / 2, y: height - 2, "text-anchor": "middle", class: "title"}, _("Year")),
    svg("text", {x: 12, y: (top + base) / 2, "text-anchor": "middle", class: "title",
                 transform: `rotate(-90 12 ${(top + base) / 2})`}, _("Cooperations")),
    ...ticks, ...bars);
}

// Network measures: a ranked table, and the actors of the view sized and coloured by them

const measured = {rows: new Map(), looks: new Map(), answer: null, params: null, sort: "pagerank",
                  ascending: false};
asked.measures = 0;
const LIGHT = [222, 235, 247], DARK = [8, 48, 107];  // a light-to-dark sequential scale of blues

function measuredBy() {  // the filters the measures follow
  return filters().filter(([name]) => ["country", "topic", "programme", "since", "until"].includes(name));
}

$("measures-go").addEventListener("click", () => measure());

function measure() {
  const params = measuredBy();
  measured.params = JSON.stringify(params);
  const request = ++asked.measures;
  show(_("Computing the measures…"));
  return track(api("/api/measures", params).then((answer) => {
    if (request !== asked.measures) return;
    measured.answer = answer;
    measured.rows = new Map(answer.rows.map((row) => [row.id, row]));
    const numbers = answer.columns.filter((c) => c !== "community" && typeof (answer.rows[0] || {})[c] === "number");
    const header = (c) => answer.headers[answer.columns.indexOf(c)];
    const chosen = [$("size-by").value, $("colour-by").value];  // kept when measured again
    $("size-by").replaceChildren($("size-by").options[0], ...numbers.map((c) => el("option", {value: c, textContent: header(c)})));
    $("colour-by").replaceChildren(...[...$("colour-by").options].slice(0, 2),
      ...numbers.map((c) => el("option", {value: c, textContent: header(c)})));
    [$("size-by").value, $("colour-by").value] = chosen;
    $("size-by").disabled = $("colour-by").disabled = false;
    $("measures-title").textContent = counted(answer.rows.length, _("Measures: 1 actor"), _("Measures: {n} actors"));
    $("measures-note").textContent = answer.note;
    rankTable();
    restyle();
    show("");
  }));
}
$("size-by").addEventListener("change", restyle);
$("colour-by").addEventListener("change", restyle);

function rankTable() {  // the measures, sorted by the column chosen (numbers highest first)
  const answer = measured.answer, column = measured.sort, direction = measured.ascending ? 1 : -1;
  const rows = [...answer.rows].sort((a, b) => {
    const x = a[column], y = b[column];
    return (typeof x === "number" ? direction * (x - y) : -direction * String(x || "").localeCompare(String(y || "")))
      || String(a.name).localeCompare(String(b.name));
  });
  const columns = answer.columns.filter((c) => c !== "id");  // the name opens the node
  document.querySelector("#measures thead").replaceChildren(el("tr", {}, ...columns.map((c) => {
    const cell = el("th", {}, button(answer.headers[answer.columns.indexOf(c)], () => {
      measured.ascending = measured.sort === c ? !measured.ascending : typeof answer.rows[0][c] !== "number";
      measured.sort = c;
      rankTable();
    }));
    if (c === column) cell.setAttribute("aria-sort", measured.ascending ? "ascending" : "descending");
    return cell;
  })));
  const cell = (row, c) => c === "name" ? named(row.name || row.id, () => showNode(row.id))
    : c === "kind" ? text(term(KINDS, row.kind)) : c === "country" ? text(config.countries[row.country] || row.country)
    : Number.isInteger(row[c]) ? number(row[c], 0)
    : typeof row[c] === "number" ? row[c].toLocaleString(language, {maximumSignificantDigits: 3}) : text(row[c]);
  document.querySelector("#measures tbody").replaceChildren(...rows.slice(0, 500).map((row) =>
    el("tr", {}, ...columns.map((c) => el("td", {className: typeof row[c] === "number" ? "number" : ""}, cell(row, c))))));
  $("measures").hidden = false;
}

function share(column) {  // a node's value of a measure over the highest among the actors drawn
  const drawn = [...measured.looks.keys()].map((id) => measured.rows.get(id)).filter(Boolean);
  const most = Math.max(...drawn.map((row) => row[column]), 0);
  return (row) => (most > 0 ? row[column] / most : 0);
}

function shade(t) {  // a colour of the light-to-dark scale, t from 0 to 1
  return "rgb(" + LIGHT.map((light, i) => Math.round(light + (DARK[i] - light) * t)).join(",") + ")";
}

function styled(nodes) {  // the looks of the actors among ``nodes`` by the measures chosen
  const size = $("size-by").value, colour = $("colour-by").value;
  const sized = size && share(size), shaded = !["kind", "community"].includes(colour) && share(colour);
  return nodes.map((node) => {
    const row = measured.rows.get(node.id), look = {...measured.looks.get(node.id)};
    if (row && sized) look.size = Math.round(6 + 34 * Math.sqrt(sized(row)));
    if (row && colour === "community") look.color = config.palette[row.community] || config.other;
    if (row && shaded) look.color = shade(shaded(row));
    return look;
  });
}

function restyle() {  // the view's actors sized and coloured anew, where they are
  const nodes = network.body.data.nodes.getIds().filter((id) => measured.looks.has(id)).map((id) => ({id: id}));
  network.body.data.nodes.update(styled(nodes).map((look, i) => ({id: nodes[i].id, ...look})));
  if (nodes.length) spread();  // nodes grown by a measure keep off the others' labels
  const colour = $("colour-by").value, scale = $("scale");
  scale.hidden = !measured.answer || ["kind", "community"].includes(colour);
  if (scale.hidden) return;
  const most = Math.max(...[...measured.looks.keys()].map((id) => (measured.rows.get(id) || {})[colour] || 0), 0);
  const swatches = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const swatch = el("span", {className: "swatch"});
    swatch.style.background = shade(t);
    return swatch;
  });
  scale.replaceChildren($("colour-by").selectedOptions[0].textContent + ": ", value("0"), " ", ...swatches, " ", value(number(most, 4)));
}
