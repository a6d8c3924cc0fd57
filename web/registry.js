// The registry page: public national counts (suppressed), or with a location token the
// location's own unsuppressed counts beside the national ones. Which numbers may be shown
// is decided by the server; this page shows what it gets.
"use strict";

const $ = id => document.getElementById(id);
const KEY = "zl-registry-token";
const t = (k, ...a) => ZL.t(k, ...a);

ZL.texts({
  nl: {title: "Registratie van zeldzame aandoeningen",
       intro: "Zonder token ziet u de landelijke aantallen, met aantallen van 1 tot en met 9 als „<10”. Met het token van uw locatie ziet u de eigen patiëntaantallen ongemaskeerd, naast het landelijke aantal.",
       token: "Token van uw locatie", login: "Aanmelden", logout: "Afmelden",
       token_help: "Het token blijft alleen in dit tabblad bewaard (sessionStorage) en wordt alleen naar deze server gestuurd.",
       view: "Weergave", counts_title: "Patiënten per ORPHAcode",
       counts_caption: "Patiënten ontdubbeld op pseudoniem; verwacht aantal uit de prevalentie (Orphadata) waar bekend.",
       public_view: "Openbaar (aantallen onder 10 gemaskeerd).", admin_view: "Registerhouder: alle aantallen ongemaskeerd.",
       own_view: (loc, name) => `Locatie ${loc}${name ? " (" + name + ")" : ""}: eigen aantallen ongemaskeerd; landelijke aantallen gemaskeerd onder 10.`,
       c_code: "ORPHAcode", c_name: "Aandoening", c_own: "Eigen patiënten", c_national: "Landelijk", c_patients: "Patiënten",
       c_expected: "Verwacht (prevalentie)", synthetic_reg: "Synthetische registraties: gegenereerd met een vaste seed, geen echte patiënten.",
       filter: "Filter op code of naam", export_name: "registratie",
       upload_title: "Registraties aanleveren",
       upload_help: "Een CSV-bestand met de kolommen location_id, pseudonym, orpha, diagnosis_date, birth_year, sex, pc4 en contact_date (docs/formats-registry.md). Alleen rijen van uw eigen locatie worden aangenomen; u krijgt per afgewezen rij de reden.",
       upload_file: "Bestand (CSV)", upload_button: "Aanleveren", upload_choose: "Kies eerst een bestand.",
       history_title: "Eerdere aanleveringen", history_caption: "Aanleveringen van uw locatie, nieuwste eerst.",
       h_when: "Moment", h_file: "Bestand", h_rows: "Rijen", h_accepted: "Aangenomen", h_rejected: "Afgewezen",
       h_new: "Nieuw", h_updated: "Bijgewerkt", no_history: "Nog geen aanleveringen.",
       report_title: name => `Validatierapport: ${name}`,
       report_summary: (rows, acc, rej) => `${rows} rijen: ${acc} aangenomen, ${rej} afgewezen.`,
       report_stored: (ins, upd, same) => `Opgeslagen: ${ins} nieuw, ${upd} bijgewerkt, ${same} ongewijzigd.`,
       report_truncated: "Alleen de eerste 1000 redenen worden getoond.",
       r_line: "Regel", r_reason: "Reden", report_ok: "Alle rijen zijn aangenomen."},
  en: {title: "Rare-disease registry",
       intro: "Without a token you see the national counts, with counts of 1 to 9 shown as “<10”. With your location's token you see your own patient counts unsuppressed, beside the national count.",
       token: "Your location's token", login: "Sign in", logout: "Sign out",
       token_help: "The token is kept in this tab only (sessionStorage) and is sent to this server only.",
       view: "View", counts_title: "Patients per ORPHAcode",
       counts_caption: "Patients de-duplicated by pseudonym; expected number from the prevalence (Orphadata) where known.",
       public_view: "Public (counts below 10 suppressed).", admin_view: "Registry holder: all counts unsuppressed.",
       own_view: (loc, name) => `Location ${loc}${name ? " (" + name + ")" : ""}: own counts unsuppressed; national counts suppressed below 10.`,
       c_code: "ORPHAcode", c_name: "Disorder", c_own: "Own patients", c_national: "National", c_patients: "Patients",
       c_expected: "Expected (prevalence)", synthetic_reg: "Synthetic registrations: generated with a fixed seed, no real patients.",
       filter: "Filter by code or name", export_name: "registry",
       upload_title: "Submit registrations",
       upload_help: "A CSV file with the columns location_id, pseudonym, orpha, diagnosis_date, birth_year, sex, pc4 and contact_date (docs/formats-registry.md). Only rows of your own location are accepted; every rejected row comes with its reason.",
       upload_file: "File (CSV)", upload_button: "Submit", upload_choose: "Choose a file first.",
       history_title: "Earlier submissions", history_caption: "Submissions of your location, newest first.",
       h_when: "When", h_file: "File", h_rows: "Rows", h_accepted: "Accepted", h_rejected: "Rejected",
       h_new: "New", h_updated: "Updated", no_history: "No submissions yet.",
       report_title: name => `Validation report: ${name}`,
       report_summary: (rows, acc, rej) => `${rows} rows: ${acc} accepted, ${rej} rejected.`,
       report_stored: (ins, upd, same) => `Stored: ${ins} new, ${upd} updated, ${same} unchanged.`,
       report_truncated: "Only the first 1000 reasons are shown.",
       r_line: "Line", r_reason: "Reason", report_ok: "Every row was accepted."},
});
const view = {r: null, who: null};

function header(cols) {
  $("counts-head").replaceChildren(...cols.map(([label, num]) => ZL.el("th", {scope: "col", class: num ? "num" : null}, label)));
}

function columns(own) {
  return own ? [[t("c_code")], [t("c_name")], [t("c_own"), 1], [t("c_national"), 1]]
             : [[t("c_code")], [t("c_name")], [t("c_patients"), 1], [t("c_expected"), 1]];
}

function expected(x) {
  return x.expected !== undefined ? `${ZL.fmt(x.expected)} (${ZL.fmt(x.expected_low)}–${ZL.fmt(x.expected_high)})` : "–";
}

function visibleRows(r) {
  const f = ($("filter").value || "").trim().toLowerCase();
  return f ? r.rows.filter(x => ("orpha:" + x.orpha).includes(f) || String(x.orpha) === f ||
                                (x.name || "").toLowerCase().includes(f)) : r.rows;
}

/* The table as shown (filter applied), for the CSV and Excel exports. */
function tableForExport() {
  const r = view.r, own = r.viewer === "location";
  return {title: t("counts_title"), columns: columns(own).map(c => c[0]), synthetic: !!r.synthetic,
          rows: visibleRows(r).map(x => ["ORPHA:" + x.orpha, x.name || "", x.patients_display,
                                         own ? (x.national_display || "") : expected(x)])};
}

function render(r, who) {
  view.r = r;
  view.who = who;
  const own = r.viewer === "location";
  ZL.synthetic(!!r.synthetic, "synthetic_reg");
  $("who").textContent = own ? t("own_view", r.location, who && who.name)
    : r.viewer === "admin" ? t("admin_view") : t("public_view");
  header(columns(own));
  const rows = visibleRows(r).map(x => ZL.el("tr", {"data-orpha": x.orpha},
    ZL.el("td", {class: "code"}, "ORPHA:" + x.orpha),
    ZL.el("th", {scope: "row"}, x.name || ""),
    ZL.el("td", {class: "num"}, x.patients_display),
    ZL.el("td", {class: "num"}, own ? (x.national_display || "–") : expected(x))));
  $("counts").tBodies[0].replaceChildren(...rows);
}

/* ---- upload and history (a location's or the registry holder's token) ---- */

function renderReport(rep) {
  const parts = [ZL.el("h3", {}, t("report_title", rep.name)),
    ZL.el("p", {class: rep.rejected ? "error" : "ok-note", role: rep.rejected ? "alert" : "status"},
          t("report_summary", ZL.fmt(rep.rows), ZL.fmt(rep.accepted), ZL.fmt(rep.rejected))),
    ZL.el("p", {}, t("report_stored", ZL.fmt(rep.inserted), ZL.fmt(rep.updated), ZL.fmt(rep.unchanged)))];
  if (rep.rejections.length) {
    parts.push(ZL.el("div", {class: "tablewrap"}, ZL.el("table", {id: "report-rejections"},
      ZL.el("thead", {}, ZL.el("tr", {}, ZL.el("th", {scope: "col", class: "num"}, t("r_line")),
                                         ZL.el("th", {scope: "col"}, t("r_reason")))),
      ZL.el("tbody", {}, rep.rejections.map(j => ZL.el("tr", {}, ZL.el("td", {class: "num"}, j.line),
                                                       ZL.el("td", {}, j.reason)))))));
    if (rep.rejections_truncated) parts.push(ZL.el("p", {class: "muted"}, t("report_truncated")));
  } else {
    parts.push(ZL.el("p", {}, t("report_ok")));
  }
  $("report-box").replaceChildren(ZL.el("div", {id: "report", class: "report"}, parts));
}

async function loadHistory(token) {
  const list = await ZL.api("/registry/submissions", {token});
  const rows = list.map(s => ZL.el("tr", {"data-id": s.id},
    ZL.el("td", {}, s.submitted_at.replace("T", " ").replace("Z", " UTC")), ZL.el("td", {}, s.source),
    ZL.el("td", {class: "num"}, ZL.fmt(s.rows)), ZL.el("td", {class: "num"}, ZL.fmt(s.accepted)),
    ZL.el("td", {class: "num"}, ZL.fmt(s.rejected)), ZL.el("td", {class: "num"}, ZL.fmt(s.inserted)),
    ZL.el("td", {class: "num"}, ZL.fmt(s.updated))));
  if (!rows.length) rows.push(ZL.el("tr", {}, ZL.el("td", {colspan: 7, class: "muted"}, t("no_history"))));
  $("history").tBodies[0].replaceChildren(...rows);
}

async function upload(ev) {
  ev.preventDefault();
  const token = sessionStorage.getItem(KEY);
  const file = $("upload-file").files[0];
  $("upload-messages").replaceChildren();
  if (!file) { ZL.showError($("upload-messages"), new Error(t("upload_choose"))); return; }
  $("upload-button").disabled = true;
  try {
    const rep = await ZL.api("/registry/submissions", {token, body: {name: file.name, csv: await file.text()}});
    view.report = rep;
    renderReport(rep);
    await loadHistory(token);
    load();
  } catch (e) {
    ZL.showError($("upload-messages"), e);
  } finally {
    $("upload-button").disabled = false;
  }
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
    const canUpload = !!(who && (who.role === "location" || who.role === "admin"));
    $("upload").hidden = !canUpload;
    if (canUpload) await loadHistory(token);
  } catch (e) {
    if (e.status === 401) sessionStorage.removeItem(KEY);
    ZL.showError($("messages"), e);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  ZL.onLanguage(() => {
    if (view.r) render(view.r, view.who);
    if (view.report) renderReport(view.report);
    if (!$("upload").hidden) loadHistory(sessionStorage.getItem(KEY)).catch(() => {});
  });
  $("upload-form").addEventListener("submit", upload);
  $("filter").addEventListener("input", () => view.r && render(view.r, view.who));
  $("counts-exports").replaceChildren(ZL.exportButtons(tableForExport, () => t("export_name")));
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
