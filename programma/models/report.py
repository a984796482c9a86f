"""The regions' reports: documents that go to the public section through the publication workflow."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programma.activities.workflow import DocumentiQuerySet, DocumentoPubblicabile
from programma.fields import Limite, TestoLungo
from programma.models.progetti import Fase, ProgettoRegionale, Programma, campo_ente, errori_ente
from programma.validators import valida_allegato
from regioni.scoping import ScopedQuerySet


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
