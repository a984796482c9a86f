// Behaviours the templates ask for with data attributes, instead of inline `style=` and `on…=`
// attributes that the Content-Security-Policy forbids.

/** Bars drawn at `data-larghezza` per cent (a CSSOM write, which the CSP allows). */
export function applicaLarghezze(radice) {
  radice.querySelectorAll("[data-larghezza]").forEach((elemento) => {
    elemento.style.width = `${Number(elemento.dataset.larghezza) || 0}%`;
  });
}

/** A `<select data-invia-al-cambio>` submits its form when the choice changes. */
export function inviaAlCambio(radice) {
  radice.querySelectorAll("select[data-invia-al-cambio]").forEach((scelta) => {
    scelta.addEventListener("change", () => scelta.form.requestSubmit());
  });
}
