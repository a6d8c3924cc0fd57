// The impact page: choose an intervention, set the norm and the rule for displaced
// patients (nearest location or within the own region), keep or stop locations, and see
// the map, the histogram of extra travel minutes and the location table; optionally a
// second scenario side by side; the optimiser's choice with an analyst token; exports.
// The scenario lives in the URL (intervention, norm, rule, layer, keep, stop, colour,
// compare, bnorm, brule), so a link reproduces it. All numbers come from the API
// (POST /api/v1/impact, /optimise, /export); this page only draws them.
"use strict";

ZL.texts({
  nl: {
    title: "Impact van een volumenorm", intervention: "Interventie", norm_label: "Norm (ingrepen per locatie per jaar)",
    presets: "Vooraf ingesteld", norm_current: "Huidige norm", norm_proposed: "Voorgestelde norm",
    rule_label: "Regel voor verplaatste patiënten", rule_nearest: "dichtstbijzijnde locatie", rule_region: "binnen de eigen regio",
    layer_label: "Regio-indeling", layer_none: "(geen regio-indeling in deze database)",
    colour_label: "Kaartkleur", colour_after: "Reistijd na de wijziging", colour_extra: "Extra reistijd door de wijziging",
    compare: "Vergelijken", compare_on: "met een tweede scenario", apply: "Bereken",
    help: "Locaties onder de norm stoppen, tenzij u ze in de tabel behoudt; patiënten gaan naar de dichtstbijzijnde overblijvende locatie (of binnen hun regio).",
    scenario_b: "Scenario B", norm_b_label: "Scenario B: norm per jaar", rule_b_label: "Scenario B: regel",
    permalink: "Link naar dit scenario", report: "Rapport van dit scenario (HTML)", figures: "Kerncijfers", comparison: "Vergelijking van twee scenario's",
    measure: "Maat", difference: "Verschil (B − A)", map_a_note: "Scenario A staat op de grote kaart.",
    map_title: "Kaart: reistijd per postcodegebied (PC4)", map_label: "Kaart van Nederland: reistijd per postcodegebied en de locaties",
    map_b_label: "Kaart van scenario B", export_map: "Exporteer de kaart", map_svg: "Kaart als SVG", map_png: "Kaart als PNG",
    hist_title: "Extra reistijd van verplaatste patiënten", locations: "Locaties",
    table_caption: "Volume in het jaar van de stromen; de norm geldt voor het gemiddelde over het normvenster.",
    th_location: "Locatie", th_kind: "Soort", th_before: "Volume vóór", th_after: "Volume na", th_normvol: "Normvolume vóór",
    th_status: "Status", th_status_b: "Status in B", th_override: "Aanpassing",
    opt_title: "Optimaliseren: welke locaties houden de interventie?",
    opt_help: "De optimalisatie kiest de locaties die allemaal aan de norm voldoen met de minste totale reistijd (GLPK of de snelle heuristiek). Hiervoor is een analistentoken nodig.",
    opt_token: "Analistentoken", opt_minutes: "Hoogstens minuten reistijd (leeg: geen grens)", opt_objective: "Doel",
    obj_total: "minste totale reistijd", obj_max: "kortste langste reistijd", obj_beyond45: "minste patiënten boven 45 minuten",
    opt_run: "Optimaliseer", opt_need_token: "Vul een analistentoken in.", opt_apply: "Neem deze keuze over als scenario",
    opt_summary: (n, m, method, gap) => `${n} locaties open; ${m}; methode ${method}${gap}.`,
    opt_open: "open", opt_closed: "sluit",
    status: {keeps: "behoudt", stops: "stopt", receives: "ontvangt", opens: "start"},
    kind: {umc: "umc", general: "algemeen", children: "kinderziekenhuis", outpatient: "buitenpolikliniek", other: "overig"},
    kept: " (behouden)", by_norm: "volgens norm", keep: "behouden", stop: "laten stoppen",
    override_for: name => "Aanpassing voor " + name, location_status: s => "locatie " + s,
    no_data: "geen gegevens", zero_extra: "0 min (geen extra reistijd)", inhabitants: "inwoners",
    f_locations: "Locaties vóór → na", f_stopping: "Locaties die stoppen", f_patients: "Patiënten", f_displaced: "Verplaatst",
    f_minutes: "Reistijd gem. vóór → na", f_beyond: m => `Inwoners > ${m} min`, f_extra: "Extra minuten gem. (verplaatst)",
    norm_text: (n, basis, year) => `Norm ${n} per jaar (${basis}), jaar ${year}.`,
    basis: {override: "eigen waarde", proposed: "voorgestelde norm", current: "huidige norm"},
    current_norm: (n, src) => `Huidige norm ${n}, bron: ${src}`, proposed_norm: (n, src) => `Voorstel ${n}, bron: ${src}`,
    illustrative: " (illustratief)", unknown_source: "onbekende bron", rule_text: r => r === "region" ? " Regel: binnen de eigen regio." : "",
    no_displaced: "Geen patiënten verplaatst bij deze norm.",
    hist_axis: b => `extra minuten (bakken van ${b})`, hist_y: m => `patiënten (max ${m})`,
    hist_bin: (f, t, n) => `${f}–${t} min extra: ${n} patiënten`,
    hist_shown: "patiënten per bak", hist_suppressed: "1 tot 9 patiënten: getoond als „<10” (kleine aantallen worden niet getoond, privacy); hoogte tot 9",
    hist_note: (n, mean, p90) => `${n} verplaatste patiënten; gemiddeld ${mean} min extra, p90 ${p90} min.`,
    no_proposed: "Voor deze interventie is geen norm voorgesteld.", no_flows: "Deze database bevat geen interventies met patiëntstromen.",
    synthetic_iv: " – synthetisch", scenario: "Scenario", export_name: "locaties",
    t_locations: "Locaties en hun status",
  },
  en: {
    title: "Impact of a volume norm", intervention: "Intervention", norm_label: "Norm (procedures per location per year)",
    presets: "Presets", norm_current: "Current norm", norm_proposed: "Proposed norm",
    rule_label: "Rule for displaced patients", rule_nearest: "nearest location", rule_region: "within their own region",
    layer_label: "Region layer", layer_none: "(no region layer in this database)",
    colour_label: "Map colour", colour_after: "Travel time after the change", colour_extra: "Extra travel time from the change",
    compare: "Compare", compare_on: "with a second scenario", apply: "Calculate",
    help: "Locations below the norm stop unless you keep them in the table; patients go to the nearest remaining location (or within their region).",
    scenario_b: "Scenario B", norm_b_label: "Scenario B: norm per year", rule_b_label: "Scenario B: rule",
    permalink: "Link to this scenario", report: "Report of this scenario (HTML)", figures: "Key figures", comparison: "Two scenarios compared",
    measure: "Measure", difference: "Difference (B − A)", map_a_note: "Scenario A is on the large map.",
    map_title: "Map: travel time per postcode area (PC4)", map_label: "Map of the Netherlands: travel time per postcode area and the locations",
    map_b_label: "Map of scenario B", export_map: "Export the map", map_svg: "Map as SVG", map_png: "Map as PNG",
    hist_title: "Extra travel time of displaced patients", locations: "Locations",
    table_caption: "Volume in the year of the flows; the norm applies to the mean over the norm window.",
    th_location: "Location", th_kind: "Kind", th_before: "Volume before", th_after: "Volume after", th_normvol: "Norm volume before",
    th_status: "Status", th_status_b: "Status in B", th_override: "Override",
    opt_title: "Optimise: which locations keep the intervention?",
    opt_help: "The optimiser chooses the locations that all meet the norm with the least total travel time (GLPK or the fast heuristic). It needs an analyst token.",
    opt_token: "Analyst token", opt_minutes: "At most minutes of travel (empty: no limit)", opt_objective: "Objective",
    obj_total: "least total travel time", obj_max: "shortest longest travel time", obj_beyond45: "fewest patients beyond 45 minutes",
    opt_run: "Optimise", opt_need_token: "Enter an analyst token.", opt_apply: "Use this choice as the scenario",
    opt_summary: (n, m, method, gap) => `${n} locations open; ${m}; method ${method}${gap}.`,
    opt_open: "open", opt_closed: "closes",
    status: {keeps: "keeps", stops: "stops", receives: "receives", opens: "opens"},
    kind: {umc: "university hospital", general: "general", children: "children's hospital", outpatient: "outpatient clinic", other: "other"},
    kept: " (kept)", by_norm: "by the norm", keep: "keep", stop: "stop",
    override_for: name => "Override for " + name, location_status: s => "location " + s,
    no_data: "no data", zero_extra: "0 min (no extra travel)", inhabitants: "inhabitants",
    f_locations: "Locations before → after", f_stopping: "Locations that stop", f_patients: "Patients", f_displaced: "Displaced",
    f_minutes: "Mean travel before → after", f_beyond: m => `Inhabitants > ${m} min`, f_extra: "Mean extra minutes (displaced)",
    norm_text: (n, basis, year) => `Norm ${n} per year (${basis}), year ${year}.`,
    basis: {override: "own value", proposed: "proposed norm", current: "current norm"},
    current_norm: (n, src) => `Current norm ${n}, source: ${src}`, proposed_norm: (n, src) => `Proposal ${n}, source: ${src}`,
    illustrative: " (illustrative)", unknown_source: "unknown source", rule_text: r => r === "region" ? " Rule: within their own region." : "",
    no_displaced: "No patients displaced at this norm.",
    hist_axis: b => `extra minutes (bins of ${b})`, hist_y: m => `patients (max ${m})`,
    hist_bin: (f, t, n) => `${f}–${t} min extra: ${n} patients`,
    hist_shown: "patients per bin", hist_suppressed: "1 to 9 patients: shown as “<10” (small counts are not shown, privacy); height up to 9",
    hist_note: (n, mean, p90) => `${n} displaced patients; mean ${mean} min extra, p90 ${p90} min.`,
    no_proposed: "No norm has been proposed for this intervention.", no_flows: "This database has no interventions with patient flows.",
    synthetic_iv: " – synthetic", scenario: "Scenario", export_name: "locations",
    t_locations: "Locations and their status",
  },
});

/* Intervention names in Dutch for the sample's codes (the data carry English names). */
const IV_NL = {PANC: "Pancreasresectie", OESO_STOM: "Slokdarm- en maagresectie", LUNG: "Longresectie",
               KIDNEY: "Nierresectie", HEADNECK: "Hoofd-halschirurgie", AAA: "Aneurysma van de abdominale aorta",
               CEA: "Carotisendarteriëctomie"};

const COLOURS_AFTER = [[15, "#ffffcc"], [30, "#fed976"], [45, "#fd8d3c"], [60, "#e31a1c"], [Infinity, "#800026"]];
/* Extra minutes: areas whose patients travel no further get a clear green of their own,
 * distinct from the grey of "no data" and from the sea, so no region vanishes. */
const COLOURS_EXTRA = [[0.05, "#a6dba0"], [5, "#fee391"], [15, "#fe9929"], [30, "#cc4c02"], [Infinity, "#662506"]];
const STATUS_COLOUR = {keeps: "#3d4a57", stops: "#b3261e", receives: "#0b6e4f", opens: "#6a3fb5"};

const state = {interventions: [], locations: new Map(), overrides: new Map(), map: null, mapB: null,
               last: null, lastB: null, pending: null, layers: [], drawHooks: []};
const $ = id => document.getElementById(id);
const t = (k, ...a) => ZL.t(k, ...a);

/* For web/choice.js and other additions: the page state, a re-run and a hook after drawing. */
window.ZLImpact = {state, run: () => run(), onDraw: fn => state.drawHooks.push(fn)};

function ivName(iv) {
  return ZL.lang() === "nl" && IV_NL[iv.code] ? IV_NL[iv.code] : iv.name;
}

function bucket(v, scale) {
  if (v === null || v === undefined) return null;
  for (const [upto, c] of scale) if (v < upto) return c;
  return scale[scale.length - 1][1];
}

function legendItems(byExtra) {
  const scale = byExtra ? COLOURS_EXTRA : COLOURS_AFTER;
  const items = [];
  let lo = 0;
  for (const [upto, c] of scale) {
    const label = byExtra && upto === 0.05 ? t("zero_extra") : upto === Infinity ? `${lo}+ min` : `${lo}–${upto} min`;
    items.push({type: "area", colour: c, label});
    lo = upto === 0.05 ? 0 : upto;
  }
  items.push({type: "area", colour: ZLMap.NO_DATA, label: t("no_data")});
  for (const s of ["keeps", "receives", "stops"])
    items.push({type: "marker", cls: s, colour: STATUS_COLOUR[s], label: t("location_status", t("status")[s])});
  return items;
}

function paintMap(m, r) {
  if (!m || !r) return;
  const byExtra = $("colour-by").value === "extra";
  const a = r.areas;
  const at = new Map();
  for (let i = 0; i < a.pc4.length; i++) at.set(a.pc4[i], i);
  m.setAreas(pc4 => {
    const i = at.get(pc4);
    if (i === undefined) return null;
    const before = a.minutes_before[i], after = a.minutes_after[i];
    const v = byExtra ? (before === null || after === null ? null : Math.max(0, after - before)) : after;
    return {fill: bucket(v, byExtra ? COLOURS_EXTRA : COLOURS_AFTER),
            title: `PC4 ${pc4}: ${ZL.fmt(before, 1)} → ${ZL.fmt(after, 1)} min (${ZL.fmt(a.population[i])} ${t("inhabitants")})`};
  });
  const marks = [];
  for (const l of r.locations) {
    const loc = state.locations.get(l.id);
    if (!loc) continue;
    marks.push({id: l.id, lat: loc.lat, lon: loc.lon, label: l.name, cls: l.status, colour: STATUS_COLOUR[l.status],
                detail: `${t("status")[l.status]} (${ZL.count(l.volume_before)} → ${ZL.count(l.volume_after)})`});
  }
  m.setMarkers(marks, item => {
    const sel = document.querySelector(`#locations tbody tr[data-id="${item.id}"] select`);
    if (sel) sel.scrollIntoView({block: "nearest"});
  });
}

function drawMap(r) {
  if (!state.map) return;
  paintMap(state.map, r);
  state.map.legend($("map-legend"), legendItems($("colour-by").value === "extra"));
  $("map").dataset.norm = r.norm;
}

function drawHistogram(r) {
  const bins = r.histogram.bins;
  const box = $("histogram");
  if (!bins.length || !r.patients.displaced) {
    box.replaceChildren(ZL.el("p", {class: "muted", id: "hist-empty"}, t("no_displaced")));
    $("hist-note").textContent = "";
    $("hist-legend").replaceChildren();
    return;
  }
  const W = 420, H = 230, pad = 36, max = Math.max(9, ...bins.map(b => b.patients || 0));
  const bw = (W - pad - 8) / bins.length;
  const svg = ZL.el("svg", {viewBox: `0 0 ${W} ${H}`, class: "histogram", role: "img", "aria-labelledby": "hist-title"});
  const pattern = ZL.el("pattern", {id: "hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse",
                                    patternTransform: "rotate(45)"},
    ZL.el("rect", {width: 6, height: 6, fill: "#dbe4ee"}), ZL.el("line", {x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#0b5cad", "stroke-width": 3}));
  svg.append(ZL.el("defs", {}, pattern));
  const scaleY = (H - pad - 22) / max;
  bins.forEach((b, i) => {
    const suppressed = b.patients === null;
    /* A suppressed bin holds 1 to 9 patients: drawn hatched up to 9, labelled "<10". */
    const h = (suppressed ? 9 : b.patients) * scaleY;
    const x = pad + i * bw + 1;
    const rect = ZL.el("rect", {x: x.toFixed(1), y: (H - pad - h).toFixed(1), width: Math.max(1, bw - 2).toFixed(1),
                                height: h.toFixed(1), fill: suppressed ? "url(#hatch)" : "#0b5cad",
                                stroke: suppressed ? "#0b5cad" : "none", "stroke-width": 0.8,
                                class: suppressed ? "suppressed" : "shown"});
    rect.append(ZL.el("title", {text: t("hist_bin", b.from, b.to, ZL.count(b.patients))}));
    svg.append(rect);
    if (suppressed && bw >= 9)
      svg.append(ZL.el("text", {x: (x + bw / 2 - 1).toFixed(1), y: (H - pad - h - 3).toFixed(1), "font-size": 7,
                                "text-anchor": "middle", fill: "#1b1f24", class: "lt10", text: "<10"}));
    if (bins.length <= 12 || i % Math.ceil(bins.length / 12) === 0)
      svg.append(ZL.el("text", {x: (pad + i * bw).toFixed(1), y: H - pad + 14, "font-size": 10, fill: "#1b1f24", text: b.from}));
  });
  svg.append(ZL.el("line", {x1: pad, y1: H - pad, x2: W - 4, y2: H - pad, stroke: "#1b1f24"}));
  svg.append(ZL.el("text", {x: pad, y: H - 6, "font-size": 11, fill: "#1b1f24", text: t("hist_axis", r.histogram.bin_minutes)}));
  svg.append(ZL.el("text", {x: 2, y: 12, "font-size": 11, fill: "#1b1f24", text: t("hist_y", max)}));
  box.replaceChildren(svg);
  const sw = cls => ZL.el("span", {class: "swatch " + cls, "aria-hidden": "true"});
  const items = [ZL.el("span", {class: "legend-item"}, sw("hist-shown"), t("hist_shown"))];
  if (bins.some(b => b.patients === null))
    items.push(ZL.el("span", {class: "legend-item", id: "hist-suppressed-legend"}, sw("hist-suppressed"), t("hist_suppressed")));
  $("hist-legend").replaceChildren(...items);
  $("hist-note").textContent = t("hist_note", ZL.count(r.patients.displaced), ZL.fmt(r.patients.extra_minutes.mean, 1),
                                 ZL.fmt(r.patients.extra_minutes.p90, 1));
}

function figureList(r) {
  const beyond = r.population_beyond.find(b => b.minutes === 45) || r.population_beyond[0];
  return [
    {k: t("f_locations"), v: `${r.summary.offering_before} → ${r.summary.offering_after}`, n: r.summary.offering_after},
    {k: t("f_stopping"), v: String(r.summary.stopping), n: r.summary.stopping},
    {k: t("f_patients"), v: ZL.count(r.patients.total), n: r.patients.total},
    {k: t("f_displaced"), v: ZL.count(r.patients.displaced), n: r.patients.displaced},
    {k: t("f_minutes"), v: `${ZL.fmt(r.patients.minutes_before.mean, 1)} → ${ZL.fmt(r.patients.minutes_after.mean, 1)} min`,
     n: r.patients.minutes_after.mean, digits: 1},
    {k: t("f_beyond", beyond.minutes), v: `${ZL.fmt(beyond.before)} → ${ZL.fmt(beyond.after)}`, n: beyond.after},
  ];
}

function drawFigures(r) {
  $("figures").replaceChildren(...figureList(r).map(f =>
    ZL.el("div", {class: "figure"}, ZL.el("div", {class: "v"}, f.v), ZL.el("div", {class: "k"}, f.k))));
  const iv = r.intervention;
  let text = t("norm_text", r.norm, t("basis")[r.norm_basis] || r.norm_basis, r.year) + t("rule_text", r.rule) + " " +
    t("current_norm", iv.norm, iv.norm_source || t("unknown_source")) + (iv.norm_illustrative ? t("illustrative") : "") + ".";
  if (iv.proposed_norm !== null && iv.proposed_norm !== undefined)
    text += " " + t("proposed_norm", iv.proposed_norm, iv.proposed_source || t("unknown_source")) +
      (iv.proposed_illustrative ? t("illustrative") : "") + ".";
  $("norm-source").textContent = text;
}

function overrideSelect(id) {
  const sel = ZL.el("select", {"aria-label": t("override_for", (state.locations.get(id) || {name: id}).name), "data-id": id},
    ZL.el("option", {value: ""}, t("by_norm")),
    ZL.el("option", {value: "keep"}, t("keep")),
    ZL.el("option", {value: "stop"}, t("stop")));
  sel.value = state.overrides.get(id) || "";
  sel.addEventListener("change", () => {
    if (sel.value) state.overrides.set(id, sel.value); else state.overrides.delete(id);
    run();
  });
  return sel;
}

function drawTable(r, rb) {
  const statusB = new Map((rb ? rb.locations : []).map(l => [l.id, l.status]));
  $("th-status-b").hidden = !rb;
  const rows = r.locations.map(l => ZL.el("tr", {"data-id": l.id, "data-status": l.status},
    ZL.el("th", {scope: "row"}, l.name),
    ZL.el("td", {}, t("kind")[l.kind] || l.kind || ""),
    ZL.el("td", {class: "num"}, ZL.count(l.volume_before)),
    ZL.el("td", {class: "num"}, ZL.count(l.volume_after)),
    ZL.el("td", {class: "num"}, ZL.fmt(l.norm_volume_before, 1)),
    ZL.el("td", {class: "status status-" + l.status}, t("status")[l.status] + (l.kept ? t("kept") : "")),
    rb ? ZL.el("td", {class: "status status-b status-" + statusB.get(l.id)}, t("status")[statusB.get(l.id)] || "–") : null,
    ZL.el("td", {}, overrideSelect(l.id))));
  $("locations").tBodies[0].replaceChildren(...rows);
}

/* The table as shown, for the CSV and Excel exports. */
function tableForExport() {
  const r = state.last, rb = state.lastB;
  const columns = [t("th_location"), "id", t("th_kind"), t("th_before"), t("th_after"), t("th_normvol"), t("th_status")];
  if (rb) columns.push(t("th_status_b"));
  const statusB = new Map((rb ? rb.locations : []).map(l => [l.id, l.status]));
  const rows = r.locations.map(l => {
    const row = [l.name, l.id, t("kind")[l.kind] || l.kind, l.volume_before === null ? "<10" : l.volume_before,
                 l.volume_after === null ? "<10" : l.volume_after, l.norm_volume_before,
                 t("status")[l.status] + (l.kept ? t("kept") : "")];
    if (rb) row.push(t("status")[statusB.get(l.id)] || "");
    return row;
  });
  return {title: `${t("t_locations")}: ${ivName(r.intervention)}, ${t("norm_label")} ${r.norm}, ${r.year}`,
          columns, rows, synthetic: !!r.synthetic};
}

function drawComparison(r, rb) {
  $("comparison").hidden = !rb;
  $("controls-b").hidden = !$("compare").checked;
  if (!rb) return;
  const label = x => `${t("scenario")} ${x === r ? "A" : "B"}: ${x.norm}${x.rule === "region" ? ", " + t("rule_region") : ""}`;
  $("cmp-a").textContent = label(r);
  $("cmp-b").textContent = label(rb);
  $("map-a-title").textContent = label(r);
  $("map-b-title").textContent = label(rb);
  const fa = figureList(r), fb = figureList(rb);
  const rows = fa.map((f, i) => {
    const d = fb[i].n !== null && f.n !== null ? fb[i].n - f.n : null;
    return ZL.el("tr", {}, ZL.el("th", {scope: "row"}, f.k), ZL.el("td", {class: "num"}, f.v),
                 ZL.el("td", {class: "num"}, fb[i].v),
                 ZL.el("td", {class: "num"}, d === null ? "–" : (d > 0 ? "+" : "") + ZL.fmt(d, f.digits || 0)));
  });
  $("cmp-table").tBodies[0].replaceChildren(...rows);
  if (!state.mapB) {
    state.mapB = "loading";
    ZLMap.create($("map-b"), {label: t("map_b_label")}).then(m => { state.mapB = m; paintMap(m, state.lastB); })
      .catch(e => ZL.showError($("messages"), e));
  } else if (state.mapB !== "loading") {
    paintMap(state.mapB, rb);
  }
}

function draw(r, rb) {
  state.last = r;
  state.lastB = rb || null;
  ZL.synthetic(!!r.synthetic || !!(rb && rb.synthetic));
  $("messages").replaceChildren();
  drawFigures(r);
  drawMap(r);
  drawHistogram(r);
  drawTable(r, rb);
  drawComparison(r, rb);
  for (const fn of state.drawHooks) fn(r, rb);
}

/* ---- the scenario and the URL ---- */

function scenario() {
  const s = {intervention: $("intervention").value, rule: $("rule").value, layer: $("layer").value,
             keep: [...state.overrides].filter(([, v]) => v === "keep").map(([k]) => k),
             stop: [...state.overrides].filter(([, v]) => v === "stop").map(([k]) => k),
             norm: $("norm").value.trim(), colour: $("colour-by").value, compare: $("compare").checked,
             bnorm: $("norm-b").value.trim(), brule: $("rule-b").value};
  return s;
}

function writeUrl(s) {
  const p = new URLSearchParams();
  p.set("intervention", s.intervention);
  if (s.norm !== "") p.set("norm", s.norm);
  if (s.rule !== "nearest") { p.set("rule", s.rule); if (s.layer) p.set("layer", s.layer); }
  if (s.keep.length) p.set("keep", s.keep.join(","));
  if (s.stop.length) p.set("stop", s.stop.join(","));
  if (s.colour !== "after") p.set("colour", s.colour);
  if (s.compare) {
    p.set("compare", "1");
    if (s.bnorm !== "") p.set("bnorm", s.bnorm);
    if (s.brule !== "nearest") p.set("brule", s.brule);
  }
  const cur = new URLSearchParams(location.search);
  if (cur.get("lang")) p.set("lang", cur.get("lang"));
  const url = location.pathname + "?" + p.toString();
  history.replaceState(null, "", url);
  $("permalink").href = url;
  $("report").href = reportUrl(s);
}

/* The report of the scenario on the page (GET /api/v1/report/impact, built by the server):
 * norm, rule, the region layer of the region rule, and the kept and stopped locations. */
function reportUrl(s) {
  const p = new URLSearchParams({intervention: s.intervention});
  if (s.norm !== "") p.set("norm", s.norm);
  p.set("rule", s.rule);
  if (s.rule === "region" && s.layer) p.set("region_layer", s.layer);
  if (s.keep.length) p.set("keep", s.keep.join(","));
  if (s.stop.length) p.set("stop", s.stop.join(","));
  return "/api/v1/report/impact?" + p.toString();
}

function readUrl() {
  const p = new URLSearchParams(location.search);
  const iv = p.get("intervention");
  if (iv && state.interventions.some(i => i.code === iv.toUpperCase())) $("intervention").value = iv.toUpperCase();
  if (p.get("norm") && /^\d+$/.test(p.get("norm"))) $("norm").value = p.get("norm");
  if (p.get("rule") === "region") $("rule").value = "region";
  if (p.get("layer") && state.layers.includes(p.get("layer"))) $("layer").value = p.get("layer");
  for (const [key, v] of [["keep", "keep"], ["stop", "stop"]])
    for (const id of (p.get(key) || "").split(",").filter(Boolean)) state.overrides.set(id, v);
  if (p.get("colour") === "extra") $("colour-by").value = "extra";
  if (p.get("compare") === "1") {
    $("compare").checked = true;
    if (p.get("bnorm") && /^\d+$/.test(p.get("bnorm"))) $("norm-b").value = p.get("bnorm");
    if (p.get("brule") === "region") $("rule-b").value = "region";
  }
}

function body(s, norm, rule) {
  const b = {intervention: s.intervention, map: true, keep: s.keep, stop: s.stop};
  if (norm !== "") b.norm = Number(norm);
  b.rule = rule; /* explicit: without it the API uses its default rule (docs/choice.md) */
  if (rule === "region") b.region_layer = s.layer;
  return b;
}

/* The first impact request leaves with the page's other requests, built from the
 * scenario in the URL and the form's defaults (the intervention list is not needed to
 * send it); run() takes its answer only when the filled-in form asks for exactly the same
 * body. Region rule and comparisons wait for the lists. */
function earlyImpact() {
  const p = new URLSearchParams(location.search);
  const iv = (p.get("intervention") || "").toUpperCase();
  if (!iv || p.get("rule") === "region" || p.get("compare") === "1") return null;
  const ids = key => (p.get(key) || "").split(",").filter(Boolean);
  const norm = /^\d+$/.test(p.get("norm") || "") ? p.get("norm") : "";
  const b = body({intervention: iv, keep: ids("keep"), stop: ids("stop")}, norm, $("rule").value);
  const answer = ZL.api("/impact", {body: b});
  answer.catch(() => {}); /* handled where it is used; unused, its failure is nobody's error */
  return {key: JSON.stringify(b), answer};
}

function impactRequest(b, signal) {
  const early = state.early;
  state.early = null;
  if (early && early.key === JSON.stringify(b)) return early.answer;
  return ZL.api("/impact", {body: b, signal});
}

async function run() {
  const s = scenario();
  if (state.pending) state.pending.abort();
  const ctl = new AbortController();
  state.pending = ctl;
  $("apply").disabled = true;
  try {
    const ra = impactRequest(body(s, s.norm, s.rule), ctl.signal);
    const rb = s.compare ? ZL.api("/impact", {body: body(s, s.bnorm !== "" ? s.bnorm : s.norm, s.brule), signal: ctl.signal})
                         : Promise.resolve(null);
    const [a, b] = await Promise.all([ra, rb]);
    if (ctl.signal.aborted) return; /* a newer run owns the page (the early answer has no signal) */
    if ($("norm").value.trim() === "") $("norm").value = a.norm;
    if (b && $("norm-b").value.trim() === "") $("norm-b").value = b.norm;
    draw(a, b);
    writeUrl(scenario());
  } catch (e) {
    if (e.name !== "AbortError") ZL.showError($("messages"), e);
  } finally {
    if (state.pending === ctl) { state.pending = null; $("apply").disabled = false; }
  }
}

function selectedIntervention() {
  return state.interventions.find(i => i.code === $("intervention").value);
}

/* ---- the optimiser ---- */

async function optimise(ev) {
  ev.preventDefault();
  const token = $("opt-token").value.trim() || sessionStorage.getItem("zl-analyst-token");
  if (!token) { ZL.showError($("opt-messages"), new Error(t("opt_need_token"))); return; }
  sessionStorage.setItem("zl-analyst-token", token);
  $("opt-token").value = "";
  const s = scenario();
  const b = {intervention: s.intervention, objective: $("opt-objective").value, keep: s.keep, exclude: s.stop};
  if (s.norm !== "") b.norm = Number(s.norm);
  if ($("opt-minutes").value.trim() !== "") b.max_minutes = Number($("opt-minutes").value);
  if (s.rule === "region" && s.layer) b.min_per_region = s.layer;
  $("opt-run").disabled = true;
  $("opt-messages").replaceChildren();
  try {
    const r = await ZL.api("/optimise", {body: b, token});
    const gap = r.proven_optimal ? "" : `, gap ${ZL.fmt(100 * (r.gap || 0), 2)}%`;
    const m = `${ZL.fmt(r.objectives.total_minutes)} min, max ${ZL.fmt(r.objectives.max_minutes, 1)} min, > 45 min: ${ZL.fmt(r.objectives.beyond45)}`;
    const list = ZL.el("ul", {id: "opt-locations"}, r.locations.filter(l => l.candidate).map(l =>
      ZL.el("li", {"data-id": l.id, "data-open": l.open ? "1" : "0"},
        `${l.name}: ${l.open ? t("opt_open") : t("opt_closed")} (${ZL.fmt(l.volume_before)} → ${ZL.fmt(l.volume_after)})`)));
    const apply = ZL.el("button", {type: "button", class: "secondary", id: "opt-apply", onclick: () => {
      state.overrides.clear();
      for (const l of r.locations) if (l.candidate) state.overrides.set(l.id, l.open ? "keep" : "stop");
      run();
    }}, t("opt_apply"));
    $("opt-result").replaceChildren(ZL.el("p", {id: "opt-summary"}, t("opt_summary", r.open, m, r.method, gap)), list, apply);
  } catch (e) {
    if (e.status === 401 || e.status === 403) sessionStorage.removeItem("zl-analyst-token");
    ZL.showError($("opt-messages"), e);
  } finally {
    $("opt-run").disabled = false;
  }
}

/* ---- start ---- */

function fillInterventions() {
  const v = $("intervention").value;
  $("intervention").replaceChildren(...state.interventions.map(i =>
    ZL.el("option", {value: i.code}, `${ivName(i)} (${i.code})${i.synthetic ? t("synthetic_iv") : ""}`)));
  if (v) $("intervention").value = v;
}

function fillLayers() {
  const opts = state.layers.map(l => ZL.el("option", {value: l}, l));
  if (!opts.length) opts.push(ZL.el("option", {value: ""}, t("layer_none")));
  $("layer").replaceChildren(...opts);
  $("rule").querySelector('option[value="region"]').disabled = !state.layers.length;
  $("rule-b").querySelector('option[value="region"]').disabled = !state.layers.length;
}

async function init() {
  state.early = earlyImpact();
  try {
    const [ivs, locs, regions] = await Promise.all([ZL.api("/interventions"), ZL.api("/locations"), ZL.api("/regions")]);
    state.interventions = ivs.interventions.filter(i => i.flow_years);
    for (const l of locs.locations) state.locations.set(l.id, l);
    state.layers = [...new Set(regions.regions.map(g => g.layer))].sort();
    if (!state.interventions.length) throw new Error(t("no_flows"));
    fillInterventions();
    fillLayers();
    readUrl();
  } catch (e) {
    ZL.showError($("messages"), e);
    return;
  }
  $("controls").addEventListener("submit", ev => { ev.preventDefault(); run(); });
  $("norm").addEventListener("change", run);
  $("norm-b").addEventListener("change", run);
  $("rule").addEventListener("change", run);
  $("rule-b").addEventListener("change", run);
  $("layer").addEventListener("change", () => $("rule").value === "region" && run());
  $("compare").addEventListener("change", run);
  $("intervention").addEventListener("change", () => {
    $("norm").value = ""; $("norm-b").value = ""; state.overrides.clear(); run();
  });
  $("colour-by").addEventListener("change", () => {
    if (state.last) { drawMap(state.last); if (state.mapB && state.mapB !== "loading") paintMap(state.mapB, state.lastB); }
    writeUrl(scenario());
  });
  $("norm-current").addEventListener("click", () => { $("norm").value = selectedIntervention().norm.per_year; run(); });
  $("norm-proposed").addEventListener("click", () => {
    const p = selectedIntervention().proposed;
    if (p) { $("norm").value = p.norm; run(); }
    else ZL.showError($("messages"), new Error(t("no_proposed")));
  });
  $("opt-form").addEventListener("submit", optimise);
  $("map-svg").addEventListener("click", () => state.map && state.map.download("svg", `kaart-${$("intervention").value}.svg`));
  $("map-png").addEventListener("click", () => state.map && state.map.download("png", `kaart-${$("intervention").value}.png`));
  $("table-exports").replaceChildren(ZL.exportButtons(tableForExport,
    () => `${t("export_name")}-${$("intervention").value}-${state.last ? state.last.norm : ""}`));
  ZL.onLanguage(() => {
    fillInterventions();
    fillLayers();
    if (state.last) draw(state.last, state.lastB);
  });
  run(); // the impact request first: it is answered while the map is being built
  ZLMap.create($("map"), {label: t("map_label")})
    .then(m => { state.map = m; if (state.last) drawMap(state.last); })
    .catch(e => ZL.showError($("messages"), e));
}

document.addEventListener("DOMContentLoaded", init);
