// Counter pages that follow the data (contatori/views/vivo.py): the dashboard, the region pages, the
// public counters page and the public home. While the tab is visible, ask every few seconds whether
// the counters' generation changed (If-None-Match: a 304 costs the server one cache read); when it
// did, fetch the page again and swap only the fragments whose digest changed ({% frammento %},
// `data-impronta`). Nothing else moves: the rest of the page, the scroll position, the focus (given
// back to the same control in the new fragment) and any state kept outside the fragments stay. The
// swap is instant, with no animation (so there is nothing to reduce for prefers-reduced-motion).
// Listeners of `vivo:aggiornato` (contatori/cruscotto.js) redraw what they drew from a fragment.
import { applicaLarghezze } from "./moduli.js";
import { ripeti } from "./ripeti.js";

const OGNI_MS = 5000;

// Where the focus was inside a fragment, as something to find in its new copy.
function segnaFuoco(frammento) {
  const attivo = document.activeElement;
  if (!attivo || attivo === document.body || !frammento.contains(attivo)) return null;
  if (attivo.id) return (nuovo) => nuovo.querySelector(`#${CSS.escape(attivo.id)}`);
  const simili = Array.from(frammento.querySelectorAll(attivo.tagName));
  const indice = simili.indexOf(attivo);
  return (nuovo) => nuovo.querySelectorAll(attivo.tagName)[indice] || null;
}

function sostituisci(vecchio, nuovo) {
  const ritrova = segnaFuoco(vecchio);
  const importato = document.importNode(nuovo, true);
  applicaLarghezze(importato);
  vecchio.replaceWith(importato);
  const bersaglio = ritrova && ritrova(importato);
  if (bersaglio) bersaglio.focus({ preventScroll: true });
  return importato;
}

function aggiornaFrammenti() {
  return fetch(window.location.href, { credentials: "same-origin", cache: "no-store", headers: { Accept: "text/html" } })
    .then((risposta) => {
      if (!risposta.ok) throw new Error(`pagina: ${risposta.status}`);
      return risposta.text();
    })
    .then((html) => {
      const pagina = new DOMParser().parseFromString(html, "text/html");
      const cambiati = [];
      pagina.querySelectorAll("[data-frammento]").forEach((nuovo) => {
        const vecchio = document.getElementById(nuovo.id);
        if (vecchio && vecchio.dataset.impronta !== nuovo.dataset.impronta) cambiati.push(sostituisci(vecchio, nuovo));
      });
      if (cambiati.length) document.dispatchEvent(new CustomEvent("vivo:aggiornato", { detail: { frammenti: cambiati } }));
      // The generation the fetched page shows: a public page may still be the previous one's while the
      // server makes the new one (programma.cache.pagina_pubblica), and then the next poll fetches again.
      const suo = pagina.querySelector("[data-vivo]");
      return suo ? suo.dataset.etag : null;
    });
}

function avviaVivo() {
  const vivo = document.querySelector("[data-vivo]");
  if (!vivo || !window.fetch || !window.DOMParser) return;
  let etag = vivo.dataset.etag || "";
  const passo = () =>
    fetch(vivo.dataset.url, {
      credentials: "same-origin",
      cache: "no-store", // the 304 must reach this script, not be answered from the browser's cache
      headers: etag ? { "If-None-Match": etag, Accept: "application/json" } : { Accept: "application/json" },
    }).then((risposta) => {
      if (risposta.status === 304) return true;
      if (!risposta.ok) throw new Error(`generazione: ${risposta.status}`);
      const nuovo = risposta.headers.get("ETag") || "";
      return aggiornaFrammenti().then((mostrato) => {
        etag = mostrato === null ? nuovo : mostrato;
        vivo.dataset.etag = etag;
        return true;
      });
    });
  ripeti(passo, { ogni: parseInt(vivo.dataset.ogni, 10) || OGNI_MS, soloVisibile: true });
}

avviaVivo();
