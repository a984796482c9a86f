"""The way to the public section, declared once for every document that gets there.

A document the programme publishes (the strategic project of phase 2, a report, a national
document) moves between states by named steps. Each kind declares its steps in one table, a
`Flusso` of `Passaggio` rows: the action, the state(s) it starts from and the one it leads to, who
may take it, whether a comment is asked, the Italian texts (button, confirmation, success, refusal)
and any precondition. Everything else reads that table:

- the model (`Pubblicabile`, the abstract base of the three): `verifica`/`puo` (who, from which
  state), `esegui` (preconditions, the new state, one history row with the step's reason); each step
  is also a method named after its action (`pubblica`, `rimanda`, …), which the view calls, so that
  a hook added to one (e.g. a PDF rendered on commit) runs on every path;
- the one generic view of a step (`programma.activities.editing.PassaggioView`: GET asks for
  confirmation, POST performs it) and its URLs (`percorsi_passaggi`);
- the pages: the buttons a user may take, the state, the history;
- the notifications (`programma.activities.notifiche`): a step's `avvisa` names the side it hands
  the record to; those people get an e-mail after the commit, and the record stays in their
  "Da fare" (the home page, the weekly digest) while it waits in the state the step left it in.

Who may take a step is said once, in the vocabulary of `regioni.scoping`:
- `Chi.REDAZIONE`: whoever may write the record (`puo_modificare_oggetto`): the region's Operatore
  or an Amministratore for a regional record, the model's `ruoli_redattori` for an edition-level
  one (national documents: the national roles);
- `Chi.COORDINAMENTO`: the national roles (`Ruolo.NAZIONALI`), who publish and send back.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views import View

from programma.fields import EtichetteScelte, Limite, TestoLungo
from regioni.scoping import Ruolo, ambito_di, puo_modificare_oggetto

Testo = str | Promise

# Sent after the commit of every step taken (oggetto, passaggio, autore): the notifications listen.
passaggio_eseguito = Signal()

# The pseudo-action of changing a record's content: allowed only in the states its flow names.
MODIFICA = "modifica"


class Chi(enum.Enum):
    """Who may take a step: a role gate (checked before the record is looked up) and the record's rule."""

    REDAZIONE = "redazione"
    COORDINAMENTO = "coordinamento"

    def ruoli(self, modello: type[models.Model]) -> tuple[str, ...]:
        """The roles that may ask for the step at all: anyone else gets a 403 before any lookup."""
        if self is Chi.COORDINAMENTO:
            return Ruolo.NAZIONALI
        return getattr(modello._default_manager.get_queryset(), "ruoli_redattori", None) or Ruolo.REDATTORI

    def avvisati(self, modello: type[models.Model]) -> tuple[str, ...]:
        """The roles told when a step hands the record to this side: those who take its steps day to
        day. An Amministratore may take every step, but is nobody's next step."""
        return tuple(ruolo for ruolo in self.ruoli(modello) if ruolo != Ruolo.AMMINISTRATORE)

    def ammette(self, user: Any, oggetto: models.Model) -> bool:
        if self is Chi.COORDINAMENTO:
            return ambito_di(user).ha_ruolo(Ruolo.NAZIONALI)
        return puo_modificare_oggetto(user, oggetto)


class Commento(enum.Enum):
    NESSUNO = "nessuno"  # no comment box
    FACOLTATIVO = "facoltativo"  # a note, replacing the record's comment (empty clears it)
    OBBLIGATORIO = "obbligatorio"  # a send-back: the reason is required


class StatoNonConsentito(ValidationError):
    """A step (or an edit) refused because of the record's state: said on the record's page."""


# A required comment belongs to a send-back, the only step that asks for one.
COMMENTO_MANCANTE = _("Scrivi nel commento che cosa va rivisto.")


@dataclass(frozen=True)
class Passaggio:
    """One row of a flow's table."""

    azione: str  # also the name of the model's method and of the URL (`<url_passaggi>_<azione>`)
    da: tuple[str, ...]
    a: str
    chi: Chi
    etichetta: Testo  # the button, and the confirmation page's title
    conferma: Testo  # what happens, on the confirmation page
    fatto: Testo  # the success message
    fuori_stato: Testo  # the refusal from another state; "%(stato)s" is the current one
    motivo: str  # the history row's reason (stored data, as simple-history keeps it)
    commento: Commento = Commento.NESSUNO
    # Each takes the record and raises ValidationError with the reason (e.g. a report without its file).
    condizioni: tuple[Callable[[Any], None], ...] = ()
    # Whom the step hands the record to: told by e-mail, and shown it in their "Da fare" while it
    # waits in state `a` (`programma.activities.notifiche`).
    avvisa: tuple[Chi, ...] = ()


@dataclass(frozen=True)
class Flusso:
    """A kind's table of steps, and the states in which its content may change."""

    passaggi: tuple[Passaggio, ...]
    modificabile_in: tuple[str, ...]
    fuori_modifica: Testo  # refusal of an edit from another state; "%(stato)s" is the current one
    pubblicato: str  # the state that puts the record in the public section (sets `pubblicato_il`)

    def __post_init__(self) -> None:
        # The last step taken is read back from the history by its reason (`notifiche.da_fare`).
        motivi = [p.motivo for p in self.passaggi]
        if len(set(motivi)) != len(motivi):
            raise ValueError(f"Two steps of a flow share a history reason: {motivi}")

    def __getitem__(self, azione: str) -> Passaggio:
        for passaggio in self.passaggi:
            if passaggio.azione == azione:
                return passaggio
        raise KeyError(azione)

    @property
    def azioni(self) -> tuple[str, ...]:
        return tuple(p.azione for p in self.passaggi)

    def seguenti(self, passaggio: Passaggio, chi: Chi) -> list[Passaggio]:
        """The steps `chi` may take from where `passaggio` leaves the record: what an e-mail asks for."""
        return [p for p in self.passaggi if passaggio.a in p.da and p.chi is chi]


def rinvio(da: str, a: str, *, conferma: Testo, fatto: Testo, fuori_stato: Testo) -> Passaggio:
    """The send-back every flow has, the same but for its states and texts: a Coordinatore returns a
    record under review (`da`) to its draft (`a`) and to its writers, saying why. It is the one step
    whose comment is required (`COMMENTO_MANCANTE`); its action and history reason are the same in
    every flow."""
    return Passaggio(
        "rimanda",
        da=(da,),
        a=a,
        chi=Chi.COORDINAMENTO,
        etichetta=_("Rimanda in bozza"),
        conferma=conferma,
        fatto=fatto,
        fuori_stato=fuori_stato,
        motivo="Rimandato in bozza",
        commento=Commento.OBBLIGATORIO,
        avvisa=(Chi.REDAZIONE,),
    )


class Pubblicabile(EtichetteScelte, models.Model):
    """What the three publishable documents share: the coordinator's comment, the publication time,
    and the workflow methods that read the kind's `flusso`. A concrete model declares its `Stato`,
    a `stato` field, `flusso` and `url_passaggi`, and a method per step that calls `esegui`."""

    commento = TestoLungo(
        _("commento del coordinamento"),
        max_length=Limite.COMMENTO,
        blank=True,
        help_text=_("Il motivo di un rinvio in bozza, o una nota del coordinamento nazionale."),
    )
    pubblicato_il = models.DateTimeField(_("pubblicato il"), null=True, blank=True)

    flusso: ClassVar[Flusso]
    # The URL names of the steps: "<url_passaggi>_<azione>", e.g. "programma:report_pubblica".
    url_passaggi: ClassVar[str]
    stato: str

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The view calls a step by its method: a table row without one would fail only when clicked.
        flusso = cls.__dict__.get("flusso")
        if flusso is not None:
            if mancanti := [a for a in flusso.azioni if not callable(getattr(cls, a, None))]:
                raise TypeError(f"{cls.__name__}: steps without a method: {mancanti}")

    @property
    def modificabile(self) -> bool:
        """Content changes only in the flow's editable states: what was reviewed is what gets published."""
        return self.stato in self.flusso.modificabile_in

    @property
    def pubblicato(self) -> bool:
        return self.stato == self.flusso.pubblicato

    def argomenti_url(self) -> list[Any]:
        """The arguments of the steps' URLs (the strategic project's name its regional project)."""
        return [self.pk]

    def url_passaggio(self, azione: str) -> str:
        return reverse(f"{self.url_passaggi}_{azione}", args=self.argomenti_url())

    def verifica(self, user: Any, azione: str) -> None:
        """Raises PermissionDenied when `user` may not take the step (or edit), StatoNonConsentito
        when the record's state does not allow it. Preconditions are `esegui`'s."""
        if azione == MODIFICA:
            chi, stati, rifiuto = Chi.REDAZIONE, self.flusso.modificabile_in, self.flusso.fuori_modifica
        else:
            passaggio = self.flusso[azione]
            chi, stati, rifiuto = passaggio.chi, passaggio.da, passaggio.fuori_stato
        if not chi.ammette(user, self):
            raise PermissionDenied
        if self.stato not in stati:
            raise StatoNonConsentito(str(rifiuto) % {"stato": self.get_stato_display()}, code="stato")  # type: ignore[attr-defined]

    def puo(self, user: Any, azione: str) -> bool:
        """Whether `user` may take the step now (role, region and state), for buttons and views alike."""
        try:
            self.verifica(user, azione)
        except (PermissionDenied, ValidationError):
            return False
        return True

    def passaggi_di(self, user: Any) -> list[Passaggio]:
        """The steps `user` may take now, in the table's order: the page's buttons."""
        return [p for p in self.flusso.passaggi if self.puo(user, p.azione)]

    def condizioni_mancanti(self, azione: str) -> list[str]:
        """What the record lacks for the step (e.g. its file), one Italian sentence each."""
        mancanti: list[str] = []
        for condizione in self.flusso[azione].condizioni:
            try:
                condizione(self)
            except ValidationError as exc:
                mancanti.extend(exc.messages)
        return mancanti

    def esegui(self, user: Any, azione: str, commento: str) -> None:
        """Take the step: who, state and preconditions checked, then the new state and one history
        row with the step's reason, in one transaction with `dopo_passaggio`. Refused: nothing changes."""
        passaggio = self.flusso[azione]
        commento = commento.strip()
        with transaction.atomic():
            if self.pk is not None:
                # Two people taking a step at once (two coordinators, two tabs): the second reads the
                # state the first left, under the row's lock, and is refused rather than taking it twice.
                self.stato = type(self)._default_manager.select_for_update().values_list("stato", flat=True).get(pk=self.pk)
            self.verifica(user, azione)
            if mancanti := self.condizioni_mancanti(azione):
                raise ValidationError(mancanti)  # a list: Django keeps no code for it
            if passaggio.commento is Commento.OBBLIGATORIO and not commento:
                raise ValidationError(COMMENTO_MANCANTE, code="commento")
            self.stato = passaggio.a
            if passaggio.commento is not Commento.NESSUNO:
                self.commento = commento
            if passaggio.a == self.flusso.pubblicato:
                self.pubblicato_il = timezone.now()
            self._change_reason = passaggio.motivo
            self.save()
            self.dopo_passaggio()
            # The people the step hands the record to are told once it is committed; a failure
            # there (a mail server down) is logged, never undoes nor refuses the step.
            transaction.on_commit(
                lambda: passaggio_eseguito.send(sender=type(self), oggetto=self, passaggio=passaggio, autore=user),
                robust=True,
            )

    def dopo_passaggio(self) -> None:
        """What else a step changes, in its transaction (the strategic project: phase 2)."""


def richiedi_file(documento: Any) -> None:
    """A document is proposed and published with its file: the public section lists only what downloads."""
    if not documento.file:
        raise ValidationError(
            _("Allega il file del documento prima di proporlo o pubblicarlo: nella sezione pubblica si pubblica "
              "solo ciò che si può scaricare."),
            code="senza_file",
        )


class StatoDocumento(models.TextChoices):
    """The states of a report or a national document on its way to the public section."""

    BOZZA = "bozza", _("Bozza")
    IN_REVISIONE = "in_revisione", _("Proposto per la pubblicazione")
    PUBBLICATO = "pubblicato", _("Pubblicato")


# Reports and national documents: the writer proposes, a Coordinatore publishes or sends back.
# National documents are written by the national roles (their `ruoli_redattori`), so for them
# `REDAZIONE` is a Coordinatore too: the same table, the scoping vocabulary says who.
FLUSSO_DOCUMENTO = Flusso(
    passaggi=(
        Passaggio(
            "proponi",
            da=(StatoDocumento.BOZZA,),
            a=StatoDocumento.IN_REVISIONE,
            chi=Chi.REDAZIONE,
            etichetta=_("Proponi per la pubblicazione"),
            conferma=_("Il documento passa al coordinamento nazionale, che lo pubblicherà o lo rimanderà in bozza con un "
                       "commento; finché non torna in bozza non sarà modificabile."),
            fatto=_("Documento proposto per la pubblicazione: il coordinamento nazionale lo esaminerà."),
            fuori_stato=_("Si propone per la pubblicazione solo una bozza; ora il documento è «%(stato)s»."),
            motivo="Proposto per la pubblicazione",
            condizioni=(richiedi_file,),
            avvisa=(Chi.COORDINAMENTO,),
        ),
        rinvio(
            StatoDocumento.IN_REVISIONE,
            StatoDocumento.BOZZA,
            conferma=_("Il documento torna a chi lo ha proposto con il tuo commento, che è obbligatorio."),
            fatto=_("Documento rimandato in bozza."),
            fuori_stato=_("Si rimanda in bozza solo un documento proposto per la pubblicazione; ora è «%(stato)s»."),
        ),
        Passaggio(
            "pubblica",
            da=(StatoDocumento.IN_REVISIONE,),
            a=StatoDocumento.PUBBLICATO,
            chi=Chi.COORDINAMENTO,
            etichetta=_("Pubblica"),
            conferma=_("Il documento e il suo file saranno visibili a chiunque nella sezione pubblica Documenti e "
                       "conteranno nei contatori dei documenti pubblicati."),
            fatto=_("Documento pubblicato: ora è nella sezione pubblica Documenti."),
            fuori_stato=_("Si pubblica solo un documento proposto per la pubblicazione; ora è «%(stato)s»."),
            motivo="Pubblicato",
            commento=Commento.FACOLTATIVO,
            condizioni=(richiedi_file,),
            avvisa=(Chi.REDAZIONE,),
        ),
    ),
    modificabile_in=(StatoDocumento.BOZZA,),
    fuori_modifica=_("Il documento si modifica solo in bozza; ora è «%(stato)s»."),
    pubblicato=StatoDocumento.PUBBLICATO,
)


class DocumentiQuerySet(models.QuerySet):
    """The rule of the public section for reports and national documents, on their querysets."""

    def pubblicati(self) -> DocumentiQuerySet:
        """Published, and with the file a visitor downloads: what the public section lists and the counters count."""
        return self.filter(stato=StatoDocumento.PUBBLICATO).exclude(file="")


class DocumentoPubblicabile(Pubblicabile):
    """A report or a national document: a file with its state on the way to the public section."""

    Stato = StatoDocumento
    flusso = FLUSSO_DOCUMENTO

    stato = models.CharField(_("stato"), max_length=14, choices=StatoDocumento.choices, default=StatoDocumento.BOZZA)
    file: Any  # each kind stores its files in its own folder

    class Meta:
        abstract = True

    def clean(self) -> None:
        # The admin may change a record outside the workflow: a published one keeps its file.
        if self.stato == StatoDocumento.PUBBLICATO and not self.file:
            raise ValidationError({"file": _("Un documento pubblicato deve avere il suo file.")})

    def proponi(self, user: Any, commento: str = "") -> None:
        self.esegui(user, "proponi", commento)

    def rimanda(self, user: Any, commento: str = "") -> None:
        self.esegui(user, "rimanda", commento)

    def pubblica(self, user: Any, commento: str = "") -> None:
        self.esegui(user, "pubblica", commento)


def percorsi_passaggi(modello: type[Pubblicabile], prefisso: str, vista: type[View]) -> list[URLPattern]:
    """`prefisso`<azione>/ for every step of the model's flow, named `<url_passaggi>_<azione>`."""
    nome = modello.url_passaggi.rpartition(":")[2]
    return [
        path(f"{prefisso}{azione}/", vista.as_view(model=modello, azione=azione), name=f"{nome}_{azione}")
        for azione in modello.flusso.azioni
    ]
