// What every browser test shares: TAP-style checks ("ok - ..." / "not ok - ...", counted
// by tests/e2e/lib.sh's tap_lines), headless Chromium with a fresh profile, the page
// errors and any request that leaves the server under test, and the summary and exit
// status. Copied next to each test by browser_runner (tests/e2e/http_lib.sh).
import {chromium} from "playwright-core";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/* Opens a browser for a server at base. opts.viewport (default 1280 x 1100) and
 * opts.downloads (a fresh downloads directory, t.downloads). Returns t with ctx, page,
 * ok(cond, what), watch(page) (already done for t.page), pageErrors, offsite (data: and
 * blob: URLs are the page's own) and done(), which closes everything, prints the summary
 * and exits non-zero when a check failed. */
export async function openBrowser(base, opts = {}) {
  const profile = mkdtempSync(join(tmpdir(), "zl-chromium-"));
  const downloads = opts.downloads ? mkdtempSync(join(tmpdir(), "zl-downloads-")) : undefined;
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: ARGS,
    viewport: opts.viewport || {width: 1280, height: 1100},
    ...(downloads ? {acceptDownloads: true, downloadsPath: downloads} : {}),
  });
  const t = {ctx, downloads, passed: 0, failed: 0, pageErrors: [], offsite: []};
  t.ok = (cond, what) => {
    if (cond) { t.passed++; console.log("ok - " + what); }
    else { t.failed++; console.log("not ok - " + what); }
  };
  t.watch = p => {
    p.on("pageerror", e => t.pageErrors.push(String(e)));
    p.on("request", r => {
      const u = r.url();
      if (!u.startsWith(base) && !u.startsWith("data:") && !u.startsWith("blob:")) t.offsite.push(u);
    });
  };
  t.page = await ctx.newPage();
  t.watch(t.page);
  t.done = async () => {
    await ctx.close().catch(() => {});
    rmSync(profile, {recursive: true, force: true});
    if (downloads) rmSync(downloads, {recursive: true, force: true});
    console.log(`${t.passed} passed, ${t.failed} failed`);
    process.exit(t.failed ? 1 : 0);
  };
  return t;
}

/* Polls fn in the page until it returns something truthy (page.waitForFunction would
 * compile a string in the page, which the page's CSP rightly forbids). */
export async function waitFor(p, fn, arg, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await p.evaluate(fn, arg).catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out waiting for " + String(fn).slice(0, 120));
    await p.waitForTimeout(100);
  }
}
