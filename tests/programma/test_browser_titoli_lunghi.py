"""Titles of real registers (up to 1,000 characters) on a phone: the works' list shows them
shortened and the work's page whole, and neither widens the page (issue #21)."""

import pytest
from django.urls import reverse

from programma.fields import Limite
from tests import factories
from tests.conftest import accedi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITOLO = (
    "Interventi di ricostruzione, riparazione e miglioramento sismico dell'edificio scolastico sede "
    "dell'istituto comprensivo, con adeguamento impiantistico e messa in sicurezza delle aree esterne "
    * 6
)[: Limite.TITOLO_OPERA]
# How far right the page's own content reaches, text that overflows its box included (the header
# is measured by its own tests).
LARGHEZZA_CONTENUTO = (
    "Math.max(...[...document.querySelectorAll('#contenuto, #contenuto *')]"
    ".map(e => e.getBoundingClientRect().left + Math.max(e.scrollWidth, e.getBoundingClientRect().width)))"
)


def test_long_titles_stay_within_a_phones_width(pagina, progetto, operatore):
    opera = factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto, titolo=TITOLO)
    factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto, titolo="T" * Limite.TITOLO_OPERA)
    pagina.set_viewport_size({"width": 390, "height": 800})
    accedi(pagina, "operatore-lombardia")
    for url in (reverse("programma:opere"), opera.get_absolute_url(), reverse("programma:opera_modifica", args=[opera.pk])):
        pagina.goto(url)
        assert pagina.evaluate(LARGHEZZA_CONTENUTO) <= 390, url
    pagina.goto(opera.get_absolute_url())
    assert pagina.get_by_test_id("titolo").inner_text() == TITOLO.strip()
