// The acute-care page: minutes to the nearest emergency department or acute obstetrics by
// ambulance per PC4 (45-minute classes), the ambulance posts, the sensitive locations, a
// scenario in which clicked locations close, and the municipalities beyond the norm. All
// numbers come from GET /api/v1/acute/reach; this page only draws them.
"use strict";

const CLASSES = [[15, "#1a9850"], [30, "#a6d96a"], [45, "#fee08b"], [60, "#f46d43"], [Infinity, "#a50026"]];
const MARK = {open: "#0b5cad", sensitive: "#d97706", closed: "#b3261e", post: "#5f6b7a"};
const state = {closed: new Set(), map: null, last: null, posts: [], pending: null};
const $ = id => document.getElementById(id);

function colour(v) {
  if (v === null || v === undefined) return CLASSES[CLASSES.length - 1][1];
  for (const [upto, c] of CLASSES) if (v <= upto) return c;
  return CLASSES[CLASSES.length - 1][1];
}

function drawLegend(norm) {
  const items = [];
  let lo = 0;
  for (const [upto, c] of CLASSES) {
    items.push({type: "area", colour: c, label: upto === Infinity ? `meer dan ${lo} min` : `${lo}–${upto} min`});
    lo = upto;
  }
  items.push({type: "marker", cls: "open", colour: MARK.open, label: "locatie open"});
  items.push({type: "marker", cls: "sensitive", colour: MARK.sensitive, label: "gevoelige locatie"});
  items.push({type: "marker", cls: "closed", colour: MARK.closed, label: "gesloten in scenario"});
  items.push({type: "marker", cls: "post", colour: MARK.post, label: "ambulancepost (24 uur)"});
  state.map.legend($("map-legend"), items);
}

function drawMap(r) {
  if (!state.map) return;
  const at = new Map(r.areas.map(a => [a.pc4, a]));
  state.map.setAreas(pc4 => {
    const a = at.get(pc4);
    if (!a) return null;
    return {fill: colour(a.total),
            title: `PC4 ${pc4}: ${ZL.fmt(a.total, 1)} min (aanrijden ${ZL.fmt(a.response, 1)}, vervoer ${ZL.fmt(a.transport, 1)}; auto ${ZL.fmt(a.car, 1)}), ${ZL.fmt(a.population)} inwoners`};
  });
  drawLegend(r.minutes);
  const sens = new Set(r.sensitive.map(s => s.id));
  const marks = r.locations.map(l => {
    const cls = l.closed ? "closed" : sens.has(l.id) ? "sensitive" : "open";
    return {id: l.id, lat: l.lat, lon: l.lon, label: l.name, cls, colour: MARK[cls],
            detail: l.closed ? "gesloten – klik om te openen" : `+${ZL.fmt(l.increase)} buiten de norm bij sluiting – klik om te sluiten`};
  });
  for (const p of state.posts)
    marks.push({id: "post:" + p.name, lat: p.lat, lon: p.lon, label: "Ambulancepost " + p.name, cls: "post", colour: MARK.post,
                detail: "24 uur beschikbaar"});
  state.map.setMarkers(marks, item => { if (!item.id.startsWith("post:")) toggle(item.id); });
  $("map").dataset.beyond = r.population_beyond;
}

function drawFigures(r) {
  const figs = [
    ["Locaties open", r.locations_open],
    ["Inwoners", ZL.fmt(r.population_total)],
    [`Buiten ${r.minutes} min (ambulance)`, `${ZL.fmt(r.population_beyond)} (${ZL.fmt(r.share_beyond, 2)} %)`],
    [`Buiten ${r.car_30.minutes} min (auto)`, `${ZL.fmt(r.car_30.population_beyond)} (${ZL.fmt(r.car_30.share_beyond, 2)} %)`],
    ["Gevoelige locaties", r.sensitive.length],
    ["Ambulanceposten (24 uur)", r.ambulance_posts],
  ];
  $("figures").replaceChildren(...figs.map(([k, v]) =>
    ZL.el("div", {class: "figure"}, ZL.el("div", {class: "v"}, String(v)), ZL.el("div", {class: "k"}, k))));
  const names = r.locations.filter(l => l.closed).map(l => l.name);
  $("closed-note").textContent = names.length ? "Gesloten in dit scenario: " + names.join(", ") + "." : `Peildatum ${r.date}; alle locaties open.`;
}

function drawTables(r) {
  $("municipalities").tBodies[0].replaceChildren(...r.municipalities.map(m =>
    ZL.el("tr", {"data-name": m.name}, ZL.el("th", {scope: "row"}, m.name), ZL.el("td", {}, m.province),
          ZL.el("td", {class: "num"}, ZL.fmt(m.population)), ZL.el("td", {class: "num"}, ZL.fmt(m.population_beyond)))));
  $("sensitive").tBodies[0].replaceChildren(...r.sensitive.map(s =>
    ZL.el("tr", {"data-id": s.id}, ZL.el("th", {scope: "row"}, s.name), ZL.el("td", {class: "num"}, "+" + ZL.fmt(s.increase)),
          ZL.el("td", {}, ZL.el("button", {type: "button", class: "secondary", onclick: () => toggle(s.id)}, "Sluiten")))));
}

function toggle(id) {
  if (state.closed.has(id)) state.closed.delete(id); else state.closed.add(id);
  run();
}

async function run() {
  const q = new URLSearchParams({function: $("function").value, minutes: $("minutes").value || "45", areas: "1"});
  if (state.closed.size) q.set("close", [...state.closed].join(","));
  if (state.pending) state.pending.abort();
  const ctl = new AbortController();
  state.pending = ctl;
  $("apply").disabled = true;
  try {
    const r = await ZL.api("/acute/reach?" + q, {signal: ctl.signal});
    if (!state.posts.length) state.posts = (await ZL.api("/acute/posts?date=" + r.date)).posts.filter(p => p.around_clock);
    state.last = r;
    $("messages").replaceChildren();
    drawFigures(r);
    drawTables(r);
    drawMap(r);
  } catch (e) {
    if (e.name !== "AbortError") ZL.showError($("messages"), e);
  } finally {
    if (state.pending === ctl) { state.pending = null; $("apply").disabled = false; }
  }
}

function init() {
  /* A scenario can be linked: ?function=seh_24h&close=ID,ID */
  const q = new URLSearchParams(location.search);
  if (q.get("function")) $("function").value = q.get("function");
  for (const id of (q.get("close") || "").split(",")) if (id) state.closed.add(id);
  $("controls").addEventListener("submit", ev => { ev.preventDefault(); run(); });
  $("function").addEventListener("change", () => { state.closed.clear(); run(); });
  $("reset").addEventListener("click", () => { state.closed.clear(); run(); });
  ZLMap.create($("map"), {label: "Kaart van Nederland: minuten tot de dichtstbijzijnde acute locatie per postcodegebied"})
    .then(m => { state.map = m; if (state.last) drawMap(state.last); })
    .catch(e => ZL.showError($("messages"), e));
  run();
}

document.addEventListener("DOMContentLoaded", init);
