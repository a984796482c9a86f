"""The permission matrix: every URL pattern of the project, every role, GET and POST, in one table.

`TABLE` has one row per URL name with the status each role gets. `test_every_url_has_a_row` walks
the URL configuration through every include: a URL added without a row, a row whose URL is gone,
or a repeated row fails it, naming the pattern.

Roles, in the order of every tuple: anonymous; Operatore of Lombardia's Unione regionale (region A,
where every object lives); Operatore of Sicilia (region B, with a project of its own); Coordinatore;
Amministratore; Operatore of a Camera di commercio of Lombardia ("camera"), whose lane is narrower.
The policy (issue #8, docs/ARCHITECTURE.md): an Operatore reads and writes their own region, another
region's object is a 404; a Camera's Operatore reads all of their region but writes only the records
whose ente is their Camera (issue #20): the world's records are another ente's, so every write to
them is a 403, phases and the strategic project (which record no ente) included, while creating is
open (with their Camera as the ente); `test_a_camera_writes_its_own_records` walks the same write
URLs on the Camera's own records; a Coordinatore reads everything and writes only editions, regional
projects, national documents, approvals, publications and recounts (403 on tavoli, eventi, report,
opere, fasi, and on proposing a region's document); an Amministratore may do
everything in the staff pages; the import pages are for administrators only; anonymous users are
sent to the login page, except on the public pages (the home, the counters, a region's page, the
calendar, documents and works), the open data, healthz and login.
A POST carries no data: a role that may write gets the form back with its errors (200) or the
action's redirect (302); a view without a POST handler answers 405. Every view checks in one order:
login (anonymous → login page), then role (403), then method (405), then the object (404).
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse

from programma.importazione.models import Importazione
from programma.models import DocumentoNazionale, Indicazione, ProgettoStrategico, Stampa
from regioni.models import Regione
from regioni.scoping import Ruolo
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = L = "login"  # a 302 to the login page with ?next= the requested URL
ROLES = ("anonimo", "operatore", "altro_operatore", "coordinatore", "amministratore", "camera")

# Left out of the table by rule:
# - the Django admin (namespace "admin"): it has its own permission system (is_staff and model
#   permissions), tested in tests/*/test_admin.py;
# - Django's password views under accounts/: stock views with Django's own rules (login for a
#   change, a signed token for a reset) that touch no programme data. login and logout stay in
#   the table as the site's way in and out. A customised password view needs a row.
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_NAMES: set[str] = set()

Statuses = tuple[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True)
class Row:
    name: str  # "namespace:name", as reverse() takes it
    obj: str | None  # the World attribute whose pk (or slug, for a region) fills the URL
    get: Statuses
    post: Statuses
    altri: tuple[tuple[str, str], ...] = ()  # more URL arguments: (name, World attribute.field)


# fmt: off
TABLE = [
    #   URL name                            object          GET: anon, op A, op B, coord, admin, camera    POST: the same roles
    # Visitors get the programme's public home, staff their role's home (issue #19).
    Row("home",                             None,           (200, 200, 200, 200, 200, 200),             (405, 405, 405, 405, 405, 405)),
    Row("healthz",                          None,           (200, 200, 200, 200, 200, 200),             (405, 405, 405, 405, 405, 405)),
    Row("accessibilita",                    None,           (200, 200, 200, 200, 200, 200),             (405, 405, 405, 405, 405, 405)),
    # Browsers post CSP violation reports without a session; an empty body is not a report (400).
    Row("csp_report",                       None,           (405, 405, 405, 405, 405, 405),             (400, 400, 400, 400, 400, 400)),
    Row("login",                            None,           (200, 200, 200, 200, 200, 200),             (200, 200, 200, 200, 200, 200)),
    Row("logout",                           None,           (405, 405, 405, 405, 405, 405),             (302, 302, 302, 302, 302, 302)),
    # The account: password change for everyone; the second factor for national roles (a user with
    # no device is sent home by the verification step; no QR code without an enrolment under way).
    Row("password_change",                  None,           (L, 200, 200, 200, 200, 200),               (L, 200, 200, 200, 200, 200)),
    # One's own address and notification frequency: every signed-in user (an empty POST: the form's errors).
    Row("notifiche",                        None,           (L, 200, 200, 200, 200, 200),               (L, 200, 200, 200, 200, 200)),
    Row("otp_attiva",                       None,           (L, 403, 403, 200, 200, 403),               (L, 403, 403, 200, 200, 403)),
    Row("otp_qr",                           None,           (L, 403, 403, 404, 404, 403),               (L, 403, 403, 405, 405, 403)),
    Row("otp_verifica",                     None,           (L, 302, 302, 302, 302, 302),               (L, 302, 302, 302, 302, 302)),
    # Regional projects and phases: projects are set up by national roles, phases written by the region.
    Row("programma:mio_progetto",           None,           (L, 302, 302, 302, 302, 302),               (L, 405, 405, 405, 405, 405)),
    # The header's edition selector: any signed-in user; it only changes their session.
    Row("programma:scegli_edizione",        None,           (L, 405, 405, 405, 405, 405),               (L, 302, 302, 302, 302, 302)),
    Row("programma:progetti",               None,           (L, 200, 200, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("programma:progetto_nuovo",         None,           (L, 403, 403, 200, 200, 403),               (L, 403, 403, 200, 200, 403)),
    Row("programma:progetto",               "progetto",     (L, 200, 404, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("programma:progetto_modifica",      "progetto",     (L, 403, 403, 200, 200, 403),               (L, 403, 403, 200, 200, 403)),
    Row("programma:fasi",                   None,           (L, 200, 200, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("programma:fase_modifica",          "fase",         (L, 200, 404, 403, 200, 403),               (L, 200, 404, 403, 200, 403)),
    # Reports and priority works.
    Row("programma:report_lista",           None,           (L, 200, 200, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("programma:report_nuovo",           None,           (L, 200, 200, 403, 200, 200),               (L, 200, 200, 403, 200, 200)),
    Row("programma:report",                 "report",       (L, 200, 404, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("programma:report_modifica",        "report",       (L, 200, 404, 403, 200, 403),               (L, 200, 404, 403, 200, 403)),
    Row("programma:report_elimina",         "report",       (L, 200, 404, 403, 200, 403),               (L, 302, 404, 403, 302, 403)),
    Row("programma:report_file",            "report",       (L, 200, 404, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    # Publishing a report: the region proposes its draft (an empty POST takes the step: 302); a
    # Coordinatore publishes or sends back a proposed one (sending back without a comment: the form
    # again, 200). Any other role is a 403 before the report is looked up.
    Row("programma:report_proponi",         "report",       (L, 200, 404, 403, 200, 403),               (L, 302, 404, 403, 302, 403)),
    Row("programma:report_rimanda",         "report_proposto", (L, 403, 403, 200, 200, 403),            (L, 403, 403, 200, 200, 403)),
    Row("programma:report_pubblica",        "report_proposto", (L, 403, 403, 200, 200, 403),            (L, 403, 403, 302, 302, 403)),
    Row("programma:opere",                  None,           (L, 200, 200, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("programma:opera_nuova",            None,           (L, 200, 200, 403, 200, 200),               (L, 200, 200, 403, 200, 200)),
    Row("programma:opera",                  "opera",        (L, 200, 404, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("programma:opera_modifica",         "opera",        (L, 200, 404, 403, 200, 403),               (L, 200, 404, 403, 200, 403)),
    Row("programma:opera_elimina",          "opera",        (L, 200, 404, 403, 200, 403),               (L, 302, 404, 403, 302, 403)),
    # Autocomplete choices of the staff forms: any signed-in role, rows of the user's scope only (an
    # Operatore's region; test_autocomplete_leaks_nothing_of_another_region below checks the bodies).
    Row("programma:scelte_opere",           None,           (L, 200, 200, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("programma:scelte_province",        None,           (L, 200, 200, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("programma:scelte_comuni",          None,           (L, 200, 200, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("programma:scelte_enti",            None,           (L, 200, 200, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("programma:scelte_tavoli",          None,           (L, 200, 200, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("tavoli:scelte_organizzazioni",     None,           (L, 200, 200, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    # Editions: national roles only.
    Row("programma:edizioni",               None,           (L, 403, 403, 200, 200, 403),               (L, 403, 403, 405, 405, 403)),
    Row("programma:edizione_nuova",         None,           (L, 403, 403, 200, 200, 403),               (L, 403, 403, 200, 200, 403)),
    Row("programma:edizione_modifica",      "edizione",     (L, 403, 403, 200, 200, 403),               (L, 403, 403, 200, 200, 403)),
    # Starting an edition: the world's edition is the active one, so a confirmed POST is refused with a message (302).
    Row("programma:edizione_avvia",         "edizione",     (L, 403, 403, 200, 200, 403),               (L, 403, 403, 200, 200, 403)),
    # The import of works: administrators only, on the staff pages (the admin's "Importa" leads there).
    # An empty upload gets the form back with its error (200). The world's import is queued, not
    # waiting for the user: matching its columns, confirming or discarding it goes back to its page (302).
    Row("importazione:nuova",               None,           (L, 403, 403, 403, 200, 403),               (L, 403, 403, 403, 200, 403)),
    Row("importazione:modello_csv",         None,           (L, 403, 403, 403, 200, 403),               (L, 403, 403, 403, 405, 403)),
    Row("importazione:modello_xlsx",        None,           (L, 403, 403, 403, 200, 403),               (L, 403, 403, 403, 405, 403)),
    Row("importazione:mappatura",           "importazione", (L, 403, 403, 403, 302, 403),               (L, 403, 403, 403, 302, 403)),
    Row("importazione:anteprima",           "importazione", (L, 403, 403, 403, 200, 403),               (L, 403, 403, 403, 405, 403)),
    Row("importazione:conferma",            "importazione", (L, 403, 403, 403, 405, 403),               (L, 403, 403, 403, 302, 403)),
    Row("importazione:scarta",              "importazione", (L, 403, 403, 403, 405, 403),               (L, 403, 403, 403, 302, 403)),
    Row("importazione:storico",             None,           (L, 403, 403, 403, 200, 403),               (L, 403, 403, 403, 405, 403)),
    Row("importazione:dettaglio",           "importazione", (L, 403, 403, 403, 200, 403),               (L, 403, 403, 403, 405, 403)),
    Row("importazione:stato",               "importazione", (L, 403, 403, 403, 200, 403),               (L, 403, 403, 403, 405, 403)),
    Row("importazione:annulla",             "importazione", (L, 403, 403, 403, 302, 403),               (L, 403, 403, 403, 302, 403)),
    Row("importazione:errori_csv",          "importazione", (L, 403, 403, 403, 200, 403),               (L, 403, 403, 403, 405, 403)),
    # Tavoli and eventi: the Operatore writes their region, the Coordinatore only reads.
    Row("tavoli:lista",                     None,           (L, 200, 200, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("tavoli:nuovo",                     None,           (L, 200, 200, 403, 200, 200),               (L, 200, 200, 403, 200, 200)),
    Row("tavoli:dettaglio",                 "tavolo",       (L, 200, 404, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("tavoli:modifica",                  "tavolo",       (L, 200, 404, 403, 200, 403),               (L, 200, 404, 403, 200, 403)),
    Row("tavoli:elimina",                   "tavolo",       (L, 200, 404, 403, 200, 403),               (L, 302, 404, 403, 302, 403)),
    Row("tavoli:verbale",                   "tavolo",       (L, 200, 404, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("eventi:lista",                     None,           (L, 200, 200, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("eventi:nuovo",                     None,           (L, 200, 200, 403, 200, 200),               (L, 200, 200, 403, 200, 200)),
    Row("eventi:dettaglio",                 "evento",       (L, 200, 404, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("eventi:modifica",                  "evento",       (L, 200, 404, 403, 200, 403),               (L, 200, 404, 403, 200, 403)),
    Row("eventi:elimina",                   "evento",       (L, 200, 404, 403, 200, 403),               (L, 302, 404, 403, 302, 403)),
    Row("eventi:materiali",                 "evento",       (L, 200, 404, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    # Counters: the dashboard, exports and recount are national; a region page is scoped.
    Row("contatori:dashboard",              None,           (L, 403, 403, 200, 200, 403),               (L, 403, 403, 405, 405, 403)),
    Row("contatori:regione",                "regione",      (L, 200, 404, 200, 200, 200),               (L, 405, 405, 405, 405, 405)),
    Row("contatori:ricalcola",              None,           (L, 403, 403, 405, 405, 403),               (L, 403, 403, 302, 302, 403)),
    Row("contatori:stato",                  None,           (L, 403, 403, 200, 200, 403),               (L, 403, 403, 405, 405, 403)),
    Row("contatori:esporta_csv",            None,           (L, 403, 403, 200, 200, 403),               (L, 403, 403, 405, 405, 403)),
    Row("contatori:esporta_xlsx",           None,           (L, 403, 403, 200, 200, 403),               (L, 403, 403, 405, 405, 403)),
    # Targets: national roles set the grid; an Operatore proposes their own region's (only their row).
    Row("contatori:obiettivi",              None,           (L, 200, 200, 200, 200, 200),               (L, 302, 302, 302, 302, 302)),
    Row("contatori:obiettivi_carica",       None,           (L, 403, 403, 405, 405, 403),               (L, 403, 403, 200, 200, 403)),
    # No earlier edition in the matrix's world: back to the grid saying so (a 302), for national roles only.
    Row("contatori:obiettivi_copia",        None,           (L, 403, 403, 405, 405, 403),               (L, 403, 403, 302, 302, 403)),
    Row("contatori:in_ritardo",             None,           (L, 403, 403, 200, 200, 403),               (L, 403, 403, 405, 405, 403)),
    # Public: aggregates only, no login.
    Row("contatori:pubblico",               None,           (200, 200, 200, 200, 200, 200),             (405, 405, 405, 405, 405, 405)),
    # The live pages' poll: public, as the generation is the public pages' own ETag (contatori/views/vivo.py).
    Row("contatori:generazione",            None,           (200, 200, 200, 200, 200, 200),             (405, 405, 405, 405, 405, 405)),
    Row("contatori:api",                    None,           (200, 200, 200, 200, 200, 200),             (405, 405, 405, 405, 405, 405)),
    Row("contatori:api_csv",                None,           (200, 200, 200, 200, 200, 200),             (405, 405, 405, 405, 405, 405)),
    # The programme's results (issue #10).
    # The strategic project of a regional project (by the project's pk): the region drafts and submits;
    # national roles approve or send back, then publish. On a draft, approving is refused with a
    # redirect and a message (302), as is publishing.
    Row("programma:strategico",                 "progetto",  (L, 200, 404, 200, 200, 200),   (L, 405, 405, 405, 405, 405)),
    Row("programma:strategico_modifica",        "progetto",  (L, 200, 404, 403, 200, 403),   (L, 200, 404, 403, 200, 403)),
    Row("programma:strategico_invia",           "progetto",  (L, 200, 404, 403, 200, 403),   (L, 302, 404, 403, 302, 403)),
    Row("programma:strategico_rimanda",         "progetto",  (L, 403, 403, 302, 302, 403),   (L, 403, 403, 302, 302, 403)),
    Row("programma:strategico_approva",         "progetto",  (L, 403, 403, 302, 302, 403),   (L, 403, 403, 302, 302, 403)),
    Row("programma:strategico_pubblica",        "progetto",  (L, 403, 403, 302, 302, 403),   (L, 403, 403, 302, 302, 403)),
    # The staff's Libro Bianco: printed in the background, so the draft's first answer is "being
    # prepared" (202); POST asks again for a failed print (here none failed: back to the page).
    Row("programma:libro_bianco",               "progetto",  (L, 202, 404, 202, 202, 202),   (L, 302, 404, 302, 302, 302)),
    Row("programma:stampa",                     "stampa",    (L, 200, 404, 200, 200, 200),   (L, 405, 405, 405, 405, 405)),
    # National documents: written by the national roles, read by every role.
    Row("programma:documenti_nazionali",        None,        (L, 200, 200, 200, 200, 200),   (L, 405, 405, 405, 405, 405)),
    Row("programma:documento_nazionale_nuovo",  None,        (L, 403, 403, 200, 200, 403),   (L, 403, 403, 200, 200, 403)),
    Row("programma:documento_nazionale",        "documento", (L, 200, 200, 200, 200, 200),   (L, 405, 405, 405, 405, 405)),
    Row("programma:documento_nazionale_modifica", "documento", (L, 403, 403, 200, 200, 403), (L, 403, 403, 200, 200, 403)),
    Row("programma:documento_nazionale_elimina", "documento", (L, 403, 403, 200, 200, 403),  (L, 403, 403, 302, 302, 403)),
    Row("programma:documento_nazionale_file",   "documento", (L, 200, 200, 200, 200, 200),   (L, 405, 405, 405, 405, 405)),
    # Their publication: whoever writes them (the national roles) proposes, a Coordinatore publishes or sends back.
    Row("programma:documento_nazionale_proponi", "documento", (L, 403, 403, 200, 200, 403),  (L, 403, 403, 302, 302, 403)),
    Row("programma:documento_nazionale_rimanda", "documento_proposto", (L, 403, 403, 200, 200, 403), (L, 403, 403, 200, 200, 403)),
    Row("programma:documento_nazionale_pubblica", "documento_proposto", (L, 403, 403, 200, 200, 403), (L, 403, 403, 302, 302, 403)),
    # Public documents: published items for everyone; the draft strategic project is a 404 for everyone.
    Row("documenti:lista",                      None,        (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("documenti:volume_nazionale",           None,        (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("documenti:volume_nazionale_versione",  None,        (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405),
        (("edizione", "edizione.pk"), ("versione", "volume.versione"))),
    Row("documenti:strategico",                 "strategico", (404, 404, 404, 404, 404, 404), (405, 405, 405, 405, 405, 405)),
    Row("documenti:libro_bianco",               "strategico", (404, 404, 404, 404, 404, 404), (405, 405, 405, 405, 405, 405)),
    Row("documenti:libro_bianco_versione",      "strategico", (404, 404, 404, 404, 404, 404), (405, 405, 405, 405, 405, 405),
        (("versione", "stampa.versione"),)),
    Row("documenti:libro_bianco_allegato",      "strategico", (404, 404, 404, 404, 404, 404), (405, 405, 405, 405, 405, 405),
        (("versione", "stampa.versione"),)),
    Row("documenti:report",                     "report_pubblicato", (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("documenti:report_file",                "report_pubblicato", (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("documenti:nazionale",                  "documento_pubblicato", (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("documenti:nazionale_file",             "documento_pubblicato", (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("documenti:api",                        None,        (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    # The programme's public face (issue #19): a page per region, the calendar of public events (the
    # world's event is a BUL/5G meeting, public by default), the published works and the open data.
    Row("contatori:regione_pubblica",           "regione",   (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("eventi:calendario",                    None,        (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("eventi:calendario_ics",                None,        (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("eventi:pubblico",                      "evento",    (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("opere:lista",                          None,        (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    # A work is public once a published strategic project endorses it; region A's work is not: a 404 for everyone.
    Row("opere:opera",                          "opera",     (404, 404, 404, 404, 404, 404), (405, 405, 405, 405, 405, 405)),
    Row("opere:dati_csv",                       None,        (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("opere:dati_json",                      None,        (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("dati:indice",                          None,        (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("dati:catalogo_ttl",                    None,        (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
    Row("dati:catalogo_jsonld",                 None,        (200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405)),
]
# fmt: on


# --- the walk over the URL configuration ---------------------------------------------------------


def _names(resolver: URLResolver, namespace: tuple[str, ...] = (), prefix: str = "") -> Iterator[str]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace not in EXCLUDED_NAMESPACES:
                yield from _names(entry, (*namespace, entry.namespace) if entry.namespace else namespace, route)
        elif isinstance(entry, URLPattern):
            # reverse() needs a name, so an unnamed pattern cannot have a row: report its route.
            yield ":".join((*namespace, entry.name)) if entry.name else f"<unnamed: /{route}>"


def url_names() -> list[str]:
    """The name of every URL pattern of ROOT_URLCONF, through every include, exclusions aside."""
    return [name for name in _names(get_resolver()) if name not in EXCLUDED_NAMES]


def table_problems(table: list[Row]) -> list[str]:
    """What makes the table incomplete or stale, one line per problem (empty when table and URLs match)."""
    rows = [row.name for row in table]
    urls = url_names()
    problems = [f"URL without a row in the permission matrix: {n}" for n in sorted(set(urls) - set(rows))]
    problems += [f"row for a URL that no longer exists: {n}" for n in sorted(set(rows) - set(urls))]
    problems += [f"repeated row: {n}" for n in sorted({n for n in rows if rows.count(n) > 1})]
    # reverse() reaches only one of two patterns sharing a name: the other would go untested.
    problems += [f"two URL patterns share a name: {n}" for n in sorted({n for n in urls if urls.count(n) > 1})]
    problems += [f"excluded URL that no longer exists: {n}" for n in sorted(EXCLUDED_NAMES - set(_names(get_resolver())))]
    return problems


def test_every_url_has_a_row() -> None:
    problems = table_problems(TABLE)
    assert not problems, "\n".join(problems)


def _dummy_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def test_a_url_without_a_row_fails_the_matrix() -> None:
    # The project's URLs plus two pages nobody added to the table.
    urlconf = types.ModuleType("urlconf_with_two_more_pages")
    urlconf.urlpatterns = [  # type: ignore[attr-defined]
        *get_resolver().url_patterns,
        path("pagina-dimenticata/", _dummy_view, name="pagina_dimenticata"),
        path("senza-nome/", _dummy_view),
    ]
    before = table_problems(TABLE)
    with override_settings(ROOT_URLCONF=urlconf):
        with pytest.raises(AssertionError, match="URL without a row in the permission matrix: pagina_dimenticata"):
            test_every_url_has_a_row()
        after = table_problems(TABLE)
    assert [p for p in after if p not in before] == [
        "URL without a row in the permission matrix: <unnamed: /senza-nome/>",
        "URL without a row in the permission matrix: pagina_dimenticata",
    ]


def test_a_row_without_a_url_fails_the_matrix() -> None:
    before = table_problems(TABLE)

    def new_problems(table: list[Row]) -> list[str]:
        return [p for p in table_problems(table) if p not in before]

    gone = Row("tavoli:archivio", None, (L, 200, 200, 200, 200, 200), (L, 405, 405, 405, 405, 405))
    assert new_problems([*TABLE, gone]) == ["row for a URL that no longer exists: tavoli:archivio"]
    assert new_problems(TABLE[1:]) == [f"URL without a row in the permission matrix: {TABLE[0].name}"]
    assert new_problems([*TABLE, TABLE[0]]) == [f"repeated row: {TABLE[0].name}"]


# --- the cells -----------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ATTACHMENTS = {
    "report": "matrice/analisi.pdf",
    "tavolo": "matrice/verbale.pdf",
    "evento": "matrice/slide.pdf",
    "documento": "matrice/nazionale.pdf",
    "stampa": "matrice/libro-bianco.pdf",
    "volume": "matrice/volume-nazionale.pdf",
}


@dataclass(frozen=True)
class World:
    """One object of each kind, all in region A (Lombardia), and the users of the five roles."""

    users: dict[str, Any]
    progetto: models.Model
    fase: models.Model
    report: models.Model  # a draft with its file: the region edits and proposes it
    report_proposto: models.Model  # proposed for publication: a Coordinatore publishes or sends it back
    report_pubblicato: models.Model
    opera: models.Model
    tavolo: models.Model
    evento: models.Model
    edizione: models.Model
    importazione: models.Model
    regione: Regione
    strategico: models.Model  # region A's strategic project, a complete draft (not published)
    documento: models.Model  # a draft national document with its file
    documento_proposto: models.Model
    documento_pubblicato: models.Model
    stampa: models.Model  # the approved print of region A's strategic project (staff only: it is not published)
    volume: models.Model  # a published print of the national volume
    sessioni: dict[str, str] = field(default_factory=dict)  # role -> session key, signed in once (`entra`)


def _build_world() -> World:
    programma = factories.ProgrammaFactory()
    progetto = factories.ProgettoRegionaleFactory(programma=programma, regione=factories.regione("lombardia"))
    # Region B's project lets its Operatore open the create pages: a refusal there is about region A.
    factories.ProgettoRegionaleFactory(programma=programma, regione=factories.regione("sicilia"))
    strategico = ProgettoStrategico.objects.create(progetto=progetto, titolo="Libro Bianco", contesto="C", obiettivi="O")
    Indicazione.objects.create(progetto_strategico=strategico, tema="energia", testo="T", destinatario="D")
    return World(
        users={
            "anonimo": None,
            "operatore": factories.operatore("lombardia"),
            "altro_operatore": factories.operatore("sicilia"),
            "coordinatore": factories.crea_utente("coordinatore", Ruolo.COORDINATORE),
            "amministratore": factories.amministratore(),
            "camera": factories.operatore_camera("lombardia"),
        },
        progetto=progetto,
        fase=progetto.fasi.get(numero=1),
        # Attachments are stored by name only; each test writes the files in its own MEDIA_ROOT.
        report=factories.ReportFactory(progetto=progetto, file=ATTACHMENTS["report"]),
        report_proposto=factories.ReportFactory(progetto=progetto, stato="in_revisione", file=ATTACHMENTS["report"]),
        report_pubblicato=factories.ReportFactory(progetto=progetto, pubblicato=True, file=ATTACHMENTS["report"]),
        opera=factories.OperaPrioritariaFactory(regione=progetto.regione, progetto=progetto),
        tavolo=factories.TavoloConfrontoFactory(progetto=progetto, verbale=ATTACHMENTS["tavolo"]),
        evento=factories.EventoFactory(progetto=progetto, materiali=ATTACHMENTS["evento"]),
        edizione=programma,
        # Queued, hence not undoable: the admin's POST to annulla redirects and changes nothing.
        importazione=Importazione.objects.create(nome_file="opere.csv"),
        regione=progetto.regione,
        strategico=strategico,
        **{
            chiave: DocumentoNazionale.objects.create(
                programma=programma, tipo="analisi_domanda_offerta", titolo=f"Analisi ({stato})", data=dt.date(2025, 2, 1),
                stato=stato, file=ATTACHMENTS["documento"],
            )
            for chiave, stato in (("documento", "bozza"), ("documento_proposto", "in_revisione"), ("documento_pubblicato", "pubblicato"))
        },
        stampa=Stampa.objects.create(
            genere="libro_bianco", scopo="approvazione", stato="pronta", programma=programma, strategico=strategico,
            origine="1", versione=1, file=ATTACHMENTS["stampa"], sha256="0" * 64,
        ),
        volume=Stampa.objects.create(
            genere="volume_nazionale", scopo="pubblicazione", stato="pronta", programma=programma,
            origine="1", versione=1, file=ATTACHMENTS["volume"], sha256="1" * 64,
        ),
    )


@pytest.fixture(scope="module")
def _module_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the ~500 cells, in a transaction rolled back when the module ends.

    Each test runs in a savepoint inside it (pytest-django's `db`), so a cell that deletes or
    changes an object leaves the same world to the next. Building it per test doubles the run time.
    The same holds for each role's signed-in session (`entra`): a cell that logs out, or writes
    into its session, has it back as it was at the next cell.
    """
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast_hasher), transaction.atomic():
        world = _build_world()
        yield replace(world, sessioni=_sessioni(world.users))
        transaction.set_rollback(True)


def _sessioni(users: dict[str, Any]) -> dict[str, str]:
    """Each role signed in once, as `Client.force_login` does it (session, login signals)."""
    sessioni = {}
    for role, user in users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            sessioni[role] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return sessioni


def entra(client: Client, world: World, role: str) -> None:
    """The client signed in as `role` (anonymous: left as it is) with the session made with the
    world: the same session force_login would make, without the ~25 ms of writing it in every cell.
    The sessions live in the database (Django's default engine), so each cell's savepoint gives
    the next cell its role's session unchanged."""
    if world.users[role] is not None:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessioni[role]


@pytest.fixture
def world(_module_world: World, db: None, settings: Any) -> World:
    for name in ATTACHMENTS.values():
        file = Path(settings.MEDIA_ROOT) / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(PDF)
    return _module_world


def url_of(row: Row, world: World) -> str:
    kwargs: dict[str, Any] = {}
    if row.obj is not None:
        obj = getattr(world, row.obj)
        kwargs = {"slug": obj.slug} if isinstance(obj, Regione) else {"pk": obj.pk}
    for nome, percorso in row.altri:
        attributo, campo = percorso.split(".")
        kwargs[nome] = getattr(getattr(world, attributo), campo)
    return reverse(row.name, kwargs=kwargs)


def _cells() -> list[Any]:
    return [
        pytest.param(row, method, role, expected, id=f"{row.name}-{method}-{role}")
        for row in TABLE
        for method, statuses in (("GET", row.get), ("POST", row.post))
        for role, expected in zip(ROLES, statuses, strict=True)
    ]


@pytest.mark.parametrize(("row", "method", "role", "expected"), _cells())
def test_cell(row: Row, method: str, role: str, expected: Any, world: World, client: Client) -> None:
    user = world.users[role]
    entra(client, world, role)
    url = url_of(row, world)
    response = client.get(url) if method == "GET" else client.post(url, {})
    if response.streaming:
        # Read through the test client's wrapper, which closes the file but not the database
        # connection (a bare response.close() would close it, and end the module's transaction).
        b"".join(response.streaming_content)
    status, location = response.status_code, response.get("Location", "")
    to_login = f"{reverse('login')}?next="
    cell = f"{method} {url} ({row.name}) as {role}"
    if expected == LOGIN:
        assert (status, location) == (302, to_login + url), f"{cell}: expected a redirect to login, got {status} {location}"
    else:
        assert status == expected, f"{cell}: expected {expected}, got {status} {location}"
        if status == 302 and user is not None:
            # A signed-in user sent to the login page is a refusal in disguise.
            assert not location.startswith(to_login), f"{cell}: sent to the login page"


# --- a Camera's own records ------------------------------------------------------------------------

# The write URLs the table walks on another ente's records (403 for the Camera), on the Camera's
# own: (URL name, kind of record, GET, POST). An empty POST gets the form back (200) or takes the action (302).
SCRITTURE_CAMERA = [
    ("tavoli:modifica", "tavolo", 200, 200),
    ("tavoli:elimina", "tavolo", 200, 302),
    ("eventi:modifica", "evento", 200, 200),
    ("eventi:elimina", "evento", 200, 302),
    ("programma:report_modifica", "report", 200, 200),
    ("programma:report_elimina", "report", 200, 302),
    ("programma:report_proponi", "report", 200, 302),
    ("programma:opera_modifica", "opera", 200, 200),
    ("programma:opera_elimina", "opera", 200, 302),
]


def _della_camera(kind: str, world: World) -> models.Model:
    """A record of region A whose ente is the Camera of the matrix's "camera" user."""
    camera = factories.camera("lombardia")
    if kind == "opera":
        return factories.OperaPrioritariaFactory(regione=world.regione, progetto=world.progetto, ente=camera)
    fabbrica = {"tavolo": factories.TavoloConfrontoFactory, "evento": factories.EventoFactory, "report": factories.ReportFactory}[kind]
    extra = {"file": ATTACHMENTS["report"]} if kind == "report" else {}
    return fabbrica(progetto=world.progetto, ente=camera, **extra)


@pytest.mark.parametrize(("name", "kind", "get", "post"), SCRITTURE_CAMERA, ids=[s[0] for s in SCRITTURE_CAMERA])
def test_a_camera_writes_its_own_records(name: str, kind: str, get: int, post: int, world: World, client: Client) -> None:
    """The other half of the Camera's column: the same URLs that are a 403 on another ente's record
    open and act on the Camera's own."""
    assert world.users["camera"].appartenenza.ente == factories.camera("lombardia")
    assert getattr(world, kind).ente_id is None, "the table's record is not the Camera's, or the column proves nothing"
    url = reverse(name, kwargs={"pk": _della_camera(kind, world).pk})
    client.force_login(world.users["camera"])
    assert client.get(url).status_code == get
    assert client.post(url, {}).status_code == post


# --- the autocomplete endpoints' bodies ----------------------------------------------------------


def _sorgenti() -> dict[str, Any]:
    from programma import forms as programma_forms
    from tavoli import forms as tavoli_forms

    sorgenti = [programma_forms.OPERE, programma_forms.PROVINCE, programma_forms.COMUNI, programma_forms.ENTI, programma_forms.TAVOLI]
    return {s.nome_url: s for s in [*sorgenti, tavoli_forms.ORGANIZZAZIONI]}


def test_every_autocomplete_url_is_checked_for_leaks() -> None:
    assert {row.name for row in TABLE if ":scelte_" in row.name} == set(_sorgenti())


@pytest.mark.parametrize("name", sorted(_sorgenti()))
def test_autocomplete_leaks_nothing_of_another_region(name: str, world: World, client: Client) -> None:
    """A 200 is not enough: the other region's Operatore must get none of region A's rows, asked
    for by region or not, while region A's own Operatore and a national role get them."""
    factories.OrganizzazioneFactory(regione=world.regione, nome="Confindustria Lombardia")
    sorgente = _sorgenti()[name]
    di_a = {sorgente.opzione(obj)["value"] for obj in sorgente.righe(world.users["coordinatore"], "", world.regione.pk)}
    assert di_a, f"{name}: region A has rows, or the test proves nothing"
    url = reverse(name)

    def valori(role: str, **parametri: Any) -> set[str]:
        client.force_login(world.users[role])
        corpo = client.get(url, parametri).json()
        return {r["value"] for r in corpo["risultati"]}

    assert valori("altro_operatore", regione=world.regione.pk) == set()
    assert not valori("altro_operatore") & di_a
    assert valori("operatore") <= di_a and valori("operatore", regione=world.regione.pk)
    assert valori("coordinatore", regione=world.regione.pk) <= di_a


# --- the closed edition --------------------------------------------------------------------------
# A closed edition is read-only for everyone, on every path (issue #21). Every URL that writes (its
# POST lets a signed-in role act: 200, 202 or 302 in TABLE) is walked again on a closed edition:
# once a newer edition is active, whatever let a role act on the world's objects is a 403 with
# the reason, GET (the form, the confirmation) and POST alike; the other cells (login, 404, the
# role's 403) stay as they are, since those checks come first. A page that creates is walked with
# the closed edition chosen in the header. A new write URL joins the walk by itself; one that does
# not write into an edition says why below.
CHIUSA_FUORI: dict[str, str] = {
    "login": "the way in",
    "logout": "the way out",
    "password_change": "one's own account",
    "notifiche": "one's own address and notification frequency",
    "otp_attiva": "one's own second factor",
    "otp_verifica": "one's own second factor",
    "csp_report": "a browser's report, no record",
    "programma:scegli_edizione": "only the session: it is how a closed edition is browsed",
    "programma:edizione_nuova": "an edition itself, set up by the national roles",
    "programma:edizione_modifica": "an edition itself, set up by the national roles",
    "programma:edizione_avvia": "starting an edition is what closes the previous one",
    "contatori:ricalcola": "recounts what is stored, changes no record",
    "programma:libro_bianco": "asks again for the print of what the record already says, changes no content",
    # The works' import follows the file, not the edition chosen in the header: each row names its
    # edition, and rows of a closed one are refused by the check (tests/importazione/test_errori.py).
    "importazione:nuova": "the file names each work's edition; a closed one is refused row by row",
    "importazione:mappatura": "the file names each work's edition; a closed one is refused row by row",
    "importazione:conferma": "the file names each work's edition; a closed one is refused row by row",
    "importazione:scarta": "discards an upload that wrote nothing",
}
# Write URLs whose cells on a closed edition differ from the rule, and why.
CHIUSA_ECCEZIONI: dict[tuple[str, str], Statuses] = {
    # The targets' page reads the grid of the chosen edition; only saving it is refused.
    ("contatori:obiettivi", "GET"): ("login", 200, 200, 200, 200, 200),
    # The world's import is queued, not undoable: refused with a message (302) in any edition.
    # Undoing one whose works are in a closed edition: tests/importazione/test_views.py.
    ("importazione:annulla", "GET"): ("login", 403, 403, 403, 302, 403),
    ("importazione:annulla", "POST"): ("login", 403, 403, 403, 302, 403),
}
AGISCE = (200, 202, 302)


def _scrive(row: Row) -> bool:
    return any(status in AGISCE for role, status in zip(ROLES, row.post, strict=True) if role != "anonimo")


def righe_scrittura() -> list[Row]:
    return [row for row in TABLE if _scrive(row) and row.name not in CHIUSA_FUORI]


def attesa_chiusa(row: Row, method: str, statuses: Statuses) -> Statuses:
    if (row.name, method) in CHIUSA_ECCEZIONI:
        return CHIUSA_ECCEZIONI[row.name, method]
    return tuple(
        403 if role != "anonimo" and status in AGISCE else status for role, status in zip(ROLES, statuses, strict=True)
    )  # type: ignore[return-value]


def test_every_write_url_is_walked_on_a_closed_edition_or_says_why_not() -> None:
    nomi = {row.name for row in TABLE}
    assert set(CHIUSA_FUORI) <= nomi, f"CHIUSA_FUORI names URLs that are gone: {set(CHIUSA_FUORI) - nomi}"
    assert {name for name, _method in CHIUSA_ECCEZIONI} <= {row.name for row in righe_scrittura()}
    # The walk is not empty, and holds the paths the review found open (issue #21).
    walked = {row.name for row in righe_scrittura()}
    assert {
        "programma:strategico_modifica", "programma:strategico_invia", "programma:strategico_approva",
        "programma:strategico_pubblica", "programma:documento_nazionale_modifica",
        "programma:documento_nazionale_pubblica", "programma:documento_nazionale_nuovo", "programma:progetto_modifica",
    } <= walked


def _cells_chiusa() -> list[Any]:
    return [
        pytest.param(row, method, role, expected, id=f"chiusa-{row.name}-{method}-{role}")
        for row in righe_scrittura()
        for method, statuses in (("GET", row.get), ("POST", row.post))
        for role, expected in zip(ROLES, attesa_chiusa(row, method, statuses), strict=True)
    ]


@pytest.mark.parametrize(("row", "method", "role", "expected"), _cells_chiusa())
def test_cell_on_a_closed_edition(row: Row, method: str, role: str, expected: Any, world: World, client: Client) -> None:
    from programma.models import Programma
    from programma.selectors import SESSIONE_EDIZIONE

    # A newer edition starts: the world's edition, and every object in it, is now history.
    Programma.objects.create(nome="Edizione successiva", data_inizio=dt.date(2027, 1, 1), data_fine=dt.date(2028, 12, 31), attivo=True)
    user = world.users[role]
    if user is not None:
        entra(client, world, role)
        if row.obj is None:
            # A page that creates: the closed edition is the one chosen in the header.
            sessione = client.session
            sessione[SESSIONE_EDIZIONE] = world.edizione.pk
            sessione.save()
    url = url_of(row, world)
    response = client.get(url) if method == "GET" else client.post(url, {})
    status, location = response.status_code, response.get("Location", "")
    cell = f"{method} {url} ({row.name}) as {role} on a closed edition"
    if expected == LOGIN:
        assert (status, location) == (302, f"{reverse('login')}?next={url}"), f"{cell}: expected a redirect to login, got {status}"
        return
    assert status == expected, f"{cell}: expected {expected}, got {status} {location}"
    aperta = (row.get if method == "GET" else row.post)[ROLES.index(role)]
    if status == 403 and aperta in AGISCE:
        # Refused because the edition is closed, not for the role: the 403 page gives the reason.
        assert "sola lettura" in response.content.decode(), f"{cell}: the 403 does not give the reason"
