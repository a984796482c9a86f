"""Targets of the counters: the grid and its upload (all or nothing), proposals, progress, API and pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contatori.models import Obiettivo
from contatori.obiettivi import Progresso, progresso
from contatori.services import ricalcola
from programma.models import Programma
from tests.importazione.conftest import csv_bytes

pytestmark = pytest.mark.django_db

GRIGLIA = reverse("contatori:obiettivi")
CARICA = reverse("contatori:obiettivi_carica")


def carica(client, righe, intestazione=("regione", "tavoli_svolti", "eventi_svolti")):
    file = SimpleUploadedFile("obiettivi.csv", csv_bytes(righe, intestazione=list(intestazione)), content_type="text/csv")
    return client.post(CARICA, {"file": file})


def valori() -> dict:
    return {(o.contatore, o.regione.codice_istat if o.regione else "IT"): o.valore for o in Obiettivo.objects.all()}


def test_an_upload_with_one_bad_cell_writes_nothing_and_names_the_cell(client_coordinatore, programma):
    risposta = carica(client_coordinatore, [["IT", "100", "50"], ["Lombardia", "20", "dieci"], ["Sicilia", "10", "5"]])
    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert "Riga 3, colonna «eventi_svolti» («dieci»)" in html
    assert not Obiettivo.objects.exists()
    risposta = carica(client_coordinatore, [["IT", "100", "50"], ["Lombardia", "20", "10"], ["19", "1.000", ""]])
    assert risposta.status_code == 302
    assert valori() == {
        ("tavoli_svolti", "IT"): 100, ("eventi_svolti", "IT"): 50,
        ("tavoli_svolti", "03"): 20, ("eventi_svolti", "03"): 10, ("tavoli_svolti", "19"): 1000,
    }  # fmt: skip


def test_an_upload_names_unknown_regions_and_counters(client_coordinatore, programma):
    risposta = carica(client_coordinatore, [["Atlantide", "1", "2"]], intestazione=("regione", "tavoli_svolti", "fasi_in_ritardo"))
    html = risposta.content.decode()
    assert "«fasi_in_ritardo»: contatore sconosciuto o senza obiettivo" in html
    assert "regione «Atlantide» sconosciuta" in html
    assert not Obiettivo.objects.exists()


def test_the_grid_form_is_all_or_nothing(client_coordinatore, programma):
    risposta = client_coordinatore.post(GRIGLIA, {"tavoli_svolti__IT": "90", "tavoli_svolti__03": "-4"})
    assert risposta.status_code == 200 and "Tavoli svolti — Lombardia" in risposta.content.decode()
    assert not Obiettivo.objects.exists()
    assert client_coordinatore.post(GRIGLIA, {"tavoli_svolti__IT": "90", "tavoli_svolti__03": "4"}).status_code == 302
    assert valori() == {("tavoli_svolti", "IT"): 90, ("tavoli_svolti", "03"): 4}
    # An empty cell removes that target only; cells not sent stay.
    client_coordinatore.post(GRIGLIA, {"tavoli_svolti__03": ""})
    assert valori() == {("tavoli_svolti", "IT"): 90}


def test_an_operatore_proposes_only_their_regions_targets(client_operatore, client, coordinatore, programma, progetto):
    Obiettivo.objects.create(programma=programma, contatore="tavoli_svolti", regione=progetto.regione, valore=5)
    form = client_operatore.get(GRIGLIA).context["form"]
    assert set(form.fields) == {"scadenza"} | {n for n in form.fields if n.endswith("__03")}
    risposta = client_operatore.post(GRIGLIA, {"tavoli_svolti__03": "8", "tavoli_svolti__IT": "999", "tavoli_svolti__19": "999"})
    assert risposta.status_code == 302
    obiettivo = Obiettivo.objects.get()
    # Proposed, not approved: the approved target is unchanged; nothing national or Sicilian written.
    assert (obiettivo.valore, obiettivo.valore_proposto, obiettivo.stato) == (5, 8, "proposto")
    assert client_operatore.post(CARICA).status_code == 403
    client.force_login(coordinatore)
    assert client.get(GRIGLIA).context["proposte"] == [obiettivo]
    client.post(GRIGLIA, {"tavoli_svolti__03": "8"})
    obiettivo.refresh_from_db()
    assert (obiettivo.valore, obiettivo.valore_proposto, obiettivo.stato) == (8, None, "approvato")


def test_progress_is_on_track_or_behind_given_the_time_elapsed():
    edizione = Programma(nome="E", data_inizio=dt.date(2026, 1, 1), data_fine=dt.date(2026, 12, 31))
    obiettivo = Obiettivo(valore=Decimal(100), scadenza=dt.date(2026, 12, 31))
    meta_anno = dt.date(2026, 7, 2)  # half the time elapsed
    assert progresso(Decimal(60), obiettivo, edizione, meta_anno).stato == "in_linea"
    assert progresso(Decimal(30), obiettivo, edizione, meta_anno).stato == "in_ritardo"
    assert progresso(Decimal(100), obiettivo, edizione, meta_anno).stato == "raggiunto"
    assert progresso(Decimal(30), obiettivo, edizione, meta_anno).percento == 30
    con_base = Obiettivo(valore=Decimal(100), valore_base=Decimal(50))
    assert progresso(Decimal(75), con_base, edizione, meta_anno).percento == 50
    assert progresso(Decimal(1), Obiettivo(valore_proposto=Decimal(3)), edizione) is None  # a proposal is not a target


def test_the_share_of_a_target_reads_the_same_everywhere_and_never_100_before_it_is_reached():
    """Progresso.percento_intero is how every page, tooltip and book prints the share: rounded down,
    as the bar draws it (the region page once rounded 12.5 up to 13 while the table printed 12)."""
    def quota(percento):
        return Progresso(obiettivo=Decimal(8), percento=Decimal(percento), stato="in_linea", atteso=Decimal(0))
    # 13.5: numero_italiano alone rounds half to even (14), floatformat half up (14).
    assert [quota(p).percento_intero for p in ("12.5", "13.5", "99.6", "100.0", "1250.0", "0.0")] == ["12", "13", "99", "100", "1.250", "0"]
    edizione = Programma(nome="E", data_inizio=dt.date(2026, 1, 1), data_fine=dt.date(2026, 12, 31))
    quasi = progresso(Decimal(1999), Obiettivo(valore=Decimal(2000)), edizione, dt.date(2026, 7, 2))
    assert (quasi.percento, quasi.percento_intero, quasi.stato) == (Decimal("99.9"), "99", "in_linea")
    assert quota("49.9").atteso_intero == "0" and Progresso(Decimal(8), Decimal(1), "in_ritardo", Decimal("49.5")).atteso_intero == "49"


def test_the_region_page_and_the_table_print_one_share(dati, programma, client_coordinatore):
    Obiettivo.objects.create(programma=programma, contatore="tavoli_svolti", regione=dati["lombardia"], valore=16)
    ricalcola(origine="test")  # 2 held tavoli of 16 in Lombardia: 12.5%
    regione = client_coordinatore.get(reverse("contatori:regione", args=["lombardia"])).content.decode()
    assert "12% " in regione and "13%" not in regione
    dashboard = client_coordinatore.get(reverse("contatori:dashboard"))
    riga = {r["regione"].slug: r for r in dashboard.context["tabella"]()}
    assert "12" in {c["percento"] for c in riga["lombardia"]["celle"]}


def test_pages_api_and_exports_show_targets_and_never_split_the_national_one(dati, programma, client_coordinatore, client):
    ricalcola(origine="test")
    Obiettivo.objects.create(programma=programma, contatore="tavoli_svolti", valore=12)
    Obiettivo.objects.create(programma=programma, contatore="tavoli_svolti", regione=dati["lombardia"], valore=8)
    # 3 held tavoli of 12 nationally, 2 of 8 in Lombardia; Sicilia has no target (no share of the national one).
    ricalcola(origine="test")  # on commit, saving them queues a recount: the page reads the generation after it
    risposta = client_coordinatore.get(reverse("contatori:dashboard"))
    scheda = next(s for s in risposta.context["schede"]() if s["contatore"].chiave == "tavoli_svolti")
    assert scheda["progresso"].percento == 25
    riga = {r["regione"].slug: r for r in risposta.context["tabella"]()}
    indice = list(risposta.context["regionali"]).index(scheda["contatore"])
    assert riga["lombardia"]["celle"][indice]["progresso"].percento == 25
    assert riga["sicilia"]["celle"][indice]["progresso"] is None
    assert 'data-testid="percento-obiettivo"' in risposta.content.decode()
    corpo = client.get("/api/contatori/").json()
    assert corpo["obiettivi"] == {"nazionale": {"tavoli_svolti": 12}, "regioni": {"03": {"tavoli_svolti": 8}}}
    csv = client_coordinatore.get(reverse("contatori:esporta_csv")).content.decode("utf-8-sig")
    assert "Obiettivo: Tavoli svolti" in csv.splitlines()[0]
    assert "obiettivo" in client.get("/contatori/").content.decode()
    regione = client_coordinatore.get(reverse("contatori:regione", args=["lombardia"]))
    assert "25%" in regione.content.decode()
    in_ritardo = client_coordinatore.get(reverse("contatori:in_ritardo")).context["righe"]
    indietro = {(r["regione"].slug if r["regione"] else "IT", r["contatore"].chiave) for r in in_ritardo}
    assert indietro <= {("IT", "tavoli_svolti"), ("lombardia", "tavoli_svolti")}


def test_the_dashboard_query_count_stays_flat_with_targets(dati, programma, client_coordinatore, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ricalcola(origine="test")
    client_coordinatore.get(reverse("contatori:dashboard"))
    with CaptureQueriesContext(connection) as senza:
        client_coordinatore.get(reverse("contatori:dashboard"))
    for regione_id in [None, dati["lombardia"].pk, dati["sicilia"].pk]:
        for chiave in ("tavoli_svolti", "eventi_svolti", "opere_individuate"):
            Obiettivo.objects.create(programma=programma, contatore=chiave, regione_id=regione_id, valore=10)
    with django_assert_num_queries(len(senza.captured_queries)):
        client_coordinatore.get(reverse("contatori:dashboard"))


def test_the_map_is_coloured_by_percent_of_target_where_regions_have_one(dati, programma, client_coordinatore):
    ricalcola(origine="test")
    Obiettivo.objects.create(programma=programma, contatore="tavoli_svolti", regione=dati["lombardia"], valore=8)
    ricalcola(origine="test")  # on commit, saving them queues a recount: the page reads the generation after it
    risposta = client_coordinatore.get(reverse("contatori:dashboard"), {"contatore": "tavoli_svolti"})
    mappa = risposta.context["mappa"]()
    aree = {a["regione"].slug: a for a in mappa["aree"]}
    # Lombardia: 2 held of 8 = 25 % of its target; Sicilia has none and says so (not a split of anything).
    assert mappa["per_obiettivo"] and aree["lombardia"]["testo"] == "2, 25% dell'obiettivo"
    assert aree["sicilia"]["testo"] == "1, nessun obiettivo" and aree["sicilia"]["colore"] == mappa["scala"][0]
    assert aree["lombardia"]["colore"] == mappa["scala"][2]  # a quarter of the way
    valori_js = risposta.context["valori_js"]()
    assert valori_js["per_obiettivo"]["tavoli_svolti"] and not valori_js["per_obiettivo"]["eventi_svolti"]
    assert valori_js["valori"]["tavoli_svolti"][valori_js["regioni"].index("lombardia")][0] == 2  # the step of scala[2], as drawn


# --- hostile and broken uploads (issue #21) -----------------------------------------------------


def _con_valore_calcolato(xlsx: bytes, formula: str, valore: str) -> bytes:
    """The workbook as Excel saves it: the formula's cell carries its calculated value too
    (openpyxl writes the formula alone, as a program that does not calculate does)."""
    import io
    import zipfile

    entrata, uscita = io.BytesIO(xlsx), io.BytesIO()
    with zipfile.ZipFile(entrata) as sorgente, zipfile.ZipFile(uscita, "w", zipfile.ZIP_DEFLATED) as copia:
        for membro in sorgente.infolist():
            dati = sorgente.read(membro.filename)
            if membro.filename.startswith("xl/worksheets/"):
                dati = dati.replace(f"<f>{formula}</f>".encode(), f"<f>{formula}</f><v>{valore}</v>".encode())
            copia.writestr(membro, dati)
    return uscita.getvalue()


def carica_xlsx(client, contenuto: bytes):
    tipo = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return client.post(CARICA, {"file": SimpleUploadedFile("obiettivi.xlsx", contenuto, content_type=tipo)})


def test_an_xlsx_formula_without_its_value_is_refused_naming_the_cell(client_coordinatore, programma):
    """Read as blank, the formula would have removed Lombardia's target."""
    from tests.importazione.conftest import xlsx_bytes

    assert carica(client_coordinatore, [["Lombardia", "20", "10"]]).status_code == 302
    prima = valori()
    intestazione = ["regione", "tavoli_svolti", "eventi_svolti"]
    risposta = carica_xlsx(client_coordinatore, xlsx_bytes([["Lombardia", "=10*2", "10"]], intestazione=intestazione))
    assert risposta.status_code == 200
    assert "La cella B2 contiene una formula senza il suo valore calcolato" in risposta.content.decode()
    assert valori() == prima == {("tavoli_svolti", "03"): 20, ("eventi_svolti", "03"): 10}


def test_an_xlsx_formula_with_its_value_is_read(client_coordinatore, programma):
    from tests.importazione.conftest import xlsx_bytes

    contenuto = xlsx_bytes([["Lombardia", "=10*3", "10"]], intestazione=["regione", "tavoli_svolti", "eventi_svolti"])
    risposta = carica_xlsx(client_coordinatore, _con_valore_calcolato(contenuto, "10*3", "30"))
    assert risposta.status_code == 302
    assert valori() == {("tavoli_svolti", "03"): 30, ("eventi_svolti", "03"): 10}


def test_the_upload_lists_at_most_import_max_errors(client_coordinatore, programma, settings):
    """200,000 bad rows made an 11 MB page: the first errors are listed, the other rows counted."""
    settings.IMPORT_MAX_ERRORS = 5
    risposta = carica(client_coordinatore, [[f"Atlantide {n}", "1", "1"] for n in range(20)])
    html = risposta.content.decode()
    assert html.count("sconosciuta.") == 5
    assert "…e altre 15 righe con errori, non elencate." in html
    assert not Obiettivo.objects.exists()
