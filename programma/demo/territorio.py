"""What the generator knows about each region (its project, provinces and phases, read once) and how
many rows of each kind a region gets at a scale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from programma.demo.dati import (
    CAPOLUOGHI,
    CAPOLUOGHI_DI_REGIONE,
    EVENTI_SCALA_1,
    LOCALITA,
    OPERE_SCALA_1,
    REPORT_PER_REGIONE,
    TAVOLI_PER_REGIONE,
    TOTALE_TAVOLI,
)
from programma.models import Fase, ProgettoRegionale, Programma
from regioni.models import Provincia, Regione


def capoluogo(provincia: Provincia) -> str:
    return CAPOLUOGHI.get(provincia.sigla, provincia.nome)


@dataclass
class Territorio:
    """What the generator needs to know about one region, read once."""

    regione: Regione
    indice: int  # 0..19, for interleaving
    progetto: ProgettoRegionale
    province: list[Provincia]  # regional capital first
    fasi: dict[int, Fase]

    @property
    def codice(self) -> str:
        return self.regione.codice_istat

    @property
    def nome(self) -> str:
        return self.regione.nome_breve

    def periodo(self, numero: int, edizione: Programma) -> tuple[dt.date, dt.date]:
        fase = self.fasi.get(numero)
        if fase and fase.data_inizio_prevista and fase.data_fine_prevista:
            return fase.data_inizio_prevista, fase.data_fine_prevista
        # A phase without planned dates (edited by a user): the matching quarter of the edition.
        durata = (edizione.data_fine - edizione.data_inizio) / 4
        inizio = edizione.data_inizio + durata * (numero - 1)
        return inizio, inizio + durata

    def luoghi(self) -> list[str]:
        return [capoluogo(p) for p in self.province] + LOCALITA.get(self.codice, [])


@dataclass
class Quote:
    tavoli: int
    opere: int
    eventi: int
    report: int


def quote_regione(codice_istat: str, scala: int) -> Quote:
    """How many rows of each kind a region gets at a scale; scale 1 ≈ the first edition."""
    tavoli = TAVOLI_PER_REGIONE[codice_istat]
    return Quote(
        tavoli=tavoli * scala,
        opere=round(OPERE_SCALA_1 * tavoli / TOTALE_TAVOLI) * scala,
        eventi=max(3, round(EVENTI_SCALA_1 * tavoli / TOTALE_TAVOLI)) * scala,
        report=REPORT_PER_REGIONE * scala,
    )



def territori_di(programma: Programma) -> list[Territorio]:
    progetti = {p.regione_id: p for p in programma.progetti.select_related("regione")}
    province: dict[int, list[Provincia]] = {}
    for provincia in Provincia.objects.order_by("codice_istat"):
        province.setdefault(provincia.regione_id, []).append(provincia)
    fasi: dict[int, dict[int, Fase]] = {}
    for fase in Fase.objects.filter(progetto__programma=programma):
        fasi.setdefault(fase.progetto_id, {})[fase.numero] = fase
    territori = []
    for indice, regione in enumerate(Regione.objects.order_by("codice_istat")):
        progetto = progetti.get(regione.pk)
        if progetto is None:
            continue
        elenco = province.get(regione.pk, [])
        sigla = CAPOLUOGHI_DI_REGIONE.get(regione.codice_istat)
        elenco = sorted(elenco, key=lambda p: p.sigla != sigla)  # stable: ISTAT order after the capital
        territori.append(Territorio(regione, indice, progetto, elenco, fasi.get(progetto.pk, {})))
    return territori

