"""The change history (programma.selectors.storico_di) writes values as the rest of the site does:
a day as 31/12/2027, an amount in Italian digits, a related record by its name, a file by its name,
yes and no in words. It printed "2027-12-31", "52627000.00" and the related record's id."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from programma.selectors import storico_di
from regioni.models import Ente
from tests import factories

pytestmark = pytest.mark.django_db


def _modifiche(oggetto):
    return {str(m["campo"]): (m["da"], m["a"]) for m in storico_di(oggetto)[0]["modifiche"]}


def test_days_and_amounts_read_as_on_every_page(progetto):
    fase = progetto.fasi.get(numero=1)
    fase.save()  # a first record to compare with
    fase.data_fine_prevista = dt.date(2027, 12, 31)
    fase.save()
    assert _modifiche(fase)["fine prevista"] == ("—", "31/12/2027")
    progetto.save()
    progetto.budget = Decimal("52627000.00")
    progetto.save()
    assert _modifiche(progetto)["budget (€)"][1] == "52.627.000,00"


def test_a_related_record_and_a_file_by_their_names(progetto):
    report = factories.ReportFactory(progetto=progetto, ente=None)
    camera = Ente.objects.filter(regione__slug="lombardia", tipo=Ente.Tipo.CAMERA_COMMERCIO).order_by("nome").first()
    report.ente = camera
    report.file.save("analisi-dei-transiti.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    report.save()
    modifiche = _modifiche(report)
    assert modifiche["ente"] == ("—", camera.nome)
    assert modifiche["file"][1].startswith("analisi-dei-transiti") and "/" not in modifiche["file"][1]


def test_an_hour_yes_no_and_a_deleted_record(progetto):
    evento = factories.EventoFactory(progetto=progetto)
    evento.ora_inizio = dt.time(14, 30)
    evento.save()
    assert _modifiche(evento)["ora di inizio"] == ("—", "14:30")
    opera = factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto, finanziamento_pnrr=False)
    opera.finanziamento_pnrr = True
    opera.save()
    assert _modifiche(opera)["finanziamento PNRR"] == ("no", "sì")
    # A report's ente changed, then the first ente deleted: the history names what it can.
    prima = Ente.objects.create(nome="Camera soppressa", tipo=Ente.Tipo.CAMERA_COMMERCIO, regione=progetto.regione)
    report = factories.ReportFactory(progetto=progetto, ente=prima)
    report.ente = Ente.objects.filter(regione=progetto.regione).exclude(pk=prima.pk).first()
    report.save()
    prima.delete()
    assert _modifiche(report)["ente"] == ("(eliminato)", report.ente.nome)


def test_related_records_cost_one_query_per_model_however_many_changes(progetto, django_assert_num_queries):
    """The names of the changed enti are read in one query, not one per change: the page's queries
    do not grow with the history."""
    enti = list(Ente.objects.filter(regione=progetto.regione)[:4])
    report = factories.ReportFactory(progetto=progetto, ente=enti[0])
    report.ente = enti[1]
    report.save()
    storico_di(report)  # warms what Django caches on first use
    with django_assert_num_queries(2):  # the history, the enti
        storico_di(report)
    for ente in enti[2:] + enti[:2]:
        report.ente = ente
        report.save()
    with django_assert_num_queries(2):
        storico = storico_di(report)
    assert [m["a"] for voce in storico for m in voce["modifiche"] if str(m["campo"]) == "ente"][:2] == [enti[1].nome, enti[0].nome]
