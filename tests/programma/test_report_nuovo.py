import pytest
from django.urls import reverse

from programma.fields import Limite
from programma.models import Report
from regioni.scoping import Ruolo
from tests import factories
from tests.conftest import controlla_testo_rifiutato, righe_brevi
from tests.programma.conftest import PDF, pdf

pytestmark = pytest.mark.django_db

URL = reverse("programma:report_nuovo")


def dati(**altri):
    return {"tipo": "report_analisi", "titolo": "Analisi dei corridoi TEN-T", "data": "2025-06-30", "abstract": "", **altri}


def test_it_works(client_operatore, progetto, altro_progetto):
    assert client_operatore.get(URL).status_code == 200
    fase = progetto.fasi.get(numero=1)
    response = client_operatore.post(URL, dati(fase=fase.pk, file=pdf()))
    assert response.status_code == 302
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert (report.progetto, report.fase, report.stato) == (progetto, fase, Report.Stato.BOZZA)
    assert report.file.read() == PDF


def test_it_cannot_publish_from_the_form(client_operatore, progetto):
    """No "Pubblicato" box: whatever is posted, a new report is a draft, proposed later through its workflow."""
    assert "pubblicato" not in client_operatore.get(URL).context["form"].fields
    client_operatore.post(URL, dati(file=pdf(), pubblicato="on", stato="pubblicato"))
    assert Report.objects.get().stato == Report.Stato.BOZZA


def test_it_limits_phases_to_the_project(client_operatore, progetto, altro_progetto):
    form = client_operatore.get(URL).context["form"]
    assert "progetto" not in form.fields
    assert set(form.fields["fase"].queryset) == set(progetto.fasi.all())
    response = client_operatore.post(URL, dati(fase=altro_progetto.fasi.get(numero=1).pk))
    assert response.status_code == 200
    assert "La scelta effettuata non compare tra quelle disponibili" in response.content.decode()
    assert not Report.objects.exists()


def test_it_rejects_files_of_other_types(client_operatore, progetto):
    response = client_operatore.post(URL, dati(file=pdf("analisi.pdf", b"MZ\x90\x00" + b"\x00" * 200)))
    assert response.status_code == 200
    assert "Il contenuto del file non è di un tipo ammesso" in response.content.decode()
    assert not Report.objects.exists()


def test_it_rejects_oversized_files(client_operatore, progetto, settings):
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    response = client_operatore.post(URL, dati(file=pdf(contenuto=PDF + b"0" * (1024 * 1024))))
    assert response.status_code == 200
    assert "Il file è troppo grande" in response.content.decode()
    assert not Report.objects.exists()


def test_it_requires_rw_access(client_coordinatore, progetto):
    assert client_coordinatore.get(URL).status_code == 403
    assert client_coordinatore.post(URL, dati()).status_code == 403
    assert not Report.objects.exists()


def test_admins_choose_the_project(client, amministratore, altro_progetto):
    client.force_login(amministratore)
    assert "progetti" in client.get(URL).context
    response = client.post(f"{URL}?progetto={altro_progetto.pk}", dati(fase=altro_progetto.fasi.get(numero=4).pk))
    assert response.status_code == 302
    assert Report.objects.get().progetto == altro_progetto


def test_it_explains_a_missing_project(client_operatore, programma):
    response = client_operatore.get(URL)
    assert "non ha ancora un progetto regionale" in response.content.decode()


def test_it_rejects_users_without_role(client, progetto):
    client.force_login(factories.UserFactory(username="senza-ruolo"))
    assert client.get(URL).status_code == 403
    client.force_login(factories.crea_utente("orfano", Ruolo.OPERATORE))
    assert client.get(URL).status_code == 403


def test_it_enforces_csrf(csrf_client, progetto):
    assert csrf_client.post(URL, dati()).status_code == 403
    assert not Report.objects.exists()


def test_it_requires_login(client, login_url):
    assert client.get(URL).url == login_url(URL)


def test_it_refuses_an_abstract_over_the_limit_and_keeps_it(client_operatore, progetto):
    abstract = righe_brevi(Limite.ABSTRACT + 1)
    controlla_testo_rifiutato(client_operatore.post(URL, dati(abstract=abstract)), abstract, Limite.ABSTRACT)
    assert not Report.objects.exists()
