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

/** A number with its thousands grouped by dots, as the server writes it (`numero_italiano`). */
function numeroItaliano(numero) {
  return String(numero).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** A text of the server's (`{scritti} / {limite} caratteri`) with its numbers filled in. */
function componi(modello, numeri) {
  return modello.replace(/\{(\w+)\}/g, (segnaposto, nome) => (nome in numeri ? numeroItaliano(numeri[nome]) : segnaposto));
}

// From this share of the limit on, the count is shown as a warning and announced once.
const VICINO_AL_LIMITE = 0.9;

/** A live count under every `<textarea maxlength data-conteggio>` (written, with its Italian texts,
 * by `programma.fields.CampoTestoLungo`). The count describes the field (aria-describedby); screen
 * readers are told politely when the text comes near the limit and when it reaches it, not at every
 * keystroke. Without JavaScript the maxlength and the server's message still hold. */
export function contaCaratteri(radice) {
  radice.querySelectorAll("textarea[maxlength][data-conteggio]").forEach((campo) => {
    const limite = campo.maxLength;
    if (!campo.id || limite < 1) {
      return;
    }
    const conteggio = document.createElement("div");
    conteggio.id = `${campo.id}-conteggio`;
    conteggio.className = "form-text conteggio-caratteri";
    const annuncio = document.createElement("div");
    annuncio.className = "visually-hidden";
    annuncio.setAttribute("aria-live", "polite");
    campo.after(conteggio, annuncio);
    const descrizioni = campo.getAttribute("aria-describedby");
    campo.setAttribute("aria-describedby", descrizioni ? `${descrizioni} ${conteggio.id}` : conteggio.id);
    let livello = null; // 0 below the warning, 1 near the limit, 2 at it
    const aggiorna = () => {
      // What maxlength counts: the value's length, a line break being one character.
      const numeri = { scritti: campo.value.length, limite };
      conteggio.textContent = componi(campo.dataset.conteggio, numeri);
      const nuovo = numeri.scritti >= limite ? 2 : numeri.scritti >= limite * VICINO_AL_LIMITE ? 1 : 0;
      conteggio.classList.toggle("conteggio-vicino", nuovo > 0);
      if (livello !== null && nuovo > livello) {
        annuncio.textContent = componi(nuovo === 2 ? campo.dataset.conteggioPieno : campo.dataset.conteggioVicino, numeri);
      }
      livello = nuovo;
    };
    aggiorna();
    campo.addEventListener("input", aggiorna);
  });
}

/** A part of a form shown only while a field has one of some values: `data-mostra-se-campo` names the
 * field, `data-mostra-se-valori` lists the values (space-separated; "" for an empty choice), written
 * by the server from the model's rule (e.g. an event's participants while it is held). Without
 * JavaScript the part shows, and the server applies the rule. */
export function mostraSe(radice) {
  radice.querySelectorAll("[data-mostra-se-campo]").forEach((parte) => {
    const form = parte.closest("form");
    const campo = form && form.elements.namedItem(parte.dataset.mostraSeCampo);
    if (!campo) {
      return;
    }
    const valori = parte.dataset.mostraSeValori.split(" ");
    const aggiorna = () => {
      parte.hidden = !valori.includes(campo.value);
    };
    campo.addEventListener("change", aggiorna);
    aggiorna();
  });
}

/** An inline formset gets a form more without a save: a `<button data-formset-aggiungi="PREFIX">`
 * copies the `<template data-formset-modello="PREFIX">` (Django's `empty_form`, `__prefix__` in its
 * names) before the button's `[data-formset-nuovi]` place, numbering it with the management form's
 * TOTAL_FORMS, which it then raises. Without JavaScript the formset's extra form still adds one a save. */
export function aggiungiAlFormset(radice) {
  radice.querySelectorAll("button[data-formset-aggiungi]").forEach((pulsante) => {
    const prefisso = pulsante.dataset.formsetAggiungi;
    const modello = radice.querySelector(`template[data-formset-modello="${prefisso}"]`);
    const totale = radice.getElementById(`id_${prefisso}-TOTAL_FORMS`);
    const posto = radice.querySelector(`[data-formset-nuovi="${prefisso}"]`);
    if (!modello || !totale || !posto) {
      return;
    }
    const massimo = radice.getElementById(`id_${prefisso}-MAX_NUM_FORMS`);
    const pieno = () => massimo !== null && Number(totale.value) >= Number(massimo.value);
    pulsante.hidden = false;
    pulsante.disabled = pieno();
    pulsante.addEventListener("click", () => {
      if (pieno()) {
        return;
      }
      const indice = Number(totale.value);
      const copia = modello.content.cloneNode(true);
      copia.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((elemento) => {
        for (const attributo of ["name", "id", "for", "aria-describedby"]) {
          const valore = elemento.getAttribute(attributo);
          if (valore) {
            elemento.setAttribute(attributo, valore.replaceAll("__prefix__", String(indice)));
          }
        }
      });
      const riquadro = document.createElement("div");
      riquadro.append(copia);
      posto.append(riquadro);
      totale.value = String(indice + 1);
      contaCaratteri(riquadro);
      pulsante.disabled = pieno();
      riquadro.querySelector("input:not([type=hidden]), select, textarea")?.focus();
    });
  });
}
