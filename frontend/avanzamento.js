// Work in progress: an import (templates/importazione/_avanzamento.html, on a staff page and in the
// admin) or a Libro Bianco being printed (templates/programma/libro_bianco_stampa.html). Poll the JSON
// state at #avanzamento's data-url every second and reload the page when the work is over.
import { applicaLarghezze } from "./moduli.js";
import { ripeti } from "./ripeti.js";

function avviaAvanzamento(radice) {
  const riquadro = radice.getElementById("avanzamento");
  if (!riquadro) return;
  applicaLarghezze(riquadro);
  const barra = radice.getElementById("avanzamento-barra");
  const passo = () =>
    fetch(riquadro.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((risposta) => risposta.json())
      .then((stato) => {
        if (stato.percentuale !== undefined) {
          barra.style.width = `${stato.percentuale}%`;
          barra.textContent = `${stato.percentuale}%`;
          barra.setAttribute("aria-valuenow", stato.percentuale);
        }
        if (stato.righe_elaborate !== undefined) radice.getElementById("avanzamento-righe").textContent = stato.righe_elaborate;
        if (stato.etichetta) radice.getElementById("avanzamento-fase").textContent = stato.etichetta;
        if (stato.terminata) {
          window.location.reload();
          return false;
        }
        return true;
      });
  ripeti(passo, { ogni: 1000, dopoErrore: 3000 });
}

avviaAvanzamento(document);
