/* The timeline site's script. Without it every page still shows everything. */
(function () {
  "use strict";

  /* 32-bit FNV-1a of an anchor's UTF-8 bytes, in hex: timeline.writers.anchor_hash. */
  function anchorHash(text) {
    var bytes = unescape(encodeURIComponent(text)), value = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) value = Math.imul(value ^ bytes.charCodeAt(i), 0x01000193) >>> 0;
    return value.toString(16);
  }

  /* An old link to the one-page timeline (timeline/#2023-09-13) lands on the period page
     that now holds its anchor. The rule is timeline.writers.guess_period's, with the first
     day of each part of a split month (data-parts); the anchors it would place wrong are
     listed on the index by page (data-moved, as hashes). */
  function followOldAnchor() {
    var data = document.querySelector(".tl-old-anchors");
    var anchor = decodeURIComponent(location.hash.slice(1));
    if (!data || !anchor) return;
    var pages = data.getAttribute("data-pages").split(" ");
    var parts = JSON.parse(data.getAttribute("data-parts"));
    var moved = JSON.parse(data.getAttribute("data-moved")), hash = anchorHash(anchor), page;
    Object.keys(moved).forEach(function (key) { if (moved[key].split(" ").indexOf(hash) >= 0) page = key; });
    var date = /^(\d{4})(?:-(\d{2}))?/.exec(anchor);
    if (!page && anchor.indexOf("undated") === 0) page = "undated";
    if (!page && date) {
      page = date[2] && pages.indexOf(date[1] + "-" + date[2]) >= 0 ? date[1] + "-" + date[2] : date[1];
      (parts[page] || []).forEach(function (part) { if (anchor.slice(0, 10) >= part[0]) page = part[1]; });
    }
    if (page && pages.indexOf(page) >= 0) location.replace(page + "/#" + encodeURIComponent(anchor));
  }

  /* Filters on a period page: status, type, actor and dates. The state lives in the URL
     (?status=planned&actor=kim-jong-un&from=2023-09-01), so a filtered view can be shared;
     the previous/next links carry it on. Without this script the form stays hidden and
     every entry shows. */
  var FIELDS = ["status", "type", "actor", "from", "to"];

  function matches(card, state) {
    var date = card.getAttribute("data-date");
    if (state.status && card.getAttribute("data-status").split(" ").indexOf(state.status) < 0) return false;
    if (state.type && card.getAttribute("data-type") !== state.type) return false;
    if (state.actor && card.getAttribute("data-actors").split(" ").indexOf(state.actor) < 0) return false;
    if ((state.from || state.to) && !date) return false;
    if (state.from && date < state.from) return false;
    if (state.to && date > state.to) return false;
    return true;
  }

  function apply(form, cards) {
    var state = {}, query = new URLSearchParams(), shown = 0;
    FIELDS.forEach(function (name) {
      state[name] = form.elements[name] ? form.elements[name].value : "";
      if (state[name]) query.set(name, state[name]);
    });
    cards.forEach(function (card) {
      card.hidden = !matches(card, state);
      if (!card.hidden) shown++;
    });
    /* A day or month heading with nothing left under it goes too. */
    document.querySelectorAll(".md-typeset .tl-day, .md-typeset .tl-month, .md-typeset .tl-coarse").forEach(function (heading) {
      var next = heading.nextElementSibling, any = false;
      while (next && !next.matches("h1, h2, h3, .tl-coarse, .tl-pager")) {
        if (next.classList.contains("tl-entry") && !next.hidden) any = true;
        next = next.nextElementSibling;
      }
      if (!heading.classList.contains("tl-month")) heading.hidden = !any;
    });
    var search = query.toString() ? "?" + query.toString() : "";
    form.querySelector(".tl-filter-count").textContent = shown + " of " + cards.length + " events shown";
    history.replaceState(null, "", location.pathname + search + location.hash);
    document.querySelectorAll(".tl-pager a").forEach(function (link) {
      link.search = search;
    });
  }

  function setUpFilters() {
    var form = document.querySelector("form.tl-filters");
    if (!form) return;
    var cards = Array.prototype.slice.call(document.querySelectorAll(".tl-entry[data-status]"));
    var params = new URLSearchParams(location.search);
    FIELDS.forEach(function (name) {
      if (form.elements[name] && params.get(name)) form.elements[name].value = params.get(name);
    });
    form.hidden = false;
    form.addEventListener("change", function () { apply(form, cards); });
    form.addEventListener("input", function () { apply(form, cards); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(form, cards); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply(form, cards);
  }

  followOldAnchor();
  setUpFilters();
})();
