from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programma.fields import Limite, TestoLungo
from programma.models import AttivitaQuerySet, AttivitaRegionale, Fase, StatoAttivita, oggi
from programma.validators import valida_allegato


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


class PartnerRete(models.Model):
    """A network partner of the ultra-broadband works (Infratel Italia, Open Fiber, other operators): a small list kept in the admin."""

    nome = models.CharField(_("nome"), max_length=120, unique=True)
    attivo = models.BooleanField(_("attivo"), default=True, help_text=_("Un partner non attivo non si può più scegliere."))

    class Meta:
        ordering = ["nome"]
        verbose_name = _("partner di rete")
        verbose_name_plural = _("partner di rete")

    def __str__(self) -> str:
        return self.nome


class EventoQuerySet(AttivitaQuerySet):
    def sensibilizzazione_bul_5g(self) -> EventoQuerySet:
        """Phase 3's SME awareness: BUL/5G meetings and events on BUL, 5G or digitale (the seed's wording).
        What the counters of firms and comuni reached count, and what the events list filters by."""
        # An EXISTS, not a join on temi: a join would return an event with both themes twice.
        con_tema = models.Exists(
            Evento.temi.through.objects.filter(evento=models.OuterRef("pk"), tema__codice__in=sorted(Evento.TEMI_FASE_3))
        )
        return self.filter(Q(tipo=Evento.Tipo.INCONTRO_BUL_5G) | con_tema)

    def pubblici(self) -> EventoQuerySet:
        """Events in the public calendar: marked public, or left to their type's default (`PUBBLICI_PER_TIPO`)."""
        return self.filter(Q(pubblico=True) | Q(pubblico__isnull=True, tipo__in=sorted(Evento.PUBBLICI_PER_TIPO)))

    def in_programma(self, dal: dt.date | None = None) -> EventoQuerySet:
        """Still to come (from today, or `dal`) and not held yet: planned, or cancelled so that whoever
        registered learns it; soonest first."""
        return self.filter(data__gte=dal or oggi()).exclude(stato=StatoAttivita.SVOLTO).order_by("data", "ora_inizio", "titolo")


class Evento(AttivitaRegionale):
    class Tipo(models.TextChoices):
        SEMINARIO = "seminario", _("Seminario")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        CONVEGNO = "convegno", _("Convegno")
        INCONTRO_BUL_5G = "incontro_bul_5g", _("Incontro BUL/5G")
        TAPPA_ROADSHOW = "tappa_roadshow", _("Tappa del roadshow")
        EVENTO_FINALE = "evento_finale", _("Evento finale")

    fase = models.ForeignKey(Fase, on_delete=models.SET_NULL, null=True, blank=True, related_name="eventi", verbose_name=_("fase"))
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices)
    online = models.BooleanField(_("online"), default=False)
    n_partecipanti = models.PositiveIntegerField(_("partecipanti"), default=0)
    n_imprese = models.PositiveIntegerField(_("imprese presenti"), default=0)
    temi = models.ManyToManyField(Tema, blank=True, related_name="eventi", verbose_name=_("temi"))
    materiali = models.FileField(_("materiali"), upload_to="eventi/%Y/%m/", blank=True, validators=[valida_allegato])
    descrizione = TestoLungo(_("descrizione"), max_length=Limite.DESCRIZIONE, blank=True)
    # Phase 3, SME awareness events on BUL/5G: who took part for the networks, and which comuni's firms were informed.
    partner_rete = models.ManyToManyField(PartnerRete, blank=True, related_name="eventi", verbose_name=_("partner di rete"))
    comuni_informati = models.ManyToManyField(
        "regioni.Comune", blank=True, related_name="eventi_informati", verbose_name=_("comuni informati")
    )
    # The public calendar (/eventi/calendario/): None follows the type (PUBBLICI_PER_TIPO), so an
    # event whose type changes keeps the right default unless someone chose otherwise.
    pubblico = models.BooleanField(
        _("nel calendario pubblico"),
        null=True,
        blank=True,
        help_text=_("Un evento pubblico ha una pagina aperta a tutti e compare nel calendario e nel file iCalendar."),
    )
    ora_inizio = models.TimeField(_("ora di inizio"), null=True, blank=True)
    ora_fine = models.TimeField(_("ora di fine"), null=True, blank=True)
    url_iscrizione = models.URLField(
        _("link per l'iscrizione"), max_length=500, blank=True, help_text=_("La pagina dove le imprese si iscrivono all'evento.")
    )

    # The phase an event belongs to, by type (the seed: the roadshow and its final event are phase 4,
    # the SME meetings on BUL/5G phase 3); other types by their themes (`fase_attesa`).
    FASE_PER_TIPO = {Tipo.TAPPA_ROADSHOW: 4, Tipo.EVENTO_FINALE: 4, Tipo.INCONTRO_BUL_5G: 3}
    # An awareness event (seminar, workshop, webinar, conference) on these themes is phase 3.
    TEMI_FASE_3 = frozenset({"bul", "5g", "digitale"})
    # Public unless said otherwise: the events firms are invited to (seminars, BUL/5G awareness, roadshow stops).
    PUBBLICI_PER_TIPO = frozenset({Tipo.SEMINARIO, Tipo.INCONTRO_BUL_5G, Tipo.TAPPA_ROADSHOW})

    # Participants are counted once an event is held: a planned or cancelled one asks for none.
    STATI_CON_PARTECIPANTI = frozenset({StatoAttivita.SVOLTO})

    objects = EventoQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(AttivitaRegionale.Meta):
        verbose_name = _("evento")
        verbose_name_plural = _("eventi")
        # The public calendar reads the events to come by date, across regions.
        indexes = [models.Index(fields=["progetto", "stato"]), models.Index(fields=["data"], name="evento_data_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(n_imprese__lte=models.F("n_partecipanti")), name="evento_imprese_non_oltre_partecipanti"
            ),
            models.CheckConstraint(
                condition=Q(ora_fine__isnull=True) | Q(ora_inizio__isnull=False, ora_fine__gt=models.F("ora_inizio")),
                name="evento_ora_fine_dopo_inizio",
            ),
        ]

    @property
    def dove(self) -> str:
        return str(_("Online")) if self.online else super().dove

    def get_absolute_url(self) -> str:
        return reverse("eventi:dettaglio", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("eventi:pubblico", args=[self.pk])

    @property
    def e_pubblico(self) -> bool:
        """The rule of `EventoQuerySet.pubblici` for one event."""
        return self.pubblico if self.pubblico is not None else self.tipo in self.PUBBLICI_PER_TIPO

    @classmethod
    def fase_attesa(cls, tipo: str, codici_temi: set[str] | frozenset[str] = frozenset()) -> int | None:
        """The phase number an event of this type (and these themes) belongs to; None when any will do."""
        if tipo in cls.FASE_PER_TIPO:
            return cls.FASE_PER_TIPO[tipo]
        if codici_temi & cls.TEMI_FASE_3:
            return Fase.Numero.SENSIBILIZZAZIONE
        return None

    def errori_fase(self, codici_temi: set[str] | frozenset[str] = frozenset()) -> dict[str, str]:
        """A phase that contradicts the type (or themes): a clear message naming the right one."""
        attesa = self.fase_attesa(self.tipo, codici_temi)
        if attesa is None or not self.fase_id or self.fase.numero == attesa:
            return {}
        return {
            "fase": _("Un evento «%(tipo)s» appartiene alla fase %(attesa)d (%(nome)s), non alla fase %(scelta)d.")
            % {
                "tipo": self.get_tipo_display() if not codici_temi or self.tipo in self.FASE_PER_TIPO else _("su BUL, 5G o digitale"),
                "attesa": attesa,
                "nome": Fase.Numero(attesa).label,
                "scelta": self.fase.numero,
            }
        }

    @property
    def chiede_partecipanti(self) -> bool:
        return self.stato in self.STATI_CON_PARTECIPANTI

    def clean(self) -> None:
        if not self.chiede_partecipanti:
            # Nobody has taken part yet (or ever, if cancelled): figures typed in advance are not kept.
            self.n_partecipanti = self.n_imprese = 0
        errors = self.errori_comuni()
        if self.fase_id and self.progetto_id and self.fase.progetto_id != self.progetto_id:
            errors["fase"] = _("La fase deve appartenere al progetto dell'evento.")
        else:
            # The type decides here; the themes (a relation, known only to the form) are checked there.
            errors.update(self.errori_fase())
        if not self.online and not self.luogo and not self.provincia_id:
            errors["luogo"] = _("Indicare il luogo o la provincia, oppure segnare l'evento come online.")
        if self.ora_fine and not self.ora_inizio:
            errors["ora_inizio"] = _("Indicare l'ora di inizio, oppure lasciare vuote entrambe le ore.")
        elif self.ora_inizio and self.ora_fine and self.ora_fine <= self.ora_inizio:
            errors["ora_fine"] = _("L'ora di fine deve seguire l'ora di inizio.")
        if self.n_imprese > self.n_partecipanti:
            errors["n_imprese"] = _("Le imprese presenti non possono superare i partecipanti.")
        if errors:
            raise ValidationError(errors)
