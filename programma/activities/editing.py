"""Detail, create, update, delete and workflow steps for every kind of record, under one write policy.

- Detail: visible in scope (else 404); the change history for national roles, and for everyone on
  a record under a publication workflow (its state, its steps' reasons, the buttons a user may take).
- Create: an Operatore writes into their region's project of the active edition; an
  Amministratore picks the project first (`?progetto=`). Anyone else: 403.
- Update and delete: another region's object is a 404, a read-only role a 403 (`ModificaMixin`);
  a record under a publication workflow only while a draft (else back to its page with the reason).
- A workflow step (`PassaggioView`): GET asks for confirmation, POST takes it (`programma.activities.workflow`).
Every write is one transaction and ends with an Italian success message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views import View

from programma.activities.edizioni import edizione_chiusa_di, in_edizione_chiusa, richiedi_edizione_aperta
from programma.activities.forms import PassaggioForm
from programma.activities.parametri import leggi_intero
from programma.activities.urls import Pagine
from programma.activities.versioni import controlla_versione, prepara_versione
from programma.activities.workflow import MODIFICA, Commento, Pubblicabile, StatoNonConsentito
from programma.models import ProgettoRegionale
from programma.selectors import edizione_attiva, progetto_corrente, storico_di
from regioni.scoping import (
    ModificaMixin,
    ScopedMixin,
    ambito_di,
    get_for_user_or_404,
    puo_modificare_oggetto,
    richiedi_modifica,
    richiedi_ruolo,
)


def nessun_progetto(request: HttpRequest) -> HttpResponse:
    """Why an Operatore cannot record anything yet: their region has no project in the active edition."""
    return render(request, "programma/nessun_progetto.html", {"edizione": edizione_attiva()})


class TipoMixin:
    """What a kind of record tells the shared views: its pages and its Italian titles and messages.
    The list's title is the model's plural name unless the view gives `titolo_lista`.

    Messages may use "%(titolo)s" (the object); `messaggio_creato` is for a creation that reads
    differently ("registrato"), else `messaggio_salvato` serves both.
    """

    pagine: Pagine | None = None
    titolo_nuovo: str = ""
    titolo_modifica: str = ""
    messaggio_creato: str = ""
    messaggio_salvato: str = _("Salvataggio completato: «%(titolo)s».")
    messaggio_eliminato: str = _("Eliminazione completata: «%(titolo)s».")
    collegati: tuple[str, ...] = ()  # the relations every page of the kind shows (select_related)

    @property
    def titolo_lista(self) -> str:
        """The kind's plural name as its model gives it ("Tavoli di confronto"), unless the view says another."""
        return capfirst(self.model._meta.verbose_name_plural)  # type: ignore[attr-defined]

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()  # type: ignore[misc]
        return queryset.select_related(*self.collegati) if self.collegati else queryset

    def url_lista(self) -> str:
        return self.pagine.url("lista") if self.pagine else ""


class TipoAttivitaMixin(TipoMixin):
    """The titles and messages of a regional activity (a tavolo, an evento), all said with its
    singular `nome`: "Nuovo tavolo", "Modifica tavolo", "Tavolo «…» registrato" (aggiornato,
    eliminato)."""

    @property
    def nome(self) -> str:
        """Singular, masculine, lower case: the model's own name ("evento"), unless the view says a shorter one."""
        return self.model._meta.verbose_name  # type: ignore[attr-defined]

    # What every page of an `AttivitaRegionale` shows: its project's region and edition, its province.
    collegati = ("progetto__regione", "progetto__programma", "provincia")

    @property
    def titolo_nuovo(self) -> str:  # type: ignore[override]
        return _("Nuovo %(nome)s") % {"nome": self.nome}

    @property
    def titolo_modifica(self) -> str:  # type: ignore[override]
        return _("Modifica %(nome)s") % {"nome": self.nome}

    def _messaggio(self, esito: str) -> str:
        """"<Nome> «%(titolo)s» <esito>.", the object's title filled in by the view."""
        return f"{capfirst(self.nome)} «%(titolo)s» {esito}."

    @property
    def messaggio_creato(self) -> str:  # type: ignore[override]
        return self._messaggio(_("registrato"))

    @property
    def messaggio_salvato(self) -> str:  # type: ignore[override]
        return self._messaggio(_("aggiornato"))

    @property
    def messaggio_eliminato(self) -> str:  # type: ignore[override]
        return self._messaggio(_("eliminato"))


def contesto_pubblicazione(oggetto: Pubblicabile, user: Any) -> dict[str, Any]:
    """What a record's page shows of its publication workflow: the steps `user` may take (buttons)
    and the history with each step's reason, for everyone who sees the record (the region reads why
    its document was sent back)."""
    # A closed edition's record is history: no step is offered (and `PassaggioView` refuses one).
    passaggi = [] if in_edizione_chiusa(oggetto) else oggetto.passaggi_di(user)
    return {
        "pubblicabile": True,
        "passaggi": [{"url": oggetto.url_passaggio(p.azione), "etichetta": p.etichetta} for p in passaggi],
        "storico": storico_di(oggetto),
    }


class DettaglioMixin(TipoMixin, ScopedMixin):
    """Detail page: visible in scope (else 404); history for national roles, and the workflow of a
    publishable record (`contesto_pubblicazione`)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        ambito = self.ambito
        oggetto = self.object  # type: ignore[attr-defined]
        edizione_chiusa = edizione_chiusa_di(oggetto)
        context.update(
            edizione_chiusa=edizione_chiusa,
            # A record under review or published, or of a closed edition, is not edited nor deleted:
            # its buttons are not offered.
            puo_modificare=puo_modificare_oggetto(self.request.user, oggetto)  # type: ignore[attr-defined]
            and getattr(oggetto, "modificabile", True)
            and edizione_chiusa is None,
            nazionale=ambito.nazionale,
            titolo_lista=self.titolo_lista,
            url_lista=self.url_lista(),
            url_modifica=self.pagine.url("modifica", oggetto.pk),
            url_elimina=self.pagine.url("elimina", oggetto.pk),
        )
        if isinstance(oggetto, Pubblicabile):
            context.update(contesto_pubblicazione(oggetto, self.request.user))  # type: ignore[attr-defined]
        elif ambito.nazionale:
            context["storico"] = storico_di(oggetto)
        return context


class SalvaMixin(TipoMixin):
    """Create and edit: the form gets the user (for its scoped choices) and the version it was read
    at; the write is one transaction, never into a closed edition."""

    request: HttpRequest
    template_name = "activities/modulo.html"
    passa_utente = True  # forms with scoped choices take `user`
    # Records of an edition are not created while a closed one is chosen in the header (an edition itself is not one).
    di_edizione = True
    # A regional record is checked as it will be saved, by the one write rule: a Camera's Operatore
    # neither records another ente's activity nor hands their own to another ente (the form offers
    # only their Camera; this is the last word on any path).
    controlla_scrittura = False

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        if self.passa_utente:
            kwargs["user"] = self.request.user
        return kwargs

    def scaricamenti(self, oggetto: models.Model) -> dict[str, str]:
        """{file field: URL of its scoped download} for a stored record (`Pagine.allegati`)."""
        return self.pagine.url_allegati(oggetto) if self.pagine else {}

    def get_form(self, form_class: Any = None) -> forms.Form:
        form = super().get_form(form_class)  # type: ignore[misc]
        if form.instance.pk is not None:
            richiedi_edizione_aperta(self.request, form.instance)
        elif self.di_edizione:
            richiedi_edizione_aperta(self.request)
        if hasattr(form, "prepara_allegati"):
            form.prepara_allegati(self.request.user, self.scaricamenti(form.instance))
        # No silent lost update: the form posts back the version it was read at.
        prepara_versione(form, self.request)
        return form

    def modifica_concorrente(self, form: forms.ModelForm) -> bool:
        """True (and the form says so) when the record may not be saved over: see `controlla_versione`."""
        return controlla_versione(form)

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        if hasattr(form, "conserva_allegati"):
            form.conserva_allegati(self.request.user)
        return super().form_invalid(form)  # type: ignore[misc]

    def titolo_pagina(self) -> str:
        oggetto = getattr(self, "object", None)
        if oggetto is not None and oggetto.pk:
            return str(self.titolo_modifica) % {"titolo": oggetto}
        return str(self.titolo_nuovo)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        oggetto = getattr(self, "object", None)
        url_lista = self.url_lista()
        modifica = oggetto is not None and oggetto.pk
        context.update(
            titolo=self.titolo_pagina(),
            titolo_lista=self.titolo_lista,
            url_lista=url_lista,
            annulla=getattr(oggetto, "get_absolute_url", lambda: url_lista)() if modifica else "",
            progetto=getattr(context["form"].instance, "progetto", None),
        )
        return context

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()  # type: ignore[attr-defined]

    def form_valid(self, form: forms.ModelForm) -> HttpResponse:
        if self.controlla_scrittura:
            richiedi_modifica(self.request.user, form.instance)
        nuovo = form.instance.pk is None
        # The form's own fields may name an edition (a national document's, a new project's): not a closed one.
        richiedi_edizione_aperta(self.request, form.instance)
        concorrente = False
        with transaction.atomic():
            if not nuovo:
                # The row lock makes the version check and the save one step for concurrent saves.
                type(form.instance)._default_manager.select_for_update().filter(pk=form.instance.pk).first()
                concorrente = self.modifica_concorrente(form)
            if not concorrente:
                self.object = form.save()
                for sospeso in getattr(form, "allegati_usati", list)():
                    # The file now lives in the record; the pending copy goes once the save is certain.
                    transaction.on_commit(sospeso.elimina)
        if concorrente:
            return self.form_invalid(form)
        messaggio = self.messaggio_creato if nuovo and self.messaggio_creato else self.messaggio_salvato
        messages.success(self.request, messaggio % {"titolo": self.object})
        if avviso := getattr(self.object, "avviso_conteggio", ""):
            messages.info(self.request, avviso)
        return HttpResponseRedirect(self.get_success_url())


class NuovoMixin(SalvaMixin, LoginRequiredMixin):
    """Create a record of a regional project (see the module's policy)."""

    model: type[models.Model]
    progetto: ProgettoRegionale | None
    controlla_scrittura = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        ambito = ambito_di(request.user)
        if not ambito.puo_registrare:
            raise PermissionDenied
        richiedi_edizione_aperta(request)
        if ambito.amministratore:
            self.progetto = self._progetto_scelto(request)
            if self.progetto is None:
                return self._scegli_progetto(request)
        else:
            self.progetto = progetto_corrente(request.user)
            if self.progetto is None:
                return nessun_progetto(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def _progetti(self, request: HttpRequest) -> models.QuerySet:
        return ProgettoRegionale.objects.for_user(request.user).filter(programma__attivo=True).select_related(
            "programma", "regione"
        )

    def _progetto_scelto(self, request: HttpRequest) -> ProgettoRegionale | None:
        scelto = request.GET.get("progetto", "")
        numero = leggi_intero(scelto)
        return self._progetti(request).filter(pk=numero).first() if numero is not None else None

    def _scegli_progetto(self, request: HttpRequest) -> HttpResponse:
        """An admin has no region of their own: first the project the record belongs to."""
        return render(
            request,
            "activities/scegli_progetto.html",
            {"titolo": self.titolo_pagina(), "progetti": self._progetti(request), "edizione": edizione_attiva()},
        )

    def nuova_istanza(self) -> models.Model:
        return self.model(progetto=self.progetto)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.nuova_istanza()
        return kwargs


class SoloInBozzaMixin:
    """Edits and deletes of a record under a publication workflow: only in its editable states (a
    draft), since what was reviewed is what gets published. Refused: back to its page with the reason."""

    request: HttpRequest
    object: models.Model

    def richiedi_modificabile(self, oggetto: models.Model) -> None:
        if isinstance(oggetto, Pubblicabile):
            self.object = oggetto  # where the refusal sends the user
            oggetto.verifica(self.request.user, MODIFICA)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        except StatoNonConsentito as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.object)


class AggiornaMixin(SoloInBozzaMixin, SalvaMixin, ModificaMixin):
    """Edit: another region's object is a 404, a read-only role (or another ente's record, for a
    Camera's Operatore) a 403, a closed edition's record a 403, a publishable record outside its
    drafts back to its page."""

    controlla_scrittura = True

    def get_object(self, queryset: Any = None) -> models.Model:
        oggetto = super().get_object(queryset)
        richiedi_edizione_aperta(self.request, oggetto)
        self.richiedi_modificabile(oggetto)
        return oggetto


class EliminaMixin(SoloInBozzaMixin, TipoMixin, ModificaMixin):
    """GET asks for confirmation, POST deletes; uploaded files stay (the history points at them).
    A published document is not withdrawn by deleting it: only drafts go."""

    request: HttpRequest
    template_name = "activities/conferma_elimina.html"

    def get_object(self, queryset: Any = None) -> models.Model:
        oggetto = super().get_object(queryset)
        richiedi_edizione_aperta(self.request, oggetto)
        self.richiedi_modificabile(oggetto)
        return oggetto

    def get_success_url(self) -> str:
        return self.url_lista()

    def get_form_class(self) -> type[forms.Form]:
        # The confirmation is a bare form, whatever model form the kind's shared mixin names.
        return forms.Form

    def conseguenze(self) -> dict[str, list[dict[str, Any]]]:
        """What else goes with the record (cascades) and what loses its link to it: how many, a few names."""
        raccolta = NestedObjects(using=router.db_for_write(self.model))
        raccolta.collect([self.object])  # type: ignore[attr-defined]
        gruppi: dict[type[models.Model], list[models.Model]] = {}
        for modello, istanze in raccolta.data.items():
            if modello._meta.auto_created or modello is self.model or modello._meta.app_label == "simple_history":
                continue  # link tables and history rows are not things a user knows
            if modello.__name__.startswith("Historical"):
                continue
            gruppi[modello] = list(istanze)
        eliminati = [
            {"modello": modello._meta.verbose_name_plural, "n": len(istanze), "esempi": [str(i) for i in istanze[:5]]}
            for modello, istanze in gruppi.items()
        ]
        # Records that stay but lose their link (SET_NULL), e.g. the works that emerged at a tavolo.
        scollegati = []
        for (campo, _valore), gruppi_istanze in raccolta.field_updates.items():
            istanze = [i for gruppo in gruppi_istanze for i in gruppo]
            if istanze and not campo.model.__name__.startswith("Historical"):
                scollegati.append(
                    {"modello": campo.model._meta.verbose_name_plural, "campo": campo.verbose_name, "n": len(istanze),
                     "esempi": [str(i) for i in istanze[:5]]}
                )
        return {"eliminati": eliminati, "scollegati": scollegati}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["conseguenze"] = self.conseguenze()
        context["avviso_contatori"] = getattr(self.object, "stato", None) == "svolto"  # type: ignore[attr-defined]
        return context

    def form_valid(self, form: forms.Form) -> HttpResponse:
        titolo = str(self.object)  # type: ignore[attr-defined]
        with transaction.atomic():
            self.object.delete()  # type: ignore[attr-defined]
        messages.success(self.request, self.messaggio_eliminato % {"titolo": titolo})
        return HttpResponseRedirect(self.get_success_url())


class PassaggioView(View):
    """A step of a record's publication workflow (`programma.activities.workflow`): GET asks for
    confirmation, POST takes it by calling the model's method of the same name.

    The checks, in the one order of every view: login, role (403, before any lookup: the step's
    `Chi`), method (405), the object (404 outside the user's scope), a closed edition (403), the
    record's own rule (403, `Chi.ammette`), then its state (back to the record's page with the
    reason). A refused POST (a missing file, a missing comment) shows the confirmation again with
    the reason, and nothing changes. The strategic project's view only finds its object otherwise."""

    model: type[Pubblicabile] | None = None
    azione = ""
    template_name = "activities/passaggio.html"
    http_method_names = ["get", "post"]

    def get_object(self) -> Pubblicabile:
        return get_for_user_or_404(self.model._default_manager, self.request.user, pk=self.kwargs["pk"])  # type: ignore[union-attr,return-value]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        assert self.model is not None
        passaggio = self.model.flusso[self.azione]
        richiedi_ruolo(request.user, passaggio.chi.ruoli(self.model))
        if request.method is None or request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        oggetto = self.get_object()
        richiedi_edizione_aperta(request, oggetto)
        try:
            oggetto.verifica(request.user, self.azione)
        except StatoNonConsentito as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(oggetto)
        form = PassaggioForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                getattr(oggetto, self.azione)(request.user, commento=form.cleaned_data["commento"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, passaggio.fatto)
                return redirect(oggetto)
        context = {
            "oggetto": oggetto,
            "passaggio": passaggio,
            "form": form,
            "con_commento": passaggio.commento is not Commento.NESSUNO,
            # Said before the user confirms: what the record still lacks (a POST says it as the form's error).
            "mancanti": oggetto.condizioni_mancanti(self.azione) if request.method == "GET" else [],
        }
        return render(request, self.template_name, context)
