// The rare-disease network page and the finder's care close to home in headless Chromium
// (issue 16), started by tests/e2e/test_http_browser_rare.sh against the HTTP fixture with
// the network fixture of tests/fixtures/rare. Every wait is on page state the page sets
// when it has drawn (main[data-state], data-network, data-q), never on time.
// usage: node network_test.mjs BASE_URL ARTIFACT_DIR
import {openBrowser} from "./harness.mjs";
import {join} from "node:path";

const [base, artifacts] = process.argv.slice(2);
const t = await openBrowser(base);
const {ctx, page, ok, watch, pageErrors, offsite} = t;
const text = sel => page.locator(sel).first().innerText();

try {
  // ---- the network page ----
  await page.goto(base + "/network.html?network=NET-CF&date=2024-06-01&lang=nl");
  await page.waitForSelector('main[data-state="ready"][data-network="NET-CF"]', {timeout: 15000});
  ok((await text("#net-title")) === "Test network pulmonary", "the network's name is the title");
  ok((await text("main > p")).startsWith("Per ECZA-netwerk"), "the introduction is in Dutch");
  const markers = await page.getAttribute("#map", "data-markers");
  ok(markers === "6", `six markers: three centres and three partners (${markers})`);
  const shown = await page.$$eval("#map .leaflet-marker-icon, #map .leaflet-interactive", m => m.length);
  ok(shown >= 6, `the markers are drawn on the map (${shown})`);
  const legend = await text("#map-legend");
  ok(legend.includes("Coördinerend centrum") && legend.includes("Shared-care-partner"),
     "the legend names centres and partners");
  ok((await text("#path-score")).startsWith("Volledigheid 25%"), "pathway completeness 25%");
  const items = await page.$$eval('.checklist[data-code="ORPHA:101944"] tbody tr', r => r.length);
  ok(items === 10, `the checklist has the ten items (${items})`);
  ok((await text(".checklist .gaps")).includes("follow up"), "the gaps are listed");
  ok(await page.getAttribute("#due", "data-count") === "0", "no recognition of the network due on 2024-06-01");
  ok((await text("#synthetic")).length > 0, "the synthetic banner is shown");
  await page.screenshot({path: join(artifacts, "network-nl.png"), fullPage: true});
  // a later date: N-LEI's term ends within 12 months; switching the language redraws
  await page.goto(base + "/network.html?network=NET-CF&date=2026-12-31&lang=en");
  await page.waitForSelector('main[data-state="ready"][data-network="NET-CF"]', {timeout: 15000});
  ok(await page.getAttribute("#due", "data-count") === "1", "one recognition due on 2026-12-31");
  ok((await text("#due")).includes("WAKZ: CF test centre"), "the due recognition is N-LEI's");
  ok((await text("#path-score")).startsWith("Completeness 25%"), "English texts");

  // ---- the finder: networks and the nearest partner next to the nearest centre ----
  await page.goto(base + "/finder.html?date=2024-06-01&lang=en");
  await page.fill("#pc", "3511");
  const box = page.getByRole("combobox");
  await box.fill("ORPHA:586");
  await page.click("#search-button");
  await page.waitForSelector("#results article.hit .nearest", {timeout: 15000});
  const nearest = await text("#results article.hit .nearest");
  ok(nearest.includes("St. Antonius Ziekenhuis Nieuwegein (17 min)"),
     `the nearest shared-care hospital by travel time (${nearest})`);
  ok((await text("#results article.hit .network")).includes("Test network pulmonary"),
     "the hit shows its network");
  const partners = await page.$$eval("#results article.hit li.partner", l => l.length);
  ok(partners === 3, `three shared-care partners listed (${partners})`);
  await page.click("#results article.hit .network a");
  await page.waitForSelector('main[data-state="ready"][data-network="NET-CF"]', {timeout: 15000});
  ok(true, "the network link opens the network page");
  ok(pageErrors.length === 0, "no script errors: " + pageErrors.join("; "));
  ok(offsite.length === 0, "no requests to other origins: " + offsite.join(" "));
} catch (e) {
  ok(false, "browser test: " + e.message);
  await page.screenshot({path: join(artifacts, "network-failure.png"), fullPage: true}).catch(() => {});
}
await t.done();
