/* frontline map, part 1 of 2: drawing helpers shared by every map of a page.
 *
 * Our own code (not vendored): the drawn styles (used for the map AND the legend swatches),
 * SVG swatches, and StateLayer (features drawn once, restyled per date from their states).
 * Exposed as window.frontlineDraw for frontline_map.js; builds no HTML from data.
 */
(function () {
  "use strict";

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var SVGNS = "http://www.w3.org/2000/svg";
  var AREA_PANE_OPACITY = 0.32;

  function longDate(iso) {
    var p = iso.split("-");
    return String(parseInt(p[2], 10)) + " " + MONTHS[parseInt(p[1], 10) - 1] + " " + p[0];
  }
  function active(f, t, d) { return f <= d && (t === "" || d < t); }
  function dayNumber(iso) {
    return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;
  }
  /* Plain text -> HTML text (for Leaflet APIs that take HTML, e.g. the layer control). */
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }
  /* Index into iv of the state active on d, or -1; `hint` (the last answer) is tried first:
   * the slider mostly moves one step, so most features keep their state. */
  function activeIndex(iv, d, hint) {
    if (hint >= 0 && hint < iv.length && active(iv[hint][0], iv[hint][1], d)) return hint;
    for (var j = 0; j < iv.length; j++) if (active(iv[j][0], iv[j][1], d)) return j;
    return -1;
  }

  /* --- drawn styles: used for the map AND for the legend swatches ------------------------ */
  var hatchCache = {};
  function hatch(colour) {
    if (hatchCache[colour]) return hatchCache[colour];
    var c = document.createElement("canvas");
    c.width = c.height = 8;
    var x = c.getContext("2d");
    x.fillStyle = "#ffffff"; x.fillRect(0, 0, 8, 8);
    x.strokeStyle = colour; x.lineWidth = 2.5; x.beginPath();
    x.moveTo(0, 8); x.lineTo(8, 0); x.moveTo(-2, 2); x.lineTo(2, -2); x.moveTo(6, 10); x.lineTo(10, 6);
    x.stroke();
    return (hatchCache[colour] = x.createPattern(c, "repeat"));
  }
  function areaPath(st) {
    var fill = st.kind === "contested" ? hatch(st.colour) : st.colour;
    return { stroke: true, color: st.colour, weight: 1, opacity: st.opacity, fillColor: fill,
      fillOpacity: st.opacity, dashArray: st.inferred ? "3 4" : null };
  }
  function routePath(st) {
    return { color: st.colour, weight: 7, opacity: 0.95, dashArray: st.dash || null, lineCap: "butt" };
  }
  var ROUTE_CASING = { color: "#ffffff", weight: 11, opacity: 0.9, lineCap: "butt" };
  var FRONT = { color: "#1a1a1a", weight: 3, opacity: 0.9, lineCap: "round", lineJoin: "round" };
  function markerPath(s) {
    return { fillColor: s.fill, color: s.stroke, weight: s.weight, dashArray: s.dash || null,
      radius: s.radius, fillOpacity: 1, opacity: 1 };
  }
  var EVENT_RING = { radius: 13, color: "#ff8c00", weight: 3, fill: false, opacity: 1 };

  function svg(tag, attrs, parent) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  var swatchId = 0;
  /* An SVG swatch 26x16 drawing `kind` ("area", "line", "marker") with the map's own style. */
  function swatch(kind, st) {
    var s = svg("svg", { width: 26, height: 16, viewBox: "0 0 26 16", "class": "fl-swatch" });
    if (kind === "area") {
      var fill = st.colour;
      if (st.kind === "contested") {
        var id = "flh" + (++swatchId);
        var pat = svg("pattern", { id: id, width: 8, height: 8, patternUnits: "userSpaceOnUse" }, svg("defs", {}, s));
        svg("rect", { width: 8, height: 8, fill: "#ffffff" }, pat);
        svg("path", { d: "M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6", stroke: st.colour, "stroke-width": 2.5 }, pat);
        fill = "url(#" + id + ")";
      }
      var g = svg("g", { opacity: AREA_PANE_OPACITY }, s);
      svg("rect", { x: 1, y: 1, width: 24, height: 14, fill: fill, "fill-opacity": st.opacity,
        stroke: st.colour, "stroke-opacity": st.opacity, "stroke-dasharray": st.inferred ? "3 4" : null }, g);
    } else if (kind === "line") {
      var p = st.path;
      if (st.casing) svg("line", { x1: 1, y1: 8, x2: 25, y2: 8, stroke: "#fff", "stroke-width": 8 }, s);
      svg("line", { x1: 1, y1: 8, x2: 25, y2: 8, stroke: p.color, "stroke-width": Math.min(p.weight, 6),
        "stroke-dasharray": p.dashArray, "stroke-opacity": p.opacity }, s);
    } else {
      var m = markerPath(st);
      if (st.ring) svg("circle", { cx: 13, cy: 8, r: 6.5, fill: "none", stroke: st.ring, "stroke-width": 2.5 }, s);
      else svg("circle", { cx: 13, cy: 8, r: Math.min(m.radius, 6), fill: m.fillColor, stroke: m.color,
        "stroke-width": Math.min(m.weight, 3), "stroke-dasharray": m.dashArray }, s);
    }
    return s;
  }

  /* GeoJSON features drawn once each and restyled per date from their states: a feature with
   * no state on the date is removed. `styleFor(style index)` gives the Leaflet path style. */
  function StateLayer(group, collection, renderer, styleFor, opts) {
    opts = opts || {};
    this.group = group;
    this.features = collection.features;
    this.layers = new Array(this.features.length);
    this.cur = new Array(this.features.length);
    this.at = new Array(this.features.length);
    for (var i = 0; i < this.features.length; i++) { this.cur[i] = -1; this.at[i] = -1; }
    this.renderer = renderer;
    this.styleFor = styleFor;
    this.interactive = opts.interactive !== false;
    this.tipFor = opts.tipFor || null;
    this.used = {};
  }
  /* Returns true when a feature was added (the canvas then needs restacking). */
  StateLayer.prototype.update = function (d) {
    var added = false;
    var used = (this.used = {});
    for (var i = 0; i < this.features.length; i++) {
      var iv = this.features[i].properties.iv;
      var j = (this.at[i] = activeIndex(iv, d, this.at[i]));
      var k = j < 0 ? -1 : iv[j][2];
      if (k >= 0) used[k] = true;
      var was = this.cur[i];
      if (k === was) continue;
      this.cur[i] = k;
      var layer = this.layers[i];
      if (k < 0) { this.group.removeLayer(layer); continue; }
      if (!layer) {
        layer = this.layers[i] = L.geoJSON(this.features[i], {
          renderer: this.renderer, interactive: this.interactive, style: this.styleFor(k),
        });
        if (this.tipFor && this.interactive) {
          var self = this;
          layer.bindTooltip((function (idx) {
            return function () { return self.tipFor(self.features[idx].properties, self.cur[idx]); };
          })(i), { sticky: true });
        }
      } else {
        layer.setStyle(this.styleFor(k));
      }
      if (was < 0) { this.group.addLayer(layer); added = true; }
    }
    return added;
  };
  StateLayer.prototype.toFront = function () {
    for (var i = 0; i < this.features.length; i++) if (this.cur[i] >= 0) this.layers[i].bringToFront();
  };
  StateLayer.prototype.count = function () {
    var n = 0;
    for (var i = 0; i < this.cur.length; i++) if (this.cur[i] >= 0) n++;
    return n;
  };

  function el(tag, cls, parent) { return L.DomUtil.create(tag, cls, parent); }
  function button(cls, parent, text, label) {
    var b = el("button", cls, parent);
    b.type = "button"; b.textContent = text;
    if (label) { b.title = label; b.setAttribute("aria-label", label); }
    return b;
  }

  function row(parent, swatches, text, side) {
    var r = el("div", "fl-row fl-entry", parent);
    if (side) r.setAttribute("data-side", side);
    swatches.forEach(function (s) { if (s) r.appendChild(s); });
    el("span", "", r).textContent = text;
    return r;
  }

  /* The legend rows of the sides and kinds drawn on the shown date (see updateLegend). */
  function drawLegend(body, D, st) {
    var present = st.present, routeKinds = st.routeKinds, marks = st.marks, inferred = st.inferred;
    var contested = [st.contested], unknown = [st.unknown];
    body.textContent = "";
    el("h4", "", body).textContent = "Who holds what";
    D.sides.forEach(function (s) {
      if (!present[s.key]) return;
      var area = { kind: "side", colour: s.colour, opacity: 1, inferred: false };
      var dot = { fill: s.colour, stroke: "#ffffff", weight: 1.5, dash: "", radius: 6 };
      row(body, [swatch("area", area), swatch("marker", dot)], s.label, s.key);
    });
    if (contested[0] || routeKinds.contested || marks.contested) {
      var cst = contested[0] || { kind: "contested", colour: "#6f6f6f", opacity: 1 };
      row(body, [swatch("area", cst), marks.contested ? swatch("marker", marks.contested) : null,
        routeKinds.contested ? swatch("line", { path: routePath(routeKinds.contested), casing: true }) : null],
        "contested (hatched; dashed route)", "");
    }
    if (unknown[0] || routeKinds.unknown || marks.unknown) {
      var ust = unknown[0] || { kind: "unknown", colour: "#9e9e9e", opacity: 0.4 };
      row(body, [swatch("area", ust), marks.unknown ? swatch("marker", marks.unknown) : null,
        routeKinds.unknown ? swatch("line", { path: routePath(routeKinds.unknown), casing: true }) : null],
        "unknown: no report near enough (dotted route)", "");
    }
    if (inferred) row(body, [swatch("area", inferred)], "inferred, not reported (lighter, dashed edge)", "");
    if (routeKinds.outside) row(body, [swatch("line", { path: routePath(routeKinds.outside), casing: true })], "route outside the mapped area", "");
    var sub = [];
    if (marks.besieged) sub.push([swatch("marker", { ring: marks.besieged.stroke }), "besieged (ring = besieger)"]);
    if (st.front) sub.push([swatch("line", { path: FRONT }), "front line"]);
    if (st.route) sub.push([swatch("line", { path: { color: "#777777", weight: 6, opacity: 0.95 }, casing: true }), "route, coloured by holder"]);
    if (st.events) sub.push([swatch("marker", { ring: EVENT_RING.color }), "reported on the shown date"]);
    if (sub.length) {
      el("div", "fl-sub", body).textContent = "Symbols";
      sub.forEach(function (x) { row(body, [x[0]], x[1], ""); });
    }
  }

  /* {date, view: [zoom, lat, lon]} from a permalink hash #date=YYYY-MM-DD&map=z/lat/lon. */
  function readHash() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var p = kv.split("=");
      if (p.length === 2) out[p[0]] = decodeURIComponent(p[1]);
    });
    var view = null;
    if (out.map) {
      var v = out.map.split("/").map(Number);
      if (v.length === 3 && v.every(isFinite)) view = v;
    }
    return { date: /^\d{4}-\d{2}-\d{2}$/.test(out.date || "") ? out.date : null, view: view };
  }
  window.frontlineDraw = {
    drawLegend: drawLegend,
    readHash: readHash,
    MONTHS: MONTHS,
    SVGNS: SVGNS,
    AREA_PANE_OPACITY: AREA_PANE_OPACITY,
    longDate: longDate,
    active: active,
    dayNumber: dayNumber,
    esc: esc,
    activeIndex: activeIndex,
    hatch: hatch,
    areaPath: areaPath,
    routePath: routePath,
    ROUTE_CASING: ROUTE_CASING,
    FRONT: FRONT,
    markerPath: markerPath,
    EVENT_RING: EVENT_RING,
    svg: svg,
    swatch: swatch,
    StateLayer: StateLayer,
    el: el,
    button: button,
  };
})();
