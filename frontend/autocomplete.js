// Loaded by the form pages only (templates/activities/modulo.html, programma/strategico_modulo.html).
// Choices that scale (programma/activities/autocomplete.py): a `<select data-autocomplete-url>` becomes
// a Tom Select combobox that asks the scoped endpoint for the rows matching what is typed, 20 at a
// time (more as the list scrolls); a `<textarea data-autocomplete-url>` (one item per line) gains a
// search box whose choice is added as a line. The Italian texts come with the element (data-
// attributes written by the Django form), so the page's language stays in the templates.
import TomSelect from "tom-select/dist/esm/tom-select.js";
import RemoveButton from "tom-select/dist/esm/plugins/remove_button/plugin.js";
import VirtualScroll from "tom-select/dist/esm/plugins/virtual_scroll/plugin.js";

TomSelect.define("remove_button", RemoveButton);
TomSelect.define("virtual_scroll", VirtualScroll);

/** The endpoint's address for a search: the text, the page, the region (fixed, or read from a select). */
function indirizzo(elemento, testo, pagina) {
  const url = new URL(elemento.dataset.autocompleteUrl, window.location.href);
  url.searchParams.set("q", testo);
  url.searchParams.set("page", String(pagina));
  const sceltaRegione = elemento.dataset.autocompleteRegioneDa
    ? document.getElementById(elemento.dataset.autocompleteRegioneDa)
    : null;
  const regione = sceltaRegione ? sceltaRegione.value : elemento.dataset.autocompleteRegione;
  if (regione) {
    url.searchParams.set("regione", regione);
  }
  return url.toString();
}

function testoSemplice(testo) {
  const div = document.createElement("div");
  div.textContent = testo;
  return div;
}

/** Tom Select on a select with data-autocomplete-url; `altre` are extra settings (e.g. onItemAdd). */
export function comboboxRemota(select, altre = {}) {
  const dati = select.dataset;
  // With JavaScript the endpoint is the list: options written out for a page without it go,
  // the chosen ones stay.
  select.querySelectorAll("option").forEach((opzione) => {
    if (!opzione.selected) {
      opzione.remove();
    }
  });
  const pagine = new Map(); // url asked → its page number
  const combobox = new TomSelect(select, {
    valueField: "value",
    labelField: "text",
    searchField: ["text"],
    placeholder: dati.autocompleteInvito,
    preload: "focus",
    loadThrottle: 250,
    maxOptions: null,
    closeAfterSelect: !select.multiple,
    clearAfterSelect: true, // the next search starts from an empty box
    plugins: select.multiple
      ? {
          remove_button: {
            title: dati.autocompleteRimuovi,
            label: "×",
            html: (opzioni) => {
              const bottone = document.createElement("span");
              bottone.className = "remove";
              bottone.title = opzioni.title;
              bottone.setAttribute("role", "button");
              bottone.setAttribute("aria-label", opzioni.title);
              bottone.tabIndex = -1;
              bottone.textContent = opzioni.label;
              return bottone;
            },
          },
          virtual_scroll: {},
        }
      : { virtual_scroll: {} },
    firstUrl(testo) {
      return indirizzo(select, testo, 1);
    },
    load(testo, callback) {
      const url = this.getUrl(testo);
      const pagina = pagine.get(url) || 1;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((risposta) => (risposta.ok ? risposta.json() : Promise.reject(risposta.status)))
        .then((corpo) => {
          if (testo !== this.lastValue) {
            // A newer search replaced this one (typed on, or a choice made meanwhile): its rows would
            // replace the newer ones. Close the load without them, and let the text be searched again.
            delete this.loadedSearches[testo];
            this.loading = Math.max(this.loading - 1, 0);
            if (!this.loading) {
              this.wrapper.classList.remove(this.settings.loadingClass);
            }
            return;
          }
          if (corpo.altre) {
            const successiva = indirizzo(select, testo, pagina + 1);
            pagine.set(successiva, pagina + 1);
            this.setNextUrl(testo, successiva);
          }
          callback(corpo.risultati);
        })
        .catch(() => callback());
    },
    render: {
      option(dato, escape) {
        const dettaglio = dato.dettaglio ? `<small class="d-block text-muted">${escape(dato.dettaglio)}</small>` : "";
        return `<div>${escape(dato.text)}${dettaglio}</div>`;
      },
      item(dato, escape) {
        return `<div>${escape(dato.text)}</div>`;
      },
      no_results() {
        const vuoto = testoSemplice(dati.autocompleteVuoto);
        vuoto.className = "no-results";
        return vuoto;
      },
      loading_more() {
        const altri = testoSemplice(dati.autocompleteAltri);
        altri.className = "loading-more-results";
        return altri;
      },
      no_more_results() {
        return null;
      },
      loading() {
        return null;
      },
    },
    ...altre,
  });
  // The combobox is the control now (its label points at it): the select Tom Select keeps for the
  // form, clipped but still exposed, would be a second control without a name to a screen reader
  // (axe: select-name, critical). Tom Select already takes it out of the tab order.
  select.setAttribute("aria-hidden", "true");
  // The field's help text (and error) describe the combobox as they described the select.
  const descrizione = select.getAttribute("aria-describedby");
  if (descrizione) {
    combobox.control_input.setAttribute("aria-describedby", descrizione);
  }
  // A region chosen on the same form changes what the endpoint returns: forget what was loaded.
  const sceltaRegione = dati.autocompleteRegioneDa ? document.getElementById(dati.autocompleteRegioneDa) : null;
  if (sceltaRegione) {
    sceltaRegione.addEventListener("change", () => {
      combobox.clearOptions();
      combobox.clearPagination();
      combobox.loadedSearches = {};
    });
  }
  return combobox;
}

/** A one-per-line textarea: a labelled search box after it; the row chosen is added as a line. */
export function suggerimentiPerRighe(area) {
  const dati = area.dataset;
  const contenitore = document.createElement("div");
  contenitore.className = "mt-2 autocomplete-righe";
  const etichetta = document.createElement("label");
  etichetta.className = "form-label";
  etichetta.htmlFor = `${area.id}-cerca`;
  etichetta.textContent = dati.autocompleteEtichetta;
  const select = document.createElement("select");
  select.id = `${area.id}-cerca`;
  Object.keys(dati).forEach((chiave) => {
    select.dataset[chiave] = dati[chiave];
  });
  contenitore.append(etichetta, select);
  area.after(contenitore);
  comboboxRemota(select, {
    onItemAdd(valore) {
      const righe = area.value.split("\n").map((riga) => riga.trim()).filter(Boolean);
      if (!righe.includes(valore)) {
        righe.push(valore);
      }
      area.value = righe.join("\n");
      this.clear(true);
      this.setTextboxValue("");
    },
  });
}

export function arricchisci(radice) {
  // Fields for pages without JavaScript (the works added by code): the comboboxes replace them.
  radice.querySelectorAll("[data-senza-javascript]").forEach((campo) => {
    (document.getElementById(`div_${campo.id}`) || campo).remove();
  });
  radice.querySelectorAll("select[data-autocomplete-url]").forEach((select) => comboboxRemota(select));
  radice.querySelectorAll("textarea[data-autocomplete-url]").forEach(suggerimentiPerRighe);
}

arricchisci(document);
