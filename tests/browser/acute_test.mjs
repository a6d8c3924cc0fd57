// Browser test of the acute-care page (web/acute.html) in headless Chromium, started by
// tests/e2e/test_http_acute.sh on the real 2019 data: the figures and tables of the API,
// clicking a location's marker closes it in the scenario (the beyond figure rises by
// exactly the sensitivity the table promised, the marker turns "closed", the URL links
// the scenario), Enter on a focused marker opens it again, and the reset button.
// usage: node acute_test.mjs BASE_URL ARTIFACT_DIR EXPECTED_BEYOND LOCATION_ID INCREASE
import {openBrowser} from "./harness.mjs";
import {join} from "node:path";

const [base, artifacts, beyond0, id, increase] = process.argv.slice(2);
const t = await openBrowser(base);
const {ctx, page, ok, watch, pageErrors, offsite} = t;
const marker = `#map .zl-marker[data-id="${id}"]`;
/* The page records the scenario it drew in #map's data-beyond; waiting for a value is
 * waiting for the answer to that scenario, not for whichever request came first. */
const beyondIs = v => page.waitForSelector(`#map[data-beyond="${v}"]`, {timeout: 30000});

try {
  await page.goto(base + "/acute.html?function=seh_24h");
  await beyondIs(beyond0);
  ok(true, `page drew the API's ${beyond0} beyond 45 minutes`);
  ok((await page.getAttribute(marker, "data-status")) === "sensitive", "the location's marker is marked sensitive");
  await page.click(marker);
  const closed = Number(beyond0) + Number(increase);
  await beyondIs(closed);
  ok(true, `clicking the marker closes it: ${closed} beyond (= ${beyond0} + ${increase})`);
  ok((await page.getAttribute(marker, "data-status")) === "closed", "the marker now shows closed");
  ok(/Gesloten in dit scenario: /.test(await page.locator("#closed-note").innerText()), "the scenario names the closed location");
  ok(new URL(page.url()).searchParams.get("close") === id, `the URL links the scenario (${page.url()})`);
  await page.screenshot({path: join(artifacts, "acute-closed.png"), fullPage: true});
  await page.focus(marker);
  await page.keyboard.press("Enter");
  await beyondIs(beyond0);
  ok(true, "Enter on the focused marker opens the location again");
  await page.click(marker);
  await beyondIs(closed);
  await page.click("#reset");
  await beyondIs(beyond0);
  ok((await page.getAttribute(marker, "data-status")) === "sensitive", "reset opens every location");
  ok(pageErrors.length === 0, "no page errors " + pageErrors.join("; "));
  ok(offsite.length === 0, "nothing requested from elsewhere " + offsite.join(" "));
} catch (e) {
  ok(false, "acute page: " + e.message);
  await page.screenshot({path: join(artifacts, "acute-failure.png"), fullPage: true}).catch(() => {});
}
await t.done();
