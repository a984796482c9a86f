"""The strategic project of phase 2, its recommendations and endorsed works; national documents.

Both reach the public section through the one publication workflow (`programma.activities.workflow`):
the strategic project's table is `FLUSSO_STRATEGICO` (bozza → in revisione → approvato → pubblicato,
with a send-back to bozza), a national document's the documents' `FLUSSO_DOCUMENTO` (bozza →
proposto → pubblicato). Each step is a method that checks who may take it and from which state,
raises a ValidationError with an Italian message when refused, and saves one history row with the
reason (who and when come from simple-history).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programma.activities.workflow import (
    Chi,
    Commento,
    DocumentiQuerySet,
    DocumentoPubblicabile,
    Flusso,
    Passaggio,
    Pubblicabile,
)
from programma.validators import valida_allegato
from regioni.scoping import Ruolo, ScopedQuerySet, ambito_di

__all__ = [
    "DocumentoNazionale",
    "Indicazione",
    "OperaSostenuta",
    "ProgettoStrategico",
    "progetto_strategico_approvato",
]

# Sent (on commit) when a Coordinatore approves a strategic project: the counters app, a layer
# above, stores the region's counters as of that moment on the project (`contatori_approvazione`).
# A signal keeps the direction of the layers: programma never imports contatori.
progetto_strategico_approvato = Signal()


class ProgettoStrategicoQuerySet(ScopedQuerySet):
    regione_field = "progetto__regione"

    def pubblicati(self) -> ProgettoStrategicoQuerySet:
        return self.filter(stato=ProgettoStrategico.Stato.PUBBLICATO)

    def approvati(self) -> ProgettoStrategicoQuerySet:
        """Approved, published or not: the state phase 2's completion requires."""
        return self.filter(stato__in=ProgettoStrategico.APPROVATI)


def richiedi_contenuti(strategico: ProgettoStrategico) -> None:
    """A strategic project goes to review saying what it proposes: context, objectives, recommendations."""
    campi = ("contesto", "obiettivi")
    if mancanti := [str(strategico._meta.get_field(c).verbose_name) for c in campi if not getattr(strategico, c).strip()]:
        raise ValidationError(
            _("Prima di inviarlo in revisione compila: %(campi)s.") % {"campi": ", ".join(mancanti)}, code="incompleto"
        )
    if not strategico.indicazioni.exists():
        raise ValidationError(_("Prima di inviarlo in revisione aggiungi almeno un'indicazione."), code="senza_indicazioni")


class StatoStrategico(models.TextChoices):
    BOZZA = "bozza", _("Bozza")
    IN_REVISIONE = "in_revisione", _("In revisione")
    APPROVATO = "approvato", _("Approvato")
    PUBBLICATO = "pubblicato", _("Pubblicato")


# The strategic project's steps: the region proposes (invia), a Coordinatore approves or sends back,
# then publishes. Approving is a step of its own: it completes phase 2 and freezes the region's counters.
FLUSSO_STRATEGICO = Flusso(
    passaggi=(
        Passaggio(
            "invia",
            da=(StatoStrategico.BOZZA,),
            a=StatoStrategico.IN_REVISIONE,
            chi=Chi.REDAZIONE,
            etichetta=_("Invia in revisione"),
            conferma=_("Il progetto strategico passa al coordinamento nazionale e non sarà più modificabile finché non torna in bozza."),
            fatto=_("Progetto strategico inviato in revisione."),
            fuori_stato=_("Si invia in revisione solo una bozza; ora il progetto è «%(stato)s»."),
            motivo="Inviato in revisione",
            condizioni=(richiedi_contenuti,),
        ),
        Passaggio(
            "rimanda",
            da=(StatoStrategico.IN_REVISIONE,),
            a=StatoStrategico.BOZZA,
            chi=Chi.COORDINAMENTO,
            etichetta=_("Rimanda in bozza"),
            conferma=_("Il progetto torna alla regione con il tuo commento, che è obbligatorio."),
            fatto=_("Progetto strategico rimandato in bozza alla regione."),
            fuori_stato=_("Si rimanda in bozza solo un progetto in revisione; ora è «%(stato)s»."),
            motivo="Rimandato in bozza",
            commento=Commento.OBBLIGATORIO,
        ),
        Passaggio(
            "approva",
            da=(StatoStrategico.IN_REVISIONE,),
            a=StatoStrategico.APPROVATO,
            chi=Chi.COORDINAMENTO,
            etichetta=_("Approva"),
            conferma=_("Il progetto è approvato; la fase 2 potrà essere completata. I contatori della regione di oggi saranno riportati nel Libro Bianco."),
            fatto=_("Progetto strategico approvato."),
            fuori_stato=_("Si approva solo un progetto in revisione; ora è «%(stato)s»."),
            motivo="Approvato",
            commento=Commento.FACOLTATIVO,
        ),
        Passaggio(
            "pubblica",
            da=(StatoStrategico.APPROVATO,),
            a=StatoStrategico.PUBBLICATO,
            chi=Chi.COORDINAMENTO,
            etichetta=_("Pubblica"),
            conferma=_("Il progetto e il suo Libro Bianco saranno visibili a chiunque nella sezione pubblica Documenti."),
            fatto=_("Progetto strategico pubblicato: ora è nella sezione pubblica Documenti."),
            fuori_stato=_("Si pubblica solo un progetto approvato; ora è «%(stato)s»."),
            motivo="Pubblicato",
        ),
    ),
    modificabile_in=(StatoStrategico.BOZZA,),
    fuori_modifica=_("Il progetto strategico si modifica solo in bozza; ora è «%(stato)s»."),
    pubblicato=StatoStrategico.PUBBLICATO,
)


class ProgettoStrategico(Pubblicabile):
    """The "progetto territoriale strategico" of a regional project: what phase 2 delivers."""

    Stato = StatoStrategico
    APPROVATI = (Stato.APPROVATO, Stato.PUBBLICATO)
    flusso = FLUSSO_STRATEGICO
    url_passaggi = "programma:strategico"

    progetto = models.OneToOneField(
        "programma.ProgettoRegionale", on_delete=models.CASCADE, related_name="strategico", verbose_name=_("progetto")
    )
    titolo = models.CharField(_("titolo"), max_length=300)
    contesto = models.TextField(_("contesto e analisi territoriale"), blank=True)
    obiettivi = models.TextField(_("obiettivi"), blank=True)
    stato = models.CharField(_("stato"), max_length=14, choices=Stato.choices, default=Stato.BOZZA)
    approvato_il = models.DateTimeField(_("approvato il"), null=True, blank=True)
    approvato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approvato da"),
    )
    enti_firmatari = models.ManyToManyField(
        "regioni.Ente", blank=True, related_name="progetti_strategici", verbose_name=_("enti firmatari")
    )
    opere = models.ManyToManyField(
        "programma.OperaPrioritaria",
        through="programma.OperaSostenuta",
        blank=True,
        related_name="progetti_strategici",
        verbose_name=_("opere sostenute"),
    )
    # By string: tavoli is an app above this one.
    tavoli = models.ManyToManyField(
        "tavoli.TavoloConfronto", blank=True, related_name="progetti_strategici", verbose_name=_("tavoli di riferimento")
    )
    # The region's counters when it was approved, written by the counters app (see the signal above):
    # [{"chiave", "etichetta", "unita", "valore", "decimali"}, ...] and the day of the snapshot.
    contatori_approvazione = models.JSONField(_("contatori all'approvazione"), default=dict, blank=True, editable=False)

    objects = ProgettoStrategicoQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["progetto"]
        verbose_name = _("progetto territoriale strategico")
        verbose_name_plural = _("progetti territoriali strategici")
        indexes = [models.Index(fields=["stato"])]

    def __str__(self) -> str:
        return self.titolo

    def get_absolute_url(self) -> str:
        return reverse("programma:strategico", args=[self.progetto_id])

    def get_public_url(self) -> str:
        return reverse("documenti:strategico", args=[self.pk])

    def argomenti_url(self) -> list[Any]:
        # The staff pages of the strategic project hang off its regional project.
        return [self.progetto_id]

    @property
    def approvato(self) -> bool:
        return self.stato in self.APPROVATI

    # --- the steps (the table above says who, from which state, with which texts) -------------

    def invia(self, user: Any, commento: str = "") -> None:
        """The region proposes the draft: it must say what it proposes (see `richiedi_contenuti`)."""
        self.esegui(user, "invia", commento)

    def rimanda(self, user: Any, commento: str = "") -> None:
        """A Coordinatore sends it back to the region, saying why."""
        self.esegui(user, "rimanda", commento)

    def approva(self, user: Any, commento: str = "") -> None:
        """A Coordinatore approves it: phase 2 completes, and the counters app stores the region's counters."""
        self.verifica(user, "approva")
        self.approvato_il = timezone.now()
        self.approvato_da = user
        with transaction.atomic():
            self.esegui(user, "approva", commento)
            # After commit: the snapshot of counters is the counters app's business, and a
            # failure there must not undo the approval.
            transaction.on_commit(lambda: progetto_strategico_approvato.send(sender=type(self), istanza=self))

    def pubblica(self, user: Any, commento: str = "") -> None:
        """A Coordinatore publishes the approved project: publishing is a national act."""
        with transaction.atomic():
            self.esegui(user, "pubblica", commento)

    def dopo_passaggio(self, passaggio: Passaggio) -> None:
        self._aggiorna_fase()

    # Phase 2's progress when the strategic project is in review: most of the work is done.
    AVANZAMENTO_IN_REVISIONE = 80

    def _aggiorna_fase(self) -> None:
        """Phase 2 follows the workflow: in progress while drafted or reviewed, complete once approved."""
        fase = self.progetto.fasi.filter(numero=2).first()
        if fase is None:
            return
        oggi = timezone.localdate()
        if self.stato in self.APPROVATI:
            if fase.stato == fase.Stato.COMPLETATA:
                return
            fase.stato, fase.avanzamento = fase.Stato.COMPLETATA, 100
            fase.data_fine_effettiva = fase.data_fine_effettiva or oggi
        elif self.stato == self.Stato.IN_REVISIONE:
            fase.stato = fase.Stato.IN_CORSO
            fase.avanzamento = max(fase.avanzamento, self.AVANZAMENTO_IN_REVISIONE)
        else:
            return
        fase.data_inizio_effettiva = fase.data_inizio_effettiva or oggi
        fase._change_reason = f"Progetto strategico: {self.get_stato_display()}"
        try:
            fase.full_clean()
        except ValidationError as exc:
            # Said on the step's page, which has no phase fields: one plain message, and nothing saved.
            raise ValidationError(
                _("La fase 2 del progetto non si può aggiornare: %(errori)s") % {"errori": " ".join(exc.messages)}
            ) from exc
        fase.save()

    # --- what the Libro Bianco and the pages read -------------------------------------------

    def opere_sostenute(self) -> models.QuerySet:
        return self.sostegni.select_related("opera").order_by("livello", "opera__codice")


class OperaSostenuta(models.Model):
    """A priority work the strategic project endorses, with the level it gives it."""

    class Livello(models.IntegerChoices):
        PRIMARIO = 1, _("1 — strategica")
        SECONDARIO = 2, _("2 — rilevante")
        TERZIARIO = 3, _("3 — da monitorare")

    progetto_strategico = models.ForeignKey(
        ProgettoStrategico, on_delete=models.CASCADE, related_name="sostegni", verbose_name=_("progetto strategico")
    )
    opera = models.ForeignKey(
        "programma.OperaPrioritaria", on_delete=models.CASCADE, related_name="sostegni", verbose_name=_("opera")
    )
    livello = models.PositiveSmallIntegerField(_("livello"), choices=Livello.choices, default=Livello.PRIMARIO)

    history = HistoricalRecords()

    class Meta:
        ordering = ["livello", "opera__codice"]
        verbose_name = _("opera sostenuta")
        verbose_name_plural = _("opere sostenute")
        constraints = [
            models.UniqueConstraint(fields=["progetto_strategico", "opera"], name="opera_sostenuta_una_volta"),
        ]

    def __str__(self) -> str:
        return f"{self.opera} ({self.get_livello_display()})"

    def clean(self) -> None:
        if self.opera_id and self.progetto_strategico_id:
            if self.opera.regione_id != self.progetto_strategico.progetto.regione_id:
                raise ValidationError({"opera": _("L'opera deve essere della regione del progetto strategico.")})


class Indicazione(models.Model):
    """One recommendation ("indicazione utile") for the competitiveness of the territory."""

    class Tema(models.TextChoices):
        MODALITA = "modalita", _("Modalità di trasporto")
        LOGISTICA = "logistica", _("Logistica")
        DIGITALE = "digitale", _("Digitale, BUL e 5G")
        ENERGIA = "energia", _("Energia")

    progetto_strategico = models.ForeignKey(
        ProgettoStrategico, on_delete=models.CASCADE, related_name="indicazioni", verbose_name=_("progetto strategico")
    )
    tema = models.CharField(_("tema"), max_length=10, choices=Tema.choices)
    testo = models.TextField(_("indicazione"))
    destinatario = models.CharField(
        _("destinatario"), max_length=200, help_text=_("A chi è rivolta: Regione, Governo, gestori, enti locali…")
    )
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["ordine", "pk"]
        verbose_name = _("indicazione")
        verbose_name_plural = _("indicazioni")

    def __str__(self) -> str:
        return f"{self.get_tema_display()}: {self.testo[:60]}"


class DocumentoNazionaleQuerySet(DocumentiQuerySet, ScopedQuerySet):
    """Edition-level documents: no region, visible to every role, written by the national roles."""

    regione_field = ""
    ruoli_redattori = Ruolo.NAZIONALI

    def for_user(self, user: Any) -> DocumentoNazionaleQuerySet:
        return self.all() if ambito_di(user).ruolo else self.none()

    def nella_regione(self, regione: Any) -> DocumentoNazionaleQuerySet:
        return self.all()


class DocumentoNazionale(DocumentoPubblicabile):
    """An edition-level document: written and proposed by the national roles (`ruoli_redattori`), published by a Coordinatore."""

    url_passaggi = "programma:documento_nazionale"

    class Tipo(models.TextChoices):
        ANALISI_DOMANDA_OFFERTA = "analisi_domanda_offerta", _("Analisi nazionale di domanda e offerta")
        REPORT_ANALISI = "report_analisi", _("Report di analisi")
        PRESENTAZIONE = "presentazione", _("Presentazione")
        ALTRO = "altro", _("Altro")

    programma = models.ForeignKey(
        "programma.Programma", on_delete=models.PROTECT, related_name="documenti_nazionali", verbose_name=_("edizione")
    )
    tipo = models.CharField(_("tipo"), max_length=24, choices=Tipo.choices)
    titolo = models.CharField(_("titolo"), max_length=300)
    data = models.DateField(_("data"))
    abstract = models.TextField(_("abstract"), blank=True)
    file = models.FileField(_("file"), upload_to="documenti_nazionali/%Y/%m/", blank=True, validators=[valida_allegato])

    objects = DocumentoNazionaleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-data", "titolo"]
        verbose_name = _("documento nazionale")
        verbose_name_plural = _("documenti nazionali")

    def __str__(self) -> str:
        return self.titolo

    def get_absolute_url(self) -> str:
        return reverse("programma:documento_nazionale", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("documenti:nazionale", args=[self.pk])

