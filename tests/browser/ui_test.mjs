// End-to-end browser test of the zorglandschap UI in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core). Started by tests/e2e/test_http_browser.sh
// against a server on the HTTP fixture database.
// usage: node ui_test.mjs BASE_URL ARTIFACT_DIR FINDER_QUERY FINDER_EXPECT
import {openBrowser, waitFor} from "./harness.mjs";
import {join} from "node:path";

const [base, artifacts, finderQuery, finderExpect] = process.argv.slice(2);
const t = await openBrowser(base);
const {ctx, page, ok, watch, pageErrors, offsite} = t;

async function mapFingerprint() {
  return page.$$eval("#map path", ps => ps.map(p => p.getAttribute("fill")).join(""));
}
async function statuses() {
  return page.$$eval("#locations tbody tr", rs => rs.map(r => r.dataset.id + ":" + r.dataset.status));
}

const text = sel => page.locator(sel).first().innerText();
const attr = (sel, name) => page.getAttribute(sel, name);
const headers = () => page.$$eval("#counts-head th", ths => ths.map(t => t.textContent).join("|"));

try {
  if (finderQuery) {
    // ---- finder: Dutch first; the toggle must change the page's language and its texts ----
    // A fixed register date keeps the expected centre stable as time passes.
    await page.goto(base + "/finder.html?date=2025-06-01");
    ok(await attr("html", "lang") === "nl", "finder starts in Dutch (html lang=nl)");
    ok(await text("h1") === "Expertise vinden voor een zeldzame aandoening", "Dutch page title");
    await page.getByRole("combobox", {name: /Zoek een aandoening/}).pressSequentially(finderQuery, {delay: 60});
    // The suggestions of the whole query, not of a prefix typed while the page answered.
    await page.waitForSelector(`#suggestions[data-q="${finderQuery}"] li`, {timeout: 10000});
    ok((await text("#suggestions li")).includes("ORPHA:586"),
       `first suggestion for '${finderQuery}' is cystic fibrosis (ORPHA:586)`);
    await page.keyboard.press("Enter");
    await page.waitForSelector(".hit", {timeout: 10000});
    ok((await text("#results")).includes(finderExpect), `finder shows the expected centre '${finderExpect}'`);
    const hitNl = await text(".hit h3");
    ok(hitNl === "Erkende expertisecentra", `result headings in Dutch (${hitNl})`);
    await page.screenshot({path: join(artifacts, "finder-nl.png"), fullPage: true});

    await page.getByRole("button", {name: /English/}).click();
    await page.waitForSelector('html[lang="en"]', {timeout: 5000});
    ok(await attr("html", "lang") === "en", "toggle: html lang becomes en");
    ok(await text("h1") === "Find expertise for a rare disease", "toggle: title in English");
    ok(await text("#lang-toggle") === "Nederlands", "toggle: the button now offers Dutch");
    ok(await page.getByRole("combobox", {name: /Search for a disorder/}).count() === 1,
       "toggle: the search box is labelled in English");
    // The results are drawn again in the chosen language (the last query is asked again).
    await waitFor(page, () => {
      const h = document.querySelector(".hit h3");
      return h && h.textContent !== "Erkende expertisecentra";
    }, null, 10000).catch(() => {});
    const hitEn = await text(".hit h3");
    ok(hitEn === "Recognised expertise centres", `toggle: result headings in English (${hitEn})`);
    ok((await text("#results")).includes(finderExpect), "toggle: the same centre is still shown");
    await page.screenshot({path: join(artifacts, "finder-en.png"), fullPage: true});
  }

  // ---- registry: public, then a location's own view with its token ----
  if (process.env.ZL_LOCATION_TOKEN) {
    await page.goto(base + "/registry.html?lang=nl"); // the language the finder toggled is remembered
    await page.waitForSelector('#counts tbody tr[data-orpha="133"]', {timeout: 10000});
    const row = '#counts tbody tr[data-orpha="133"] td.num';
    const pub = await text(row);
    const headPub = await headers();
    ok(headPub === "ORPHAcode|Aandoening|Patiënten|Verwacht (prevalentie)", `registry: public columns (${headPub})`);
    ok(pub === "60", `registry: the public national count of ORPHA:133 (${pub})`);
    await page.getByLabel("Token van uw locatie").fill(process.env.ZL_LOCATION_TOKEN);
    await page.getByLabel("Token van uw locatie").press("Enter");
    await page.waitForSelector('#who:has-text("Locatie 100101")', {timeout: 10000});
    const headOwn = await headers();
    ok(headOwn === "ORPHAcode|Aandoening|Eigen patiënten|Landelijk", `registry: own and national columns (${headOwn})`);
    const own = await text(row);
    ok(own === "5", `registry: own count with the location token (${own}; public ${pub})`);
    const national = await page.locator(row).nth(1).innerText();
    ok(national === pub, `registry: the national count beside it (${national})`);
    await page.screenshot({path: join(artifacts, "registry-location.png"), fullPage: true});
  }

  // ---- impact ----
  /* The scenario's own impact requests (with the map), not the rule band's. */
  const impactPosts = [];
  const countImpact = r => {
    if (r.method() === "POST" && /\/api\/v1\/impact$/.test(r.url()) && JSON.parse(r.postData()).map) impactPosts.push(r.postData());
  };
  page.on("request", countImpact);
  await page.goto(base + "/impact.html?intervention=LUNG&lang=nl");
  await page.waitForSelector("#locations tbody tr", {timeout: 15000});
  await page.waitForSelector("#map[data-norm]", {timeout: 30000});
  const norm0 = await attr("#map", "data-norm");
  const fp0 = await mapFingerprint();
  const st0 = await statuses();
  ok(norm0 === "20", `impact page uses the current norm (${norm0})`);
  page.off("request", countImpact);
  ok(impactPosts.length === 1, `first load: one impact request, the early one sent with the page's others (${impactPosts.join(" | ")})`);
  ok(await page.locator("#map path").count() > 4000, "map draws the PC4 polygons");
  ok(await page.locator("#map .zl-marker[role=button]").count() === 8, "map marks the eight locations");
  ok((await text("#synthetic")).startsWith("Synthetische gegevens"), "synthetic numbers are labelled");
  ok(st0.filter(s => s.endsWith(":stops")).join() === "100101:stops",
     `only the AMC (100101) stops at the current norm (${st0})`);
  await page.screenshot({path: join(artifacts, "impact-norm20.png"), fullPage: true});

  await page.getByLabel(/^Norm/).fill("60");
  await page.getByLabel(/^Norm/).press("Enter");
  await page.waitForSelector('#map[data-norm="60"]', {timeout: 15000});
  const fp1 = await mapFingerprint();
  const st1 = await statuses();
  ok(fp1 !== fp0, "map colours change with the norm");
  ok(st1.filter(s => s.endsWith(":stops")).length === 4, `four locations stop at 60 (${st1})`);
  ok(st1.includes("100101:stops"), "the AMC (100101) stops at 60");
  ok(await page.locator("#histogram rect").count() > 0, "histogram of extra minutes");
  // Allocation rules (issue 10, web/choice.js): the band across rules and the fit summary.
  await page.waitForSelector("#choice-band tbody tr[data-rule]", {timeout: 15000});
  ok(await page.locator("#choice-band tbody tr[data-rule]").count() >= 2, "one band row per available rule");
  ok(await page.locator("#choice-band-row").isVisible(), "the band (lowest - highest) is shown");
  await page.waitForSelector("#choice-fit-summary", {timeout: 15000});
  const fitText = await page.locator("#choice-fit-summary").textContent();
  ok(/ρ² = \d/.test(fitText), `the choice-model summary of the demo's fit is shown (${fitText})`);
  await page.selectOption("#rule", "share");
  await page.waitForSelector('#choice-band tbody tr.main[data-rule="share"]', {timeout: 15000});
  ok(await page.locator("#choice-band tbody tr.main").count() === 1, "the rule share can be chosen; the band marks it alone");
  await page.selectOption("#rule", "nearest");
  await page.screenshot({path: join(artifacts, "impact-norm60.png"), fullPage: true});

  // The report of this scenario (issue 15): the link opens the server's HTML report.
  await waitFor(page, () => /norm=60&rule=nearest/.test(document.querySelector("#report").href), null, 15000);
  const [report] = await Promise.all([page.waitForEvent("popup"), page.click("#report")]);
  await report.waitForSelector("#t-key_figures", {timeout: 30000});
  ok(/norm of 60 for Lung resection/.test(await report.title()), `the report opens (${await report.title()})`);
  const stopRow = report.locator("#t-key_figures tr", {hasText: "locations that stop"}).locator("td").nth(1);
  ok((await stopRow.innerText()) === "4", "the report's key figures: four locations stop, as on the page");
  ok(await report.locator("#m-map_minutes_after use").count() > 4000, "the report's map draws the PC4 areas");
  await report.screenshot({path: join(artifacts, "impact-report.png")});
  await report.close();

  // Keyboard: keep a stopping location through its labelled control.
  const keep = page.getByLabel(/Aanpassing voor Academisch Medisch Centrum/);
  await keep.focus();
  await keep.selectOption("keep");
  await page.waitForSelector('#locations tbody tr[data-id="100101"]:not([data-status="stops"])',
                            {timeout: 15000});
  const st2 = await statuses();
  ok(!st2.includes("100101:stops") && st2.filter(s => s.endsWith(":stops")).length === 3,
     `keeping the AMC: it no longer stops, three others still do (${st2})`);
  ok((await text('#locations tbody tr[data-id="100101"] td.status')).endsWith("(behouden)"),
     "the AMC is marked kept in the table");
  ok(await attr("#map", "data-norm") === "60", "the norm stays 60 while keeping a location");

  // The report carries the whole scenario (issue 15): stop a receiving location as well, then
  // the link names the kept and the stopped location and the opened report shows them so.
  const stopId = (st2.find(s => s.endsWith(":receives") && !s.startsWith("100101:")) || "").split(":")[0];
  ok(stopId !== "", `a receiving location to stop (${st2})`);
  await page.locator(`#locations select[data-id="${stopId}"]`).selectOption("stop");
  await page.waitForSelector(`#locations tbody tr[data-id="${stopId}"][data-status="stops"]`, {timeout: 15000});
  const st3 = await statuses();
  const stopping3 = st3.filter(s => s.endsWith(":stops")).length;
  await page.waitForSelector(`#report[href*="stop=${stopId}"]`, {state: "attached", timeout: 15000});
  const href = new URL(await attr("#report", "href"), base);
  const q = href.searchParams;
  ok(q.get("intervention") === "LUNG" && q.get("norm") === "60" && q.get("rule") === "nearest" &&
     q.get("keep") === "100101" && q.get("stop") === stopId,
     `the report link carries the scenario: norm, rule, kept and stopped locations (${href.search})`);
  const [report2] = await Promise.all([page.waitForEvent("popup"), page.click("#report")]);
  await report2.waitForSelector("#t-locations", {timeout: 30000});
  const cellOf = async (id, col) => (await report2.locator("#t-locations tr").filter({
    has: report2.locator("td", {hasText: new RegExp("^" + id + "$")})}).first().locator("td").nth(col).innerText()).trim();
  const kept = [await cellOf("100101", 3), await cellOf("100101", 9)];
  const stopped = [await cellOf(stopId, 3), await cellOf(stopId, 9)];
  ok(kept[0] !== "stops" && kept[1] === "kept", `the report shows the AMC kept, not stopping (${kept})`);
  ok(stopped[0] === "stops" && stopped[1] === "stopped", `the report shows ${stopId} stopped (${stopped})`);
  const stopRow2 = report2.locator("#t-key_figures tr", {hasText: "locations that stop"}).locator("td").nth(1);
  const stopping2 = await stopRow2.innerText();
  ok(stopping2 === String(stopping3), `the report's locations that stop equal the page's (${stopping2} = ${stopping3})`);
  ok(/Scenario: locations kept whatever their volume: 100101; locations stopped whatever their volume: /
       .test(await report2.locator("body").innerText()), "the report's summary names the scenario's overrides");
  await report2.screenshot({path: join(artifacts, "impact-report-scenario.png")});
  await report2.close();
  ok(pageErrors.length === 0, "no script errors: " + pageErrors.join("; "));
  ok(offsite.length === 0, "no requests to other origins: " + offsite.join(" "));
} catch (e) {
  ok(false, "browser test: " + e.message);
  await page.screenshot({path: join(artifacts, "failure.png"), fullPage: true}).catch(() => {});
}
await t.done();
