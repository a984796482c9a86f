import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("modello", ["programma", "progettoregionale", "fase", "report"])
def test_it_works(client_amministratore, report, modello):
    response = client_amministratore.get(reverse(f"admin:programma_{modello}_changelist"), {"q": "Lombardia"})
    assert response.status_code == 200


def test_it_edits_phases_inline(client_amministratore, progetto):
    response = client_amministratore.get(reverse("admin:programma_progettoregionale_change", args=[progetto.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("fasi-") > 4


def test_it_shows_history(client_amministratore, report):
    assert client_amministratore.get(reverse("admin:programma_report_history", args=[report.pk])).status_code == 200


def test_it_is_for_admins(client_operatore, report):
    assert client_operatore.get(reverse("admin:programma_report_changelist")).status_code == 302
