"""Phase 3: network partners and the comuni informed at an SME awareness event on BUL/5G; the comuni picker."""

from __future__ import annotations

import pytest
from django.urls import reverse

from eventi.models import Evento, PartnerRete
from regioni.models import Comune

pytestmark = pytest.mark.django_db

URL = reverse("eventi:nuovo")
COMUNI = reverse("programma:scelte_comuni")


def test_the_reference_data_has_every_comune_of_istat():
    assert Comune.objects.count() == 7896
    milano = Comune.objects.select_related("provincia__regione").get(codice_istat="015146")
    assert (milano.nome, milano.provincia.sigla, milano.provincia.regione.slug) == ("Milano", "MI", "lombardia")
    assert {"Infratel Italia", "Open Fiber"} <= set(PartnerRete.objects.values_list("nome", flat=True))


def test_a_bul_event_records_partners_and_comuni(client_operatore, progetto, dati_evento):
    partner = PartnerRete.objects.filter(nome__in=["Infratel Italia", "Open Fiber"])
    dati = {**dati_evento, "partner_rete": [p.pk for p in partner], "elenco_comuni": "Monza\n108004\nmonza (mb)"}
    response = client_operatore.post(URL, dati)
    assert response.status_code == 302, response.context["form"].errors
    evento = Evento.objects.get()
    assert set(evento.partner_rete.all()) == set(partner)
    assert sorted(evento.comuni_informati.values_list("codice_istat", flat=True)) == ["108004", "108033"]
    assert "Monza (MB)" in client_operatore.get(evento.get_absolute_url()).content.decode()


def test_bad_comuni_are_named_and_nothing_is_saved(client_operatore, progetto, dati_evento):
    response = client_operatore.post(URL, {**dati_evento, "elenco_comuni": "Palermo\nNessunluogo"})
    errori = " ".join(response.context["form"].errors["elenco_comuni"])
    assert "Riga 1 («Palermo»): comune non trovato nella regione del progetto." in errori
    assert "Riga 2 («Nessunluogo»)" in errori
    assert not Evento.objects.exists()


def test_partners_and_comuni_only_for_bul_events(client_operatore, progetto, dati_evento):
    dati = {**dati_evento, "tipo": "convegno", "temi": [], "elenco_comuni": "Monza"}
    response = client_operatore.post(URL, dati)
    assert "solo per un incontro BUL/5G" in " ".join(response.context["form"].errors["elenco_comuni"])
    assert not Evento.objects.exists()


def test_the_picker_is_scoped_and_paged(client_operatore, progetto):
    corpo = client_operatore.get(COMUNI, {"q": "mon"}).json()
    testi = [r["text"] for r in corpo["risultati"]]
    assert testi and all("mon" in t.lower() for t in testi)
    # Names that start with the text come first; the value is the line the form reads.
    assert testi[0].lower().startswith("mon") and corpo["risultati"][0]["value"] == testi[0]
    # An Operatore of Lombardia sees Lombard comuni only.
    lombarde = {"BG", "BS", "CO", "CR", "LC", "LO", "MN", "MI", "MB", "PV", "SO", "VA"}
    assert {t[-3:-1] for t in testi} <= lombarde
    assert client_operatore.get(COMUNI, {"q": "Palermo"}).json()["risultati"] == []
    pagina1 = client_operatore.get(COMUNI, {"q": "c"}).json()
    pagina2 = client_operatore.get(COMUNI, {"q": "c", "page": "2"}).json()
    assert len(pagina1["risultati"]) == 20 and pagina1["altre"]
    assert not {r["value"] for r in pagina1["risultati"]} & {r["value"] for r in pagina2["risultati"]}


def test_the_picker_gives_national_roles_every_region(client_coordinatore):
    corpo = client_coordinatore.get(COMUNI, {"q": "Palermo"}).json()
    assert [r["text"] for r in corpo["risultati"]] == ["Palermo (PA)"]


def test_the_event_form_offers_the_picker_on_its_comuni_list(client_operatore, progetto):
    testo = client_operatore.get(URL).content.decode()
    assert f'data-autocomplete-url="{COMUNI}"' in testo
    assert f'data-autocomplete-regione="{progetto.regione_id}"' in testo
    assert "cerca_comune.js" not in testo and "build/autocomplete.js" in testo
