"use strict";
// munigraph explore: search, a network of the chosen neighbourhoods, node details with
// evidence, a path tool and the canned questions, all from the JSON API of this server.
// Data is only ever put into the page as text (textContent, text nodes), never as markup.

const config = JSON.parse(document.getElementById("munigraph-config").textContent);
const $ = (id) => document.getElementById(id);
const state = {ids: []};  // the nodes whose neighbourhoods the view shows
const pending = new Set();
const asked = {view: 0, node: 0};  // the latest request of each kind: older answers are dropped

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

function button(text, action, className) {
  const element = el("button", {type: "button", textContent: text, className: className || ""});
  element.addEventListener("click", action);
  return element;
}

function link(text, url) {  // only web addresses become links
  return /^https?:\/\//i.test(url || "")
    ? el("a", {href: url, textContent: text, target: "_blank", rel: "noopener noreferrer"})
    : text;
}

function show(message, error) {
  $("status").textContent = message;
  $("status").classList.toggle("error", Boolean(error));
}

async function api(path, params) {
  const url = path + (params && params.length ? "?" + new URLSearchParams(params) : "");
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function text(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(text).join("; ");
  return typeof value === "object" ? JSON.stringify(value) : String(value);
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
    const value = $(name).value.trim();
    if (value) params.push([name, value]);
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
  if (chosen.some(([name, value]) => name === "kinds" && !value)) {
    return show("Tick at least one kind of node to show.", true);
  }
  $("export").href = "/api/export.html?" + new URLSearchParams(params);
  show("Loading…");
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
      list.replaceChildren(...answer.results.map((row) => {
        const choice = button(row.name + " ", () => pick(row));
        choice.append(el("small", {textContent: [row.kind, row.country].filter(Boolean).join(" · ")}));
        return el("li", {}, choice);
      }));
      show(answer.results.length ? "" : `Nothing is called “${query}”.`);
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
  const parts = [el("h2", {textContent: node.name || node.id}),
                 el("p", {}, el("small", {textContent: `${node.kind} · ${node.id}`}))];
  if (node.label === "Topic") {
    parts.push(button("Show cooperations on this topic", () => showTopic(node.name)));
  } else {
    parts.push(button("Show its neighbourhood", () => focusOn(node.id)), " ",
               button("Add to the view", () => expand(node.id)));
  }
  const properties = el("dl");
  for (const [key, value] of Object.entries(node.properties)) {
    if (key !== "name" && key !== "id") {
      properties.append(el("dt", {textContent: key}), el("dd", {}, link(text(value), value)));
    }
  }
  parts.push(properties);
  if (node.cooperations) {
    parts.push(el("h3", {textContent: `Cooperations (${node.cooperations.length})`}),
      el("ul", {className: "list"}, ...node.cooperations.map((c) => el("li", {},
        button(c.name, () => showNode(c.id), "link"),
        el("small", {textContent: " " + [c.kind, c.role, text(c.start)]
          .filter(Boolean).join(" · ")}),
        c.topics.length ? el("div", {textContent: "On: " + c.topics.join(", ")}) : null,
        c.partners.length ? el("div", {textContent: `With: ${c.partners.slice(0, 12).join(", ")}`
          + (c.partners.length > 12 ? ` and ${c.partners.length - 12} more` : "")}) : null))));
  }
  if (node.parties) {
    parts.push(el("h3", {textContent: `Parties (${node.parties.length})`}),
      el("ul", {className: "list"}, ...node.parties.map((p) => el("li", {},
        button(p.name, () => showNode(p.id), "link"),
        el("small", {textContent: " " + [p.role, p.kind, p.country].filter(Boolean).join(" · ")})))));
  }
  if (node.topics && node.topics.length) {
    parts.push(el("h3", {textContent: "Topics"}),
      el("p", {textContent: node.topics.map((t) => t.name).join(", ")}));
  }
  if (node.programmes && node.programmes.length) {
    parts.push(el("h3", {textContent: "Part of"}),
      el("ul", {className: "list"}, ...node.programmes.map((p) =>
        el("li", {}, button(p.name, () => showNode(p.id), "link")))));
  }
  if (node.evidence) {
    parts.push(el("h3", {textContent: `Evidence (${node.evidence.length})`}),
      el("div", {className: "evidence"}, ...node.evidence.flatMap((e) => [
        el("blockquote", {textContent: e.quote || ""}),
        el("p", {}, "— ", link(e.source || e.url || "source", e.url),
           e.published ? el("small", {textContent: ` (${text(e.publisher)} ${e.published})`}) : null)])));
  }
  $("details").replaceChildren(...parts);
  if (network.body.data.nodes.get(node.id)) network.selectNodes([node.id]);
}

// Filters

for (const {kind, colour} of config.kinds) {
  const swatch = el("span", {className: "swatch"});
  swatch.style.background = colour;
  const box = el("input", {type: "checkbox", value: kind, checked: true});
  $("kinds").append(el("label", {}, box, swatch, kind));
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
  if (!ends[0] || !ends[1]) return show("Choose two actors.", true);
  state.ids = [];
  $("export").removeAttribute("href");
  const request = ++asked.view;
  track(api("/api/path", [["from", ends[0]], ["to", ends[1]]]).then((answer) => {
    showTable("Path", answer.columns, answer.rows, null);
    show(answer.rows.length ? "" : "No chain of cooperations joins them.");
    return draw(answer, request);
  }));
});

// Canned questions

function parameterInputs() {
  const chosen = queries[$("query-name").value];
  $("query-description").textContent = chosen.description;
  $("query-parameters").replaceChildren(...chosen.parameters.map((p) => el("label", {},
    `${p.name}${p.required ? " *" : ""} `,
    el("input", {name: p.name, placeholder: p.example || text(p.default), title: p.help}))));
}

const queries = {};
track(api("/api/queries").then((answer) => {
  for (const q of answer.queries) {
    queries[q.name] = q;
    $("query-name").append(el("option", {value: q.name, textContent: q.name}));
  }
  parameterInputs();
}));
$("query-name").addEventListener("change", parameterInputs);
$("query-run").addEventListener("click", () => {
  const name = $("query-name").value;
  const params = [...document.querySelectorAll("#query-parameters input")]
    .filter((input) => input.value.trim()).map((input) => [input.name, input.value.trim()]);
  const path = "/api/query/" + encodeURIComponent(name);
  const csv = path + ".csv" + (params.length ? "?" + new URLSearchParams(params) : "");
  track(api(path, params).then((answer) => {
    showTable(name, answer.columns, answer.rows, csv);
    show(`${answer.rows.length} rows.`);
  }));
});

function showTable(title, columns, rows, csv) {
  $("table-title").textContent = `${title}: ${rows.length} rows`;
  if (csv) $("csv").href = csv; else $("csv").removeAttribute("href");
  $("csv").hidden = !csv;
  document.querySelector("#table thead").replaceChildren(
    el("tr", {}, ...columns.map((c) => el("th", {textContent: c}))));
  const cell = (row, c) => (c === "id" || c.endsWith("_id")) && typeof row[c] === "string"
    ? button(row[c], () => showNode(row[c]), "link") : text(row[c]);
  document.querySelector("#table tbody").replaceChildren(...rows.map((row) =>
    el("tr", {}, ...columns.map((c) => el("td", {}, cell(row, c))))));
  $("table").hidden = false;
}
