import csv
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programma.importazione import tasks
from programma.importazione.models import ErroreImportazione, Importazione
from programma.importazione.services import importa_opere
from programma.models import OperaPrioritaria
from tests.importazione.conftest import csv_bytes, riga

pytestmark = pytest.mark.django_db


@pytest.fixture
def importazione(amministratore):
    return importa_opere(csv_bytes([riga("OP-1"), riga("OP-2")]), nome_file="opere.csv", utente=amministratore).importazione


@pytest.fixture
def rifiutata():
    dati = csv_bytes([riga("OP-1", titolo="=cmd|' /C calc'!A0", regione="Narnia"), riga("OP-2", costo_stimato="=1+1")])
    esito = importa_opere(dati, nome_file="cattivo.csv", dry_run=True)
    importazione = Importazione.objects.create(nome_file="cattivo.csv", stato="rifiutata", righe_errate=esito.righe_errate)
    ErroreImportazione.objects.bulk_create(ErroreImportazione(importazione=importazione, **e.come_dict()) for e in esito.errori)
    return importazione


def urls(pk: int) -> list[str]:
    return [
        reverse("importazione:storico"),
        reverse("importazione:dettaglio", args=[pk]),
        reverse("importazione:stato", args=[pk]),
        reverse("importazione:errori_csv", args=[pk]),
    ]


def test_it_works(client_admin, importazione):
    storico = client_admin.get(reverse("importazione:storico"))
    assert "opere.csv" in storico.content.decode()
    dettaglio = client_admin.get(reverse("importazione:dettaglio", args=[importazione.pk]))
    assert dettaglio.status_code == 200
    assert "Annulla questa importazione" in dettaglio.content.decode()


def test_the_state_endpoint_reports_progress(client_admin, importazione):
    stato = client_admin.get(reverse("importazione:stato", args=[importazione.pk])).json()
    assert stato["stato"] == "completata" and stato["terminata"] and stato["percentuale"] == 100


def test_the_page_polls_while_running(client_admin):
    in_corso = Importazione.objects.create(nome_file="grande.csv", stato="in_corso", righe_totali=1000, righe_elaborate=500, fase="validazione")
    pagina = client_admin.get(reverse("importazione:dettaglio", args=[in_corso.pk])).content.decode()
    assert 'id="avanzamento"' in pagina and reverse("importazione:stato", args=[in_corso.pk]) in pagina
    assert client_admin.get(reverse("importazione:stato", args=[in_corso.pk])).json()["percentuale"] == 45


@pytest.mark.parametrize("fixture_utente", ["operatore", "coordinatore"])
def test_it_requires_the_admin_role(client, request, importazione, fixture_utente):
    client.force_login(request.getfixturevalue(fixture_utente))
    for url in urls(importazione.pk):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("importazione:annulla", args=[importazione.pk])).status_code == 403
    assert OperaPrioritaria.objects.count() == 2


def test_it_sends_anonymous_users_to_login(client, importazione):
    for url in urls(importazione.pk):
        assert client.get(url).url.startswith(reverse("login"))


def test_undo_first_shows_what_it_would_do_and_changes_nothing(client_admin, amministratore, importazione):
    OperaPrioritaria.objects.filter(codice="OP-1").first().save()  # edited by hand after the import
    url = reverse("importazione:annulla", args=[importazione.pk])
    risposta = client_admin.get(url)
    assert risposta.status_code == 200
    assert (risposta.context["n_create"], risposta.context["n_modificate_dopo"]) == (2, 1)
    assert "OP-1" in risposta.content.decode() and "andranno perse" in risposta.content.decode()
    # Without the confirmation box, a POST only shows the page again.
    assert client_admin.post(url).status_code == 200
    assert OperaPrioritaria.objects.count() == 2


def test_undo_deletes_what_the_import_created(client_admin, importazione):
    risposta = client_admin.post(reverse("importazione:annulla", args=[importazione.pk]), {"conferma": "1"})
    assert risposta.url == reverse("importazione:dettaglio", args=[importazione.pk])
    assert not OperaPrioritaria.objects.exists()
    importazione.refresh_from_db()
    assert importazione.stato == "annullata"


def test_a_second_undo_is_refused_and_changes_nothing(client_admin, amministratore):
    """Proves the refusal: run again, the undo would put OP-1 back to 100 over a later edit."""
    importa_opere(csv_bytes([riga("OP-1", costo_stimato="100,00")]), nome_file="prima.csv", utente=amministratore)
    dati = csv_bytes([riga("OP-1", costo_stimato="200,00"), riga("OP-2")])
    seconda = importa_opere(dati, nome_file="seconda.csv", utente=amministratore).importazione
    url = reverse("importazione:annulla", args=[seconda.pk])
    client_admin.post(url, {"conferma": "1"}, follow=True)  # reading the page consumes the success message
    assert list(OperaPrioritaria.objects.values_list("codice", "costo_stimato")) == [("OP-1", Decimal("100"))]
    OperaPrioritaria.objects.update(costo_stimato=Decimal("300"))  # edited by hand after the undo
    dopo_il_primo = fotografia()

    risposta = client_admin.post(url, {"conferma": "1"}, follow=True)

    assert risposta.redirect_chain == [(reverse("importazione:dettaglio", args=[seconda.pk]), 302)]
    assert [str(m) for m in risposta.context["messages"]] == ["Si può annullare solo l'ultima importazione completata."]
    assert fotografia() == dopo_il_primo


def fotografia() -> tuple[list[dict], list[dict]]:
    """Every work and every import as rows of values, to compare before and after a request."""
    opere = list(OperaPrioritaria.objects.order_by("pk").values())
    importazioni = list(Importazione.objects.order_by("pk").values("pk", "stato", "annullata_il", "annullata_da", "messaggio"))
    return opere, importazioni


def test_undo_of_a_large_import_runs_in_the_background(client_admin, amministratore, importazione, monkeypatch):
    """Proves the undo is queued for the worker, not done in the request: the works stay until the task runs."""
    monkeypatch.setattr("programma.importazione.views.ANNULLA_SINCRONO_MAX", 1)
    accodati = []
    monkeypatch.setattr(tasks.annulla_importazione, "delay", lambda *args: accodati.append(args))

    risposta = client_admin.post(reverse("importazione:annulla", args=[importazione.pk]), {"conferma": "1"}, follow=True)

    assert accodati == [(importazione.pk, amministratore.pk)]
    assert [str(m) for m in risposta.context["messages"]] == ["Annullamento avviato in background."]
    assert OperaPrioritaria.objects.count() == 2
    importazione.refresh_from_db()
    assert (importazione.stato, importazione.fase) == ("completata", "annullamento")

    tasks.annulla_importazione.apply(args=accodati[0])  # what the worker does with the queued message
    assert not OperaPrioritaria.objects.exists()
    importazione.refresh_from_db()
    assert (importazione.stato, importazione.annullata_da) == ("annullata", amministratore)


def test_the_error_report_lists_every_bad_row_neutralised(client_admin, rifiutata):
    risposta = client_admin.get(reverse("importazione:errori_csv", args=[rifiutata.pk]))
    assert risposta["Content-Type"].startswith("text/csv")
    linee = b"".join(risposta.streaming_content).decode("utf-8-sig").strip().split("\r\n")
    assert linee[0] == "riga;codice;titolo;colonna;valore;motivo"
    righe = list(csv.reader(linee[1:], delimiter=";"))
    assert [r[:2] + r[3:4] for r in righe] == [["2", "OP-1", "regione"], ["3", "OP-2", "costo_stimato"]]
    celle = [c for r in righe for c in r]
    # The values and the titles come from the file: a formula in either is neutralised.
    assert "'=1+1" in celle and "'=cmd|' /C calc'!A0" in celle and not any(c.startswith("=") for c in celle)


def test_the_rejected_page_says_nothing_was_written(client_admin, rifiutata):
    pagina = client_admin.get(reverse("importazione:dettaglio", args=[rifiutata.pk])).content.decode()
    assert "nessuna opera è stata scritta" in pagina
    assert "Narnia" in pagina


def test_the_nav_links_the_history_for_admins(client_admin):
    assert reverse("importazione:storico") in client_admin.get(reverse("home")).content.decode()


def test_the_history_shows_no_created_works_for_a_rejected_file(client_admin):
    dati = csv_bytes([riga("OP-1"), riga("OP-2"), riga("OP-3", regione="Narnia")])
    client_admin.post(reverse("importazione:nuova"), {"file": SimpleUploadedFile("una_errata.csv", dati)})
    html = client_admin.get(reverse("importazione:storico")).content.decode()
    riga_html = html[html.index("una_errata.csv") :].split("</tr>")[0]
    assert "Rifiutata" in riga_html
    celle = [c.split(">")[-1] for c in riga_html.split("</td>")[-5:-1]]
    assert celle == ["—", "—", "—", "1"]
    assert not OperaPrioritaria.objects.exists()


def test_undo_is_refused_once_its_works_are_in_a_closed_edition(client_admin, amministratore, programma):
    """A closed edition is read-only on every path: undoing would delete its works (issue #21)."""
    from programma.models import Programma

    importazione = importa_opere(csv_bytes([riga("OP-1"), riga("OP-2")]), nome_file="opere.csv", utente=amministratore).importazione
    assert importazione.annullabile
    Programma.objects.create(nome="Edizione successiva", data_inizio="2027-01-01", data_fine="2028-12-31", attivo=True)

    risposta = client_admin.post(reverse("importazione:annulla", args=[importazione.pk]), {"conferma": "1"}, follow=True)

    assert [str(m) for m in risposta.context["messages"]] == [
        "Questa importazione ha scritto opere di un'edizione ora chiusa del programma: le edizioni passate "
        "sono in sola lettura, e l'importazione non si può più annullare."
    ]
    assert OperaPrioritaria.objects.count() == 2
    importazione.refresh_from_db()
    assert importazione.stato == "completata"
