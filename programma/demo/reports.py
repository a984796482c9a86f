"""The demo's reports: one Libro bianco per regional project, then analyses, presentations and notes."""

from __future__ import annotations

import datetime as dt

from programma.demo.bulk import crea, esistenti
from programma.demo.data import TEMI_REPORT
from programma.demo.draws import data_tra, rng_di, scegli_pesato
from programma.demo.territory import Quote, Territorio
from programma.models import Programma, Report


def spec_report(t: Territorio, n: int, edizione: Programma, oggi: dt.date) -> Report:
    rng = rng_di("report", t.codice, n)
    if n == 1:
        inizio, fine = t.periodo(2, edizione)
        data = fine if fine < oggi else data_tra(rng, inizio, fine)
        return Report(
            progetto=t.progetto, fase=t.fasi.get(2), tipo=Report.Tipo.LIBRO_BIANCO, data=data, pubblicato=data <= oggi,
            titolo=f"Libro bianco sulle priorità infrastrutturali — {t.nome}",
            abstract=f"Le opere prioritarie per la competitività delle imprese del territorio ({t.nome}), "
            "emerse dai tavoli di confronto e condivise con le istituzioni.",
        )  # fmt: skip
    tipo = scegli_pesato(rng, [(Report.Tipo.REPORT_ANALISI, 60), (Report.Tipo.PRESENTAZIONE, 30), (Report.Tipo.ALTRO, 10)])[0]
    fase = 1 if tipo == Report.Tipo.REPORT_ANALISI else rng.choice([2, 3, 4])
    data = data_tra(rng, *t.periodo(fase, edizione))
    tema = rng.choice(TEMI_REPORT)
    titolo = {
        Report.Tipo.REPORT_ANALISI: f"Report di analisi n. {n}: {tema} — {t.nome}",
        Report.Tipo.PRESENTAZIONE: f"Presentazione n. {n}: {tema} — {t.nome}",
        Report.Tipo.ALTRO: f"Nota di approfondimento n. {n}: {tema} — {t.nome}",
    }[tipo]
    return Report(
        progetto=t.progetto, fase=t.fasi.get(fase), tipo=tipo, titolo=titolo, data=data, pubblicato=data <= oggi,
        abstract=f"Documento del progetto {t.nome} su {tema}.",
    )  # fmt: skip


def crea_report(territori: list[Territorio], quote: dict[str, Quote], edizione: Programma, oggi: dt.date) -> int:
    """The missing demo reports."""
    progetti = [t.progetto.pk for t in territori]
    report_esistenti = esistenti(Report, progetti)
    nuovi_report = [
        report
        for t in territori
        for n in range(1, quote[t.codice].report + 1)
        if (t.progetto.pk, (report := spec_report(t, n, edizione, oggi)).titolo) not in report_esistenti
    ]
    crea(Report, nuovi_report)
    return len(nuovi_report)
