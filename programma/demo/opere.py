"""The demo's priority works, each tied to the tavolo where it emerged and discussed there."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from programma.demo.bulk import crea
from programma.demo.casuale import rng_di, scegli_pesato
from programma.demo.dati import (
    AEROPORTI,
    COSTO_MEDIANO,
    FONTE_PNRR,
    FONTI,
    FONTI_ALTRE,
    MODALITA_OPERE,
    PORTI,
    REGIONI_IDROVIE,
    TAVOLI_PER_REGIONE,
    TITOLI_OPERE,
)
from programma.demo.tavoli import TavoliDemo
from programma.demo.territorio import Quote, Territorio, capoluogo, quote_regione
from programma.models import OperaPrioritaria
from regioni.models import Provincia
from tavoli.models import StatoAttivita, TavoloConfronto

PREFISSO_OPERE = "DEMO-"


def codice_opera(codice_regione: str, n: int) -> str:
    return f"{PREFISSO_OPERE}{codice_regione}-{n:04d}"


def tavolo_di_opera(n: int, codice_regione: str) -> int:
    """The tavolo (sequence number) where work n emerged: works are spread evenly over the tavoli."""
    tavoli = TAVOLI_PER_REGIONE[codice_regione]
    opere = quote_regione(codice_regione, 1).opere
    return (n - 1) * tavoli // opere + 1


def opere_del_tavolo(codice_regione: str, numero_tavolo: int) -> range:
    """The works (sequence numbers) that emerged at a tavolo: the inverse of `tavolo_di_opera`."""
    tavoli = TAVOLI_PER_REGIONE[codice_regione]
    opere = quote_regione(codice_regione, 1).opere
    return range(-(-(numero_tavolo - 1) * opere // tavoli) + 1, -(-numero_tavolo * opere // tavoli) + 1)


def spec_opera(t: Territorio, n: int, oggi: dt.date) -> tuple[OperaPrioritaria, list[Provincia], int]:
    rng = rng_di("opera", t.codice, n)
    modalita = scegli_pesato(rng, MODALITA_OPERE)[0]
    if modalita == "portuale" and t.codice not in PORTI:
        modalita = "idroviaria" if t.codice in REGIONI_IDROVIE else "interportuale"
    if modalita == "aeroportuale" and t.codice not in AEROPORTI:
        modalita = "stradale"
    if modalita == "idroviaria" and t.codice not in REGIONI_IDROVIE:
        modalita = "portuale" if t.codice in PORTI else "ciclabile"
    province = [rng.choice(t.province)]
    if len(t.province) > 1 and rng.random() < 0.3:
        province.append(rng.choice([p for p in t.province if p != province[0]]))
    luoghi = t.luoghi()
    a = capoluogo(province[0])
    b = capoluogo(province[1]) if len(province) > 1 else rng.choice([luogo for luogo in luoghi if luogo != a])
    titolo = rng.choice(TITOLI_OPERE[modalita]).format(
        a=a, b=b, ss=rng.randint(1, 700), sp=rng.randint(1, 400), au=rng.randint(1, 33),
        porto=rng.choice(PORTI.get(t.codice, [a])), aeroporto=rng.choice(AEROPORTI.get(t.codice, [a])),
    )  # fmt: skip
    costo = min(5e9, max(1e6, rng.lognormvariate(math.log(COSTO_MEDIANO[modalita]), 1.25)))
    stato = scegli_pesato(
        rng, [("proposta", 20), ("in_progettazione", 35), ("in_affidamento", 12), ("in_esecuzione", 25), ("completata", 4), ("sospesa", 4)]
    )[0]  # fmt: skip
    semaforo = "rosso" if stato == "sospesa" else scegli_pesato(rng, [("verde", 55), ("giallo", 30), ("rosso", 15)])[0]
    pnrr = rng.random() < 0.28
    if pnrr:
        fonte = FONTE_PNRR.get(modalita, "PNRR — Missione 3")
    else:
        fonte = rng.choice(FONTI.get(modalita, FONTI_ALTRE))
    if stato == "completata":
        completamento = oggi - dt.timedelta(days=rng.randint(30, 700))
    else:
        completamento = dt.date(rng.randint(oggi.year + 1, oggi.year + 9), rng.randint(1, 12), 1) - dt.timedelta(days=1)
    cup = ""
    if rng.random() < 0.45:
        cup = f"{rng.choice('BCDEFGHIJ')}{rng.randint(16, 25)}{rng.choice('ABCDEFGHIJ')}{rng.randint(0, 10**11 - 1):011d}"
    opera = OperaPrioritaria(
        codice=codice_opera(t.codice, n),
        cup=cup,
        titolo=titolo,
        descrizione=f"Opera segnalata dal territorio di {a} nel corso dei tavoli di confronto del programma.",
        modalita=modalita,
        livello_priorita=scegli_pesato(rng, [(1, 48), (2, 32), (3, 20)])[0],
        stato=stato,
        semaforo=semaforo,
        costo_stimato=Decimal(round(costo, -3)).quantize(Decimal("0.01")),
        finanziamento_pnrr=pnrr,
        commissario_straordinario=modalita in ("stradale", "ferroviaria") and costo > 5e8 and rng.random() < 0.5,
        fonte_finanziamento=fonte,
        regione=t.regione,
        progetto=t.progetto,
        data_completamento_prevista=completamento,
    )
    return opera, province, tavolo_di_opera(n, t.codice)


def crea_opere(territori: list[Territorio], quote: dict[str, Quote], tavoli: TavoliDemo, oggi: dt.date) -> int:
    """The missing demo works, their provinces, and the new tavoli's discussions of them."""
    codici_esistenti = set(OperaPrioritaria.objects.filter(codice__startswith=PREFISSO_OPERE).values_list("codice", flat=True))
    tavoli_per_numero = {
        (s.tavolo.progetto_id, s.indice): tavoli.pk.get((s.tavolo.progetto_id, s.tavolo.titolo))
        for s in tavoli.tutti
        if s.tavolo.stato == StatoAttivita.SVOLTO
    }
    nuove_opere, province_opere = [], {}
    for t in territori:
        for n in range(1, quote[t.codice].opere + 1):
            if codice_opera(t.codice, n) in codici_esistenti:
                continue
            opera, province, numero_tavolo = spec_opera(t, n, oggi)
            opera.tavolo_id = tavoli_per_numero.get((t.progetto.pk, numero_tavolo))
            nuove_opere.append(opera)
            province_opere[opera.codice] = province
    crea(OperaPrioritaria, nuove_opere)
    opere = dict(OperaPrioritaria.objects.filter(codice__startswith=PREFISSO_OPERE).values_list("codice", "pk"))
    ProvinciaOpera = OperaPrioritaria.province.through
    crea(
        ProvinciaOpera,
        [ProvinciaOpera(operaprioritaria_id=opere[c], provincia_id=p.pk) for c, elenco in province_opere.items() for p in elenco],
    )
    # Every new tavolo discussed the works that emerged there.
    OperaDiscussa = TavoloConfronto.opere_discusse.through
    discusse = []
    for spec in tavoli.nuovi:
        if spec.tavolo.stato != StatoAttivita.SVOLTO:
            continue
        codice_regione = next(t.codice for t in territori if t.progetto.pk == spec.tavolo.progetto_id)
        tavolo_id = tavoli.pk[(spec.tavolo.progetto_id, spec.tavolo.titolo)]
        for n in opere_del_tavolo(codice_regione, spec.indice):
            if (opera_id := opere.get(codice_opera(codice_regione, n))) is not None:
                discusse.append(OperaDiscussa(tavoloconfronto_id=tavolo_id, operaprioritaria_id=opera_id))
    crea(OperaDiscussa, discusse)
    return len(nuove_opere)
