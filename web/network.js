// The network page: one ECZA network at a time (?network=ID&date=YYYY-MM-DD): a map of its
// centres and shared-care partners (the shared map, web/map.js), its care-pathway
// checklists with completeness and gaps, and the recognitions of its centres that end
// within twelve months. Everything is computed by the server (docs/rare-networks.md);
// main[data-state] is "ready" once a network is fully drawn (the browser test waits on it).
"use strict";

const $ = id => document.getElementById(id);
const t = (k, ...a) => ZL.t(k, ...a);

ZL.texts({
  nl: {title: "Netwerken voor zeldzame aandoeningen", network: "Netwerk",
       intro: "Per ECZA-netwerk: de expertisecentra (coördinerend en lid), de algemene ziekenhuizen die zorg dichtbij huis geven met een shared-care-afspraak, het zorgpad met wat er wel en niet geregeld is, en de erkenningen die binnen een jaar aflopen.",
       pathway: "Zorgpad", due: "Erkenningen die binnen 12 maanden aflopen", map_label: "Kaart van het netwerk",
       coordinating: "Coördinerend centrum", member: "Centrum (lid)", partner: "Shared-care-partner",
       meta: (ern, codes, orgs) => `ERN: ${ern || "geen"}. Aandoeningen: ${codes}.${orgs ? " Patiëntenorganisatie: " + orgs + "." : ""}`,
       score: (s, n) => `Volledigheid ${s}% (${n} checklist${n === 1 ? "" : "s"}).`,
       c_item: "Onderdeel", c_state: "Stand", c_evidence: "Onderbouwing", c_date: "Datum",
       c_centre: "Centrum", c_code: "ORPHAcode", c_end: "Einde termijn", c_days: "Dagen", c_renewal: "Verlenging",
       gaps: "Ontbreekt of deels", none_due: "Geen erkenningen van dit netwerk lopen binnen 12 maanden af.",
       no_networks: "Er zijn geen netwerken ingelezen (zl rare import networks).", loading: "Laden…",
       partner_of: c => `shared care met ${c}`,
       "in place": "aanwezig", partly: "deels", absent: "afwezig", "not recorded": "niet vastgelegd",
       renewal_none: "geen aanvraag"},
  en: {title: "Rare-disease networks", network: "Network",
       intro: "Per ECZA network: the expertise centres (coordinating and members), the general hospitals that provide care close to home under a shared-care agreement, the care pathway with what is and is not in place, and the recognitions that end within a year.",
       pathway: "Care pathway", due: "Recognitions ending within 12 months", map_label: "Map of the network",
       coordinating: "Coordinating centre", member: "Member centre", partner: "Shared-care partner",
       meta: (ern, codes, orgs) => `ERN: ${ern || "none"}. Diseases: ${codes}.${orgs ? " Patient organisation: " + orgs + "." : ""}`,
       score: (s, n) => `Completeness ${s}% (${n} checklist${n === 1 ? "" : "s"}).`,
       c_item: "Item", c_state: "State", c_evidence: "Evidence", c_date: "Date",
       c_centre: "Centre", c_code: "ORPHAcode", c_end: "Term ends", c_days: "Days", c_renewal: "Renewal",
       gaps: "Missing or partly", none_due: "No recognition of this network ends within 12 months.",
       no_networks: "No networks have been imported (zl rare import networks).", loading: "Loading…",
       partner_of: c => `shared care with ${c}`,
       "in place": "in place", partly: "partly", absent: "absent", "not recorded": "not recorded",
       renewal_none: "no application"},
});

const COLOURS = {coordinating: "#7b2d8b", member: "#b15fc0", partner: "#2a9d8f"};
const params = new URLSearchParams(location.search);
const date = params.get("date") || "";
const q = date ? "?date=" + encodeURIComponent(date) : "";
const view = {nets: null, map: null, current: null};

function table(head, rows) {
  return ZL.el("table", {},
    ZL.el("thead", {}, ZL.el("tr", {}, ...head.map(h => ZL.el("th", {scope: "col"}, h)))),
    ZL.el("tbody", {}, ...rows.map(r => ZL.el("tr", {}, ...r.map(c => ZL.el("td", {}, c))))));
}

function drawMap(n) {
  const marks = n.centres.filter(c => c.lat !== null).map(c => ({
    id: "c:" + c.centre_id, lat: c.lat, lon: c.lon, label: c.centre, cls: c.role, colour: COLOURS[c.role],
    detail: `${t(c.role)} — ${c.location}, ${c.city || ""}`, z: 2}));
  for (const p of n.partners.filter(p => p.lat !== null))
    marks.push({id: "p:" + p.centre_id + ":" + p.location_id, lat: p.lat, lon: p.lon, label: p.location,
                cls: "partner", colour: COLOURS.partner, detail: `${t("partner")} — ${t("partner_of", p.centre_id)}`});
  view.map.setMarkers(marks);
  view.map.legend($("map-legend"), ["coordinating", "member", "partner"].map(k =>
    ({type: "marker", cls: k, colour: COLOURS[k], label: t(k)})));
  $("map").dataset.markers = String(marks.length);
}

function drawPathway(p) {
  const lists = p ? p.pathways : [];
  $("pathway").replaceChildren(...lists.map(l => ZL.el("div", {class: "checklist", "data-code": l.code},
    ZL.el("h3", {}, `${l.code} ${l.disorder}: ${Math.round(l.score)}%`),
    table([t("c_item"), t("c_state"), t("c_evidence"), t("c_date")],
          l.items.map(i => [i.item.replace(/_/g, " "), t(i.state), i.evidence || "", i.assessed_on || ""])),
    ZL.el("p", {class: "gaps"}, `${t("gaps")}: ${l.gaps.map(g => g.item.replace(/_/g, " ")).join(", ") || "–"}`))));
}

function drawDue(n, due) {
  const ids = new Set(n.centres.map(c => c.centre_id));
  const rows = due.due.filter(d => ids.has(d.centre_id));
  $("due").replaceChildren(rows.length
    ? table([t("c_centre"), t("c_code"), t("c_end"), t("c_days"), t("c_renewal")],
            rows.map(d => [d.centre, `${d.code} ${d.disorder}`, d.recognised_to, String(d.days_left),
                           d.renewal || t("renewal_none")]))
    : ZL.el("p", {class: "muted"}, t("none_due")));
  $("due").dataset.count = String(rows.length);
}

async function show(id) {
  const main = $("main");
  main.dataset.state = "loading";
  const n = view.nets.networks.find(x => x.id === id) || view.nets.networks[0];
  view.current = n.id;
  $("network").value = n.id;
  $("net-title").textContent = n.name;
  $("net-meta").textContent = t("meta", n.ern, n.codes.map(c => `${c.code} ${c.name}`).join("; "),
                                n.patient_organisations.join(", "));
  $("path-score").textContent = t("score", Math.round(n.pathway.score), n.pathway.checklists);
  drawMap(n);
  const [p, due] = await Promise.all([
    ZL.api("/rare/pathways/" + encodeURIComponent(n.id)).catch(e => (e.status === 404 ? null : Promise.reject(e))),
    ZL.api("/rare/recognitions?due=12" + (date ? "&date=" + encodeURIComponent(date) : ""))]);
  if (view.current !== n.id) return; // another network was chosen meanwhile
  drawPathway(p);
  drawDue(n, due);
  main.dataset.network = n.id;
  main.dataset.state = "ready";
}

async function start() {
  ZL.initHeader();
  $("status").textContent = t("loading");
  try {
    view.nets = await ZL.api("/rare/networks" + q);
    ZL.synthetic(view.nets.synthetic);
    if (!view.nets.networks.length) {
      $("status").textContent = t("no_networks");
      $("main").dataset.state = "empty";
      return;
    }
    $("network").replaceChildren(...view.nets.networks.map(n => ZL.el("option", {value: n.id}, `${n.id} ${n.name}`)));
    view.map = await ZLMap.create($("map"), {label: t("map_label"), areas: false});
    $("status").textContent = "";
    $("network").addEventListener("change", () => show($("network").value).catch(err));
    ZL.onLanguage(() => show(view.current).catch(err));
    await show(params.get("network"));
  } catch (e) {
    err(e);
  }
}

function err(e) {
  ZL.showError($("status"), e);
  $("main").dataset.state = "error";
}

document.addEventListener("DOMContentLoaded", start);
