import html
from decimal import Decimal

import pytest
from django.urls import reverse

from programma.fields import Limite
from programma.models import OperaPrioritaria
from tests import factories
from tests.conftest import controlla_testo_rifiutato, righe_brevi

pytestmark = pytest.mark.django_db

URL = reverse("programma:opera_nuova")


def dati(**altri):
    return {
        "codice": "LOM-FER-001",
        "cup": "",
        "titolo": "Raddoppio Milano-Mortara",
        "modalita": "ferroviaria",
        "livello_priorita": "1",
        "stato": "in_progettazione",
        "semaforo": "giallo",
        "costo_stimato": "1234567,89",
        **altri,
    }


def test_it_works(client_operatore, progetto):
    form = client_operatore.get(URL).context["form"]
    assert "regione" not in form.fields
    assert not form.fields["province"].queryset.exclude(regione=progetto.regione).exists()
    milano = progetto.regione.province.get(sigla="MI")
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto)
    response = client_operatore.post(URL, dati(cup=" j51b21000050001 ", province=[milano.pk], tavolo=tavolo.pk))
    assert response.status_code == 302
    opera = OperaPrioritaria.objects.get()
    assert (opera.regione, opera.progetto, opera.tavolo) == (progetto.regione, progetto, tavolo)
    assert opera.cup == "J51B21000050001"
    assert opera.costo_stimato == Decimal("1234567.89")
    assert list(opera.province.all()) == [milano]


def test_it_rejects_provinces_and_tavoli_of_other_regions(client_operatore, progetto, altro_progetto):
    palermo = altro_progetto.regione.province.get(sigla="PA")
    tavolo = factories.TavoloConfrontoFactory(progetto=altro_progetto)
    response = client_operatore.post(URL, dati(province=[palermo.pk], tavolo=tavolo.pk))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"province", "tavolo"}
    assert not OperaPrioritaria.objects.exists()


@pytest.mark.parametrize(
    ("campo", "valore", "messaggio"),
    [
        ("cup", "J51B2100005000", "Il CUP deve avere 15 caratteri"),
        ("cup", "151B21000050001", "Il CUP deve avere 15 caratteri"),
        ("costo_stimato", "-1", "L&#x27;importo non può essere negativo."),
        ("livello_priorita", "4", "4 non è tra quelle disponibili"),
        ("codice", "", "Questo campo è obbligatorio"),
    ],
)
def test_it_rejects_bad_values(client_operatore, progetto, campo, valore, messaggio):
    response = client_operatore.post(URL, dati(**{campo: valore}))
    assert response.status_code == 200
    assert messaggio in response.content.decode()
    assert not OperaPrioritaria.objects.exists()


def test_it_rejects_a_duplicate_code(client_operatore, progetto, altra_opera):
    response = client_operatore.post(URL, dati(codice=altra_opera.codice))
    assert response.status_code == 200
    assert "codice" in response.context["form"].errors
    assert OperaPrioritaria.objects.count() == 1


def test_it_requires_rw_access(client_coordinatore, progetto):
    assert client_coordinatore.get(URL).status_code == 403
    assert client_coordinatore.post(URL, dati()).status_code == 403
    assert not OperaPrioritaria.objects.exists()


def test_admins_choose_the_project(client_amministratore, progetto, altro_progetto):
    palermo = altro_progetto.regione.province.get(sigla="PA")
    response = client_amministratore.post(f"{URL}?progetto={altro_progetto.pk}", dati(province=[palermo.pk]))
    assert response.status_code == 302
    opera = OperaPrioritaria.objects.get()
    assert (opera.regione, opera.progetto) == (altro_progetto.regione, altro_progetto)
    # A province outside the project's region is not even a choice.
    response = client_amministratore.post(f"{URL}?progetto={progetto.pk}", dati(codice="X-2", province=[palermo.pk]))
    assert "province" in response.context["form"].errors
    assert OperaPrioritaria.objects.count() == 1


def test_it_enforces_csrf(csrf_client, progetto):
    assert csrf_client.post(URL, dati()).status_code == 403
    assert not OperaPrioritaria.objects.exists()


def test_it_requires_login(client, login_url):
    assert client.get(URL).url == login_url(URL)


@pytest.mark.parametrize(
    ("scritto", "importo"),
    [
        ("1.234.567,89", Decimal("1234567.89")),
        ("€ 2.500.000", Decimal("2500000")),
        ("1.234", Decimal("1234")),
        ("1234567,5", Decimal("1234567.5")),
        ("1234.5", Decimal("1234.5")),
    ],
)
def test_it_reads_amounts_written_the_italian_way(client_operatore, progetto, scritto, importo):
    response = client_operatore.post(URL, dati(costo_stimato=scritto))
    assert response.status_code == 302
    assert OperaPrioritaria.objects.get().costo_stimato == importo


def test_it_rejects_a_negative_amount_with_thousands_dots(client_operatore, progetto):
    response = client_operatore.post(URL, dati(costo_stimato="-1.000,00"))
    assert response.context["form"].errors["costo_stimato"] == ["L'importo non può essere negativo."]


def test_it_refuses_a_description_over_the_limit_and_keeps_it(client_operatore, progetto):
    descrizione = righe_brevi(Limite.DESCRIZIONE + 1)
    controlla_testo_rifiutato(client_operatore.post(URL, dati(descrizione=descrizione)), descrizione, Limite.DESCRIZIONE)
    assert not OperaPrioritaria.objects.exists()


# --- titles of real registers (issue #21) ------------------------------------------------------

TITOLO_REALE = (
    "Interventi di ricostruzione, riparazione e miglioramento sismico dell'edificio scolastico sede "
    "dell'istituto comprensivo, con adeguamento impiantistico e messa in sicurezza delle aree esterne "
)


def test_a_title_of_a_thousand_characters_goes_in_whole_and_lists_show_it_shortened(client_operatore, progetto):
    titolo = (TITOLO_REALE * 6)[: Limite.TITOLO_OPERA]
    assert client_operatore.post(URL, dati(titolo=titolo)).status_code == 302
    opera = OperaPrioritaria.objects.get()
    assert opera.titolo == titolo.strip()
    lista = html.unescape(client_operatore.get(reverse("programma:opere")).content.decode())
    assert opera.titolo_breve in lista and titolo.strip() not in lista and len(opera.titolo_breve) == 150
    pagina = html.unescape(client_operatore.get(opera.get_absolute_url()).content.decode())
    assert titolo.strip() in pagina  # the work's page shows it whole


def test_a_longer_title_is_refused_and_kept(client_operatore, progetto):
    titolo = (TITOLO_REALE * 6)[: Limite.TITOLO_OPERA] + "x"
    risposta = client_operatore.post(URL, dati(titolo=titolo))
    controlla_testo_rifiutato(risposta, titolo, Limite.TITOLO_OPERA)
    assert not OperaPrioritaria.objects.exists()


def test_a_title_is_one_line(client_operatore, progetto):
    assert client_operatore.post(URL, dati(titolo="Raddoppio\r\nMilano -  Mortara ")).status_code == 302
    assert OperaPrioritaria.objects.get().titolo == "Raddoppio Milano - Mortara"
