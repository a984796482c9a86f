// Suggestions for the comuni list of an event (eventi:comuni): no inline script, the textarea remains the input.
(function () {
  "use strict";
  var box = document.querySelector(".cerca-comune");
  if (!box) { return; }
  var campo = document.getElementById("cerca-comune");
  var lista = document.getElementById("suggerimenti-comuni");
  var destinazione = document.getElementById(box.dataset.destinazione);
  var attesa = null;
  campo.addEventListener("input", function () {
    clearTimeout(attesa);
    var testo = campo.value.trim();
    if (testo.length < 2) { return; }
    attesa = setTimeout(function () {
      var url = box.dataset.url + "?q=" + encodeURIComponent(testo) + (box.dataset.regione ? "&regione=" + encodeURIComponent(box.dataset.regione) : "");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { risultati: [] }; })
        .then(function (dati) {
          lista.replaceChildren();
          dati.risultati.forEach(function (c) {
            var opzione = document.createElement("option");
            opzione.value = c.testo;
            lista.appendChild(opzione);
          });
        });
    }, 200);
  });
  document.getElementById("aggiungi-comune").addEventListener("click", function () {
    var valore = campo.value.trim();
    if (!valore || !destinazione) { return; }
    var righe = destinazione.value.split("\n").map(function (r) { return r.trim(); }).filter(Boolean);
    if (righe.indexOf(valore) === -1) { righe.push(valore); }
    destinazione.value = righe.join("\n");
    campo.value = "";
    campo.focus();
  });
})();
