// Counter pages: map colouring, time-series charts (a period, the regions' comparison), the region
// table (sorting, column groups) and "Ricalcola ora" progress.
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
    // Each value is the step of the scale the server chose (contatori/mappa_italia.py, classe) and its text.
    var valori = valoriMappa.valori[chiave];
    var scala = valoriMappa.scala;
    var legenda = document.querySelector("[data-legenda-mappa]");
    if (legenda) {
      // The value of each colour for this counter (contatori/presentation.py, legenda_mappa).
      legenda.querySelector("[data-titolo-legenda]").textContent = valoriMappa.per_obiettivo[chiave] ? legenda.dataset.titoloObiettivo : legenda.dataset.titolo;
      var testi = (valoriMappa.legende || {})[chiave] || [];
      legenda.querySelectorAll("[data-passo]").forEach(function (passo, i) {
        passo.textContent = testi[i] || "";
      });
    }
    document.querySelectorAll("svg [data-regione]").forEach(function (area) {
      var voce = valori[valoriMappa.regioni.indexOf(area.dataset.regione)];
      if (!voce) return;
      area.setAttribute("fill", scala[voce[0]]);
      var nome = area.parentNode.getAttribute("aria-label").split(":")[0];
      area.parentNode.setAttribute("aria-label", nome + ": " + voce[1]);
      area.querySelector("title").textContent = nome + ": " + voce[1];
    });
  }

  // --- Charts: the chosen counter's line, the regions' comparison, one period for both ---------
  // The server sends a point a day for the last 90 days and one a week before them (a whole number
  // of weeks before the newest day: contatori/selectors.py); periods longer than 90 days keep one
  // point a week, so that the points stay evenly spaced in time.
  var GIORNO_MS = 86400000;
  var CHIAVE_PERIODO = "cruscotto.periodo";
  var CHIAVE_REGIONI = "cruscotto.confronto.regioni";
  // Distinguishable colours (Okabe-Ito and Bootstrap Italia's blue); past ten, the same dashed.
  var COLORI = ["#0066cc", "#d55e00", "#009e73", "#cc79a7", "#5c6f82", "#e69f00", "#56b4e9", "#a61b1b", "#000000", "#7a5195"];
  var confronto = leggiJson("confronto-regioni");
  var graficoConfronto = null;

  function memoria(chiave, valore) {
    // localStorage can be off (private windows, policies): the page works without remembering.
    try {
      if (valore === undefined) return window.localStorage.getItem(chiave);
      if (valore === null) window.localStorage.removeItem(chiave);
      else window.localStorage.setItem(chiave, valore);
    } catch (e) { return null; }
    return null;
  }

  function periodoScelto() {
    var scelto = document.querySelector("[data-periodo] input:checked");
    return scelto ? scelto.value : "90";
  }

  // The indices of `giorni` (ISO dates, oldest first) the chosen period shows.
  function nelPeriodo(giorni) {
    if (!giorni.length) return [];
    var periodo = periodoScelto();
    var massimo = periodo === "tutto" ? Infinity : parseInt(periodo, 10);
    var settimanale = massimo > 90;
    var ultimo = Date.parse(giorni[giorni.length - 1]);
    var indici = [];
    giorni.forEach(function (giorno, i) {
      var distanza = Math.round((ultimo - Date.parse(giorno)) / GIORNO_MS);
      if (distanza <= massimo && (!settimanale || distanza % 7 === 0)) indici.push(i);
    });
    return indici;
  }

  function etichette(giorni, indici) {
    // ISO days as the Italian dd/mm/yyyy.
    return indici.map(function (i) { return giorni[i].split("-").reverse().join("/"); });
  }

  function opzioni() {
    return {
      maintainAspectRatio: false, animation: false, spanGaps: true,
      interaction: { mode: "index", intersect: false },
      scales: { y: { beginAtZero: true }, x: { ticks: { maxTicksLimit: 8, maxRotation: 0 } } }
    };
  }

  function disegnaSerie(chiave) {
    var canvas = document.getElementById("grafico-serie");
    if (!canvas || !serie || !serie.contatori[chiave] || typeof Chart === "undefined") return;
    var dati = serie.contatori[chiave];
    var indici = nelPeriodo(serie.giorni);
    document.getElementById("grafico-vuoto").hidden = indici.length > 1;
    var datiGrafico = {
      labels: etichette(serie.giorni, indici),
      datasets: [{
        label: dati.etichetta, data: indici.map(function (i) { return dati.valori[i]; }),
        borderColor: "#0066cc", backgroundColor: "rgba(0,102,204,.15)", fill: true, tension: 0, pointRadius: 0
      }]
    };
    // Redrawn in place (new data, a period chosen): the chart does not blink.
    if (grafico) { grafico.data = datiGrafico; grafico.update("none"); return; }
    grafico = new Chart(canvas, { type: "line", data: datiGrafico, options: opzioni() });
  }

  var sceltaRegioni = document.querySelector("[data-regioni-confronto]");

  function regioniScelte() {
    return Array.prototype.filter.call(sceltaRegioni.querySelectorAll("input[type=checkbox]"), function (c) { return c.checked; })
      .map(function (c) { return c.value; });
  }

  function disegnaConfronto() {
    var canvas = document.getElementById("grafico-confronto");
    if (!canvas || !confronto || !confronto.regioni || typeof Chart === "undefined") return;
    var indici = nelPeriodo(confronto.giorni);
    document.getElementById("confronto-vuoto").hidden = indici.length > 1;
    var scelte = regioniScelte();
    var datasets = [];
    confronto.regioni.forEach(function (regione) {
      if (scelte.indexOf(regione.slug) < 0) return;
      var colore = COLORI[datasets.length % COLORI.length];
      datasets.push({
        label: regione.nome, data: indici.map(function (i) { return regione.valori[i]; }),
        borderColor: colore, backgroundColor: colore, borderDash: datasets.length >= COLORI.length ? [6, 3] : [],
        fill: false, tension: 0, pointRadius: 0
      });
    });
    if (graficoConfronto) graficoConfronto.destroy();
    graficoConfronto = new Chart(canvas, { type: "line", data: { labels: etichette(confronto.giorni, indici), datasets: datasets }, options: opzioni() });
  }

  if (sceltaRegioni) {
    sceltaRegioni.hidden = false;
    // The user's regions, remembered across counters and visits; the largest five until then.
    var caselle = sceltaRegioni.querySelectorAll("input[type=checkbox]");
    var ricordate = null;
    try { ricordate = JSON.parse(memoria(CHIAVE_REGIONI) || "null"); } catch (e) { ricordate = null; }
    if (Array.isArray(ricordate)) {
      caselle.forEach(function (c) { c.checked = ricordate.indexOf(c.value) >= 0; });
    }
    sceltaRegioni.addEventListener("change", function () {
      memoria(CHIAVE_REGIONI, JSON.stringify(regioniScelte()));
      disegnaConfronto();
    });
    sceltaRegioni.querySelector("[data-confronto-predefinite]").addEventListener("click", function () {
      caselle.forEach(function (c) { c.checked = c.hasAttribute("data-predefinita"); });
      memoria(CHIAVE_REGIONI, null);
      disegnaConfronto();
    });
  }

  // Another counter to compare loads another page: the comparison's data is one counter's.
  var sceltaConfronto = document.querySelector("[data-scelta-confronto]");
  if (sceltaConfronto) {
    sceltaConfronto.addEventListener("change", function () { sceltaConfronto.form.submit(); });
  }

  var periodi = document.querySelector("[data-periodo]");
  if (periodi) {
    periodi.hidden = false;
    var ricordato = memoria(CHIAVE_PERIODO);
    periodi.querySelectorAll("input").forEach(function (c) { if (c.value === ricordato) c.checked = true; });
    periodi.addEventListener("change", function () {
      memoria(CHIAVE_PERIODO, periodoScelto());
      if (scelta) disegnaSerie(scelta.value);
      disegnaConfronto();
    });
  }

  if (scelta) {
    scelta.addEventListener("change", function () {
      coloraMappa(scelta.value);
      disegnaSerie(scelta.value);
      var url = new URL(window.location.href);
      url.searchParams.set("contatore", scelta.value);
      window.history.replaceState(null, "", url);
      // The comparison's form keeps the map's counter when it loads another page.
      var nascosto = document.querySelector("[data-contatore-confronto]");
      if (nascosto) nascosto.value = scelta.value;
    });
    disegnaSerie(scelta.value);
  }
  disegnaConfronto();

  // Sortable table: the first click sorts descending for numbers, ascending for names.
  function ordina(bottone, crescente) {
    var tabella = bottone.closest("table");
    var corpo = tabella.tBodies[0];
    var colonna = parseInt(bottone.dataset.ordina, 10);
    var numerico = bottone.dataset.tipo === "numero";
    var righe = Array.prototype.slice.call(corpo.rows);
    righe.sort(function (a, b) {
      var x = a.cells[colonna].dataset.valore, y = b.cells[colonna].dataset.valore;
      var confronto = numerico ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "it");
      return crescente ? confronto : -confronto;
    });
    righe.forEach(function (riga) { corpo.appendChild(riga); });
  }
  document.querySelectorAll(".tabella-ordinabile [data-ordina]").forEach(function (bottone) {
    bottone.addEventListener("click", function () {
      var th = bottone.closest("th");
      var crescente = th.getAttribute("aria-sort") ? th.getAttribute("aria-sort") === "descending" : bottone.dataset.tipo !== "numero";
      bottone.closest("table").querySelectorAll("thead th").forEach(function (x) { x.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", crescente ? "ascending" : "descending");
      ordina(bottone, crescente);
    });
  });

  // New numbers swapped in by build/vivo.js (frontend/vivo.js): the rows keep the user's order, and
  // the map and the chart read their new data.
  document.addEventListener("vivo:aggiornato", function () {
    document.querySelectorAll(".tabella-ordinabile th[aria-sort]").forEach(function (th) {
      var bottone = th.querySelector("[data-ordina]");
      if (bottone) ordina(bottone, th.getAttribute("aria-sort") === "ascending");
    });
    valoriMappa = leggiJson("valori-mappa");
    serie = leggiJson("serie-contatori");
    if (scelta) disegnaSerie(scelta.value);
  });

  // Column groups of the region table: shown or hidden by the user, remembered on this browser.
  var CHIAVE_GRUPPI = "cruscotto.tabella.nascosti";
  var sceltaGruppi = document.querySelector("[data-gruppi-tabella]");
  var tabellaRegioni = document.querySelector(".tabella-regioni");
  if (sceltaGruppi && tabellaRegioni) {
    var gruppi = sceltaGruppi.querySelectorAll("input[type=checkbox]");
    var mostraGruppi = function () {
      var nascosti = [];
      gruppi.forEach(function (c) {
        tabellaRegioni.classList.toggle("nascondi-" + c.value, !c.checked);
        if (!c.checked) nascosti.push(c.value);
      });
      return nascosti;
    };
    var nascosti = null;
    try { nascosti = JSON.parse(memoria(CHIAVE_GRUPPI) || "null"); } catch (e) { nascosti = null; }
    if (Array.isArray(nascosti)) gruppi.forEach(function (c) { c.checked = nascosti.indexOf(c.value) < 0; });
    mostraGruppi();
    sceltaGruppi.hidden = false;
    sceltaGruppi.addEventListener("change", function () {
      var ora = mostraGruppi();
      memoria(CHIAVE_GRUPPI, ora.length ? JSON.stringify(ora) : null);
    });
  }
})();
