"""The project page in the browser, under the CSP: the region picker submits on change and the phase
bars are drawn at their progress (both were inline `onchange=` and `style=` attributes)."""

import pytest

from programma.models import Fase
from tests.conftest import accedi

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinatore_switches_region_and_sees_the_phase_bars(pagina, coordinatore, progetto, altro_progetto):
    Fase.objects.filter(progetto=altro_progetto, numero=1).update(stato="in_corso", avanzamento=40)
    accedi(pagina, "coordinatore")
    pagina.goto(progetto.get_absolute_url())
    pagina.get_by_label("Vai alla regione").select_option(label="Sicilia")
    pagina.wait_for_url(f"**{altro_progetto.get_absolute_url()}")
    assert pagina.get_by_test_id("regione-progetto").inner_text() == "Sicilia"
    barra = pagina.get_by_test_id("fase-1").locator(".progress-bar")
    assert barra.evaluate("b => b.style.width") == "40%"
    larghezza = barra.evaluate("b => b.getBoundingClientRect().width / b.parentElement.getBoundingClientRect().width")
    assert larghezza == pytest.approx(0.4, abs=0.02)
