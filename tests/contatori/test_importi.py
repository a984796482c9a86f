"""Big amounts read as people say them (mln/mld), with the exact figure in a tooltip and in exports."""

from decimal import Decimal

import pytest
from django.urls import reverse

from contatori.services import ricalcola
from programma.numbers import importo_compatto

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("valore", "testo"),
    [(Decimal("191069748000"), "191,1 mld"), (Decimal("3500500.50"), "3,5 mln"), (Decimal(999_999), "999.999"), (0, "0")],
)
def test_amounts_are_short(valore, testo):
    assert importo_compatto(valore) == testo


def test_the_dashboard_shows_short_amounts_with_the_exact_one_in_a_tooltip(dati, client_coordinatore):
    ricalcola(origine="test")
    body = client_coordinatore.get(reverse("contatori:dashboard")).content.decode()
    assert 'title="3.500.500,50 €"' in body and ">3,5 mln<" in body
    esportato = client_coordinatore.get(reverse("contatori:esporta_csv")).content.decode("utf-8-sig")
    assert ";Italia;" in esportato and ";3500500,5;" in esportato  # the export keeps the exact figure
