import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from programma.fields import Limite
from regioni.models import Provincia
from tavoli.models import Organizzazione, TavoloConfronto
from tests import factories
from tests.conftest import controlla_testo_rifiutato, righe_brevi
from tests.tavoli.conftest import PDF

pytestmark = pytest.mark.django_db

URL = reverse("tavoli:nuovo")


def test_it_shows_the_form(client_operatore, progetto):
    response = client_operatore.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="date"' in body
    assert "Organizzazioni partecipanti (una per riga)" in body
    assert 'enctype="multipart/form-data"' in body
    # Only Lombardia's provinces are offered.
    province = response.context["form"].fields["provincia"].queryset
    assert set(province.values_list("regione__slug", flat=True)) == {"lombardia"}


def test_it_works(client_operatore, progetto, dati_tavolo):
    dati_tavolo["verbale"] = SimpleUploadedFile("verbale.pdf", PDF, content_type="application/pdf")
    response = client_operatore.post(URL, dati_tavolo, follow=True)
    tavolo = TavoloConfronto.objects.get()
    assert response.redirect_chain[-1][0] == tavolo.get_absolute_url()
    assert "Tavolo «Tavolo sui valichi alpini» registrato." in response.content.decode()
    assert tavolo.progetto == progetto
    assert tavolo.n_partecipanti == 19
    assert tavolo.verbale.read() == PDF
    assert {(o.nome, o.categoria) for o in tavolo.organizzazioni.all()} == {
        ("Confindustria Lombardia", "associazioni"),
        ("RFI", "gestori"),
    }
    assert tavolo.history.get().history_user.username == "operatore-lombardia"


def test_it_reuses_known_organisations(client_operatore, progetto, dati_tavolo):
    esistente = factories.OrganizzazioneFactory(nome="Confindustria Lombardia", categoria="associazioni")
    dati_tavolo["elenco_organizzazioni"] = "  confindustria   LOMBARDIA \nANCE Lombardia"
    client_operatore.post(URL, dati_tavolo)
    tavolo = TavoloConfronto.objects.get()
    assert esistente in tavolo.organizzazioni.all()
    assert Organizzazione.objects.count() == 2
    assert Organizzazione.objects.get(nome="ANCE Lombardia").categoria == "associazioni"


def test_it_offers_only_own_region_works(client_operatore, progetto):
    factories.OperaPrioritariaFactory(regione=factories.regione("lombardia"), titolo="Pedemontana")
    factories.OperaPrioritariaFactory(regione=factories.regione("sicilia"), titolo="Ponte")
    opere = client_operatore.get(URL).context["form"].fields["opere_discusse"].queryset
    assert [o.titolo for o in opere] == ["Pedemontana"]


def test_it_requires_rw_access(client_coordinatore, progetto, dati_tavolo):
    assert client_coordinatore.get(URL).status_code == 403
    assert client_coordinatore.post(URL, dati_tavolo).status_code == 403
    assert not TavoloConfronto.objects.exists()


def test_amministratore_chooses_the_project_first(client, amministratore, progetto, altro_progetto, dati_tavolo):
    # Admins have no region of their own: the create page first asks for the project.
    client.force_login(amministratore)
    response = client.get(URL)
    assert response.status_code == 200
    assert list(response.context["progetti"]) == [progetto, altro_progetto]
    assert "form" not in response.context
    dati_tavolo.pop("provincia", None)
    response = client.post(f"{URL}?progetto={altro_progetto.pk}", dati_tavolo)
    assert response.status_code == 302
    assert TavoloConfronto.objects.get().progetto == altro_progetto


def test_amministratore_cannot_pick_a_project_of_another_edition(client, amministratore, progetto):
    progetto.programma.attivo = False
    progetto.programma.save()
    client.force_login(amministratore)
    response = client.get(f"{URL}?progetto={progetto.pk}")
    assert "form" not in response.context
    assert list(response.context["progetti"]) == []


def test_it_explains_a_missing_project(client_operatore, programma):
    response = client_operatore.get(URL)
    assert response.status_code == 200
    assert "non ha ancora un progetto regionale" in response.content.decode()


def test_it_requires_login(client, progetto):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_enforces_csrf(operatore, progetto, dati_tavolo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(operatore)
    assert client.post(URL, dati_tavolo).status_code == 403
    assert not TavoloConfronto.objects.exists()


def errori(response, campo):
    return " ".join(response.context["form"].errors.get(campo, []))


def test_it_rejects_negative_counts(client_operatore, progetto, dati_tavolo):
    dati_tavolo["n_esperti"] = "-1"
    response = client_operatore.post(URL, dati_tavolo)
    assert response.status_code == 200
    assert "maggiore o uguale a 0" in errori(response, "n_esperti")
    assert not TavoloConfronto.objects.exists()


def test_it_rejects_another_region_province(client_operatore, progetto, dati_tavolo):
    dati_tavolo["provincia"] = Provincia.objects.get(sigla="PA").pk
    response = client_operatore.post(URL, dati_tavolo)
    assert "Scegli un'opzione valida" in errori(response, "provincia")
    assert not TavoloConfronto.objects.exists()


def test_it_requires_a_place_in_person(client_operatore, progetto, dati_tavolo):
    dati_tavolo.update(luogo="", provincia="")
    response = client_operatore.post(URL, dati_tavolo)
    assert "Indicare il luogo o la provincia" in errori(response, "luogo")
    assert not TavoloConfronto.objects.exists()


def test_it_rejects_a_fake_pdf(client_operatore, progetto, dati_tavolo):
    dati_tavolo["verbale"] = SimpleUploadedFile("verbale.pdf", b"<html>non sono un PDF</html>")
    response = client_operatore.post(URL, dati_tavolo)
    assert "Il contenuto del file non è di un tipo ammesso" in errori(response, "verbale")
    assert not TavoloConfronto.objects.exists()
    assert not Organizzazione.objects.exists()


def test_it_rejects_an_oversized_file(client_operatore, progetto, dati_tavolo, settings):
    settings.MAX_UPLOAD_SIZE = 10
    dati_tavolo["verbale"] = SimpleUploadedFile("verbale.pdf", PDF)
    response = client_operatore.post(URL, dati_tavolo)
    assert "Il file è troppo grande" in errori(response, "verbale")
    assert not TavoloConfronto.objects.exists()


@pytest.mark.parametrize(
    "riga, messaggio",
    [
        ("Confindustria Lombardia; sindacati", "Riga 2 («Confindustria Lombardia; sindacati»): categoria «sindacati» non riconosciuta"),
        ("; imprese", "Riga 2 («; imprese»): manca il nome"),
    ],
)
def test_it_rejects_a_bad_organisation_line(client_operatore, progetto, dati_tavolo, riga, messaggio):
    dati_tavolo["elenco_organizzazioni"] = f"RFI; gestori\n{riga}"
    response = client_operatore.post(URL, dati_tavolo)
    assert messaggio in errori(response, "elenco_organizzazioni")
    assert not TavoloConfronto.objects.exists()
    assert not Organizzazione.objects.exists()


def test_a_past_tavolo_is_held_unless_said_otherwise(client_operatore, progetto, dati_tavolo):
    # The state left empty follows the date: a past tavolo is held, and so counted.
    dati_tavolo.update(stato="", data="2025-01-15")
    assert client_operatore.post(URL, dati_tavolo).status_code == 302
    assert TavoloConfronto.objects.get().stato == "svolto"


def test_a_future_tavolo_is_planned_and_said_not_counted(client_operatore, progetto, dati_tavolo):
    dati_tavolo.update(stato="", data="2099-01-15")
    response = client_operatore.post(URL, dati_tavolo, follow=True)
    assert TavoloConfronto.objects.get().stato == "pianificato"
    assert "non è contato nei contatori finché non lo segni come svolto" in response.content.decode()


def test_a_future_tavolo_cannot_be_held(client_operatore, progetto, dati_tavolo):
    dati_tavolo.update(stato="svolto", data="2099-01-15")
    response = client_operatore.post(URL, dati_tavolo)
    assert response.status_code == 200
    assert "data futura non può essere già svolta" in " ".join(response.context["form"].errors["stato"])
    assert not TavoloConfronto.objects.exists()


def test_errors_are_summarised_with_links_to_the_fields(client_operatore, progetto, dati_tavolo):
    dati_tavolo["titolo"] = ""
    body = client_operatore.post(URL, dati_tavolo).content.decode()
    assert 'data-riepilogo-errori' in body
    assert '<a href="#id_titolo">Titolo</a>' in body


def test_the_new_form_leaves_the_state_to_the_date(client_operatore, progetto):
    assert client_operatore.get(URL).context["form"]["stato"].value() == ""


def test_organisations_are_per_region(client_operatore, progetto, altro_progetto, dati_tavolo):
    """A Lombard Operatore typing a name a Sicilian tavolo lists neither recategorises Sicily's
    organisation nor gets Sicily's spelling: Lombardia gets its own row."""
    siciliana = factories.OrganizzazioneFactory(
        nome="Confindustria ITALIA", categoria="associazioni", regione=factories.regione("sicilia")
    )
    factories.TavoloConfrontoFactory(progetto=altro_progetto).organizzazioni.set([siciliana])
    dati_tavolo["elenco_organizzazioni"] = "Confindustria Italia; imprese"
    assert client_operatore.post(URL, dati_tavolo).status_code == 302
    siciliana.refresh_from_db()
    assert (siciliana.nome, siciliana.categoria) == ("Confindustria ITALIA", "associazioni")
    lombarda = TavoloConfronto.objects.get(progetto=progetto).organizzazioni.get()
    assert (lombarda.nome, lombarda.categoria, lombarda.regione.slug) == ("Confindustria Italia", "imprese", "lombardia")


def test_it_refuses_a_sintesi_over_the_limit_and_keeps_it(client_operatore, progetto, dati_tavolo):
    dati_tavolo["sintesi"] = righe_brevi(Limite.SINTESI + 1)
    controlla_testo_rifiutato(client_operatore.post(URL, dati_tavolo), dati_tavolo["sintesi"], Limite.SINTESI)
    assert not TavoloConfronto.objects.exists()
