"""The priority works of a region (recorded by hand or imported) and how they are built."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programma.fields import EtichetteScelte, Limite, TestoLungo
from programma.models.progetti import ProgettoRegionale, Programma, campo_ente, errori_ente
from programma.validators import valida_cup
from regioni.models import Provincia, Regione
from regioni.scoping import ScopedQuerySet


class Modalita(models.TextChoices):
    STRADALE = "stradale", _("Stradale")
    FERROVIARIA = "ferroviaria", _("Ferroviaria")
    PORTUALE = "portuale", _("Portuale")
    AEROPORTUALE = "aeroportuale", _("Aeroportuale")
    INTERPORTUALE = "interportuale", _("Interportuale/logistica")
    IDROVIARIA = "idroviaria", _("Idroviaria")
    CICLABILE = "ciclabile", _("Ciclabile")
    DIGITALE = "digitale", _("Digitale")
    ENERGETICA = "energetica", _("Energetica")
    ALTRO = "altro", _("Altro")


class OperaPrioritariaQuerySet(ScopedQuerySet):
    ente_field = "ente"

    # Most urgent first: a red light before a yellow one before a green one.
    URGENZA = ("rosso", "giallo", "verde")

    def nell_edizione(self, programma: Programma | int) -> OperaPrioritariaQuerySet:
        """The works of one edition: through their project, or their own edition when they have none.

        A work tied to a project belongs to the project's edition whatever its own field says, so a
        work never counts in an edition it does not belong to. The works list and the counters
        (contatori/registry.py) both use this.
        """
        return self.filter(Q(progetto__programma=programma) | Q(progetto__isnull=True, programma=programma))

    def pubbliche(self) -> OperaPrioritariaQuerySet:
        """The works the public section and the open data show: those a published strategic project
        endorses. Publishing is a national act; its Libro Bianco already lists them."""
        from programma.risultati.models import OperaSostenuta, ProgettoStrategico

        sostenuta = OperaSostenuta.objects.filter(
            opera=models.OuterRef("pk"), progetto_strategico__in=ProgettoStrategico.objects.pubblicati().values("pk")
        )
        return self.filter(models.Exists(sostenuta))

    def aperte(self) -> OperaPrioritariaQuerySet:
        """Works still to be carried out: neither completed nor suspended."""
        return self.exclude(stato__in=[OperaPrioritaria.Stato.COMPLETATA, OperaPrioritaria.Stato.SOSPESA])

    def con_urgenza(self) -> OperaPrioritariaQuerySet:
        """Annotate `urgenza_semaforo` (0 = rosso), to sort by urgency rather than alphabetically."""
        return self.annotate(
            urgenza_semaforo=models.Case(
                *(models.When(semaforo=valore, then=posto) for posto, valore in enumerate(self.URGENZA)),
                output_field=models.IntegerField(),
            )
        )


class OperaPrioritaria(EtichetteScelte, models.Model):
    class Stato(models.TextChoices):
        PROPOSTA = "proposta", _("Proposta")
        IN_PROGETTAZIONE = "in_progettazione", _("In progettazione")
        IN_AFFIDAMENTO = "in_affidamento", _("In affidamento")
        IN_ESECUZIONE = "in_esecuzione", _("In esecuzione")
        COMPLETATA = "completata", _("Completata")
        SOSPESA = "sospesa", _("Sospesa")

    class Semaforo(models.TextChoices):
        VERDE = "verde", _("Verde")
        GIALLO = "giallo", _("Giallo")
        ROSSO = "rosso", _("Rosso")

    class Priorita(models.IntegerChoices):
        ALTA = 1, _("1 — alta")
        MEDIA = 2, _("2 — media")
        BASSA = 3, _("3 — bassa")

    codice = models.CharField(_("codice"), max_length=40, unique=True)
    cup = models.CharField(_("CUP"), max_length=15, blank=True, validators=[valida_cup])
    titolo = models.CharField(_("titolo"), max_length=Limite.TITOLO_OPERA)
    descrizione = TestoLungo(_("descrizione"), max_length=Limite.DESCRIZIONE, blank=True)
    modalita = models.CharField(_("modalità"), max_length=16, choices=Modalita.choices)
    livello_priorita = models.PositiveSmallIntegerField(_("livello di priorità"), choices=Priorita.choices)
    stato = models.CharField(_("stato"), max_length=20, choices=Stato.choices, default=Stato.PROPOSTA)
    semaforo = models.CharField(_("semaforo"), max_length=6, choices=Semaforo.choices, default=Semaforo.VERDE)
    costo_stimato = models.DecimalField(
        _("costo stimato (€)"), max_digits=15, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    finanziamento_pnrr = models.BooleanField(_("finanziamento PNRR"), default=False)
    commissario_straordinario = models.BooleanField(_("commissario straordinario"), default=False)
    fonte_finanziamento = models.CharField(_("fonte di finanziamento"), max_length=250, blank=True)
    # Indexed by the (regione, livello_priorita) index below: a second index on regione alone
    # would only slow down bulk imports.
    regione = models.ForeignKey(
        Regione, on_delete=models.PROTECT, db_index=False, related_name="opere", verbose_name=_("regione")
    )
    province = models.ManyToManyField(Provincia, blank=True, related_name="opere", verbose_name=_("province"))
    # The edition the work belongs to: its project's (kept in step by save() and the import), or,
    # for a work with no project, the one it was recorded or imported in.
    programma = models.ForeignKey(
        Programma,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opere",
        verbose_name=_("edizione"),
    )
    # Partial indexes (see Meta): imported works have neither (nor an ente), and NULLs need no index entry.
    progetto = models.ForeignKey(
        ProgettoRegionale,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="opere",
        verbose_name=_("progetto"),
    )
    tavolo = models.ForeignKey(
        "tavoli.TavoloConfronto",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="opere_emerse",
        verbose_name=_("tavolo in cui è emersa"),
    )
    data_completamento_prevista = models.DateField(_("completamento previsto"), null=True, blank=True)
    ente = campo_ente("opere", db_index=False)

    objects = OperaPrioritariaQuerySet.as_manager()
    history = HistoricalRecords()

    # Lists, choices and headings show a title this long at most; the work's page shows it whole.
    TITOLO_BREVE = 150

    class Meta:
        ordering = ["regione__codice_istat", "livello_priorita", "codice"]
        verbose_name = _("opera prioritaria")
        verbose_name_plural = _("opere prioritarie")
        constraints = [
            models.CheckConstraint(condition=Q(livello_priorita__gte=1, livello_priorita__lte=3), name="opera_priorita_1_3"),
            models.CheckConstraint(condition=Q(costo_stimato__gte=0) | Q(costo_stimato__isnull=True), name="opera_costo_non_negativo"),
        ]
        indexes = [
            models.Index(fields=["regione", "livello_priorita"]),
            models.Index(fields=["progetto"], condition=Q(progetto__isnull=False), name="opera_progetto_idx"),
            models.Index(fields=["tavolo"], condition=Q(tavolo__isnull=False), name="opera_tavolo_idx"),
            models.Index(fields=["ente"], condition=Q(ente__isnull=False), name="opera_ente_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.codice} — {self.titolo_breve}"

    def save(self, *args, **kwargs) -> None:
        if self.progetto_id:
            self.programma_id = self.progetto.programma_id
        elif self.programma_id is None:
            self.programma = Programma.objects.attivo()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("programma:opera", args=[self.pk])

    @property
    def titolo_breve(self) -> str:
        """The title as lists show it: whole up to TITOLO_BREVE characters, else cut there with "…"."""
        return Truncator(self.titolo).chars(self.TITOLO_BREVE)

    def get_public_url(self) -> str:
        return reverse("opere:opera", args=[self.pk])

    @property
    def url_opencup(self) -> str:
        """The work's page on OpenCUP, the national portal of public investment projects (by its CUP)."""
        return f"https://www.opencup.gov.it/portale/progetto/-/cup/{self.cup}" if self.cup else ""

    def clean(self) -> None:
        self.cup = (self.cup or "").strip().upper()
        if self.progetto_id and self.regione_id and self.progetto.regione_id != self.regione_id:
            raise ValidationError({"progetto": _("Il progetto deve essere della stessa regione dell'opera.")})
        if self.tavolo_id and self.regione_id and self.tavolo.progetto.regione_id != self.regione_id:
            raise ValidationError({"tavolo": _("Il tavolo deve essere della stessa regione dell'opera.")})
        if errori := errori_ente(self.ente if self.ente_id else None, self.regione_id):
            raise ValidationError(errori)


# --- The shared base of regional activities (tavoli, eventi) ---------------------------------
