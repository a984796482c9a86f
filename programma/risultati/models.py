"""The strategic project of phase 2, its recommendations and endorsed works; national documents.

The workflow lives here, on the model: bozza → in revisione → approvato → pubblicato, with a
send-back to bozza. Each transition is a method that checks who may do it and from which state,
raises a ValidationError with an Italian message when refused, and saves one history row with
the reason (who and when come from simple-history).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programma.fields import Limite, TestoLungo
from programma.validators import valida_allegato
from regioni.scoping import Ruolo, ScopedQuerySet, ambito_di

__all__ = [
    "DocumentoNazionale",
    "Indicazione",
    "OperaSostenuta",
    "ProgettoStrategico",
    "Stampa",
    "progetto_strategico_approvato",
]

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


class ProgettoStrategico(models.Model):
    """The "progetto territoriale strategico" of a regional project: what phase 2 delivers."""

    class Stato(models.TextChoices):
        BOZZA = "bozza", _("Bozza")
        IN_REVISIONE = "in_revisione", _("In revisione")
        APPROVATO = "approvato", _("Approvato")
        PUBBLICATO = "pubblicato", _("Pubblicato")

    APPROVATI = (Stato.APPROVATO, Stato.PUBBLICATO)

    progetto = models.OneToOneField(
        "programma.ProgettoRegionale", on_delete=models.CASCADE, related_name="strategico", verbose_name=_("progetto")
    )
    titolo = models.CharField(_("titolo"), max_length=300)
    contesto = TestoLungo(_("contesto e analisi territoriale"), max_length=Limite.CONTESTO, blank=True)
    obiettivi = TestoLungo(_("obiettivi"), max_length=Limite.OBIETTIVI, blank=True)
    stato = models.CharField(_("stato"), max_length=14, choices=Stato.choices, default=Stato.BOZZA)
    commento = TestoLungo(
        _("commento del coordinamento"),
        max_length=Limite.COMMENTO,
        blank=True,
        help_text=_("Il motivo di un rinvio in bozza, o una nota all'approvazione."),
    )
    approvato_il = models.DateTimeField(_("approvato il"), null=True, blank=True)
    approvato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approvato da"),
    )
    pubblicato_il = models.DateTimeField(_("pubblicato il"), null=True, blank=True)
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

    @property
    def modificabile(self) -> bool:
        """Content changes only while a draft: what was reviewed is what gets approved."""
        return self.stato == self.Stato.BOZZA

    @property
    def approvato(self) -> bool:
        return self.stato in self.APPROVATI

    # --- the workflow: who may do what, from which state ------------------------------------

    def puo(self, user: Any, azione: str) -> bool:
        """Whether `user` may perform `azione` now (role and state), for buttons and views alike."""
        try:
            self.verifica(user, azione)
        except (PermissionDenied, ValidationError):
            return False
        return True

    def verifica(self, user: Any, azione: str) -> None:
        ambito = ambito_di(user)
        regione_id = self.progetto.regione_id
        if azione in ("modifica", "invia", "pubblica"):
            # The region's Operatore (or an admin) drafts, submits and publishes.
            if not ambito.puo_modificare(regione_id):
                raise PermissionDenied
        elif azione in ("approva", "rimanda"):
            if not ambito.ha_ruolo(Ruolo.NAZIONALI):
                raise PermissionDenied
        else:
            raise ValueError(azione)
        richiesto = {
            "modifica": self.Stato.BOZZA,
            "invia": self.Stato.BOZZA,
            "approva": self.Stato.IN_REVISIONE,
            "rimanda": self.Stato.IN_REVISIONE,
            "pubblica": self.Stato.APPROVATO,
        }[azione]
        if self.stato != richiesto:
            messaggi = {
                "modifica": _("Il progetto strategico si modifica solo in bozza; ora è «%(stato)s»."),
                "invia": _("Si invia in revisione solo una bozza; ora il progetto è «%(stato)s»."),
                "approva": _("Si approva solo un progetto in revisione; ora è «%(stato)s»."),
                "rimanda": _("Si rimanda in bozza solo un progetto in revisione; ora è «%(stato)s»."),
                "pubblica": _("Si pubblica solo un progetto approvato; ora è «%(stato)s»."),
            }
            raise ValidationError(messaggi[azione] % {"stato": self.get_stato_display()}, code="stato")

    def _salva_passaggio(self, motivo: str) -> None:
        with transaction.atomic():
            self._change_reason = motivo
            self.save()
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

    def invia(self, user: Any) -> None:
        """The Operatore submits the draft for review: it must say what it proposes."""
        self.verifica(user, "invia")
        mancanti = [str(self._meta.get_field(c).verbose_name) for c in ("contesto", "obiettivi") if not getattr(self, c).strip()]
        if mancanti:
            raise ValidationError(
                _("Prima di inviarlo in revisione compila: %(campi)s.") % {"campi": ", ".join(mancanti)}, code="incompleto"
            )
        if not self.indicazioni.exists():
            raise ValidationError(
                _("Prima di inviarlo in revisione aggiungi almeno un'indicazione."), code="senza_indicazioni"
            )
        self.stato = self.Stato.IN_REVISIONE
        self._salva_passaggio("Inviato in revisione")

    def rimanda(self, user: Any, commento: str) -> None:
        """A Coordinatore sends it back to the region, saying why."""
        self.verifica(user, "rimanda")
        if not commento.strip():
            raise ValidationError(_("Scrivi nel commento che cosa va rivisto."), code="commento")
        self.stato = self.Stato.BOZZA
        self.commento = commento.strip()
        self._salva_passaggio("Rimandato in bozza")

    def approva(self, user: Any, commento: str = "") -> None:
        self.verifica(user, "approva")
        self.stato = self.Stato.APPROVATO
        self.commento = commento.strip()
        self.approvato_il = timezone.now()
        self.approvato_da = user
        with transaction.atomic():
            self._salva_passaggio("Approvato")
            # After commit: the snapshot of counters is the counters app's business, and a
            # failure there must not undo the approval.
            transaction.on_commit(lambda: progetto_strategico_approvato.send(sender=type(self), istanza=self))
            # Then the approved book is printed, with those counters in it (in the background).
            transaction.on_commit(self._stampa_approvata)

    def pubblica(self, user: Any) -> None:
        """Publishing is its own explicit act, by the region, after approval."""
        self.verifica(user, "pubblica")
        self.stato = self.Stato.PUBBLICATO
        self.pubblicato_il = timezone.now()
        with transaction.atomic():
            self._salva_passaggio("Pubblicato")
            transaction.on_commit(self._stampa_pubblicata)

    def _stampa_approvata(self) -> None:
        from programma.risultati import pubblicazioni

        pubblicazioni.dopo_approvazione(self)

    def _stampa_pubblicata(self) -> None:
        from programma.risultati import pubblicazioni

        pubblicazioni.dopo_pubblicazione(self)

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


class DocumentoNazionaleQuerySet(ScopedQuerySet):
    """Edition-level documents: no region, visible to every role, written by the national roles."""

    regione_field = ""
    ruoli_redattori = Ruolo.NAZIONALI

    def for_user(self, user: Any) -> DocumentoNazionaleQuerySet:
        return self.all() if ambito_di(user).ruolo else self.none()

    def nella_regione(self, regione: Any) -> DocumentoNazionaleQuerySet:
        return self.all()

    def pubblicati(self) -> DocumentoNazionaleQuerySet:
        return self.filter(pubblicato=True)


class DocumentoNazionale(models.Model):
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
    pubblicato = models.BooleanField(_("pubblicato"), default=False)

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
    file = models.FileField(_("file"), upload_to=_percorso_stampa, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    dimensione = models.PositiveBigIntegerField(_("dimensione (byte)"), null=True, blank=True)
    # The full list of works and tavoli, when the book prints only the first ones (a spreadsheet).
    allegato = models.FileField(_("allegato"), upload_to=_percorso_stampa, blank=True)
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
