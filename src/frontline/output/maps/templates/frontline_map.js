/* frontline map: time slider, per-date restyling, labels, legend, permalinks, route chart.
 *
 * Our own code (not vendored). One HTML holds every date: each feature (a place, a cell, an
 * edge between two cells, a stretch of the route) is drawn once and carries its states
 * (see frontline/output/maps/payload.py for the format), so moving the slider only adds,
 * removes or restyles features; nothing is duplicated per date.
 *
 * Several maps may share a page: everything here is per map (frontlineInit returns the
 * map's API); window.frontline is the first map's API, window.frontlineMaps lists them all.
 *
 * Escaping: fields named *_html, `popups` and `texts` were escaped in Python; every other
 * string is plain text and reaches the page through textContent or esc().
 * Part 2 of 2; part 1 (frontline_draw.js: styles, swatches, StateLayer, legend) runs first.
 */
(function () {
  "use strict";

  var F = window.frontlineDraw;
  var AREA_PANE_OPACITY = F.AREA_PANE_OPACITY;
  var longDate = F.longDate;
  var active = F.active;
  var dayNumber = F.dayNumber;
  var esc = F.esc;
  var activeIndex = F.activeIndex;
  var areaPath = F.areaPath;
  var routePath = F.routePath;
  var ROUTE_CASING = F.ROUTE_CASING;
  var FRONT = F.FRONT;
  var markerPath = F.markerPath;
  var EVENT_RING = F.EVENT_RING;
  var StateLayer = F.StateLayer;
  var el = F.el;
  var button = F.button;
  var registry = [];
  var lastActive = null;

  /* Keys typed on the page body go to the map last used (the first one by default). */
  document.addEventListener("keydown", function (ev) {
    if (!registry.length || ev.defaultPrevented) return;
    var t = ev.target;
    if (t && t !== document.body && t !== document.documentElement) return;
    (lastActive || registry[0])._key(ev);
  });

  window.frontlineInit = function (map, D) {
    var container = map.getContainer();
    // Leaflet 1.9's attribution shows a national flag: a conflict map names no side but
    // its own legend's, so the credit is the library's name only.
    if (map.attributionControl) {
      map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    }
    var fallback = document.querySelectorAll(".fl-fallback");
    for (var fi = 0; fi < fallback.length; fi++) {
      var owner = fallback[fi].getAttribute("data-fl-map");
      if (!owner || owner === container.id) fallback[fi].style.display = "none";
    }
    var renderer = L.canvas({ padding: 0.5 });
    /* Control areas are per-place cells drawn opaque, each outlined in its own fill colour
     * so no seam shows between cells of one side, on a canvas in their own pane that is
     * faded as a whole: the cells read as one dissolved area per side. The pane lies under
     * the overlay pane, so the main canvas (markers, lines) still gets every click. */
    function pane(name, z, opacity) {
      var p = map.getPane(name) || map.createPane(name);
      p.style.zIndex = String(z);
      p.style.pointerEvents = "none";
      if (opacity !== undefined) p.style.opacity = String(opacity);
      return p;
    }
    var baseRenderer = L.canvas({ padding: 0.5, pane: (pane("flBase", 250), "flBase") });
    var cellRenderer = L.canvas({ padding: 0.5, pane: (pane("flCells", 350, AREA_PANE_OPACITY), "flCells") });
    var labelPane = pane("flLabels", 640);
    var dates = D.dates;
    var idx = -1;
    var timer = null;
    var listeners = [];
    var groups = {};
    ["basemap", "areas", "front", "route", "places", "events"].forEach(function (k) {
      groups[k] = L.layerGroup().addTo(map);
    });

    /* --- base layers: the vector basemap (no network) unless an online layer is chosen --- */
    var offlineBase = L.layerGroup().addTo(map);
    var bases = {};
    bases[esc("Map drawn from data (offline)")] = offlineBase;
    (D.tiles || []).forEach(function (t) {
      bases[esc(t.name)] = L.tileLayer(t.url, { attribution: t.attribution_html, maxZoom: t.max_zoom });
    });
    var online = false;
    var basemapLayers = [];
    (D.basemap || []).forEach(function (b) {
      var layer = L.geoJSON(b.geojson, { renderer: baseRenderer, interactive: false, style: b.offline });
      layer._fl = b;
      basemapLayers.push(layer);
      layer.addTo(groups.basemap);
    });
    function setOnline(on) {
      online = on;
      basemapLayers.forEach(function (l) { l.setStyle(on ? l._fl.online : l._fl.offline); });
      if (on) L.DomUtil.removeClass(container, "fl-offline"); else L.DomUtil.addClass(container, "fl-offline");
    }
    setOnline(false);
    map.on("baselayerchange", function (e) { setOnline(e.layer !== offlineBase); });
    var overlays = {};
    var names = D.layers;
    ["basemap", "areas", "front", "route", "places", "events"].forEach(function (k) {
      overlays[esc(names[k])] = groups[k];
    });
    L.control.layers(bases, overlays, { collapsed: true, position: "topright" }).addTo(map);

    /* --- places: one circle marker each, restyled from its states ---------------------- */
    var markers = {};
    var places = D.places.map(function (p) {
      var m = L.circleMarker([p.lat, p.lon], { renderer: renderer, radius: 6 });
      m.bindTooltip(p.tip_html, { direction: "top" });
      var rec = { p: p, marker: m, cur: -2, on: false, label: null, w: 0, h: 0, shown: false };
      markers[p.name] = rec;
      markers[p.id] = rec;
      return rec;
    });
    function popupOptions() {
      return { maxWidth: 380, minWidth: 240, maxHeight: Math.max(220, map.getSize().y - 120),
        autoPanPaddingTopLeft: [20, 110], className: "fl-popup" };
    }
    function popupHtml(st) {
      var html = D.popups[st.popup];
      if (st.reports.length) {
        html += '<div class="fl-ev-h">Reports</div>';
        for (var i = 0; i < st.reports.length; i++) html += D.texts[st.reports[i]];
      }
      return '<div class="fl-pop">' + html + "</div>";
    }
    var usedMarkers = {};
    function updatePlaces(d) {
      usedMarkers = {};
      for (var i = 0; i < places.length; i++) {
        var rec = places[i];
        var sts = rec.p.states;
        var k = -1;
        if (rec.cur >= 0 && active(sts[rec.cur].start, sts[rec.cur].end, d)) k = rec.cur;
        else for (var j = 0; j < sts.length; j++) if (active(sts[j].start, sts[j].end, d)) { k = j; break; }
        if (k >= 0) usedMarkers[sts[k].style] = true;
        if (k === rec.cur) continue;
        rec.cur = k;
        if (k < 0) {
          if (rec.on) { groups.places.removeLayer(rec.marker); rec.on = false; }
          continue;
        }
        var s = D.markerStyles[sts[k].style];
        rec.marker.setStyle(markerPath(s));
        rec.marker.setRadius(s.radius);
        if (rec.marker.getPopup()) rec.marker.setPopupContent(popupHtml(sts[k]));
        else rec.marker.bindPopup(popupHtml(sts[k]), popupOptions());
        if (!rec.on) { groups.places.addLayer(rec.marker); rec.on = true; }
      }
    }

    /* --- areas (cells), front lines (cell edges), route (stretches per cell) ------------- */
    var areas = new StateLayer(groups.areas, D.areas, cellRenderer, function (k) {
      return areaPath(D.areaStyles[k]);
    }, { interactive: false });
    var front = new StateLayer(groups.front, D.front, renderer, function () { return FRONT; },
      { tipFor: function (p, k) { return D.frontStyles[k].tip_html; } });
    var route = new StateLayer(groups.route, D.route, renderer, function (k) {
      return routePath(D.routeStyles[k]);
    }, { tipFor: function (p, k) { return p.tip + ": " + esc(D.routeStyles[k].label); } });
    var routeCasing = new StateLayer(groups.route, D.route, renderer, function () { return ROUTE_CASING; },
      { interactive: false });

    /* --- events of the shown date ------------------------------------------------------- */
    var eventsByDate = {};
    D.events.forEach(function (e) { (eventsByDate[e.date] = eventsByDate[e.date] || []).push(e); });
    var eventCount = 0;
    var eventPlaces = {};
    function updateEvents(d) {
      groups.events.clearLayers();
      eventPlaces = {};
      var evs = eventsByDate[d] || [];
      evs.forEach(function (e) {
        groups.events.addLayer(L.circleMarker([e.lat, e.lon], L.extend({ renderer: renderer, interactive: false }, EVENT_RING)));
        eventPlaces[e.place] = true;
        /* A place marker already opens this report in its popup; elsewhere a dot does. */
        var rec = markers[e.place];
        if (rec && rec.on) return;
        var m = L.circleMarker([e.lat, e.lon], {
          renderer: renderer, radius: 4, color: "#ff8c00", weight: 1, fillColor: e.colour, fillOpacity: 1,
        });
        m.bindPopup('<div class="fl-pop">' + D.texts[e.text] + "</div>", popupOptions());
        groups.events.addLayer(m);
      });
      eventCount = evs.length;
    }

    /* --- labels: greedy, collision-free, ranked; recomputed per date, pan and zoom ------- *
     * Order: places of the shown date's events, route towns, then Python's rank (reported
     * places, then population / feature class). A label tries right, left, above, below its
     * marker and is dropped if every spot overlaps a label already placed: zooming in makes
     * room, so more names appear. */
    var labelBoxes = [];
    var shownLabels = [];
    var stamp = 0;
    /* Route towns, then Python's rank: fixed, so sorted once. */
    var labelOrder = places.slice().sort(function (a, b) {
      if (a.p.route !== b.p.route) return a.p.route ? -1 : 1;
      return a.p.rank - b.p.rank;
    });
    labelOrder.forEach(function (r, i) { r.order = i; });
    /* Label sizes from the canvas text metrics of the label font (no DOM layout); a label's
     * element is created the first time it is placed. Keep LABEL_FONT in step with .fl-label. */
    var LABEL_FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
    var measured = false;
    function measureLabels() {
      measured = true;
      var ctx = document.createElement("canvas").getContext("2d");
      ctx.font = LABEL_FONT;
      /* + 6 px padding, + 2 px margin between labels (and room for sub-pixel positions) */
      places.forEach(function (r) { r.w = Math.ceil(ctx.measureText(r.p.name).width) + 8; r.h = 17; });
    }
    function labelFor(r) {
      if (!r.label) {
        r.label = el("div", "fl-label", labelPane);
        r.label.textContent = r.p.name;
        r.label.style.display = "none";
      }
      return r.label;
    }
    var CELL = 64;
    /* Screen points of the markers are cached until the view changes. */
    var viewStamp = 0;
    map.on("viewreset zoomend moveend resize", function () { viewStamp++; });
    function placeLabels() {
      if (!measured) measureLabels();
      stamp++;
      labelBoxes = [];
      var grid = {};
      var show = map.hasLayer(groups.places);
      var size = map.getSize();
      var seq = [];
      if (show) {
        for (var key in eventPlaces) if (markers[key]) seq.push(markers[key]);
        seq.sort(function (a, b) { return a.order - b.order; });
        seq = seq.concat(labelOrder);
      }
      var now = [];
      for (var i = 0; i < seq.length; i++) {
        var r = seq[i];
        if (!r.on || r.stamp === stamp) continue;
        r.stamp = stamp;
        if (r.view !== viewStamp) { r.pt = map.latLngToContainerPoint(r.marker.getLatLng()); r.view = viewStamp; }
        var pt = r.pt;
        if (pt.x < 0 || pt.y < 0 || pt.x > size.x || pt.y > size.y) continue;
        var x = pt.x, y = pt.y, w = r.w, h = r.h, g = (r.marker.options.radius || 6) + 3;
        /* right, left, above, below, then the four diagonals */
        var gd = g * 0.7;
        var spots = [x + g, y - h / 2, x - g - w, y - h / 2, x - w / 2, y - g - h, x - w / 2, y + g,
          x + gd, y - gd - h, x + gd, y + gd, x - gd - w, y - gd - h, x - gd - w, y + gd];
        var placed = null;
        for (var s = 0; s < spots.length && !placed; s += 2) {
          var b = [spots[s], spots[s + 1], spots[s] + w, spots[s + 1] + h];
          if (b[0] < 0 || b[2] > size.x) continue;
          var x0 = Math.floor(b[0] / CELL), x1 = Math.floor(b[2] / CELL);
          var y0 = Math.floor(b[1] / CELL) + 1024, y1 = Math.floor(b[3] / CELL) + 1024;
          var hit = false;
          for (var gx = x0; gx <= x1 && !hit; gx++) {
            for (var gy = y0; gy <= y1 && !hit; gy++) {
              var cell = grid[gx * 4096 + gy];
              if (!cell) continue;
              for (var c = 0; c < cell.length; c++) {
                var o = cell[c];
                if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) { hit = true; break; }
              }
            }
          }
          if (hit) continue;
          placed = b;
          for (gx = x0; gx <= x1; gx++)
            for (gy = y0; gy <= y1; gy++) (grid[gx * 4096 + gy] = grid[gx * 4096 + gy] || []).push(b);
        }
        if (!placed) continue;
        labelBoxes.push(placed);
        r.placed = stamp;
        now.push(r);
        L.DomUtil.setPosition(labelFor(r), map.containerPointToLayerPoint([placed[0], placed[1]]));
        if (!r.shown) { r.label.style.display = ""; r.shown = true; }
      }
      shownLabels.forEach(function (r) {
        if (r.shown && r.placed !== stamp) { r.label.style.display = "none"; r.shown = false; }
      });
      shownLabels = now;
    }
    map.on("zoomstart", function () { labelPane.style.display = "none"; });
    map.on("zoomend", function () { labelPane.style.display = ""; });
    map.on("moveend overlayadd overlayremove", placeLabels);

    /* --- title ---------------------------------------------------------------------------- */
    var title = el("div", "fl-title", container);
    el("div", "fl-title-main", title).textContent = D.title;
    var titleDate = el("div", "fl-title-date", title);
    L.DomEvent.disableClickPropagation(title);

    /* --- slider control ----------------------------------------------------------------- */
    var Slider = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = el("div", "fl-slider leaflet-bar");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        this.date = el("div", "fl-date", box);
        var row = el("div", "fl-row", box);
        this.prev = button("fl-btn fl-prev", row, "\u25C0", "Previous date (\u2190)");
        this.play = button("fl-btn fl-play", row, "\u25B6", "Play / pause (space)");
        this.next = button("fl-btn fl-next", row, "\u25B6\u25B6", "Next date (\u2192)");
        this.input = el("input", "fl-range", row);
        this.input.type = "range";
        this.input.min = 0;
        this.input.max = Math.max(0, dates.length - 1);
        this.input.step = 1;
        this.input.setAttribute("aria-label", "date");
        this.info = el("div", "fl-info", box);
        if (dates.length < 2) L.DomUtil.addClass(row, "fl-hidden");
        var self = this;
        L.DomEvent.on(this.input, "input change", function () { show(+self.input.value); });
        L.DomEvent.on(this.prev, "click", function () { pause(); show(idx - 1); });
        L.DomEvent.on(this.next, "click", function () { pause(); show(idx + 1); });
        L.DomEvent.on(this.play, "click", function () { if (timer) pause(); else play(); });
        return box;
      },
    });
    var slider = new Slider();
    map.addControl(slider);

    /* --- legend (sides drawn on the shown date) + route chart, collapsible on phones ------ */
    var legendBox, legendBody, chartBox;
    var Legend = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var box = el("div", "fl-legend");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        var bar = el("div", "fl-toggles", box);
        var bl = button("fl-btn fl-toggle", bar, "Legend");
        var bc = button("fl-btn fl-toggle", bar, "Route chart");
        bl.setAttribute("aria-expanded", "false");
        bc.setAttribute("aria-expanded", "false");
        legendBody = el("div", "fl-panel fl-legend-body", box);
        chartBox = el("div", "fl-panel fl-chart-box", box);
        if (D.chart_html) {
          el("div", "fl-sub", chartBox).textContent = "Route held";
          el("div", "fl-share", chartBox);
          var c = el("div", "", chartBox);
          c.innerHTML = D.chart_html;
        } else {
          L.DomUtil.addClass(bc, "fl-hidden");
        }
        function toggle(b, panel) {
          var open = !L.DomUtil.hasClass(panel, "fl-open");
          if (open) L.DomUtil.addClass(panel, "fl-open"); else L.DomUtil.removeClass(panel, "fl-open");
          b.setAttribute("aria-expanded", open ? "true" : "false");
        }
        L.DomEvent.on(bl, "click", function () { toggle(bl, legendBody); });
        L.DomEvent.on(bc, "click", function () { toggle(bc, chartBox); });
        legendBox = box;
        return box;
      },
    });
    map.addControl(new Legend());
    var cursor = container.querySelector(".fl-chart-cursor");
    var shareText = container.querySelector(".fl-share");
    var legendKey = null;
    var drawnSides = [];

    function updateLegend() {
      var present = {}, contested = [], unknown = [], inferred = null, marks = {};
      function addSide(s) { if (s) present[s] = true; }
      for (var a in areas.used) {
        var st = D.areaStyles[a];
        addSide(st.side);
        if (st.kind === "contested") contested[0] = st;
        else if (st.kind === "unknown") unknown[0] = st;
        if (st.inferred) inferred = st;
      }
      var routeKinds = {};
      for (var r in route.used) {
        var rs = D.routeStyles[r];
        addSide(rs.side);
        routeKinds[rs.kind] = rs;
      }
      for (var m in usedMarkers) {
        var ms = D.markerStyles[m];
        addSide(ms.side); addSide(ms.besieger);
        marks[ms.status] = ms;
      }
      drawnSides = D.sides.filter(function (s) { return present[s.key]; }).map(function (s) { return s.key; });
      var key = JSON.stringify([drawnSides, !!contested[0], !!unknown[0], !!inferred, Object.keys(routeKinds).sort(),
        Object.keys(marks).sort(), front.count() > 0, eventCount > 0]);
      if (key === legendKey) return;
      legendKey = key;
      F.drawLegend(legendBody, D, { present: present, contested: contested[0], unknown: unknown[0],
        inferred: inferred, routeKinds: routeKinds, marks: marks, front: front.count() > 0,
        route: route.count() > 0, events: eventCount > 0 });
    }

    function updateChart(d) {
      if (cursor && D.chart) {
        var c = D.chart;
        var x = c.x0;
        if (c.t1 > c.t0) x = c.x0 + ((dayNumber(d) - c.t0) / (c.t1 - c.t0)) * (c.x1 - c.x0);
        x = Math.max(c.x0, Math.min(c.x1, x));
        cursor.setAttribute("x1", x.toFixed(1));
        cursor.setAttribute("x2", x.toFixed(1));
      }
      if (shareText) {
        var best = null;
        for (var i = 0; i < D.shareDates.length; i++) if (D.shareDates[i] <= d) best = D.shareDates[i];
        shareText.innerHTML = best === null ? "" : D.share_html[best];
      }
    }

    /* --- permalink: #date=YYYY-MM-DD&map=zoom/lat/lon (first map of the page) --------------- */
    var ownsHash = registry.length === 0;
    var hashTimer = null;
    /* Debounced: browsers throttle history.replaceState when "play" runs fast. */
    function writeHash() {
      if (!ownsHash || idx < 0) return;
      if (hashTimer) window.clearTimeout(hashTimer);
      hashTimer = window.setTimeout(writeHashNow, 150);
    }
    function writeHashNow() {
      hashTimer = null;
      var c = map.getCenter();
      var h = "#date=" + dates[idx] + "&map=" + map.getZoom() + "/" + c.lat.toFixed(5) + "/" + c.lng.toFixed(5);
      if (location.hash === h) return;
      try { history.replaceState(null, "", h); } catch (e) { location.hash = h; }
    }
    var readHash = F.readHash;
    map.on("moveend", writeHash);

    /* --- driving the date --------------------------------------------------------------- */
    function show(i) {
      if (!dates.length) return;
      i = Math.max(0, Math.min(dates.length - 1, i));
      var d = dates[i];
      var changed = i !== idx;
      idx = i;
      slider.input.value = String(i);
      slider.date.textContent = longDate(d);
      titleDate.textContent = "Control on " + longDate(d);
      slider.info.textContent = dates.length > 1
        ? "date " + (i + 1) + " of " + dates.length + " \u00B7 " + longDate(dates[0]) + " \u2013 " + longDate(dates[dates.length - 1])
        : "snapshot";
      /* One canvas draws everything (several canvases would block each other's clicks), so
       * draw order is insertion order: restack when a lower layer gained a feature. */
      /* Areas have their own canvas: a new cell never needs the others restacked. */
      areas.update(d);
      var casing = routeCasing.update(d);
      var lines = route.update(d);
      var edges = front.update(d);
      /* A casing and its line share their states, so they are added together, casing first;
       * with butt caps a new casing does not cover its neighbours' lines: only what must
       * stay above the route (front lines, then markers) is brought forward. */
      if (casing || lines || edges) {
        if (casing || lines) front.toFront();
        places.forEach(function (r) { if (r.on) r.marker.bringToFront(); });
      }
      updatePlaces(d);
      updateEvents(d);
      updateLegend();
      updateChart(d);
      placeLabels();
      container.setAttribute("data-date", d);
      writeHash();
      if (changed) listeners.forEach(function (cb) { try { cb(d); } catch (e) { if (window.console) console.error(e); } });
    }
    function play() {
      if (dates.length < 2) return;
      if (idx >= dates.length - 1) show(0);
      slider.play.textContent = "\u275A\u275A";
      slider.play.setAttribute("aria-label", "pause");
      timer = window.setInterval(function () {
        if (idx >= dates.length - 1) { pause(); return; }
        show(idx + 1);
      }, D.interval || 900);
    }
    function pause() {
      if (timer) window.clearInterval(timer);
      timer = null;
      slider.play.textContent = "\u25B6";
      slider.play.setAttribute("aria-label", "play");
    }
    function setDate(iso) {
      var k = 0;
      for (var i = 0; i < dates.length; i++) if (dates[i] <= iso) k = i;
      pause();
      show(k);
      return dates[idx];
    }

    /* Keys: on this map's container (and the body when this map was used last). Left/Right
     * step the date (caught before Leaflet's own keyboard panning), Home/End, space plays. */
    function key(ev) {
      var t = ev.target;
      if (t && t !== slider.input && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) return;
      if (t === slider.input && (ev.key === "ArrowLeft" || ev.key === "ArrowRight")) return;
      var done = true;
      if (ev.key === "ArrowLeft") { pause(); show(idx - 1); }
      else if (ev.key === "ArrowRight") { pause(); show(idx + 1); }
      else if (ev.key === "Home") { pause(); show(0); }
      else if (ev.key === "End") { pause(); show(dates.length - 1); }
      else if (ev.key === " " && t !== slider.play && t.tagName !== "BUTTON") { if (timer) pause(); else play(); }
      else done = false;
      if (done) { ev.preventDefault(); ev.stopPropagation(); }
    }
    container.addEventListener("keydown", key, true);

    var api = {
      map: map,
      dates: dates.slice(),
      /* The ISO date shown. */
      getDate: function () { return dates[idx]; },
      date: function () { return dates[idx]; },
      /* Show the last date <= iso (the control then in force); returns the date shown. */
      setDate: setDate,
      /* cb(isoDate) after every change of the shown date; returns a function that unsubscribes. */
      onChange: function (cb) {
        listeners.push(cb);
        return function () { listeners = listeners.filter(function (x) { return x !== cb; }); };
      },
      play: play,
      pause: pause,
      place: function (k) {
        var rec = markers[k];
        if (!rec || !rec.on) return null;
        var o = rec.marker.options;
        var pt = map.latLngToContainerPoint(rec.marker.getLatLng());
        var box = container.getBoundingClientRect();
        return { fill: o.fillColor, stroke: o.color, weight: o.weight, x: pt.x + box.left, y: pt.y + box.top };
      },
      /* Open the popup of a place shown now (by id or name); false if it is not shown. */
      openPopup: function (k) {
        var rec = markers[k];
        if (!rec || !rec.on) return false;
        rec.marker.openPopup();
        return true;
      },
      visible: function () { return places.filter(function (r) { return r.on; }).map(function (r) { return r.p.name; }); },
      /* Names with a label on screen now. */
      labels: function () { return places.filter(function (r) { return r.shown; }).map(function (r) { return r.p.name; }); },
      /* Side keys drawn on the shown date (places, areas, route), in sides.csv order. */
      sidesDrawn: function () { return drawnSides.slice(); },
      counts: function () {
        var n = function (g) { var c = 0; g.eachLayer(function () { c++; }); return c; };
        return { places: n(groups.places), areas: areas.count(), front: front.count(),
          route: route.count(), events: eventCount, labels: labelBoxes.length };
      },
      _key: key,
    };
    function mark() { lastActive = api; }
    container.addEventListener("mousedown", mark);
    container.addEventListener("touchstart", mark, { passive: true });
    container.addEventListener("focusin", mark);

    /* Phones: the right-hand controls sit above the full-width slider. */
    function layout() {
      var corner = container.querySelector(".leaflet-bottom.leaflet-right");
      var box = slider.getContainer();
      if (!corner || !box) return;
      var lift = container.getBoundingClientRect().bottom - box.getBoundingClientRect().top + 6;
      corner.style.bottom = container.clientWidth <= 480 ? lift + "px" : "";
    }
    map.on("resize", layout);

    var h = ownsHash ? readHash() : { date: null, view: null };
    map.fitBounds(D.bounds, { animate: false });
    if (h.view) map.setView([h.view[1], h.view[2]], h.view[0], { animate: false });
    registry.push(api);
    if (!window.frontline) window.frontline = api;
    window.frontlineMaps = registry;
    if (h.date) setDate(h.date); else show(D.start);
    layout();
    if (ownsHash) {
      window.addEventListener("hashchange", function () {
        var n = readHash();
        if (n.view) map.setView([n.view[1], n.view[2]], n.view[0], { animate: false });
        if (n.date && n.date !== dates[idx]) setDate(n.date);
      });
    }
    return api;
  };
})();
