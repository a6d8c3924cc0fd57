// The finder page for patients and referrers: suggestions while typing (a WAI-ARIA
// combobox), results with the recognised centres, the adjacent-expertise path and the
// ERN. Dutch by default with an English toggle; all matching and ranking is the server's.
"use strict";

ZL.texts({
  nl: {title: "Expertise vinden voor een zeldzame aandoening",
       intro: "Zoek op naam van de aandoening (ook met een tikfout of in het Engels), op ORPHAcode, ICD-10-code of OMIM-nummer. U ziet de erkende expertisecentra; is er geen centrum voor precies deze aandoening, dan het centrum voor een bredere groep en het Europese referentienetwerk (ERN).",
       label: "Zoek een aandoening", help: "Suggesties verschijnen tijdens het typen; gebruik de pijltjestoetsen en Enter.",
       pc_label: "Uw postcode (4 cijfers, optioneel)", pc_help: "Met een postcode staan de centra op volgorde van reistijd met de auto, met de minuten erbij.",
       search: "Zoeken", searching: "Zoeken…", found: n => `${n} resultaten`, none: "Geen aandoening gevonden.",
       centres: "Erkende expertisecentra", nocentre: "Geen erkend expertisecentrum voor precies deze aandoening.",
       adjacent: "Aangrenzende expertise: een centrum voor een bredere groep", path: "Pad in de classificatie",
       ern: "Europees referentienetwerk", until: "erkend tot", prevalence: "Prevalentie", type: "Soort",
       synthetic_centres: "Let op: het register van expertisecentra in deze omgeving is een synthetisch voorbeeld, geen officiële lijst.",
       advice: "Advies", via: "gevonden via", date: "Register op datum", minutes: m => `${m} min rijden`,
       from_pc: pc => `reistijd vanaf postcode ${pc}`, bad_pc: "Een postcode bestaat uit 4 cijfers (1000–9999).",
       networks: "Netwerk", close_to_home: "Zorg dichtbij huis (shared care)",
       with_centre: c => `in samenwerking met ${c}`,
       nearest: (c, cm, p, pm) => `Dichtstbijzijnde expertisecentrum: ${c} (${cm} min); dichtstbijzijnde shared-care-ziekenhuis: ${p} (${pm} min).`},
  en: {title: "Find expertise for a rare disease",
       intro: "Search by the name of the disorder (typos and Dutch names are fine), by ORPHAcode, ICD-10 code or OMIM number. You see the recognised expertise centres; where no centre covers exactly this disorder, the centre for a broader group and the European Reference Network (ERN).",
       label: "Search for a disorder", help: "Suggestions appear while you type; use the arrow keys and Enter.",
       pc_label: "Your postcode (4 digits, optional)", pc_help: "With a postcode the centres are ordered by travel time by car, with the minutes shown.",
       search: "Search", searching: "Searching…", found: n => `${n} results`, none: "No disorder found.",
       centres: "Recognised expertise centres", nocentre: "No recognised expertise centre for exactly this disorder.",
       adjacent: "Adjacent expertise: a centre for a broader group", path: "Path in the classification",
       ern: "European Reference Network", until: "recognised until", prevalence: "Prevalence", type: "Type",
       synthetic_centres: "Note: the expertise-centre register in this environment is a synthetic example, not the official list.",
       advice: "Advice", via: "found via", date: "Register on date", minutes: m => `${m} min by car`,
       from_pc: pc => `travel time from postcode ${pc}`,
       networks: "Network", close_to_home: "Care close to home (shared care)",
       with_centre: c => `together with ${c}`,
       nearest: (c, cm, p, pm) => `Nearest expertise centre: ${c} (${cm} min); nearest shared-care hospital: ${p} (${pm} min).`, bad_pc: "A postcode has 4 digits (1000–9999)."},
});

/* Orphanet's prevalence vocabulary in Dutch (the data are in English). */
const PREV_NL = {"Point prevalence": "Puntprevalentie", "Birth prevalence": "Geboorteprevalentie",
  "Annual incidence": "Jaarlijkse incidentie", "Lifetime Prevalence": "Levenslange prevalentie",
  "Lifetime prevalence": "Levenslange prevalentie", "Cases/families": "Gevallen/families",
  "Unknown": "Onbekend", "Not yet documented": "Nog niet gedocumenteerd",
  "Disease": "Ziekte", "Disorder": "Aandoening", "Group of disorders": "Groep van aandoeningen",
  "Subtype of a disorder": "Subtype van een aandoening", "Clinical syndrome": "Klinisch syndroom",
  "Malformation syndrome": "Misvormingssyndroom", "Morphological anomaly": "Morfologische afwijking",
  "Biological anomaly": "Biologische afwijking", "Etiological subtype": "Etiologisch subtype",
  "Clinical subtype": "Klinisch subtype", "Histopathological subtype": "Histopathologisch subtype",
  "Particular clinical situation in a disease or syndrome": "Bijzondere klinische situatie bij een ziekte of syndroom",
  "Category": "Categorie", "Clinical group": "Klinische groep"};
const vocab = v => (ZL.lang() === "nl" && v && PREV_NL[v]) || v;

const params = new URLSearchParams(location.search);
const state = {date: params.get("date"), active: -1, items: [], timer: null, ctl: null, lastQuery: null,
               lastResult: null};
const $ = id => document.getElementById(id);
const t = (k, ...a) => ZL.t(k, ...a);

function findPath(q, limit) {
  let p = `/rare/find?q=${encodeURIComponent(q)}&lang=${ZL.lang()}&limit=${limit}`;
  if (state.date) p += `&date=${encodeURIComponent(state.date)}`;
  const pc = $("pc").value.trim();
  if (limit > 8 && /^[1-9][0-9]{3}$/.test(pc)) p += `&postcode=${pc}`;
  return p;
}

function nameOf(h) {
  return (h.names && h.names[ZL.lang()]) || h.name;
}

function closeSuggestions() {
  $("suggestions").hidden = true;
  $("q").setAttribute("aria-expanded", "false");
  $("q").removeAttribute("aria-activedescendant");
  state.active = -1;
}

function highlight(i) {
  const lis = $("suggestions").children;
  for (let k = 0; k < lis.length; k++) lis[k].setAttribute("aria-selected", k === i ? "true" : "false");
  state.active = i;
  if (i >= 0) $("q").setAttribute("aria-activedescendant", lis[i].id);
  else $("q").removeAttribute("aria-activedescendant");
}

async function suggest() {
  const q = $("q").value.trim();
  if (q.length < 2) { closeSuggestions(); return; }
  if (state.ctl) state.ctl.abort();
  state.ctl = new AbortController();
  try {
    const r = await ZL.api(findPath(q, 8), {signal: state.ctl.signal});
    state.items = r.hits;
    const lis = r.hits.map((h, i) => ZL.el("li", {id: "sugg-" + i, role: "option", "aria-selected": "false",
        onmousedown: ev => { ev.preventDefault(); choose(i); }},
      nameOf(h), " ", ZL.el("span", {class: "code"}, h.code)));
    $("suggestions").replaceChildren(...lis);
    $("suggestions").dataset.q = q; // the query these suggestions answer (tests wait for it)
    $("suggestions").hidden = lis.length === 0;
    $("q").setAttribute("aria-expanded", lis.length ? "true" : "false");
    state.active = -1;
  } catch (e) {
    if (e.name !== "AbortError") closeSuggestions();
  }
}

function choose(i) {
  const h = state.items[i];
  closeSuggestions();
  $("q").value = nameOf(h);
  search(h.code);
}

async function search(q) {
  clearTimeout(state.timer);
  if (state.ctl) state.ctl.abort();
  closeSuggestions();
  if (!q.trim()) return;
  const pc = $("pc").value.trim();
  if (pc && !/^[1-9][0-9]{3}$/.test(pc)) { ZL.showError($("results"), new Error(t("bad_pc"))); return; }
  state.lastQuery = q;
  const u = new URL(location.href);
  u.searchParams.set("q", q);
  if (pc) u.searchParams.set("postcode", pc); else u.searchParams.delete("postcode");
  history.replaceState(null, "", u);
  $("status").textContent = t("searching");
  try {
    const r = await ZL.api(findPath(q, 10));
    state.lastResult = r;
    render(r);
  } catch (e) {
    $("status").textContent = "";
    ZL.showError($("results"), e);
  }
}

function centreList(centres) {
  return ZL.el("ul", {}, centres.map(c => ZL.el("li", {class: "centre"},
    ZL.el("strong", {}, c.centre), ` — ${c.location || c.location_id}${c.city ? ", " + c.city : ""}`,
    c.minutes !== undefined && c.minutes !== null ? ZL.el("span", {class: "minutes"}, " · " + t("minutes", ZL.fmt(c.minutes))) : "",
    c.ern ? ` · ${t("ern")}: ${c.ern}` : "",
    c.recognised_to ? ` · ${t("until")} ${c.recognised_to}` : "")));
}

/* The networks of a hit, its shared-care partners and, with a postcode, the nearest
 * centre and the nearest partner side by side. */
function careParts(h) {
  const parts = [];
  for (const n of h.networks || [])
    parts.push(ZL.el("p", {class: "network"}, `${t("networks")}: `,
      ZL.el("a", {href: "/network.html?network=" + encodeURIComponent(n.id)}, n.name),
      n.ern ? ` · ${t("ern")}: ${n.ern}` : ""));
  if (h.nearest_centre && h.nearest_partner)
    parts.push(ZL.el("p", {class: "nearest"}, t("nearest", h.nearest_centre.location || h.nearest_centre.centre,
      ZL.fmt(h.nearest_centre.minutes), h.nearest_partner.location, ZL.fmt(h.nearest_partner.minutes))));
  if (h.shared_care && h.shared_care.length)
    parts.push(ZL.el("h3", {}, t("close_to_home")),
      ZL.el("ul", {}, h.shared_care.map(p => ZL.el("li", {class: "partner"},
        ZL.el("strong", {}, p.location || p.location_id), p.city ? `, ${p.city}` : "",
        p.minutes !== undefined && p.minutes !== null ? ZL.el("span", {class: "minutes"}, " · " + t("minutes", ZL.fmt(p.minutes))) : "",
        ` · ${t("with_centre", p.centre_id)}`))));
  return parts;
}

function renderHit(h) {
  const parts = [ZL.el("h2", {}, nameOf(h), " ", ZL.el("span", {class: "code"}, h.code))];
  const meta = [];
  if (h.type) meta.push(`${t("type")}: ${vocab(h.type)}`);
  if (h.prevalence && h.prevalence.length) {
    const p = h.prevalence[0];
    meta.push(`${t("prevalence")}: ${[vocab(p.type), vocab(p.class)].filter(Boolean).join(" ")}`);
  }
  if (h.via) meta.push(`${t("via")} ORPHA:${h.via}`);
  if (meta.length) parts.push(ZL.el("p", {class: "muted"}, meta.join(" · ")));
  if (h.centres.length) {
    parts.push(ZL.el("h3", {}, t("centres")), centreList(h.centres));
  } else {
    parts.push(ZL.el("p", {}, t("nocentre")));
    for (const a of h.adjacent_expertise || []) {
      parts.push(ZL.el("h3", {}, t("adjacent")));
      parts.push(ZL.el("p", {class: "muted"}, t("path") + ":"),
        ZL.el("ol", {class: "path"}, a.path.map(p => ZL.el("li", {}, `${p.name} (ORPHA:${p.orpha})`))));
      parts.push(centreList(a.centres));
      if (a.erns && a.erns.length) parts.push(ZL.el("p", {}, `${t("ern")}: ${a.erns.join(", ")}`));
    }
  }
  parts.push(...careParts(h));
  return ZL.el("article", {class: "hit", "aria-label": nameOf(h)}, parts);
}

function render(r) {
  const out = [];
  const synthetic = r.synthetic_centres || r.hits.some(h => h.centres.some(c => c.synthetic));
  ZL.synthetic(synthetic, "synthetic_centres");
  out.push(...r.hits.map(renderHit));
  if (!r.hits.length) {
    out.push(ZL.el("p", {}, t("none")));
    if (r.advice) {
      out.push(ZL.el("article", {class: "hit"}, ZL.el("h2", {}, t("advice"), " ",
        ZL.el("span", {class: "code"}, r.advice.code)), ZL.el("p", {}, r.advice.route),
        ZL.el("ul", {}, (r.advice.erns || []).map(e => ZL.el("li", {}, `${e.acronym}: ${e.scope || ""}`)))));
    }
  }
  $("results").replaceChildren(...out);
  $("status").textContent = t("found", r.hits.length) + ` · ${t("date")} ${r.date}` +
    (r.postcode ? ` · ${t("from_pc", r.postcode)}` : "");
}

function init() {
  // Names come in the chosen language: ask again for the last query.
  ZL.onLanguage(() => {
    if (state.lastQuery) search(state.lastQuery);
    else if (state.lastResult) render(state.lastResult);
  });
  if (params.get("postcode")) $("pc").value = params.get("postcode");
  const q = $("q");
  q.addEventListener("input", () => { clearTimeout(state.timer); state.timer = setTimeout(suggest, 120); });
  q.addEventListener("keydown", ev => {
    const n = $("suggestions").hidden ? 0 : $("suggestions").children.length;
    if (ev.key === "ArrowDown" && n) { ev.preventDefault(); highlight((state.active + 1) % n); }
    else if (ev.key === "ArrowUp" && n) { ev.preventDefault(); highlight((state.active - 1 + n) % n); }
    else if (ev.key === "Escape") closeSuggestions();
    else if (ev.key === "Enter" && state.active >= 0) { ev.preventDefault(); choose(state.active); }
  });
  q.addEventListener("blur", () => setTimeout(closeSuggestions, 150));
  $("search-form").addEventListener("submit", ev => { ev.preventDefault(); clearTimeout(state.timer); search(q.value); });
  if (params.get("q")) { q.value = params.get("q"); search(q.value); }
}

document.addEventListener("DOMContentLoaded", init);
