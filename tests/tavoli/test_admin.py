import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "nome",
    ["tavoli_tavoloconfronto", "tavoli_organizzazione"],
)
def test_it_works(client, amministratore, progetto, nome):
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto)
    tavolo.organizzazioni.add(factories.OrganizzazioneFactory())
    client.force_login(amministratore)
    assert client.get(reverse(f"admin:{nome}_changelist")).status_code == 200


def test_it_shows_history(client, amministratore, progetto):
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto)
    client.force_login(amministratore)
    assert client.get(reverse("admin:tavoli_tavoloconfronto_history", args=[tavolo.pk])).status_code == 200
    assert client.get(reverse("admin:tavoli_tavoloconfronto_change", args=[tavolo.pk])).status_code == 200
