"""The public section: only what is published, for anyone; files of unpublished items are a 404."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from programma.models import DocumentoNazionale, Stampa
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def pubblicati(strategico, strategico_siciliano, progetto, altro_progetto, programma):
    """Lombardia's strategic project published, Sicily's a draft; one report and one national document each way."""
    factories.libro_pubblicato(strategico, pubblicato_il=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    report = factories.ReportFactory(progetto=progetto, titolo="Report pubblicato lombardo", pubblicato=True)
    report.file.save("report.pdf", ContentFile(PDF))
    segreto = factories.ReportFactory(progetto=altro_progetto, titolo="Report riservato siciliano")
    segreto.file.save("segreto.pdf", ContentFile(PDF))
    nazionale = DocumentoNazionale.objects.create(
        programma=programma, tipo="analisi_domanda_offerta", titolo="Analisi nazionale di domanda e offerta", data=dt.date(2025, 2, 1), stato="pubblicato"
    )
    nazionale.file.save("analisi.pdf", ContentFile(PDF))
    bozza = DocumentoNazionale.objects.create(
        programma=programma, tipo="presentazione", titolo="Presentazione interna", data=dt.date(2025, 3, 1)
    )
    bozza.file.save("interna.pdf", ContentFile(PDF))
    return {"report": report, "segreto": segreto, "nazionale": nazionale, "bozza": bozza, "strategico": strategico}


def test_the_list_shows_only_published_items(client, pubblicati, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        pagina = client.get(reverse("documenti:lista")).content.decode()
    assert "Libro Bianco delle infrastrutture lombarde" in pagina
    assert "Report pubblicato lombardo" in pagina and "Analisi nazionale di domanda e offerta" in pagina
    assert "Libro Bianco della Sicilia" not in pagina and "Report riservato siciliano" not in pagina
    assert "Presentazione interna" not in pagina
    assert reverse("documenti:libro_bianco", args=[pubblicati["strategico"].pk]) in pagina


def test_the_query_count_is_flat(client, pubblicati, progetto, django_assert_max_num_queries):
    """Thirty more published reports cost no more queries."""
    for n in range(30):
        factories.ReportFactory(progetto=progetto, titolo=f"Altro report {n}", pubblicato=True)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("documenti:lista")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("documenti:api")).status_code == 200


@pytest.mark.parametrize(
    "filtro, attesi",
    [
        ({"regione": "lombardia"}, {"Libro Bianco delle infrastrutture lombarde", "Report pubblicato lombardo"}),
        ({"tipo": "progetto_strategico"}, {"Libro Bianco delle infrastrutture lombarde"}),
        ({"tipo": "analisi_domanda_offerta"}, {"Analisi nazionale di domanda e offerta"}),
        ({"regione": "sicilia"}, set()),
    ],
)
def test_filters(client, pubblicati, filtro, attesi):
    corpo = client.get(reverse("documenti:api"), filtro).json()
    assert {d["titolo"] for d in corpo["documenti"]} == attesi
    assert corpo["totale"] == len(attesi)


def test_edition_filter(client, pubblicati):
    altra = factories.ProgrammaFactory(nome="Edizione 2023-2024", data_inizio=dt.date(2023, 1, 1), data_fine=dt.date(2024, 12, 31), attivo=False)
    assert client.get(reverse("documenti:api"), {"edizione": altra.pk}).json()["totale"] == 0


def test_a_bad_filter_is_a_clear_400(client, db):
    response = client.get(reverse("documenti:api"), {"regione": "atlantide"})
    assert response.status_code == 400 and "regione" in response.json()["errori"]


def test_published_items_have_public_pages_and_files(client, pubblicati):
    strategico, report, nazionale = pubblicati["strategico"], pubblicati["report"], pubblicati["nazionale"]
    assert "Potenziare gli interporti." in client.get(reverse("documenti:strategico", args=[strategico.pk])).content.decode()
    assert b"".join(client.get(reverse("documenti:libro_bianco", args=[strategico.pk])).streaming_content).startswith(b"%PDF")
    assert client.get(reverse("documenti:report", args=[report.pk])).status_code == 200
    assert b"".join(client.get(reverse("documenti:report_file", args=[report.pk])).streaming_content) == PDF
    assert client.get(reverse("documenti:nazionale", args=[nazionale.pk])).status_code == 200
    assert client.get(reverse("documenti:nazionale_file", args=[nazionale.pk])).status_code == 200


def test_unpublished_items_and_files_are_404_for_the_public(client, pubblicati, strategico_siciliano):
    segreto, bozza = pubblicati["segreto"], pubblicati["bozza"]
    for nome, pk in [
        ("documenti:strategico", strategico_siciliano.pk),
        ("documenti:libro_bianco", strategico_siciliano.pk),
        ("documenti:report", segreto.pk),
        ("documenti:report_file", segreto.pk),
        ("documenti:nazionale", bozza.pk),
        ("documenti:nazionale_file", bozza.pk),
    ]:
        assert client.get(reverse(nome, args=[pk])).status_code == 404, nome


def test_an_unpublished_file_is_404_for_another_region(client, operatore, pubblicati):
    client.force_login(operatore)
    assert client.get(reverse("programma:report_file", args=[pubblicati["segreto"].pk])).status_code == 404
    assert client.get(reverse("documenti:report_file", args=[pubblicati["segreto"].pk])).status_code == 404


def test_it_lists_no_published_document_without_its_file(client, pubblicati, progetto, programma):
    """Published by the old checkbox with nothing to download: not listed, no page, no file (the
    rule of `pubblicati()`, whatever wrote the row)."""
    vuoto = factories.ReportFactory(progetto=progetto, titolo="Report senza file", stato="pubblicato")
    nazionale_vuoto = DocumentoNazionale.objects.create(
        programma=programma, tipo="altro", titolo="Nazionale senza file", data=dt.date(2025, 4, 1), stato="pubblicato"
    )
    corpo = client.get(reverse("documenti:api")).json()
    assert {"Report senza file", "Nazionale senza file"}.isdisjoint(d["titolo"] for d in corpo["documenti"])
    assert all(d["file"] for d in corpo["documenti"])
    assert client.get(reverse("documenti:report", args=[vuoto.pk])).status_code == 404
    assert client.get(reverse("documenti:nazionale_file", args=[nazionale_vuoto.pk])).status_code == 404


def test_the_public_counters_page_links_here(client, db):
    assert reverse("documenti:lista") in client.get(reverse("contatori:pubblico")).content.decode()


def test_the_national_volume_is_linked_once_it_is_printed(client, pubblicati, programma):
    url = reverse("documenti:volume_nazionale")
    assert url not in client.get(reverse("documenti:lista")).content.decode()
    Stampa.objects.create(
        genere="volume_nazionale", scopo="pubblicazione", stato="pronta", programma=programma, origine="x", versione=2,
        file="stampe/volume.pdf", sha256="0" * 64,
    )
    pagina = client.get(reverse("documenti:lista")).content.decode()
    assert f"{url}?edizione={programma.pk}" in pagina and "versione 2" in pagina


def test_the_api_states_its_licence(client, pubblicati):
    risposta = client.get(reverse("documenti:api"))
    assert risposta.json()["licenza"]["sigla"] == "CC BY 4.0" and "Fonte:" in risposta.json()["licenza"]["attribuzione"]
    assert risposta["Link"] == '<https://creativecommons.org/licenses/by/4.0/deed.it>; rel="license"'


def test_the_list_pages_like_every_list_and_stacks_on_a_phone(client, programma, monkeypatch):
    """The documents' list is drawn on the table every list shares (tabella.html): the one pagination
    (`?page=`, kept filters) and cells that name their column for the phone's stacked rows."""
    monkeypatch.setattr("programma.risultati.pubblico.PER_PAGINA", 2)
    for n in range(3):
        documento = DocumentoNazionale.objects.create(
            programma=programma, tipo="presentazione", titolo=f"Analisi {n}", data=dt.date(2025, 1, 1 + n), stato="pubblicato"
        )
        documento.file.save(f"analisi-{n}.pdf", ContentFile(PDF))
    prima = client.get(reverse("documenti:lista"), {"tipo": "presentazione"}).content.decode()
    assert 'href="?tipo=presentazione&amp;page=2"' in prima
    assert 'class="table table-hover tabella-impilabile"' in prima and 'data-etichetta="Data"' in prima
    seconda = client.get(reverse("documenti:lista"), {"tipo": "presentazione", "page": "2"}).content.decode()
    assert seconda.count('data-testid="voce-nazionale"') == 1 and "Analisi 0" in seconda
