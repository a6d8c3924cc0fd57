// Shared helpers of the zorglandschap pages: calling the API and building DOM safely
// (text is always set as text, never as HTML).
"use strict";

const ZL = {
  async api(path, opts = {}) {
    const headers = {};
    if (opts.token) headers["Authorization"] = "Bearer " + opts.token;
    let body;
    if (opts.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    const resp = await fetch("/api/v1" + path, {method: opts.method || (body ? "POST" : "GET"),
                                                 headers, body, signal: opts.signal});
    let data = null;
    try { data = await resp.json(); } catch (e) { data = null; }
    if (!resp.ok) {
      const msg = data && data.error ? data.error.message : resp.status + " " + resp.statusText;
      const err = new Error(msg);
      err.status = resp.status;
      throw err;
    }
    return data;
  },

  el(tag, attrs, ...children) {
    const svg = ["svg", "path", "circle", "g", "rect", "text", "line", "title"].includes(tag);
    const e = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag)
                  : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  },

  /* A patient count; null means suppressed (1-9) in public output. */
  count(n) {
    return n === null ? "<10" : ZL.fmt(n);
  },

  fmt(n, digits = 0) {
    if (n === null || n === undefined) return "–";
    return Number(n).toLocaleString("nl-NL", {minimumFractionDigits: digits, maximumFractionDigits: digits});
  },

  showError(box, err) {
    box.replaceChildren(ZL.el("div", {class: "error", role: "alert"}, String(err.message || err)));
  },
};
