"""Counter snapshots and recount runs (see contatori/registry.py).

The recount writes one `Snapshot` per counter, scope (a region, or national when
`regione` is empty) and day; the dashboard only reads these rows.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programma.fields import Limite, TestoLungo
from programma.models import Programma
from regioni.models import Regione
from regioni.scoping import ScopedQuerySet, ambito_di


def uno_per_regione_e_nazionale(campi: list[str], *, regionale: str, nazionale: str) -> list[models.UniqueConstraint]:
    """`campi` unique for each region, and once for the national row (regione NULL): NULL never
    equals NULL in a unique index, so the national row needs a constraint of its own."""
    return [
        models.UniqueConstraint(fields=[*campi, "regione"], condition=Q(regione__isnull=False), name=regionale),
        models.UniqueConstraint(fields=campi, condition=Q(regione__isnull=True), name=nazionale),
    ]


class Snapshot(models.Model):
    contatore = models.CharField(_("contatore"), max_length=40)
    # Empty = the national value (which is not always the sum of the regions).
    regione = models.ForeignKey(
        Regione, on_delete=models.CASCADE, null=True, blank=True, related_name="snapshot", verbose_name=_("regione")
    )
    programma = models.ForeignKey(Programma, on_delete=models.CASCADE, related_name="snapshot", verbose_name=_("edizione"))
    giorno = models.DateField(_("giorno"))
    valore = models.DecimalField(_("valore"), max_digits=20, decimal_places=2)
    calcolato_il = models.DateTimeField(_("calcolato il"))

    class Meta:
        ordering = ["programma", "giorno", "contatore"]
        verbose_name = _("valore di un contatore")
        verbose_name_plural = _("valori dei contatori")
        constraints = uno_per_regione_e_nazionale(
            ["programma", "giorno", "contatore"],
            regionale="snapshot_uno_per_regione_e_giorno",
            nazionale="snapshot_uno_nazionale_per_giorno",
        )

    def __str__(self) -> str:
        return f"{self.contatore} {self.regione or 'Italia'} {self.giorno}: {self.valore}"


# The recount task's limits (a recount takes about 0.5 s at scale 100): a run "in corso" older than
# TIME_LIMIT died with its worker.
SOFT_TIME_LIMIT = 120
TIME_LIMIT = 150


class RicalcoloLog(models.Model):
    class Esito(models.TextChoices):
        IN_CORSO = "in_corso", _("In corso")
        COMPLETATO = "completato", _("Completato")
        SALTATO = "saltato", _("Saltato: già in corso")
        ERRORE = "errore", _("Errore")

    avviato_il = models.DateTimeField(_("avviato il"), db_index=True)
    terminato_il = models.DateTimeField(_("terminato il"), null=True, blank=True)
    durata = models.DurationField(_("durata"), null=True, blank=True)
    esito = models.CharField(_("esito"), max_length=12, choices=Esito.choices, default=Esito.IN_CORSO)
    # "pianificato" (beat), "modifica" (a saved change), "manuale:<username>", "comando".
    origine = models.CharField(_("origine"), max_length=160)
    task_id = models.CharField(_("id del task"), max_length=64, blank=True, db_index=True)
    n_valori = models.PositiveIntegerField(_("valori scritti"), default=0)
    errore = TestoLungo(_("errore"), max_length=Limite.ERRORE, blank=True)

    class Meta:
        ordering = ["-avviato_il"]
        verbose_name = _("ricalcolo dei contatori")
        verbose_name_plural = _("ricalcoli dei contatori")
        permissions = [("ricalcola_contatori", "Può avviare il ricalcolo dei contatori")]

    def __str__(self) -> str:
        return f"{self.avviato_il:%Y-%m-%d %H:%M} {self.origine}: {self.get_esito_display()}"


class DatiModificati(models.Model):
    """One row saying whether counted data changed since the last recount.

    Durable where the Redis queue is not: a change whose recount could not be queued (broker
    down) stays marked here until beat's catch-up or the next recount counts it. `versione` is
    bumped once per committed change; a recount records the version it started from, so a change
    committed while it ran stays marked.
    """

    PK = 1

    versione = models.PositiveBigIntegerField(_("versione dei dati"), default=0)
    versione_contata = models.PositiveBigIntegerField(_("versione contata"), default=0)
    # The oldest change not counted yet (empty when the counters are up to date).
    modificati_dal = models.DateTimeField(_("modificati dal"), null=True, blank=True)

    class Meta:
        verbose_name = _("stato dei dati contati")
        verbose_name_plural = _("stato dei dati contati")

    def __str__(self) -> str:
        return f"v{self.versione} (contata v{self.versione_contata})"

    @property
    def da_ricalcolare(self) -> bool:
        return self.versione > self.versione_contata

    @classmethod
    def attuale(cls) -> DatiModificati:
        return cls.objects.filter(pk=cls.PK).first() or cls(pk=cls.PK)

    @classmethod
    def segna(cls) -> None:
        """A change was committed: one UPDATE (the row is created the first time)."""
        adesso = timezone.now()
        aggiornate = cls.objects.filter(pk=cls.PK).update(
            versione=F("versione") + 1, modificati_dal=Coalesce("modificati_dal", Value(adesso, output_field=models.DateTimeField()))
        )
        if not aggiornate:
            riga, creata = cls.objects.get_or_create(pk=cls.PK, defaults={"versione": 1, "modificati_dal": adesso})
            if not creata:  # created meanwhile by another process
                cls.segna()

    @classmethod
    def segna_contati(cls, *, versione: int, avvio: datetime.datetime) -> None:
        """A recount that read `versione` before counting has written its snapshot."""
        cls.objects.filter(pk=cls.PK, versione_contata__lt=versione).update(
            versione_contata=versione,
            # Changes after `versione` were committed after the recount started, so not before `avvio`.
            modificati_dal=Case(When(versione=versione, then=Value(None)), default=Value(avvio), output_field=models.DateTimeField()),
        )


class ObiettivoQuerySet(ScopedQuerySet):
    def for_user(self, user: Any) -> ObiettivoQuerySet:
        # National targets are programme-wide facts: every signed-in role may read them.
        if ambito_di(user).ruolo is None:
            return self.none()
        return self.filter(Q(regione__isnull=True) | Q(pk__in=super().for_user(user).values("pk")))

    def approvati(self) -> ObiettivoQuerySet:
        return self.filter(valore__isnull=False)


class Obiettivo(models.Model):
    """A counter's target for one edition, nationally (no region) or for one region.

    `valore` is the approved target (set by a Coordinatore); an Operatore proposes their region's
    in `valore_proposto`, which counts for nothing until a Coordinatore approves it. The national
    target is its own row: it is never split among the regions.
    """

    class Stato(models.TextChoices):
        PROPOSTO = "proposto", _("Proposto")
        APPROVATO = "approvato", _("Approvato")

    contatore = models.CharField(_("contatore"), max_length=40)
    programma = models.ForeignKey(Programma, on_delete=models.CASCADE, related_name="obiettivi", verbose_name=_("edizione"))
    regione = models.ForeignKey(
        Regione, on_delete=models.CASCADE, null=True, blank=True, related_name="obiettivi", verbose_name=_("regione")
    )
    valore = models.DecimalField(_("obiettivo"), max_digits=20, decimal_places=2, null=True, blank=True)
    valore_proposto = models.DecimalField(_("obiettivo proposto"), max_digits=20, decimal_places=2, null=True, blank=True)
    valore_base = models.DecimalField(_("valore di partenza"), max_digits=20, decimal_places=2, null=True, blank=True)
    scadenza = models.DateField(_("scadenza"), null=True, blank=True)
    aggiornato_il = models.DateTimeField(_("aggiornato il"), auto_now=True)
    aggiornato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("aggiornato da")
    )

    objects = ObiettivoQuerySet.as_manager()

    class Meta:
        ordering = ["programma", "contatore", "regione__codice_istat"]
        verbose_name = _("obiettivo")
        verbose_name_plural = _("obiettivi")
        constraints = [
            *uno_per_regione_e_nazionale(
                ["contatore", "programma"], regionale="obiettivo_uno_per_regione", nazionale="obiettivo_uno_nazionale"
            ),
            models.CheckConstraint(condition=Q(valore__gte=0) | Q(valore__isnull=True), name="obiettivo_non_negativo"),
            models.CheckConstraint(
                condition=Q(valore_proposto__gte=0) | Q(valore_proposto__isnull=True), name="obiettivo_proposto_non_negativo"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contatore} {self.regione or 'Italia'}: {self.valore}"

    @property
    def stato(self) -> str:
        return self.Stato.PROPOSTO if self.valore_proposto is not None else self.Stato.APPROVATO
