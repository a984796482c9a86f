"""The forms of the import's staff pages: the upload, and the matching of a file's columns and values."""

from __future__ import annotations

import hashlib
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from programma.importazione.fileformat import COLONNE, DESCRIZIONI, OBBLIGATORIE
from programma.importazione.mappatura import COLONNE_FISSE, MAX_COLONNE, MAX_TESTO, Mappatura
from programma.importazione.models import MappaturaImportazione
from programma.importazione.reading import FileNonValido, controlla_dimensione

IGNORA = ""


class CaricaForm(forms.Form):
    """A CSV or XLSX of works, and the saved column mapping its source needs, if any."""

    file = forms.FileField(
        label=_("File CSV o XLSX"),
        help_text=_("Le colonne del modello (scaricalo qui sopra) oppure quelle di un altro registro, da abbinare al passo successivo."),
    )
    mappatura = forms.ModelChoiceField(
        queryset=MappaturaImportazione.objects.all(),
        required=False,
        label=_("Abbinamento delle colonne salvato"),
        empty_label=_("Nessuno: il file usa le colonne del modello, o le abbino ora"),
        help_text=_("Per i file di una fonte già importata (un export OpenCUP, un registro regionale)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("carica", _("Controlla il file e mostra l'anteprima")))
        if not self.fields["mappatura"].queryset.exists():
            del self.fields["mappatura"]

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        try:
            controlla_dimensione(file.size)
        except FileNonValido as exc:
            raise forms.ValidationError(str(exc)) from None
        if file.size == 0:
            raise forms.ValidationError(_t("Il file è vuoto."))
        return file


def _griglia(campi: list[str]) -> Div:
    """Fields two by two on a wide screen, one under the other on a phone."""
    return Div(*(Div(campo, css_class="col-12 col-lg-6") for campo in campi), css_class="row")


def colonne_inviate(dati: Any, intestazioni: list[str]) -> dict[str, str]:
    """The file's header -> our column, as a POST of `AbbinamentoForm` says (what the values to map
    depend on, before the form with them exists); a choice that is not a column of ours is ignored."""
    return {t: (dati.get(f"colonna_{i}") if dati.get(f"colonna_{i}") in COLONNE else IGNORA) for i, t in enumerate(intestazioni[:MAX_COLONNE]) if t}


def _nome_valore(colonna: str, valore: str) -> str:
    """A stable field name for a value to map, whatever the order the values are listed in."""
    return f"valore_{colonna}_{hashlib.sha256(valore.encode()).hexdigest()[:12]}"


def etichetta_colonna(colonna: str) -> str:
    obbligatoria = _t(" (obbligatoria)") if colonna in OBBLIGATORIE else ""
    return f"{colonna}{obbligatoria} — {DESCRIZIONI[colonna]}"


class AbbinamentoForm(forms.Form):
    """For each column of the file, the column of ours it holds (or none); a fixed value for the
    columns of ours the file lacks; what each unreadable value of a closed-set column means; and the
    name to save all this under.

    `intestazioni` are the file's headers, `esempi` a value of each from its first row, `proposta`
    the mapping to start from, `da_abbinare` the values to map by column of ours, `opzioni` the
    values each closed-set column may take (`RiferimentiScelte.opzioni`), `edizioni` their names.
    """

    salva_come = forms.CharField(
        label=_("Salva questo abbinamento con il nome"),
        required=False,
        max_length=100,
        help_text=_(
            "Facoltativo: per riusarlo con i prossimi file della stessa fonte (anche da import_opere --mappatura). "
            "Un nome già usato viene aggiornato."
        ),
    )

    def __init__(
        self,
        *args: Any,
        intestazioni: list[str],
        esempi: list[str],
        proposta: Mappatura,
        da_abbinare: dict[str, list[str]],
        opzioni: dict[str, list[str]],
        edizioni: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.intestazioni = [(i, t) for i, t in enumerate(intestazioni[:MAX_COLONNE]) if t]
        scelte_colonne = [(IGNORA, _t("— Ignora questa colonna —")), *((c, etichetta_colonna(c)) for c in COLONNE)]
        campi_colonne = []
        for i, testo in self.intestazioni:
            nome = f"colonna_{i}"
            esempio = esempi[i] if i < len(esempi) else ""
            self.fields[nome] = forms.ChoiceField(
                label=_t("Colonna «%(colonna)s» del file") % {"colonna": testo[:MAX_TESTO]},
                choices=scelte_colonne,
                required=False,
                initial=proposta.nostra(testo) or IGNORA,
                help_text=(_t("Prima riga: «%(valore)s»") % {"valore": esempio[:80]}) if esempio else _t("Vuota nella prima riga."),
            )
            campi_colonne.append(nome)
        campi_fissi = []
        for colonna in COLONNE_FISSE:
            nome = f"fisso_{colonna}"
            aiuto = _t("Per ogni riga, se nessuna colonna del file è abbinata a «%(colonna)s».") % {"colonna": colonna}
            valori = edizioni if colonna == "programma" else opzioni.get(colonna)
            if valori:
                self.fields[nome] = forms.ChoiceField(
                    label=etichetta_colonna(colonna), choices=[("", _t("— Nessun valore fisso —")), *((v, v) for v in valori)],
                    required=False, help_text=aiuto,
                )  # fmt: skip
            else:
                self.fields[nome] = forms.CharField(label=etichetta_colonna(colonna), required=False, max_length=MAX_TESTO, help_text=aiuto)
            self.fields[nome].initial = proposta.fissi.get(colonna, "")
            campi_fissi.append(nome)
        self.voci_valori: list[tuple[str, str, str]] = []
        gruppi_valori = []
        for colonna, valori in da_abbinare.items():
            nomi = []
            scelte = [("", _t("— Lascialo com'è —")), *((v, v) for v in opzioni.get(colonna, []))]
            for valore in valori:
                nome = _nome_valore(colonna, valore)
                self.fields[nome] = forms.ChoiceField(
                    label=_t("«%(valore)s» significa") % {"valore": valore}, choices=scelte, required=False,
                    initial=proposta.valori.get(colonna, {}).get(valore, ""),
                )  # fmt: skip
                self.voci_valori.append((nome, colonna, valore))
                nomi.append(nome)
            gruppi_valori.append(Fieldset(_t("Valori della colonna «%(colonna)s» da leggere come i nostri") % {"colonna": colonna}, *nomi))
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_t("Le colonne del file"), _griglia(campi_colonne)),
            Fieldset(_t("Valori fissi per le colonne che il file non ha"), _griglia(campi_fissi)),
            *(gruppi_valori or [HTML("")]),
            Fieldset(_t("Riuso"), "salva_come"),
        )
        aggiorna = Submit("aggiorna", _t("Aggiorna i valori da abbinare"))
        aggiorna.field_classes = "btn btn-outline-primary"  # the secondary action: not a second primary button
        self.helper.add_input(aggiorna)
        self.helper.add_input(Submit("continua", _t("Controlla il file con questo abbinamento")))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        per_colonna: dict[str, list[str]] = {}
        for i, testo in self.intestazioni:
            if nostra := cleaned.get(f"colonna_{i}"):
                per_colonna.setdefault(nostra, []).append(testo)
        for nostra, testi in per_colonna.items():
            if len(testi) > 1:
                self.add_error(
                    None,
                    _t("La colonna «%(colonna)s» è abbinata a più colonne del file (%(file)s): scegline una.")
                    % {"colonna": nostra, "file": ", ".join(f"«{t[:60]}»" for t in testi)},
                )
        for colonna in OBBLIGATORIE:
            if colonna not in per_colonna and not cleaned.get(f"fisso_{colonna}"):
                if colonna in COLONNE_FISSE:
                    messaggio = _t("Manca la colonna obbligatoria «%(colonna)s»: abbinala a una colonna del file oppure indica un valore fisso.")
                else:
                    messaggio = _t("Manca la colonna obbligatoria «%(colonna)s»: abbinala a una colonna del file.")
                self.add_error(None, messaggio % {"colonna": colonna})
        return cleaned

    def mappatura(self) -> Mappatura:
        """The mapping the valid form says."""
        cleaned = self.cleaned_data
        valori: dict[str, dict[str, str]] = {}
        for nome, colonna, valore in self.voci_valori:
            if scelta := cleaned.get(nome):
                valori.setdefault(colonna, {})[valore] = scelta
        return Mappatura.da_dict(
            {
                "colonne": {testo: cleaned.get(f"colonna_{i}") or IGNORA for i, testo in self.intestazioni},
                "fissi": {c: cleaned[f"fisso_{c}"] for c in COLONNE_FISSE if cleaned.get(f"fisso_{c}")},
                "valori": valori,
            }
        )
