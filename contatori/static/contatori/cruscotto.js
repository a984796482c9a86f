// Counter pages: map colouring, time-series chart, sortable table and "Ricalcola ora" progress.
(function () {
  "use strict";

  function leggiJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  var valoriMappa = leggiJson("valori-mappa");
  var serie = leggiJson("serie-contatori");
  var scelta = document.querySelector("[data-scelta-contatore]");
  var grafico = null;

  function coloraMappa(chiave) {
    if (!valoriMappa || !valoriMappa.valori[chiave]) return;
    // Each value is already a share 0..1 (of the highest region, or of the region's own target).
    var valori = valoriMappa.valori[chiave];
    var scala = valoriMappa.scala;
    var legenda = document.querySelector("[data-legenda-mappa]");
    if (legenda) {
      legenda.querySelector("[data-meno]").textContent = valoriMappa.per_obiettivo[chiave] ? legenda.dataset.menoObiettivo : legenda.dataset.meno;
      legenda.querySelector("[data-piu]").textContent = valoriMappa.per_obiettivo[chiave] ? legenda.dataset.piuObiettivo : legenda.dataset.piu;
    }
    document.querySelectorAll("svg [data-regione]").forEach(function (area) {
      var voce = valori[area.dataset.regione];
      if (!voce) return;
      var classe = 0;
      if (voce[0] > 0) {
        classe = 1 + Math.min(scala.length - 2, Math.floor(voce[0] * (scala.length - 1)));
      }
      area.setAttribute("fill", scala[classe]);
      var nome = area.parentNode.getAttribute("aria-label").split(":")[0];
      area.parentNode.setAttribute("aria-label", nome + ": " + voce[1]);
      area.querySelector("title").textContent = nome + ": " + voce[1];
    });
  }

  function disegnaSerie(chiave) {
    var canvas = document.getElementById("grafico-serie");
    if (!canvas || !serie || !serie[chiave] || typeof Chart === "undefined") return;
    var dati = serie[chiave];
    document.getElementById("grafico-vuoto").hidden = dati.giorni.length > 1;
    if (grafico) grafico.destroy();
    grafico = new Chart(canvas, {
      type: "line",
      // ISO days as the Italian dd/mm/yyyy.
      data: { labels: dati.giorni.map(function (g) { return g.split("-").reverse().join("/"); }), datasets: [{ label: dati.etichetta, data: dati.valori, borderColor: "#0066cc", backgroundColor: "rgba(0,102,204,.15)", fill: true, tension: 0.2 }] },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } }
    });
  }

  if (scelta) {
    scelta.addEventListener("change", function () {
      coloraMappa(scelta.value);
      disegnaSerie(scelta.value);
      var url = new URL(window.location.href);
      url.searchParams.set("contatore", scelta.value);
      window.history.replaceState(null, "", url);
    });
    disegnaSerie(scelta.value);
  }

  // Sortable table: the first click sorts descending for numbers, ascending for names.
  document.querySelectorAll(".tabella-ordinabile [data-ordina]").forEach(function (bottone) {
    bottone.addEventListener("click", function () {
      var tabella = bottone.closest("table");
      var corpo = tabella.tBodies[0];
      var colonna = parseInt(bottone.dataset.ordina, 10);
      var numerico = bottone.dataset.tipo === "numero";
      var th = bottone.closest("th");
      var crescente = th.getAttribute("aria-sort") ? th.getAttribute("aria-sort") === "descending" : !numerico;
      tabella.querySelectorAll("thead th").forEach(function (x) { x.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", crescente ? "ascending" : "descending");
      var righe = Array.prototype.slice.call(corpo.rows);
      righe.sort(function (a, b) {
        var x = a.cells[colonna].dataset.valore, y = b.cells[colonna].dataset.valore;
        var confronto = numerico ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "it");
        return crescente ? confronto : -confronto;
      });
      righe.forEach(function (riga) { corpo.appendChild(riga); });
    });
  });

  // "Ricalcola ora": queue, then poll the status endpoint until the recount is done.
  var modulo = document.querySelector("form[data-ricalcola]");
  var avviso = document.getElementById("stato-ricalcolo");
  if (modulo && avviso) {
    var mostra = function (stato) {
      avviso.hidden = false;
      avviso.className = "alert py-2 " + (stato === "errore" ? "alert-danger" : stato === "completato" ? "alert-success" : "alert-info");
      avviso.querySelector("[data-testo]").textContent = avviso.dataset["testo-" + stato] || avviso.getAttribute("data-testo-" + stato);
      avviso.querySelector(".progress").hidden = stato === "completato" || stato === "errore";
    };
    modulo.addEventListener("submit", function (evento) {
      evento.preventDefault();
      var bottone = modulo.querySelector("button");
      bottone.disabled = true;
      mostra("in_coda");
      fetch(modulo.action, {
        method: "POST",
        headers: { "Accept": "application/json", "X-CSRFToken": modulo.querySelector("[name=csrfmiddlewaretoken]").value },
        credentials: "same-origin"
      }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (risposta) {
        var segui = function (stato) {
          mostra(stato);
          if (stato === "completato") { window.setTimeout(function () { window.location.reload(); }, 800); return; }
          if (stato === "errore") { bottone.disabled = false; return; }
          window.setTimeout(function () {
            fetch(modulo.dataset.urlStato + "?task=" + encodeURIComponent(risposta.task), { credentials: "same-origin" })
              .then(function (r) { return r.json(); })
              .then(function (s) { segui(s.stato); });
          }, 1500);
        };
        segui(risposta.stato);
      }).catch(function () { mostra("errore"); bottone.disabled = false; });
    });
  }
})();
