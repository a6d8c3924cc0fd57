// The map of the Netherlands: PC4 polygons from /data/pc4.geojson drawn as SVG with a
// local equirectangular projection (longitude scaled by cos of the mean latitude, which
// keeps shapes right at this scale). Paths are built once; updates only change fills.
"use strict";

const ZLMap = {
  async load(container) {
    const resp = await fetch("/data/pc4.geojson");
    if (!resp.ok) throw new Error("kaart niet beschikbaar (" + resp.status + ")");
    const geo = await resp.json();
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    const each = (g, fn) => {
      const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      for (const poly of polys) for (const ring of poly) fn(ring);
    };
    for (const f of geo.features) each(f.geometry, ring => {
      for (const [lon, lat] of ring) {
        minX = Math.min(minX, lon); maxX = Math.max(maxX, lon);
        minY = Math.min(minY, lat); maxY = Math.max(maxY, lat);
      }
    });
    const k = Math.cos((minY + maxY) / 2 * Math.PI / 180);
    const scale = 1000 / ((maxX - minX) * k);
    const project = (lon, lat) => [(lon - minX) * k * scale, (maxY - lat) * scale];
    const width = 1000, height = Math.ceil((maxY - minY) * scale);
    const svg = ZL.el("svg", {class: "map", id: "map", viewBox: `0 0 ${width} ${height}`,
                              role: "img", "aria-labelledby": "map-title map-desc"});
    svg.append(ZL.el("title", {id: "map-desc", text: "Kaart van Nederland met per postcodegebied de reistijd naar de dichtstbijzijnde locatie"}));
    const areas = ZL.el("g", {class: "areas"});
    const paths = new Map();
    for (const f of geo.features) {
      let d = "";
      each(f.geometry, ring => {
        ring.forEach(([lon, lat], i) => {
          const [x, y] = project(lon, lat);
          d += (i ? "L" : "M") + x.toFixed(1) + " " + y.toFixed(1);
        });
        d += "Z";
      });
      const p = ZL.el("path", {d, fill: "#d0d6dd", "data-pc4": f.properties.pc4});
      const t = ZL.el("title", {text: "PC4 " + f.properties.pc4});
      p.append(t);
      areas.append(p);
      paths.set(Number(f.properties.pc4), {path: p, title: t});
    }
    const marks = ZL.el("g", {class: "locations"});
    svg.append(areas, marks);
    container.replaceChildren(svg);
    return {svg, paths, marks, project};
  },
};
