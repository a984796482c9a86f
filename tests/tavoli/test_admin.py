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


def test_it_refuses_another_regions_organisation(amministratore, progetto, rf):
    from django.contrib import admin
    from django.forms.models import model_to_dict

    from tavoli.models import TavoloConfronto

    tavolo = factories.TavoloConfrontoFactory(progetto=progetto)
    lombarda = factories.OrganizzazioneFactory(nome="RFI", regione=progetto.regione)
    siciliana = factories.OrganizzazioneFactory(nome="RFI", regione=factories.regione("sicilia"))
    richiesta = rf.get("/")
    richiesta.user = amministratore
    Form = admin.site._registry[TavoloConfronto].get_form(richiesta, tavolo)
    dati = {k: v for k, v in model_to_dict(tavolo).items() if v is not None and k != "verbale"}
    form = Form(data={**dati, "organizzazioni": [siciliana.pk]}, instance=tavolo)
    assert not form.is_valid()
    assert "sono di un'altra regione: RFI" in form.errors["organizzazioni"][0]
    form = Form(data={**dati, "organizzazioni": [lombarda.pk]}, instance=tavolo)
    assert form.is_valid(), form.errors
