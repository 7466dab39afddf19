/*
 * Tri et filtre des tableaux du tableau de bord (fichier propre au site, sans bibliothèque).
 *
 * Amélioration progressive : le tableau est complet et lisible sans JavaScript. Ce script
 * s'applique à chaque conteneur `[data-stspd-tableau]` et ajoute :
 *  - dans chaque en-tête de colonne, un bouton de tri (aria-sort sur le <th>) ;
 *  - au-dessus du tableau, un champ de filtre avec son <label> et, pour la colonne
 *    « Statut », une liste de choix ;
 *  - une zone annoncée aux lecteurs d'écran : « 12 fiches affichées sur 20 », l'ordre de tri.
 * Clé de tri d'une cellule : l'attribut data-tri d'un élément de la cellule s'il existe,
 * sinon son texte. Une clé vide (donnée non renseignée) reste en fin de tableau dans les
 * deux sens de tri.
 */
(function () {
  "use strict";

  function sansAccents(texte) {
    return texte.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function cle(cellule) {
    var marque = cellule ? cellule.querySelector("[data-tri]") : null;
    if (marque) return marque.getAttribute("data-tri");
    return cellule ? cellule.textContent.trim() : "";
  }

  function comparer(a, b) {
    var na = Number(a), nb = Number(b);
    if (a !== "" && b !== "" && !isNaN(na) && !isNaN(nb)) return na - nb;
    return a.localeCompare(b, "fr", { numeric: true, sensitivity: "base" });
  }

  var compteur = 0;

  function initialiser(conteneur) {
    if (conteneur.hasAttribute("data-stspd-pret")) return;
    var table = conteneur.querySelector("table");
    if (!table || !table.tHead || !table.tBodies.length) return;
    conteneur.setAttribute("data-stspd-pret", "");
    compteur += 1;
    var corps = table.tBodies[0];
    var lignes = Array.prototype.slice.call(corps.rows);
    var entetes = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var nom = conteneur.getAttribute("data-stspd-tableau") || "lignes";

    // Zone d'état annoncée (filtre, tri).
    var etat = document.createElement("p");
    etat.className = "stspd-tableau__etat";
    etat.setAttribute("role", "status");
    etat.setAttribute("aria-live", "polite");

    // Commandes de filtre.
    var commandes = document.createElement("div");
    commandes.className = "stspd-tableau__commandes";
    var idFiltre = "stspd-filtre-" + compteur;
    var etiquette = document.createElement("label");
    etiquette.setAttribute("for", idFiltre);
    etiquette.textContent = "Filtrer les " + nom + " (numéro, titre, pilote, statut…)";
    var champ = document.createElement("input");
    champ.type = "search";
    champ.id = idFiltre;
    champ.autocomplete = "off";
    var aide = document.createElement("p");
    aide.className = "stspd-tableau__aide";
    aide.textContent = "Les boutons des en-têtes de colonne trient le tableau (un second clic inverse l'ordre).";
    commandes.appendChild(aide);
    commandes.appendChild(etiquette);
    commandes.appendChild(champ);

    var colStatut = -1;
    entetes.forEach(function (th, i) {
      if (sansAccents(th.textContent.trim()) === "statut") colStatut = i;
    });
    var choix = null;
    if (colStatut >= 0) {
      var idChoix = "stspd-statut-" + compteur;
      var etiquetteChoix = document.createElement("label");
      etiquetteChoix.setAttribute("for", idChoix);
      etiquetteChoix.textContent = "Statut";
      choix = document.createElement("select");
      choix.id = idChoix;
      var tous = document.createElement("option");
      tous.value = "";
      tous.textContent = "Tous les statuts";
      choix.appendChild(tous);
      var vus = {};
      lignes.forEach(function (tr) {
        var t = tr.cells[colStatut] ? tr.cells[colStatut].textContent.trim() : "";
        if (t && !vus[t]) {
          vus[t] = true;
          var o = document.createElement("option");
          o.value = t;
          o.textContent = t;
          choix.appendChild(o);
        }
      });
      commandes.appendChild(etiquetteChoix);
      commandes.appendChild(choix);
    }
    conteneur.insertBefore(commandes, conteneur.firstChild);
    conteneur.insertBefore(etat, commandes.nextSibling);

    var textes = lignes.map(function (tr) { return sansAccents(tr.textContent); });

    function filtrer() {
      var mots = sansAccents(champ.value).split(/\s+/).filter(Boolean);
      var statut = choix ? choix.value : "";
      var visibles = 0;
      lignes.forEach(function (tr, i) {
        var ok = mots.every(function (m) { return textes[i].indexOf(m) !== -1; });
        if (ok && statut) ok = tr.cells[colStatut].textContent.trim() === statut;
        tr.hidden = !ok;
        if (ok) visibles += 1;
      });
      etat.textContent = visibles + " " + nom + " affichées sur " + lignes.length + ".";
    }
    champ.addEventListener("input", filtrer);
    if (choix) choix.addEventListener("change", filtrer);

    // Boutons de tri.
    entetes.forEach(function (th, col) {
      var bouton = document.createElement("button");
      bouton.type = "button";
      bouton.className = "stspd-tri";
      while (th.firstChild) bouton.appendChild(th.firstChild);
      var signe = document.createElement("span");
      signe.className = "stspd-tri__signe";
      signe.setAttribute("aria-hidden", "true");
      bouton.appendChild(signe);
      th.appendChild(bouton);
      bouton.addEventListener("click", function () {
        var croissant = th.getAttribute("aria-sort") !== "ascending";
        entetes.forEach(function (autre) { autre.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", croissant ? "ascending" : "descending");
        var ordre = lignes.map(function (tr, i) { return { tr: tr, i: i, k: cle(tr.cells[col]) }; });
        ordre.sort(function (x, y) {
          if (x.k === "" || y.k === "") {
            if (x.k === y.k) return x.i - y.i;
            return x.k === "" ? 1 : -1; // non renseigné : toujours en fin de tableau
          }
          var c = comparer(x.k, y.k);
          return (croissant ? c : -c) || x.i - y.i;
        });
        ordre.forEach(function (o) { corps.appendChild(o.tr); });
        etat.textContent = "Tableau trié par « " + bouton.textContent.trim() + " », ordre " +
          (croissant ? "croissant" : "décroissant") + ".";
      });
    });
  }

  function tout() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-stspd-tableau]"), initialiser);
  }

  // Material's instant navigation replaces the page without reloading scripts.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(tout);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", tout);
  } else {
    tout();
  }
})();
