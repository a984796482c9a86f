// "Ricalcola ora" on the national dashboard (templates/contatori/dashboard.html): queue a recount,
// then follow its state with `ripeti`, as every page that waits for the server does, until it is
// over: completed, the page reloads; failed, the message says so and the button works again. A
// status request that fails is tried again (it once stopped the wait for good), and a hidden tab
// waits; after FALLITI_AL_MASSIMO failures in a row (an expired session's login page, a server
// down) the wait ends with the error message rather than spinning on.
import { ripeti } from "./ripeti.js";

const FALLITI_AL_MASSIMO = 3;

function avviaRicalcolo(modulo, avviso) {
  const bottone = modulo.querySelector("button");
  const mostra = (stato) => {
    avviso.hidden = false;
    const tono = stato === "errore" ? "alert-danger" : stato === "completato" ? "alert-success" : "alert-info";
    avviso.className = `alert py-2 ${tono}`;
    avviso.querySelector("[data-testo]").textContent = avviso.getAttribute(`data-testo-${stato}`) || "";
    avviso.querySelector(".progress").hidden = stato === "completato" || stato === "errore";
  };
  // The state shown; false once the recount is over.
  const segui = (stato) => {
    mostra(stato);
    if (stato === "completato") {
      window.setTimeout(() => window.location.reload(), 800);
      return false;
    }
    if (stato === "errore") {
      bottone.disabled = false;
      return false;
    }
    return true;
  };
  const json = (risposta) => {
    if (!risposta.ok) throw new Error(String(risposta.status));
    return risposta.json();
  };
  modulo.addEventListener("submit", (evento) => {
    evento.preventDefault();
    bottone.disabled = true;
    mostra("in_coda");
    fetch(modulo.action, {
      method: "POST",
      headers: { Accept: "application/json", "X-CSRFToken": modulo.querySelector("[name=csrfmiddlewaretoken]").value },
      credentials: "same-origin",
    })
      .then(json)
      .then((risposta) => {
        if (!segui(risposta.stato)) return;
        const url = `${modulo.dataset.urlStato}?task=${encodeURIComponent(risposta.task)}`;
        let falliti = 0;
        const passo = () =>
          // A redirect (to the login page) is a failure, not a page to read as JSON.
          fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, redirect: "error" })
            .then(json)
            .then(
              (stato) => {
                falliti = 0;
                return segui(stato.stato);
              },
              (errore) => {
                falliti += 1;
                if (falliti >= FALLITI_AL_MASSIMO) return segui("errore");
                throw errore;
              },
            );
        ripeti(passo, { ogni: 1500, soloVisibile: true });
      })
      .catch(() => segui("errore"));
  });
}

const modulo = document.querySelector("form[data-ricalcola]");
const avviso = document.getElementById("stato-ricalcolo");
if (modulo && avviso) avviaRicalcolo(modulo, avviso);
