"""Staff pages of the programme's results: the strategic project of a regional project, its
workflow steps and Libro Bianco, and the national documents.

Access follows `regioni.scoping`: the regional project is read with `get_for_user_or_404`
(another region's is a 404); the steps are the shared workflow's (`programma.activities.workflow`,
the generic `PassaggioView`), whose table on the model says who may take each one and when.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from programma.activities.editing import (
    AggiornaMixin,
    DettaglioMixin,
    EliminaMixin,
    PassaggioView,
    SalvaMixin,
    contesto_pubblicazione,
    controlla_versione,
    edizione_chiusa_di,
    prepara_versione,
    richiedi_edizione_aperta,
)
from programma.activities.files import risposta_allegato, vista_allegato
from programma.activities.lists import DATA, FILE, STATO, TIPO, TITOLO, Colonna, ListaMixin
from programma.activities.urls import Pagine
from programma.activities.workflow import MODIFICA
from programma.models import DocumentoNazionale, ProgettoRegionale, ProgettoStrategico, Stampa
from programma.risultati import pubblicazioni
from programma.risultati.filters import DocumentoNazionaleFilter
from programma.risultati.forms import (
    DocumentoNazionaleForm,
    IndicazioniFormSet,
    OpereSostenuteFormSet,
    ProgettoStrategicoForm,
    opere_della_regione,
)
from programma.selectors import storico_di
from regioni.scoping import Ruolo, SoloPerMixin, ambito_di, get_for_user_or_404, solo_per


def _progetto(request: HttpRequest, pk: int) -> ProgettoRegionale:
    queryset = ProgettoRegionale.objects.select_related("programma", "regione", "ente_capofila")
    return get_for_user_or_404(queryset, request.user, pk=pk)


def _strategico(progetto: ProgettoRegionale) -> ProgettoStrategico | None:
    return ProgettoStrategico.objects.select_related("approvato_da").filter(progetto=progetto).first()


def _strategico_o_404(request: HttpRequest, pk: int) -> ProgettoStrategico:
    """The strategic project of a regional project the user may see; 404 when either is missing."""
    progetto = _progetto(request, pk)
    oggetto = _strategico(progetto)
    if oggetto is None:
        raise Http404(_("Questo progetto non ha ancora un progetto strategico."))
    oggetto.progetto = progetto
    return oggetto


@login_required
@require_GET
def strategico(request: HttpRequest, pk: int) -> HttpResponse:
    """The strategic project of a regional project, for whoever may see the project."""
    progetto = _progetto(request, pk)
    oggetto = _strategico(progetto)
    # A closed edition's project is history: nothing is drafted, edited or moved along its workflow.
    edizione_chiusa = edizione_chiusa_di(progetto)
    chiusa = edizione_chiusa is not None
    context: dict[str, Any] = {
        "progetto": progetto,
        "strategico": oggetto,
        # Whoever may write a draft of it (the workflow's rule): not a Camera's Operatore.
        "puo_redigere": oggetto is None and ProgettoStrategico(progetto=progetto).puo(request.user, MODIFICA) and not chiusa,
        "edizione_chiusa": edizione_chiusa,
    }
    if oggetto is not None:
        oggetto.progetto = progetto
        context.update(
            contesto_pubblicazione(oggetto, request.user),
            puo_modificare=oggetto.puo(request.user, MODIFICA) and not chiusa,
            indicazioni=list(oggetto.indicazioni.all()),
            sostegni=list(oggetto.opere_sostenute()),
            tavoli=list(oggetto.tavoli.order_by("-data")),
            enti=list(oggetto.enti_firmatari.all()),
            storico=storico_di(oggetto),
            stampe=list(oggetto.stampe.exclude(scopo=Stampa.Scopo.ANTEPRIMA).order_by("-richiesta_il")),
        )
    return render(request, "programma/strategico.html", context)


@solo_per(*Ruolo.REDATTORI)
@require_http_methods(["GET", "POST"])
def strategico_modifica(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft or edit the strategic project, its recommendations and endorsed works, in one save.

    The region's Operatore (or an admin), and only while a draft: another region's project is a
    404, a closed edition's a 403, another role a 403, a project in review or approved goes back to
    its page with the reason. The page posts back the version it was read at (the strategic
    project's latest history id: every save of the page saves the project, formsets included), and
    a save over a newer version, or without one, is refused with the input kept.
    """
    progetto = _progetto(request, pk)
    oggetto = _strategico(progetto) or ProgettoStrategico(
        progetto=progetto, titolo=_("Progetto territoriale strategico — %(regione)s") % {"regione": progetto.regione.nome}
    )
    oggetto.progetto = progetto
    richiedi_edizione_aperta(request, oggetto)
    try:
        oggetto.verifica(request.user, MODIFICA)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("programma:strategico", pk=progetto.pk)
    opere = opere_della_regione(request.user, progetto)
    dati = (request.POST, request.FILES) if request.method == "POST" else (None,)
    form = ProgettoStrategicoForm(*dati, instance=oggetto, user=request.user)
    prepara_versione(form, request)
    indicazioni = IndicazioniFormSet(*dati, instance=oggetto, prefix="indicazioni")
    sostegni = OpereSostenuteFormSet(*dati, instance=oggetto, prefix="opere", form_kwargs={"opere": opere, "regione_id": progetto.regione_id})
    if request.method == "POST" and form.is_valid() and indicazioni.is_valid() and sostegni.is_valid():
        with transaction.atomic():
            concorrente = False
            if oggetto.pk is not None:
                # Under the row's lock, as every edit: the version check and the save are one step.
                ProgettoStrategico.objects.select_for_update().filter(pk=oggetto.pk).first()
                concorrente = controlla_versione(form)
            if not concorrente:
                oggetto = form.save()
                indicazioni.instance = sostegni.instance = oggetto
                indicazioni.save()
                sostegni.save()
        if not concorrente:
            messages.success(request, _("Progetto strategico salvato."))
            return redirect("programma:strategico", pk=progetto.pk)
    context = {
        "progetto": progetto,
        "strategico": oggetto,
        "form": form,
        "indicazioni": indicazioni,
        "sostegni": sostegni,
        "titolo": _("Progetto strategico — %(regione)s") % {"regione": progetto.regione.nome},
    }
    return render(request, "programma/strategico_modulo.html", context)


class PassaggioStrategicoView(PassaggioView):
    """A step of the strategic project: its URL names the regional project (`progetti/<pk>/strategico/…`)."""

    model = ProgettoStrategico

    def get_object(self) -> ProgettoStrategico:
        return _strategico_o_404(self.request, self.kwargs["pk"])


@login_required
@require_http_methods(["GET", "POST"])
def libro_bianco(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The Libro Bianco of a regional project, for whoever may see the project: the published or
    approved version once there is one, else a preview of the draft as it is now. Printed in the
    background: until it is ready the page says so and polls until it is. POST asks again for a
    print that failed; `?stato=1` answers the waiting page's poll."""
    strategico = _strategico_o_404(request, pk)
    stampa = pubblicazioni.stampa_per_lo_staff(strategico)
    if request.method == "POST":
        if stampa.stato == Stampa.Stato.FALLITA:
            pubblicazioni.riprova(stampa)
        return redirect("programma:libro_bianco", pk=pk)
    stampa.refresh_from_db()  # printed in this process when the tasks run eagerly (make run)
    if request.GET.get("stato"):
        # The waiting page's poll (frontend/avanzamento.js): it reloads the page once the print is over.
        return JsonResponse({"terminata": not stampa.in_preparazione, "etichetta": stampa.get_stato_display()})
    if stampa.stato == Stampa.Stato.PRONTA:
        return _scarica(stampa)
    context = {"progetto": strategico.progetto, "strategico": strategico, "stampa": stampa}
    return render(request, "programma/libro_bianco_stampa.html", context, status=202 if stampa.in_preparazione else 200)


@login_required
@require_GET
def stampa(request: HttpRequest, pk: int) -> HttpResponseBase:
    """One print of a regional Libro Bianco (any version, any purpose), for whoever may see its region."""
    oggetto = get_for_user_or_404(Stampa.objects.pronte().select_related("programma", "strategico__progetto__regione"), request.user, pk=pk)
    return _scarica(oggetto)


def _scarica(oggetto: Stampa) -> HttpResponseBase:
    return risposta_allegato(oggetto.file, nome=pubblicazioni.nome_del_file(oggetto), in_linea=True)


# --- National documents: written by the national roles, read by every role -------------------


class DocumentoNazionaleMixin:
    model = DocumentoNazionale
    form_class = DocumentoNazionaleForm
    passa_utente = False
    pagine = Pagine(
        "programma",
        "documenti_nazionali",
        "documento_nazionale_nuovo",
        "documento_nazionale",
        "documento_nazionale_modifica",
        "documento_nazionale_elimina",
    )
    titolo_nuovo = gettext_lazy("Nuovo documento nazionale")
    titolo_modifica = gettext_lazy("Modifica documento nazionale")
    messaggio_salvato = gettext_lazy("Documento «%(titolo)s» salvato.")
    collegati = ("programma",)


class DocumentiNazionaliView(DocumentoNazionaleMixin, ListaMixin, ListView):
    filterset_class = DocumentoNazionaleFilter
    template_name = "programma/documenti_nazionali.html"
    colonne = (
        DATA,
        TITOLO,
        TIPO,
        Colonna(gettext_lazy("Edizione"), "edizione", "programma__data_inizio", valore="programma.nome"),
        STATO,
        FILE,
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Edition-level records: the national roles create them, not a region's Operatore.
        context["puo_creare"] = ambito_di(self.request.user).ha_ruolo(Ruolo.NAZIONALI)
        return context


class DocumentoNazionaleView(DocumentoNazionaleMixin, DettaglioMixin, DetailView):
    template_name = "programma/documento_nazionale.html"


class DocumentoNazionaleNuovoView(SoloPerMixin, DocumentoNazionaleMixin, SalvaMixin, CreateView):
    ruoli_ammessi = Ruolo.NAZIONALI


class DocumentoNazionaleModificaView(SoloPerMixin, DocumentoNazionaleMixin, AggiornaMixin, UpdateView):
    """The national roles only (403 before the lookup); like every edit, never in a closed edition
    and only while a draft."""

    ruoli_ammessi = Ruolo.NAZIONALI


class DocumentoNazionaleEliminaView(DocumentoNazionaleMixin, EliminaMixin, DeleteView):
    pass


# Every role may download a national document's file, published or not.
documento_nazionale_file = vista_allegato(DocumentoNazionale.objects, "file")
