// Assembles the browser UI that `zl serve` sends, at build time (CMake runs it; nothing is
// fetched at run time):
//   - the pages, scripts and styles of web/;
//   - the npm libraries of web/vendor (installed by `npm ci` from its package-lock.json)
//     copied into vendor/: Leaflet;
//   - data/nl.topo.json: the same areas as one simplified, quantised TopoJSON topology,
//     for the C side (the report's maps);
//   - data/nl.map.svg: the PC4 areas and the provinces of data/nl, simplified as one
//     TopoJSON topology (shared borders simplified alike) and drawn once, here, as SVG
//     paths in Web Mercator pixels at zoom MAP_ZOOM: the page parses it natively and lays
//     it over the map as one layer, instead of decoding TopoJSON and having Leaflet project
//     and build 4,000 polygons on every load (docs/performance.md, "Impact page");
//   - data/places.json: place labels from the bundled CBS data (the largest
//     municipalities at their population-weighted centre);
//   - a gzip copy (FILE.gz, level 9) of every text file, sent when the browser accepts it.
// usage: node build.mjs SOURCE_DIR NODE_MODULES_DIR OUT_DIR
import {copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync,
        writeFileSync} from "node:fs";
import {createRequire} from "node:module";
import {join} from "node:path";
import {gzipSync} from "node:zlib";

const [src, modules, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: node build.mjs SOURCE_DIR NODE_MODULES_DIR OUT_DIR");
  process.exit(2);
}
const require = createRequire(join(modules, "x.js"));
const {topology} = require("topojson-server");
const {presimplify, simplify, quantile} = require("topojson-simplify");
const {quantize, feature} = require("topojson-client");

rmSync(out, {recursive: true, force: true});
mkdirSync(join(out, "vendor", "images"), {recursive: true});
mkdirSync(join(out, "data"), {recursive: true});

// Pages: every .html/.js/.css of web/ except this script.
const web = join(src, "web");
for (const f of readdirSync(web)) {
  if (/\.(html|js|css|svg|png|ico)$/.test(f) && f !== "build.mjs") copyFileSync(join(web, f), join(out, f));
}

// Vendored libraries (their licences travel with them).
const copy = (from, to) => copyFileSync(join(modules, from), join(out, "vendor", to));
copy("leaflet/dist/leaflet.js", "leaflet.js");
copy("leaflet/dist/leaflet.css", "leaflet.css");
copy("leaflet/LICENSE", "LICENSE.leaflet.txt");
for (const img of readdirSync(join(modules, "leaflet/dist/images")))
  copy("leaflet/dist/images/" + img, "images/" + img);

// The map: PC4 areas (property pc4 only) and provinces in one topology. Simplification
// keeps the points that carry at least the 40th percentile of triangle area, which
// leaves every area recognisable at the zoom levels the UI allows.
const pc4 = JSON.parse(readFileSync(join(src, "data/nl/pc4.geojson"), "utf8"));
const prov = JSON.parse(readFileSync(join(src, "data/nl/provinces.geojson"), "utf8"));
pc4.features = pc4.features.map(f => ({type: "Feature", properties: {pc4: Number(f.properties.pc4)},
                                       geometry: f.geometry}));
prov.features = prov.features.map(f => ({type: "Feature", properties: {province: f.properties.province},
                                         geometry: f.geometry}));
let topo = topology({pc4, provinces: prov});
topo = presimplify(topo);
topo = simplify(topo, quantile(topo, 0.4));
// Drop the weights simplification added, then quantise to 30,000 steps (about 8 m
// across the country) with delta-encoded arcs.
topo.arcs = topo.arcs.map(arc => arc.map(([x, y]) => [x, y]));
topo = quantize(topo, 3e4);
topo.synthetic = false;
topo.source = "CBS (CC BY 4.0), see data/ATTRIBUTION.md";
// The topology itself is kept for the C side (the report's maps, src/geo reads it); the
// pages draw the SVG.
writeFileSync(join(out, "data", "nl.topo.json"), JSON.stringify(topo));
writeFileSync(join(out, "data", "nl.map.svg"), mapSvg(topo));

/* Web Mercator (EPSG:3857, as Leaflet's default CRS) in pixels at zoom MAP_ZOOM, rounded:
 * one unit is about 6 m at these latitudes, finer than the 30,000-step quantisation. */
function mapSvg(topo) {
  const MAP_ZOOM = 14, scale = 256 * 2 ** MAP_ZOOM;
  const project = ([lon, lat]) => {
    const s = Math.sin(lat * Math.PI / 180);
    return [Math.round(scale * (lon + 180) / 360),
            Math.round(scale * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)))];
  };
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const ringPath = ring => {
    let d = "", px = 0, py = 0, n = 0;
    for (const c of ring) {
      const [x, y] = project(c);
      if (n && x === px && y === py) continue;
      d += n ? `${x - px} ${y - py} ` : `M${x} ${y}l`;
      box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
      [px, py] = [x, y];
      n++;
    }
    return n > 2 ? d.trimEnd() + "z" : "";
  };
  const geomPath = g => (g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [])
    .flat().map(ringPath).join("");
  const pc4 = feature(topo, topo.objects.pc4).features
    .map(f => `<path data-pc4="${f.properties.pc4}" d="${geomPath(f.geometry)}"/>`).join("");
  const prov = feature(topo, topo.objects.provinces).features
    .map(f => `<path d="${geomPath(f.geometry)}"/>`).join("");
  const [x0, y0, w, h] = [box[0], box[1], box[2] - box[0], box[3] - box[1]];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x0} ${y0} ${w} ${h}" ` +
    `preserveAspectRatio="none" data-zoom="${MAP_ZOOM}" data-source="CBS (CC BY 4.0), see data/ATTRIBUTION.md">` +
    `<g class="zl-pc4" fill="#d9dee4" stroke="#ffffff" stroke-width="0.4">${pc4}</g>` +
    `<g class="zl-provinces" fill="none" stroke="#1b1f24" stroke-width="1.4" stroke-opacity="0.85">${prov}</g></svg>`;
}

// Place labels: municipalities from data/nl/pc4.csv (CBS), population-weighted centre.
const rows = readFileSync(join(src, "data/nl/pc4.csv"), "utf8").trim().split("\n");
const cols = rows[0].split(",").map(c => c.replace(/"/g, ""));
const at = name => cols.indexOf(name);
const places = new Map();
for (const line of rows.slice(1)) {
  // The file quotes text fields and none contains a comma or a quote.
  const v = line.split(",").map(c => c.replace(/^"|"$/g, ""));
  const pop = Number(v[at("population")]) || 0;
  const name = v[at("municipality")];
  const p = places.get(name) || {name, province: v[at("province")], population: 0, lat: 0, lon: 0};
  p.population += pop;
  p.lat += pop * Number(v[at("lat")]);
  p.lon += pop * Number(v[at("lon")]);
  places.set(name, p);
}
const list = [...places.values()].filter(p => p.population > 0)
  .map(p => ({name: p.name, province: p.province, population: p.population,
              lat: +(p.lat / p.population).toFixed(4), lon: +(p.lon / p.population).toFixed(4)}))
  .sort((a, b) => b.population - a.population).slice(0, 60);
writeFileSync(join(out, "data", "places.json"),
              JSON.stringify({source: "CBS 2021 (CC BY 4.0), municipalities by population", places: list}));

// Precompressed copies; the .gz gets the original's modification time so both share the
// server's validator.
function gzipAll(dir) {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    const st = statSync(p);
    if (st.isDirectory()) { gzipAll(p); continue; }
    if (!/\.(html|js|css|json|svg|txt)$/.test(f)) continue;
    writeFileSync(p + ".gz", gzipSync(readFileSync(p), {level: 9}));
    utimesSync(p + ".gz", st.atime, st.mtime);
  }
}
gzipAll(out);
const size = f => statSync(join(out, f)).size;
console.log(`web: map ${size("data/nl.map.svg")} bytes (${size("data/nl.map.svg.gz")} gzip)`);
