"""The data migration from the "pubblicato" checkbox to the publication workflow's state (programma 0016)."""

import datetime as dt

import pytest

from programma.models import DocumentoNazionale, Report
from tests import factories
from tests.migrazioni import migra

pytestmark = pytest.mark.django_db(transaction=True)

PRIMA = [("programma", "0015_stampe_dei_libri")]


def test_a_ticked_document_is_published_only_with_its_file(progetto, programma):
    con_file = factories.ReportFactory(progetto=progetto, titolo="Con file", pubblicato=True)
    senza_file = factories.ReportFactory(progetto=progetto, titolo="Senza file")
    bozza = factories.ReportFactory(progetto=progetto, titolo="Bozza", file="report/bozza.pdf")
    nazionale = DocumentoNazionale.objects.create(
        programma=programma, tipo="altro", titolo="Nazionale", data=dt.date(2025, 1, 1), stato="pubblicato", file="documenti_nazionali/n.pdf"
    )
    spuntato_il = dt.datetime(2025, 7, 3, 9, 30, tzinfo=dt.UTC)
    try:
        vecchie = migra(PRIMA)
        VecchioReport, VecchioStorico = vecchie.get_model("programma", "Report"), vecchie.get_model("programma", "HistoricalReport")
        # Back: the published ones are ticked again.
        assert set(VecchioReport.objects.filter(pubblicato=True).values_list("titolo", flat=True)) == {"Con file"}
        assert vecchie.get_model("programma", "DocumentoNazionale").objects.get(pk=nazionale.pk).pubblicato
        # The old way: any writer ticks the box, with or without a file.
        VecchioReport.objects.filter(pk=senza_file.pk).update(pubblicato=True)
        # When "Con file" was ticked, as its history tells.
        VecchioStorico.objects.filter(id=con_file.pk).update(history_date=spuntato_il, pubblicato=True)
    finally:
        migra(None)
    con_file, senza_file, bozza = (Report.objects.get(pk=r.pk) for r in (con_file, senza_file, bozza))
    assert (con_file.stato, con_file.pubblicato_il) == (Report.Stato.PUBBLICATO, spuntato_il)
    assert senza_file.stato == Report.Stato.BOZZA and "senza il suo file" in senza_file.commento
    assert (bozza.stato, bozza.commento) == (Report.Stato.BOZZA, "")
    assert DocumentoNazionale.objects.get(pk=nazionale.pk).stato == DocumentoNazionale.Stato.PUBBLICATO
    # History rows follow the same rule: no change nobody made shows up in the history.
    assert set(con_file.history.values_list("stato", flat=True)) == {Report.Stato.PUBBLICATO}
