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

/** After a rejected submit, the focus goes to the error summary, whose items link to the fields. */
export function fuocoSulRiepilogoErrori(radice) {
  const riepilogo = radice.querySelector("[data-riepilogo-errori]");
  if (riepilogo) {
    riepilogo.focus();
  }
}

/** Lists on a phone: each cell is labelled with its column's header (programma.css stacks the rows
 * as cards below 576 px; this only copies the labels). */
export function etichettaCelle(radice) {
  radice.querySelectorAll("table.tabella-impilabile").forEach((tabella) => {
    const intestazioni = Array.from(tabella.querySelectorAll("thead th")).map((th) =>
      th.textContent.replace(/[▲▼]/g, "").trim(),
    );
    tabella.querySelectorAll("tbody tr").forEach((riga) => {
      Array.from(riga.children).forEach((cella, i) => {
        if (intestazioni[i]) {
          cella.setAttribute("data-etichetta", intestazioni[i]);
        }
      });
    });
  });
}
