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

  followOldAnchor();
})();
