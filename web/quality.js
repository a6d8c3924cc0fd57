// The quality page: an interactive funnel plot of one indicator (hover or focus a point
// to see the hospital), the comparison for patients and GPs (intervals, not rankings;
// travel time from a postcode), the volume-outcome relation with a norm's expected
// change, and which hospitals publish what (table, map, national share). All numbers come
// from /api/v1/quality/*; this page only draws them.
"use strict";

ZL.texts({
  nl: {
    q_title: "Kwaliteit van zorg: uitkomsten per ziekenhuis", q_intervention: "Ingreep", q_indicator: "Indicator",
    q_postcode: "Uw postcode (4 cijfers)", q_od: "Overdispersie corrigeren", q_apply: "Toon",
    q_funnel: "Trechterplot",
    q_funnel_help: "Elke stip is een ziekenhuis. Binnen de lijnen (95 % gestreept, 99,8 % doorgetrokken) past het verschil met het landelijke cijfer bij toeval. Wijs een stip aan om het ziekenhuis te zien.",
    q_compare: "Ziekenhuizen vergelijken (voor patiënten en huisartsen)", q_vo: "Volume en uitkomst",
    q_norm: "Voorgestelde norm", q_vo_apply: "Bereken verwacht effect", q_pub: "Wie publiceert wat",
    q_source: "Indicatoren naar de kwaliteitsregistraties (DICA en andere); de waarden in de voorbeelddatabase zijn synthetisch (docs/quality.md).",
    q_synthetic: "SYNTHETISCH: deze uitkomsten zijn gegenereerd, niet gemeten. Ze zeggen niets over echte ziekenhuizen.",
    q_point: (name, v, n, verdict) => `${name}: ${v} bij ${n} patiënten – ${verdict}`,
    q_national: v => `landelijk ${v}`, q_x_prop: "patiënten", q_x_oe: "verwacht aantal (patiëntenmix)",
    v_better: "beter dan verwacht", v_worse: "slechter dan verwacht", "v_as expected": "zoals verwacht",
    q_hidden: n => `${n} ziekenhuizen niet getoond (minder dan 10 patiënten of niet openbaar).`,
    col_hospital: "Ziekenhuis", col_minutes: "Reistijd (min)", col_volume: "Aantal per jaar",
    not_published: "niet openbaar", lt10: "<10", q_per_doubling: (m, r, lo, hi) => `${m} per verdubbeling van het volume: ${r} (95%-BI ${lo}–${hi})`,
    odds_ratio: "odds ratio", rate_ratio: "rate ratio",
    q_pub_national: (p, n, s) => `${p} van ${n} resultaten openbaar (${s} %)`,
    col_indicator: "Indicator", col_providers: "Aanbieders", col_published: "Openbaar", col_share: "Aandeel",
    m_all: "publiceert alles", m_some: "publiceert een deel", m_none: "publiceert niets",
    map_label: "Kaart: welke ziekenhuizen hun uitkomsten publiceren",
  },
  en: {
    q_title: "Quality of care: outcomes per hospital", q_intervention: "Procedure", q_indicator: "Indicator",
    q_postcode: "Your postcode (4 digits)", q_od: "Correct for overdispersion", q_apply: "Show",
    q_funnel: "Funnel plot",
    q_funnel_help: "Each dot is a hospital. Within the lines (95 % dashed, 99.8 % solid) the difference from the national value is compatible with chance. Point at a dot to see the hospital.",
    q_compare: "Compare hospitals (for patients and GPs)", q_vo: "Volume and outcome",
    q_norm: "Proposed norm", q_vo_apply: "Compute the expected effect", q_pub: "Who publishes what",
    q_source: "Indicators after the quality registries (DICA and others); the values in the sample database are synthetic (docs/quality.md).",
    q_synthetic: "SYNTHETIC: these outcomes were generated, not measured. They say nothing about real hospitals.",
    q_point: (name, v, n, verdict) => `${name}: ${v} with ${n} patients – ${verdict}`,
    q_national: v => `national ${v}`, q_x_prop: "patients", q_x_oe: "expected count (case mix)",
    v_better: "better than expected", v_worse: "worse than expected", "v_as expected": "as expected",
    q_hidden: n => `${n} hospitals not shown (fewer than 10 patients or not published).`,
    col_hospital: "Hospital", col_minutes: "Travel (min)", col_volume: "Patients a year",
    not_published: "not published", lt10: "<10", q_per_doubling: (m, r, lo, hi) => `${m} per doubling of volume: ${r} (95 % CI ${lo}–${hi})`,
    odds_ratio: "odds ratio", rate_ratio: "rate ratio",
    q_pub_national: (p, n, s) => `${p} of ${n} results published (${s} %)`,
    col_indicator: "Indicator", col_providers: "Providers", col_published: "Published", col_share: "Share",
    m_all: "publishes everything", m_some: "publishes some", m_none: "publishes nothing",
    map_label: "Map: which hospitals publish their outcomes",
  },
});
const $ = id => document.getElementById(id);
const state = {funnel: null, compare: null, vo: null, pub: null, map: null, indicators: []};
const PUB = {all: "#1a9850", some: "#fdae61", none: "#b3261e"};

function fmtValue(v, prop) {
  if (v === null || v === undefined) return "–";
  return prop ? ZL.fmt(v * 100, 1) + " %" : ZL.fmt(v, 2);
}

function drawFunnel(f) {
  const W = 720, H = 400, L = 60, R = 15, T = 15, B = 45;
  const prop = f.indicator.type === "proportion";
  const pts = f.points.filter(p => p.value !== null && p.value !== undefined);
  const xmax = f.curve.length ? f.curve[f.curve.length - 1].precision : 10;
  let ymin = f.target, ymax = f.target;
  for (const p of pts) { ymin = Math.min(ymin, p.value); ymax = Math.max(ymax, p.value); }
  for (const c of f.curve) if (c.precision >= xmax / 10) { ymin = Math.min(ymin, c.lo998); ymax = Math.max(ymax, c.hi998); }
  ymin = Math.max(0, ymin * 0.9); ymax = ymax * 1.05 || 1;
  const x = v => L + (W - L - R) * v / xmax, y = v => H - B - (H - T - B) * (Math.min(Math.max(v, ymin), ymax) - ymin) / (ymax - ymin);
  const line = key => f.curve.map((c, i) => `${i ? "L" : "M"}${x(c.precision).toFixed(1)},${y(c[key]).toFixed(1)}`).join("");
  const svg = ZL.el("svg", {viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": "funnel-title", class: "funnel-svg"});
  svg.append(ZL.el("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#555"}),
             ZL.el("line", {x1: L, y1: T, x2: L, y2: H - B, stroke: "#555"}),
             ZL.el("line", {x1: L, y1: y(f.target), x2: W - R, y2: y(f.target), stroke: "#0b5cad", "stroke-width": 1.5}));
  for (const k of ["lo95", "hi95"]) svg.append(ZL.el("path", {d: line(k), fill: "none", stroke: "#0b5cad", "stroke-dasharray": "6 4"}));
  for (const k of ["lo998", "hi998"]) svg.append(ZL.el("path", {d: line(k), fill: "none", stroke: "#0b5cad"}));
  for (let i = 0; i <= 4; i++) {
    const xv = xmax * i / 4, yv = ymin + (ymax - ymin) * i / 4;
    svg.append(ZL.el("text", {x: x(xv), y: H - B + 16, "text-anchor": "middle", class: "tick"}, ZL.fmt(xv)),
               ZL.el("text", {x: L - 6, y: y(yv) + 4, "text-anchor": "end", class: "tick"}, fmtValue(yv, prop)));
  }
  svg.append(ZL.el("text", {x: (L + W) / 2, y: H - 8, "text-anchor": "middle", class: "axis"}, ZL.t(prop ? "q_x_prop" : "q_x_oe")));
  const info = $("funnel-info");
  for (const p of pts) {
    const verdict = ZL.t("v_" + p.verdict);
    const text = ZL.t("q_point", p.name, fmtValue(p.value, prop), ZL.count(p.denominator), verdict);
    const dot = ZL.el("circle", {cx: x(Math.min(p.precision, xmax)), cy: y(p.value), r: Math.abs(p.flag) === 2 ? 6 : 5,
      class: "dot dot-" + p.verdict.replace(" ", "-"), tabindex: 0, "data-id": p.location_id, "aria-label": text},
      ZL.el("title", {}, text));
    const show = () => { info.textContent = text; for (const d of svg.querySelectorAll(".dot.active")) d.classList.remove("active"); dot.classList.add("active"); };
    dot.addEventListener("mouseenter", show);
    dot.addEventListener("focus", show);
    svg.append(dot);
  }
  $("funnel").replaceChildren(svg);
  const hidden = f.points.length - pts.length;
  info.textContent = ZL.t("q_national", fmtValue(f.target, prop)) + (hidden ? " · " + ZL.t("q_hidden", hidden) : "");
}

function drawCompare(c) {
  const inds = c.indicators;
  $("compare").tHead.replaceChildren(ZL.el("tr", {},
    ZL.el("th", {scope: "col"}, ZL.t("col_hospital")), ZL.el("th", {scope: "col", class: "num"}, ZL.t("col_minutes")),
    ZL.el("th", {scope: "col", class: "num"}, ZL.t("col_volume")),
    inds.map(i => ZL.el("th", {scope: "col"}, ZL.lang() === "en" ? i.name_en : i.name_nl))));
  $("compare").tBodies[0].replaceChildren(...c.locations.map(l => ZL.el("tr", {"data-id": l.location_id},
    ZL.el("th", {scope: "row"}, l.name), ZL.el("td", {class: "num"}, l.minutes === null ? "–" : ZL.fmt(l.minutes)),
    ZL.el("td", {class: "num"}, l.volume === null ? ZL.t("lt10") : ZL.fmt(l.volume)),
    inds.map(i => {
      const r = l.results.find(x => x.indicator === i.code);
      if (!r) return ZL.el("td", {}, "–");
      if (r.shown) return ZL.el("td", {class: "muted"}, r.shown === "<10" ? ZL.t("lt10") : ZL.t("not_published"));
      const prop = i.type === "proportion";
      return ZL.el("td", {}, `${fmtValue(r.value, prop)} [${fmtValue(r.lo95, prop)}–${fmtValue(r.hi95, prop)}] `,
                   ZL.el("span", {class: "verdict"}, ZL.lang() === "en" ? r.verdict_en : r.verdict_nl));
    }))));
  $("explain").replaceChildren(...c.explanation[ZL.lang()].map(s => ZL.el("li", {}, s)));
}

function drawVo(v) {
  $("vo").replaceChildren(...v.fits.map(f => {
    if (!f.indicator || !f.indicator.code) return ZL.el("p", {class: "muted"}, `${f.indicator}: ${f.error}`);
    const d = f.per_doubling, name = ZL.lang() === "en" ? f.indicator.name_en : f.indicator.name_nl;
    const parts = [ZL.el("h3", {}, name), ZL.el("p", {}, ZL.t("q_per_doubling", ZL.t(d.measure.replace(" ", "_")),
                   ZL.fmt(d.ratio, 2), ZL.fmt(d.lo95, 2), ZL.fmt(d.hi95, 2)))];
    if (f.scenario) parts.push(ZL.el("p", {class: "scenario"}, ZL.lang() === "en" ? f.scenario.reading_en : f.scenario.reading_nl));
    parts.push(ZL.el("p", {class: "muted caveat"}, ZL.lang() === "en" ? f.caveat_en : f.caveat_nl));
    return ZL.el("div", {class: "vo-fit", "data-code": f.indicator.code}, ...parts);
  }));
}

function drawPublish(p) {
  const n = p.national;
  $("pub-national").textContent = ZL.t("q_pub_national", n.published, n.cells, ZL.fmt((n.share_published || 0) * 100, 1));
  $("publish").tHead.replaceChildren(ZL.el("tr", {}, ...["col_indicator", "col_providers", "col_published", "col_share"]
    .map((k, i) => ZL.el("th", {scope: "col", class: i ? "num" : null}, ZL.t(k)))));
  $("publish").tBodies[0].replaceChildren(...p.indicators.map(r => ZL.el("tr", {"data-code": r.indicator},
    ZL.el("th", {scope: "row"}, r.indicator), ZL.el("td", {class: "num"}, r.providers),
    ZL.el("td", {class: "num"}, r.published), ZL.el("td", {class: "num"}, ZL.fmt(r.share_published * 100, 0) + " %"))));
  if (!state.map) return;
  const kind = l => l.published === l.indicators ? "all" : l.published ? "some" : "none";
  state.map.setMarkers(p.locations.map(l => ({id: l.location_id, lat: l.lat, lon: l.lon, label: l.name,
    cls: "pub-" + kind(l), colour: PUB[kind(l)], detail: `${l.published} / ${l.indicators}`})), () => {});
  state.map.legend($("map-legend"), Object.keys(PUB).map(k => ({type: "marker", cls: "pub-" + k, colour: PUB[k], label: ZL.t("m_" + k)})));
}

async function loadIndicators() {
  const iv = $("intervention").value;
  state.indicators = (await ZL.api("/quality/indicators?intervention=" + encodeURIComponent(iv))).indicators;
  $("indicator").replaceChildren(...state.indicators.map(i =>
    ZL.el("option", {value: i.code}, `${ZL.lang() === "en" ? i.name_en : i.name_nl} (${i.code})`)));
}

async function show() {
  const iv = $("intervention").value, ind = $("indicator").value, pc = $("postcode").value.trim();
  try {
    $("messages").replaceChildren();
    const od = $("overdispersion").checked ? "&overdispersion=true" : "";
    [state.funnel, state.compare, state.pub] = await Promise.all([
      ZL.api(`/quality/funnel?indicator=${encodeURIComponent(ind)}${od}`),
      ZL.api(`/quality/compare?intervention=${encodeURIComponent(iv)}${/^[1-9][0-9]{3}$/.test(pc) ? "&postcode=" + pc : ""}`),
      ZL.api(`/quality/publish-status?intervention=${encodeURIComponent(iv)}`)]);
    ZL.synthetic(state.funnel.synthetic || state.compare.synthetic, "q_synthetic");
    drawFunnel(state.funnel); drawCompare(state.compare); drawPublish(state.pub);
    await showVo();
  } catch (e) { ZL.showError($("messages"), e); }
}

async function showVo() {
  const norm = $("norm").value.trim();
  state.vo = await ZL.api(`/quality/volume-outcome?intervention=${encodeURIComponent($("intervention").value)}` +
                          (norm ? "&norm=" + encodeURIComponent(norm) : ""));
  drawVo(state.vo);
}

document.addEventListener("DOMContentLoaded", async () => {
  ZLMap.create($("map"), {label: ZL.t("map_label"), areas: false})
    .then(m => { state.map = m; if (state.pub) drawPublish(state.pub); }).catch(e => ZL.showError($("messages"), e));
  try {
    const ivs = (await ZL.api("/interventions")).interventions;
    const withInd = new Set((await ZL.api("/quality/indicators")).indicators.map(i => i.intervention));
    $("intervention").replaceChildren(...ivs.filter(i => withInd.has(i.code)).map(i => ZL.el("option", {value: i.code}, `${i.name} (${i.code})`)));
    const u = new URL(location.href);
    if (u.searchParams.get("intervention")) $("intervention").value = u.searchParams.get("intervention");
    if (u.searchParams.get("postcode")) $("postcode").value = u.searchParams.get("postcode");
    await loadIndicators();
    await show();
  } catch (e) { ZL.showError($("messages"), e); }
  $("intervention").addEventListener("change", () => loadIndicators().then(show).catch(e => ZL.showError($("messages"), e)));
  $("controls").addEventListener("submit", ev => { ev.preventDefault(); show(); });
  $("vo-apply").addEventListener("click", () => showVo().catch(e => ZL.showError($("messages"), e)));
  ZL.onLanguage(() => { if (state.funnel) { drawFunnel(state.funnel); drawCompare(state.compare); drawPublish(state.pub); drawVo(state.vo); } });
});
