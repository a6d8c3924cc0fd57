// Browser test of everyday use (issue 13) in headless Chromium: the language toggle across
// pages (remembered), API errors in the page's language with the synthetic banner still
// shown, the scenario in the URL (round trip into a fresh page), two scenarios side by
// side, the regional rule and the optimiser on the impact page, the map by keyboard (Tab
// to a marker, Enter opens it, + zooms), exports downloaded and opened (CSV parsed, XLSX
// read by openpyxl, SVG and PNG of the map), the finder by postcode, the registry upload
// with a bad file and the submission history, axe-core on every page (no serious or
// critical violations) and the 390 px phone layout. Screenshots go to ARTIFACT_DIR.
// usage: node everyday_test.mjs BASE_URL ARTIFACT_DIR   (env: ZL_ANALYST_TOKEN,
//        ZL_LOCATION_TOKEN, ZL_BAD_UPLOAD, ZL_GOOD_UPLOAD, PYTHON)
import {openBrowser, waitFor} from "./harness.mjs";
import {execFileSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {join} from "node:path";

const [base, artifacts] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const t = await openBrowser(base, {viewport: {width: 1280, height: 1000}, downloads: true});
const {ctx, page, ok, watch, pageErrors, offsite} = t;
const downloads = t.downloads;
const text = (sel, p = page) => p.locator(sel).first().innerText();
const shot = (name, p = page) => p.screenshot({path: join(artifacts, name), fullPage: true});

async function impactReady(p = page, norm = null) {
  await p.waitForSelector("#locations tbody tr", {timeout: 20000});
  await p.waitForSelector(norm ? `#map[data-norm="${norm}"]` : "#map[data-norm]", {timeout: 30000});
}

/* axe-core in the page (evaluated through the debugging protocol, so the page's CSP
 * does not apply); returns the serious and critical violations. */
async function axe(p, name) {
  await p.evaluate(axeSource);
  const res = await p.evaluate(async () => {
    const r = await window.axe.run(document, {resultTypes: ["violations"]});
    return r.violations.map(v => ({id: v.id, impact: v.impact, n: v.nodes.length,
                                   target: v.nodes.slice(0, 3).map(x => x.target.join(" ")).join(", ")}));
  });
  const bad = res.filter(v => v.impact === "serious" || v.impact === "critical");
  ok(bad.length === 0, `axe: no serious or critical violations on ${name}` +
     (bad.length ? ": " + bad.map(v => `${v.id} (${v.impact}, ${v.n}: ${v.target})`).join("; ") : ""));
}

async function download(p, selector) {
  const [d] = await Promise.all([p.waitForEvent("download", {timeout: 20000}), p.click(selector)]);
  const path = join(downloads, d.suggestedFilename());
  await d.saveAs(path);
  return {path, name: d.suggestedFilename()};
}

/* RFC 4180 reader for the exported CSV (quoted fields, doubled quotes, CRLF). */
function parseCsv(s) {
  const rows = [];
  let row = [], f = "", q = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '"' && s[i + 1] === '"') { f += '"'; i++; }
      else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ",") { row.push(f); f = ""; }
    else if (c === "\r") continue;
    else if (c === "\n") { row.push(f); rows.push(row); row = []; f = ""; }
    else f += c;
  }
  if (f !== "" || row.length) { row.push(f); rows.push(row); }
  return rows;
}

try {
  // ---- language: toggled on one page, kept on every other page and after reload ----
  await page.goto(base + "/impact.html?intervention=LUNG");
  await impactReady();
  ok(await page.getAttribute("html", "lang") === "nl", "impact page starts in Dutch");
  await page.click("#lang-toggle");
  await page.waitForSelector('html[lang="en"]');
  ok(await text("h1") === "Impact of a volume norm", "impact page in English after the toggle");
  ok((await text("#synthetic")).startsWith("Synthetic data"), "synthetic banner in English");
  ok((await text("#locations thead")).includes("Volume before"), "table headers in English");
  for (const [path, h1] of [["/finder.html", "Find expertise for a rare disease"], ["/registry.html", "Rare-disease registry"],
                            ["/index.html", "Decision support for the Dutch landscape of specialist hospital care"]]) {
    await page.goto(base + path);
    await page.waitForSelector('html[lang="en"]', {timeout: 5000}).catch(() => {});
    ok(await text("h1") === h1, `${path} opens in English (remembered): ${await text("h1")}`);
    ok(await text("#lang-toggle") === "Nederlands", `${path} has the toggle offering Dutch`);
  }
  const apiEn = await page.evaluate(() => ZL.api("/interventions/NOPE").catch(e => e.message));
  ok(apiEn === "no intervention with this code", `API error in English on an English page (${apiEn})`);
  await page.goto(base + "/registry.html?lang=nl");
  await page.waitForSelector('html[lang="nl"]');
  ok(await text("h1") === "Registratie van zeldzame aandoeningen", "?lang=nl switches back to Dutch");
  const apiNl = await page.evaluate(() => ZL.api("/interventions/NOPE").catch(e => e.message));
  ok(apiNl === "geen interventie met deze code", `API error in Dutch on a Dutch page (${apiNl})`);
  await page.reload();
  ok(await page.getAttribute("html", "lang") === "nl", "Dutch remembered after reload");

  // ---- impact: an error keeps the synthetic banner ----
  await page.goto(base + "/impact.html?intervention=AAA");
  await impactReady();
  await page.click("#norm-proposed");
  await page.waitForSelector("#messages .error");
  ok(await page.locator("#synthetic").isVisible(), "synthetic banner stays visible while an error is shown");
  ok((await text("#messages .error")).includes("geen norm voorgesteld"), "the error is in Dutch");

  // ---- scenario in the URL: build one, open the link in a fresh page ----
  await page.goto(base + "/impact.html?intervention=LUNG");
  await impactReady();
  await page.fill("#norm", "60");
  await page.press("#norm", "Enter");
  await impactReady(page, "60");
  await page.getByLabel(/Aanpassing voor Academisch Medisch Centrum/).selectOption("keep");
  await page.waitForSelector('#locations tbody tr[data-id="100101"]:not([data-status="stops"])', {timeout: 15000});
  await page.selectOption("#colour-by", "extra");
  await page.check("#compare");
  await page.waitForSelector("#comparison:not([hidden])", {timeout: 15000});
  await page.fill("#norm-b", "40");
  await page.press("#norm-b", "Enter");
  await waitFor(page, () => document.getElementById("cmp-b").textContent.includes("40"), null, 15000);
  const url = page.url();
  ok(/norm=60/.test(url) && /keep=100101/.test(url) && /colour=extra/.test(url) && /compare=1/.test(url) && /bnorm=40/.test(url),
     `the URL holds the scenario (${url.replace(base, "")})`);
  const statusA = await page.$$eval("#locations tbody tr", rs => rs.map(r => r.dataset.id + ":" + r.dataset.status).join());
  const p2 = await ctx.newPage();
  watch(p2);
  await p2.goto(url);
  await impactReady(p2, "60");
  await p2.waitForSelector("#comparison:not([hidden])", {timeout: 15000});
  ok(await p2.inputValue("#norm") === "60" && await p2.inputValue("#colour-by") === "extra" &&
     await p2.inputValue("#norm-b") === "40" && await p2.isChecked("#compare"), "a fresh page restores the controls from the URL");
  const statusA2 = await p2.$$eval("#locations tbody tr", rs => rs.map(r => r.dataset.id + ":" + r.dataset.status).join());
  ok(statusA2 === statusA, `a fresh page computes the same scenario (${statusA2})`);
  ok((await p2.inputValue('select[data-id="100101"]')) === "keep", "the kept location is restored");
  await p2.close();

  // ---- comparison: two scenarios side by side ----
  ok(await page.locator("#cmp-table tbody tr").count() === 6, "comparison table with six measures");
  const cmpStops = await page.$eval("#cmp-table tbody tr:nth-child(2)", tr => [...tr.cells].map(c => c.textContent));
  ok(cmpStops[1] === "3" && cmpStops[2] === "1" && cmpStops[3] === "-2",
     `locations that stop, the AMC kept in both: A (60) 3, B (40) 1, difference -2 (${cmpStops})`);
  await waitFor(page, () => document.querySelectorAll("#map-b path").length > 4000, null, 30000);
  ok(true, "scenario B has its own map");
  ok(await page.locator("#th-status-b").isVisible(), "the location table shows the status in B");
  await shot("impact-compare.png");

  // ---- histogram: suppressed bins drawn and explained ----
  const hist = await page.$$eval("#histogram rect.suppressed", rs => rs.length);
  const lt10 = await page.$$eval("#histogram text.lt10", ts => ts.length);
  ok(hist > 0 && lt10 > 0, `suppressed bins drawn hatched and labelled <10 (${hist} bins, ${lt10} labels)`);
  ok((await text("#hist-suppressed-legend")).includes("<10"), "the legend explains the suppressed bins");

  // ---- map by keyboard: focus the map, Tab to a marker, Enter opens it, + zooms ----
  await page.focus("#map");
  const z0 = await page.evaluate(() => document.querySelector("#map").className);
  let reached = null;
  for (let i = 0; i < 6 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => {
      const a = document.activeElement;
      return a && a.classList.contains("zl-marker") ? a.getAttribute("aria-label") : null;
    });
  }
  ok(reached !== null, `Tab reaches a location marker (${reached})`);
  await page.keyboard.press("Enter");
  await page.waitForSelector(".leaflet-popup-content", {timeout: 5000});
  ok((await text(".leaflet-popup-content")).length > 3, `Enter opens the marker's popup (${await text(".leaflet-popup-content")})`);
  const markers = await page.locator("#map .zl-marker[role=button][tabindex='0']").count();
  ok(markers === 8, `all eight markers are in the tab order (${markers})`);
  const scale0 = await page.evaluate(() => document.querySelector("#map .leaflet-map-pane").style.transform);
  await page.focus("#map");
  await page.keyboard.press("+");
  await page.waitForTimeout(600);
  const scale1 = await page.evaluate(() => document.querySelector("#map .leaflet-map-pane").style.transform +
                                           document.querySelector("#map .leaflet-proxy").style.transform);
  ok(scale1 !== scale0 + z0, "+ on the focused map zooms in");
  const legendMarkers = await page.$$eval("#map-legend .zl-marker", ms => ms.map(m => m.className.split(" ").find(c => c.startsWith("zl-marker-"))));
  const mapMarkers = await page.$$eval("#map .zl-marker[role=button]", ms => [...new Set(ms.map(m => m.className.split(" ").find(c => c.startsWith("zl-marker-"))))]);
  ok(mapMarkers.every(c => legendMarkers.includes(c)), `every marker kind on the map is in the legend (${mapMarkers} in ${legendMarkers})`);
  const labels = await page.locator("#map .zl-place").count();
  ok(labels >= 10, `place labels on the map (${labels})`);
  ok(await page.locator("#map path.leaflet-interactive, #map path").count() > 4000, "PC4 areas and province borders drawn");

  // ---- exports: CSV parsed, XLSX read, map as SVG and PNG ----
  const csv = await download(page, "#table-exports button[data-format=csv]");
  const rows = parseCsv(readFileSync(csv.path, "utf8"));
  ok(rows.length === 9 && rows[0][0] === "Locatie" && rows[0].at(-1) === "synthetic",
     `CSV export: header and 8 locations, marked synthetic (${rows.length} rows, ${rows[0]})`);
  ok(rows.some(r => r[1] === "100101" && r[6].includes("behouden")), "CSV export: the kept AMC as shown");
  const xlsx = await download(page, "#table-exports button[data-format=xlsx]");
  const py = process.env.PYTHON || "/usr/bin/python3";
  const cells = JSON.parse(execFileSync(py, ["-c",
    "import json,sys,openpyxl; ws=openpyxl.load_workbook(sys.argv[1]).active; print(json.dumps([[c for c in r] for r in ws.iter_rows(values_only=True)], default=str))",
    xlsx.path]).toString());
  ok(cells.length === 11 && String(cells[1][0]).startsWith("synthetic") && cells[2][0] === "Locatie",
     `XLSX export opens in openpyxl: title, synthetic note, header, 8 rows (${cells.length} rows)`);
  ok(cells.slice(3).some(r => r[1] === "100101" && typeof r[3] === "number"), "XLSX export: numbers stay numbers");
  const svg = await download(page, "#map-svg");
  const svgText = readFileSync(svg.path, "utf8");
  ok(svgText.startsWith("<svg") && (svgText.match(/<path/g) || []).length > 4000 && (svgText.match(/<circle/g) || []).length === 8,
     `map exported as SVG with the areas and 8 markers (${svg.name})`);
  const png = await download(page, "#map-png");
  const pngBytes = readFileSync(png.path);
  ok(pngBytes.subarray(1, 4).toString() === "PNG" && pngBytes.length > 20000, `map exported as PNG (${pngBytes.length} bytes)`);

  // ---- regional rule ----
  await page.goto(base + "/impact.html?intervention=LUNG&norm=60");
  await impactReady(page, "60");
  const layers = await page.$$eval("#layer option", os => os.map(o => o.value));
  ok(layers.includes("province"), `region layers offered (${layers})`);
  await page.selectOption("#rule", "region");
  await waitFor(page, () => /rule=region/.test(location.search), null, 15000);
  await waitFor(page, () => document.getElementById("norm-source").textContent.includes("regio"), null, 15000);
  ok(/layer=province/.test(page.url()), "the regional rule is in the URL with its layer");

  // ---- optimiser with an analyst token ----
  if (process.env.ZL_ANALYST_TOKEN) {
    await page.fill("#opt-token", process.env.ZL_ANALYST_TOKEN);
    await page.click("#opt-run");
    await page.waitForSelector("#opt-summary", {timeout: 60000});
    const open = await page.locator('#opt-locations li[data-open="1"]').count();
    ok(open > 0 && (await text("#opt-summary")).includes("open"), `optimiser result shown (${await text("#opt-summary")})`);
    await page.click("#opt-apply");
    await waitFor(page, n => document.querySelectorAll('#locations tbody select[data-id]').length &&
      [...document.querySelectorAll('#locations tbody select[data-id]')].filter(s => s.value === "keep").length === n, open, 15000);
    ok(/keep=/.test(page.url()), "the optimiser's choice becomes the scenario (in the URL)");
    await shot("impact-optimiser.png");
  }

  // ---- finder by postcode (the API's postcode parameter) ----
  await page.goto(base + "/finder.html?date=2025-06-01");
  await page.fill("#q", "cystic fibrosis");
  await page.fill("#pc", "6229");
  await page.click("#search-button");
  await page.waitForSelector(".hit, #results .error", {timeout: 10000});
  const mins = await page.$$eval(".hit .minutes", ms => ms.map(m => m.textContent));
  ok(mins.length > 0 && mins.every(m => /\d+ min rijden/.test(m)), `finder by postcode shows the minutes (${mins.slice(0, 3)})`);
  ok(/postcode=6229/.test(page.url()), "the postcode is kept in the URL");
  await shot("finder-postcode.png");

  // ---- registry: upload with a bad file, the validation report and the history ----
  if (process.env.ZL_LOCATION_TOKEN && process.env.ZL_BAD_UPLOAD) {
    await page.goto(base + "/registry.html");
    await page.fill("#token", process.env.ZL_LOCATION_TOKEN);
    await page.press("#token", "Enter");
    await page.waitForSelector("#upload:not([hidden])", {timeout: 10000});
    await page.setInputFiles("#upload-file", process.env.ZL_BAD_UPLOAD);
    await page.click("#upload-button");
    await page.waitForSelector("#report", {timeout: 15000});
    const report = await text("#report");
    ok(/afgewezen|rejected/i.test(report) && (await page.locator("#report-rejections tbody tr").count()) >= 2,
       `the validation report lists every rejected row (${report.split("\n")[0]})`);
    await page.waitForSelector("#history tbody tr", {timeout: 10000});
    ok(await page.locator("#history tbody tr").count() >= 1, "the submission appears in the history");
    await shot("registry-upload-bad.png");
  }

  // ---- axe on every page and the 390 px layout ----
  for (const [path, ready] of [["/index.html", "h1"], ["/impact.html?intervention=LUNG", "#map[data-norm]"],
                               ["/finder.html?date=2025-06-01&q=marfan", ".hit"], ["/registry.html", "#counts tbody tr"]]) {
    await page.goto(base + path);
    await page.waitForSelector(ready, {timeout: 30000});
    await page.waitForTimeout(300);
    await axe(page, path);
  }
  await page.setViewportSize({width: 390, height: 844});
  for (const [path, ready, name] of [["/index.html", "h1", "index"], ["/impact.html?intervention=LUNG", "#map[data-norm]", "impact"],
                                     ["/finder.html?date=2025-06-01&q=marfan", ".hit", "finder"], ["/registry.html", "#counts tbody tr", "registry"]]) {
    await page.goto(base + path);
    await page.waitForSelector(ready, {timeout: 30000});
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(w <= 390, `${name} at 390 px: nothing wider than the screen (${w})`);
    if (name === "impact") {
      ok(!(await page.locator("#controls-b").isVisible()), "scenario B's controls stay hidden until compare is on");
      const box = await page.locator("#intervention").boundingBox();
      ok(box && box.x + box.width <= 390, `intervention dropdown fits at 390 px (right edge ${box && box.x + box.width})`);
      await axe(page, "impact at 390 px");
    }
    await shot(`mobile-${name}.png`);
  }
  ok(pageErrors.length === 0, "no script errors: " + pageErrors.join("; "));
  ok(offsite.length === 0, "no requests to other origins: " + offsite.join(" "));
} catch (e) {
  ok(false, "browser test: " + e.message);
  await shot("everyday-failure.png").catch(() => {});
}
await t.done();
