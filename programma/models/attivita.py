"""The shared base of the regional activities (tavoli, eventi) and their states."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from programma.fields import EtichetteScelte
from programma.models.progetti import ProgettoRegionale, Programma, campo_ente, errori_ente, oggi
from regioni.models import Provincia
from regioni.scoping import ScopedQuerySet


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

    def esiti(self) -> tuple[int, int]:
        """(held, held or still planned): the cancelled ones left out. One counting query."""
        conta = self.aggregate(
            svolte=models.Count("pk", filter=models.Q(stato=StatoAttivita.SVOLTO)),
            totale=models.Count("pk", filter=~models.Q(stato=StatoAttivita.ANNULLATO)),
        )
        return conta["svolte"], conta["totale"]


class AttivitaRegionale(EtichetteScelte, models.Model):
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
