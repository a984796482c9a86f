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
from django.db.models import Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programma.activities.workflow import Chi, Commento, DocumentiQuerySet, DocumentoPubblicabile, Flusso, Passaggio, Pubblicabile, rinvio
from programma.fields import Limite, TestoLungo
from programma.validators import valida_allegato
from regioni.scoping import Ruolo, ScopedQuerySet, SenzaRegioneQuerySet

# Sent (on commit) when a Coordinatore approves a strategic project: the counters app, a layer
# above, stores the region's counters as of that moment on the project (`contatori_approvazione`).
# A signal keeps the direction of the layers: programma never imports contatori.
progetto_strategico_approvato = Signal()


class ProgettoStrategicoQuerySet(ScopedQuerySet):
    regione_field = "progetto__regione"

    def pubblicati(self) -> ProgettoStrategicoQuerySet:
        """Published with their Libro Bianco ready to download: what the public section lists and the
        counters count. (A project just published is in the state, not yet here, while its book is printed.)"""
        stampa_pronta = Stampa.objects.filter(strategico=models.OuterRef("pk"), scopo=Stampa.Scopo.PUBBLICAZIONE, stato=Stampa.Stato.PRONTA)
        return self.filter(models.Exists(stampa_pronta), stato=ProgettoStrategico.Stato.PUBBLICATO)

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
            avvisa=(Chi.COORDINAMENTO,),
        ),
        rinvio(
            StatoStrategico.IN_REVISIONE,
            StatoStrategico.BOZZA,
            conferma=_("Il progetto torna alla regione con il tuo commento, che è obbligatorio."),
            fatto=_("Progetto strategico rimandato in bozza alla regione."),
            fuori_stato=_("Si rimanda in bozza solo un progetto in revisione; ora è «%(stato)s»."),
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
            # The region learns it is approved; the Coordinatori, that it is theirs to publish.
            avvisa=(Chi.REDAZIONE, Chi.COORDINAMENTO),
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
            avvisa=(Chi.REDAZIONE,),
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
    contesto = TestoLungo(_("contesto e analisi territoriale"), max_length=Limite.CONTESTO, blank=True)
    obiettivi = TestoLungo(_("obiettivi"), max_length=Limite.OBIETTIVI, blank=True)
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

    # --- the steps (the table above says who, from which state, with which texts) -------------

    def invia(self, user: Any, commento: str = "") -> None:
        """The region proposes the draft (see `richiedi_contenuti`); the send-back's comment goes, the history keeps it."""
        self.commento = ""
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
            # Then the approved book is printed, with those counters in it (in the background).
            transaction.on_commit(self._stampa_approvata)

    def pubblica(self, user: Any, commento: str = "") -> None:
        """A Coordinatore publishes the approved project: publishing is a national act. The published
        book is printed in the background, and the national volume again with it."""
        with transaction.atomic():
            self.esegui(user, "pubblica", commento)
            transaction.on_commit(self._stampa_pubblicata)

    def _stampa_approvata(self) -> None:
        from programma.risultati import pubblicazioni

        pubblicazioni.dopo_approvazione(self)

    def _stampa_pubblicata(self) -> None:
        from programma.risultati import pubblicazioni

        pubblicazioni.dopo_pubblicazione(self)

    def dopo_passaggio(self) -> None:
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
    testo = TestoLungo(_("indicazione"), max_length=Limite.INDICAZIONE)
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


class DocumentoNazionaleQuerySet(DocumentiQuerySet, SenzaRegioneQuerySet):
    """Edition-level documents: no region, visible to every role, written by the national roles."""

    ruoli_redattori = Ruolo.NAZIONALI


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
    abstract = TestoLungo(_("abstract"), max_length=Limite.ABSTRACT, blank=True)
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


class StampaQuerySet(ScopedQuerySet):
    """Prints of a regional book are their region's; the national volume's are read on the public side."""

    regione_field = "strategico__progetto__regione"

    def pronte(self) -> StampaQuerySet:
        return self.filter(stato=Stampa.Stato.PRONTA)

    def pubblicate(self) -> StampaQuerySet:
        """What the public section serves: the ready prints made for publication."""
        return self.pronte().filter(scopo=Stampa.Scopo.PUBBLICAZIONE)


def _percorso_stampa(stampa: Stampa, nome: str) -> str:
    return f"stampe/{stampa.programma_id}/{nome}"


class Stampa(models.Model):
    """One print of a book (a regional Libro Bianco or the national volume): a PDF/A typeset in the
    background for one version of its content, stored once with its SHA-256.

    A print made for approval or publication is numbered (`versione`, per book and purpose) and its
    file never changes: a new version is a new print, and the old one stays reachable. A staff
    preview of a draft is kept per version of the draft (`origine`). The public section serves
    only ready prints made for publication (programma/risultati/pubblicazioni.py makes them).
    """

    class Genere(models.TextChoices):
        LIBRO_BIANCO = "libro_bianco", _("Libro Bianco regionale")
        VOLUME_NAZIONALE = "volume_nazionale", _("Volume nazionale")

    class Scopo(models.TextChoices):
        ANTEPRIMA = "anteprima", _("Anteprima di lavoro")
        APPROVAZIONE = "approvazione", _("Versione approvata")
        PUBBLICAZIONE = "pubblicazione", _("Versione pubblicata")

    class Stato(models.TextChoices):
        IN_CODA = "in_coda", _("In coda")
        IN_CORSO = "in_corso", _("In preparazione")
        PRONTA = "pronta", _("Pronta")
        FALLITA = "fallita", _("Non riuscita")

    IN_PREPARAZIONE = (Stato.IN_CODA, Stato.IN_CORSO)

    genere = models.CharField(_("documento"), max_length=16, choices=Genere.choices)
    scopo = models.CharField(_("scopo"), max_length=14, choices=Scopo.choices)
    stato = models.CharField(_("stato"), max_length=8, choices=Stato.choices, default=Stato.IN_CODA)
    programma = models.ForeignKey(
        "programma.Programma", on_delete=models.CASCADE, related_name="stampe", verbose_name=_("edizione")
    )
    strategico = models.ForeignKey(
        ProgettoStrategico, on_delete=models.CASCADE, null=True, blank=True, related_name="stampe", verbose_name=_("progetto strategico")
    )
    # The version of the content printed: the strategic project's history id, or for the national
    # volume a digest of the books in it. The same content is printed once for each purpose.
    origine = models.CharField(_("versione del contenuto"), max_length=64)
    versione = models.PositiveIntegerField(_("versione"), null=True, blank=True)
    # Room for the longest name (a bilingual region, the edition, the version, the annex's suffix).
    file = models.FileField(_("file"), upload_to=_percorso_stampa, max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    dimensione = models.PositiveBigIntegerField(_("dimensione (byte)"), null=True, blank=True)
    # The full list of works and tavoli, when the book prints only the first ones (a spreadsheet).
    allegato = models.FileField(_("allegato"), upload_to=_percorso_stampa, max_length=255, blank=True)
    allegato_sha256 = models.CharField(_("SHA-256 dell'allegato"), max_length=64, blank=True)
    messaggio = TestoLungo(_("messaggio"), max_length=Limite.MESSAGGIO, blank=True)
    richiesta_il = models.DateTimeField(_("richiesta il"), default=timezone.now)
    iniziata_il = models.DateTimeField(_("iniziata il"), null=True, blank=True)
    completata_il = models.DateTimeField(_("completata il"), null=True, blank=True)
    secondi = models.FloatField(_("durata (s)"), null=True, blank=True)

    objects = StampaQuerySet.as_manager()

    class Meta:
        ordering = ["-richiesta_il", "-pk"]
        verbose_name = _("stampa di un Libro Bianco")
        verbose_name_plural = _("stampe dei Libri Bianchi")
        constraints = [
            models.UniqueConstraint(
                fields=["strategico", "scopo", "origine"], condition=Q(strategico__isnull=False), name="stampa_una_per_versione"
            ),
            models.UniqueConstraint(
                fields=["programma", "scopo", "origine"], condition=Q(strategico__isnull=True), name="stampa_nazionale_una_per_versione"
            ),
            models.UniqueConstraint(
                fields=["strategico", "scopo", "versione"], condition=Q(strategico__isnull=False), name="stampa_numero_unico"
            ),
            models.UniqueConstraint(
                fields=["programma", "scopo", "versione"], condition=Q(strategico__isnull=True), name="stampa_nazionale_numero_unico"
            ),
            models.CheckConstraint(
                condition=Q(genere="libro_bianco", strategico__isnull=False) | Q(genere="volume_nazionale", strategico__isnull=True),
                name="stampa_genere_coerente",
            ),
        ]
        indexes = [models.Index(fields=["strategico", "scopo", "stato"]), models.Index(fields=["programma", "genere", "scopo", "stato"])]

    def __str__(self) -> str:
        documento = self.strategico or self.get_genere_display()
        return f"{documento} · {self.get_scopo_display()} {self.versione or ''}".strip()

    @property
    def pubblicazione(self) -> bool:
        return self.scopo == self.Scopo.PUBBLICAZIONE

    @property
    def in_preparazione(self) -> bool:
        return self.stato in self.IN_PREPARAZIONE

    @property
    def generato_il(self) -> Any:
        return self.iniziata_il or self.richiesta_il
