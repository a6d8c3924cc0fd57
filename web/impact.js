// The impact page: choose an intervention, set the norm, keep or stop locations, and see
// the map, the histogram of extra travel minutes and the location table. All numbers come
// from POST /api/v1/impact; this page only draws them.
"use strict";

const COLOURS_AFTER = [[15, "#ffffcc"], [30, "#fed976"], [45, "#fd8d3c"], [60, "#e31a1c"], [Infinity, "#800026"]];
/* Extra minutes: areas whose patients travel no further get a clear green of their own,
 * distinct from the grey of "no data" and from the sea, so no region vanishes. */
const COLOURS_EXTRA = [[0.05, "#a6dba0"], [5, "#fee391"], [15, "#fe9929"], [30, "#cc4c02"], [Infinity, "#662506"]];
const STATUS_NL = {keeps: "behoudt", stops: "stopt", receives: "ontvangt", opens: "start"};
const STATUS_COLOUR = {keeps: "#3d4a57", stops: "#b3261e", receives: "#0b6e4f", opens: "#6a3fb5"};
const KIND_NL = {umc: "umc", general: "algemeen", children: "kinderziekenhuis", outpatient: "buitenpolikliniek", other: "overig"};

const state = {interventions: [], locations: new Map(), overrides: new Map(), map: null,
               last: null, pending: null};
const $ = id => document.getElementById(id);

function bucket(v, scale) {
  if (v === null || v === undefined) return null;
  for (const [upto, c] of scale) if (v < upto) return c;
  return scale[scale.length - 1][1];
}

/* The legend lists the area colours of the current mode and the marker of each status
 * drawn by the same map module, so it always matches the map. */
function legend(scale, unit, first) {
  const items = [];
  let lo = first;
  for (const [upto, c] of scale) {
    const label = upto === Infinity ? `${lo}+ ${unit}` : lo === 0 && upto <= 0.05 ? "0 " + unit : `${lo}–${upto} ${unit}`;
    items.push({type: "area", colour: c, label});
    lo = upto === 0.05 ? 0 : upto;
  }
  items.push({type: "area", colour: ZLMap.NO_DATA, label: "geen gegevens"});
  for (const s of ["keeps", "receives", "stops"])
    items.push({type: "marker", cls: s, colour: STATUS_COLOUR[s], label: "locatie " + STATUS_NL[s]});
  state.map.legend($("map-legend"), items);
}

function drawMap(r) {
  if (!state.map) return;
  const byExtra = $("colour-by").value === "extra";
  const a = r.areas;
  const at = new Map();
  for (let i = 0; i < a.pc4.length; i++) at.set(a.pc4[i], i);
  state.map.setAreas(pc4 => {
    const i = at.get(pc4);
    if (i === undefined) return null;
    const before = a.minutes_before[i], after = a.minutes_after[i];
    const v = byExtra ? (before === null || after === null ? null : Math.max(0, after - before)) : after;
    return {fill: bucket(v, byExtra ? COLOURS_EXTRA : COLOURS_AFTER),
            title: `PC4 ${pc4}: ${ZL.fmt(before, 1)} → ${ZL.fmt(after, 1)} min (${ZL.fmt(a.population[i])} inwoners)`};
  });
  legend(byExtra ? COLOURS_EXTRA : COLOURS_AFTER, "min", 0);
  const marks = [];
  for (const l of r.locations) {
    const loc = state.locations.get(l.id);
    if (!loc) continue;
    marks.push({id: l.id, lat: loc.lat, lon: loc.lon, label: l.name, cls: l.status, colour: STATUS_COLOUR[l.status],
                detail: `${STATUS_NL[l.status]} (${ZL.count(l.volume_before)} → ${ZL.count(l.volume_after)})`});
  }
  state.map.setMarkers(marks, item => {
    const row = document.querySelector(`#locations tbody tr[data-id="${item.id}"] select`);
    if (row) row.scrollIntoView({block: "nearest"});
  });
  $("map").dataset.norm = r.norm;
}

function drawHistogram(r) {
  const bins = r.histogram.bins;
  const box = $("histogram");
  if (!bins.length) {
    box.replaceChildren(ZL.el("p", {class: "muted", id: "hist-empty"}, "Geen patiënten verplaatst bij deze norm."));
    $("hist-note").textContent = "";
    return;
  }
  const W = 420, H = 220, pad = 36, max = Math.max(9, ...bins.map(b => b.patients || 0));
  const bw = (W - pad - 8) / bins.length;
  const svg = ZL.el("svg", {viewBox: `0 0 ${W} ${H}`, class: "histogram", role: "img",
                            "aria-labelledby": "hist-title"});
  bins.forEach((b, i) => {
    /* A suppressed bin (1-9 patients) is drawn grey at the height of 5. */
    const h = max ? (H - pad - 22) * (b.patients === null ? 5 : b.patients) / max : 0;
    const rect = ZL.el("rect", {x: (pad + i * bw + 1).toFixed(1), y: (H - pad - h).toFixed(1),
                                width: Math.max(1, bw - 2).toFixed(1), height: h.toFixed(1),
                                fill: b.patients === null ? "#8a8f96" : "#0b5cad"});
    rect.append(ZL.el("title", {text: `${b.from}–${b.to} min extra: ${ZL.count(b.patients)} patiënten`}));
    svg.append(rect);
    if (bins.length <= 12 || i % Math.ceil(bins.length / 12) === 0)
      svg.append(ZL.el("text", {x: (pad + i * bw).toFixed(1), y: H - pad + 14, "font-size": 10, fill: "#1b1f24", text: b.from}));
  });
  svg.append(ZL.el("line", {x1: pad, y1: H - pad, x2: W - 4, y2: H - pad, stroke: "#1b1f24"}));
  svg.append(ZL.el("text", {x: pad, y: H - 6, "font-size": 11, fill: "#1b1f24", text: "extra minuten (bakken van " + r.histogram.bin_minutes + ")"}));
  svg.append(ZL.el("text", {x: 2, y: 12, "font-size": 11, fill: "#1b1f24", text: "patiënten (max " + max + ")"}));
  box.replaceChildren(svg);
  $("hist-note").textContent = `${ZL.count(r.patients.displaced)} verplaatste patiënten; gemiddeld ${ZL.fmt(r.patients.extra_minutes.mean, 1)} min extra, p90 ${ZL.fmt(r.patients.extra_minutes.p90, 1)} min.`;
}

function drawFigures(r) {
  const beyond = r.population_beyond.find(b => b.minutes === 45) || r.population_beyond[0];
  const figs = [
    ["Locaties vóór → na", `${r.summary.offering_before} → ${r.summary.offering_after}`],
    ["Locaties die stoppen", r.summary.stopping],
    ["Patiënten", ZL.count(r.patients.total)],
    ["Verplaatst", ZL.count(r.patients.displaced)],
    ["Reistijd gem. vóór → na", `${ZL.fmt(r.patients.minutes_before.mean, 1)} → ${ZL.fmt(r.patients.minutes_after.mean, 1)} min`],
    [`Inwoners > ${beyond.minutes} min`, `${ZL.fmt(beyond.before)} → ${ZL.fmt(beyond.after)}`],
  ];
  $("figures").replaceChildren(...figs.map(([k, v]) =>
    ZL.el("div", {class: "figure"}, ZL.el("div", {class: "v"}, String(v)), ZL.el("div", {class: "k"}, k))));
  const iv = r.intervention;
  $("norm-source").textContent = `Norm ${r.norm} per jaar (${r.norm_basis === "override" ? "eigen waarde" : r.norm_basis === "proposed" ? "voorgestelde norm" : "huidige norm"}), jaar ${r.year}. ` +
    `Huidige norm ${iv.norm}: ${iv.norm_source}${iv.norm_illustrative ? " (illustratief)" : ""}.` +
    (iv.proposed_norm !== null && iv.proposed_norm !== undefined ? ` Voorstel ${iv.proposed_norm}: ${iv.proposed_source || "onbekende bron"}${iv.proposed_illustrative ? " (illustratief)" : ""}.` : "");
}

function overrideSelect(id) {
  const sel = ZL.el("select", {"aria-label": "Aanpassing voor " + (state.locations.get(id) || {name: id}).name, "data-id": id},
    ZL.el("option", {value: ""}, "volgens norm"),
    ZL.el("option", {value: "keep"}, "behouden"),
    ZL.el("option", {value: "stop"}, "laten stoppen"));
  sel.value = state.overrides.get(id) || "";
  sel.addEventListener("change", () => {
    if (sel.value) state.overrides.set(id, sel.value); else state.overrides.delete(id);
    run();
  });
  return sel;
}

function drawTable(r) {
  const rows = r.locations.map(l => ZL.el("tr", {"data-id": l.id, "data-status": l.status},
    ZL.el("th", {scope: "row"}, l.name),
    ZL.el("td", {}, KIND_NL[l.kind] || l.kind || ""),
    ZL.el("td", {class: "num"}, ZL.count(l.volume_before)),
    ZL.el("td", {class: "num"}, ZL.count(l.volume_after)),
    ZL.el("td", {class: "num"}, ZL.fmt(l.norm_volume_before, 1)),
    ZL.el("td", {class: "status status-" + l.status}, STATUS_NL[l.status] + (l.kept ? " (behouden)" : "")),
    ZL.el("td", {}, overrideSelect(l.id))));
  $("locations").tBodies[0].replaceChildren(...rows);
}

function draw(r) {
  state.last = r;
  const msgs = [];
  if (r.synthetic)
    msgs.push(ZL.el("div", {class: "banner", id: "synthetic"}, "Synthetische gegevens: de patiëntstromen en volumes zijn gegenereerd met een gedocumenteerd model (vaste seed), geen waargenomen aantallen."));
  $("messages").replaceChildren(...msgs);
  drawFigures(r);
  drawMap(r);
  drawHistogram(r);
  drawTable(r);
}

async function run() {
  const body = {intervention: $("intervention").value, map: true,
                keep: [...state.overrides].filter(([, v]) => v === "keep").map(([k]) => k),
                stop: [...state.overrides].filter(([, v]) => v === "stop").map(([k]) => k)};
  const n = $("norm").value.trim();
  if (n !== "") body.norm = Number(n);
  if (state.pending) state.pending.abort();
  const ctl = new AbortController();
  state.pending = ctl;
  $("apply").disabled = true;
  try {
    const r = await ZL.api("/impact", {body, signal: ctl.signal});
    if ($("norm").value.trim() === "") $("norm").value = r.norm;
    draw(r);
  } catch (e) {
    if (e.name !== "AbortError") ZL.showError($("messages"), e);
  } finally {
    if (state.pending === ctl) { state.pending = null; $("apply").disabled = false; }
  }
}

function selectedIntervention() {
  return state.interventions.find(i => i.code === $("intervention").value);
}

async function init() {
  try {
    const [ivs, locs] = await Promise.all([ZL.api("/interventions"), ZL.api("/locations")]);
    state.interventions = ivs.interventions.filter(i => i.flow_years);
    for (const l of locs.locations) state.locations.set(l.id, l);
    if (!state.interventions.length) throw new Error("Deze database bevat geen interventies met patiëntstromen.");
    $("intervention").replaceChildren(...state.interventions.map(i =>
      ZL.el("option", {value: i.code}, `${i.name} (${i.code})${i.synthetic ? " – synthetisch" : ""}`)));
    const want = new URLSearchParams(location.search).get("intervention");
    if (want && state.interventions.some(i => i.code === want)) $("intervention").value = want;
  } catch (e) {
    ZL.showError($("messages"), e);
    return;
  }
  $("controls").addEventListener("submit", ev => { ev.preventDefault(); run(); });
  $("norm").addEventListener("change", run);
  $("intervention").addEventListener("change", () => { $("norm").value = ""; state.overrides.clear(); run(); });
  $("colour-by").addEventListener("change", () => state.last && drawMap(state.last));
  $("norm-current").addEventListener("click", () => { $("norm").value = selectedIntervention().norm.per_year; run(); });
  $("norm-proposed").addEventListener("click", () => {
    const p = selectedIntervention().proposed;
    if (p) { $("norm").value = p.norm; run(); }
    else ZL.showError($("messages"), new Error("Voor deze interventie is geen norm voorgesteld."));
  });
  ZLMap.create($("map"), {label: "Kaart van Nederland: reistijd per postcodegebied en de locaties"})
    .then(m => { state.map = m; if (state.last) drawMap(state.last); })
    .catch(e => ZL.showError($("messages"), e));
  run();
}

document.addEventListener("DOMContentLoaded", init);
