// End-to-end browser test of the zorglandschap UI in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core). Started by tests/e2e/test_http_browser.sh
// against a server on the HTTP fixture database.
// usage: node ui_test.mjs BASE_URL ARTIFACT_DIR FINDER_QUERY FINDER_EXPECT
import {chromium} from "playwright-core";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";

const [base, artifacts, finderQuery, finderExpect] = process.argv.slice(2);
let passed = 0, failed = 0;
function ok(cond, what) {
  if (cond) { passed++; console.log("ok - " + what); }
  else { failed++; console.log("not ok - " + what); }
}

const profile = mkdtempSync(join(tmpdir(), "zl-chromium-"));
// A fresh profile directory each run (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: {width: 1280, height: 1100},
});
const page = await browser.newPage();
const pageErrors = [];
const offsite = [];
page.on("pageerror", e => pageErrors.push(String(e)));
page.on("request", r => { if (!r.url().startsWith(base)) offsite.push(r.url()); });

async function mapFingerprint() {
  return page.$$eval("#map path", ps => ps.map(p => p.getAttribute("fill")).join(""));
}
async function statuses() {
  return page.$$eval("#locations tbody tr", rs => rs.map(r => r.dataset.id + ":" + r.dataset.status));
}

try {
  if (finderQuery) {
    // ---- finder ----
    // A fixed register date keeps the expected centre stable as time passes.
    await page.goto(base + "/finder.html?date=2025-06-01");
    await page.getByRole("combobox", {name: /Zoek een aandoening/}).pressSequentially(finderQuery, {delay: 60});
    await page.waitForSelector("#suggestions li", {timeout: 10000});
    ok(await page.locator("#suggestions li").count() > 0, "suggestions while typing");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".hit", {timeout: 10000});
    const text = await page.locator("#results").innerText();
    ok(text.includes(finderExpect), `finder shows the expected centre '${finderExpect}'`);
    await page.screenshot({path: join(artifacts, "finder-nl.png"), fullPage: true});
    await page.getByRole("button", {name: /English/}).click();
    await page.waitForSelector('html[lang="en"]', {timeout: 5000});
    ok(await page.locator("h1").innerText() !== "", "English toggle");
    await page.screenshot({path: join(artifacts, "finder-en.png"), fullPage: true});
  }

  // ---- registry: public, then a location's own view with its token ----
  if (process.env.ZL_LOCATION_TOKEN) {
    await page.goto(base + "/registry.html?lang=nl"); // the language the finder toggled is remembered
    await page.waitForSelector('#counts tbody tr[data-orpha="133"]', {timeout: 10000});
    const pub = await page.locator('#counts tbody tr[data-orpha="133"] td.num').first().innerText();
    await page.getByLabel("Token van uw locatie").fill(process.env.ZL_LOCATION_TOKEN);
    await page.getByLabel("Token van uw locatie").press("Enter");
    await page.waitForSelector("#counts-head th:nth-child(4)", {timeout: 10000});
    await page.waitForSelector('#who:has-text("Locatie 100101")', {timeout: 10000});
    const own = await page.locator('#counts tbody tr[data-orpha="133"] td.num').first().innerText();
    ok(own === "5", `registry: own count with the location token (${own}; national ${pub})`);
    await page.screenshot({path: join(artifacts, "registry-location.png"), fullPage: true});
  }

  // ---- impact ----
  await page.goto(base + "/impact.html?intervention=LUNG&lang=nl");
  await page.waitForSelector("#locations tbody tr", {timeout: 15000});
  await page.waitForSelector("#map[data-norm]", {timeout: 30000});
  const norm0 = await page.getAttribute("#map", "data-norm");
  const fp0 = await mapFingerprint();
  const st0 = await statuses();
  ok(norm0 === "20", `impact page uses the current norm (${norm0})`);
  ok(await page.locator("#map path").count() > 4000, "map draws the PC4 polygons");
  ok(await page.locator("#map .zl-marker[role=button]").count() === 8, "map marks the eight locations");
  ok(await page.locator("#synthetic").isVisible(), "synthetic numbers are labelled");
  await page.screenshot({path: join(artifacts, "impact-norm20.png"), fullPage: true});

  await page.getByLabel(/^Norm/).fill("60");
  await page.getByLabel(/^Norm/).press("Enter");
  await page.waitForSelector('#map[data-norm="60"]', {timeout: 15000});
  const fp1 = await mapFingerprint();
  const st1 = await statuses();
  ok(fp1 !== fp0, "map colours change with the norm");
  ok(st1.join() !== st0.join(), "location table changes with the norm");
  ok(st1.filter(s => s.endsWith(":stops")).length === 4, "four locations stop at 60");
  ok(await page.locator("#histogram rect").count() > 0, "histogram of extra minutes");
  await page.screenshot({path: join(artifacts, "impact-norm60.png"), fullPage: true});

  // Keyboard: keep a stopping location through its labelled control.
  const keep = page.getByLabel(/Aanpassing voor Academisch Medisch Centrum/);
  await keep.focus();
  await keep.selectOption("keep");
  await page.waitForSelector('#locations tbody tr[data-id="100101"]:not([data-status="stops"])',
                            {timeout: 15000});
  ok(true, "a location can be kept from the table");
  ok(pageErrors.length === 0, "no script errors: " + pageErrors.join("; "));
  ok(offsite.length === 0, "no requests to other origins: " + offsite.join(" "));
} catch (e) {
  ok(false, "browser test: " + e.message);
  await page.screenshot({path: join(artifacts, "failure.png"), fullPage: true}).catch(() => {});
} finally {
  await browser.close();
  rmSync(profile, {recursive: true, force: true});
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
