from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programma.activities.workflow import DocumentiQuerySet, DocumentoPubblicabile
from programma.fields import Limite, TestoLungo
from programma.validators import valida_allegato, valida_cup
from regioni.models import Ente, Provincia, Regione
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

    def clean(self) -> None:
        controlla_date(self.data_inizio, self.data_fine, "data_fine")

    def save(self, *args, **kwargs) -> None:
        # Activating an edition retires the previous one in the same transaction.
        with transaction.atomic():
            if self.attivo:
                Programma.objects.filter(attivo=True).exclude(pk=self.pk).update(attivo=False)
            super().save(*args, **kwargs)


class ProgettoRegionaleQuerySet(ScopedQuerySet):
    regione_field = "regione"

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

    def get_absolute_url(self) -> str:
        return reverse("programma:progetto", args=[self.pk])

    def clean(self) -> None:
        if self.ente_capofila_id and self.regione_id and self.ente_capofila.regione_id != self.regione_id:
            raise ValidationError({"ente_capofila": _("L'ente capofila deve appartenere alla regione del progetto.")})

    def save(self, *args, **kwargs) -> None:
        creating = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if creating:
                Fase.objects.bulk_create(Fase.nuove_per(self))


class FaseQuerySet(ScopedQuerySet):
    regione_field = "progetto__regione"

    def in_ritardo(self, giorno: dt.date | None = None) -> FaseQuerySet:
        return self.exclude(stato=Fase.Stato.COMPLETATA).filter(data_fine_prevista__lt=giorno or oggi())

    def nell_edizione(self, programma: Programma | int) -> FaseQuerySet:
        return self.filter(progetto__programma=programma)

    def in_scadenza(self, giorni: int = 30) -> FaseQuerySet:
        """Not completed and due within `giorni` days (not yet late)."""
        return self.exclude(stato=Fase.Stato.COMPLETATA).filter(
            data_fine_prevista__gte=oggi(), data_fine_prevista__lte=oggi() + dt.timedelta(days=giorni)
        )


class Fase(models.Model):
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
    def in_ritardo(self) -> bool:
        return bool(
            self.stato != self.Stato.COMPLETATA and self.data_fine_prevista and self.data_fine_prevista < oggi()
        )

    def avanzamento_suggerito(self) -> tuple[int, int, int] | None:
        """(percent, held, planned): the share of the phase's activities held, among those held or
        still planned (the cancelled ones left out). The phase's activities are its events and, for
        the first phase (confronto), the project's tavoli. None when it has none: nothing to suggest.
        Two counting queries; the phase's progress stays the user's to set (`avanzamento`)."""
        conta = {"svolte": models.Count("pk", filter=Q(stato=StatoAttivita.SVOLTO)), "totale": models.Count("pk", filter=~Q(stato=StatoAttivita.ANNULLATO))}
        gruppi = [self.eventi.aggregate(**conta)]
        if self.numero == self.Numero.CONFRONTO:
            gruppi.append(self.progetto.tavoli.aggregate(**conta))
        svolte, totale = sum(g["svolte"] for g in gruppi), sum(g["totale"] for g in gruppi)
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
    regione_field = "regione"
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


class OperaPrioritaria(models.Model):
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

    # Lists, choices and headings show a title this long at most; the work's page shows it whole.
    TITOLO_BREVE = 150

    def __str__(self) -> str:
        return f"{self.codice} — {self.titolo_breve}"

    @property
    def titolo_breve(self) -> str:
        """The title as lists show it: whole up to TITOLO_BREVE characters, else cut there with "…"."""
        return Truncator(self.titolo).chars(self.TITOLO_BREVE)

    def get_absolute_url(self) -> str:
        return reverse("programma:opera", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("opere:opera", args=[self.pk])

    @property
    def url_opencup(self) -> str:
        """The work's page on OpenCUP, the national portal of public investment projects (by its CUP)."""
        return f"https://www.opencup.gov.it/portale/progetto/-/cup/{self.cup}" if self.cup else ""

    def save(self, *args, **kwargs) -> None:
        if self.progetto_id:
            self.programma_id = self.progetto.programma_id
        elif self.programma_id is None:
            self.programma = Programma.objects.attivo()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.cup = (self.cup or "").strip().upper()
        if self.progetto_id and self.regione_id and self.progetto.regione_id != self.regione_id:
            raise ValidationError({"progetto": _("Il progetto deve essere della stessa regione dell'opera.")})
        if self.tavolo_id and self.regione_id and self.tavolo.progetto.regione_id != self.regione_id:
            raise ValidationError({"tavolo": _("Il tavolo deve essere della stessa regione dell'opera.")})
        if errori := errori_ente(self.ente if self.ente_id else None, self.regione_id):
            raise ValidationError(errori)


# --- The shared base of regional activities (tavoli, eventi) ---------------------------------


class StatoAttivita(models.TextChoices):
    PIANIFICATO = "pianificato", _("Pianificato")
    SVOLTO = "svolto", _("Svolto")
    ANNULLATO = "annullato", _("Annullato")


class AttivitaQuerySet(ScopedQuerySet):
    """Activities reach their region through their project."""

    regione_field = "progetto__regione"
    ente_field = "ente"

    def svolti(self) -> AttivitaQuerySet:
        """Held activities: the only ones the counters count."""
        return self.filter(stato=StatoAttivita.SVOLTO)

    def senza_esito(self) -> AttivitaQuerySet:
        """Still planned although their date has passed: held, cancelled, or to be moved?"""
        return self.filter(stato=StatoAttivita.PIANIFICATO, data__lt=oggi())

    def nell_edizione(self, programma: Programma | int) -> AttivitaQuerySet:
        return self.filter(progetto__programma=programma)


class AttivitaRegionale(models.Model):
    """What every activity of a regional project has: project, title, date, place, state.

    Related names follow the app (`progetto.tavoli`, `provincia.eventi`).
    """

    progetto = models.ForeignKey(
        ProgettoRegionale, on_delete=models.CASCADE, related_name="%(app_label)s", verbose_name=_("progetto")
    )
    titolo = models.CharField(_("titolo"), max_length=300)
    data = models.DateField(_("data"))
    luogo = models.CharField(_("luogo"), max_length=200, blank=True)
    provincia = models.ForeignKey(
        Provincia, on_delete=models.PROTECT, null=True, blank=True, related_name="%(app_label)s", verbose_name=_("provincia")
    )
    stato = models.CharField(_("stato"), max_length=12, choices=StatoAttivita.choices, default=StatoAttivita.PIANIFICATO)
    ente = campo_ente("%(app_label)s")

    class Meta:
        abstract = True
        ordering = ["-data", "titolo"]

    def __str__(self) -> str:
        return self.titolo

    def errori_comuni(self) -> dict[str, str]:
        """Rules every activity has (a subclass adds its own): the province in the project's region,
        and nothing "held" in the future."""
        errori = errori_ente(self.ente if self.ente_id else None, self.progetto.regione_id if self.progetto_id else None)
        if self.provincia_id and self.progetto_id and self.provincia.regione_id != self.progetto.regione_id:
            errori["provincia"] = _("La provincia deve essere nella regione del progetto.")
        if self.stato == StatoAttivita.SVOLTO and self.data and self.data > oggi():
            errori["stato"] = _("Un'attività con una data futura non può essere già svolta: lasciala pianificata.")
        return errori

    @staticmethod
    def stato_per_data(data: dt.date) -> str:
        """The state a new activity takes when the user does not choose one: held if it is past."""
        return StatoAttivita.SVOLTO if data <= oggi() else StatoAttivita.PIANIFICATO

    @property
    def dove(self) -> str:
        """Where, as lists and exports write it: "Sala consiliare · MI"."""
        return " · ".join(filter(None, [self.luogo, self.provincia.sigla if self.provincia_id else ""]))

    @property
    def avviso_conteggio(self) -> str:
        """Said after saving a planned activity: the counters count held ones only."""
        if self.stato == StatoAttivita.PIANIFICATO:
            return _("«%(titolo)s» è pianificato: non è contato nei contatori finché non lo segni come svolto.") % {
                "titolo": self.titolo
            }
        return ""


class ReportQuerySet(DocumentiQuerySet, ScopedQuerySet):
    regione_field = "progetto__regione"
    ente_field = "ente"

    def nell_edizione(self, programma: Programma | int) -> ReportQuerySet:
        return self.filter(progetto__programma=programma)


class Report(DocumentoPubblicabile):
    """A document of a regional project: written and proposed by the region, published by a Coordinatore."""

    url_passaggi = "programma:report"

    class Tipo(models.TextChoices):
        REPORT_ANALISI = "report_analisi", _("Report di analisi")
        LIBRO_BIANCO = "libro_bianco", _("Libro bianco")
        PRESENTAZIONE = "presentazione", _("Presentazione")
        ALTRO = "altro", _("Altro")

    progetto = models.ForeignKey(ProgettoRegionale, on_delete=models.CASCADE, related_name="report", verbose_name=_("progetto"))
    fase = models.ForeignKey(Fase, on_delete=models.SET_NULL, null=True, blank=True, related_name="report", verbose_name=_("fase"))
    tipo = models.CharField(_("tipo"), max_length=16, choices=Tipo.choices)
    titolo = models.CharField(_("titolo"), max_length=300)
    data = models.DateField(_("data"))
    file = models.FileField(_("file"), upload_to="report/%Y/%m/", blank=True, validators=[valida_allegato])
    abstract = TestoLungo(_("abstract"), max_length=Limite.ABSTRACT, blank=True)
    ente = campo_ente("report")

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-data", "titolo"]
        verbose_name = _("report")
        verbose_name_plural = _("report")

    def __str__(self) -> str:
        return self.titolo

    def get_absolute_url(self) -> str:
        return reverse("programma:report", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("documenti:report", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.fase_id and self.progetto_id and self.fase.progetto_id != self.progetto_id:
            raise ValidationError({"fase": _("La fase deve appartenere al progetto del report.")})
        if errori := errori_ente(self.ente if self.ente_id else None, self.progetto.regione_id if self.progetto_id else None):
            raise ValidationError(errori)

from programma.activities.models import *  # noqa: E402,F401,F403 - the forms' pending uploads
from programma.importazione.models import *  # noqa: E402,F401,F403 - import history lives in its own module
from programma.risultati.models import *  # noqa: E402,F401,F403 - the programme's results live in their own module
