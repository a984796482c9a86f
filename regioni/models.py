from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regioni.scoping import ScopedQuerySet


class Ripartizione(models.TextChoices):
    NORD_OVEST = "Nord-Ovest", _("Nord-Ovest")
    NORD_EST = "Nord-Est", _("Nord-Est")
    CENTRO = "Centro", _("Centro")
    SUD = "Sud", _("Sud")
    ISOLE = "Isole", _("Isole")


# The ISTAT codes of the 20 regions, all present in every database (a data migration loads them):
# what a public URL's `?regione=` may say, checked without a query.
CODICI_ISTAT = frozenset(f"{n:02d}" for n in range(1, 21))


class RegioneQuerySet(ScopedQuerySet):
    regione_field = ""


class Regione(models.Model):
    codice_istat = models.CharField(_("codice ISTAT"), max_length=2, unique=True)
    nome = models.CharField(_("nome"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    ripartizione = models.CharField(_("ripartizione"), max_length=12, choices=Ripartizione.choices)
    # Other spellings used in spreadsheets (bilingual forms, no hyphen...), for imports.
    alias = models.JSONField(_("altre denominazioni"), default=list, blank=True)

    objects = RegioneQuerySet.as_manager()

    class Meta:
        ordering = ["codice_istat"]
        verbose_name = _("regione")
        verbose_name_plural = _("regioni")

    def __str__(self) -> str:
        return self.nome

    @property
    def nome_breve(self) -> str:
        """The Italian part of a bilingual name ("Valle d'Aosta/Vallée d'Aoste" -> "Valle d'Aosta")."""
        return self.nome.split("/")[0]


class Provincia(models.Model):
    class Tipo(models.TextChoices):
        PROVINCIA = "provincia", _("Provincia")
        CITTA_METROPOLITANA = "citta_metropolitana", _("Città metropolitana")
        LIBERO_CONSORZIO = "libero_consorzio", _("Libero consorzio comunale")
        PROVINCIA_AUTONOMA = "provincia_autonoma", _("Provincia autonoma")
        ENTE_DECENTRAMENTO = "ente_decentramento", _("Ente di decentramento regionale")

    codice_istat = models.CharField(_("codice ISTAT"), max_length=3, unique=True)
    sigla = models.CharField(_("sigla"), max_length=2, unique=True)
    nome = models.CharField(_("nome"), max_length=80)
    tipo = models.CharField(_("tipo"), max_length=24, choices=Tipo.choices, default=Tipo.PROVINCIA)
    regione = models.ForeignKey(Regione, on_delete=models.PROTECT, related_name="province", verbose_name=_("regione"))

    objects = ScopedQuerySet.as_manager()  # scoped by its `regione`

    class Meta:
        ordering = ["nome"]
        verbose_name = _("provincia")
        verbose_name_plural = _("province")

    def __str__(self) -> str:
        return f"{self.nome} ({self.sigla})"


class Ente(models.Model):
    class Tipo(models.TextChoices):
        UNIONE_REGIONALE = "unione_regionale", _("Unione regionale")
        CAMERA_COMMERCIO = "camera_commercio", _("Camera di commercio")

    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices)
    nome = models.CharField(_("nome"), max_length=200, unique=True)
    regione = models.ForeignKey(Regione, on_delete=models.PROTECT, related_name="enti", verbose_name=_("regione"))
    province = models.ManyToManyField(Provincia, blank=True, related_name="enti", verbose_name=_("province di competenza"))

    objects = ScopedQuerySet.as_manager()  # scoped by its `regione`

    class Meta:
        ordering = ["regione__codice_istat", "tipo", "nome"]
        verbose_name = _("ente")
        verbose_name_plural = _("enti")

    def __str__(self) -> str:
        return self.nome


class Appartenenza(models.Model):
    """A user's membership of one Ente, which fixes the region an Operatore may touch."""

    utente = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appartenenza", verbose_name=_("utente")
    )
    ente = models.ForeignKey(Ente, on_delete=models.PROTECT, related_name="membri", verbose_name=_("ente"))

    class Meta:
        verbose_name = _("appartenenza a un ente")
        verbose_name_plural = _("appartenenze agli enti")

    def __str__(self) -> str:
        return f"{self.utente} — {self.ente}"


class Profilo(models.Model):
    """What a user sets for themselves, whatever their role (a Coordinatore has no ente): how they
    hear of the workflow's steps that hand them a record. The address is the user's own `email`.
    A user without a row is told at once (`Avvisi.SUBITO`)."""

    class Avvisi(models.TextChoices):
        SUBITO = "subito", _("Subito: un'e-mail a ogni passaggio")
        SETTIMANALE = "settimanale", _("Settimanale: solo il riepilogo del lunedì")

    utente = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profilo", verbose_name=_("utente")
    )
    avvisi = models.CharField(_("avvisi via e-mail"), max_length=12, choices=Avvisi.choices, default=Avvisi.SUBITO)

    class Meta:
        verbose_name = _("profilo")
        verbose_name_plural = _("profili")

    def __str__(self) -> str:
        return str(self.utente)


class ComuneQuerySet(ScopedQuerySet):
    regione_field = "provincia__regione"


class Comune(models.Model):
    """A comune of ISTAT's list (regioni/data/comuni.json, see NOTE.md): reference data, loaded by a migration."""

    codice_istat = models.CharField(_("codice ISTAT"), max_length=6, unique=True)
    nome = models.CharField(_("nome"), max_length=120, db_index=True)
    provincia = models.ForeignKey(Provincia, on_delete=models.PROTECT, related_name="comuni", verbose_name=_("provincia"))

    objects = ComuneQuerySet.as_manager()

    class Meta:
        ordering = ["nome", "codice_istat"]
        verbose_name = _("comune")
        verbose_name_plural = _("comuni")

    def __str__(self) -> str:
        return f"{self.nome} ({self.provincia.sigla})" if "provincia" in self._state.fields_cache else self.nome
