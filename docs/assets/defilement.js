/* Wide tables scroll sideways inside Material's .md-typeset__scrollwrap (always on a phone,
   sometimes on a computer, e.g. the data tables under the charts). A region that scrolls
   must be reachable with the keyboard (RGAA 7.3 and 12.13, axe « scrollable-region-focusable »):
   each one that overflows becomes a named, focusable region; the others stay out of the
   tab order. Re-checked when its size changes (window resized, <details> opened). */
(function () {
  "use strict";

  // The region's name: the table's caption, else the heading above it; unique on the page.
  function nom(zone) {
    var legende = zone.querySelector("caption");
    var texte = legende ? legende.textContent : "";
    for (var el = zone; !texte && el && !el.matches("article"); el = el.parentElement) {
      for (var prec = el.previousElementSibling; prec && !texte; prec = prec.previousElementSibling) {
        if (/^H[1-6]$/.test(prec.tagName)) texte = prec.textContent;
      }
    }
    texte = "Tableau : " + (texte || "").replace(/¶/g, "").trim();
    var pris = {};
    document.querySelectorAll(".md-typeset__scrollwrap[aria-label]").forEach(function (z) {
      if (z !== zone) pris[z.getAttribute("aria-label")] = true;
    });
    for (var n = 2, base = texte; pris[texte]; n++) texte = base + " (" + n + ")";
    return texte;
  }

  function regler(zone) {
    if (zone.scrollWidth > zone.clientWidth + 1) {
      zone.setAttribute("tabindex", "0");
      zone.setAttribute("role", "region");
      if (!zone.hasAttribute("aria-label")) zone.setAttribute("aria-label", nom(zone));
    } else if (zone.hasAttribute("data-stspd-defilement")) {
      zone.removeAttribute("tabindex");
      zone.removeAttribute("role");
      zone.removeAttribute("aria-label");
    }
    zone.setAttribute("data-stspd-defilement", "");
  }

  var observateur = "ResizeObserver" in window ? new ResizeObserver(function (entrees) {
    entrees.forEach(function (e) { regler(e.target); });
  }) : null;

  function installer() {
    document.querySelectorAll(".md-typeset__scrollwrap:not([data-stspd-defilement])").forEach(function (zone) {
      regler(zone);
      if (observateur) observateur.observe(zone);
    });
  }

  // Material wraps the tables from its own script: run after it, on every page it shows.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(installer);
  } else {
    document.addEventListener("DOMContentLoaded", installer);
  }
})();
