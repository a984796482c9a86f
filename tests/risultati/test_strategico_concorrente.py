"""The strategic project's page had no version check: of two editors, the second silently wiped the
first, recommendations and endorsed works included (issue #21). Its form carries the version it
was read at like every edit form; a save over a newer version, or without one, is refused."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from programma.models import ProgettoStrategico
from tests import factories

pytestmark = pytest.mark.django_db


def versione_letta(response) -> dict[str, str]:
    (valore,) = re.findall(r'<input type="hidden" name="versione" value="([^"]*)"', response.content.decode())
    return {"versione": valore}


def dati(strategico, *, contesto: str, indicazione: str, **extra) -> dict:
    """The page's POST: the project's text, its one recommendation (edited), no endorsed work."""
    indicazione_esistente = strategico.indicazioni.get()
    return {
        "titolo": strategico.titolo,
        "contesto": contesto,
        "obiettivi": strategico.obiettivi,
        "indicazioni-TOTAL_FORMS": "1",
        "indicazioni-INITIAL_FORMS": "1",
        "indicazioni-0-id": indicazione_esistente.pk,
        "indicazioni-0-tema": indicazione_esistente.tema,
        "indicazioni-0-testo": indicazione,
        "indicazioni-0-destinatario": indicazione_esistente.destinatario,
        "indicazioni-0-ordine": "1",
        "opere-TOTAL_FORMS": "0",
        "opere-INITIAL_FORMS": "0",
        **extra,
    }


def test_the_second_of_two_editors_does_not_wipe_the_first(client_operatore, strategico, progetto):
    url = reverse("programma:strategico_modifica", args=[progetto.pk])
    mia = versione_letta(client_operatore.get(url))  # I open the page...
    collega = Client()
    collega.force_login(factories.operatore("lombardia", username="collega-lombardia"))
    letta_dal_collega = versione_letta(collega.get(url))
    risposta = collega.post(url, dati(strategico, contesto="Il quadro del collega.", indicazione="L'indicazione del collega.", **letta_dal_collega))
    assert risposta.status_code == 302

    # ...and save after my colleague: refused, told who, my input kept, theirs intact.
    risposta = client_operatore.post(url, dati(strategico, contesto="Il mio quadro.", indicazione="La mia indicazione.", **mia))
    assert risposta.status_code == 200
    pagina = html.unescape(risposta.content.decode())
    assert "collega-lombardia ha salvato questo record" in pagina
    assert "Il mio quadro." in pagina and "La mia indicazione." in pagina
    strategico.refresh_from_db()
    assert strategico.contesto == "Il quadro del collega."
    assert strategico.indicazioni.get().testo == "L'indicazione del collega."

    # Saving again from the refused page applies my input, knowingly.
    risposta = client_operatore.post(url, dati(strategico, contesto="Il mio quadro.", indicazione="La mia indicazione.", **versione_letta(risposta)))
    assert risposta.status_code == 302
    strategico.refresh_from_db()
    assert strategico.contesto == "Il mio quadro." and strategico.indicazioni.get().testo == "La mia indicazione."


@pytest.mark.parametrize("versione", [None, "", "x", "99999999999999999999"], ids=["missing", "empty", "junk", "huge"])
def test_a_save_without_its_version_is_refused(client_operatore, strategico, progetto, versione):
    strategico.save()  # a recorded version
    extra = {} if versione is None else {"versione": versione}
    risposta = client_operatore.post(
        reverse("programma:strategico_modifica", args=[progetto.pk]),
        dati(strategico, contesto="Il mio quadro.", indicazione="La mia indicazione.", **extra),
    )
    assert risposta.status_code == 200
    pagina = html.unescape(risposta.content.decode())
    assert "non indica la versione del record" in pagina and "La mia indicazione." in pagina
    strategico.refresh_from_db()
    assert strategico.contesto == "La Lombardia concentra un quinto dell'export nazionale."
    assert strategico.indicazioni.get().testo == "Potenziare gli interporti."


def test_a_first_draft_needs_no_version(client_operatore, progetto):
    """A project not yet drafted has no version to lose."""
    risposta = client_operatore.get(reverse("programma:strategico_modifica", args=[progetto.pk]))
    assert 'name="versione"' not in risposta.content.decode()
    assert not ProgettoStrategico.objects.exists()
