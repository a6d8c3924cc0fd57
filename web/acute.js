// The acute-care page: minutes to the nearest emergency department or acute obstetrics by
// ambulance per PC4 (45-minute classes), the ambulance posts, the sensitive locations, a
// scenario in which clicked locations close, and the municipalities beyond the norm. All
// numbers come from GET /api/v1/acute/reach; this page only draws them.
"use strict";

const CLASSES = [[15, "#1a9850"], [30, "#a6d96a"], [45, "#fee08b"], [60, "#f46d43"], [Infinity, "#a50026"]];
const MARK = {open: "#0b5cad", sensitive: "#d97706", closed: "#b3261e", post: "#5f6b7a"};
const state = {closed: new Set(), map: null, last: null, posts: [], pending: null};

ZL.texts({
  nl: {
    acute_title: "Acute zorg binnen 45 minuten", acute_function: "Functie", acute_norm: "Norm (minuten)",
    fn_seh_24h: "SEH 24/7", fn_acute_obstetrics: "Acute verloskunde", fn_seh_day_evening: "SEH dag/avond",
    acute_apply: "Bereken", acute_reset: "Alle locaties open",
    acute_help: "Zoals het RIVM rekent: aanrijden vanaf de dichtstbijzijnde 24-uurs ambulancepost, 3 min melding en uitruk, 10 min ter plaatse en vervoer naar de dichtstbijzijnde locatie met de functie. Klik op een locatie om haar in dit scenario te sluiten (of weer te openen).",
    acute_figures: "Kerncijfers", acute_map: "Kaart: minuten tot de dichtstbijzijnde locatie per ambulance (PC4)",
    acute_mun: "Gemeenten met inwoners buiten de norm", acute_sens: "Gevoelige locaties",
    acute_sens_caption: "Inwoners die buiten de norm vallen als deze locatie ook sluit.",
    col_municipality: "Gemeente", col_province: "Provincie", col_inhabitants: "Inwoners", col_beyond: "Buiten de norm",
    col_location: "Locatie", col_increase: "Extra buiten de norm", col_scenario: "Scenario",
    acute_source: "Bron: RIVM, standplaatsen ambulances en ziekenhuisfuncties maart 2019; reistijden met het gekalibreerde hemelsbrede model met veerdiensten (docs/acute.md, docs/travel.md). Echte gegevens, niet synthetisch.",
    f_open: "Locaties open", f_inhabitants: "Inwoners", f_beyond: m => `Buiten ${m} min (ambulance)`,
    f_car: m => `Buiten ${m} min (auto)`, f_sensitive: "Gevoelige locaties", f_posts: "Ambulanceposten (24 uur)",
    closed_note: names => "Gesloten in dit scenario: " + names + ".", open_note: d => `Peildatum ${d}; alle locaties open.`,
    close: "Sluiten", reopen: "Openen", m_open: "locatie open", m_sensitive: "gevoelige locatie",
    m_closed: "gesloten in scenario", m_post: "ambulancepost (24 uur)", post: "Ambulancepost", post_detail: "24 uur beschikbaar",
    more_than: lo => `meer dan ${lo} min`, detail_closed: "gesloten – klik om te openen",
    detail_open: n => `+${n} buiten de norm bij sluiting – klik om te sluiten`,
    area_title: (pc4, t, r, v, c, p) => `PC4 ${pc4}: ${t} min (aanrijden ${r}, vervoer ${v}; auto ${c}), ${p} inwoners`,
    map_label: "Kaart van Nederland: minuten tot de dichtstbijzijnde acute locatie per postcodegebied",
  },
  en: {
    acute_title: "Acute care within 45 minutes", acute_function: "Function", acute_norm: "Norm (minutes)",
    fn_seh_24h: "Emergency department 24/7", fn_acute_obstetrics: "Acute obstetrics", fn_seh_day_evening: "Emergency department day/evening",
    acute_apply: "Calculate", acute_reset: "All locations open",
    acute_help: "As RIVM computes it: the drive from the nearest ambulance post staffed around the clock, 3 min dispatch, 10 min on scene and the transport to the nearest location with the function. Click a location to close it in this scenario (or to open it again).",
    acute_figures: "Key figures", acute_map: "Map: minutes to the nearest location by ambulance (PC4)",
    acute_mun: "Municipalities with inhabitants beyond the norm", acute_sens: "Sensitive locations",
    acute_sens_caption: "Inhabitants who fall beyond the norm if this location closes as well.",
    col_municipality: "Municipality", col_province: "Province", col_inhabitants: "Inhabitants", col_beyond: "Beyond the norm",
    col_location: "Location", col_increase: "Extra beyond the norm", col_scenario: "Scenario",
    acute_source: "Source: RIVM, ambulance posts and hospital functions March 2019; travel times from the calibrated straight-line model with ferries (docs/acute.md, docs/travel.md). Real data, not synthetic.",
    f_open: "Locations open", f_inhabitants: "Inhabitants", f_beyond: m => `Beyond ${m} min (ambulance)`,
    f_car: m => `Beyond ${m} min (car)`, f_sensitive: "Sensitive locations", f_posts: "Ambulance posts (24 h)",
    closed_note: names => "Closed in this scenario: " + names + ".", open_note: d => `Reference date ${d}; all locations open.`,
    close: "Close", reopen: "Open", m_open: "location open", m_sensitive: "sensitive location",
    m_closed: "closed in scenario", m_post: "ambulance post (24 h)", post: "Ambulance post", post_detail: "available 24 hours",
    more_than: lo => `more than ${lo} min`, detail_closed: "closed – click to open",
    detail_open: n => `+${n} beyond the norm if closed – click to close`,
    area_title: (pc4, t, r, v, c, p) => `PC4 ${pc4}: ${t} min (response ${r}, transport ${v}; car ${c}), ${p} inhabitants`,
    map_label: "Map of the Netherlands: minutes to the nearest acute location per postcode area",
  },
});
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
    items.push({type: "area", colour: c, label: upto === Infinity ? ZL.t("more_than", lo) : `${lo}–${upto} min`});
    lo = upto;
  }
  for (const k of ["open", "sensitive", "closed", "post"])
    items.push({type: "marker", cls: k, colour: MARK[k], label: ZL.t("m_" + k)});
  state.map.legend($("map-legend"), items);
}

function drawMap(r) {
  if (!state.map) return;
  const at = new Map(r.areas.map(a => [a.pc4, a]));
  state.map.setAreas(pc4 => {
    const a = at.get(pc4);
    if (!a) return null;
    return {fill: colour(a.total),
            title: ZL.t("area_title", pc4, ZL.fmt(a.total, 1), ZL.fmt(a.response, 1), ZL.fmt(a.transport, 1),
                        ZL.fmt(a.car, 1), ZL.fmt(a.population))};
  });
  drawLegend(r.minutes);
  const sens = new Set(r.sensitive.map(s => s.id));
  const marks = r.locations.map(l => {
    const cls = l.closed ? "closed" : sens.has(l.id) ? "sensitive" : "open";
    /* Above the ambulance posts: a post in the same town must not catch the click that
     * closes the hospital. */
    return {id: l.id, lat: l.lat, lon: l.lon, label: l.name, cls, colour: MARK[cls], z: 1000,
            detail: l.closed ? ZL.t("detail_closed") : ZL.t("detail_open", ZL.fmt(l.increase))};
  });
  for (const p of state.posts)
    marks.push({id: "post:" + p.name, lat: p.lat, lon: p.lon, label: ZL.t("post") + " " + p.name, cls: "post",
                colour: MARK.post, detail: ZL.t("post_detail")});
  state.map.setMarkers(marks, item => { if (!item.id.startsWith("post:")) toggle(item.id); });
  $("map").dataset.beyond = r.population_beyond;
}

function drawFigures(r) {
  const figs = [
    [ZL.t("f_open"), r.locations_open],
    [ZL.t("f_inhabitants"), ZL.fmt(r.population_total)],
    [ZL.t("f_beyond", r.minutes), `${ZL.fmt(r.population_beyond)} (${ZL.fmt(r.share_beyond, 2)} %)`],
    [ZL.t("f_car", r.car_30.minutes), `${ZL.fmt(r.car_30.population_beyond)} (${ZL.fmt(r.car_30.share_beyond, 2)} %)`],
    [ZL.t("f_sensitive"), r.sensitive.length],
    [ZL.t("f_posts"), r.ambulance_posts],
  ];
  $("figures").replaceChildren(...figs.map(([k, v]) =>
    ZL.el("div", {class: "figure"}, ZL.el("div", {class: "v"}, String(v)), ZL.el("div", {class: "k"}, k))));
  const names = r.locations.filter(l => l.closed).map(l => l.name);
  $("closed-note").textContent = names.length ? ZL.t("closed_note", names.join(", ")) : ZL.t("open_note", r.date);
}

function drawTables(r) {
  $("municipalities").tBodies[0].replaceChildren(...r.municipalities.map(m =>
    ZL.el("tr", {"data-name": m.name}, ZL.el("th", {scope: "row"}, m.name), ZL.el("td", {}, m.province),
          ZL.el("td", {class: "num"}, ZL.fmt(m.population)), ZL.el("td", {class: "num"}, ZL.fmt(m.population_beyond)))));
  $("sensitive").tBodies[0].replaceChildren(...r.sensitive.map(s =>
    ZL.el("tr", {"data-id": s.id}, ZL.el("th", {scope: "row"}, s.name), ZL.el("td", {class: "num"}, "+" + ZL.fmt(s.increase)),
          ZL.el("td", {}, ZL.el("button", {type: "button", class: "secondary", onclick: () => toggle(s.id)}, ZL.t("close"))))));
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
    linkScenario();
  } catch (e) {
    if (e.name !== "AbortError") ZL.showError($("messages"), e);
  } finally {
    if (state.pending === ctl) { state.pending = null; $("apply").disabled = false; }
  }
}

/* The drawn scenario in the address bar, so it can be linked and reloaded. */
function linkScenario() {
  const p = new URLSearchParams({function: $("function").value});
  if (($("minutes").value || "45") !== "45") p.set("minutes", $("minutes").value);
  if (state.closed.size) p.set("close", [...state.closed].join(","));
  const lang = new URLSearchParams(location.search).get("lang");
  if (lang) p.set("lang", lang);
  history.replaceState(null, "", location.pathname + "?" + p);
}

function init() {
  /* A scenario can be linked: ?function=seh_24h&close=ID,ID */
  const q = new URLSearchParams(location.search);
  if (q.get("function")) $("function").value = q.get("function");
  if (q.get("minutes")) $("minutes").value = q.get("minutes");
  for (const id of (q.get("close") || "").split(",")) if (id) state.closed.add(id);
  $("controls").addEventListener("submit", ev => { ev.preventDefault(); run(); });
  $("function").addEventListener("change", () => { state.closed.clear(); run(); });
  $("reset").addEventListener("click", () => { state.closed.clear(); run(); });
  ZL.onLanguage(() => { if (state.last) { drawFigures(state.last); drawTables(state.last); drawMap(state.last); } });
  ZLMap.create($("map"), {label: ZL.t("map_label")})
    .then(m => { state.map = m; if (state.last) drawMap(state.last); })
    .catch(e => ZL.showError($("messages"), e));
  run();
}

document.addEventListener("DOMContentLoaded", init);
