"""The Libro Bianco and the national volume: what they print, gathered for templates/pdf/.

A regional book is the strategic project of phase 2 (its context, objectives, recommendations,
endorsed works, source tavoli, signing enti) with the region's counters as of its approval (stored
on the project by the counters app, with their weekly history). The national volume opens with a
national summary (Italy's counters against their targets, asked of the counters app through the
`sommario_nazionale` signal, since it sits a layer above; the map; where each region stands in
phase 2) and then has a chapter per region with a published project.

Here is only the gathering and the HTML; `stampa.py` turns the HTML into an archival PDF within a
time budget, and `pubblicazioni.py` decides when a book is printed and keeps the files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programma.dati_aperti import LICENZA_TITOLO
from programma.models.opere import OperaPrioritaria
from programma.models.progetti import Fase, ProgettoRegionale, Programma
from programma.numbers import data_estesa, importo_compatto, numero_italiano, unita_per
from programma.risultati import grafici
from programma.risultati.models import Indicazione, OperaSostenuta, ProgettoStrategico
from regioni import mappa
from regioni.models import Regione

# Sent with `edizione=` while a national volume is gathered; a receiver (the counters app) returns
# {"aggiornato_il": datetime | None, "contatori": [{"etichetta", "valore", "obiettivo", "percento",
# "stato"}], "serie": [{"etichetta", "punti": [(day, value)]}]}: Italy's numbers as printed.
sommario_nazionale = Signal()

# What a book prints in full. Beyond these, the book prints the first ones (works by level, then by
# cost) and says so, and the whole list goes in the book's annex (a spreadsheet stored beside it):
# 5,700 works on 180 pages would take minutes to typeset and nobody would read them in print.
MAX_OPERE = 400
MAX_TAVOLI = 300

# A tavolo's participant fields (read through the relation: tavoli is an app above this one).
CATEGORIE_PARTECIPANTI = {
    "n_esperti": gettext_lazy("esperti"),
    "n_associazioni": gettext_lazy("associazioni"),
    "n_imprese": gettext_lazy("imprese"),
    "n_istituzioni": gettext_lazy("istituzioni"),
    "n_gestori": gettext_lazy("gestori"),
}
# Singular of each category, for "1 esperto".
CATEGORIE_SINGOLARE = {
    "n_esperti": gettext_lazy("esperto"),
    "n_associazioni": gettext_lazy("associazione"),
    "n_imprese": gettext_lazy("impresa"),
    "n_istituzioni": gettext_lazy("istituzione"),
    "n_gestori": gettext_lazy("gestore"),
}

# The map of the national volume: where each region stands in phase 2 (darker is further).
COLORI_FASE_2 = {
    ProgettoStrategico.Stato.PUBBLICATO: "#004c99",
    ProgettoStrategico.Stato.APPROVATO: "#4d94db",
    ProgettoStrategico.Stato.IN_REVISIONE: "#b3d1f0",
    ProgettoStrategico.Stato.BOZZA: "#e6eef7",
    "": "#ffffff",
}
COLORE_REGIONE = "#0066cc"
COLORE_ALTRE = "#dfe6ee"
COLORI_MODALITA = ("#0066cc",)
COLORI_STATO = ("#00796b",)
AUTORE_NAZIONALE = "Sistema delle Camere di commercio italiane"


@dataclass(frozen=True)
class Stampa:
    """Which print of the document this is: its version and dates, printed on the cover and colophon."""

    versione: int | None = None
    pubblicazione: bool = False
    generato_il: dt.datetime = field(default_factory=timezone.now)


@dataclass
class Volume:
    """One regional Libro Bianco, as the template reads it."""

    strategico: ProgettoStrategico
    ancora: str
    numeri: list[dict[str, str]]
    giorno_numeri: str
    andamenti: list[dict[str, Any]]
    mappa: dict[str, Any] | None
    mappa_copertina: dict[str, Any] | None
    contesto: list[str]
    obiettivi: list[str]
    temi: list[tuple[str, list[Indicazione]]]
    opere: list[OperaSostenuta]
    opere_totali: int
    costo_totale: Decimal
    per_modalita: grafici.GraficoBarre | None
    per_stato: grafici.GraficoBarre | None
    tavoli: list[dict[str, Any]]
    tavoli_totali: int
    enti: list[Any]

    @property
    def progetto(self) -> ProgettoRegionale:
        return self.strategico.progetto

    @property
    def opere_omesse(self) -> int:
        return self.opere_totali - len(self.opere)

    @property
    def tavoli_omessi(self) -> int:
        return self.tavoli_totali - len(self.tavoli)


def con_contenuti(queryset: QuerySet) -> QuerySet:
    """Everything a volume prints, in a fixed number of queries however many volumes there are
    (the works and tavoli up to what a book prints in full)."""
    tavoli = ProgettoStrategico._meta.get_field("tavoli").related_model.objects.order_by("data", "pk")
    opere = OperaSostenuta.objects.select_related("opera").order_by("livello", "-opera__costo_stimato", "opera__codice")
    return queryset.select_related(
        "progetto__regione", "progetto__programma", "progetto__ente_capofila", "approvato_da"
    ).prefetch_related(
        Prefetch("indicazioni", queryset=Indicazione.objects.order_by("ordine", "pk")),
        Prefetch("sostegni", queryset=opere[:MAX_OPERE], to_attr="sostegni_stampati"),
        Prefetch("tavoli", queryset=tavoli[:MAX_TAVOLI], to_attr="tavoli_stampati"),
        Prefetch("enti_firmatari", to_attr="enti_stampati"),
    )


def paragrafi(testo: str) -> list[str]:
    """A text as paragraphs (blank lines part them; single line breaks stay inside one)."""
    righe = testo.replace("\r\n", "\n").strip()
    return [parte.strip("\n") for parte in righe.split("\n\n") if parte.strip()]


def _numeri(fotografia: dict[str, Any]) -> list[dict[str, str]]:
    righe = []
    for voce in fotografia.get("valori", []):
        try:
            valore = Decimal(voce["valore"])
        except (InvalidOperation, KeyError, TypeError):
            continue
        unita = voce.get("unita", "")
        testo = importo_compatto(valore) if unita == "€" else numero_italiano(valore, int(voce.get("decimali", 0)))
        righe.append(
            {"etichetta": voce.get("etichetta", ""), "valore": testo, "unita": unita_per(valore, unita, voce.get("unita_singolare", ""))}
        )
    return righe


def _andamenti(fotografia: dict[str, Any]) -> list[dict[str, Any]]:
    andamenti = []
    for linea in fotografia.get("serie", []):
        try:
            punti = [(dt.date.fromisoformat(giorno), Decimal(valore)) for giorno, valore in linea.get("punti", [])]
        except (TypeError, ValueError, InvalidOperation):
            continue
        grafico = grafici.linea(punti)
        if grafico is not None:
            andamenti.append(
                {"etichetta": linea.get("etichetta", ""), "grafico": grafico, "ultimo": numero_italiano(punti[-1][1]), "dal": punti[0][0], "al": punti[-1][0]}
            )
    return andamenti


def mappa_colorata(colori: dict[str, str], predefinito: str) -> dict[str, Any] | None:
    """The regions' shapes, each with its fill ({slug: colour}, the others `predefinito`)."""
    sagome = mappa.sagome()
    if sagome is None:
        return None
    return {
        "viewBox": sagome["viewBox"],
        "regioni": [{"d": d, "colore": colori.get(slug, predefinito)} for slug, d in sagome["regioni"].items()],
        "credito": mappa.CREDITO,
    }


def _grafico_per(righe: list[tuple[str, int, Decimal]], colori: tuple[str, ...]) -> grafici.GraficoBarre | None:
    if not righe:
        return None
    voci = []
    for etichetta, numero, costo in sorted(righe, key=lambda r: (-r[1], r[0])):
        opere = f"{numero_italiano(numero)} {unita_per(numero, _('opere'), _('opera'))}"
        testo = f"{opere} · {importo_compatto(costo)} €" if costo else opere
        voci.append((etichetta, numero, testo))
    return grafici.barre(voci, colori=colori)


def _opere_per(strategici: list[int], campo: str) -> dict[int, list[tuple[str, int, Decimal]]]:
    """Endorsed works of each project grouped by one of the work's choice fields: one query."""
    etichette = dict(OperaPrioritaria._meta.get_field(campo).flatchoices)
    righe = (
        OperaSostenuta.objects.filter(progetto_strategico__in=strategici)
        .order_by()
        .values_list("progetto_strategico", f"opera__{campo}")
        .annotate(n=Count("pk"), costo=Sum("opera__costo_stimato"))
    )
    risultato: dict[int, list[tuple[str, int, Decimal]]] = {}
    for strategico, valore, n, costo in righe:
        risultato.setdefault(strategico, []).append((str(etichette.get(valore, valore)), n, costo or Decimal(0)))
    return risultato


def _tavolo(tavolo: Any) -> dict[str, Any]:
    categorie = [
        f"{numero_italiano(getattr(tavolo, campo))} {unita_per(getattr(tavolo, campo), plurale, CATEGORIE_SINGOLARE[campo])}"
        for campo, plurale in CATEGORIE_PARTECIPANTI.items()
        if getattr(tavolo, campo)
    ]
    return {"tavolo": tavolo, "categorie": " · ".join(categorie), "totale": tavolo.n_partecipanti}


def volumi(strategici: list[ProgettoStrategico]) -> list[Volume]:
    """The volumes of these projects (fetched with `con_contenuti`), with four more queries in all."""
    pk = [s.pk for s in strategici]
    per_modalita = _opere_per(pk, "modalita")
    per_stato = _opere_per(pk, "stato")
    tavoli_totali = dict(
        ProgettoStrategico.tavoli.through.objects.filter(progettostrategico__in=pk)
        .order_by()
        .values_list("progettostrategico")
        .annotate(n=Count("pk"))
    )
    risultato = []
    for s in strategici:
        regione = s.progetto.regione
        fotografia = s.contatori_approvazione or {}
        per_tema: dict[str, list[Indicazione]] = {}
        for indicazione in s.indicazioni.all():
            per_tema.setdefault(indicazione.tema, []).append(indicazione)
        modalita = per_modalita.get(s.pk, [])
        risultato.append(
            Volume(
                strategico=s,
                ancora=f"regione-{regione.slug}",
                numeri=_numeri(fotografia),
                giorno_numeri=data_estesa(fotografia.get("giorno", "")),
                andamenti=_andamenti(fotografia),
                mappa=mappa_colorata({regione.slug: COLORE_REGIONE}, COLORE_ALTRE),
                mappa_copertina=mappa_colorata({regione.slug: "#ffffff"}, "#3b86d4"),
                contesto=paragrafi(s.contesto),
                obiettivi=paragrafi(s.obiettivi),
                temi=[(etichetta, per_tema[valore]) for valore, etichetta in Indicazione.Tema.choices if valore in per_tema],
                opere=s.sostegni_stampati,
                opere_totali=sum(n for _, n, _ in modalita),
                costo_totale=sum((costo for _, _, costo in modalita), Decimal(0)),
                per_modalita=_grafico_per(modalita, COLORI_MODALITA),
                per_stato=_grafico_per(per_stato.get(s.pk, []), COLORI_STATO),
                tavoli=[_tavolo(t) for t in s.tavoli_stampati],
                tavoli_totali=tavoli_totali.get(s.pk, 0),
                enti=s.enti_stampati,
            )
        )
    return risultato


# --- the national volume -----------------------------------------------------------------------


def fasi_2(edizione: Programma) -> list[dict[str, Any]]:
    """Where every region stands in phase 2: its strategic project's state and phase 2's progress (two queries)."""
    progetti = {
        p.regione_id: p
        for p in ProgettoRegionale.objects.filter(programma=edizione).select_related("strategico")
    }
    fasi = {f.progetto_id: f for f in Fase.objects.filter(progetto__programma=edizione, numero=2)}
    righe = []
    for regione in Regione.objects.order_by("codice_istat"):
        progetto = progetti.get(regione.pk)
        strategico = getattr(progetto, "strategico", None) if progetto else None
        fase = fasi.get(progetto.pk) if progetto else None
        righe.append(
            {
                "regione": regione,
                "progetto": progetto,
                "strategico": strategico,
                "stato": strategico.stato if strategico else "",
                "stato_etichetta": (
                    strategico.get_stato_display() if strategico
                    else _("Nessun progetto strategico") if progetto else _("Nessun progetto regionale")
                ),
                "approvato_il": data_estesa(strategico.approvato_il) if strategico and strategico.approvato_il else "",
                "avanzamento": fase.avanzamento if fase else None,
            }
        )
    return righe


def sommario(edizione: Programma) -> dict[str, Any]:
    """Italy's numbers from whoever answers `sommario_nazionale` (the counters app); empty if nobody does."""
    dati: dict[str, Any] = {"contatori": [], "serie": [], "aggiornato_il": None}
    for _ricevitore, risposta in sommario_nazionale.send(sender=Programma, edizione=edizione):
        if risposta:
            dati.update(risposta)
    dati["andamenti"] = []
    for linea in dati["serie"]:
        grafico = grafici.linea(linea["punti"])
        if grafico is not None:
            dati["andamenti"].append({"etichetta": linea["etichetta"], "grafico": grafico, "ultimo": numero_italiano(linea["punti"][-1][1])})
    dati["aggiornato"] = data_estesa(dati["aggiornato_il"]) if dati["aggiornato_il"] else ""
    return dati


# --- the HTML ---------------------------------------------------------------------------------


def _documento(**campi: Any) -> dict[str, Any]:
    return {"lingua": "it-IT", "licenza": LICENZA_TITOLO, **campi}


def html_regionale(strategico: ProgettoStrategico, stampa: Stampa) -> str:
    """The HTML of one regional Libro Bianco (the project is fetched again with everything it prints)."""
    (volume,) = volumi(list(con_contenuti(ProgettoStrategico.objects.filter(pk=strategico.pk))))
    s, progetto = volume.strategico, volume.progetto
    regione = progetto.regione
    documento = _documento(
        titolo=s.titolo,
        autore=progetto.ente_capofila.nome if progetto.ente_capofila_id else AUTORE_NAZIONALE,
        soggetto=_("Progetto territoriale strategico della regione %(regione)s, %(edizione)s") % {"regione": regione.nome, "edizione": progetto.programma.nome},
        parole_chiave=", ".join([_("Libro Bianco"), _("infrastrutture"), regione.nome_breve, progetto.programma.nome, _("Camere di commercio")]),
        approvato_il=data_estesa(s.approvato_il) if s.approvato_il else "",
        pubblicato_il=data_estesa(s.pubblicato_il) if stampa.pubblicazione and s.pubblicato_il else "",
        creato=s.approvato_il or stampa.generato_il,
    )
    return _html({"documento": documento, "volumi": [volume], "nazionale": False, "edizione": progetto.programma, "stampa": stampa})


def html_nazionale(edizione: Programma, stampa: Stampa) -> str:
    """The HTML of the national volume: the summary, then every published regional book by ISTAT code."""
    pubblicati = ProgettoStrategico.objects.filter(stato=ProgettoStrategico.Stato.PUBBLICATO, progetto__programma=edizione)
    elenco = volumi(list(con_contenuti(pubblicati.order_by("progetto__regione__codice_istat"))))
    fasi = fasi_2(edizione)
    colori = {riga["regione"].slug: COLORI_FASE_2[riga["stato"]] for riga in fasi}
    documento = _documento(
        titolo=_("Libro Bianco nazionale delle infrastrutture — %(edizione)s") % {"edizione": edizione.nome},
        autore=AUTORE_NAZIONALE,
        soggetto=_("I progetti territoriali strategici delle regioni e i numeri nazionali del Programma Infrastrutture, %(edizione)s")
        % {"edizione": edizione.nome},
        parole_chiave=", ".join([_("Libro Bianco"), _("infrastrutture"), _("Programma Infrastrutture"), edizione.nome, _("Camere di commercio")]),
        approvato_il="",
        pubblicato_il=data_estesa(stampa.generato_il) if stampa.pubblicazione else "",
        creato=stampa.generato_il,
    )
    legenda = [(COLORI_FASE_2[stato], etichetta) for stato, etichetta in reversed(ProgettoStrategico.Stato.choices)]
    legenda.append((COLORI_FASE_2[""], _("Nessun progetto strategico")))
    contesto = {
        "documento": documento,
        "volumi": elenco,
        "nazionale": True,
        "edizione": edizione,
        "stampa": stampa,
        "sommario": sommario(edizione),
        "fasi": fasi,
        "mappa_nazionale": mappa_colorata(colori, COLORI_FASE_2[""]),
        # On the cover, white is a region whose book is in this volume.
        "mappa_copertina": mappa_colorata({v.progetto.regione.slug: "#ffffff" for v in elenco}, "#3b86d4"),
        "legenda": legenda,
    }
    return _html(contesto)


def _html(contesto: dict[str, Any]) -> str:
    stampa: Stampa = contesto["stampa"]
    contesto["generato"] = data_estesa(stampa.generato_il)
    return render_to_string("pdf/libro_bianco.html", contesto)
