"""What the counter pages show, built from a `Quadro` of snapshot rows: values, texts and links.

Nothing here queries activities, so the pages cost the same at any data size; nothing here
builds markup either (the templates do).
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from contatori import mappa_italia
from contatori.obiettivi import Progresso, progresso
from contatori.obiettivi import obiettivi as tabella_obiettivi
from contatori.registry import CONTATORI, GRUPPI, PER_CHIAVE, REGIONALI, Contatore
from contatori.selectors import Quadro, quadro_attuale, serie_settimanali, variazione
from programma import spreadsheets
from programma.models import Programma
from programma.numbers import importo_compatto, numero_italiano
from programma.spreadsheets import numero
from regioni import mappa
from regioni.models import Regione

PREDEFINITO = "tavoli_svolti"
# The charts' periods (cruscotto.js reads the values: days, or "tutto"); 90 days is the default.
PERIODI = (("30", gettext_lazy("30 giorni")), ("90", gettext_lazy("90 giorni")), ("365", gettext_lazy("1 anno")), ("tutto", gettext_lazy("Tutto")))


def formatta(valore: Decimal | None, contatore: Contatore) -> str:
    if valore is None:
        return "—"
    if contatore.unita == "€":
        return importo_compatto(valore)
    return numero_italiano(valore, contatore.decimali)


def esatto(valore: Decimal | None, contatore: Contatore) -> str:
    """The full figure for a tooltip where `formatta` shortened it (amounts in mln/mld), else ""."""
    if valore is None or contatore.unita != "€" or formatta(valore, contatore) == numero_italiano(valore, 0):
        return ""
    return f"{numero_italiano(valore, 2)} €"


def formatta_variazione(delta: Decimal | None, contatore: Contatore) -> str:
    if delta is None:
        return ""
    segno = "+" if delta > 0 else ("−" if delta < 0 else "±")
    return f"{segno}{formatta(abs(delta), contatore)}"


class Collegamenti:
    """Drill-through: the list page behind a number, filtered by region (links to pages not built yet are omitted)."""

    def __init__(self, edizione_id: int | None = None) -> None:
        # The lists follow the edition of the link, not the one chosen later in the header.
        self.edizione_id = edizione_id
        self._basi: dict[str, str | None] = {}

    def _base(self, url_name: str) -> str | None:
        if url_name not in self._basi:
            try:
                self._basi[url_name] = reverse(url_name)
            except NoReverseMatch:
                self._basi[url_name] = None
        return self._basi[url_name]

    def url(self, contatore: Contatore, regione: Regione | None) -> str | None:
        collegamento = contatore.collegamento
        if collegamento is None:
            return None
        base = self._base(collegamento.url_name)
        if base is None:
            return None
        # The lists' region filter takes the primary key, as their own filter form submits it.
        parametri = {"regione": str(regione.pk)} if regione is not None else {}
        parametri.update(collegamento.parametri)
        if self.edizione_id is not None:
            parametri["edizione"] = str(self.edizione_id)
        return f"{base}?{urlencode(parametri)}" if parametri else base


# Targets of an edition as `contatori.obiettivi.obiettivi()` returns them: key -> region id (None = Italy) -> row.
Obiettivi = dict[str, dict[int | None, Any]]


def progresso_di(quadro: Quadro, obiettivi: Obiettivi | None, chiave: str, regione_id: int | None) -> Progresso | None:
    """The value against its own scope's approved target; a region without one has none (no split of the national)."""
    if not obiettivi or quadro.programma is None:
        return None
    return progresso(quadro.valore(chiave, regione_id), obiettivi.get(chiave, {}).get(regione_id), quadro.programma)


def schede(
    quadro: Quadro, serie: dict[str, list], collegamenti: Collegamenti | None, regione: Regione | None, obiettivi: Obiettivi | None = None
) -> list[dict[str, Any]]:
    """One card per counter: value, change over 30 days, link to the records, progress against the target.
    A region's page has no card for a count of regions (its own is always 0 or 1)."""
    risultato = []
    for contatore in CONTATORI if regione is None else [c for c in CONTATORI if c.per_regione]:
        valore = quadro.valore(contatore.chiave, regione.pk if regione else None)
        delta = variazione(serie.get(contatore.chiave, []))
        p = progresso_di(quadro, obiettivi, contatore.chiave, regione.pk if regione else None)
        risultato.append(
            {
                "contatore": contatore,
                "valore": formatta(valore, contatore),
                "unita": contatore.unita_per(valore),
                "esatto": esatto(valore, contatore),
                "variazione": formatta_variazione(delta, contatore),
                "crescita": delta is not None and delta > 0,
                "url": collegamenti.url(contatore, regione) if collegamenti else None,
                "progresso": p,
                "obiettivo": formatta(p.obiettivo, contatore) if p else "",
            }
        )
    return risultato


def tabella(quadro: Quadro, regioni: list[Regione], collegamenti: Collegamenti | None, obiettivi: Obiettivi | None = None) -> list[dict[str, Any]]:
    """Region x counter rows for the sortable table (the counters a region has a value of its own
    for, by column group); each cell with its progress against the region's target.

    The table has 20 rows of about 25 cells and is rebuilt after every recount: each cell comes with
    its texts ready (classes, the % of the target, its symbol and word), so that the template only
    places them (it was half of a cold dashboard's time)."""
    etichette = {stato: (Progresso.SIMBOLI[stato], str(etichetta)) for stato, etichetta in Progresso.ETICHETTE.items()}
    righe = []
    for regione in regioni:
        celle = []
        gruppo = None
        for contatore in REGIONALI:
            valore = quadro.valore(contatore.chiave, regione.pk)
            p = progresso_di(quadro, obiettivi, contatore.chiave, regione.pk)
            classi = f"text-end gruppo-{contatore.gruppo}"
            if contatore.gruppo != gruppo:
                classi += " inizio-gruppo"
                gruppo = contatore.gruppo
            cella = {
                "valore": valore,
                # For the sort (parseFloat): the plain number, not its Italian text.
                "ordine": "" if valore is None else str(valore),
                "testo": formatta(valore, contatore),
                "esatto": esatto(valore, contatore),
                "url": collegamenti.url(contatore, regione) if collegamenti else None,
                "gruppo": contatore.gruppo,
                "progresso": p,
                "classi": classi,
                "percento": "",
            }
            if p is not None:
                cella["classi"] += f" obiettivo-fascia-{p.fascia}"
                cella["percento"] = p.percento_intero
                cella["simbolo"], cella["etichetta"] = etichette[p.stato]
            celle.append(cella)
        righe.append({"regione": regione, "celle": celle})
    return righe


# The table's group headers: (key, name, number of columns), in REGIONALI's order.
GRUPPI_TABELLA = [
    {"chiave": chiave, "nome": nome, "colonne": sum(1 for c in REGIONALI if c.gruppo == chiave)} for chiave, nome in GRUPPI
]


def misure_mappa(
    quadro: Quadro, regioni: list[Regione], contatore: Contatore, obiettivi: Obiettivi | None
) -> tuple[bool, dict[int, tuple[float, str]]]:
    """What colours the map for one counter: (by target?, {region id: (share 0..1, text)}).

    With regional targets for the counter, a region's colour is its % of its own target (a region
    without one is the lightest, and says so); otherwise its value against the highest region's.
    """
    chiave = contatore.chiave
    progressi = {r.pk: progresso_di(quadro, obiettivi, chiave, r.pk) for r in regioni}
    if any(progressi.values()):
        misure = {}
        for regione in regioni:
            testo = formatta(quadro.valore(chiave, regione.pk), contatore)
            p = progressi[regione.pk]
            if p is None:
                misure[regione.pk] = (0.0, gettext("%(valore)s, nessun obiettivo") % {"valore": testo})
            else:
                misure[regione.pk] = (
                    min(float(p.percento), 100.0) / 100,
                    gettext("%(valore)s, %(percento)s%% dell'obiettivo") % {"valore": testo, "percento": p.percento_intero},
                )
        return True, misure
    massimo = max((quadro.valore(chiave, r.pk) for r in regioni), default=Decimal(0))
    return False, {
        r.pk: (float(quadro.valore(chiave, r.pk) / massimo) if massimo else 0.0, formatta(quadro.valore(chiave, r.pk), contatore))
        for r in regioni
    }


def legenda_mappa(quadro: Quadro, regioni: list[Regione], contatore: Contatore, per_obiettivo: bool) -> list[str]:
    """The values each colour of the map stands for (`mappa_italia.soglie`), one text per step of the
    scale: the % of the target, or the counter's values as shares of the highest region's (a count
    in whole numbers, "—" for a step no whole number falls in)."""
    soglie = mappa_italia.soglie()
    if per_obiettivo:
        percento = [f"{numero_italiano(Decimal(round(a * 100)), 0)}%" for _, a in soglie]
        return ["0%", gettext("fino al %(a)s") % {"a": percento[1]}, *(f"{percento[k - 1]}–{percento[k]}" for k in range(2, len(soglie)))]
    massimo = max((quadro.valore(contatore.chiave, r.pk) for r in regioni), default=Decimal(0))
    zero = formatta(Decimal(0), contatore)
    if not massimo:
        return [zero] + ["—"] * (len(soglie) - 1)
    voci = [zero]
    for passo, (da, a) in enumerate(soglie[1:], start=1):
        ultimo = passo == len(soglie) - 1
        if contatore.decimali == 0 and contatore.unita != "€":
            # The whole numbers v with classe(v / massimo) == passo: from massimo·da (above zero) to below massimo·a.
            basso = max(1, math.ceil(massimo * Decimal(str(da))))
            alto = int(massimo) if ultimo else math.ceil(massimo * Decimal(str(a))) - 1
            voci.append("—" if basso > alto else numero_italiano(basso) if basso == alto else f"{numero_italiano(basso)}–{numero_italiano(alto)}")
        elif passo == 1:
            voci.append(gettext("fino a %(a)s") % {"a": formatta(massimo * Decimal(str(a)), contatore)})
        else:
            voci.append(f"{formatta(massimo * Decimal(str(da)), contatore)}–{formatta(massimo * Decimal(str(a)), contatore)}")
    return voci


def dati_mappa(
    quadro: Quadro, regioni: list[Regione], scelto: str, *, pagina_regione: str, obiettivi: Obiettivi | None = None
) -> dict[str, Any] | None:
    """The map's regions, coloured by the chosen counter; each links to the region's page named by
    `pagina_regione` (the staff's counters, or the public page)."""
    forme = mappa.forme()
    if forme is None:
        return None
    per_slug = {r.slug: r for r in regioni}
    per_obiettivo, misure = misure_mappa(quadro, regioni, PER_CHIAVE[scelto], obiettivi)
    aree = []
    for forma in forme["regioni"]:
        regione = per_slug.get(forma["slug"])
        if regione is None:
            continue
        quota, testo = misure[regione.pk]
        aree.append(
            {
                "regione": regione,
                "id_svg": forma["id"],
                "colore": mappa_italia.colore(quota),
                "testo": testo,
                "url": reverse(pagina_regione, args=[regione.slug]),
            }
        )
    legenda = list(zip(mappa_italia.SCALA, legenda_mappa(quadro, regioni, PER_CHIAVE[scelto], per_obiettivo), strict=True))
    return {"viewBox": forme["viewBox"], "aree": aree, "scala": mappa_italia.SCALA, "legenda": legenda, "per_obiettivo": per_obiettivo}


def confronto_regione(quadro: Quadro, regione: Regione, obiettivi: Obiettivi | None) -> list[dict[str, Any]]:
    """Each counter a region has a value of its own for: the region's value, Italy's, and the region's
    progress against its own target (a region without one has none: the national one is never split)."""
    righe = []
    for c in CONTATORI:
        if not c.per_regione:
            continue
        p = progresso_di(quadro, obiettivi, c.chiave, regione.pk)
        righe.append(
            {
                "contatore": c,
                "regione": formatta(quadro.valore(c.chiave, regione.pk), c),
                "italia": formatta(quadro.valore(c.chiave), c),
                "progresso": p,
                "obiettivo": formatta(p.obiettivo, c) if p else "",
            }
        )
    return righe


def valori_per_js(quadro: Quadro, regioni: list[Regione], obiettivi: Obiettivi | None = None) -> dict[str, Any]:
    """For recolouring the map client-side: the regions' slugs once, {counter: [[step of the scale,
    text] per region, in that order]}, which counters are coloured by % of target, and the scale.
    (The slugs once rather than in every counter, and the colour's step rather than the share it
    comes from: about half the bytes this data took in the dashboard's HTML.)"""
    valori, per_obiettivo, legende = {}, {}, {}
    for c in CONTATORI:
        per_obiettivo[c.chiave], misure = misure_mappa(quadro, regioni, c, obiettivi)
        valori[c.chiave] = [[mappa_italia.classe(misure[r.pk][0]), misure[r.pk][1]] for r in regioni]
        legende[c.chiave] = legenda_mappa(quadro, regioni, c, per_obiettivo[c.chiave])
    return {
        "regioni": [r.slug for r in regioni],
        "valori": valori,
        "per_obiettivo": per_obiettivo,
        "legende": legende,
        "scala": mappa_italia.SCALA,
    }


def _allinea(giorni: list, serie: list[tuple[Any, Decimal]]) -> list[int | float | None]:
    """A series' values on a shared list of days (None where it has none), as JSON numbers."""
    per_giorno = dict(serie)
    return [numero(per_giorno[g]) if g in per_giorno else None for g in giorni]


def serie_per_js(serie: dict[str, list]) -> dict[str, Any]:
    """Every counter's line for the chart, on one shared list of days (the page carries each date once)."""
    giorni = sorted({giorno for valori in serie.values() for giorno, _ in valori})
    return {
        "giorni": [giorno.isoformat() for giorno in giorni],
        "contatori": {
            c.chiave: {"etichetta": f"{c.etichetta} ({c.unita})", "valori": _allinea(giorni, serie.get(c.chiave, []))}
            for c in CONTATORI
        },
    }


# Lines the regions' comparison draws until the user picks others: the largest regions.
REGIONI_IN_CONFRONTO = 5


def regioni_in_confronto(quadro: Quadro, regioni: list[Regione], contatore: Contatore) -> list[dict[str, Any]]:
    """The regions to compare, largest first by the counter's latest value; the first few are drawn by default."""
    ordinate = sorted(regioni, key=lambda r: (-quadro.valore(contatore.chiave, r.pk), r.nome))
    return [
        {"regione": r, "valore": formatta(quadro.valore(contatore.chiave, r.pk), contatore), "predefinita": n < REGIONI_IN_CONFRONTO}
        for n, r in enumerate(ordinate)
    ]


def confronto_per_js(voci: list[dict[str, Any]], contatore: Contatore, serie: dict[int, list]) -> dict[str, Any]:
    """One counter's line per region (in the order of `regioni_in_confronto`), on one shared list of days."""
    giorni = sorted({giorno for valori in serie.values() for giorno, _ in valori})
    return {
        "etichetta": f"{contatore.etichetta} ({contatore.unita})",
        "giorni": [giorno.isoformat() for giorno in giorni],
        "regioni": [
            {"slug": v["regione"].slug, "nome": v["regione"].nome_breve, "valori": _allinea(giorni, serie.get(v["regione"].pk, []))}
            for v in voci
        ],
    }


def formato_xlsx(contatore: Contatore) -> str:
    """The spreadsheet's number format of a counter's values (programma.spreadsheets)."""
    if contatore.unita == "€":
        return spreadsheets.IMPORTO
    if contatore.unita == "%":
        return spreadsheets.PERCENTUALE
    return spreadsheets.DECIMALE if contatore.decimali else spreadsheets.INTERO


def colonne_esportazione(obiettivi: Obiettivi | None = None) -> list[tuple[str, str | None]]:
    """The export's columns, (header, XLSX number format): region, every counter and, with targets, each
    target and its % reached after the values."""
    con_obiettivo = [c for c in CONTATORI if c.con_obiettivo] if obiettivi else []
    colonne: list[tuple[str, str | None]] = [("codice_istat", None), ("regione", None)]
    colonne += [(f"{c.etichetta} ({c.unita})", formato_xlsx(c)) for c in CONTATORI]
    for c in con_obiettivo:
        colonne += [
            (gettext("Obiettivo: %(contatore)s") % {"contatore": c.etichetta}, formato_xlsx(c)),
            (gettext("%% obiettivo: %(contatore)s") % {"contatore": c.etichetta}, spreadsheets.PERCENTUALE),
        ]
    return colonne


def righe_esportazione(quadro: Quadro, regioni: list[Regione], obiettivi: Obiettivi | None = None) -> list[list[Any]]:
    """Values per region and for Italy, under the headers of `colonne_esportazione`."""
    con_obiettivo = [c for c in CONTATORI if c.con_obiettivo] if obiettivi else []
    righe: list[list[Any]] = [[intestazione for intestazione, _formato in colonne_esportazione(obiettivi)]]

    def riga(codice: str, nome: str, regione_id: int | None) -> list[Any]:
        valori = [codice, nome] + [numero(quadro.valore(c.chiave, regione_id)) for c in CONTATORI]
        for c in con_obiettivo:
            p = progresso_di(quadro, obiettivi, c.chiave, regione_id)
            valori += [numero(p.obiettivo), numero(p.percento)] if p else ["", ""]
        return valori

    for regione in regioni:
        righe.append(riga(regione.codice_istat, regione.nome, regione.pk))
    righe.append(riga("", gettext("Italia"), None))
    return righe


def matrice_fasi(regioni: list[Regione], fasi: dict[int, list[Any]]) -> list[dict[str, Any]]:
    """Region x phase: a region's name opens the region's counters page."""
    return [
        {
            "regione": regione,
            "url": reverse("contatori:regione", args=[regione.slug]),
            "fasi": fasi.get(regione.pk, []),
        }
        for regione in regioni
    ]


def sommario_nazionale(programma: Programma) -> dict[str, Any]:
    """Italy's numbers as the national volume prints them (programma.risultati.libro_bianco asks for
    them through its `sommario_nazionale` signal): every counter with its approved national target
    and the share reached, and the weekly history of the counters the books draw."""
    from contatori.fotografie import CONTATORI_NEL_LIBRO

    quadro = quadro_attuale(programma)
    tutti = tabella_obiettivi(programma)
    contatori = []
    for contatore in CONTATORI:
        valore = quadro.valore(contatore.chiave)
        p = progresso(valore, tutti.get(contatore.chiave, {}).get(None), programma) if contatore.con_obiettivo else None
        contatori.append(
            {
                "etichetta": str(contatore.etichetta),
                "valore": f"{formatta(valore, contatore)} {contatore.unita_per(valore)}",
                "obiettivo": f"{formatta(p.obiettivo, contatore)} {contatore.unita_per(p.obiettivo)}" if p else "",
                "percento": p.percento_intero if p else None,
                "stato": p.etichetta if p else "",
            }
        )
    fino_al = quadro.giorno or timezone.localdate()
    storia = serie_settimanali(programma, list(CONTATORI_NEL_LIBRO), regioni=[None], fino_al=fino_al)
    serie = [
        {"etichetta": str(PER_CHIAVE[chiave].etichetta), "punti": storia[(None, chiave)]}
        for chiave in CONTATORI_NEL_LIBRO
        if (None, chiave) in storia
    ]
    return {"aggiornato_il": quadro.aggiornato_il, "contatori": contatori, "serie": serie}
