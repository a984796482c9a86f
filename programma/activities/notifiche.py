"""Who hears of a workflow step, and what waits for whom: derived from the flows' tables.

Nothing here is stored. A step's `avvisa` (`programma.activities.workflow.Passaggio`) names the
side it hands the record to (`Chi.COORDINAMENTO`, `Chi.REDAZIONE`); from it follow:

- **the e-mail** (`avvisa_passaggio`, connected to `workflow.passaggio_eseguito`, sent after the
  step's commit): one to each person of that side (`destinatari`: the roles of `Chi.avvisati`, who
  may take the record's steps: the Coordinatori; the region's Operatori who may write it, a Camera's
  only for its own records), not to the author, only to who has an address and wants mail at once
  (`regioni.Profilo.avvisi`). It is rendered here, from `templates/email/passaggio*.txt|html`, and
  sent by the Celery task `invia_avviso` (retried when the mail server fails), in this process when
  there is no worker or the broker does not answer. A failure is logged: it never undoes nor refuses
  the step, which is already committed.
- **"Da fare"** (`da_fare`, on the home page and in the weekly digest): the records a step handed to
  the user's side that still wait in the state it left them in, and on which the user may take a
  step now. Where that state is also reached otherwise (a draft is a draft from the start, or after
  a send-back) the last step taken, read from the history by its reason, tells them apart.
- **the weekly digest** (`invia_riepiloghi`, Celery beat on Monday, `manage.py invia_riepilogo`):
  each user's "Da fare", with an Operatore's phases to follow or a Coordinatore's regions behind.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from celery import current_app, shared_task
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from programma.activities.editing import in_edizione_chiusa
from programma.activities.workflow import Chi, Commento, Passaggio, Pubblicabile, passaggio_eseguito
from programma.selectors import attivita_senza_esito, fasi_da_seguire, regioni_indietro
from regioni.models import Profilo
from regioni.scoping import Ruolo, ambito_di, regione_id_di

logger = logging.getLogger(__name__)

# A mail server that fails (refuses, times out) is tried again, backing off, for about an hour.
TENTATIVI_MASSIMI = 6


def modelli_pubblicabili() -> list[type[Pubblicabile]]:
    """The kinds with a workflow, in a fixed order (the strategic project first)."""
    modelli = [m for m in apps.get_models() if issubclass(m, Pubblicabile)]
    return sorted(modelli, key=lambda m: (m._meta.model_name != "progettostrategico", m._meta.model_name))


def avvisi_di(utente: Any) -> str:
    """How the user wants to hear of steps: at once unless they chose the weekly digest."""
    profilo = getattr(utente, "profilo", None)
    return profilo.avvisi if profilo is not None else Profilo.Avvisi.SUBITO


def destinatari(oggetto: Pubblicabile, chi: Chi) -> list[Any]:
    """The people of side `chi` for this record: active users of the roles `chi.avvisati`, whom
    `chi` admits for this record (the scoping rule: region, a Camera's lane)."""
    ruoli = chi.avvisati(type(oggetto))
    utenti = get_user_model().objects.filter(is_active=True, groups__name__in=ruoli).select_related("profilo").distinct()
    if Ruolo.OPERATORE in ruoli:
        utenti = utenti.filter(appartenenza__ente__regione_id=regione_id_di(oggetto))
    return [u for u in utenti.order_by("pk") if ambito_di(u).ha_ruolo(ruoli) and chi.ammette(u, oggetto)]


def _regione(oggetto: Pubblicabile) -> Any:
    progetto = getattr(oggetto, "progetto", None)
    return progetto.regione if progetto is not None else None


def messaggio(oggetto: Pubblicabile, passaggio: Passaggio, chi: Chi, utente: Any, autore: Any) -> dict[str, str]:
    """The e-mail telling `utente` (of side `chi`) that `autore` took `passaggio`: plain data, for the task."""
    sito = settings.SITE_URL.rstrip("/")
    contesto = {
        "utente": utente,
        "oggetto": oggetto,
        "tipo": oggetto._meta.verbose_name,
        "regione": _regione(oggetto),
        "passaggio": passaggio,
        "autore": (autore.get_full_name() or autore.get_username()) if autore is not None else "",
        "commento": oggetto.commento if passaggio.commento is not Commento.NESSUNO else "",
        "seguenti": [p.etichetta for p in oggetto.flusso.seguenti(passaggio, chi)],
        "url": sito + oggetto.get_absolute_url(),
        "url_preferenze": sito + reverse("notifiche"),
        "sito": sito,
    }
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "a": utente.email,
            # A subject is one line, whatever the title holds.
            "oggetto": " ".join(render_to_string("email/passaggio_oggetto.txt", contesto).split()),
            "testo": render_to_string("email/passaggio.txt", contesto),
            "html": render_to_string("email/passaggio.html", contesto),
        }


def invia(messaggio: dict[str, str]) -> None:
    """Send one rendered e-mail (plain text, with its HTML alternative) through Django's mail API."""
    posta = EmailMultiAlternatives(messaggio["oggetto"], messaggio["testo"], None, [messaggio["a"]])
    if messaggio.get("html"):
        posta.attach_alternative(messaggio["html"], "text/html")
    posta.send()


@shared_task(
    name="programma.activities.notifiche.invia_avviso",
    # A mail server down or refusing: try again later, backing off (up to 10 minutes apart).
    autoretry_for=(OSError,),  # smtplib.SMTPException is an OSError, as are refused and timed-out connections
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=TENTATIVI_MASSIMI,
    ignore_result=True,
)
def invia_avviso(messaggio: dict[str, str]) -> None:
    invia(messaggio)


def _invia_qui(messaggio: dict[str, str]) -> None:
    try:
        invia(messaggio)
    except Exception:  # noqa: BLE001 - a mail that cannot be sent never fails the step
        logger.exception("Avviso non inviato a %s: %s", messaggio["a"], messaggio["oggetto"])


def spedisci(messaggio: dict[str, str]) -> None:
    """Hand the e-mail to the worker; without one (`make run`, tests) or with the broker down, send
    it in this process. Never raises."""
    if current_app.conf.task_always_eager:
        _invia_qui(messaggio)
        return
    try:
        invia_avviso.delay(messaggio)
    except Exception:  # noqa: BLE001 - any broker failure: the mail goes from here instead
        logger.warning("Avviso non accodato (il broker non risponde): inviato da questo processo", exc_info=True)
        _invia_qui(messaggio)


@receiver(passaggio_eseguito, dispatch_uid="programma.activities.notifiche.avvisa_passaggio")
def avvisa_passaggio(sender: Any, oggetto: Pubblicabile, passaggio: Passaggio, autore: Any, **kwargs: Any) -> None:
    """After a step's commit: an e-mail to each person it hands the record to (see the module)."""
    try:
        avvisati: set[int] = set()
        for chi in passaggio.avvisa:
            for utente in destinatari(oggetto, chi):
                if utente.pk in avvisati or (autore is not None and utente.pk == autore.pk):
                    continue
                avvisati.add(utente.pk)
                if utente.email and avvisi_di(utente) == Profilo.Avvisi.SUBITO:
                    spedisci(messaggio(oggetto, passaggio, chi, utente, autore))
    except Exception:  # noqa: BLE001 - the step is committed: a notification never undoes it
        logger.exception("Avvisi del passaggio %s di %s non inviati", passaggio.azione, oggetto)


# --- "Da fare" --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DaFare:
    """A record waiting for the user: the step that handed it over, and the steps they may take now."""

    oggetto: Pubblicabile
    passaggio: Passaggio
    azioni: tuple[Passaggio, ...]

    @property
    def tipo(self) -> str:
        return str(self.oggetto._meta.verbose_name)

    @property
    def regione(self) -> Any:
        return _regione(self.oggetto)

    @property
    def commento(self) -> str:
        """The reason of a send-back, which the user now acts on."""
        return self.oggetto.commento if self.passaggio.commento is Commento.OBBLIGATORIO else ""


def _relazioni(modello: type[models.Model]) -> list[str]:
    """What a row of "Da fare" reads: its project's region and edition, or its own edition."""
    campi = {f.name for f in modello._meta.get_fields()}
    if "progetto" in campi:
        return ["progetto__regione", "progetto__programma"]
    return ["programma"] if "programma" in campi else []


def in_attesa(queryset: models.QuerySet, passaggio: Passaggio) -> models.QuerySet:
    """The records `passaggio` left where they are: in its state and, where the state is also
    reached otherwise (the starting state, or another step's), with it as their last step."""
    modello = queryset.model
    flusso = modello.flusso
    queryset = queryset.filter(stato=passaggio.a)
    iniziale = modello._meta.get_field("stato").default
    if passaggio.a == iniziale or any(p is not passaggio and p.a == passaggio.a for p in flusso.passaggi):
        ultimo = (
            modello.history.model.objects.filter(id=models.OuterRef("pk"), history_change_reason__in=[p.motivo for p in flusso.passaggi])
            .order_by("-history_date", "-history_id")
            .values("history_change_reason")[:1]
        )
        queryset = queryset.annotate(ultimo_passaggio=models.Subquery(ultimo)).filter(ultimo_passaggio=passaggio.motivo)
    return queryset


def da_fare(user: Any) -> list[DaFare]:
    """What awaits `user`'s action now (see the module): a Coordinatore's review queue and what is
    theirs to publish, an Operatore's documents sent back."""
    ambito = ambito_di(user)
    if ambito.ruolo is None:
        return []
    voci: dict[tuple[str, int], DaFare] = {}
    for modello in modelli_pubblicabili():
        for passaggio in modello.flusso.passaggi:
            for chi in passaggio.avvisa:
                # Told, but with nothing to do from there (e.g. the region, of a publication): not a "Da fare".
                if not ambito.ha_ruolo(chi.avvisati(modello)) or not modello.flusso.seguenti(passaggio, chi):
                    continue
                righe = in_attesa(modello._default_manager.for_user(user), passaggio).select_related(*_relazioni(modello))
                for oggetto in righe:
                    chiave = (modello._meta.label, oggetto.pk)
                    if chiave in voci or not chi.ammette(user, oggetto) or in_edizione_chiusa(oggetto):
                        continue
                    if azioni := tuple(oggetto.passaggi_di(user)):
                        voci[chiave] = DaFare(oggetto, passaggio, azioni)
    return list(voci.values())


# --- the weekly digest ------------------------------------------------------------------------


def invia_riepiloghi(utenti: models.QuerySet | None = None) -> int:
    """The weekly e-mail to each user with an address (of `utenti`, else everyone active): their
    "Da fare", and an Operatore's late phases and past activities still planned, or a national
    user's regions behind. Nothing is sent to a user with nothing to act on; returns how many were
    sent. A user's failed mail is logged and the others still go."""
    if utenti is None:
        utenti = get_user_model().objects.all()
    inviati = 0
    for utente in utenti.filter(is_active=True).exclude(email="").prefetch_related("groups").order_by("pk"):
        ambito = ambito_di(utente)
        contesto: dict[str, Any] = {"da_fare": da_fare(utente)}
        if ambito.nazionale:
            contesto["regioni_indietro"] = regioni_indietro(utente)
            da_dire = contesto["regioni_indietro"]
            modello = "email/riepilogo_nazionale.txt"
        elif ambito.ruolo == Ruolo.OPERATORE and ambito.regione is not None:
            contesto.update(fasi=fasi_da_seguire(utente), senza_esito=attivita_senza_esito(utente), regione=ambito.regione)
            da_dire = contesto["fasi"]["in_ritardo"] or contesto["fasi"]["in_scadenza"] or contesto["senza_esito"]
            modello = "email/riepilogo_operatore.txt"
        else:
            continue
        if not (da_dire or contesto["da_fare"]):
            continue
        contesto.update(utente=utente, sito=settings.SITE_URL.rstrip("/"))
        with translation.override(settings.LANGUAGE_CODE):
            posta = {
                "a": utente.email,
                "oggetto": _("Programma Infrastrutture: il riepilogo della settimana"),
                "testo": render_to_string(modello, contesto),
            }
        try:
            invia(posta)
        except Exception:  # noqa: BLE001 - one address that fails does not stop the others
            logger.exception("Riepilogo settimanale non inviato a %s", utente.email)
            continue
        inviati += 1
    return inviati
