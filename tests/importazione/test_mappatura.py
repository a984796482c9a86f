"""Files whose headers are not ours (issue #20): each column matched to one of ours or ignored, a
fixed value for a required column the file lacks, values mapped ("FA_7" -> "in esecuzione"), the
mapping saved by name and reused from the upload form and from `import_opere --mappatura`.

The two files are shaped like the public ones: an OpenCUP export (its open data's column names,
comma-separated, amounts with a decimal point, regions in capitals, state codes) and a regional
register of public works as an XLSX (Italian headers with spaces and units, numbers and dates as
Excel cells, its own words for the kind and state of a work).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from programma.importazione import services
from programma.importazione.mappatura import Mappatura, proponi
from programma.importazione.models import Importazione, MappaturaImportazione
from programma.importazione.reading import leggi_tabella
from programma.models import OperaPrioritaria
from tests.importazione.conftest import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

# --- an OpenCUP export ----------------------------------------------------------------------------

OPENCUP_INTESTAZIONE = [
    "CUP", "ANNO_DECISIONE", "DESC_SOGGETTO", "DESCRIZIONE_CUP", "DESC_NATURA", "DESC_SETTORE_INTERVENTO",
    "DESC_SOTTO_SETTORE_INTERVENTO", "COD_STATO_PROGETTO", "IMPORTO_COSTO_PROGETTO", "IMPORTO_FINANZIAMENTO",
    "DESC_TIPO_COPERTURA", "LOC_REGIONI", "LOC_PROVINCE", "LOC_COMUNI",
]  # fmt: skip
OPENCUP_RIGHE = [
    ["J41B21000010001", "2021", "RETE FERROVIARIA ITALIANA S.P.A.", "RADDOPPIO DELLA LINEA PONTE SAN PIETRO-BERGAMO-MONTELLO",
     "REALIZZAZIONE DI LAVORI PUBBLICI (OPERE ED IMPIANTISTICA)", "INFRASTRUTTURE DI TRASPORTO", "FERROVIE", "FA_7",
     "170000000.0", "170000000.0", "STATALE", "LOMBARDIA", "BERGAMO", "BERGAMO"],
    ["E71B19000120005", "2019", "ANAS S.P.A.", "VARIANTE DI TIRANO SS38 LOTTO 4", "REALIZZAZIONE DI LAVORI PUBBLICI (OPERE ED IMPIANTISTICA)",
     "INFRASTRUTTURE DI TRASPORTO", "STRADALI", "FA_7", "240000000.0", "200000000.0", "STATALE", "LOMBARDIA", "SONDRIO", "TIRANO"],
    ["F31B20000330001", "2020", "COMUNE DI MILANO", "PISTA CICLABILE VIALE MONZA", "REALIZZAZIONE DI LAVORI PUBBLICI (OPERE ED IMPIANTISTICA)",
     "INFRASTRUTTURE DI TRASPORTO", "STRADALI", "FA_3", "4500000.5", "4500000.5", "REGIONALE", "LOMBARDIA", "MILANO", "MILANO"],
]  # fmt: skip
OPENCUP = {
    "colonne": {
        "CUP": "codice", "DESCRIZIONE_CUP": "titolo", "DESC_SOTTO_SETTORE_INTERVENTO": "modalita",
        "COD_STATO_PROGETTO": "stato", "IMPORTO_COSTO_PROGETTO": "costo_stimato", "DESC_TIPO_COPERTURA": "fonte_finanziamento",
        "LOC_REGIONI": "regione",
    },
    "fissi": {"livello_priorita": "2"},
    "valori": {"modalita": {"FERROVIE": "Ferroviaria", "STRADALI": "Stradale"}, "stato": {"FA_7": "In esecuzione", "FA_3": "In progettazione"}},
}  # fmt: skip


def opencup(righe: list[list[str]] = OPENCUP_RIGHE) -> bytes:
    return csv_bytes(righe, intestazione=OPENCUP_INTESTAZIONE, delimitatore=",", codifica="utf-8")


# --- a regional register of public works ----------------------------------------------------------

REGISTRO_INTESTAZIONE = [
    "ID Intervento", "Titolo intervento", "Tipologia opera", "Stato di avanzamento", "Importo complessivo (€)",
    "Sigla provincia", "Data fine lavori prevista", "Ente attuatore", "PNRR",
]  # fmt: skip
REGISTRO_RIGHE = [
    ["RL-2023-0001", "Riqualificazione SP 415 Paullese", "Strada", "In corso", 31500000, "CR", dt.datetime(2026, 12, 31), "Provincia di Cremona", "NO"],
    ["RL-2023-0002", "Nodo ferroviario di Brescia", "Ferrovia", "Da avviare", 98000000.5, "BS", dt.datetime(2028, 6, 30), "RFI", "SI"],
    ["RL-2023-0003", "Ciclovia del Mincio", "Ciclovia", "Concluso", 2750000, "MN", dt.datetime(2024, 3, 1), "Comune di Mantova", "SI"],
]  # fmt: skip
REGISTRO = {
    "colonne": {
        "ID Intervento": "codice", "Titolo intervento": "titolo", "Tipologia opera": "modalita", "Stato di avanzamento": "stato",
        "Importo complessivo (€)": "costo_stimato", "Sigla provincia": "province", "Data fine lavori prevista": "data_completamento_prevista",
        "Ente attuatore": "", "PNRR": "finanziamento_pnrr",
    },
    "fissi": {"regione": "Lombardia", "livello_priorita": "1"},
    "valori": {
        "modalita": {"Strada": "Stradale", "Ferrovia": "Ferroviaria", "Ciclovia": "Ciclabile"},
        "stato": {"In corso": "In esecuzione", "Da avviare": "In progettazione", "Concluso": "Completata"},
    },
}  # fmt: skip


def registro() -> bytes:
    return xlsx_bytes(REGISTRO_RIGHE, intestazione=REGISTRO_INTESTAZIONE)


# --- the pages -------------------------------------------------------------------------------------


def carica(client: Any, dati: bytes, nome: str, **altro: Any) -> Any:
    return client.post(reverse("importazione:nuova"), {"file": SimpleUploadedFile(nome, dati), **altro})


def dati_abbinamento(form: Any, regole: dict[str, Any], **altro: str) -> dict[str, str]:
    """The POST of the mapping form that says `regole` (a mapping's dict)."""
    dati = {f"colonna_{i}": regole["colonne"].get(testo, "") for i, testo in form.intestazioni}
    dati.update({f"fisso_{c}": v for c, v in regole.get("fissi", {}).items()})
    for nome, colonna, valore in form.voci_valori:
        dati[nome] = regole.get("valori", {}).get(colonna, {}).get(valore, "")
    return {**dati, **altro}


def abbina(client: Any, importazione: Importazione, regole: dict[str, Any], **altro: str) -> Any:
    """Choose the columns, ask for the values to map ("aggiorna"), map them and go on ("continua")."""
    url = reverse("importazione:mappatura", args=[importazione.pk])
    form = client.get(url).context["form"]
    aggiornata = client.post(url, {**dati_abbinamento(form, regole), "aggiorna": "1"})
    assert aggiornata.status_code == 200
    return client.post(url, {**dati_abbinamento(aggiornata.context["form"], regole, **altro), "continua": "1"})


def test_an_opencup_export_goes_to_the_mapping_of_its_columns(client_admin, programma):
    risposta = carica(client_admin, opencup(), "opencup.csv")
    importazione = Importazione.objects.get()
    assert importazione.stato == Importazione.Stato.MAPPATURA
    assert risposta.url == reverse("importazione:mappatura", args=[importazione.pk])
    pagina = client_admin.get(risposta.url)
    form = pagina.context["form"]
    # What could be guessed is proposed: OpenCUP's CUP is our cup; the rest waits for the user.
    proposte = {testo: form.fields[f"colonna_{i}"].initial for i, testo in form.intestazioni}
    assert proposte["CUP"] == "cup" and proposte["DESCRIZIONE_CUP"] == ""
    assert "Prima riga: «J41B21000010001»" in pagina.content.decode()


def test_the_values_to_map_follow_the_columns_chosen(client_admin, programma):
    carica(client_admin, opencup(), "opencup.csv")
    importazione = Importazione.objects.get()
    url = reverse("importazione:mappatura", args=[importazione.pk])
    form = client_admin.get(url).context["form"]
    risposta = client_admin.post(url, {**dati_abbinamento(form, OPENCUP), "aggiorna": "1"})
    assert risposta.status_code == 200
    da_abbinare = risposta.context["da_abbinare"]
    assert da_abbinare == {"modalita": ["FERROVIE", "STRADALI"], "stato": ["FA_7", "FA_3"]}  # LOMBARDIA reads as it is
    assert "«FA_7» significa" in risposta.content.decode()
    importazione.refresh_from_db()
    assert importazione.stato == Importazione.Stato.MAPPATURA  # asking for the values changes nothing


def test_an_opencup_export_imports_through_its_mapping_saved_by_name(client_admin, programma):
    carica(client_admin, opencup(), "opencup.csv")
    importazione = Importazione.objects.get()
    risposta = abbina(client_admin, importazione, OPENCUP, salva_come="OpenCUP Lombardia")
    assert risposta.url == reverse("importazione:anteprima", args=[importazione.pk])
    importazione.refresh_from_db()
    assert importazione.stato == Importazione.Stato.ANTEPRIMA, list(importazione.errori.values_list("motivo", flat=True))
    # Every column of the file is named: the ones not ours as ignored.
    attesa = Mappatura.da_dict({**OPENCUP, "colonne": {t: OPENCUP["colonne"].get(t, "") for t in OPENCUP_INTESTAZIONE}})
    assert Mappatura.da_dict(importazione.mappatura) == attesa
    assert Mappatura.da_dict(MappaturaImportazione.objects.get(nome="OpenCUP Lombardia").regole) == attesa
    righe = {r["codice"]: r for r in client_admin.get(risposta.url).context["righe"]}
    assert righe["J41B21000010001"]["valori"]["stato"] == "In esecuzione"
    assert righe["F31B20000330001"]["valori"]["costo_stimato"] == "4.500.000,50 €"
    client_admin.post(reverse("importazione:conferma", args=[importazione.pk]))
    opere = {o.codice: o for o in OperaPrioritaria.objects.all()}
    assert set(opere) == {r[0] for r in OPENCUP_RIGHE}
    assert (opere["J41B21000010001"].modalita, opere["J41B21000010001"].stato) == ("ferroviaria", "in_esecuzione")
    assert (opere["E71B19000120005"].modalita, opere["F31B20000330001"].stato) == ("stradale", "in_progettazione")
    assert {o.livello_priorita for o in opere.values()} == {2} and {o.regione.nome for o in opere.values()} == {"Lombardia"}
    assert sum(o.costo_stimato for o in opere.values()) == Decimal("414500000.50")


def test_a_saved_mapping_is_reused_from_the_upload_form(client_admin, programma):
    salvata = MappaturaImportazione.objects.create(nome="OpenCUP", regole=OPENCUP)
    risposta = carica(client_admin, opencup(OPENCUP_RIGHE[:2]), "opencup-2.csv", mappatura=salvata.pk)
    importazione = Importazione.objects.get()
    assert risposta.url == reverse("importazione:anteprima", args=[importazione.pk])
    assert importazione.stato == Importazione.Stato.ANTEPRIMA and importazione.righe_create == 2


def test_a_saved_mapping_is_reused_from_the_command(programma, tmp_path, capsys):
    MappaturaImportazione.objects.create(nome="OpenCUP", regole=OPENCUP)
    file = tmp_path / "opencup.csv"
    file.write_bytes(opencup())
    call_command("import_opere", str(file), "--mappatura", "OpenCUP")
    assert "3 righe importate: 3 nuove" in capsys.readouterr().out
    assert OperaPrioritaria.objects.get(codice="J41B21000010001").stato == "in_esecuzione"
    with pytest.raises(CommandError, match="Abbinamento «Altro» non trovato. Abbinamenti salvati: OpenCUP.") as errore:
        call_command("import_opere", str(file), "--mappatura", "Altro")
    assert errore.value.returncode == 1


def test_without_its_mapping_the_opencup_export_is_refused_by_the_command(programma, tmp_path, capsys):
    file = tmp_path / "opencup.csv"
    file.write_bytes(opencup())
    with pytest.raises(CommandError):
        call_command("import_opere", str(file))
    assert "colonna «codice»: colonna obbligatoria mancante" in capsys.readouterr().out
    assert not OperaPrioritaria.objects.exists()


def test_a_regional_register_imports_with_fixed_values_and_mapped_values(client_admin, programma):
    carica(client_admin, registro(), "registro-opere-lombardia.xlsx")
    importazione = Importazione.objects.get()
    assert importazione.stato == Importazione.Stato.MAPPATURA
    abbina(client_admin, importazione, REGISTRO)
    importazione.refresh_from_db()
    assert importazione.stato == Importazione.Stato.ANTEPRIMA, list(importazione.errori.values_list("motivo", flat=True))
    client_admin.post(reverse("importazione:conferma", args=[importazione.pk]))
    opere = {o.codice: o for o in OperaPrioritaria.objects.prefetch_related("province")}
    assert len(opere) == 3
    nodo = opere["RL-2023-0002"]
    assert (nodo.modalita, nodo.stato, nodo.livello_priorita, nodo.finanziamento_pnrr) == ("ferroviaria", "in_progettazione", 1, True)
    assert nodo.data_completamento_prevista == dt.date(2028, 6, 30) and [p.sigla for p in nodo.province.all()] == ["BS"]
    assert opere["RL-2023-0003"].stato == "completata" and opere["RL-2023-0003"].modalita == "ciclabile"
    assert sum(o.costo_stimato for o in opere.values()) == Decimal("132250000.50")


def test_a_required_column_neither_matched_nor_fixed_is_refused(client_admin, programma):
    carica(client_admin, registro(), "registro.xlsx")
    importazione = Importazione.objects.get()
    senza_regione = {**REGISTRO, "fissi": {"livello_priorita": "1"}}
    risposta = abbina(client_admin, importazione, senza_regione)
    assert risposta.status_code == 200
    assert (
        "Manca la colonna obbligatoria «regione»: abbinala a una colonna del file oppure indica un valore fisso."
        in risposta.context["form"].non_field_errors()
    )
    importazione.refresh_from_db()
    assert importazione.stato == Importazione.Stato.MAPPATURA and not importazione.mappatura


def test_two_file_columns_for_one_of_ours_are_refused(client_admin, programma):
    carica(client_admin, opencup(), "opencup.csv")
    importazione = Importazione.objects.get()
    doppia = {**OPENCUP, "colonne": {**OPENCUP["colonne"], "DESC_SOGGETTO": "titolo"}}
    risposta = abbina(client_admin, importazione, doppia)
    assert any("La colonna «titolo» è abbinata a più colonne del file" in e for e in risposta.context["form"].non_field_errors())
    assert not MappaturaImportazione.objects.exists()


def test_a_posted_column_that_is_not_ours_is_ignored(client_admin, programma):
    carica(client_admin, opencup(), "opencup.csv")
    importazione = Importazione.objects.get()
    url = reverse("importazione:mappatura", args=[importazione.pk])
    form = client_admin.get(url).context["form"]
    dati = {**dati_abbinamento(form, OPENCUP), "colonna_0": "password", "continua": "1"}
    risposta = client_admin.post(url, dati)
    assert risposta.status_code == 200 and "colonna_0" in risposta.context["form"].errors
    importazione.refresh_from_db()
    assert importazione.stato == Importazione.Stato.MAPPATURA


def test_a_preview_can_be_matched_again(client_admin, programma):
    """A wrong mapping (a value left unmapped) is rejected with its rows; matched again, it passes."""
    carica(client_admin, opencup(), "opencup.csv")
    importazione = Importazione.objects.get()
    incompleta = {**OPENCUP, "valori": {"modalita": OPENCUP["valori"]["modalita"]}}
    abbina(client_admin, importazione, incompleta)
    importazione.refresh_from_db()
    assert importazione.stato == Importazione.Stato.RIFIUTATA and importazione.righe_errate == 3
    assert "valore non ammesso" in importazione.errori.first().motivo
    abbina(client_admin, importazione, OPENCUP)
    importazione.refresh_from_db()
    assert importazione.stato == Importazione.Stato.ANTEPRIMA and not importazione.errori.exists()


def test_a_confirmed_import_is_not_matched_again(client_admin, programma):
    carica(client_admin, opencup(), "opencup.csv", mappatura=MappaturaImportazione.objects.create(nome="OpenCUP", regole=OPENCUP).pk)
    importazione = Importazione.objects.get()
    client_admin.post(reverse("importazione:conferma", args=[importazione.pk]))
    risposta = client_admin.get(reverse("importazione:mappatura", args=[importazione.pk]))
    assert risposta.url == importazione.get_absolute_url()


# --- the mapping itself: plain data, bounded, never wider than the validator -------------------------


def test_a_mapping_from_stored_data_keeps_only_what_is_well_formed():
    mappatura = Mappatura.da_dict(
        {
            "colonne": {"CUP": "codice", "X": "password", "Y": 3, "": "titolo", "Z": ""},
            "fissi": {"livello_priorita": "2", "codice": "sempre-lo-stesso", "stato": ["no"]},
            "valori": {"stato": {"FA_7": "In esecuzione", "FA_8": 8}, "ignota": {"a": "b"}},
        }
    )
    assert mappatura == Mappatura({"CUP": "codice", "Z": ""}, {"livello_priorita": "2"}, {"stato": {"FA_7": "In esecuzione"}})
    assert Mappatura.da_dict("spazzatura") == Mappatura() and Mappatura.da_dict({"colonne": ["a"]}) == Mappatura()


def test_a_mapped_value_is_still_checked_by_the_validator(programma):
    sbagliata = Mappatura.da_dict({**OPENCUP, "valori": {**OPENCUP["valori"], "stato": {"FA_7": "Quasi finita", "FA_3": "In progettazione"}}})
    esito = services.importa_opere(opencup(), nome_file="opencup.csv", mappatura=sbagliata, dry_run=True)
    assert not esito.valido
    assert {(e.riga, e.colonna, e.valore) for e in esito.errori} == {(2, "stato", "Quasi finita"), (3, "stato", "Quasi finita")}


def test_the_mapping_warns_of_the_columns_it_leaves_out():
    tabella, avvisi = Mappatura.da_dict({"colonne": {"CUP": "codice", "Colonna sparita": "titolo"}}).applica(leggi_tabella(opencup()))
    assert tabella.intestazioni == ["codice"]
    assert avvisi[0].startswith("Colonne del file non previste dall'abbinamento, ignorate: ANNO_DECISIONE, DESC_SOGGETTO")
    assert avvisi[1] == "Colonne dell'abbinamento che il file non ha: Colonna sparita."


def test_headers_are_matched_as_the_format_matches_them():
    """Case, accents and spaces ignored, as for our own headers: a re-export with other capitals still reads."""
    mappatura = Mappatura.da_dict({"colonne": {"Importo complessivo (€)": "costo_stimato"}})
    tabella, _avvisi = mappatura.applica(leggi_tabella(csv_bytes([["3,5"]], intestazione=["IMPORTO COMPLESSIVO €"])))
    assert tabella.intestazioni == ["costo_stimato"] and list(tabella.righe) == [(2, ["3,5"])]
    assert proponi(["Livello priorità", "cup", "CUP "]).colonne == {"Livello priorità": "livello_priorita", "cup": "cup", "CUP ": ""}


def test_the_limits_on_hostile_files_hold_through_a_mapping(settings, programma):
    settings.IMPORT_MAX_ROWS = 2
    esito = services.importa_opere(opencup(), nome_file="opencup.csv", mappatura=Mappatura.da_dict(OPENCUP), dry_run=True)
    assert [e.motivo for e in esito.errori] == ["Il file contiene più di 2 righe di dati: dividerlo in parti più piccole."]


def test_a_header_longer_than_a_mapping_keeps_is_still_matched():
    lunga = "Descrizione dell'intervento " * 10  # 280 characters: a mapping keeps the first 200
    mappatura = Mappatura.da_dict({"colonne": {lunga: "titolo"}})
    tabella, avvisi = mappatura.applica(leggi_tabella(csv_bytes([["Ponte"]], intestazione=[lunga])))
    assert tabella.intestazioni == ["titolo"] and not avvisi
