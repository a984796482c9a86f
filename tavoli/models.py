from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programma.fields import Limite, TestoLungo
from programma.models import AttivitaQuerySet, AttivitaRegionale, OperaPrioritaria, StatoAttivita
from programma.validators import valida_documento
from regioni.models import Regione
from regioni.scoping import ScopedQuerySet

__all__ = ["Categoria", "Organizzazione", "StatoAttivita", "TavoloConfronto"]


class Categoria(models.TextChoices):
    ESPERTI = "esperti", _("Esperti")
    ASSOCIAZIONI = "associazioni", _("Associazioni di categoria")
    IMPRESE = "imprese", _("Imprese")
    ISTITUZIONI = "istituzioni", _("Istituzioni")
    GESTORI = "gestori", _("Gestori di infrastrutture")


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
    objects = ScopedQuerySet.as_manager()  # scoped by its `regione`

    class Meta:
        ordering = ["nome"]
        verbose_name = _("organizzazione")
        verbose_name_plural = _("organizzazioni")
        constraints = [
            models.UniqueConstraint(fields=["regione", "nome_normalizzato"], name="organizzazione_unica_per_regione"),
        ]

    def __str__(self) -> str:
        return self.nome

    def save(self, *args, **kwargs) -> None:
        self.nome = " ".join(self.nome.split())
        self.nome_normalizzato = self.normalizza(self.nome)
        super().save(*args, **kwargs)

    @staticmethod
    def normalizza(nome: str) -> str:
        return " ".join(nome.split()).casefold()


# Who took part, by category: their sum is a tavolo's participants, in lists and counters alike.
CAMPI_PARTECIPANTI = ("n_esperti", "n_associazioni", "n_imprese", "n_istituzioni", "n_gestori")
PARTECIPANTI = sum((models.F(campo) for campo in CAMPI_PARTECIPANTI[1:]), models.F(CAMPI_PARTECIPANTI[0]))


class TavoloConfrontoQuerySet(AttivitaQuerySet):
    def con_partecipanti(self) -> TavoloConfrontoQuerySet:
        """Annotate `totale_partecipanti`, the sum of the categories."""
        return self.annotate(totale_partecipanti=PARTECIPANTI)

    def con_organizzazioni(self) -> TavoloConfrontoQuerySet:
        """Annotate `totale_organizzazioni` with a correlated count (no join explosion)."""
        through = TavoloConfronto.organizzazioni.through.objects.filter(tavoloconfronto_id=models.OuterRef("pk"))
        conteggio = models.Subquery(
            through.values("tavoloconfronto_id").annotate(n=models.Count("organizzazione_id")).values("n")[:1],
            output_field=models.IntegerField(),
        )
        return self.annotate(totale_organizzazioni=models.functions.Coalesce(conteggio, 0))


class TavoloConfronto(AttivitaRegionale):
    class Modalita(models.TextChoices):
        IN_PRESENZA = "in_presenza", _("In presenza")
        ONLINE = "online", _("Online")
        IBRIDO = "ibrido", _("Ibrido")

    modalita = models.CharField(_("modalità"), max_length=12, choices=Modalita.choices, default=Modalita.IN_PRESENZA)
    n_esperti = models.PositiveIntegerField(_("esperti"), default=0)
    n_associazioni = models.PositiveIntegerField(_("rappresentanti di associazioni"), default=0)
    n_imprese = models.PositiveIntegerField(_("imprese"), default=0)
    n_istituzioni = models.PositiveIntegerField(_("rappresentanti di istituzioni"), default=0)
    n_gestori = models.PositiveIntegerField(_("gestori di infrastrutture"), default=0)
    organizzazioni = models.ManyToManyField(
        Organizzazione, blank=True, related_name="tavoli", verbose_name=_("organizzazioni partecipanti")
    )
    sintesi = TestoLungo(_("sintesi"), max_length=Limite.SINTESI, blank=True)
    verbale = models.FileField(_("verbale"), upload_to="verbali/%Y/%m/", blank=True, validators=[valida_documento])
    opere_discusse = models.ManyToManyField(
        OperaPrioritaria, blank=True, related_name="tavoli_discussione", verbose_name=_("opere discusse")
    )

    objects = TavoloConfrontoQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(AttivitaRegionale.Meta):
        verbose_name = _("tavolo di confronto")
        verbose_name_plural = _("tavoli di confronto")
        indexes = [models.Index(fields=["progetto", "stato"])]

    def get_absolute_url(self) -> str:
        return reverse("tavoli:dettaglio", args=[self.pk])

    @property
    def n_partecipanti(self) -> int:
        return sum(getattr(self, campo) for campo in CAMPI_PARTECIPANTI)

    def clean(self) -> None:
        errori = self.errori_comuni()
        if self.modalita != self.Modalita.ONLINE and not self.luogo and not self.provincia_id:
            errori.setdefault("luogo", _("Indicare il luogo o la provincia di un tavolo in presenza o ibrido."))
        if errori:
            raise ValidationError(errori)
