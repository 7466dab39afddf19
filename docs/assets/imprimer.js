// Printable pages (a button marked data-stspd-imprimer). The Content Security Policy allows
// no inline script or event handler (onclick), so both behaviours live in this file:
// - the button prints the page;
// - lazy-loaded images (charts) load at once: a browser prints a lazy image that was never
//   scrolled to as a blank box, so Ctrl+P would print empty frames.
(function () {
  var boutons = document.querySelectorAll("[data-stspd-imprimer]");
  if (!boutons.length) return;
  boutons.forEach(function (bouton) {
    bouton.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll('img[loading="lazy"]').forEach(function (img) { img.loading = "eager"; });
})();
