// Browser test of the quality page (web/quality.html) in headless Chromium, started by
// tests/e2e/test_http_browser_quality.sh against the HTTP fixture with the quality
// fixture's SYNTHETIC indicator values: the interactive funnel plot (hover and keyboard
// focus show the hospital), the comparison ordered by travel time, the norm's expected
// change with its caveat, who publishes what, and the language toggle.
// usage: node quality_test.mjs BASE_URL ARTIFACT_DIR
import {openBrowser} from "./harness.mjs";
import {join} from "node:path";

const [base, artifacts] = process.argv.slice(2);
const t = await openBrowser(base);
const {ctx, page, ok, watch, pageErrors, offsite} = t;
const text = sel => page.locator(sel).first().innerText();

try {
  await page.goto(base + "/quality.html?intervention=LUNG&postcode=3584");
  await page.waitForSelector("#funnel circle.dot", {timeout: 15000});
  ok((await text("h1")) === "Kwaliteit van zorg: uitkomsten per ziekenhuis", "Dutch page title");
  ok((await text("#synthetic")).startsWith("SYNTHETISCH"), "synthetic banner shown");
  const dots = await page.$$eval("#funnel circle.dot", cs => cs.map(c => c.dataset.id));
  ok(dots.length === 7 && !dots.includes("103301"), `7 points, the unpublished result left out (${dots})`);
  const worse = await page.$$eval("#funnel circle.dot-worse", cs => cs.map(c => c.dataset.id));
  ok(worse.length === 1 && worse[0] === "107901", `107901 drawn as worse (${worse})`);
  await page.hover('#funnel circle[data-id="107901"]');
  const info = await text("#funnel-info");
  ok(/slechter dan verwacht/.test(info) && /patiënten/.test(info), `hover shows the hospital: ${info}`);
  await page.focus('#funnel circle[data-id="101801"]');
  const info2 = await text("#funnel-info");
  ok(info2 !== info && /zoals verwacht/.test(info2), `keyboard focus shows another hospital: ${info2}`);
  const mins = await page.$$eval("#compare tbody tr td:nth-child(2)", ts => ts.map(t => parseFloat(t.textContent.replace(",", "."))));
  ok(mins.length === 8 && mins.every((m, i) => i === 0 || m >= mins[i - 1]), `comparison ordered by travel time (${mins})`);
  ok((await text("#compare tbody")).includes("niet openbaar"), "comparison says which result is not published");
  ok((await page.$$eval("#explain li", ls => ls.length)) === 5, "five plain-language explanations");
  ok(/7 van 8 resultaten openbaar/.test(await text("#pub-national")), "publication: 7 of 8 LUNG results, national share");
  await page.fill("#norm", "60");
  await page.click("#vo-apply");
  await page.waitForSelector("#vo .scenario", {timeout: 15000});
  ok(/norm van 60/.test(await text("#vo .scenario")), "norm 60: expected change shown");
  ok(/Samenhang is geen oorzaak/.test(await text("#vo .caveat")), "association is not causation, in Dutch");
  await page.screenshot({path: join(artifacts, "quality-nl.png"), fullPage: true});
  await page.click("#lang-toggle");
  ok((await text("h1")) === "Quality of care: outcomes per hospital", "English after the toggle");
  ok(/Association is not causation/.test(await text("#vo .caveat")), "caveat in English");
  await page.hover('#funnel circle[data-id="107901"]');
  ok(/worse than expected/.test(await text("#funnel-info")), "hover text in English");
  ok(pageErrors.length === 0, "no page errors " + pageErrors.join("; "));
  ok(offsite.length === 0, "nothing requested from elsewhere " + offsite.join(" "));
} catch (e) {
  ok(false, "quality page: " + e.message);
  await page.screenshot({path: join(artifacts, "quality-failure.png"), fullPage: true}).catch(() => {});
}
await t.done();
