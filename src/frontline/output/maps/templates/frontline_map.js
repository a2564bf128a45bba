/* frontline map: time slider, per-date restyling, legend and route chart.
 *
 * Our own code (not vendored). One HTML holds every date: each feature (a place, the cell of
 * a place, an edge between two cells, a stretch of the route) is drawn once and carries its
 * states [from, to, style] (ISO dates, to empty = open), so moving the slider only adds,
 * removes or restyles features; nothing is duplicated per date.
 *
 * Every string used as HTML here was escaped in Python (frontline/maps.py); JSON data was
 * embedded with "</" escaped. Nothing in this file builds HTML from raw data.
 */
(function () {
  "use strict";

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function longDate(iso) {
    var p = iso.split("-");
    return String(parseInt(p[2], 10)) + " " + MONTHS[parseInt(p[1], 10) - 1] + " " + p[0];
  }

  function active(f, t, d) {
    return f <= d && (t === "" || d < t);
  }

  function dayNumber(iso) {
    return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;
  }

  /* Index of the state of `iv` ([[from, to, style], ...]) active on d, or -1. */
  function activeState(iv, d) {
    for (var j = 0; j < iv.length; j++) if (active(iv[j][0], iv[j][1], d)) return iv[j][2];
    return -1;
  }

  /* GeoJSON features drawn once each and restyled per date from their states: a feature with
   * no state on the date is removed. `styleFor(style index)` gives the Leaflet path style. */
  function StateLayer(group, collection, renderer, styleFor, opts) {
    opts = opts || {};
    this.group = group;
    this.features = collection.features;
    this.layers = new Array(this.features.length);
    this.cur = new Array(this.features.length);
    for (var i = 0; i < this.features.length; i++) this.cur[i] = -1;
    this.renderer = renderer;
    this.styleFor = styleFor;
    this.interactive = opts.interactive !== false;
    this.tipFor = opts.tipFor || null;
  }
  /* Returns true when a feature was added (the canvas then needs restacking). */
  StateLayer.prototype.update = function (d) {
    var added = false;
    for (var i = 0; i < this.features.length; i++) {
      var k = activeState(this.features[i].properties.iv, d);
      var was = this.cur[i];
      if (k === was) continue;
      this.cur[i] = k;
      var layer = this.layers[i];
      if (k < 0) {
        this.group.removeLayer(layer);
        continue;
      }
      if (!layer) {
        layer = this.layers[i] = L.geoJSON(this.features[i], {
          renderer: this.renderer,
          interactive: this.interactive,
          style: this.styleFor(k),
        });
        if (this.tipFor && this.interactive) {
          var self = this;
          layer.bindTooltip(
            (function (idx) {
              return function () { return self.tipFor(self.features[idx].properties, self.cur[idx]); };
            })(i),
            { sticky: true }
          );
        }
      } else {
        layer.setStyle(this.styleFor(k));
      }
      if (was < 0) {
        this.group.addLayer(layer);
        added = true;
      }
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

  function el(tag, cls, parent) {
    var e = L.DomUtil.create(tag, cls, parent);
    return e;
  }

  window.frontlineInit = function (map, groups, D) {
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
      return L.canvas({ padding: 0.5, pane: name });
    }
    var baseRenderer = pane("flBase", 250);
    var cellRenderer = pane("flCells", 350, 0.32);
    var dates = D.dates;
    var idx = -1;
    var timer = null;
    var container = map.getContainer();
    if (D.offline) L.DomUtil.addClass(container, "fl-offline");

    /* --- basemap drawn from data (offline: instead of tiles) ----------------------------- */
    if (D.basemap) {
      D.basemap.forEach(function (b) {
        L.geoJSON(b.geojson, {
          renderer: baseRenderer,
          interactive: false,
          style: function () { return D.offline ? b.offline : b.online; },
        }).addTo(groups.basemap);
      });
    }

    /* --- places: one circle marker each, restyled from its interval list ----------------- */
    var markers = {};
    var places = D.places.map(function (p) {
      var m = L.circleMarker([p.lat, p.lon], { renderer: renderer, radius: 6 });
      if (p.label) {
        m.bindTooltip(p.tip, { permanent: true, direction: "right", offset: [7, 0], className: "fl-label" });
      } else {
        m.bindTooltip(p.tip, { direction: "top" });
      }
      var rec = { p: p, marker: m, cur: -2, on: false };
      markers[p.name] = rec;
      markers[p.id] = rec;
      return rec;
    });

    function popupHtml(iv) {
      var html = D.popups[iv[3]];
      var evs = iv[4];
      if (evs.length) {
        html += '<div class="fl-ev-h">Reported in</div>';
        for (var i = 0; i < evs.length; i++) html += D.texts[evs[i]];
      }
      return '<div class="fl-pop">' + html + "</div>";
    }

    function updatePlaces(d) {
      for (var i = 0; i < places.length; i++) {
        var rec = places[i];
        var ivs = rec.p.iv;
        var k = -1;
        for (var j = 0; j < ivs.length; j++) {
          if (active(ivs[j][0], ivs[j][1], d)) { k = j; break; }
        }
        if (k === rec.cur) continue;
        rec.cur = k;
        if (k < 0) {
          if (rec.on) { groups.places.removeLayer(rec.marker); rec.on = false; }
          continue;
        }
        var s = D.styles[ivs[k][2]];
        rec.marker.setStyle({
          fillColor: s[0], color: s[1], weight: s[2], dashArray: s[3] || null,
          radius: s[4], fillOpacity: s[5], opacity: 1,
        });
        rec.marker.setRadius(s[4]);
        if (rec.marker.getPopup()) rec.marker.setPopupContent(popupHtml(ivs[k]));
        else rec.marker.bindPopup(popupHtml(ivs[k]), {
          maxWidth: 360, maxHeight: 300, autoPanPaddingTopLeft: [20, 110],
        });
        if (!rec.on) { groups.places.addLayer(rec.marker); rec.on = true; }
      }
    }

    /* --- areas (cells), front lines (cell edges), route (stretches per cell) ------------- */
    var areas = new StateLayer(groups.areas, D.areas, cellRenderer, function (k) {
      var st = D.areaStyles[k];
      return { stroke: true, color: st[0], weight: 1, opacity: st[1], fillColor: st[0], fillOpacity: st[1] };
    }, { interactive: false });
    var front = new StateLayer(groups.front, D.front, renderer, function () {
      return { color: "#1a1a1a", weight: 3, opacity: 0.9, lineCap: "round", lineJoin: "round" };
    }, { tipFor: function (p, k) { return D.frontStyles[k][0]; } });
    var route = new StateLayer(groups.route, D.route, renderer, function (k) {
      var st = D.routeStyles[k];
      return { color: st[0], weight: 7, opacity: 0.95, dashArray: st[1] ? "6 6" : null, lineCap: "butt" };
    }, { tipFor: function (p, k) { return p.tip + ": " + D.routeStyles[k][2]; } });
    var routeCasing = new StateLayer(groups.route, D.route, renderer, function () {
      return { color: "#ffffff", weight: 11, opacity: 0.9, lineCap: "butt" };
    }, { interactive: false });

    /* --- events of the shown date --------------------------------------------------------- */
    var eventsByDate = {};
    D.events.forEach(function (e) {
      (eventsByDate[e[2]] = eventsByDate[e[2]] || []).push(e);
    });
    var eventLayers = [];
    var eventCount = 0;
    function updateEvents(d) {
      groups.events.clearLayers();
      eventLayers = [];
      (eventsByDate[d] || []).forEach(function (e) {
        groups.events.addLayer(L.circleMarker([e[0], e[1]], {
          renderer: renderer, radius: 13, color: "#ff8c00", weight: 3, fill: false, opacity: 1,
          interactive: false,
        }));
        /* A place marker already opens this report in its popup; elsewhere a dot does. */
        var rec = markers[e[5]];
        if (rec && rec.on) return;
        var m = L.circleMarker([e[0], e[1]], {
          renderer: renderer, radius: 4, color: "#ff8c00", weight: 1, fillColor: e[3], fillOpacity: 1,
        });
        m.bindPopup('<div class="fl-pop">' + D.texts[e[4]] + "</div>", { maxWidth: 360, maxHeight: 320 });
        groups.events.addLayer(m);
        eventLayers.push(m);
      });
      eventCount = (eventsByDate[d] || []).length;
    }

    /* --- title ---------------------------------------------------------------------------- */
    var title = el("div", "fl-title", container);
    title.innerHTML = '<div class="fl-title-main">' + D.title + "</div>";
    var titleDate = el("div", "fl-title-date", title);
    L.DomEvent.disableClickPropagation(title);

    /* --- slider control ------------------------------------------------------------------ */
    var Slider = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = el("div", "fl-slider leaflet-bar");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        this.date = el("div", "fl-date", box);
        var row = el("div", "fl-row", box);
        this.prev = el("button", "fl-btn", row);
        this.prev.type = "button"; this.prev.title = "Previous date (\u2190)";
        this.prev.setAttribute("aria-label", "previous date");
        this.prev.textContent = "\u25C0";
        this.play = el("button", "fl-btn fl-play", row);
        this.play.type = "button"; this.play.title = "Play / pause (space)";
        this.play.setAttribute("aria-label", "play");
        this.play.textContent = "\u25B6";
        this.next = el("button", "fl-btn", row);
        this.next.type = "button"; this.next.title = "Next date (\u2192)";
        this.next.setAttribute("aria-label", "next date");
        this.next.textContent = "\u25B6\u25B6";
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

    /* --- legend + route chart -------------------------------------------------------------- */
    var Legend = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        var box = el("div", "fl-legend");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        box.innerHTML = D.legend;
        return box;
      },
    });
    var legend = new Legend();
    map.addControl(legend);
    var cursor = container.querySelector(".fl-chart-cursor");
    var shareText = container.querySelector(".fl-share");

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
        shareText.innerHTML = best === null ? "" : D.share[best];
      }
    }

    /* --- driving the date ------------------------------------------------------------------ */
    function show(i) {
      if (!dates.length) return;
      i = Math.max(0, Math.min(dates.length - 1, i));
      var d = dates[i];
      idx = i;
      slider.input.value = String(i);
      slider.date.textContent = longDate(d);
      titleDate.textContent = "Control on " + longDate(d);
      slider.info.textContent =
        dates.length > 1
          ? "date " + (i + 1) + " of " + dates.length + " \u00B7 " + longDate(dates[0]) + " \u2013 " + longDate(dates[dates.length - 1])
          : "snapshot";
      /* One canvas draws everything (several canvases would block each other's clicks), so
       * draw order is insertion order: restack when a lower layer gained a feature. */
      var added = areas.update(d);
      added = routeCasing.update(d) || added;
      added = route.update(d) || added;
      added = front.update(d) || added;
      if (added) {
        routeCasing.toFront();
        route.toFront();
        front.toFront();
        places.forEach(function (r) { if (r.on) r.marker.bringToFront(); });
      }
      updatePlaces(d);
      updateEvents(d);
      updateChart(d);
      container.setAttribute("data-date", d);
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

    L.DomEvent.on(document, "keydown", function (ev) {
      var t = ev.target;
      if (t && t !== slider.input && (t.tagName === "INPUT" || t.tagName === "TEXTAREA")) return;
      if (t === slider.input && (ev.key === "ArrowLeft" || ev.key === "ArrowRight")) return;
      if (ev.key === "ArrowLeft") { pause(); show(idx - 1); ev.preventDefault(); }
      else if (ev.key === "ArrowRight") { pause(); show(idx + 1); ev.preventDefault(); }
      else if (ev.key === "Home") { pause(); show(0); ev.preventDefault(); }
      else if (ev.key === "End") { pause(); show(dates.length - 1); ev.preventDefault(); }
      else if (ev.key === " " && t !== slider.play) { if (timer) pause(); else play(); ev.preventDefault(); }
    });

    show(D.start);

    /* A small API for notebooks and tests: frontline.setDate("2019-08-20"). */
    window.frontline = {
      map: map,
      dates: dates.slice(),
      date: function () { return dates[idx]; },
      /* Show the last date <= iso (the control then in force); returns the date shown. */
      setDate: function (iso) {
        var k = 0;
        for (var i = 0; i < dates.length; i++) if (dates[i] <= iso) k = i;
        pause();
        show(k);
        return dates[idx];
      },
      play: play,
      pause: pause,
      place: function (key) {
        var rec = markers[key];
        if (!rec || !rec.on) return null;
        var o = rec.marker.options;
        var pt = map.latLngToContainerPoint(rec.marker.getLatLng());
        return { fill: o.fillColor, stroke: o.color, weight: o.weight, x: pt.x, y: pt.y };
      },
      visible: function () {
        return places.filter(function (r) { return r.on; }).map(function (r) { return r.p.name; });
      },
      counts: function () {
        var n = function (g) { var c = 0; g.eachLayer(function () { c++; }); return c; };
        return {
          places: n(groups.places), areas: areas.count(), front: front.count(),
          route: route.count(), events: eventCount,
        };
      },
    };
  };
})();
