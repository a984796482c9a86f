import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("nome", ["eventi_evento", "eventi_tema"])
def test_it_works(client, amministratore, progetto, nome):
    factories.EventoFactory(progetto=progetto)
    client.force_login(amministratore)
    assert client.get(reverse(f"admin:{nome}_changelist")).status_code == 200


def test_it_shows_history(client, amministratore, progetto):
    evento = factories.EventoFactory(progetto=progetto)
    client.force_login(amministratore)
    assert client.get(reverse("admin:eventi_evento_history", args=[evento.pk])).status_code == 200
    assert client.get(reverse("admin:eventi_evento_change", args=[evento.pk])).status_code == 200
