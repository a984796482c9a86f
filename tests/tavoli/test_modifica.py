import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tavoli.models import TavoloConfronto
from tests import factories
from tests.tavoli.conftest import PDF

pytestmark = pytest.mark.django_db


def url(tavolo):
    return reverse("tavoli:modifica", args=[tavolo.pk])


def test_it_prefills_the_organisations(client_operatore, tavolo):
    tavolo.organizzazioni.set(
        [
            factories.OrganizzazioneFactory(nome="RFI", categoria="gestori"),
            factories.OrganizzazioneFactory(nome="Politecnico di Milano", categoria="esperti"),
        ]
    )
    response = client_operatore.get(url(tavolo))
    assert response.status_code == 200
    assert response.context["form"]["elenco_organizzazioni"].value() == "Politecnico di Milano; esperti\nRFI; gestori"
    assert 'value="2025-05-20"' in response.content.decode()


def test_it_works(client_operatore, tavolo, dati_tavolo):
    tavolo.organizzazioni.set([factories.OrganizzazioneFactory(nome="Vecchia associazione")])
    dati_tavolo.update(titolo="Tavolo aggiornato", elenco_organizzazioni="RFI; gestori")
    response = client_operatore.post(url(tavolo), {**dati_tavolo, **factories.versione(tavolo)}, follow=True)
    assert response.redirect_chain[-1][0] == tavolo.get_absolute_url()
    assert "Tavolo «Tavolo aggiornato» aggiornato." in response.content.decode()
    tavolo.refresh_from_db()
    assert tavolo.titolo == "Tavolo aggiornato"
    assert [o.nome for o in tavolo.organizzazioni.all()] == ["RFI"]
    # No new upload: the stored verbale is kept.
    assert tavolo.verbale.read() == PDF


def test_it_corrects_an_organisation_category(client_operatore, tavolo, dati_tavolo):
    organizzazione = factories.OrganizzazioneFactory(nome="RFI", categoria="associazioni")
    dati_tavolo["elenco_organizzazioni"] = "RFI; gestori"
    client_operatore.post(url(tavolo), {**dati_tavolo, **factories.versione(tavolo)})
    organizzazione.refresh_from_db()
    assert organizzazione.categoria == "gestori"


def test_amministratore_can_edit_any_region(client, amministratore, tavolo_sicilia, dati_tavolo):
    client.force_login(amministratore)
    palermo = factories.regione("sicilia").province.get(sigla="PA")
    dati_tavolo.update(titolo="Modificato dall'amministrazione", provincia=palermo.pk)
    response = client.post(url(tavolo_sicilia), {**dati_tavolo, **factories.versione(tavolo_sicilia)})
    assert response.status_code == 302
    tavolo_sicilia.refresh_from_db()
    assert tavolo_sicilia.titolo == "Modificato dall'amministrazione"


def test_it_checks_owner(client, altro_operatore, tavolo, dati_tavolo):
    client.force_login(altro_operatore)
    assert client.get(url(tavolo)).status_code == 404
    assert client.post(url(tavolo), dati_tavolo).status_code == 404
    tavolo.refresh_from_db()
    assert tavolo.titolo == "Tavolo sulla logistica"


def test_it_requires_rw_access(client_coordinatore, tavolo, dati_tavolo):
    assert client_coordinatore.get(url(tavolo)).status_code == 403
    assert client_coordinatore.post(url(tavolo), dati_tavolo).status_code == 403
    tavolo.refresh_from_db()
    assert tavolo.titolo == "Tavolo sulla logistica"


def test_it_requires_login(client, tavolo):
    response = client.get(url(tavolo))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_enforces_csrf(operatore, tavolo, dati_tavolo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operatore)
    assert client.post(url(tavolo), dati_tavolo).status_code == 403


def test_it_rejects_a_fake_pdf_and_keeps_the_old_one(client_operatore, tavolo, dati_tavolo):
    dati_tavolo["verbale"] = SimpleUploadedFile("nuovo.pdf", b"MZ\x90\x00 eseguibile")
    response = client_operatore.post(url(tavolo), dati_tavolo)
    assert "Il contenuto del file non è di un tipo ammesso" in " ".join(response.context["form"].errors["verbale"])
    tavolo.refresh_from_db()
    assert tavolo.titolo == "Tavolo sulla logistica"
    assert tavolo.verbale.read() == PDF


def test_it_writes_nothing_on_a_bad_line(client_operatore, tavolo, dati_tavolo):
    dati_tavolo.update(titolo="Non salvato", elenco_organizzazioni="RFI; gestori\nACME; ???")
    response = client_operatore.post(url(tavolo), dati_tavolo)
    assert "Riga 2" in " ".join(response.context["form"].errors["elenco_organizzazioni"])
    assert TavoloConfronto.objects.get().titolo == "Tavolo sulla logistica"
