// The interactive map of the Netherlands, shared by every page that draws one. Built on
// Leaflet (vendored from npm at build time: /vendor/leaflet.js, /vendor/leaflet.css); no
// tiles and nothing from the network: the geometry is the build's /data/nl.map.svg (PC4
// areas and provinces, CBS, already projected to Web Mercator by web/build.mjs, laid over
// the map as one SVG layer) and the place labels /data/places.json (largest
// municipalities, CBS).
//
// A page includes, in this order:
//   <link rel="stylesheet" href="/vendor/leaflet.css">
//   <script src="/vendor/leaflet.js" defer></script>
//   <script src="/app.js" defer></script>  <script src="/map.js" defer></script>
//
// API (all colours are CSS colour strings):
//   const m = await ZLMap.create(container, {label, lang, areas});
//       container: an empty element (give it a height in CSS, e.g. .zl-map);
//       label: accessible name of the map; lang: "nl" | "en" (default ZL.lang());
//       areas: false to skip the PC4 polygons (provinces, labels and markers only).
//     Zoom (buttons, +/-, wheel), pan (drag, arrow keys on the focused map), province
//     borders and place labels (more as you zoom in) are always there.
//   m.setAreas(fn)      fn(pc4 number) -> {fill, title} or null (no data: light grey).
//   m.setMarkers(list, onActivate)
//       list: [{id, lat, lon, label, cls, colour, detail, z}] — one keyboard-reachable marker
//       each (Tab to it, Enter opens its popup with label and detail; onActivate(item) is
//       called on click and Enter). cls is a CSS class suffix (zl-marker-CLS) and colour
//       its fill; the legend draws the same element, so they always match. z (default 0)
//       lifts a marker above others where they overlap (Leaflet's zIndexOffset).
//   m.legend(element, items)
//       items: [{type: "area", colour, label}, {type: "marker", cls, colour, label}].
//   m.svg()             the current view as a standalone SVG document (string).
//   m.png()             Promise of the current view as a PNG Blob.
//   m.download(kind, filename)   kind "svg" | "png": saves the current view.
//   m.leaflet           the L.Map for anything else.
"use strict";

const ZLMap = (() => {
  const TEXT = {
    nl: {zoomIn: "Inzoomen", zoomOut: "Uitzoomen", noData: "geen gegevens", attribution: "Kaart: CBS (CC BY 4.0)"},
    en: {zoomIn: "Zoom in", zoomOut: "Zoom out", noData: "no data", attribution: "Map: CBS (CC BY 4.0)"},
  };
  const NO_DATA = "#d9dee4";
  let geometry = null; // one fetch per page, shared by every map on it

  function loadGeometry() {
    if (!geometry) {
      const get = (url, as) => fetch(url).then(r => {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r[as]();
      });
      geometry = Promise.all([get("/data/nl.map.svg", "text"), get("/data/places.json", "json")])
        .then(([svg, places]) => {
          const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
          if (doc.documentElement.nodeName !== "svg") throw new Error("/data/nl.map.svg: not an SVG document");
          return {svg: doc.documentElement, places: places.places};
        });
    }
    return geometry;
  }

  /* The build's SVG as one Leaflet layer: its viewBox is in Web Mercator pixels at the
   * zoom in data-zoom, so unprojecting the corners gives the bounds Leaflet stretches it
   * to (linear in the map's CRS, hence exact). Strokes keep their width at every zoom
   * (style.css: vector-effect). Returns the layer and the PC4 paths by number. */
  function areaOverlay(map, source, withAreas) {
    const svg = document.importNode(source, true);
    if (!withAreas) svg.querySelector(".zl-pc4").remove();
    const [x, y, w, h] = svg.getAttribute("viewBox").split(" ").map(Number);
    const zoom = Number(svg.dataset.zoom);
    const bounds = L.latLngBounds(map.unproject([x, y + h], zoom), map.unproject([x + w, y], zoom));
    const paths = new Map();
    for (const p of svg.querySelectorAll(".zl-pc4 path")) paths.set(Number(p.dataset.pc4), p);
    return {layer: L.svgOverlay(svg, bounds, {interactive: false}), paths, svg, box: {x, y, w, h}};
  }

  function markerIcon(cls, colour) {
    return L.divIcon({className: "zl-marker zl-marker-" + cls, iconSize: [18, 18], html: ""});
  }

  function colourMarker(el, colour) {
    if (el && colour) el.style.backgroundColor = colour; // CSSOM: allowed by the CSP
  }

  async function create(container, opts = {}) {
    const lang = opts.lang || (window.ZL && ZL.lang ? ZL.lang() : "nl");
    const t = TEXT[lang] || TEXT.nl;
    const geo = await loadGeometry();
    container.classList.add("zl-map");
    const map = L.map(container, {zoomControl: false, attributionControl: true, minZoom: 6, maxZoom: 13,
                                  zoomSnap: 0.25, keyboard: true, maxBounds: [[50.3, 2.5], [54.0, 7.8]]});
    map.attributionControl.setPrefix(false).addAttribution(t.attribution);
    L.control.zoom({zoomInTitle: t.zoomIn, zoomOutTitle: t.zoomOut}).addTo(map);
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", opts.label || "");
    const overlay = areaOverlay(map, geo.svg, opts.areas !== false);
    overlay.layer.addTo(map);
    const areaLayer = overlay.paths;
    map.fitBounds([[50.75, 3.36], [53.55, 7.23]]);

    // Place labels: the largest places first; more appear as the map zooms in.
    const labels = geo.places.map((p, rank) => ({rank, place: p,
      marker: L.marker([p.lat, p.lon], {interactive: false, keyboard: false,
        icon: L.divIcon({className: "zl-place", html: "", iconSize: null})})}));
    const labelPane = L.layerGroup().addTo(map);
    function showLabels() {
      const z = map.getZoom(), n = z < 7.5 ? 10 : z < 8.5 ? 25 : labels.length;
      labelPane.clearLayers();
      for (const l of labels.slice(0, n)) {
        l.marker.addTo(labelPane);
        l.marker.getElement().textContent = l.place.name;
      }
    }
    map.on("zoomend", showLabels);
    showLabels();

    const markerLayer = L.layerGroup().addTo(map);
    let markers = [];
    let titleRun = 0;
    const idle = f => (window.requestIdleCallback ? requestIdleCallback(f, {timeout: 500}) : setTimeout(f, 0));

    const api = {
      leaflet: map,
      /* Fills every area now; the areas' titles (4,000 SVG elements, only read when the
       * map is exported as SVG) follow in idle time, so they do not hold up the first
       * drawing of the map. A newer call cancels the titles of an older one. */
      setAreas(fn) {
        const styles = new Map();
        for (const [pc4, path] of areaLayer) {
          const s = fn(pc4);
          styles.set(pc4, s);
          path.setAttribute("fill", s && s.fill ? s.fill : NO_DATA);
        }
        const run = ++titleRun;
        const entries = [...areaLayer];
        let next = 0;
        const step = deadline => {
          if (run !== titleRun) return;
          // At least 200 areas per call, so a busy page still gets its titles.
          const floor = next + 200;
          while (next < entries.length && (next < floor || !deadline || deadline.timeRemaining() > 2)) {
            const [pc4, el] = entries[next++];
            const s = styles.get(pc4);
            let title = el.querySelector("title");
            if (!title) { title = document.createElementNS("http://www.w3.org/2000/svg", "title"); el.append(title); }
            title.textContent = s && s.title ? s.title : "PC4 " + pc4 + ": " + t.noData;
          }
          if (next < entries.length) idle(step);
          else container.dataset.titles = "done";
        };
        delete container.dataset.titles;
        idle(step);
      },
      setMarkers(list, onActivate) {
        markerLayer.clearLayers();
        markers = list;
        for (const item of list) {
          const m = L.marker([item.lat, item.lon], {icon: markerIcon(item.cls), keyboard: true,
                                                    title: item.label, riseOnHover: true,
                                                    zIndexOffset: item.z || 0});
          m.bindPopup(() => {
            const box = document.createElement("div");
            const strong = document.createElement("strong");
            strong.textContent = item.label;
            box.append(strong);
            if (item.detail) { box.append(document.createElement("br"), item.detail); }
            return box;
          });
          m.on("click", () => onActivate && onActivate(item));
          m.on("keypress", e => { if (e.originalEvent.key === "Enter" && onActivate) onActivate(item); });
          m.addTo(markerLayer);
          const el = m.getElement();
          el.setAttribute("aria-label", item.label + (item.detail ? ": " + item.detail : ""));
          el.dataset.id = item.id;
          if (item.cls) el.dataset.status = item.cls;
          colourMarker(el, item.colour);
        }
      },
      legend(element, items) {
        const rows = items.map(it => {
          const sw = document.createElement("span");
          if (it.type === "marker") {
            sw.className = "zl-marker zl-marker-" + it.cls + " zl-legend-marker";
            colourMarker(sw, it.colour);
          } else {
            sw.className = "swatch";
            sw.style.backgroundColor = it.colour;
          }
          sw.setAttribute("aria-hidden", "true");
          const row = document.createElement("span");
          row.className = "legend-item";
          row.append(sw, it.label);
          return row;
        });
        element.replaceChildren(...rows);
      },
      svg() {
        const size = map.getSize();
        const tl = map.containerPointToLayerPoint([0, 0]);
        const NS = "http://www.w3.org/2000/svg";
        const out = document.createElementNS(NS, "svg");
        out.setAttribute("xmlns", NS);
        out.setAttribute("width", size.x);
        out.setAttribute("height", size.y);
        out.setAttribute("viewBox", `${tl.x} ${tl.y} ${size.x} ${size.y}`);
        const bg = document.createElementNS(NS, "rect");
        for (const [k, v] of Object.entries({x: tl.x, y: tl.y, width: size.x, height: size.y, fill: "#eef3f8"}))
          bg.setAttribute(k, v);
        out.append(bg);
        /* The areas in the export's layer coordinates: the overlay's viewBox mapped onto
         * the box Leaflet gives it, strokes divided by the scale to keep their width. */
        const nw = map.latLngToLayerPoint(overlay.layer.getBounds().getNorthWest());
        const se = map.latLngToLayerPoint(overlay.layer.getBounds().getSouthEast());
        const k = (se.x - nw.x) / overlay.box.w;
        const g = document.createElementNS(NS, "g");
        g.setAttribute("transform", `translate(${nw.x} ${nw.y}) scale(${k} ${(se.y - nw.y) / overlay.box.h}) ` +
                                    `translate(${-overlay.box.x} ${-overlay.box.y})`);
        for (const part of overlay.svg.children) {
          const c = part.cloneNode(true);
          c.setAttribute("stroke-width", Number(part.getAttribute("stroke-width")) / k);
          g.append(c);
        }
        out.append(g);
        for (const l of labelPane.getLayers()) {
          const p = map.latLngToLayerPoint(l.getLatLng());
          const text = document.createElementNS(NS, "text");
          for (const [k, v] of Object.entries({x: p.x, y: p.y, "text-anchor": "middle", "font-size": 12,
                                               "font-family": "sans-serif", fill: "#1b1f24", stroke: "#ffffff",
                                               "stroke-width": 3, "paint-order": "stroke"}))
            text.setAttribute(k, v);
          text.textContent = l.getElement().textContent;
          out.append(text);
        }
        for (const l of markerLayer.getLayers()) {
          const p = map.latLngToLayerPoint(l.getLatLng());
          const el = l.getElement();
          const c = document.createElementNS(NS, "circle");
          for (const [k, v] of Object.entries({cx: p.x, cy: p.y, r: 8, stroke: "#ffffff", "stroke-width": 2,
                                               fill: getComputedStyle(el).backgroundColor}))
            c.setAttribute(k, v);
          const title = document.createElementNS(NS, "title");
          title.textContent = el.getAttribute("aria-label");
          c.append(title);
          out.append(c);
        }
        return new XMLSerializer().serializeToString(out);
      },
      png() {
        const text = api.svg();
        const size = map.getSize();
        return new Promise((resolve, reject) => {
          const img = new Image();
          img.onload = () => {
            const canvas = document.createElement("canvas");
            canvas.width = size.x * 2;
            canvas.height = size.y * 2;
            const ctx = canvas.getContext("2d");
            ctx.scale(2, 2);
            ctx.drawImage(img, 0, 0);
            canvas.toBlob(b => (b ? resolve(b) : reject(new Error("PNG"))), "image/png");
          };
          img.onerror = () => reject(new Error("SVG could not be drawn"));
          img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
        });
      },
      async download(kind, filename) {
        const blob = kind === "png" ? await api.png()
                                    : new Blob([api.svg()], {type: "image/svg+xml"});
        const a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = filename;
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(a.href), 10000);
      },
    };
    return api;
  }

  // The geometry is on its way before the page asks for its first map (the pages also
  // preload it in their <head>), instead of after the page's first API answers.
  loadGeometry().catch(() => {}); // a failure is reported by create()
  return {create, NO_DATA};
})();
