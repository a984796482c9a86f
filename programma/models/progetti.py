"""Editions, regional projects and their phases, with the pieces every regional record shares."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programma.fields import EtichetteScelte, Limite, TestoLungo
from programma.risultati.models import ProgettoStrategico
from regioni.models import Ente, Regione
from regioni.scoping import ScopedQuerySet


def oggi() -> dt.date:
    return timezone.localdate()


def controlla_date(inizio: dt.date | None, fine: dt.date | None, campo_fine: str) -> None:
    if inizio and fine and fine < inizio:
        raise ValidationError({campo_fine: _("La data di fine non può precedere la data di inizio.")})


def campo_ente(related_name: str, *, db_index: bool = True) -> models.ForeignKey:
    """Who ran or proposed a record: a Camera di commercio or the Unione regionale of its region.

    Optional, for the rows recorded before it existed; the forms offer the region's enti only.
    """
    return models.ForeignKey(
        Ente,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=db_index,
        related_name=related_name,
        verbose_name=_("ente"),
        help_text=_("La Camera di commercio o l'Unione regionale che ha svolto o proposto l'attività."),
    )


def errori_ente(ente: Ente | None, regione_id: int | None) -> dict[str, str]:
    if ente is not None and regione_id and ente.regione_id != regione_id:
        return {"ente": _("L'ente deve essere della regione del progetto.")}
    return {}


class ProgrammaQuerySet(models.QuerySet):
    def attivo(self) -> Programma | None:
        return self.filter(attivo=True).first()

    def aperte(self) -> ProgrammaQuerySet:
        """The editions records are written into: the active one (the others are read-only history)."""
        return self.filter(attivo=True)


class Programma(models.Model):
    """An edition of the programme; exactly one is active at a time."""

    nome = models.CharField(_("nome"), max_length=200, unique=True)
    data_inizio = models.DateField(_("data di inizio"))
    data_fine = models.DateField(_("data di fine"))
    attivo = models.BooleanField(_("edizione attiva"), default=False)

    objects = ProgrammaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-data_inizio"]
        verbose_name = _("edizione del programma")
        verbose_name_plural = _("edizioni del programma")
        constraints = [
            models.UniqueConstraint(fields=["attivo"], condition=Q(attivo=True), name="una_sola_edizione_attiva"),
            models.CheckConstraint(condition=Q(data_fine__gte=models.F("data_inizio")), name="programma_date_in_ordine"),
        ]

    def __str__(self) -> str:
        return self.nome

    def save(self, *args, **kwargs) -> None:
        # Activating an edition retires the previous one in the same transaction.
        with transaction.atomic():
            if self.attivo:
                Programma.objects.filter(attivo=True).exclude(pk=self.pk).update(attivo=False)
            super().save(*args, **kwargs)

    def clean(self) -> None:
        controlla_date(self.data_inizio, self.data_fine, "data_fine")

    @property
    def precedente(self) -> Programma | None:
        """The edition that started before this one, if any."""
        return Programma.objects.filter(data_inizio__lt=self.data_inizio).order_by("-data_inizio").first()


class ProgettoRegionaleQuerySet(ScopedQuerySet):
    # The records a project holds, by their relation's name (tavoli and eventi are apps above this one:
    # their models are reached through the relations, never imported).
    CONTEGGI = {"n_tavoli": "tavoli", "n_eventi": "eventi", "n_report": "report", "n_opere": "opere"}

    def nell_edizione(self, programma: Programma | int) -> ProgettoRegionaleQuerySet:
        return self.filter(programma=programma)

    def con_conteggi(self) -> ProgettoRegionaleQuerySet:
        """Annotate n_tavoli, n_eventi, n_report, n_opere: correlated counts, no join explosion."""
        annotazioni = {}
        for nome, relazione in self.CONTEGGI.items():
            inversa = self.model._meta.get_field(relazione)
            campo = inversa.field.name
            righe = (
                inversa.related_model._base_manager.filter(**{campo: models.OuterRef("pk")})
                .order_by()
                .values(campo)
                .annotate(n=models.Count("pk"))
                .values("n")
            )
            annotazioni[nome] = Coalesce(models.Subquery(righe, output_field=models.IntegerField()), 0)
        return self.annotate(**annotazioni)


class ProgettoRegionale(models.Model):
    programma = models.ForeignKey(Programma, on_delete=models.PROTECT, related_name="progetti", verbose_name=_("edizione"))
    regione = models.ForeignKey(Regione, on_delete=models.PROTECT, related_name="progetti", verbose_name=_("regione"))
    ente_capofila = models.ForeignKey(
        Ente, on_delete=models.PROTECT, related_name="progetti_capofila", verbose_name=_("ente capofila")
    )
    enti_partecipanti = models.ManyToManyField(
        Ente, blank=True, related_name="progetti_partecipati", verbose_name=_("enti partecipanti")
    )
    titolo = models.CharField(_("titolo"), max_length=250)
    descrizione = TestoLungo(_("descrizione"), max_length=Limite.DESCRIZIONE, blank=True)
    budget = models.DecimalField(
        _("budget (€)"), max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )

    objects = ProgettoRegionaleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["programma", "regione__codice_istat"]
        verbose_name = _("progetto regionale")
        verbose_name_plural = _("progetti regionali")
        constraints = [
            models.UniqueConstraint(fields=["programma", "regione"], name="un_progetto_per_regione_ed_edizione"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="progetto_budget_non_negativo"),
        ]

    def __str__(self) -> str:
        return f"{self.titolo} ({self.regione})"

    def save(self, *args, **kwargs) -> None:
        creating = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if creating:
                Fase.objects.bulk_create(Fase.nuove_per(self))

    def get_absolute_url(self) -> str:
        return reverse("programma:progetto", args=[self.pk])

    def clean(self) -> None:
        if self.ente_capofila_id and self.regione_id and self.ente_capofila.regione_id != self.regione_id:
            raise ValidationError({"ente_capofila": _("L'ente capofila deve appartenere alla regione del progetto.")})


class FaseQuerySet(ScopedQuerySet):
    regione_field = "progetto__regione"

    def in_ritardo(self, giorno: dt.date | None = None) -> FaseQuerySet:
        return self.exclude(stato=Fase.Stato.COMPLETATA).filter(data_fine_prevista__lt=giorno or oggi())

    def nell_edizione(self, programma: Programma | int) -> FaseQuerySet:
        return self.filter(progetto__programma=programma)

    def periodi(self) -> dict[tuple[int, int | None], tuple[dt.date | None, dt.date | None]]:
        """When each phase runs, one query: (number, region id) -> (start, end) as `Fase.periodo` says,
        and (number, None) -> the whole country's span (the earliest start, the latest end)."""
        periodi: dict[tuple[int, int | None], tuple[dt.date | None, dt.date | None]] = {}
        campi = ("numero", "stato", "data_inizio_prevista", "data_fine_prevista", "data_inizio_effettiva", "data_fine_effettiva")
        for riga in self.values("progetto__regione_id", *campi):
            fase = Fase(**{campo: riga[campo] for campo in campi})
            inizio, fine = fase.periodo
            periodi[fase.numero, riga["progetto__regione_id"]] = (inizio, fine)
            prima, dopo = periodi.get((fase.numero, None), (None, None))
            periodi[fase.numero, None] = (
                min(d for d in (prima, inizio) if d) if prima or inizio else None,
                max(d for d in (dopo, fine) if d) if dopo or fine else None,
            )
        return periodi

    def in_scadenza(self, giorni: int = 30) -> FaseQuerySet:
        """Not completed and due within `giorni` days (not yet late)."""
        return self.exclude(stato=Fase.Stato.COMPLETATA).filter(
            data_fine_prevista__gte=oggi(), data_fine_prevista__lte=oggi() + dt.timedelta(days=giorni)
        )


class Fase(EtichetteScelte, models.Model):
    class Numero(models.IntegerChoices):
        CONFRONTO = 1, _("Confronto e concertazione")
        PROGETTO_STRATEGICO = 2, _("Progetto territoriale strategico")
        SENSIBILIZZAZIONE = 3, _("Sensibilizzazione PMI su BUL, 5G e digitale")
        ROADSHOW = 4, _("Roadshow camerale")

    class Stato(models.TextChoices):
        DA_AVVIARE = "da_avviare", _("Da avviare")
        IN_CORSO = "in_corso", _("In corso")
        COMPLETATA = "completata", _("Completata")

    progetto = models.ForeignKey(ProgettoRegionale, on_delete=models.CASCADE, related_name="fasi", verbose_name=_("progetto"))
    numero = models.PositiveSmallIntegerField(_("fase"), choices=Numero.choices)
    stato = models.CharField(_("stato"), max_length=12, choices=Stato.choices, default=Stato.DA_AVVIARE)
    data_inizio_prevista = models.DateField(_("inizio previsto"), null=True, blank=True)
    data_fine_prevista = models.DateField(_("fine prevista"), null=True, blank=True)
    data_inizio_effettiva = models.DateField(_("inizio effettivo"), null=True, blank=True)
    data_fine_effettiva = models.DateField(_("fine effettiva"), null=True, blank=True)
    avanzamento = models.PositiveSmallIntegerField(
        _("avanzamento (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = TestoLungo(_("note"), max_length=Limite.NOTE, blank=True)

    objects = FaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["progetto", "numero"]
        verbose_name = _("fase")
        verbose_name_plural = _("fasi")
        constraints = [
            models.UniqueConstraint(fields=["progetto", "numero"], name="una_fase_per_numero"),
            models.CheckConstraint(condition=Q(avanzamento__lte=100), name="fase_avanzamento_max_100"),
            models.CheckConstraint(condition=Q(numero__gte=1, numero__lte=4), name="fase_numero_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.numero}. {self.get_numero_display()}"

    @classmethod
    def nuove_per(cls, progetto: ProgettoRegionale) -> list[Fase]:
        return [cls(progetto=progetto, numero=numero) for numero in cls.Numero.values]

    @property
    def periodo(self) -> tuple[dt.date | None, dt.date | None]:
        """When the phase runs: from its actual start (the planned one until it starts) to its planned
        end (the actual one once completed). Either may be unknown."""
        inizio = self.data_inizio_effettiva or self.data_inizio_prevista
        fine = self.data_fine_effettiva if self.stato == self.Stato.COMPLETATA and self.data_fine_effettiva else self.data_fine_prevista
        return inizio, fine

    @property
    def in_ritardo(self) -> bool:
        return bool(
            self.stato != self.Stato.COMPLETATA and self.data_fine_prevista and self.data_fine_prevista < oggi()
        )

    def avanzamento_suggerito(self) -> tuple[int, int, int] | None:
        """(percent, held, planned): the share of the phase's activities held, among those held or
        still planned (the cancelled ones left out). The phase's activities are its events and, for
        the first phase (confronto), the project's tavoli. None when it has none: nothing to suggest.
        Two counting queries (`AttivitaQuerySet.esiti`); the phase's progress stays the user's to set (`avanzamento`)."""
        gruppi = [self.eventi.esiti()]
        if self.numero == self.Numero.CONFRONTO:
            gruppi.append(self.progetto.tavoli.esiti())
        svolte, totale = sum(g[0] for g in gruppi), sum(g[1] for g in gruppi)
        if not totale:
            return None
        return round(100 * svolte / totale), svolte, totale

    @property
    def etichetta_stato(self) -> str:
        """The state as lists and exports say it: late before anything else."""
        return str(_("In ritardo")) if self.in_ritardo else self.get_stato_display()

    def clean(self) -> None:
        controlla_date(self.data_inizio_prevista, self.data_fine_prevista, "data_fine_prevista")
        controlla_date(self.data_inizio_effettiva, self.data_fine_effettiva, "data_fine_effettiva")
        errori: dict[str, str] = {}
        if self.stato == self.Stato.COMPLETATA:
            # Said, not silently changed: a completed phase is at 100 % and has ended on a date.
            if self.avanzamento != 100:
                errori["avanzamento"] = _("Una fase completata è al 100%: porta l'avanzamento a 100 o lascia la fase in corso.")
            if not self.data_fine_effettiva:
                errori["data_fine_effettiva"] = _("Indica la data di fine effettiva della fase completata.")
            if self.progetto_id:
                errori.update(self._errori_completamento())
        elif self.stato == self.Stato.DA_AVVIARE and self.avanzamento:
            errori["avanzamento"] = _("Una fase da avviare non può avere avanzamento.")
        if self.data_fine_effettiva and self.stato != self.Stato.COMPLETATA:
            errori["data_fine_effettiva"] = _("La fine effettiva si indica solo per una fase completata.")
        if errori:
            raise ValidationError(errori)

    def _errori_completamento(self) -> dict[str, str]:
        """Phase 2 is complete only with an approved strategic project; phase 4 only after 1–3."""
        if self.numero == self.Numero.PROGETTO_STRATEGICO:
            if not ProgettoStrategico.objects.filter(progetto=self.progetto_id).approvati().exists():
                return {"stato": _("La fase 2 non può essere completata finché il progetto strategico non è approvato.")}
        elif self.numero == self.Numero.ROADSHOW:
            aperte = list(
                Fase.objects.filter(progetto=self.progetto_id, numero__lt=self.numero)
                .exclude(stato=self.Stato.COMPLETATA)
                .values_list("numero", flat=True)
            )
            if aperte:
                return {
                    "stato": _("La fase 4 non può essere completata prima delle fasi 1–3 (ancora aperte: %(fasi)s).")
                    % {"fasi": ", ".join(str(n) for n in aperte)}
                }
        return {}
