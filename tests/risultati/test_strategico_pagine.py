"""The staff pages of the strategic project: view, draft with formsets, workflow steps, Libro Bianco."""

import pytest
from django.urls import reverse

from programma.fields import Limite
from programma.models import ProgettoStrategico
from tests import factories
from tests.conftest import controlla_testo_rifiutato, righe_brevi

Stato = ProgettoStrategico.Stato


def url(nome, progetto):
    return reverse(f"programma:{nome}", args=[progetto.pk])


def dati_modulo(progetto, opera=None, tavolo=None, **extra):
    """A valid POST: title, context, objectives, one recommendation, one endorsed work."""
    dati = {
        "titolo": "Libro Bianco della Lombardia",
        "contesto": "Analisi della domanda di trasporto merci.",
        "obiettivi": "Ridurre i tempi di attraversamento dei nodi.",
        "enti_firmatari": [progetto.ente_capofila.pk],
        "tavoli": [tavolo.pk] if tavolo else [],
        "indicazioni-TOTAL_FORMS": "1",
        "indicazioni-INITIAL_FORMS": "0",
        "indicazioni-0-tema": "modalita",
        "indicazioni-0-testo": "Completare il raddoppio ferroviario.",
        "indicazioni-0-destinatario": "Governo",
        "indicazioni-0-ordine": "1",
        "opere-TOTAL_FORMS": "1" if opera else "0",
        "opere-INITIAL_FORMS": "0",
    }
    if opera:
        dati.update({"opere-0-opera": opera.pk, "opere-0-livello": "1"})
    dati.update(extra)
    return dati


def test_the_operatore_drafts_the_strategic_project(client_operatore, progetto, opera_lombarda):
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto)
    assert client_operatore.get(url("strategico", progetto)).status_code == 200
    assert client_operatore.get(url("strategico_modifica", progetto)).status_code == 200
    response = client_operatore.post(url("strategico_modifica", progetto), dati_modulo(progetto, opera_lombarda, tavolo))
    assert response.status_code == 302
    strategico = ProgettoStrategico.objects.get(progetto=progetto)
    assert strategico.stato == Stato.BOZZA
    assert list(strategico.tavoli.all()) == [tavolo]
    assert strategico.indicazioni.get().testo == "Completare il raddoppio ferroviario."
    assert strategico.sostegni.get().opera == opera_lombarda
    pagina = client_operatore.get(url("strategico", progetto)).content.decode()
    assert "Quadruplicamento Milano-Pavia" in pagina and "Invia in revisione" in pagina


def test_another_regions_work_or_ente_is_refused(client_operatore, progetto, altro_progetto):
    opera_siciliana = factories.OperaPrioritariaFactory(regione=factories.regione("sicilia"))
    ente_siciliano = altro_progetto.ente_capofila
    dati = dati_modulo(progetto, opera_siciliana, **{"enti_firmatari": [ente_siciliano.pk]})
    response = client_operatore.post(url("strategico_modifica", progetto), dati)
    assert response.status_code == 200
    assert "Scegli un&#x27;opzione valida" in response.content.decode()
    assert not ProgettoStrategico.objects.exists()


def test_a_project_in_review_cannot_be_edited(client_operatore, strategico, operatore):
    strategico.invia(operatore)
    response = client_operatore.get(url("strategico_modifica", strategico.progetto), follow=True)
    assert "Il progetto strategico si modifica solo in bozza; ora è «In revisione»." in response.content.decode()


def test_steps_through_the_pages(client, strategico, operatore, coordinatore):
    progetto = strategico.progetto
    client.force_login(operatore)
    assert client.get(url("strategico_invia", progetto)).status_code == 200
    assert client.post(url("strategico_invia", progetto)).status_code == 302
    client.force_login(coordinatore)
    # Sending back without a comment changes nothing and says why.
    response = client.post(url("strategico_rimanda", progetto), {"commento": ""})
    assert response.status_code == 200 and "Scrivi nel commento che cosa va rivisto." in response.content.decode()
    client.post(url("strategico_rimanda", progetto), {"commento": "Aggiungere i porti."})
    strategico.refresh_from_db()
    assert (strategico.stato, strategico.commento) == (Stato.BOZZA, "Aggiungere i porti.")
    client.force_login(operatore)
    assert "Aggiungere i porti." in client.get(url("strategico", progetto)).content.decode()
    client.post(url("strategico_invia", progetto))
    client.force_login(coordinatore)
    client.post(url("strategico_approva", progetto), {"commento": ""})
    client.force_login(operatore)
    # The region does not publish: no button, and the step is refused before anything is read.
    assert "strategico/pubblica/" not in client.get(url("strategico", progetto)).content.decode()
    assert client.post(url("strategico_pubblica", progetto)).status_code == 403
    client.force_login(coordinatore)
    assert "strategico/pubblica/" in client.get(url("strategico", progetto)).content.decode()
    client.post(url("strategico_pubblica", progetto))
    strategico.refresh_from_db()
    assert strategico.stato == Stato.PUBBLICATO


@pytest.mark.parametrize("utente, stato", [("operatore", 403), ("altro_operatore", 403), ("coordinatore", 200)])
def test_who_may_approve(client, strategico, request, utente, stato):
    strategico.stato = Stato.IN_REVISIONE
    strategico.save()
    client.force_login(request.getfixturevalue(utente))
    assert client.get(url("strategico_approva", strategico.progetto)).status_code == stato
    client.post(url("strategico_approva", strategico.progetto))
    strategico.refresh_from_db()
    assert strategico.stato == (Stato.APPROVATO if stato == 200 else Stato.IN_REVISIONE)


def test_the_coordinatore_cannot_draft(client_coordinatore, progetto):
    assert client_coordinatore.get(url("strategico_modifica", progetto)).status_code == 403
    assert client_coordinatore.post(url("strategico_modifica", progetto), dati_modulo(progetto)).status_code == 403
    assert not ProgettoStrategico.objects.exists()


def test_an_action_out_of_order_redirects_with_the_reason(client_coordinatore, strategico):
    response = client_coordinatore.post(url("strategico_pubblica", strategico.progetto), follow=True)
    assert "Si pubblica solo un progetto approvato; ora è «Bozza»." in response.content.decode()
    strategico.refresh_from_db()
    assert strategico.stato == Stato.BOZZA


def test_a_project_without_strategic_project_has_no_pdf(client_operatore, progetto):
    assert client_operatore.get(url("libro_bianco", progetto)).status_code == 404


def test_the_projects_list_shows_and_filters_by_the_strategic_projects_state(client_coordinatore, strategico, altro_progetto, operatore):
    strategico.invia(operatore)
    response = client_coordinatore.get(reverse("programma:progetti"), {"strategico": "in_revisione"})
    assert [p.pk for p in response.context["object_list"]] == [strategico.progetto_id]
    assert "In revisione" in response.content.decode()


def _query_del_modulo(client, progetto):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as catturate:
        response = client.get(url("strategico_modifica", progetto))
    assert response.status_code == 200
    return len(catturate), response.content.decode()


def test_the_endorsed_works_cost_one_query_whatever_their_number(client_operatore, strategico, progetto):
    """The form writes out each row's chosen work, read for all rows at once (FormSetConScelte):
    the page's queries are the same with 1 endorsed work and with 12. (A POST still validates each
    row's work with its own query, as every Django model choice does.)"""
    from programma.models import OperaSostenuta

    opere = [factories.OperaPrioritariaFactory(titolo=f"Opera sostenuta {i:02d}", progetto=progetto) for i in range(12)]
    OperaSostenuta.objects.create(progetto_strategico=strategico, opera=opere[0], livello=1)
    con_una, _ = _query_del_modulo(client_operatore, progetto)
    for opera in opere[1:]:
        OperaSostenuta.objects.create(progetto_strategico=strategico, opera=opera, livello=1)
    con_dodici, pagina = _query_del_modulo(client_operatore, progetto)
    assert con_dodici == con_una
    assert all(f"Opera sostenuta {i:02d}" in pagina for i in range(12))


def test_a_context_over_the_limit_is_refused_and_kept(client_operatore, progetto):
    contesto = righe_brevi(23_456)
    response = client_operatore.post(url("strategico_modifica", progetto), dati_modulo(progetto, contesto=contesto))
    controlla_testo_rifiutato(response, contesto, Limite.CONTESTO)
    assert "Al massimo 20.000 caratteri (ne hai scritti 23.456)." in response.content.decode()
    assert not ProgettoStrategico.objects.exists()


def test_texts_of_exactly_the_limit_typed_with_crlf_line_breaks_are_accepted(client_operatore, progetto):
    # Browsers submit a line break as "\r\n", while the textarea's maxlength counts it as one.
    dati = dati_modulo(
        progetto,
        contesto=righe_brevi(Limite.CONTESTO, a_capo="\r\n"),
        obiettivi=righe_brevi(Limite.OBIETTIVI, a_capo="\r\n"),
        **{"indicazioni-0-testo": righe_brevi(Limite.INDICAZIONE, a_capo="\r\n")},
    )
    response = client_operatore.post(url("strategico_modifica", progetto), dati)
    assert response.status_code == 302
    strategico = ProgettoStrategico.objects.get()
    assert strategico.contesto == righe_brevi(Limite.CONTESTO)
    assert strategico.obiettivi == righe_brevi(Limite.OBIETTIVI)
    assert strategico.indicazioni.get().testo == righe_brevi(Limite.INDICAZIONE)


def test_a_recommendation_over_the_limit_is_refused_and_kept(client_operatore, progetto):
    testo = righe_brevi(Limite.INDICAZIONE + 1)
    response = client_operatore.post(url("strategico_modifica", progetto), dati_modulo(progetto, **{"indicazioni-0-testo": testo}))
    controlla_testo_rifiutato(response, testo, Limite.INDICAZIONE)
    assert not ProgettoStrategico.objects.exists()


def test_a_comment_over_the_limit_is_refused_and_kept(client, strategico, operatore, coordinatore):
    strategico.invia(operatore)
    client.force_login(coordinatore)
    commento = righe_brevi(Limite.COMMENTO + 1)
    response = client.post(url("strategico_rimanda", strategico.progetto), {"commento": commento})
    controlla_testo_rifiutato(response, commento, Limite.COMMENTO)
    strategico.refresh_from_db()
    assert strategico.stato == Stato.IN_REVISIONE
