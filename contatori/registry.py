"""The counter registry: what is counted, and how.

Each counter is one grouped aggregate over all regions (`values(<region>).annotate(...)`),
never a query per region. Its national value is the sum of the regions only where
that is right; distinct counts and averages compute their own.

Scope: every counter is for one edition (the recount computes the active one).
- Activities (tavoli, eventi, report, fasi) through `progetto__programma`.
- Works (`OperaPrioritaria`) by `OperaPrioritariaQuerySet.nell_edizione`: their project's
  edition, or their own edition when they have no project (the import assigns the
  active one when the file does not say). A work never counts in another edition.
- "Held" means `stato = svolto`: planned and cancelled activities never count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eventi.models import Evento
from programma.models import Fase, OperaPrioritaria, ProgettoRegionale, ProgettoStrategico, Programma, Report, StatoAttivita
from programma.numbers import unita_per
from regioni.models import Comune, Ente, Provincia
from tavoli.models import PARTECIPANTI, TavoloConfronto

# A counter's values: region id -> value, and None -> the national value.
Valori = dict[int | None, Decimal]
ZERO = Decimal(0)


@dataclass(frozen=True)
class Collegamento:
    """Where the records behind a number are: a list page and its filters (drill-through).

    The list, filtered so and by region, shows exactly the counter's number: its count of rows, or
    the list's figure named `misura` (a `programma.activities.lists.Riepilogo`: participants, an
    amount, an average). tests/contatori/test_collegamenti.py follows every link and compares. A
    counter no list can show exactly (a share of provinces, distinct organisations) has no link.
    """

    url_name: str
    parametri: dict[str, str] = field(default_factory=dict)
    misura: str = ""


@dataclass(frozen=True)
class Contatore:
    chiave: str
    etichetta: str | Promise
    unita: str  # plural, as headers write it: "(regioni)"
    descrizione: str | Promise
    calcola: Callable[[Programma], Valori]
    collegamento: Collegamento | None = None
    decimali: int = 0
    # Whether a target makes sense (not for counters where less is better).
    con_obiettivo: bool = True
    # The column group of the region table (GRUPPI).
    gruppo: str = "attivita"
    # False for a count of regions: a region's own value is always 0 or 1, no column or card of its own.
    per_regione: bool = True
    # "1 regione", not "1 regioni" (programma.numbers.unita_per); empty for "%" and "€".
    unita_singolare: str | Promise = ""

    def unita_per(self, valore: Decimal | None) -> str:
        return unita_per(valore, self.unita, self.unita_singolare)


def _d(value: Any) -> Decimal:
    return Decimal(value or 0)


def _somma_nazionale(per_regione: dict[int, Decimal]) -> Valori:
    """For additive counters: national = the sum of the regions."""
    valori: Valori = dict(per_regione)
    valori[None] = sum(per_regione.values(), ZERO)
    return valori


def _raggruppa(queryset: QuerySet, regione: str, **aggregato: Any) -> dict[int, Decimal]:
    """One grouped query: {region id: value}."""
    (nome,) = aggregato
    righe = queryset.order_by().values(regione).annotate(**aggregato).values_list(regione, nome)
    return {regione_id: _d(valore) for regione_id, valore in righe}


# "Held" is the activities' own rule (AttivitaQuerySet.svolti), the one the lists filter by too.
def tavoli_svolti(programma: Programma) -> QuerySet:
    return TavoloConfronto.objects.nell_edizione(programma).svolti()


def eventi_svolti(programma: Programma) -> QuerySet:
    return Evento.objects.nell_edizione(programma).svolti()


def opere(programma: Programma) -> QuerySet:
    return OperaPrioritaria.objects.nell_edizione(programma)


def fasi(programma: Programma) -> QuerySet:
    return Fase.objects.filter(progetto__programma=programma)


# --- the counters -------------------------------------------------------------------------


def _regioni_coperte(programma: Programma) -> Valori:
    # A region is covered when it has a regional project in the edition (1 or 0 per region).
    per_regione = _raggruppa(
        ProgettoRegionale.objects.filter(programma=programma), "regione", n=Count("regione", distinct=True)
    )
    return _somma_nazionale(per_regione)


def _copertura_territoriale(programma: Programma) -> Valori:
    # Share of provinces where at least one tavolo or event was held; national = all reached / all provinces.
    raggiunta = Exists(tavoli_svolti(programma).filter(provincia=OuterRef("pk"))) | Exists(
        eventi_svolti(programma).filter(provincia=OuterRef("pk"))
    )
    righe = (
        Provincia.objects.order_by()
        .values("regione")
        .annotate(totale=Count("pk"), raggiunte=Count("pk", filter=raggiunta))
        .values_list("regione", "totale", "raggiunte")
    )
    valori: Valori = {}
    totale = raggiunte = 0
    for regione_id, n_totale, n_raggiunte in righe:
        valori[regione_id] = _percento(n_raggiunte, n_totale)
        totale += n_totale
        raggiunte += n_raggiunte
    valori[None] = _percento(raggiunte, totale)
    return valori


def _percento(parte: Any, totale: Any) -> Decimal:
    if not totale:
        return ZERO
    return (Decimal(parte) * 100 / Decimal(totale)).quantize(Decimal("0.01"))


def _enti_coinvolti(programma: Programma) -> Valori:
    # Counted in the Ente's own region: an Ente is in one region, so the national sum counts each once.
    coinvolti = Ente.objects.filter(
        Q(progetti_capofila__programma=programma) | Q(progetti_partecipati__programma=programma)
    )
    return _somma_nazionale(_raggruppa(coinvolti, "regione", n=Count("pk", distinct=True)))


def _camere_coinvolte(programma: Programma) -> Valori:
    # Camere di commercio with a role in a project of the edition or at least one held tavolo or event
    # they ran. EXISTS, not joins: a Camera with many activities is one Camera. An Ente is in one
    # region, so the national sum counts each once.
    attiva = (
        Exists(ProgettoRegionale.objects.filter(programma=programma, ente_capofila=OuterRef("pk")))
        | Exists(ProgettoRegionale.enti_partecipanti.through.objects.filter(progettoregionale__programma=programma, ente=OuterRef("pk")))
        | Exists(tavoli_svolti(programma).filter(ente=OuterRef("pk")))
        | Exists(eventi_svolti(programma).filter(ente=OuterRef("pk")))
    )
    camere = Ente.objects.filter(attiva, tipo=Ente.Tipo.CAMERA_COMMERCIO)
    return _somma_nazionale(_raggruppa(camere, "regione", n=Count("pk")))


def _tavoli_svolti(programma: Programma) -> Valori:
    return _somma_nazionale(_raggruppa(tavoli_svolti(programma), "progetto__regione", n=Count("pk")))


def _partecipanti_tavoli(programma: Programma) -> Valori:
    # The same sum the tavoli list shows (PARTECIPANTI, TavoloConfrontoQuerySet.con_partecipanti).
    return _somma_nazionale(_raggruppa(tavoli_svolti(programma), "progetto__regione", n=Sum(PARTECIPANTI)))


def _stakeholder_distinti(programma: Programma) -> Valori:
    # Organisations are per region (tavoli.Organizzazione.regione), so the regions' distinct counts
    # add up: nationally this is the number of distinct (region, organisation) pairs.
    presenze = TavoloConfronto.organizzazioni.through.objects.filter(tavoloconfronto__in=tavoli_svolti(programma))
    return _somma_nazionale(
        _raggruppa(presenze, "tavoloconfronto__progetto__regione", n=Count("organizzazione", distinct=True))
    )


def _opere_individuate(programma: Programma) -> Valori:
    return _somma_nazionale(_raggruppa(opere(programma), "regione", n=Count("pk")))


def _opere_livello_1(programma: Programma) -> Valori:
    return _somma_nazionale(_raggruppa(opere(programma).filter(livello_priorita=1), "regione", n=Count("pk")))


def _valore_opere(programma: Programma) -> Valori:
    return _somma_nazionale(_raggruppa(opere(programma), "regione", n=Sum("costo_stimato")))


def _opere_pnrr(programma: Programma) -> Valori:
    return _somma_nazionale(_raggruppa(opere(programma).filter(finanziamento_pnrr=True), "regione", n=Count("pk")))


def _eventi_svolti(programma: Programma) -> Valori:
    return _somma_nazionale(_raggruppa(eventi_svolti(programma), "progetto__regione", n=Count("pk")))


def _partecipanti_eventi(programma: Programma) -> Valori:
    return _somma_nazionale(_raggruppa(eventi_svolti(programma), "progetto__regione", n=Sum("n_partecipanti")))


def eventi_bul_5g(programma: Programma) -> QuerySet:
    return eventi_svolti(programma).sensibilizzazione_bul_5g()


def _seminari_svolti(programma: Programma) -> Valori:
    seminari = eventi_svolti(programma).filter(tipo=Evento.Tipo.SEMINARIO)
    return _somma_nazionale(_raggruppa(seminari, "progetto__regione", n=Count("pk")))


def _imprese_bul_5g(programma: Programma) -> Valori:
    return _somma_nazionale(_raggruppa(eventi_bul_5g(programma), "progetto__regione", n=Sum("n_imprese")))


def _comuni_raggiunti(programma: Programma) -> Valori:
    # Distinct comuni whose firms were informed at held BUL/5G events; a comune is in one region,
    # so the national sum counts each once however many events named it.
    informato = Exists(
        Evento.comuni_informati.through.objects.filter(comune=OuterRef("pk"), evento__in=eventi_bul_5g(programma))
    )
    return _somma_nazionale(_raggruppa(Comune.objects.filter(informato), "provincia__regione", n=Count("pk")))


def _report_pubblicati(programma: Programma) -> Valori:
    pubblicati = Report.objects.pubblicati().filter(progetto__programma=programma)
    return _somma_nazionale(_raggruppa(pubblicati, "progetto__regione", n=Count("pk")))


def _report_per_tipo(tipo: str) -> Callable[[Programma], Valori]:
    def calcola(programma: Programma) -> Valori:
        pubblicati = Report.objects.pubblicati().filter(progetto__programma=programma, tipo=tipo)
        return _somma_nazionale(_raggruppa(pubblicati, "progetto__regione", n=Count("pk")))

    return calcola


def strategici(programma: Programma) -> QuerySet:
    return ProgettoStrategico.objects.filter(progetto__programma=programma)


def _strategici_approvati(programma: Programma) -> Valori:
    # Approved, published or not: publishing comes after approval.
    return _somma_nazionale(_raggruppa(strategici(programma).approvati(), "progetto__regione", n=Count("pk")))


def _strategici_pubblicati(programma: Programma) -> Valori:
    return _somma_nazionale(_raggruppa(strategici(programma).pubblicati(), "progetto__regione", n=Count("pk")))


def _tappe_roadshow(programma: Programma) -> Valori:
    tappe = eventi_svolti(programma).filter(tipo=Evento.Tipo.TAPPA_ROADSHOW)
    return _somma_nazionale(_raggruppa(tappe, "progetto__regione", n=Count("pk")))


def _fasi_completate(programma: Programma) -> Valori:
    completate = fasi(programma).filter(stato=Fase.Stato.COMPLETATA)
    return _somma_nazionale(_raggruppa(completate, "progetto__regione", n=Count("pk")))


def _avanzamento_medio(programma: Programma) -> Valori:
    # National = the mean over every phase, not the mean of the regional means.
    righe = (
        fasi(programma)
        .order_by()
        .values("progetto__regione")
        .annotate(somma=Sum("avanzamento"), numero=Count("pk"))
        .values_list("progetto__regione", "somma", "numero")
    )
    valori: Valori = {}
    somma = numero = 0
    for regione_id, s, n in righe:
        valori[regione_id] = _media(s, n)
        somma += s or 0
        numero += n
    valori[None] = _media(somma, numero)
    return valori


def _media(somma: Any, numero: int) -> Decimal:
    return (Decimal(somma or 0) / numero).quantize(Decimal("0.01")) if numero else ZERO


def _fasi_in_ritardo(programma: Programma) -> Valori:
    in_ritardo = fasi(programma).in_ritardo(timezone.localdate())
    return _somma_nazionale(_raggruppa(in_ritardo, "progetto__regione", n=Count("pk")))


SVOLTI = {"stato": StatoAttivita.SVOLTO}

CONTATORI: tuple[Contatore, ...] = (
    Contatore(
        "regioni_coperte", _("Regioni coperte"), _("regioni"),
        _("Regioni con un progetto regionale nell'edizione attiva (1 o 0 per ogni regione)."),
        _regioni_coperte, Collegamento("programma:progetti"), per_regione=False, unita_singolare=_("regione"),
    ),
    Contatore(
        "copertura_territoriale", _("Copertura territoriale"), "%",
        _("Quota delle province in cui si è svolto almeno un tavolo o un evento."),
        _copertura_territoriale, decimali=1,
    ),
    Contatore(
        "enti_coinvolti", _("Enti coinvolti"), _("enti"),
        _("Unioni regionali e Camere di commercio capofila o partecipanti di un progetto, contate nella propria regione."),
        _enti_coinvolti, unita_singolare=_("ente"),
    ),
    Contatore(
        "camere_coinvolte", _("Camere coinvolte"), _("Camere"),
        _("Camere di commercio capofila o partecipanti di un progetto, o che hanno svolto almeno un tavolo o un evento."),
        _camere_coinvolte, unita_singolare=_("Camera"),
    ),
    Contatore(
        "tavoli_svolti", _("Tavoli svolti"), _("tavoli"),
        _("Tavoli di confronto svolti (non quelli pianificati o annullati)."),
        _tavoli_svolti, Collegamento("tavoli:lista", SVOLTI), unita_singolare=_("tavolo"),
    ),
    Contatore(
        "partecipanti_tavoli", _("Partecipanti ai tavoli"), _("partecipanti"),
        _("Esperti, associazioni, imprese, istituzioni e gestori presenti ai tavoli svolti."),
        _partecipanti_tavoli, Collegamento("tavoli:lista", SVOLTI, misura="partecipanti"), unita_singolare=_("partecipante"),
    ),
    Contatore(
        "stakeholder_distinti", _("Stakeholder distinti"), _("organizzazioni"),
        _("Organizzazioni diverse presenti ai tavoli svolti di ogni regione; il dato nazionale è la somma "
          "delle regioni (un'organizzazione presente in due regioni vi è registrata due volte)."),
        _stakeholder_distinti, unita_singolare=_("organizzazione"),
    ),
    Contatore(
        "opere_individuate", _("Opere prioritarie individuate"), _("opere"),
        _("Opere segnalate dai territori nell'edizione (tramite il progetto regionale o assegnate all'edizione)."),
        _opere_individuate, Collegamento("programma:opere"), gruppo="opere", unita_singolare=_("opera"),
    ),
    Contatore(
        "opere_livello_1", _("Opere di priorità 1"), _("opere"),
        _("Opere prioritarie di livello 1."),
        _opere_livello_1, Collegamento("programma:opere", {"livello_priorita": "1"}), gruppo="opere", unita_singolare=_("opera"),
    ),
    Contatore(
        "valore_opere", _("Valore delle opere"), "€",
        _("Somma dei costi stimati delle opere prioritarie."),
        _valore_opere, Collegamento("programma:opere", misura="valore"), gruppo="opere",
    ),
    Contatore(
        "opere_pnrr", _("Opere con fondi PNRR"), _("opere"),
        _("Opere prioritarie con finanziamento PNRR."),
        _opere_pnrr, Collegamento("programma:opere", {"finanziamento_pnrr": "True"}), gruppo="opere", unita_singolare=_("opera"),
    ),
    Contatore(
        "eventi_svolti", _("Eventi svolti"), _("eventi"),
        _("Tutti gli eventi svolti: seminari, workshop, webinar, convegni, incontri e tappe."),
        _eventi_svolti, Collegamento("eventi:lista", SVOLTI), unita_singolare=_("evento"),
    ),
    Contatore(
        "seminari_svolti", _("Seminari svolti"), _("seminari"),
        _("Seminari svolti, contati a parte rispetto agli altri eventi (che li comprendono)."),
        _seminari_svolti, Collegamento("eventi:lista", {**SVOLTI, "tipo": Evento.Tipo.SEMINARIO}), unita_singolare=_("seminario"),
    ),
    Contatore(
        "partecipanti_eventi", _("Partecipanti agli eventi"), _("partecipanti"),
        _("Partecipanti agli eventi svolti."),
        _partecipanti_eventi, Collegamento("eventi:lista", SVOLTI, misura="partecipanti"), unita_singolare=_("partecipante"),
    ),
    Contatore(
        "imprese_bul_5g", _("Imprese raggiunte su BUL, 5G e digitale"), _("imprese"),
        _("Imprese presenti agli incontri BUL/5G e agli eventi svolti sui temi BUL, 5G o digitale (fase 3)."),
        _imprese_bul_5g, Collegamento("eventi:lista", {**SVOLTI, "bul_5g": "True"}, misura="imprese"), unita_singolare=_("impresa"),
    ),
    Contatore(
        "comuni_raggiunti", _("Comuni raggiunti su BUL e 5G"), _("comuni"),
        _("Comuni diversi le cui imprese sono state informate agli incontri BUL/5G e agli eventi svolti sui temi BUL o 5G."),
        _comuni_raggiunti, unita_singolare=_("comune"),
    ),
    Contatore(
        "report_pubblicati", _("Report pubblicati"), _("report"),
        _("Tutti i report pubblicati dal coordinamento nazionale con il loro file: report di analisi, libri bianchi, presentazioni e altri."),
        _report_pubblicati, Collegamento("programma:report_lista", {"stato": "pubblicato"}), gruppo="risultati", unita_singolare=_("report"),
    ),
    Contatore(
        "report_analisi_pubblicati", _("Report di analisi pubblicati"), _("report"),
        _("Report di analisi pubblicati, a parte rispetto a libri bianchi e presentazioni."),
        _report_per_tipo(Report.Tipo.REPORT_ANALISI),
        Collegamento("programma:report_lista", {"stato": "pubblicato", "tipo": Report.Tipo.REPORT_ANALISI}), gruppo="risultati", unita_singolare=_("report"),
    ),
    Contatore(
        "libri_bianchi_pubblicati", _("Libri bianchi pubblicati (file)"), _("report"),
        _("Libri bianchi caricati come file e pubblicati dal coordinamento nazionale (quelli generati dal progetto strategico sono contati a parte)."),
        _report_per_tipo(Report.Tipo.LIBRO_BIANCO),
        Collegamento("programma:report_lista", {"stato": "pubblicato", "tipo": Report.Tipo.LIBRO_BIANCO}), gruppo="risultati", unita_singolare=_("report"),
    ),
    Contatore(
        "presentazioni_pubblicate", _("Presentazioni pubblicate"), _("presentazioni"),
        _("Presentazioni pubblicate dai progetti regionali."),
        _report_per_tipo(Report.Tipo.PRESENTAZIONE),
        Collegamento("programma:report_lista", {"stato": "pubblicato", "tipo": Report.Tipo.PRESENTAZIONE}),
        gruppo="risultati", unita_singolare=_("presentazione"),
    ),
    Contatore(
        "strategici_approvati", _("Progetti strategici approvati"), _("progetti"),
        _("Progetti territoriali strategici (fase 2) approvati dal coordinamento nazionale, pubblicati o no."),
        _strategici_approvati, Collegamento("programma:progetti", {"strategico_approvato": "True"}), gruppo="risultati", unita_singolare=_("progetto"),
    ),
    Contatore(
        "strategici_pubblicati", _("Progetti strategici pubblicati"), _("progetti"),
        _("Progetti territoriali strategici pubblicati con il loro Libro Bianco nella sezione pubblica Documenti."),
        _strategici_pubblicati, Collegamento("programma:progetti", {"strategico_pubblicato": "True"}), gruppo="risultati", unita_singolare=_("progetto"),
    ),
    Contatore(
        "tappe_roadshow", _("Tappe del roadshow"), _("tappe"),
        _("Tappe del roadshow camerale svolte."),
        _tappe_roadshow, Collegamento("eventi:lista", {**SVOLTI, "tipo": Evento.Tipo.TAPPA_ROADSHOW}), unita_singolare=_("tappa"),
    ),
    Contatore(
        "fasi_completate", _("Fasi completate"), _("fasi"),
        _("Macro fasi completate nei progetti regionali."),
        _fasi_completate, Collegamento("programma:fasi", {"stato": "completata"}), gruppo="fasi", unita_singolare=_("fase"),
    ),
    Contatore(
        "avanzamento_medio", _("Avanzamento medio delle fasi"), "%",
        _("Media dell'avanzamento di tutte le fasi; a livello nazionale è la media di tutte le fasi."),
        _avanzamento_medio, Collegamento("programma:fasi", misura="avanzamento_medio"), decimali=1, gruppo="fasi",
    ),
    Contatore(
        "fasi_in_ritardo", _("Fasi in ritardo"), _("fasi"),
        _("Fasi non completate oltre la fine prevista."),
        _fasi_in_ritardo, Collegamento("programma:fasi", {"in_ritardo": "True"}), con_obiettivo=False, gruppo="fasi", unita_singolare=_("fase"),
    ),
)

PER_CHIAVE: dict[str, Contatore] = {c.chiave: c for c in CONTATORI}

# The region table's column groups, in their order; a user may hide a group.
GRUPPI: tuple[tuple[str, str | Promise], ...] = (
    ("attivita", _("Attività")),
    ("fasi", _("Fasi")),
    ("opere", _("Opere")),
    ("risultati", _("Risultati")),
)
# The counters a region has a value of its own for, in the region table's order (by group).
REGIONALI: tuple[Contatore, ...] = tuple(
    sorted((c for c in CONTATORI if c.per_regione), key=lambda c: [g for g, _ in GRUPPI].index(c.gruppo))
)


def calcola_tutti(programma: Programma) -> dict[str, Valori]:
    """Every counter for every region (missing regions are 0) and nationally."""
    from regioni.models import Regione

    regioni = list(Regione.objects.values_list("pk", flat=True))
    risultato: dict[str, Valori] = {}
    for contatore in CONTATORI:
        valori = contatore.calcola(programma)
        risultato[contatore.chiave] = {
            **{regione_id: ZERO for regione_id in regioni},
            **valori,
        }
    return risultato
