"""Staff pages of the programme: regional projects and phases, reports, priority works, editions.

Every queryset goes through `for_user`; writes through ModificaMixin (other region 404,
read-only role 403); editions and projects are set up by national roles only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, OuterRef, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView
from django_filters.views import FilterView

from eventi.models import Evento
from programma.filters import OperaFilter, ProgettoFilter, ReportFilter
from programma.forms import EdizioneForm, FaseForm, OperaForm, ProgettoForm, ReportForm
from programma.models import Fase, OperaPrioritaria, ProgettoRegionale, Programma, Report
from programma.scaricamenti import risposta_allegato
from programma.selectors import edizione_attiva, progetto_corrente, storico_di
from regioni.scoping import ModificaMixin, Ruolo, ScopedMixin, SoloNazionaleMixin, ambito_di, get_for_user_or_404
from tavoli.models import TavoloConfronto

ULTIMI = 5


def _conta(queryset: QuerySet, campo: str = "progetto") -> Coalesce:
    """A correlated count of one project's rows: no extra query and no join explosion.

    The outer queryset is already `for_user`; these rows belong to its projects, so they share its scope.
    """
    righe = queryset.filter(**{campo: OuterRef("pk")}).order_by().values(campo).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(righe, output_field=IntegerField()), 0)


def con_conteggi(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        n_tavoli=_conta(TavoloConfronto.objects.all()),
        n_eventi=_conta(Evento.objects.all()),
        n_report=_conta(Report.objects.all()),
        n_opere=_conta(OperaPrioritaria.objects.all()),
    )


def nessun_progetto(request: HttpRequest) -> HttpResponse:
    return render(request, "programma/nessun_progetto.html", {"edizione": edizione_attiva()})


# --- Regional projects -------------------------------------------------------------------------


@login_required
def mio_progetto(request: HttpRequest) -> HttpResponse:
    """The Operatore's project; national roles go to the list, or to the region they picked."""
    ambito = ambito_di(request.user)
    if ambito.nazionale:
        regione = request.GET.get("regione", "")
        if not regione.isdigit():
            return redirect("programma:progetti")
        edizione = request.GET.get("edizione", "")
        progetti = ProgettoRegionale.objects.for_user(request.user).filter(regione=regione)
        if edizione.isdigit():
            progetti = progetti.filter(programma=edizione)
        else:
            progetti = progetti.filter(programma__attivo=True)
        return redirect(get_object_or_404(progetti))
    progetto = progetto_corrente(request.user)
    if progetto is None:
        return nessun_progetto(request)
    return redirect(progetto)


class ListaMixin(ScopedMixin):
    """25 rows a page; filters that do not validate are ignored rather than emptying the list."""

    paginate_by = 25
    strict = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["puo_creare"] = self.ambito.puo_modificare(self.ambito.regione.pk if self.ambito.regione else None)
        return context


class ProgettiView(ListaMixin, FilterView):
    model = ProgettoRegionale
    filterset_class = ProgettoFilter
    template_name = "programma/progetti.html"

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset().select_related("programma", "regione", "ente_capofila")
        return con_conteggi(queryset).prefetch_related("fasi")

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        # The active edition unless another (or "all", an empty value) was chosen.
        dati = self.request.GET.copy()
        attiva = edizione_attiva()
        if "edizione" not in dati and attiva is not None:
            dati["edizione"] = str(attiva.pk)
        kwargs["data"] = dati
        return kwargs


class ProgettoView(ScopedMixin, DetailView):
    model = ProgettoRegionale
    template_name = "programma/progetto.html"
    context_object_name = "progetto"

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset().select_related("programma", "regione", "ente_capofila")
        return con_conteggi(queryset).prefetch_related("enti_partecipanti", "fasi")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        progetto: ProgettoRegionale = self.object
        user = self.request.user
        context.update(
            fasi=list(progetto.fasi.all()),
            puo_modificare=self.ambito.puo_modificare(progetto.regione_id),
            tavoli=TavoloConfronto.objects.for_user(user).filter(progetto=progetto)[:ULTIMI],
            eventi=Evento.objects.for_user(user).filter(progetto=progetto)[:ULTIMI],
            report=Report.objects.for_user(user).filter(progetto=progetto).select_related("fase")[:ULTIMI],
            opere=OperaPrioritaria.objects.for_user(user).filter(progetto=progetto)[:ULTIMI],
        )
        if self.ambito.nazionale:
            stessa_edizione = ProgettoRegionale.objects.for_user(user).filter(programma=progetto.programma_id)
            context["altri_progetti"] = stessa_edizione.select_related("regione")
            context["storico"] = storico_di(progetto)
        return context


class ProgettoNuovoView(SoloNazionaleMixin, CreateView):
    model = ProgettoRegionale
    form_class = ProgettoForm
    template_name = "programma/modulo.html"
    extra_context = {"titolo": gettext_lazy("Nuovo progetto regionale")}

    def form_valid(self, form: ProgettoForm) -> HttpResponse:
        # The model's save() creates the four phases with the project.
        messages.success(self.request, _("Progetto regionale creato con le quattro fasi."))
        return super().form_valid(form)


class ProgettoModificaView(SoloNazionaleMixin, ScopedMixin, UpdateView):
    model = ProgettoRegionale
    form_class = ProgettoForm
    template_name = "programma/modulo.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        titolo = _("Modifica progetto: %s") % self.object
        return super().get_context_data(titolo=titolo, annulla=self.object.get_absolute_url(), **kwargs)

    def form_valid(self, form: ProgettoForm) -> HttpResponse:
        messages.success(self.request, _("Progetto regionale aggiornato."))
        return super().form_valid(form)


class FaseModificaView(ModificaMixin, UpdateView):
    model = Fase
    form_class = FaseForm
    template_name = "programma/modulo.html"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("progetto__regione")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        regione = self.object.progetto.regione.nome_breve
        titolo = _("Fase %(fase)s — %(regione)s") % {"fase": self.object, "regione": regione}
        return super().get_context_data(titolo=titolo, annulla=self.get_success_url(), **kwargs)

    def get_success_url(self) -> str:
        return self.object.progetto.get_absolute_url()

    def form_valid(self, form: FaseForm) -> HttpResponse:
        messages.success(self.request, _("Fase aggiornata."))
        return super().form_valid(form)


# --- Activities (reports, works): Operatore of the region or admin -----------------------------


class NuovaAttivitaMixin(LoginRequiredMixin):
    """Creating an activity: an Operatore in their current project, or an admin choosing one."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        ambito = ambito_di(request.user)
        if not ambito.puo_modificare(ambito.regione.pk if ambito.regione else None):
            raise PermissionDenied
        self.progetto = progetto_corrente(request.user)
        if self.progetto is None and ambito.ruolo != Ruolo.AMMINISTRATORE:
            return nessun_progetto(request)
        return super().dispatch(request, *args, **kwargs)


class DettaglioMixin(ScopedMixin):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["puo_modificare"] = self.ambito.puo_modificare(self._regione_id())
        if self.ambito.nazionale:
            context["storico"] = storico_di(self.object)
        return context


class EliminaMixin(ModificaMixin):
    template_name = "programma/conferma_elimina.html"

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Eliminazione completata: «%s».") % self.object)
        return super().form_valid(form)


class ReportListaView(ListaMixin, FilterView):
    model = Report
    filterset_class = ReportFilter
    template_name = "programma/report_lista.html"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("progetto__regione", "fase")


class ReportView(DettaglioMixin, DetailView):
    model = Report
    template_name = "programma/report.html"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("progetto__regione", "progetto__programma", "fase")

    def _regione_id(self) -> int:
        return self.object.progetto.regione_id


class ReportNuovoView(NuovaAttivitaMixin, CreateView):
    model = Report
    form_class = ReportForm
    template_name = "programma/modulo.html"
    extra_context = {"titolo": gettext_lazy("Nuovo report")}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.progetto is None:
            kwargs["progetti"] = ProgettoRegionale.objects.for_user(self.request.user).filter(programma__attivo=True)
        else:
            kwargs["instance"] = Report(progetto=self.progetto)
        return kwargs

    def form_valid(self, form: ReportForm) -> HttpResponse:
        messages.success(self.request, _("Report salvato."))
        return super().form_valid(form)


class ReportModificaView(ModificaMixin, UpdateView):
    model = Report
    form_class = ReportForm
    template_name = "programma/modulo.html"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("progetto__regione")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(titolo=_("Modifica report"), annulla=self.object.get_absolute_url(), **kwargs)

    def form_valid(self, form: ReportForm) -> HttpResponse:
        messages.success(self.request, _("Report aggiornato."))
        return super().form_valid(form)


class ReportEliminaView(EliminaMixin, DeleteView):
    model = Report

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("progetto__regione")

    def get_success_url(self) -> str:
        return reverse("programma:report_lista")


@login_required
def report_file(request: HttpRequest, pk: int) -> FileResponse:
    """Uploads are never on MEDIA_URL: whoever may see the report may download its file."""
    report = get_for_user_or_404(Report.objects, request.user, pk=pk)
    return risposta_allegato(report.file)


class OpereView(ListaMixin, FilterView):
    model = OperaPrioritaria
    filterset_class = OperaFilter
    template_name = "programma/opere.html"

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset().select_related("regione").prefetch_related("province")
        # Sorting by semaforo goes by urgency (rosso, giallo, verde), not alphabetically.
        urgenza = Case(
            *(When(semaforo=valore, then=posto) for posto, valore in enumerate(("rosso", "giallo", "verde"))),
            output_field=IntegerField(),
        )
        return queryset.annotate(urgenza_semaforo=urgenza)


class OperaView(DettaglioMixin, DetailView):
    model = OperaPrioritaria
    template_name = "programma/opera.html"
    context_object_name = "opera"

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset().select_related("regione", "progetto__programma", "tavolo")
        return queryset.prefetch_related("province")

    def _regione_id(self) -> int:
        return self.object.regione_id


class OperaNuovaView(NuovaAttivitaMixin, CreateView):
    model = OperaPrioritaria
    form_class = OperaForm
    template_name = "programma/modulo.html"
    extra_context = {"titolo": gettext_lazy("Nuova opera prioritaria")}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if self.progetto is not None:
            kwargs["instance"] = OperaPrioritaria(regione=self.progetto.regione, progetto=self.progetto)
        return kwargs

    def form_valid(self, form: OperaForm) -> HttpResponse:
        messages.success(self.request, _("Opera prioritaria salvata."))
        return super().form_valid(form)


class OperaModificaView(ModificaMixin, UpdateView):
    model = OperaPrioritaria
    form_class = OperaForm
    template_name = "programma/modulo.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        titolo = _("Modifica opera %s") % self.object.codice
        return super().get_context_data(titolo=titolo, annulla=self.object.get_absolute_url(), **kwargs)

    def form_valid(self, form: OperaForm) -> HttpResponse:
        messages.success(self.request, _("Opera prioritaria aggiornata."))
        return super().form_valid(form)


class OperaEliminaView(EliminaMixin, DeleteView):
    model = OperaPrioritaria

    def get_success_url(self) -> str:
        return reverse("programma:opere")


# --- Editions: national roles ------------------------------------------------------------------


class EdizioniView(SoloNazionaleMixin, ListView):
    model = Programma
    template_name = "programma/edizioni.html"
    context_object_name = "edizioni"

    def get_queryset(self) -> QuerySet:
        return Programma.objects.annotate(n_progetti=Count("progetti"))


class EdizioneNuovaView(SoloNazionaleMixin, CreateView):
    model = Programma
    form_class = EdizioneForm
    template_name = "programma/modulo.html"
    extra_context = {"titolo": gettext_lazy("Nuova edizione del programma")}

    def get_success_url(self) -> str:
        messages.success(self.request, _("Edizione salvata."))
        return reverse("programma:edizioni")


class EdizioneModificaView(SoloNazionaleMixin, UpdateView):
    model = Programma
    form_class = EdizioneForm
    template_name = "programma/modulo.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(titolo=_("Modifica edizione"), annulla=reverse("programma:edizioni"), **kwargs)

    def get_success_url(self) -> str:
        messages.success(self.request, _("Edizione aggiornata."))
        return reverse("programma:edizioni")
