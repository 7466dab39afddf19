/* Search that ignores accents and case, with French stemming: a first-party web worker
 * that wraps Material's own search worker (loaded unmodified below, by importScripts).
 *
 * Written into the site by macros/recherche.py, which replaces __MATERIAL_WORKER__ with the
 * file name of the installed Material's worker; overrides/main.html points Material's
 * configuration at this file instead of Material's.
 *
 * Why a wrapper: Material's worker tokenises the text and builds a lunr index in the
 * browser, and hands every query to lunr after appending `*` (prefix search). Lunr skips
 * its search pipeline for such wildcard terms, so folding or stemming in the pipeline alone
 * would never reach the query. Hence two small changes, one on each side, with the same
 * functions:
 *  - index: after lunr.fr's stop-word filter, every token is folded (lower case, no
 *    diacritics, œ → oe) before lunr.fr's stemmer;
 *  - query: before Material reads a query, each word is folded, dropped if it is a stop word,
 *    and stemmed with the same stemmer. Longer words also get a fuzzy clause (one edit) so a
 *    small typo still finds the page; an exact or prefix match still ranks first.
 * The text shown in the results keeps its accents (only the tokens are folded), and the
 * highlighting still works (it uses the tokens' positions in the original text).
 */
"use strict";

(function () {
  // Material's message types (src/.../search/worker/message): SETUP, READY, QUERY, RESULT.
  var SETUP = 0, QUERY = 2, RESULT = 3;
  var FLOUS_LONGUEUR = 6;   // words of 6 letters or more (after stemming) tolerate one typo
  var PREFIXE_LONGUEUR = 9; // words of 9 letters or more also match on all but their last 3
  var racinisation = true;  // follows `pipeline` of mkdocs.yml (Material sends it at setup)
  var vides = null;         // folded French stop words: « a » for « à », « ete » for « été »
  var origines = {};        // last query: term sent to lunr → the word as typed

  function plier(mot) {
    return mot.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae");
  }

  // Pipeline function (index side): fold each token in place.
  function plierJeton(jeton) {
    return jeton.update(plier);
  }

  function preparerLunr(lunr) {
    if (lunr.stspdPret) return;
    lunr.stspdPret = true;
    lunr.Pipeline.registerFunction(plierJeton, "stspd-plier");
    // lunr.fr builds its stop-word filter from a word list it keeps to itself: note the list.
    var generer = lunr.generateStopWordFilter;
    lunr.generateStopWordFilter = function (liste) {
      var filtre = generer.apply(this, arguments);
      filtre.stspdListe = liste;
      return filtre;
    };
  }

  function envelopperFr(lunr) {
    if (!lunr.fr || lunr.fr.stspdPlie) return;
    var fr = lunr.fr;
    var enveloppe = function () {
      fr.apply(this, arguments);
      // lunr.fr: pipeline = trimmer, stopWordFilter, stemmer. Fold just before the stemmer
      // (or at the end if Material removed it), after the accented stop words.
      if (this.pipeline._stack.indexOf(fr.stemmer) !== -1) this.pipeline.before(fr.stemmer, plierJeton);
      else this.pipeline.add(plierJeton);
      // Queries are folded and stemmed before Material sees them (below): the search
      // pipeline would stem a second time the few terms it still runs on.
      if (this.searchPipeline) this.searchPipeline.reset();
    };
    for (var cle in fr) enveloppe[cle] = fr[cle];  // Material removes fr.trimmer etc. by name
    enveloppe.stspdPlie = true;
    lunr.fr = enveloppe;
    vides = {};
    var liste = fr.stopWordFilter.stspdListe || [];
    for (var i = 0; i < liste.length; i++) vides[plier(liste[i])] = true;
  }

  // Material loads lunr.fr with importScripts at setup: prepare lunr before, wrap it after.
  var importer = self.importScripts;
  self.importScripts = function () {
    if (self.lunr) preparerLunr(self.lunr);
    importer.apply(self, arguments);
    if (self.lunr) envelopperFr(self.lunr);
  };

  function preparer(requete) {
    var lunr = self.lunr;
    if (!vides) return plier(requete);
    var flous = [];
    origines = {};
    var texte = requete.replace(/[\p{L}\p{N}]+/gu, function (mot, debut, tout) {
      if (tout.charAt(debut + mot.length) === ":") return mot;  // a field name (« title: »)
      var plie = plier(mot), forme = plie;
      if (vides[forme]) return "";
      if (racinisation) forme = lunr.fr.stemmer(new lunr.Token(forme, {})).toString();
      origines[forme] = mot.toLowerCase();
      // Extra clauses only for words sought, not for words excluded with « - ».
      if (/^\p{L}+$/u.test(forme) && tout.charAt(debut - 1) !== "-") {
        // A typo near the end changes the stem (« videoprotecion »): the word's start still
        // finds it (Material appends `*`). A typo elsewhere: one edit on the stem
        // (« cambrilages »).
        if (plie.length >= PREFIXE_LONGUEUR) {
          flous.push(plie.slice(0, -3));
          origines[plie.slice(0, -3)] = mot.toLowerCase();
        }
        if (forme.length >= FLOUS_LONGUEUR) flous.push(forme + "~1");
      }
      return forme;
    });
    // Apostrophes split words, as in the index (`separator` in mkdocs.yml).
    texte = texte.replace(/['’]/g, " ");
    return flous.length ? texte + " " + flous.join(" ") : texte;
  }

  // Results: Material orders the pages by their best section. A page that treats the
  // subject in several sections (the fiche) then loses to a page that names it once in a
  // long section: order the pages by the sum of their sections' scores instead.
  function classer(groupes) {
    function total(groupe) {
      var t = 0;
      for (var i = 0; i < groupe.length; i++) t += groupe[i].score || 0;
      return t;
    }
    return groupes
      .map(function (g, i) { return { g: g, t: total(g), i: i }; })
      .sort(function (a, b) { return b.t - a.t || a.i - b.i; })
      .map(function (x) { return x.g; });
  }
  // Material shows the query's terms that a result lacks (« Non trouvé : … ») and puts the
  // ones it has in the link (`?h=`) to highlight them on the page: give it the words as
  // typed, not the stems and the helper clauses added above.
  function termesTapes(termes) {
    var out = {};
    for (var terme in termes) {
      var mot = Object.prototype.hasOwnProperty.call(origines, terme) ? origines[terme] : terme;
      out[mot] = out[mot] || termes[terme];
    }
    return out;
  }
  var poster = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items)) {
      message.data.items = classer(message.data.items);
      for (var g = 0; g < message.data.items.length; g++)
        for (var i = 0; i < message.data.items[g].length; i++)
          if (message.data.items[g][i].terms) message.data.items[g][i].terms = termesTapes(message.data.items[g][i].terms);
    }
    return poster.apply(self, arguments);
  };

  // Registered before Material's own listener: it runs first, on the same event object.
  self.addEventListener("message", function (ev) {
    var message = ev.data;
    if (!message) return;
    if (message.type === SETUP && message.data && message.data.config) {
      racinisation = (message.data.config.pipeline || []).indexOf("stemmer") !== -1;
    } else if (message.type === QUERY && typeof message.data === "string") {
      message.data = preparer(message.data);
    }
  });

  importScripts("__MATERIAL_WORKER__");
})();
