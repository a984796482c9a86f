from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programma.models import OperaPrioritaria, ProgettoRegionale
from programma.validators import valida_documento
from regioni.models import Provincia, Regione
from regioni.scoping import ScopedQuerySet


class Categoria(models.TextChoices):
    ESPERTI = "esperti", _("Esperti")
    ASSOCIAZIONI = "associazioni", _("Associazioni di categoria")
    IMPRESE = "imprese", _("Imprese")
    ISTITUZIONI = "istituzioni", _("Istituzioni")
    GESTORI = "gestori", _("Gestori di infrastrutture")


class OrganizzazioneQuerySet(ScopedQuerySet):
    regione_field = "regione"


class Organizzazione(models.Model):
    """A stakeholder organisation (never a person) that took part in tavoli of one region.

    Per region, so that what an Operatore types (spelling, category) never changes another
    region's records: the same name in two regions is two rows.
    """

    regione = models.ForeignKey(
        Regione, on_delete=models.PROTECT, related_name="organizzazioni", verbose_name=_("regione")
    )
    nome = models.CharField(_("nome"), max_length=250)
    # Lower-cased, space-collapsed name: "Confindustria  Lombardia" and "confindustria lombardia" are one.
    nome_normalizzato = models.CharField(max_length=250, editable=False)
    categoria = models.CharField(_("categoria"), max_length=16, choices=Categoria.choices)

    history = HistoricalRecords()
    objects = OrganizzazioneQuerySet.as_manager()

    class Meta:
        ordering = ["nome"]
        verbose_name = _("organizzazione")
        verbose_name_plural = _("organizzazioni")
        constraints = [
            models.UniqueConstraint(fields=["regione", "nome_normalizzato"], name="organizzazione_unica_per_regione"),
        ]

    def __str__(self) -> str:
        return self.nome

    @staticmethod
    def normalizza(nome: str) -> str:
        return " ".join(nome.split()).casefold()

    def save(self, *args, **kwargs) -> None:
        self.nome = " ".join(self.nome.split())
        self.nome_normalizzato = self.normalizza(self.nome)
        super().save(*args, **kwargs)


class StatoAttivita(models.TextChoices):
    PIANIFICATO = "pianificato", _("Pianificato")
    SVOLTO = "svolto", _("Svolto")
    ANNULLATO = "annullato", _("Annullato")


class TavoloConfrontoQuerySet(ScopedQuerySet):
    regione_field = "progetto__regione"

    def svolti(self) -> TavoloConfrontoQuerySet:
        return self.filter(stato=StatoAttivita.SVOLTO)


class TavoloConfronto(models.Model):
    class Modalita(models.TextChoices):
        IN_PRESENZA = "in_presenza", _("In presenza")
        ONLINE = "online", _("Online")
        IBRIDO = "ibrido", _("Ibrido")

    progetto = models.ForeignKey(ProgettoRegionale, on_delete=models.CASCADE, related_name="tavoli", verbose_name=_("progetto"))
    titolo = models.CharField(_("titolo"), max_length=300)
    data = models.DateField(_("data"))
    luogo = models.CharField(_("luogo"), max_length=200, blank=True)
    provincia = models.ForeignKey(
        Provincia, on_delete=models.PROTECT, null=True, blank=True, related_name="tavoli", verbose_name=_("provincia")
    )
    modalita = models.CharField(_("modalità"), max_length=12, choices=Modalita.choices, default=Modalita.IN_PRESENZA)
    stato = models.CharField(_("stato"), max_length=12, choices=StatoAttivita.choices, default=StatoAttivita.PIANIFICATO)
    n_esperti = models.PositiveIntegerField(_("esperti"), default=0)
    n_associazioni = models.PositiveIntegerField(_("rappresentanti di associazioni"), default=0)
    n_imprese = models.PositiveIntegerField(_("imprese"), default=0)
    n_istituzioni = models.PositiveIntegerField(_("rappresentanti di istituzioni"), default=0)
    n_gestori = models.PositiveIntegerField(_("gestori di infrastrutture"), default=0)
    organizzazioni = models.ManyToManyField(
        Organizzazione, blank=True, related_name="tavoli", verbose_name=_("organizzazioni partecipanti")
    )
    sintesi = models.TextField(_("sintesi"), blank=True)
    verbale = models.FileField(_("verbale"), upload_to="verbali/%Y/%m/", blank=True, validators=[valida_documento])
    opere_discusse = models.ManyToManyField(
        OperaPrioritaria, blank=True, related_name="tavoli_discussione", verbose_name=_("opere discusse")
    )

    objects = TavoloConfrontoQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-data", "titolo"]
        verbose_name = _("tavolo di confronto")
        verbose_name_plural = _("tavoli di confronto")
        indexes = [models.Index(fields=["progetto", "stato"])]

    def __str__(self) -> str:
        return self.titolo

    def get_absolute_url(self) -> str:
        return reverse("tavoli:dettaglio", args=[self.pk])

    @property
    def n_partecipanti(self) -> int:
        return self.n_esperti + self.n_associazioni + self.n_imprese + self.n_istituzioni + self.n_gestori

    def clean(self) -> None:
        if self.provincia_id and self.progetto_id and self.provincia.regione_id != self.progetto.regione_id:
            raise ValidationError({"provincia": _("La provincia deve essere nella regione del progetto.")})
        if self.modalita != self.Modalita.ONLINE and not self.luogo and not self.provincia_id:
            raise ValidationError({"luogo": _("Indicare il luogo o la provincia di un tavolo in presenza o ibrido.")})
