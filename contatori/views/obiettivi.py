"""Targets of the counters: the grid (Coordinatore), the region's proposals (Operatore), the upload,
and the "behind target" view. Writes go to the edition chosen in the header, never a closed one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contatori import obiettivi as servizio
from contatori.presentation import formatta
from contatori.selectors import quadro_attuale
from programma.activities.edizioni import richiedi_edizione_aperta
from programma.activities.forms import DataInput
from programma.importazione.fileformat import ValoreNonValido
from programma.importazione.reading import FileNonValido, controlla_dimensione
from programma.numbers import quantita
from programma.selectors import edizione_scelta
from regioni.models import Regione
from regioni.scoping import Ruolo, ambito_di, solo_per


def nome_campo(chiave: str, regione: Regione | None) -> str:
    return f"{chiave}__{regione.codice_istat if regione else servizio.NAZIONALE}"


class GrigliaForm(forms.Form):
    """One optional number per (counter, scope); only the cells present in the POST are written."""

    scadenza = forms.DateField(
        label=gettext_lazy("Scadenza degli obiettivi"), required=False, widget=DataInput(),
        help_text=gettext_lazy("Se vuota, la fine dell'edizione."),
    )  # fmt: skip

    def __init__(self, *args: Any, ambiti: list[Regione | None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.celle: dict[str, tuple[str, Regione | None]] = {}
        for regione in ambiti:
            for contatore in servizio.con_obiettivo():
                nome = nome_campo(contatore.chiave, regione)
                etichetta = f"{contatore.etichetta} — {regione.nome_breve if regione else _('Italia')}"
                self.fields[nome] = forms.CharField(required=False, label=etichetta)
                self.celle[nome] = (contatore.chiave, regione)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.griglia: servizio.Griglia = {}
        for nome, (chiave, regione) in self.celle.items():
            if nome not in self.data:
                continue  # not sent: left as it is
            testo = (cleaned.get(nome) or "").strip()
            try:
                self.griglia[chiave, regione.pk if regione else None] = servizio.leggi_numero(testo)
            except ValoreNonValido as exc:
                self.add_error(nome, f"{self.fields[nome].label}: {exc}")
        return cleaned


def _ambiti(request: HttpRequest) -> tuple[list[Regione | None], bool]:
    """The rows a user writes: every region and Italy for national roles, their own region for an Operatore."""
    ambito = ambito_di(request.user)
    if ambito.nazionale:
        return [None, *Regione.objects.all()], True
    return ([ambito.regione] if ambito.regione else []), False


def _gruppi(programma: Any, ambiti: list[Regione | None], form: GrigliaForm, esistenti: dict, nazionale: bool) -> list[dict[str, Any]]:
    """The grid as folded groups: for national roles one per counter (Italy and the regions, each
    with its current value and the previous edition's target), for an Operatore one of their
    region's counters. A count of regions has only Italy's cell (a region's own is 0 or 1). A group
    is open when it has an error or a region's proposal, or when it is the only one."""
    quadro = quadro_attuale(programma)
    precedente = programma.precedente if programma else None
    prima = servizio.obiettivi(precedente) if precedente else {}

    def riga(contatore: servizio.Contatore, regione: Regione | None, etichetta: str) -> dict[str, Any]:
        regione_id = regione.pk if regione else None
        obiettivo = esistenti.get(contatore.chiave, {}).get(regione_id)
        vecchio = prima.get(contatore.chiave, {}).get(regione_id)
        return {
            "etichetta": etichetta,
            "campo": form[nome_campo(contatore.chiave, regione)],
            "obiettivo": obiettivo,
            "attuale": formatta(quadro.valore(contatore.chiave, regione_id), contatore) if quadro.programma else "—",
            "precedente": formatta(vecchio.valore, contatore) if vecchio is not None and vecchio.valore is not None else "",
        }

    gruppi = []
    if nazionale:
        for contatore in servizio.con_obiettivo():
            ambiti_del = [a for a in ambiti if a is None or contatore.per_regione]
            righe = [riga(contatore, a, a.nome_breve if a else _("Italia (nazionale)")) for a in ambiti_del]
            gruppi.append({"titolo": contatore.etichetta, "unita": contatore.unita, "righe": righe})
    else:
        for regione in ambiti:
            righe = [riga(c, regione, str(c.etichetta)) for c in servizio.con_obiettivo() if c.per_regione]
            gruppi.append({"titolo": regione.nome, "unita": "", "righe": righe})
    for gruppo in gruppi:
        gruppo["impostati"] = sum(1 for r in gruppo["righe"] if r["obiettivo"] is not None and r["obiettivo"].valore is not None)
        gruppo["aperto"] = len(gruppi) == 1 or any(
            r["campo"].errors or (r["obiettivo"] is not None and r["obiettivo"].valore_proposto is not None) for r in gruppo["righe"]
        )
    return gruppi


def _pagina(request: HttpRequest, form: GrigliaForm, ambiti: list[Regione | None], nazionale: bool, errori_file: list[str] | None = None) -> HttpResponse:
    programma = edizione_scelta(request)
    esistenti = servizio.obiettivi(programma)
    precedente = programma.precedente if programma else None
    context = {
        "edizione": programma,
        "precedente": precedente,
        "form": form,
        "gruppi": _gruppi(programma, ambiti, form, esistenti, nazionale),
        "contatori_obiettivo": servizio.con_obiettivo(),
        "nazionale": nazionale,
        "errori_file": errori_file or [],
        "proposte": [o for per in esistenti.values() for o in per.values() if o.valore_proposto is not None] if nazionale else [],
    }
    return render(request, "contatori/obiettivi.html", context, status=200)


def _iniziali(programma: Any, ambiti: list[Regione | None], nazionale: bool) -> dict[str, str]:
    iniziali: dict[str, str] = {}
    for chiave, per in servizio.obiettivi(programma).items():
        for regione in ambiti:
            obiettivo = per.get(regione.pk if regione else None)
            if obiettivo is None:
                continue
            valore = obiettivo.valore if nazionale or obiettivo.valore_proposto is None else obiettivo.valore_proposto
            if valore is not None and chiave in servizio.PER_CHIAVE:
                iniziali[nome_campo(chiave, regione)] = formatta(valore, servizio.PER_CHIAVE[chiave])
    return iniziali


@login_required
@require_http_methods(["GET", "POST"])
def obiettivi(request: HttpRequest) -> HttpResponse:
    ambiti, nazionale = _ambiti(request)
    programma = edizione_scelta(request)
    if request.method == "POST":
        form = GrigliaForm(request.POST, ambiti=ambiti)
        if programma is None or not ambiti:
            messages.error(request, _("Nessuna edizione o nessuna regione: non c'è nulla da salvare."))
            return redirect("contatori:obiettivi")
        richiedi_edizione_aperta(request)
        if not form.is_valid():
            return _pagina(request, form, ambiti, nazionale)
        if nazionale:
            n = servizio.salva_griglia(programma, form.griglia, scadenza=form.cleaned_data["scadenza"], utente=request.user)
            messages.success(request, _("Obiettivi salvati: %(valori)s.") % {"valori": quantita(n, _("valori"), _("valore"))})
        else:
            proposte = {chiave: valore for (chiave, _regione), valore in form.griglia.items()}
            n = servizio.proponi(programma, ambiti[0], proposte, utente=request.user)
            messages.success(
                request, _("Proposta inviata al coordinamento nazionale: %(valori)s.") % {"valori": quantita(n, _("valori"), _("valore"))}
            )
        return redirect("contatori:obiettivi")
    form = GrigliaForm(initial=_iniziali(programma, ambiti, nazionale), ambiti=ambiti)
    return _pagina(request, form, ambiti, nazionale)


class CaricaForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File CSV o XLSX della griglia"))
    scadenza = forms.DateField(label=gettext_lazy("Scadenza degli obiettivi"), required=False, widget=DataInput())


@solo_per(*Ruolo.NAZIONALI)
@require_POST
def carica(request: HttpRequest) -> HttpResponse:
    """Upload of the grid: all or nothing; every bad cell is named and nothing is written."""
    ambiti, nazionale = _ambiti(request)
    richiedi_edizione_aperta(request)
    programma = edizione_scelta(request)
    form = CaricaForm(request.POST, request.FILES)
    errori: list[str] = []
    if programma is None:
        errori.append(_("Non c'è un'edizione del programma."))
    elif not form.is_valid():
        errori.extend(str(e) for lista in form.errors.values() for e in lista)
    else:
        file = form.cleaned_data["file"]
        try:
            controlla_dimensione(file.size)
            lettura = servizio.leggi_file(file.read())
        except FileNonValido as exc:
            lettura = servizio.Lettura({}, [str(exc)])
        errori = lettura.errori
        if not errori and not lettura.celle:
            errori.append(_("Il file non contiene obiettivi."))
        if not errori:
            n = servizio.salva_griglia(programma, lettura.celle, scadenza=form.cleaned_data["scadenza"], utente=request.user)
            messages.success(request, _("Griglia caricata: %(obiettivi)s.") % {"obiettivi": quantita(n, _("obiettivi salvati"), _("obiettivo salvato"))})
            return redirect("contatori:obiettivi")
    griglia = GrigliaForm(initial=_iniziali(programma, ambiti, nazionale), ambiti=ambiti)
    return _pagina(request, griglia, ambiti, nazionale, errori_file=errori)


@solo_per(*Ruolo.NAZIONALI)
@require_POST
def copia(request: HttpRequest) -> HttpResponse:
    """The previous edition's targets into the empty cells of the edition chosen (never a closed one)."""
    richiedi_edizione_aperta(request)
    programma = edizione_scelta(request)
    if programma is None or programma.precedente is None:
        messages.error(request, _("Non c'è un'edizione precedente da cui copiare gli obiettivi."))
        return redirect("contatori:obiettivi")
    copiati, tenuti = servizio.copia_dalla_precedente(programma, utente=request.user)
    testo = _("Dall'edizione «%(edizione)s»: %(copiati)s.") % {
        "edizione": programma.precedente.nome,
        "copiati": quantita(copiati, _("obiettivi copiati"), _("obiettivo copiato")),
    }
    if tenuti:
        testo += " " + quantita(
            tenuti, _("celle che avevano già un obiettivo sono rimaste com'erano."), _("cella che aveva già un obiettivo è rimasta com'era.")
        )
    messages.success(request, testo)
    return redirect("contatori:obiettivi")


@solo_per(*Ruolo.NAZIONALI)
@require_GET
def in_ritardo(request: HttpRequest) -> HttpResponse:
    """The regions and counters most behind their target, the furthest first."""
    quadro = quadro_attuale(edizione_scelta(request))
    righe = []
    regioni = {r.pk: r for r in Regione.objects.all()}
    if quadro.programma is not None:
        for chiave, per in servizio.obiettivi(quadro.programma).items():
            contatore = servizio.PER_CHIAVE.get(chiave)
            if contatore is None or not contatore.con_obiettivo:
                continue
            for regione_id, obiettivo in per.items():
                valore = quadro.valore(chiave, regione_id)
                p = servizio.progresso(valore, obiettivo, quadro.programma)
                if p is None or p.stato != "in_ritardo":
                    continue
                righe.append({
                    "regione": regioni.get(regione_id), "contatore": contatore, "valore": formatta(valore, contatore),
                    "obiettivo": formatta(p.obiettivo, contatore), "progresso": p, "scarto": p.atteso - p.percento,
                })  # fmt: skip
    righe.sort(key=lambda r: -r["scarto"])
    return render(request, "contatori/in_ritardo.html", {"righe": righe, "quadro": quadro})
