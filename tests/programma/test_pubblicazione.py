"""The publication workflow's rules on the models, for reports and national documents (the strategic
project's are in tests/risultati/test_modelli.py): the writer proposes, a Coordinatore publishes or
sends back, nothing without its file, one history row per step."""

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from programma.activities.editing import PassaggioView
from programma.activities.workflow import (
    FLUSSO_DOCUMENTO,
    DocumentoPubblicabile,
    Flusso,
    Pubblicabile,
    StatoNonConsentito,
    passaggio_eseguito,
    percorsi_passaggi,
    richiedi_file,
)
from programma.models import DocumentoNazionale, Report
from tests import factories

pytestmark = pytest.mark.django_db

Stato = Report.Stato


@pytest.fixture
def bozza(progetto):
    return factories.ReportFactory(progetto=progetto, titolo="Analisi dei valichi alpini", file="report/valichi.pdf")


@pytest.fixture
def nazionale(programma):
    return DocumentoNazionale.objects.create(
        programma=programma, tipo="report_analisi", titolo="Report nazionale", data=dt.date(2025, 4, 1), file="documenti_nazionali/r.pdf"
    )


def motivi(documento) -> list[str]:
    return list(documento.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True))


def test_an_operatore_proposes_and_a_coordinatore_publishes(bozza, operatore, coordinatore):
    bozza.proponi(operatore)
    assert bozza.stato == Stato.IN_REVISIONE and not Report.objects.pubblicati().exists()
    bozza.pubblica(coordinatore)
    bozza.refresh_from_db()
    assert bozza.stato == Stato.PUBBLICATO and bozza.pubblicato_il
    assert list(Report.objects.pubblicati()) == [bozza]


def test_every_step_writes_one_history_row_with_its_reason(bozza, operatore, coordinatore):
    bozza.proponi(operatore)
    bozza.rimanda(coordinatore, "Manca la fonte dei dati sui transiti.")
    bozza.proponi(operatore)
    bozza.pubblica(coordinatore)
    assert motivi(bozza)[1:] == ["Proposto per la pubblicazione", "Rimandato in bozza", "Proposto per la pubblicazione", "Pubblicato"]
    rinvio = bozza.history.get(history_change_reason="Rimandato in bozza")
    assert rinvio.commento == "Manca la fonte dei dati sui transiti." and rinvio.stato == Stato.BOZZA


def test_it_refuses_to_propose_without_file(progetto, operatore):
    senza_file = factories.ReportFactory(progetto=progetto)
    with pytest.raises(ValidationError, match="Allega il file del documento prima di proporlo o pubblicarlo"):
        senza_file.proponi(operatore)
    assert Report.objects.get(pk=senza_file.pk).stato == Stato.BOZZA
    assert motivi(senza_file) == [None]


def test_it_refuses_to_publish_without_file(bozza, operatore, coordinatore):
    bozza.proponi(operatore)
    # Whatever removed it (the admin, a restore): the proposal has no file any more.
    Report.objects.filter(pk=bozza.pk).update(file="")
    bozza.refresh_from_db()
    with pytest.raises(ValidationError, match="Allega il file del documento"):
        bozza.pubblica(coordinatore)
    assert Report.objects.get(pk=bozza.pk).stato == Stato.IN_REVISIONE


def test_the_operatore_may_not_publish(bozza, operatore):
    bozza.proponi(operatore)
    with pytest.raises(PermissionDenied):
        bozza.pubblica(operatore)
    with pytest.raises(PermissionDenied):
        bozza.rimanda(operatore, "Ci ho ripensato.")
    assert Report.objects.get(pk=bozza.pk).stato == Stato.IN_REVISIONE


def test_another_regions_operatore_and_the_coordinatore_may_not_propose(bozza, altro_operatore, coordinatore, amministratore):
    for utente in (altro_operatore, coordinatore):
        with pytest.raises(PermissionDenied):
            bozza.proponi(utente)
    assert not bozza.puo(coordinatore, "proponi") and bozza.puo(amministratore, "proponi")


def test_sending_back_needs_a_comment(bozza, operatore, coordinatore):
    bozza.proponi(operatore)
    with pytest.raises(ValidationError, match="Scrivi nel commento che cosa va rivisto."):
        bozza.rimanda(coordinatore, "  ")
    assert Report.objects.get(pk=bozza.pk).stato == Stato.IN_REVISIONE


@pytest.mark.parametrize(
    "azione, stato, messaggio",
    [
        ("pubblica", Stato.BOZZA, "Si pubblica solo un documento proposto per la pubblicazione; ora è «Bozza»."),
        ("proponi", Stato.PUBBLICATO, "Si propone per la pubblicazione solo una bozza; ora il documento è «Pubblicato»."),
        ("rimanda", Stato.PUBBLICATO, "Si rimanda in bozza solo un documento proposto per la pubblicazione; ora è «Pubblicato»."),
    ],
)
def test_steps_out_of_order_are_refused(bozza, amministratore, azione, stato, messaggio):
    Report.objects.filter(pk=bozza.pk).update(stato=stato)
    bozza.refresh_from_db()
    with pytest.raises(StatoNonConsentito, match=messaggio) as rifiuto:
        getattr(bozza, azione)(amministratore, "Un commento.")
    assert rifiuto.value.code == "stato"
    assert Report.objects.get(pk=bozza.pk).stato == stato


def test_a_step_read_before_another_one_is_refused(bozza, operatore, coordinatore):
    """Two coordinators open the same proposal: the one who is second reads the state the first left."""
    bozza.proponi(operatore)
    primo, secondo = Report.objects.get(pk=bozza.pk), Report.objects.get(pk=bozza.pk)
    primo.pubblica(coordinatore)
    with pytest.raises(ValidationError, match="Si pubblica solo un documento proposto per la pubblicazione; ora è «Pubblicato»."):
        secondo.pubblica(coordinatore)
    assert motivi(bozza).count("Pubblicato") == 1


def test_a_national_document_is_proposed_by_its_writers_and_published_by_a_coordinatore(nazionale, operatore, coordinatore):
    """National documents are written by the national roles: the same table, the scoping vocabulary says who proposes."""
    with pytest.raises(PermissionDenied):
        nazionale.proponi(operatore)
    nazionale.proponi(coordinatore)
    nazionale.pubblica(coordinatore, "Approvato dal comitato di indirizzo.")
    nazionale.refresh_from_db()
    assert (nazionale.stato, nazionale.commento) == (DocumentoNazionale.Stato.PUBBLICATO, "Approvato dal comitato di indirizzo.")
    assert list(DocumentoNazionale.objects.pubblicati()) == [nazionale]


def test_published_means_published_with_its_file(progetto, programma):
    """The public section's rule, on the querysets: counters, lists, the public pages and the API read it."""
    con_file = factories.ReportFactory(progetto=progetto, pubblicato=True)
    factories.ReportFactory(progetto=progetto, stato=Stato.PUBBLICATO)
    factories.ReportFactory(progetto=progetto, stato=Stato.IN_REVISIONE, file="report/proposto.pdf")
    assert list(Report.objects.pubblicati()) == [con_file]
    DocumentoNazionale.objects.create(programma=programma, tipo="altro", titolo="Senza file", data=dt.date(2025, 1, 1), stato="pubblicato")
    assert not DocumentoNazionale.objects.pubblicati().exists()


def test_a_published_document_keeps_its_file(bozza, operatore, coordinatore):
    """Outside the workflow (the Django admin validates with clean()), a published document cannot lose its file."""
    bozza.proponi(operatore)
    bozza.pubblica(coordinatore)
    bozza.file = ""
    with pytest.raises(ValidationError, match="Un documento pubblicato deve avere il suo file."):
        bozza.full_clean()


def test_a_step_without_its_method_is_refused_when_the_model_is_declared():
    """The view calls a step by its method: a table row without one fails at import, not when clicked."""
    with pytest.raises(TypeError, match=r"steps without a method: \['proponi'\]"):

        class SenzaProponi(Pubblicabile):
            flusso = FLUSSO_DOCUMENTO
            url_passaggi = "programma:prova"
            stato = models.CharField(max_length=14)
            rimanda = pubblica = DocumentoPubblicabile.pubblica

            class Meta:
                app_label = "programma"
                abstract = True


# Found by `make mutants` (docs/ARCHITECTURE.md, "Mutants"): rules no other test named exactly.


def test_the_missing_file_is_said_in_full_and_only_once(progetto, operatore):
    """The confirmation page lists what a step lacks, one whole Italian sentence each."""
    senza_file = factories.ReportFactory(progetto=progetto)
    assert senza_file.condizioni_mancanti("proponi") == [
        "Allega il file del documento prima di proporlo o pubblicarlo: nella sezione pubblica si pubblica "
        "solo ciò che si può scaricare."
    ]
    with pytest.raises(ValidationError) as rifiuto:
        senza_file.proponi(operatore)
    assert rifiuto.value.messages == senza_file.condizioni_mancanti("proponi")
    with pytest.raises(ValidationError) as precondizione:
        richiedi_file(senza_file)
    assert precondizione.value.code == "senza_file"


def test_the_admin_is_told_on_the_file_field(bozza, operatore, coordinatore):
    """A published document without its file: the admin's form shows the reason next to the file."""
    bozza.proponi(operatore)
    bozza.pubblica(coordinatore)
    bozza.file = ""
    with pytest.raises(ValidationError) as rifiuto:
        bozza.clean()
    assert rifiuto.value.message_dict == {"file": ["Un documento pubblicato deve avere il suo file."]}


def test_sending_back_without_any_comment_is_refused(bozza, operatore, coordinatore):
    """The send-back's comment is required even when the caller passes none at all."""
    bozza.proponi(operatore)
    with pytest.raises(ValidationError) as rifiuto:
        bozza.rimanda(coordinatore)
    assert (rifiuto.value.message, rifiuto.value.code) == ("Scrivi nel commento che cosa va rivisto.", "commento")
    assert Report.objects.get(pk=bozza.pk).stato == Stato.IN_REVISIONE


def test_only_publishing_sets_the_publication_time(bozza, operatore, coordinatore):
    """`pubblicato_il` says when the record reached the public section: no other step sets it."""
    bozza.proponi(operatore)
    assert Report.objects.get(pk=bozza.pk).pubblicato_il is None
    bozza.pubblica(coordinatore)
    assert Report.objects.get(pk=bozza.pk).pubblicato_il is not None


def test_publishing_without_a_note_clears_the_send_backs_comment(bozza, operatore, coordinatore):
    """The publication's note replaces the record's comment: none given, the old send-back goes."""
    bozza.proponi(operatore)
    bozza.rimanda(coordinatore, "Manca la fonte dei dati sui transiti.")
    bozza.proponi(operatore)
    assert Report.objects.get(pk=bozza.pk).commento == "Manca la fonte dei dati sui transiti."
    bozza.pubblica(coordinatore)
    assert Report.objects.get(pk=bozza.pk).commento == ""


def test_a_flow_whose_steps_share_a_history_reason_is_refused():
    """The last step taken is read back from the history by its reason: two steps may not share one."""
    proponi, rimanda, pubblica = FLUSSO_DOCUMENTO.passaggi
    with pytest.raises(ValueError, match=r"share a history reason: \['Proposto per la pubblicazione', 'Pubblicato', 'Pubblicato'\]"):
        Flusso((proponi, replace(rimanda, motivo="Pubblicato"), pubblica), FLUSSO_DOCUMENTO.modificabile_in, "", "pubblicato")
    assert Flusso((proponi, pubblica), FLUSSO_DOCUMENTO.modificabile_in, "", "pubblicato").azioni == ("proponi", "pubblica")


def test_every_step_has_its_url_named_after_the_model_and_the_action():
    """One URL per row of the table, `<url_passaggi>_<azione>`, served by the step's view with its model."""
    percorsi = percorsi_passaggi(Report, "report/<int:pk>/", PassaggioView)
    assert [(str(p.pattern), p.name, p.callback.view_initkwargs) for p in percorsi] == [
        (f"report/<int:pk>/{azione}/", f"report_{azione}", {"model": Report, "azione": azione})
        for azione in ("proponi", "rimanda", "pubblica")
    ]
    assert all(p.callback.view_class is PassaggioView for p in percorsi)


def test_a_step_not_in_the_table_is_named_in_the_error():
    """A step the flow does not have (a mistyped action, another kind's step) fails naming it."""
    with pytest.raises(KeyError, match="approva"):
        FLUSSO_DOCUMENTO["approva"]


def test_a_steps_url_name_drops_every_namespace():
    """`url_passaggi` may sit in a nested namespace: the URL's own name is what follows the last colon."""

    class Annidato:
        url_passaggi = "programma:archivio:report"
        flusso = FLUSSO_DOCUMENTO

    assert [p.name for p in percorsi_passaggi(Annidato, "report/<int:pk>/", PassaggioView)] == [
        "report_proponi",
        "report_rimanda",
        "report_pubblica",
    ]


def test_a_record_links_to_its_steps(bozza):
    """The buttons of a record's page go to its steps' URLs (the strategic project's name its regional project)."""
    assert bozza.url_passaggio("pubblica") == f"/programma/report/{bozza.pk}/pubblica/"


def test_a_listener_of_one_kind_hears_its_steps_with_who_took_them(bozza, operatore, django_capture_on_commit_callbacks):
    """After the commit, `passaggio_eseguito` is sent by the record's own model, with the record, the step and its author."""
    ricevuti = []

    def ascolta(sender, oggetto, passaggio, autore, **kwargs):
        ricevuti.append((sender, oggetto, passaggio.azione, autore))

    passaggio_eseguito.connect(ascolta, sender=Report)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            bozza.proponi(operatore)
    finally:
        passaggio_eseguito.disconnect(ascolta, sender=Report)
    assert ricevuti == [(Report, bozza, "proponi", operatore)]


def test_a_listener_that_fails_neither_undoes_nor_refuses_the_step(bozza, operatore, django_capture_on_commit_callbacks, caplog):
    """What follows the commit (a mail server down) is logged: the step stays taken, the user gets no error."""

    def guasto(sender, **kwargs):
        raise RuntimeError("Server di posta irraggiungibile")

    passaggio_eseguito.connect(guasto)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            bozza.proponi(operatore)
    finally:
        passaggio_eseguito.disconnect(guasto)
    assert Report.objects.get(pk=bozza.pk).stato == Stato.IN_REVISIONE
    assert "Server di posta irraggiungibile" in caplog.text
