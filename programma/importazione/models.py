"""Import history: who imported which file, what it did, and what is needed to undo it.

Imports write in bulk, which bypasses django-simple-history: this table is the audit
trail of bulk changes to works (one row per import, plus the previous values it replaced).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from programma.fields import Limite, TestoLungo
from programma.numbers import data_breve, numero_italiano
from regioni.scoping import Ruolo, SenzaRegioneQuerySet

# Seconds an import may run: the hard time limit of its Celery task (tasks.py). An import still
# "in coda" or "in corso" with no sign of life for longer than this has lost its process.
DURATA_MASSIMA = 1900


def nota_non_elencate(righe: int) -> str:
    """The line that closes a capped list of errors."""
    if not righe:
        return ""
    return ngettext(
        "…e un'altra riga con errori, non elencata.",
        "…e altre %(n)s righe con errori, non elencate.",
        righe,
    ) % {"n": numero_italiano(righe)}


class ImportazioneQuerySet(SenzaRegioneQuerySet):
    """Imports belong to no region: administrators see and write them all, nobody else any."""

    ruoli_lettori = ruoli_redattori = Ruolo.AMMINISTRATORI

    def scadute(self, *, ore: int | None = None) -> ImportazioneQuerySet:
        """Waiting for the user (columns to match, a preview to confirm) for longer than IMPORT_ANTEPRIMA_ORE."""
        ore = settings.IMPORT_ANTEPRIMA_ORE if ore is None else ore
        return self.filter(stato__in=Importazione.IN_ATTESA, conferma=False, creata_il__lt=timezone.now() - timedelta(hours=ore))

    def chiudi_interrotte(self) -> int:
        """Close the imports whose process died (a killed worker, a restarted server): they end
        "non riuscita", and an undo in the background stops showing progress. Nothing of theirs was
        written: an import and an undo are each one transaction."""
        adesso = timezone.now()
        limite = adesso - timedelta(seconds=DURATA_MASSIMA)
        senza_segnali = Q(ultimo_segnale__lt=limite) | Q(ultimo_segnale__isnull=True, creata_il__lt=limite)
        chiuse = self.filter(senza_segnali, stato__in=Importazione.IN_ESECUZIONE).update(
            stato=Importazione.Stato.FALLITA, fase="", completata_il=adesso, messaggio=Importazione.messaggio_interrotta()
        )
        self.filter(senza_segnali, fase="annullamento").update(
            fase="",
            messaggio=gettext(
                "Annullamento interrotto (il processo che lo eseguiva si è fermato): nessuna opera è stata modificata. Riprovare."
            ),
        )
        return chiuse


class Importazione(models.Model):
    class Stato(models.TextChoices):
        MAPPATURA = "mappatura", _("Colonne da abbinare")
        IN_CODA = "in_coda", _("In coda")
        IN_CORSO = "in_corso", _("In corso")
        ANTEPRIMA = "anteprima", _("Anteprima pronta, da confermare")
        RIFIUTATA = "rifiutata", _("Rifiutata: il file contiene errori")
        COMPLETATA = "completata", _("Completata")
        FALLITA = "fallita", _("Non riuscita")
        ANNULLATA = "annullata", _("Annullata")

    TERMINALI = {Stato.MAPPATURA, Stato.ANTEPRIMA, Stato.RIFIUTATA, Stato.COMPLETATA, Stato.FALLITA, Stato.ANNULLATA}
    IN_ESECUZIONE = (Stato.IN_CODA, Stato.IN_CORSO)
    # Waiting for the user (columns to match, a preview to confirm): never confirmed, they expire.
    IN_ATTESA = (Stato.MAPPATURA, Stato.ANTEPRIMA)

    utente = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("utente")
    )
    creata_il = models.DateTimeField(_("caricata il"), auto_now_add=True)
    nome_file = models.CharField(_("file"), max_length=255)
    file = models.FileField(_("file caricato"), upload_to="importazioni/%Y/%m/", blank=True)
    origine = models.CharField(_("origine"), max_length=20, default="admin")
    # How the file's columns read as ours (programma.importazione.mappatura.Mappatura.come_dict);
    # empty: the file is in our format.
    mappatura = models.JSONField(_("abbinamento delle colonne"), default=dict, blank=True)
    # False while the file is only being checked for the preview; True once confirmed.
    conferma = models.BooleanField(_("confermata"), default=False)
    stato = models.CharField(_("stato"), max_length=12, choices=Stato.choices, default=Stato.IN_CODA)
    fase = models.CharField(_("fase"), max_length=40, blank=True)
    righe_totali = models.PositiveIntegerField(_("righe stimate"), default=0)
    righe_elaborate = models.PositiveIntegerField(_("righe elaborate"), default=0)
    righe_create = models.PositiveIntegerField(_("opere create"), default=0)
    righe_aggiornate = models.PositiveIntegerField(_("opere aggiornate"), default=0)
    righe_invariate = models.PositiveIntegerField(_("opere invariate"), default=0)
    righe_errate = models.PositiveIntegerField(_("righe con errori"), default=0)
    # The errors are rows of ErroreImportazione (at most IMPORT_MAX_ERRORS); bad rows beyond them are counted here.
    righe_non_elencate = models.PositiveIntegerField(_("righe con errori non elencate"), default=0)
    avvisi = models.JSONField(_("avvisi"), default=list, blank=True)
    # Per-row outcome for the preview, capped (see services.ANTEPRIMA_MAX_RIGHE).
    anteprima = models.JSONField(_("anteprima"), default=list, blank=True)
    messaggio = TestoLungo(_("messaggio"), max_length=Limite.MESSAGGIO, blank=True)
    # Undo: the ids of the works this import created as [first, last] runs (one run for a bulk load,
    # which takes consecutive ids: a few bytes instead of 200,000 numbers); previous values are in
    # ValorePrecedente.
    opere_create = models.JSONField(_("opere create (intervalli di id)"), default=list, blank=True)
    iniziata_il = models.DateTimeField(_("iniziata il"), null=True, blank=True)
    completata_il = models.DateTimeField(_("completata il"), null=True, blank=True)
    durata_secondi = models.FloatField(_("durata (s)"), null=True, blank=True)
    # Refreshed when the import is queued, starts and reports progress: see chiudi_interrotte.
    ultimo_segnale = models.DateTimeField(_("ultimo segno di attività"), null=True, blank=True)
    annullata_il = models.DateTimeField(_("annullata il"), null=True, blank=True)
    annullata_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("annullata da")
    )

    objects = ImportazioneQuerySet.as_manager()

    # Columns that only the result and preview pages need: list pages defer them.
    COLONNE_GRANDI = ("anteprima", "opere_create", "avvisi")

    class Meta:
        app_label = "programma"
        ordering = ["-creata_il", "-pk"]
        verbose_name = _("importazione di opere")
        verbose_name_plural = _("importazioni di opere")

    def __str__(self) -> str:
        return f"{self.nome_file} ({data_breve(self.creata_il)})" if self.creata_il else self.nome_file

    def get_absolute_url(self) -> str:
        return reverse("importazione:dettaglio", args=[self.pk])

    @property
    def terminata(self) -> bool:
        return self.stato in self.TERMINALI

    @staticmethod
    def messaggio_interrotta() -> str:
        return gettext(
            "Importazione interrotta: il processo che la eseguiva si è fermato (per esempio per un riavvio o per "
            "mancanza di memoria) e non ha dato segni di attività per %(minuti)d minuti. Nessuna opera è stata "
            "scritta: caricare di nuovo il file."
        ) % {"minuti": DURATA_MASSIMA // 60}

    def chiudi_se_interrotta(self) -> None:
        """`chiudi_interrotte` for one import a page is about to show (no query while it is alive)."""
        if self.stato in self.IN_ESECUZIONE or self.fase == "annullamento":
            segnale = self.ultimo_segnale or self.creata_il
            if segnale and segnale < timezone.now() - timedelta(seconds=DURATA_MASSIMA):
                Importazione.objects.filter(pk=self.pk).chiudi_interrotte()
                self.refresh_from_db()

    @property
    def ha_scritto(self) -> bool:
        """Completed (or completed, then undone): its counts are works written, not a preview's."""
        return self.stato in (self.Stato.COMPLETATA, self.Stato.ANNULLATA)

    @property
    def nota_errori(self) -> str:
        return nota_non_elencate(self.righe_non_elencate)

    @property
    def percentuale(self) -> int:
        if self.terminata:
            return 100
        # Reading and checking is most of the work; the write is the last stretch.
        if self.fase == "scrittura":
            return 95
        if not self.righe_totali:
            return 0
        return min(90, self.righe_elaborate * 90 // self.righe_totali)

    @staticmethod
    def intervalli(ids: Iterable[int]) -> list[list[int]]:
        """Ids as [first, last] runs of consecutive ids: [1, 2, 3, 7] -> [[1, 3], [7, 7]]."""
        intervalli: list[list[int]] = []
        for pk in sorted(ids):
            if intervalli and pk == intervalli[-1][1] + 1:
                intervalli[-1][1] = pk
            else:
                intervalli.append([pk, pk])
        return intervalli

    @property
    def ids_creati(self) -> Iterator[int]:
        """The ids of the works this import created."""
        for primo, ultimo in self.opere_create:
            yield from range(primo, ultimo + 1)

    def filtro_create(self, campo: str = "pk") -> Q:
        """The works this import created, as a filter on `campo` (one range per run of ids)."""
        filtro = Q(**{f"{campo}__in": []})
        for primo, ultimo in self.opere_create:
            filtro |= Q(**{f"{campo}__range": (primo, ultimo)})
        return filtro

    @property
    def motivo_non_annullabile(self) -> str:
        """Why this import cannot be undone, "" when it can. Only the latest completed import (later
        ones may have changed the same works), and only while every work it created or changed is in
        the active edition: a closed edition is read-only, on every path."""
        if self.stato != self.Stato.COMPLETATA or Importazione.objects.filter(stato=self.Stato.COMPLETATA, pk__gt=self.pk).exists():
            return gettext("Si può annullare solo l'ultima importazione completata.")
        from programma.models.opere import OperaPrioritaria

        toccate = OperaPrioritaria.objects.filter(self.filtro_create() | Q(pk__in=self.valori_precedenti.values("opera_id")))
        # A work's edition is its project's, or its own when it has no project (`nell_edizione`).
        chiuse = Q(progetto__programma__attivo=False) | Q(progetto__isnull=True, programma__attivo=False)
        if toccate.filter(chiuse).exists():
            return gettext(
                "Questa importazione ha scritto opere di un'edizione ora chiusa del programma: le edizioni passate "
                "sono in sola lettura, e l'importazione non si può più annullare."
            )
        return ""

    @property
    def annullabile(self) -> bool:
        return not self.motivo_non_annullabile


class MappaturaImportazione(models.Model):
    """A column mapping saved by name, for the files of one source (an OpenCUP export, a regional
    register): offered by the upload page and `import_opere FILE --mappatura NOME`."""

    nome = models.CharField(_("nome"), max_length=100, unique=True)
    regole = models.JSONField(_("regole"), default=dict)  # as Importazione.mappatura
    creata_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("creata da")
    )
    aggiornata_il = models.DateTimeField(_("aggiornata il"), auto_now=True)

    class Meta:
        app_label = "programma"
        ordering = ["nome"]
        verbose_name = _("abbinamento di colonne salvato")
        verbose_name_plural = _("abbinamenti di colonne salvati")

    def __str__(self) -> str:
        return self.nome


class ValorePrecedente(models.Model):
    """The values of one work before an import updated it (only the columns the file had)."""

    importazione = models.ForeignKey(Importazione, on_delete=models.CASCADE, related_name="valori_precedenti")
    opera_id = models.BigIntegerField()
    valori = models.JSONField()

    class Meta:
        app_label = "programma"
        verbose_name = _("valore precedente a un'importazione")
        verbose_name_plural = _("valori precedenti alle importazioni")
        indexes = [models.Index(fields=["importazione", "opera_id"])]

    def __str__(self) -> str:
        return f"Importazione {self.importazione_id}, opera {self.opera_id}"


class ErroreImportazione(models.Model):
    """One error of a rejected file (the first IMPORT_MAX_ERRORS of them): one row each, so that no page
    loads them all and the report streams them."""

    importazione = models.ForeignKey(Importazione, on_delete=models.CASCADE, related_name="errori")
    riga = models.PositiveIntegerField(_("riga"))  # as Excel shows it: header = 1; 0 = the file as a whole
    colonna = models.CharField(_("colonna"), max_length=100, blank=True)
    valore = models.CharField(_("valore"), max_length=200, blank=True)
    motivo = models.CharField(_("motivo"), max_length=500)
    # The bad row's codice and titolo as the file has them, to find it (blank for the file as a whole).
    codice = models.CharField(_("codice"), max_length=100, blank=True)
    titolo = models.CharField(_("titolo"), max_length=300, blank=True)

    class Meta:
        app_label = "programma"
        ordering = ["importazione", "riga", "pk"]
        verbose_name = _("errore di un'importazione")
        verbose_name_plural = _("errori delle importazioni")
        indexes = [models.Index(fields=["importazione", "riga"])]

    def __str__(self) -> str:
        return f"{self.riga}: {self.motivo}"
