/* The visual timeline page (timeline/visual/): draws timeline/visual.json with the vendored
   vis-timeline, which only this page loads. Without it the page links the list pages. */
(function () {
  "use strict";

  var root = document.querySelector(".tl-visual");
  var dataLink = document.querySelector(".tl-visual-data a");
  var here = document.currentScript;
  if (!root || !dataLink || !here) return;
  var assets = new URL(".", here.src);

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { element[name] = attributes[name]; });
      element.onload = resolve;
      element.onerror = function () { reject(new Error("cannot load " + (attributes.src || attributes.href))); };
      document.head.appendChild(element);
    });
  }

  /* Titles arrive HTML-escaped (vis-timeline renders content as HTML): read back as text,
     for the status line, in an inert document that runs nothing. */
  function plain(html) {
    return new DOMParser().parseFromString(html, "text/html").body.textContent;
  }

  var DAY = 24 * 60 * 60 * 1000;

  /* A day of the data ("2023-09-13") as a local Date: what vis-timeline would make of the
     text, without parsing it once per item. */
  function localDay(day) {
    var part = day.split("-");
    return new Date(+part[0], part[1] - 1, +part[2]);
  }

  function draw(data) {
    var entries = data.items, current = -1;
    entries.forEach(function (entry) {
      entry.from = localDay(entry.start);
      if (entry.end) entry.to = localDay(entry.end);
    });
    /* The first view: the newest events (data.first_view of them, see timeline/visual.py). */
    var newest = entries.slice(-data.first_view), first = newest[0].from.getTime(), last = first;
    newest.forEach(function (entry) { last = Math.max(last, (entry.to || entry.from).getTime()); });
    var margin = Math.max((last - first) / 8, 7 * DAY);  /* room for the boxes around the first and last days */
    var canvas = root.querySelector(".tl-visual-canvas");
    var select = root.querySelector("select[name=group]");
    var status = root.querySelector(".tl-visual-status");
    var wanted = new URLSearchParams(location.search).get("group");
    select.value = data.groups[wanted] ? wanted : "";
    var options = {
      orientation: "top", stack: true, maxHeight: "70vh", verticalScroll: true, zoomKey: "ctrlKey",
      zoomMin: 7 * DAY, zoomMax: 1000 * 365 * DAY, showCurrentTime: false, selectable: true,
      groupOrder: "order", tooltip: { followMouse: true, delay: 200 }, margin: { item: 4 },
      start: new Date(first - margin), end: new Date(last + margin),
      /* The first drawing, ungrouped, from the constructor until it is shown (once the window has
         been still for 200 ms): what benchmarks/visual.py times. Then the grouping the address
         asks for (rows given to the constructor upset its first drawing). */
      onInitialDrawComplete: function () {
        performance.mark("tl-visual-drawn");
        root.setAttribute("data-drawn", String(shown.length));
        if (select.value) groupBy(select.value);
      }
    };

    /* vis-timeline item ids: the entry's number, "3@kim-jong-un" in each of its actors' rows. */
    function entryOf(id) { return parseInt(String(id), 10); }

    function itemsFor(group) {
      var out = [];
      entries.forEach(function (entry) {
        var base = {
          start: entry.from, type: entry.to ? "range" : "box", content: entry.content,
          className: entry.className, title: entry.when + " · " + entry.status + ": " + entry.content
        };
        if (entry.to) base.end = entry.to;
        if (group === "actor") {
          entry.actors.forEach(function (row) { out.push(Object.assign({ id: entry.id + "@" + row, group: row }, base)); });
        } else {
          out.push(Object.assign(group === "type" ? { id: String(entry.id), group: entry.type } : { id: String(entry.id) }, base));
        }
      });
      return out;
    }

    function rowsFor(group) {
      var rows = data.groups[group];
      return rows ? new vis.DataSet(rows.map(function (row, n) { return Object.assign({ order: n }, row); })) : null;
    }

    root.hidden = false;
    document.querySelectorAll(".tl-visual-fallback").forEach(function (p) { p.hidden = true; });
    performance.mark("tl-visual-start");
    var shown = new vis.DataSet(itemsFor(""));
    var timeline = new vis.Timeline(canvas, shown, options);
    /* vis-timeline shows its first drawing at the first redraw after the window settles, which
       may be its next size check, a second later: ask for that redraw at once. */
    timeline.on("rangechanged", function settled() {
      timeline.off("rangechanged", settled);
      timeline.redraw();
    });

    /* The grouping lives in the address (?group=actor), so a view can be shared. */
    function groupBy(group) {
      timeline.setItems(new vis.DataSet());
      timeline.setGroups(rowsFor(group));
      shown = new vis.DataSet(itemsFor(group));
      timeline.setItems(shown);
      if (current >= 0) timeline.setSelection(idsOf(current));
      var query = new URLSearchParams(location.search);
      if (group) query.set("group", group); else query.delete("group");
      var search = query.toString() ? "?" + query.toString() : "";
      history.replaceState(null, "", location.pathname + search + location.hash);
    }

    function idsOf(n) {
      return shown.getIds({ filter: function (item) { return entryOf(item.id) === n; } });
    }

    function choose(n) {
      current = Math.max(0, Math.min(entries.length - 1, n));
      var ids = idsOf(current), entry = entries[current];
      timeline.setSelection(ids);
      timeline.focus(ids, { zoom: false, animation: false });
      status.textContent = (current + 1) + " of " + entries.length + ": " + plain(entry.when) + ", " +
        plain(entry.status) + ": " + plain(entry.content) + ". Enter opens it.";
    }

    function open(n) {
      location.href = new URL(entries[n].link, dataLink.href).href;
    }

    timeline.on("select", function (props) {
      if (props.items.length) current = entryOf(props.items[0]);
    });
    timeline.on("click", function (props) {
      if (props.what === "item" && props.item !== null) open(entryOf(props.item));
    });
    var KEYS = {
      ArrowRight: function () { choose(current + 1); },
      ArrowLeft: function () { choose(current < 0 ? entries.length - 1 : current - 1); },
      Home: function () { choose(0); },
      End: function () { choose(entries.length - 1); },
      Enter: function () { if (current >= 0) open(current); },
      "+": function () { timeline.zoomIn(0.5, { animation: false }); },
      "=": function () { timeline.zoomIn(0.5, { animation: false }); },
      "-": function () { timeline.zoomOut(0.5, { animation: false }); }
    };
    canvas.addEventListener("keydown", function (event) {
      if (event.target !== canvas || event.altKey || event.ctrlKey || event.metaKey || !KEYS[event.key]) return;
      event.preventDefault();
      KEYS[event.key]();
    });
    root.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var how = button.getAttribute("data-zoom");
        if (how === "in") timeline.zoomIn(0.5);
        else if (how === "out") timeline.zoomOut(0.5);
        else timeline.fit();
      });
    });
    select.addEventListener("change", function () { groupBy(data.groups[select.value] ? select.value : ""); });
  }

  Promise.all([
    load("link", { rel: "stylesheet", href: new URL("timeline-visual.css", assets).href }),
    load("script", { src: new URL("vendor/vis-timeline/vis-timeline-graph2d.min.js", assets).href }),
    fetch(dataLink.href).then(function (response) {
      if (!response.ok) throw new Error(dataLink.href + ": " + response.status);
      return response.json();
    })
  ]).then(function (loaded) { draw(loaded[2]); }, function (error) {
    root.hidden = true;  /* the fallback text stays, with the list pages */
    console.warn("visual timeline:", error.message);
  });
})();
