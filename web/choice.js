// The allocation rules on the impact page (issue 10): adds the rules choice, share, partner
// and capacity to the page's rule selectors, and after every drawing shows the band of
// headline figures across rules (the API's rules=all for the same scenario) and the fitted
// choice model's summary. Hooks into the page only through window.ZLImpact (impact.js).
"use strict";

(() => {
  const EXTRA = [["choice", "keuzemodel (patiënten kiezen opnieuw)"],
                 ["share", "huidige verdeling van het postcodegebied"],
                 ["partner", "netwerkpartners (illustratief)"],
                 ["capacity", "keuzemodel met capaciteit"]];
  const RULE_NL = {nearest: "dichtstbijzijnde locatie", region: "binnen de eigen regio",
                   ...Object.fromEntries(EXTRA)};
  const BASELINE_NL = {observed: "waargenomen stromen", nearest: "iedereen dichtstbij vóór"};
  const $ = id => document.getElementById(id);
  const el = (...a) => ZL.el(...a);
  let fitFor = null, pending = null;

  function card() {
    return el("section", {class: "card", id: "choice-card", "aria-labelledby": "choice-title"},
      el("h2", {id: "choice-title"}, "Waar gaan verplaatste patiënten heen? Alle regels naast elkaar"),
      el("p", {class: "muted", id: "choice-reading", "aria-live": "polite"}),
      el("div", {class: "tablewrap", tabindex: "0", role: "region", "aria-label": "Kerncijfers per toedelingsregel"},
        el("table", {id: "choice-band"},
          el("caption", {class: "muted"}, "Kerncijfers per toedelingsregel, elk tegen de eigen gelijkwaardige uitgangssituatie; de band is de laagste en hoogste waarde."),
          el("thead", {}, el("tr", {},
            el("th", {scope: "col"}, "Regel"), el("th", {scope: "col"}, "Vergeleken met"),
            el("th", {scope: "col", class: "num"}, "Verplaatst"),
            el("th", {scope: "col", class: "num"}, "Extra min. (gem.)"),
            el("th", {scope: "col", class: "num"}, "Extra min. (p90)"),
            el("th", {scope: "col", class: "num"}, "> 45 min na"),
            el("th", {scope: "col", class: "num"}, "Grootste toename"))),
          el("tbody", {}))),
      el("div", {id: "choice-fit"}));
  }

  const n1 = v => v === null || v === undefined ? "–" : ZL.fmt(v, 1);

  function drawBand(r) {
    const rows = r.rules.map(x => {
      const b45 = (x.patients.beyond || []).find(b => b.minutes === 45);
      return el("tr", {"data-rule": x.rule, class: x.rule === r.rule ? "main" : null},
        el("th", {scope: "row"}, (RULE_NL[x.rule] || x.rule) + (x.rule === r.rule ? " (getoond)" : "")),
        el("td", {}, BASELINE_NL[x.baseline] || x.baseline),
        el("td", {class: "num"}, x.patients.displaced === null ? "<10" : n1(x.patients.displaced)),
        el("td", {class: "num"}, n1(x.patients.extra_minutes.mean)),
        el("td", {class: "num"}, n1(x.patients.extra_minutes.p90)),
        el("td", {class: "num"}, b45 && b45.after !== null ? n1(b45.after) : "<10"),
        el("td", {class: "num"}, x.largest_gain ? `${x.largest_gain.name}: ${x.largest_gain.patients === null ? "<10" : n1(x.largest_gain.patients)}` : "–"));
    });
    const b = r.band, range = f => `${n1(f.lowest)} – ${n1(f.highest)}`;
    rows.push(el("tr", {id: "choice-band-row", class: "band"},
      el("th", {scope: "row"}, "Band (laagste – hoogste)"), el("td", {}, ""),
      el("td", {class: "num"}, range(b.displaced)), el("td", {class: "num"}, range(b.extra_minutes_mean)),
      el("td", {class: "num"}, range(b.extra_minutes_p90)), el("td", {class: "num"}, range(b.beyond_45_after)),
      el("td", {class: "num"}, range(b.largest_gain))));
    $("choice-band").tBodies[0].replaceChildren(...rows);
    $("choice-reading").textContent = `Getoond: ${RULE_NL[r.rule] || r.rule}, vergeleken met ${BASELINE_NL[r.baseline] || r.baseline}. Lezing: “${r.reading}”.`;
  }

  async function drawFit(code) {
    if (fitFor === code) return;
    fitFor = code;
    const box = $("choice-fit");
    try {
      const m = await ZL.api("/choice/" + encodeURIComponent(code));
      const travel = m.coefficients.filter(c => c.name.startsWith("travel_"));
      box.replaceChildren(el("h3", {}, "Keuzemodel (conditionele logit)"),
        el("p", {class: "muted", id: "choice-fit-summary"},
          `Geschat op ${ZL.fmt(m.patients)} patiënten in ${m.year}${m.synthetic ? " (synthetische stromen)" : ""}; McFadden ρ² = ${ZL.fmt(m.rho2, 3)}.`),
        el("table", {id: "choice-coefficients"},
          el("caption", {class: "muted"}, "Nut per 10 minuten extra reistijd per traject (± standaardfout)."),
          el("tbody", {}, ...travel.map(c => el("tr", {}, el("th", {scope: "row"}, c.name),
            el("td", {class: "num"}, ZL.fmt(c.value, 3)), el("td", {class: "num"}, "± " + ZL.fmt(c.se, 3)))))));
    } catch (e) {
      box.replaceChildren(el("p", {class: "muted", id: "choice-fit-summary"},
        e.status === 404 ? "Voor deze interventie is geen keuzemodel geschat (zl choice fit)." : String(e.message)));
    }
  }

  async function onDraw(r) {
    const s = window.ZLImpact.state;
    const body = {intervention: r.intervention.code, norm: r.norm, rules: "all",
                  keep: [...s.overrides].filter(([, v]) => v === "keep").map(([k]) => k),
                  stop: [...s.overrides].filter(([, v]) => v === "stop").map(([k]) => k)};
    if (r.rule) body.rule = r.rule;
    if (r.rule === "region" && r.region_layer) body.region_layer = r.region_layer;
    if (pending) pending.abort();
    const ctl = new AbortController();
    pending = ctl;
    try {
      drawBand(await ZL.api("/impact", {body, signal: ctl.signal}));
    } catch (e) {
      if (e.name !== "AbortError") $("choice-reading").textContent = String(e.message);
    }
    drawFit(r.intervention.code);
  }

  function init() {
    if (!window.ZLImpact || !$("rule")) return;
    for (const id of ["rule", "rule-b"])
      if ($(id)) $(id).append(...EXTRA.map(([v, t]) => el("option", {value: v}, t)));
    $("fig-title").closest("section").after(card());
    window.ZLImpact.onDraw(onDraw);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
