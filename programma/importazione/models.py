"""Import history: who imported which file, what it did, and what is needed to undo it.

Imports write in bulk, which bypasses django-simple-history: this table is the audit
trail of bulk changes to works (one row per import, plus the previous values it replaced).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

__all__ = ["Importazione", "ValorePrecedente"]


class Importazione(models.Model):
    class Stato(models.TextChoices):
        IN_CODA = "in_coda", _("In coda")
        IN_CORSO = "in_corso", _("In corso")
        ANTEPRIMA = "anteprima", _("Anteprima pronta, da confermare")
        RIFIUTATA = "rifiutata", _("Rifiutata: il file contiene errori")
        COMPLETATA = "completata", _("Completata")
        FALLITA = "fallita", _("Non riuscita")
        ANNULLATA = "annullata", _("Annullata")

    TERMINALI = {Stato.ANTEPRIMA, Stato.RIFIUTATA, Stato.COMPLETATA, Stato.FALLITA, Stato.ANNULLATA}

    utente = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("utente")
    )
    creata_il = models.DateTimeField(_("caricata il"), auto_now_add=True)
    nome_file = models.CharField(_("file"), max_length=255)
    file = models.FileField(_("file caricato"), upload_to="importazioni/%Y/%m/", blank=True)
    origine = models.CharField(_("origine"), max_length=20, default="admin")
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
    errori = models.JSONField(_("errori"), default=list, blank=True)
    avvisi = models.JSONField(_("avvisi"), default=list, blank=True)
    # Per-row outcome for the preview, capped (see servizi.ANTEPRIMA_MAX_RIGHE).
    anteprima = models.JSONField(_("anteprima"), default=list, blank=True)
    messaggio = models.TextField(_("messaggio"), blank=True)
    # Undo: the ids of the works this import created (previous values are in ValorePrecedente).
    ids_creati = models.JSONField(_("opere create (id)"), default=list, blank=True)
    iniziata_il = models.DateTimeField(_("iniziata il"), null=True, blank=True)
    completata_il = models.DateTimeField(_("completata il"), null=True, blank=True)
    durata_secondi = models.FloatField(_("durata (s)"), null=True, blank=True)
    annullata_il = models.DateTimeField(_("annullata il"), null=True, blank=True)
    annullata_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("annullata da")
    )

    class Meta:
        app_label = "programma"
        ordering = ["-creata_il", "-pk"]
        verbose_name = _("importazione di opere")
        verbose_name_plural = _("importazioni di opere")

    def __str__(self) -> str:
        return f"{self.nome_file} ({self.creata_il:%d/%m/%Y %H:%M})" if self.creata_il else self.nome_file

    def get_absolute_url(self) -> str:
        return reverse("importazione:dettaglio", args=[self.pk])

    @property
    def terminata(self) -> bool:
        return self.stato in self.TERMINALI

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

    @property
    def annullabile(self) -> bool:
        """Only the latest completed import can be undone: later ones may have changed the same works."""
        if self.stato != self.Stato.COMPLETATA:
            return False
        return not Importazione.objects.filter(stato=self.Stato.COMPLETATA, pk__gt=self.pk).exists()


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
