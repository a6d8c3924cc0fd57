// The registry page: public national counts (suppressed), or with a location token the
// location's own unsuppressed counts beside the national ones. Which numbers may be shown
// is decided by the server; this page shows what it gets.
"use strict";

const $ = id => document.getElementById(id);
const KEY = "zl-registry-token";

function header(cols) {
  $("counts-head").replaceChildren(...cols.map(([label, num]) => ZL.el("th", {scope: "col", class: num ? "num" : null}, label)));
}

function render(r, who) {
  const own = r.viewer === "location";
  $("messages").replaceChildren(...(r.synthetic ? [ZL.el("div", {class: "banner", id: "synthetic"},
    "Synthetische registraties: gegenereerd met een vaste seed, geen echte patiënten.")] : []));
  $("who").textContent = own ? `Locatie ${r.location}${who && who.name ? " (" + who.name + ")" : ""}: eigen aantallen ongemaskeerd; landelijke aantallen gemaskeerd onder 10.`
    : r.viewer === "admin" ? "Registerhouder: alle aantallen ongemaskeerd."
    : "Openbaar (aantallen onder 10 gemaskeerd).";
  if (own) header([["ORPHAcode"], ["Aandoening"], ["Eigen patiënten", 1], ["Landelijk", 1]]);
  else header([["ORPHAcode"], ["Aandoening"], ["Patiënten", 1], ["Verwacht (prevalentie)", 1]]);
  const rows = r.rows.map(x => ZL.el("tr", {"data-orpha": x.orpha},
    ZL.el("td", {class: "code"}, "ORPHA:" + x.orpha),
    ZL.el("th", {scope: "row"}, x.name || ""),
    ZL.el("td", {class: "num"}, x.patients_display),
    ZL.el("td", {class: "num"}, own ? (x.national_display || "–")
      : (x.expected !== undefined ? `${ZL.fmt(x.expected)} (${ZL.fmt(x.expected_low)}–${ZL.fmt(x.expected_high)})` : "–"))));
  $("counts").tBodies[0].replaceChildren(...rows);
}

async function load() {
  const token = sessionStorage.getItem(KEY);
  try {
    let who = null;
    if (token) {
      who = await ZL.api("/whoami", {token});
      if (who.location_id) {
        const loc = await ZL.api("/locations/" + encodeURIComponent(who.location_id)).catch(() => null);
        if (loc) who.name = loc.name;
      }
    }
    render(await ZL.api("/registry/counts", {token}), who);
  } catch (e) {
    if (e.status === 401) sessionStorage.removeItem(KEY);
    ZL.showError($("messages"), e);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("login").addEventListener("submit", ev => {
    ev.preventDefault();
    const t = $("token").value.trim();
    if (t) sessionStorage.setItem(KEY, t);
    $("token").value = "";
    load();
  });
  $("logout").addEventListener("click", () => { sessionStorage.removeItem(KEY); load(); });
  load();
});
