// The finder page for patients and referrers: suggestions while typing (a WAI-ARIA
// combobox), results with the recognised centres, the adjacent-expertise path and the
// ERN. Dutch by default with an English toggle; all matching and ranking is the server's.
"use strict";

const T = {
  nl: {skip: "Naar de inhoud", nav_impact: "Impact van een volumenorm", nav_finder: "Expertise zoeken",
       nav_registry: "Registratie", title: "Expertise vinden voor een zeldzame aandoening",
       intro: "Zoek op naam van de aandoening (ook met een tikfout of in het Engels), op ORPHAcode, ICD-10-code of OMIM-nummer. U ziet de erkende expertisecentra; is er geen centrum voor precies deze aandoening, dan het centrum voor een bredere groep en het Europese referentienetwerk (ERN).",
       label: "Zoek een aandoening", help: "Suggesties verschijnen tijdens het typen; gebruik de pijltjestoetsen en Enter.",
       toggle: "English", searching: "Zoeken…", found: n => `${n} resultaten`, none: "Geen aandoening gevonden.",
       centres: "Erkende expertisecentra", nocentre: "Geen erkend expertisecentrum voor precies deze aandoening.",
       adjacent: "Aangrenzende expertise: een centrum voor een bredere groep", path: "Pad in de classificatie",
       ern: "Europees referentienetwerk", until: "erkend tot", prevalence: "Prevalentie", type: "Soort",
       synthetic: "Let op: het register van expertisecentra in deze omgeving is een synthetisch voorbeeld, geen officiële lijst.",
       advice: "Advies", via: "gevonden via", date: "Register op datum"},
  en: {skip: "Skip to content", nav_impact: "Impact of a volume norm", nav_finder: "Find expertise",
       nav_registry: "Registry", title: "Find expertise for a rare disease",
       intro: "Search by the name of the disorder (typos and Dutch names are fine), by ORPHAcode, ICD-10 code or OMIM number. You see the recognised expertise centres; where no centre covers exactly this disorder, the centre for a broader group and the European Reference Network (ERN).",
       label: "Search for a disorder", help: "Suggestions appear while you type; use the arrow keys and Enter.",
       toggle: "Nederlands", searching: "Searching…", found: n => `${n} results`, none: "No disorder found.",
       centres: "Recognised expertise centres", nocentre: "No recognised expertise centre for exactly this disorder.",
       adjacent: "Adjacent expertise: a centre for a broader group", path: "Path in the classification",
       ern: "European Reference Network", until: "recognised until", prevalence: "Prevalence", type: "Type",
       synthetic: "Note: the expertise-centre register in this environment is a synthetic example, not the official list.",
       advice: "Advice", via: "found via", date: "Register on date"},
};

const params = new URLSearchParams(location.search);
const state = {lang: params.get("lang") === "en" ? "en" : "nl", date: params.get("date"),
               active: -1, items: [], timer: null, ctl: null, lastQuery: null, lastResult: null};
const $ = id => document.getElementById(id);
const t = k => T[state.lang][k];

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.dataset.i18n);
  $("lang-toggle").textContent = t("toggle");
  $("lang-toggle").lang = state.lang === "nl" ? "en" : "nl";
  document.title = t("title") + " – zorglandschap";
  // Names come in the chosen language: ask again for the last query.
  if (state.lastQuery) search(state.lastQuery);
}

function findPath(q, limit) {
  let p = `/rare/find?q=${encodeURIComponent(q)}&lang=${state.lang}&limit=${limit}`;
  if (state.date) p += `&date=${encodeURIComponent(state.date)}`;
  return p;
}

function nameOf(h) {
  return (h.names && h.names[state.lang]) || h.name;
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
  state.lastQuery = q;
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
    c.ern ? ` · ${t("ern")}: ${c.ern}` : "",
    c.recognised_to ? ` · ${t("until")} ${c.recognised_to}` : "")));
}

function renderHit(h) {
  const parts = [ZL.el("h2", {}, nameOf(h), " ", ZL.el("span", {class: "code"}, h.code))];
  const meta = [];
  if (h.type) meta.push(`${t("type")}: ${h.type}`);
  if (h.prevalence && h.prevalence.length) {
    const p = h.prevalence[0];
    meta.push(`${t("prevalence")}: ${[p.type, p.class].filter(Boolean).join(" ")}`);
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
  return ZL.el("article", {class: "hit", "aria-label": nameOf(h)}, parts);
}

function render(r) {
  const out = [];
  const synthetic = r.synthetic_centres || r.hits.some(h => h.centres.some(c => c.synthetic));
  if (synthetic) out.push(ZL.el("div", {class: "banner", id: "synthetic"}, t("synthetic")));
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
  $("status").textContent = t("found")(r.hits.length) + ` · ${t("date")} ${r.date}`;
}

function init() {
  applyLanguage();
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
  $("lang-toggle").addEventListener("click", () => { state.lang = state.lang === "nl" ? "en" : "nl"; applyLanguage(); });
  if (params.get("q")) { q.value = params.get("q"); search(q.value); }
}

document.addEventListener("DOMContentLoaded", init);
