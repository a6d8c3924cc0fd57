// One measurement of the impact page's first load in headless Chromium: a fresh browser
// context (empty cache) per load, navigation to /impact.html?intervention=..., until the
// map is drawn (the PC4 areas filled from the impact answer: #map[data-norm] and more
// than 4000 area paths). Prints one JSON line per load: side, milliseconds since the
// navigation started (the page's own clock), bytes of the map on the wire and a
// fingerprint of the drawn fills (the two sides must draw the same map).
// usage: node load.mjs ROUNDS INTERVENTION NAME=URL [NAME=URL...]
import {chromium} from "playwright-core";

const [rounds, intervention, ...sides] = process.argv.slice(2);
const browser = await chromium.launch({executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]});
for (let i = 0; i < Number(rounds); i++) {
  for (const side of sides) {
    const [name, base] = side.split("=");
    const ctx = await browser.newContext({viewport: {width: 1280, height: 1000}});
    const page = await ctx.newPage();
    await page.goto(`${base}/impact.html?intervention=${intervention}`, {waitUntil: "commit"});
    const r = await page.evaluate(() => new Promise(resolve => {
      const done = () => {
        const map = document.querySelector("#map[data-norm]");
        const paths = map ? map.querySelectorAll(".leaflet-overlay-pane path") : [];
        if (paths.length > 4000 && paths[0].getAttribute("fill")) {
          const ms = performance.now();
          const res = performance.getEntriesByType("resource").filter(e => /nl\.map\.svg/.test(e.name));
          const fills = [...paths].map(p => p.getAttribute("fill")).join("");
          let h = 0;
          for (let k = 0; k < fills.length; k++) h = (h * 31 + fills.charCodeAt(k)) >>> 0;
          resolve({ms, map_bytes: res.length ? res[0].transferSize : -1, paths: paths.length, fingerprint: h});
        } else requestAnimationFrame(done);
      };
      done();
    }));
    console.log(JSON.stringify({side: name, round: i, ...r}));
    await ctx.close();
  }
}
await browser.close();
