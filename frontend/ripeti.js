// Polling, one way for every page that waits for the server: `passo()` returns a promise; it runs
// again `ogni` ms after it settles (`dopoErrore` ms after a failure) until it resolves to false.
// With `soloVisibile`, a hidden tab does not poll (document.visibilityState) and polls at once when
// it is shown again. Used by avanzamento.js (an import, a book being printed), vivo.js (the
// counter pages following the data) and ricalcola.js (the dashboard's recount).
export function ripeti(passo, { ogni, dopoErrore = ogni * 3, soloVisibile = false }) {
  let attesa = null;
  let inCorso = false;
  let finito = false;
  const programma = (ms) => {
    window.clearTimeout(attesa);
    attesa = window.setTimeout(esegui, ms);
  };
  function esegui() {
    attesa = null;
    if (finito || inCorso) return;
    if (soloVisibile && document.visibilityState !== "visible") return; // resumed by visibilitychange
    inCorso = true;
    Promise.resolve()
      .then(passo)
      .then(
        (continua) => {
          inCorso = false;
          if (continua === false) finito = true;
          else programma(ogni);
        },
        () => {
          inCorso = false;
          programma(dopoErrore);
        },
      );
  }
  if (soloVisibile) {
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && !inCorso && !finito) programma(0);
    });
  }
  programma(ogni);
}
