"""The demo's reports: one Libro bianco per regional project, then analyses, presentations and notes.

Only the first `CON_FILE_PER_REGIONE` reports of a region (dated by today) get a file: a PDF
rendered from the demo data (its title, abstract, region and project, and a few real figures of
the region), and with it a state past the draft: published, or proposed and waiting for the
Coordinatore. The cap keeps seed_demo fast whatever the --scale (a PDF takes some 35 ms; at scale
100 a region has 200 reports): every other report is a draft without a file, the region's work in
progress, which is what the workflow allows (no file, nothing to propose nor publish).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Count, Q, Sum

from programma.demo.bulk import crea, esistenti
from programma.demo.casuale import data_tra, rng_di, scegli_pesato
from programma.demo.dati import TEMI_REPORT
from programma.demo.documenti import ContenutoDemo, pdf_dimostrativi, pubblicato_il_demo
from programma.demo.territorio import Quote, Territorio
from programma.models import OperaPrioritaria, Programma, Report
from programma.numbers import importo_compatto, numero_italiano
from tavoli.models import TavoloConfronto

CON_FILE_PER_REGIONE = 2
# Report n. 2 of every `OGNI_IN_REVISIONE`-th region is proposed, not yet published: the Coordinatore's to-do.
OGNI_IN_REVISIONE = 3


def stato_demo(t: Territorio, n: int, data: dt.date, oggi: dt.date) -> str:
    if n > CON_FILE_PER_REGIONE or data > oggi:
        return Report.Stato.BOZZA
    if n == CON_FILE_PER_REGIONE and t.indice % OGNI_IN_REVISIONE == 0:
        return Report.Stato.IN_REVISIONE
    return Report.Stato.PUBBLICATO


def spec_report(t: Territorio, n: int, edizione: Programma, oggi: dt.date) -> Report:
    rng = rng_di("report", t.codice, n)
    if n == 1:
        inizio, fine = t.periodo(2, edizione)
        data = fine if fine < oggi else data_tra(rng, inizio, fine)
        return Report(
            progetto=t.progetto, fase=t.fasi.get(2), tipo=Report.Tipo.LIBRO_BIANCO, data=data, stato=stato_demo(t, n, data, oggi),
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
        progetto=t.progetto, fase=t.fasi.get(fase), tipo=tipo, titolo=titolo, data=data, stato=stato_demo(t, n, data, oggi),
        abstract=f"Documento del progetto {t.nome} su {tema}.",
    )  # fmt: skip


def cifre_regioni(territori: list[Territorio], edizione: Programma) -> dict[int, list[tuple[str, str]]]:
    """A few real figures of each region, for its reports' PDFs: two grouped queries for all regions."""
    progetti = [t.progetto.pk for t in territori]
    tavoli = dict(
        TavoloConfronto.objects.filter(progetto__in=progetti).svolti().values_list("progetto__regione").annotate(n=Count("pk"))
    )
    opere = {
        riga["regione"]: riga
        for riga in OperaPrioritaria.objects.nell_edizione(edizione)
        .filter(regione__in=[t.regione.pk for t in territori])
        .values("regione")
        .annotate(n=Count("pk"), prioritarie=Count("pk", filter=Q(livello_priorita=1)), valore=Sum("costo_stimato"))
    }
    cifre = {}
    for t in territori:
        sue = opere.get(t.regione.pk, {"n": 0, "prioritarie": 0, "valore": 0})
        cifre[t.regione.pk] = [
            ("Tavoli di confronto svolti", numero_italiano(tavoli.get(t.regione.pk, 0))),
            ("Opere prioritarie segnalate", numero_italiano(sue["n"])),
            ("di cui di priorità 1", numero_italiano(sue["prioritarie"])),
            ("Valore stimato delle opere", f"{importo_compatto(sue['valore'] or 0)} €"),
        ]
    return cifre


def contenuto_pdf(report: Report, t: Territorio, edizione: Programma, cifre: list[tuple[str, str]]) -> ContenutoDemo:
    return ContenutoDemo(
        titolo=report.titolo, data=report.data, edizione=edizione.nome, paragrafi=[report.abstract],
        regione=t.regione.nome, progetto=t.progetto.titolo, cifre=cifre,
    )  # fmt: skip


def allega_pdf(report: Report, file: ContentFile, t: Territorio, utenti: dict[str, Any]) -> None:
    """The report's file (a PDF of the demo data) and, once published, when: set before the bulk insert,
    whose FileField.pre_save writes the file to storage. And the history row of its last step, with
    who took it and why, as the workflow would have written it (a bulk insert writes no history)."""
    report.file = file
    passaggio = Report.flusso["pubblica" if report.stato == Report.Stato.PUBBLICATO else "proponi"]
    report._change_reason = passaggio.motivo
    report._history_date = pubblicato_il_demo(report.data)
    report._history_user = utenti.get("coordinatore" if passaggio.azione == "pubblica" else f"operatore-{t.regione.slug}")
    if report.stato == Report.Stato.PUBBLICATO:
        report.pubblicato_il = report._history_date


def crea_report(territori: list[Territorio], quote: dict[str, Quote], edizione: Programma, oggi: dt.date) -> int:
    """The missing demo reports; those past the draft with their PDF."""
    progetti = [t.progetto.pk for t in territori]
    report_esistenti = esistenti(Report, progetti)
    nuovi = [
        (t, report)
        for t in territori
        for n in range(1, quote[t.codice].report + 1)
        if (t.progetto.pk, (report := spec_report(t, n, edizione, oggi)).titolo) not in report_esistenti
    ]
    con_file = [(t, report) for t, report in nuovi if report.stato != Report.Stato.BOZZA]
    if con_file:
        cifre = cifre_regioni(territori, edizione)
        nomi = ["coordinatore", *(f"operatore-{t.regione.slug}" for t in territori)]
        utenti = {u.username: u for u in get_user_model().objects.filter(username__in=nomi)}
        contenuti = [contenuto_pdf(report, t, edizione, cifre[t.regione.pk]) for t, report in con_file]
        for (t, report), file in zip(con_file, pdf_dimostrativi(contenuti)):
            allega_pdf(report, file, t, utenti)
    crea(Report, [report for _t, report in nuovi])
    Report.history.bulk_history_create([report for _t, report in con_file])
    return len(nuovi)
