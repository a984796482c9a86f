"""Editions kept apart: the header's choice, read-only closed editions, starting a new edition, the import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from contatori.registry import calcola_tutti
from programma.importazione.services import importa_opere
from programma.models import Fase, OperaPrioritaria, Programma
from programma.services import EdizioneNonAvviabile, avvia_edizione
from tests import factories
from tests.importazione.conftest import INTESTAZIONE, csv_bytes, riga

pytestmark = pytest.mark.django_db


def nuova_edizione(nome: str = "Edizione 2027-2028") -> Programma:
    return Programma.objects.create(nome=nome, data_inizio=dt.date(2027, 1, 1), data_fine=dt.date(2028, 12, 31))


def importa(righe: list[list[str]], intestazione: list[str] | None = None):
    return importa_opere(csv_bytes(righe, intestazione=intestazione), nome_file="opere.csv")


def test_a_work_with_no_project_belongs_to_the_edition_active_when_recorded(progetto):
    attiva = progetto.programma
    senza = factories.OperaPrioritariaFactory(regione=progetto.regione)
    assert senza.programma == attiva
    nuova = nuova_edizione()
    nuova.attivo = True
    nuova.save()
    # Counted in its own edition only, never again in the next one.
    assert list(OperaPrioritaria.objects.nell_edizione(attiva)) == [senza]
    assert not OperaPrioritaria.objects.nell_edizione(nuova).exists()
    assert calcola_tutti(nuova)["opere_individuate"][None] == 0


def test_a_works_project_wins_over_its_own_edition_field(progetto):
    vecchia = nuova_edizione("Edizione 2023-2024")
    opera = factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto)
    OperaPrioritaria.objects.filter(pk=opera.pk).update(programma=vecchia)  # drift, e.g. a raw write
    assert list(OperaPrioritaria.objects.nell_edizione(progetto.programma)) == [opera]
    assert not OperaPrioritaria.objects.nell_edizione(vecchia).exists()


def test_starting_an_edition_copies_the_skeleton_and_open_works_and_leaves_the_old_one_alone(progetto, altro_progetto):
    attiva = progetto.programma
    Fase.objects.filter(progetto=progetto, numero=1).update(stato="completata", avanzamento=100)
    aperta = factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto, stato="in_esecuzione")
    aperta.province.set(progetto.regione.province.all()[:2])
    factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto, stato="completata")
    factories.TavoloConfrontoFactory(progetto=progetto)
    prima = calcola_tutti(attiva)
    opere_prima = set(OperaPrioritaria.objects.nell_edizione(attiva).values_list("pk", "codice", "stato"))

    nuova = nuova_edizione()
    avvio = avvia_edizione(nuova, da=attiva, porta_opere=True)

    assert (avvio.progetti, avvio.opere) == (2, 1)
    nuova.refresh_from_db()
    attiva.refresh_from_db()
    assert nuova.attivo and not attiva.attivo
    assert calcola_tutti(attiva) == prima
    assert set(OperaPrioritaria.objects.nell_edizione(attiva).values_list("pk", "codice", "stato")) == opere_prima
    copie = list(nuova.progetti.all())
    assert {p.regione_id for p in copie} == {progetto.regione_id, altro_progetto.regione_id}
    assert all(f.stato == "da_avviare" and f.avanzamento == 0 for p in copie for f in p.fasi.all())
    riportata = OperaPrioritaria.objects.nell_edizione(nuova).get()
    assert riportata.codice == f"{aperta.codice}-2027" and riportata.progetto.programma == nuova
    assert set(riportata.province.all()) == set(aperta.province.all())
    dopo = calcola_tutti(nuova)
    assert dopo["opere_individuate"][None] == 1
    assert dopo["tavoli_svolti"][None] == 0 and dopo["fasi_completate"][None] == 0
    with pytest.raises(EdizioneNonAvviabile):
        avvia_edizione(nuova, da=attiva, porta_opere=True)


def test_starting_an_edition_without_carrying_works(progetto):
    factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto)
    nuova = nuova_edizione()
    assert avvia_edizione(nuova, da=progetto.programma, porta_opere=False).opere == 0
    assert calcola_tutti(nuova)["opere_individuate"][None] == 0


def test_the_coordinator_starts_an_edition_with_a_confirmation(client_coordinatore, progetto):
    nuova = nuova_edizione()
    url = reverse("programma:edizione_avvia", args=[nuova.pk])
    assert client_coordinatore.get(url).status_code == 200
    risposta = client_coordinatore.post(url, {"porta_opere": "on"})  # no confirmation: nothing happens
    assert risposta.status_code == 200 and not nuova.progetti.exists()
    risposta = client_coordinatore.post(url, {"porta_opere": "on", "conferma": "on"}, follow=True)
    assert risposta.redirect_chain[-1][1] == 302 and nuova.progetti.count() == 1
    assert "1 progetto regionale e 0 opere riportate" in risposta.content.decode()


def test_a_closed_edition_is_read_only(client, operatore, progetto):
    client.force_login(operatore)
    opera = factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto)
    vecchia = progetto.programma
    avvia_edizione(nuova_edizione(), da=vecchia, porta_opere=False)
    # The old edition's record: edit refused with the reason.
    risposta = client.get(reverse("programma:opera_modifica", args=[opera.pk]))
    assert risposta.status_code == 403
    assert "sola lettura" in risposta.content.decode()
    # Browsing the old edition: listed, but nothing is created while it is chosen.
    client.post(reverse("programma:scegli_edizione"), {"edizione": vecchia.pk, "next": "/"})
    assert list(client.get(reverse("programma:opere")).context["object_list"]) == [opera]
    risposta = client.get(reverse("tavoli:nuovo"))
    assert risposta.status_code == 403 and "sola lettura" in risposta.content.decode()


def test_the_drill_through_lands_on_the_editions_records(client_coordinatore, progetto):
    vecchia = progetto.programma
    opera = factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto)
    avvia_edizione(nuova_edizione(), da=vecchia, porta_opere=True)
    url = reverse("programma:opere")
    assert [o.codice for o in client_coordinatore.get(url).context["object_list"]] == [f"{opera.codice}-2027"]
    assert list(client_coordinatore.get(url, {"edizione": vecchia.pk}).context["object_list"]) == [opera]


# --- the import ------------------------------------------------------------------------------


def test_an_import_with_no_edition_fills_the_active_one_and_changes_no_other(progetto):
    vecchia = progetto.programma
    factories.OperaPrioritariaFactory(codice="OLD-1", regione=progetto.regione, progetto=progetto)
    avvia_edizione(nuova_edizione(), da=vecchia, porta_opere=False)
    prima = calcola_tutti(vecchia)
    esito = importa([riga("NEW-1"), riga("NEW-2")])
    assert esito.scritto and esito.create == 2, esito.errori
    assert calcola_tutti(vecchia) == prima
    nuova = Programma.objects.attivo()
    assert calcola_tutti(nuova)["opere_individuate"][None] == 2
    # A row naming a closed edition's work is refused, and nothing is written.
    esito = importa([riga("NEW-3"), riga("OLD-1", titolo="cambiato")])
    assert not esito.scritto
    assert [(e.riga, e.colonna) for e in esito.errori] == [(3, "codice")]
    assert "sola lettura" in esito.errori[0].motivo
    assert calcola_tutti(vecchia) == prima and not OperaPrioritaria.objects.filter(codice="NEW-3").exists()


def test_an_import_reads_the_edition_project_and_tavolo_columns(progetto, altro_progetto):
    tavolo = factories.TavoloConfrontoFactory(progetto=progetto)
    intestazione = [*INTESTAZIONE, "edizione", "progetto", "tavolo"]
    nome = progetto.programma.nome
    esito = importa(
        [
            [*riga("P-1"), nome, str(progetto.pk), str(tavolo.pk)],
            [*riga("P-2"), "", "", ""],
            [*riga("P-3", regione="Sicilia", province="PA"), "", str(altro_progetto.pk), ""],
        ],
        intestazione,
    )
    assert esito.scritto, esito.errori
    p1 = OperaPrioritaria.objects.get(codice="P-1")
    assert (p1.programma, p1.progetto, p1.tavolo) == (progetto.programma, progetto, tavolo)
    assert OperaPrioritaria.objects.get(codice="P-2").programma == progetto.programma
    assert OperaPrioritaria.objects.get(codice="P-3").progetto == altro_progetto


def test_an_import_names_every_bad_edition_project_and_tavolo_cell(progetto, altro_progetto):
    tavolo_sicilia = factories.TavoloConfrontoFactory(progetto=altro_progetto)
    intestazione = [*INTESTAZIONE, "edizione", "progetto", "tavolo"]
    esito = importa(
        [
            [*riga("B-1"), "Edizione inesistente", "", ""],
            [*riga("B-2"), "", str(altro_progetto.pk), ""],  # a Sicilian project for a Lombard work
            [*riga("B-3"), "", "999999", ""],
            [*riga("B-4"), "", "", str(tavolo_sicilia.pk)],
        ],
        intestazione,
    )
    assert not esito.scritto
    assert sorted((e.riga, e.colonna) for e in esito.errori) == [(2, "edizione"), (3, "progetto"), (4, "progetto"), (5, "tavolo")]
    assert not OperaPrioritaria.objects.filter(codice__startswith="B-").exists()
