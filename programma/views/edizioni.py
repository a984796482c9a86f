"""Editions of the programme: list, forms, and starting one (which closes the previous)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, FormView, ListView, UpdateView

from programma.activities.editing import (
    SalvaMixin,
)
from programma.activities.urls import Pagine
from programma.forms import AvviaEdizioneForm, EdizioneForm
from programma.models import OperaPrioritaria, Programma
from programma.numbers import quantita
from programma.selectors import (
    SESSIONE_EDIZIONE,
    edizione_attiva,
)
from programma.services import EdizioneNonAvviabile, avvia_edizione
from regioni.scoping import Ruolo, SoloPerMixin


class EdizioniView(SoloPerMixin, ListView):
    ruoli_ammessi = Ruolo.NAZIONALI
    model = Programma
    template_name = "programma/edizioni.html"

    def get_queryset(self) -> QuerySet:
        return Programma.objects.annotate(n_progetti=Count("progetti"))


class EdizioneMixin(SoloPerMixin, SalvaMixin):
    ruoli_ammessi = Ruolo.NAZIONALI
    di_edizione = False  # an edition is set up whichever one the header shows
    model = Programma
    form_class = EdizioneForm
    passa_utente = False
    pagine = Pagine("programma", lista="edizioni")
    titolo_lista = gettext_lazy("Edizioni")
    titolo_nuovo = gettext_lazy("Nuova edizione del programma")
    titolo_modifica = gettext_lazy("Modifica edizione")
    messaggio_salvato = gettext_lazy("Edizione «%(titolo)s» salvata.")

    def get_success_url(self) -> str:
        return self.url_lista()


class EdizioneNuovaView(EdizioneMixin, CreateView):
    pass


class EdizioneAvviaView(SoloPerMixin, FormView):
    """Start a new edition: copy the active edition's regional projects (phases reset) and, if asked, its open works."""

    ruoli_ammessi = Ruolo.NAZIONALI
    form_class = AvviaEdizioneForm
    template_name = "programma/avvia_edizione.html"

    def get_form(self, form_class: Any = None) -> AvviaEdizioneForm:
        # After the login and role checks (SoloPerMixin.dispatch): the object comes last.
        self.edizione = get_object_or_404(Programma, pk=self.kwargs["pk"])
        self.da = edizione_attiva()
        return super().get_form(form_class)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(edizione=self.edizione, da=self.da, titolo_lista=_("Edizioni"), url_lista=reverse("programma:edizioni"))
        if self.da is not None:
            context["n_progetti"] = self.da.progetti.count()
            context["n_opere_aperte"] = OperaPrioritaria.objects.nell_edizione(self.da).aperte().count()
        return context

    def form_valid(self, form: AvviaEdizioneForm) -> HttpResponse:
        if self.da is None:
            messages.error(self.request, _("Non c'è un'edizione attiva da cui partire."))
            return redirect("programma:edizioni")
        try:
            avvio = avvia_edizione(self.edizione, da=self.da, porta_opere=form.cleaned_data["porta_opere"])
        except EdizioneNonAvviabile as exc:
            messages.error(self.request, str(exc))
            return redirect("programma:edizioni")
        self.request.session.pop(SESSIONE_EDIZIONE, None)
        messages.success(
            self.request,
            _("Edizione «%(edizione)s» avviata: %(progetti)s e %(opere)s. L'edizione «%(da)s» è ora in sola lettura.")
            % {
                "edizione": self.edizione.nome,
                "progetti": quantita(avvio.progetti, _("progetti regionali"), _("progetto regionale")),
                "opere": quantita(avvio.opere, _("opere riportate"), _("opera riportata")),
                "da": self.da.nome,
            },
        )
        return redirect("programma:edizioni")


class EdizioneModificaView(EdizioneMixin, UpdateView):
    pass
