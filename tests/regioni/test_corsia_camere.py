"""Camere in their own lane (issue #20): an Operatore of a Camera di commercio reads all of their
region and writes only the records whose ente is their Camera; the Unione regionale's Operatore
writes all of the region's. One rule in regioni/scoping.py, on every write path."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programma.models import ProgettoStrategico
from regioni.models import Ente
from regioni.scoping import ambito_di, enti_assegnabili, puo_modificare_oggetto
from tavoli.models import TavoloConfronto
from tests import factories
from tests.tavoli.conftest import dati_tavolo, milano  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def camera(db) -> Ente:
    return factories.camera("lombardia")


@pytest.fixture
def unione(db) -> Ente:
    return Ente.objects.get(regione__slug="lombardia", tipo=Ente.Tipo.UNIONE_REGIONALE)


@pytest.fixture
def operatore_camera(db):
    return factories.operatore_camera("lombardia")


@pytest.fixture
def records(progetto, camera, unione):
    """Of each kind that records an ente: the Camera's, the Unione's, and one with no ente."""
    risultato = {}
    for chiave, ente in (("camera", camera), ("unione", unione), ("nessuno", None)):
        risultato[chiave] = [
            factories.TavoloConfrontoFactory(progetto=progetto, ente=ente),
            factories.EventoFactory(progetto=progetto, ente=ente),
            factories.ReportFactory(progetto=progetto, ente=ente),
            factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto, ente=ente),
        ]
    return risultato


def test_a_camera_writes_only_its_own_records(operatore_camera, records, progetto):
    assert [puo_modificare_oggetto(operatore_camera, r) for r in records["camera"]] == [True] * 4
    assert [puo_modificare_oggetto(operatore_camera, r) for r in records["unione"] + records["nessuno"]] == [False] * 8
    # Phases and the strategic project record no ente: the region's writers edit them, not a Camera.
    assert not puo_modificare_oggetto(operatore_camera, progetto.fasi.first())
    assert not puo_modificare_oggetto(operatore_camera, ProgettoStrategico(progetto=progetto))


def test_the_unione_writes_every_record_of_its_region(operatore, records, progetto):
    assert ambito_di(operatore).ente.tipo == Ente.Tipo.UNIONE_REGIONALE and ambito_di(operatore).camera is None
    tutti = records["camera"] + records["unione"] + records["nessuno"]
    assert all(puo_modificare_oggetto(operatore, r) for r in tutti)
    assert puo_modificare_oggetto(operatore, progetto.fasi.first())


def test_a_camera_reads_every_record_of_its_region(operatore_camera, records, altro_progetto):
    factories.TavoloConfrontoFactory(progetto=altro_progetto)
    visibili = set(TavoloConfronto.objects.for_user(operatore_camera))
    assert visibili == {r for gruppo in records.values() for r in gruppo if isinstance(r, TavoloConfronto)}


def test_where_the_region_has_no_unione_its_camere_write_the_region(db):
    """Umbria has no Unione regionale: its Camera runs the regional project, phases included."""
    assert not Ente.objects.filter(regione__slug="umbria", tipo=Ente.Tipo.UNIONE_REGIONALE).exists()
    operatore_umbria = factories.operatore_camera("umbria")
    progetto = factories.ProgettoRegionaleFactory(programma=factories.ProgrammaFactory(), regione=factories.regione("umbria"))
    assert ambito_di(operatore_umbria).camera is None
    assert puo_modificare_oggetto(operatore_umbria, factories.TavoloConfrontoFactory(progetto=progetto))
    assert puo_modificare_oggetto(operatore_umbria, progetto.fasi.first())


def test_the_scope_of_a_camera_costs_the_same_two_queries(operatore_camera, camera, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert ambito_di(operatore_camera).camera == camera


def test_a_camera_records_only_its_own_ente(operatore_camera, camera, unione, progetto):
    assert list(enti_assegnabili(operatore_camera, progetto.regione_id)) == [camera]
    assert unione in enti_assegnabili(factories.operatore("lombardia"), progetto.regione_id)


@pytest.mark.parametrize("pagina", ["tavoli:nuovo", "eventi:nuovo", "programma:report_nuovo", "programma:opera_nuova"])
def test_the_form_of_a_camera_offers_its_camera_alone(client, operatore_camera, camera, progetto, pagina):
    client.force_login(operatore_camera)
    campo = client.get(reverse(pagina)).context["form"].fields["ente"]
    assert list(campo.queryset) == [camera] and campo.required


def test_a_camera_cannot_record_a_tavolo_for_the_unione(client, operatore_camera, unione, progetto, dati_tavolo):
    client.force_login(operatore_camera)
    response = client.post(reverse("tavoli:nuovo"), {**dati_tavolo, "ente": unione.pk})
    assert response.status_code == 200 and "ente" in response.context["form"].errors
    assert not TavoloConfronto.objects.exists()


def test_a_camera_edits_its_tavolo_but_cannot_hand_it_to_another_ente(client, operatore_camera, camera, unione, records, dati_tavolo):
    tavolo = records["camera"][0]
    client.force_login(operatore_camera)
    url = reverse("tavoli:modifica", args=[tavolo.pk])
    response = client.post(url, {**dati_tavolo, **factories.versione(tavolo), "ente": unione.pk})
    assert response.status_code == 200 and "ente" in response.context["form"].errors
    tavolo.refresh_from_db()
    assert tavolo.ente == camera and tavolo.titolo != dati_tavolo["titolo"]
    assert client.post(url, {**dati_tavolo, **factories.versione(tavolo), "ente": camera.pk}).status_code == 302
    tavolo.refresh_from_db()
    assert tavolo.titolo == dati_tavolo["titolo"]


def test_the_write_rule_is_checked_on_save_whatever_the_form_offers(client, operatore_camera, unione, progetto, dati_tavolo, monkeypatch):
    """The form's choices are a convenience: the save itself asks the one rule (403, nothing written)."""
    monkeypatch.setattr("programma.activities.forms.enti_assegnabili", lambda user, regione_id: Ente.objects.filter(regione_id=regione_id))
    client.force_login(operatore_camera)
    response = client.post(reverse("tavoli:nuovo"), {**dati_tavolo, "ente": unione.pk})
    assert response.status_code == 403
    assert not TavoloConfronto.objects.exists()


def test_pages_offer_a_camera_only_what_it_may_do(client, operatore_camera, records, progetto):
    client.force_login(operatore_camera)
    proprio, altrui = records["camera"][0], records["unione"][0]
    assert reverse("tavoli:modifica", args=[proprio.pk]) in client.get(proprio.get_absolute_url()).content.decode()
    assert reverse("tavoli:modifica", args=[altrui.pk]) not in client.get(altrui.get_absolute_url()).content.decode()
    pagina_progetto = client.get(progetto.get_absolute_url()).content.decode()
    assert reverse("programma:fase_modifica", args=[progetto.fasi.first().pk]) not in pagina_progetto
    assert not client.get(reverse("programma:strategico", args=[progetto.pk])).context["puo_redigere"]


def test_lists_filter_by_ente(client, operatore_camera, camera, records):
    client.force_login(operatore_camera)
    for nome, indice in (("tavoli:lista", 0), ("eventi:lista", 1), ("programma:report_lista", 2), ("programma:opere", 3)):
        response = client.get(reverse(nome), {"ente": camera.pk})
        assert [o.pk for o in response.context["object_list"]] == [records["camera"][indice].pk], nome
        assert response.context["totale"] == 1
    # Phases record no ente: no such filter.
    assert "ente" not in client.get(reverse("programma:fasi")).context["filtro"].form.fields
