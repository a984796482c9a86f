import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_is_public_and_linked_from_every_page(client, settings):
    settings.ACCESSIBILITA_CONTATTO = "a11y@camere.example"
    response = client.get(reverse("accessibilita"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dichiarazione di accessibilità" in body and "mailto:a11y@camere.example" in body
    assert f'href="{reverse("accessibilita")}"' in client.get(reverse("login")).content.decode()
