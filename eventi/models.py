from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programma.models import Fase, ProgettoRegionale
from programma.validators import valida_allegato
from regioni.models import Provincia
from regioni.scoping import ScopedQuerySet
from tavoli.models import StatoAttivita


class Tema(models.Model):
    """The themes an event covers (BUL, 5G, digitale...), loaded by a migration."""

    BUL = "bul"
    CINQUE_G = "5g"

    codice = models.SlugField(_("codice"), max_length=20, unique=True)
    nome = models.CharField(_("nome"), max_length=60)

    class Meta:
        ordering = ["nome"]
        verbose_name = _("tema")
        verbose_name_plural = _("temi")

    def __str__(self) -> str:
        return self.nome


class EventoQuerySet(ScopedQuerySet):
    regione_field = "progetto__regione"

    def svolti(self) -> EventoQuerySet:
        return self.filter(stato=StatoAttivita.SVOLTO)


class Evento(models.Model):
    class Tipo(models.TextChoices):
        SEMINARIO = "seminario", _("Seminario")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        CONVEGNO = "convegno", _("Convegno")
        INCONTRO_BUL_5G = "incontro_bul_5g", _("Incontro BUL/5G")
        TAPPA_ROADSHOW = "tappa_roadshow", _("Tappa del roadshow")
        EVENTO_FINALE = "evento_finale", _("Evento finale")

    progetto = models.ForeignKey(ProgettoRegionale, on_delete=models.CASCADE, related_name="eventi", verbose_name=_("progetto"))
    fase = models.ForeignKey(Fase, on_delete=models.SET_NULL, null=True, blank=True, related_name="eventi", verbose_name=_("fase"))
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices)
    titolo = models.CharField(_("titolo"), max_length=300)
    data = models.DateField(_("data"))
    online = models.BooleanField(_("online"), default=False)
    luogo = models.CharField(_("luogo"), max_length=200, blank=True)
    provincia = models.ForeignKey(
        Provincia, on_delete=models.PROTECT, null=True, blank=True, related_name="eventi", verbose_name=_("provincia")
    )
    stato = models.CharField(_("stato"), max_length=12, choices=StatoAttivita.choices, default=StatoAttivita.PIANIFICATO)
    n_partecipanti = models.PositiveIntegerField(_("partecipanti"), default=0)
    n_imprese = models.PositiveIntegerField(_("imprese presenti"), default=0)
    temi = models.ManyToManyField(Tema, blank=True, related_name="eventi", verbose_name=_("temi"))
    materiali = models.FileField(_("materiali"), upload_to="eventi/%Y/%m/", blank=True, validators=[valida_allegato])
    descrizione = models.TextField(_("descrizione"), blank=True)

    objects = EventoQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-data", "titolo"]
        verbose_name = _("evento")
        verbose_name_plural = _("eventi")
        indexes = [models.Index(fields=["progetto", "stato"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(n_imprese__lte=models.F("n_partecipanti")), name="evento_imprese_non_oltre_partecipanti"
            ),
        ]

    def __str__(self) -> str:
        return self.titolo

    def get_absolute_url(self) -> str:
        return reverse("eventi:dettaglio", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.provincia_id and self.progetto_id and self.provincia.regione_id != self.progetto.regione_id:
            errors["provincia"] = _("La provincia deve essere nella regione del progetto.")
        if self.fase_id and self.progetto_id and self.fase.progetto_id != self.progetto_id:
            errors["fase"] = _("La fase deve appartenere al progetto dell'evento.")
        if not self.online and not self.luogo and not self.provincia_id:
            errors["luogo"] = _("Indicare il luogo o la provincia, oppure segnare l'evento come online.")
        if self.n_imprese > self.n_partecipanti:
            errors["n_imprese"] = _("Le imprese presenti non possono superare i partecipanti.")
        if errors:
            raise ValidationError(errors)
