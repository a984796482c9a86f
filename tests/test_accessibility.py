"""Accessibility as a test (issue #13): axe-core checks every page of every role in Chromium.

Which pages: the permission matrix's (`tests/test_matrice_permessi.py`). Every URL name that a role
may GET there (200, or a 302 that lands on a page) is opened as that role — anonymous, Operatore,
Coordinatore, Amministratore, Operatore of a Camera — on the demo data (`seed_demo`, scale 1), so lists, details and
counters have content; the matrix's objects are taken from the demo (`mondo_demo`). Besides:
- every form on those pages that the matrix says answers an empty POST with its errors (200) is
  submitted empty, and the page with the errors is checked;
- each role's 404 page, its 400 page (a bad query parameter), and the 403 page of each role that has one;
- the import of works on its staff pages: the upload form, the form's error, the previews of a wrong
  and of a good file, the confirmed import and its undo page, and the matching of the columns of a
  file not in our format, with its values to map. The Django admin is left out, as in the matrix
  (its own markup).

Coverage cannot go stale: a URL added to the matrix is swept with no change here (an object the
demo world lacks fails the sweep), a URL that answers with a file, JSON or CSV must be named in
`NON_PAGINE` (the sweep fails on a non-HTML answer, and on an HTML one from a name listed there),
and `test_every_gettable_url_is_swept` fails when a URL some role may GET is neither.

The layout is checked at the same page loads (issue #20): each page, once axe has run at 1280 px, is
checked at 1280 px, resized to 390 px and checked again, then put back (`tests/impaginazione.js`): no
page wider than the window at either width (a wide table scrolls inside its own box), nothing of the
header off-screen or spilling out of its box, the user's identity on one line from 992 px. A failure
names the page, the role, the width and the widest element.

The test fails on any violation of impact "serious" or "critical", and on any CSP violation;
moderate and minor ones are printed (`-s`) but allowed. No rule is disabled. axe-core comes from
npm (devDependency `axe-core`, node_modules/axe-core/axe.min.js) and is added by Playwright as an
init script of the browser context, which the page's CSP does not apply to (the sweep still fails
on any CSP violation of the pages): it is never served to users.

Cost: one browser, one context per role, the session's live server; a page whose <main> another
role already had is checked only outside its main, or not opened at all (see `impronta`).
"""

from __future__ import annotations

import collections
import hashlib
import io
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse

from programma.importazione.models import Importazione
from programma.models import DocumentoNazionale, OperaPrioritaria, ProgettoRegionale, ProgettoStrategico, Programma, Report, Stampa
from programma.risultati import pubblicazioni
from tests.conftest import accedi, chiudi_pagina, manca_servizio, nuova_pagina
from tests.importazione.conftest import csv_bytes, riga
from tests.test_matrice_permessi import ATTACHMENTS, PDF, ROLES, TABLE, L, Row, World, url_of

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
GRAVI = {"serious", "critical"}

# The roles swept. The matrix's Operatore of another region sees the Operatore's pages; what
# differs for them is the 404 page, which every role gets. A Camera's Operatore sees the region's
# pages without the buttons of what they may not write.
RUOLI_CONTROLLATI = ("anonimo", "operatore", "coordinatore", "amministratore", "camera")

# URL names that answer with something other than a page: files, JSON, CSV, PDF.
NON_PAGINE = {
    "healthz", "csp_report", "otp_qr",
    "programma:report_file", "programma:libro_bianco", "programma:documento_nazionale_file",
    "importazione:stato", "importazione:errori_csv", "importazione:modello_csv", "importazione:modello_xlsx",
    "programma:scelte_opere", "programma:scelte_province", "programma:scelte_comuni", "programma:scelte_enti", "programma:scelte_tavoli",
    "tavoli:verbale", "tavoli:scelte_organizzazioni", "eventi:materiali",
    "contatori:stato", "contatori:esporta_csv", "contatori:esporta_xlsx", "contatori:api", "contatori:api_csv", "contatori:generazione",
    "documenti:libro_bianco", "documenti:volume_nazionale", "documenti:report_file", "documenti:nazionale_file",
    "programma:stampa", "documenti:libro_bianco_versione", "documenti:libro_bianco_allegato", "documenti:volume_nazionale_versione",
    "documenti:api",
    "eventi:calendario_ics", "opere:dati_csv", "opere:dati_json", "dati:catalogo_ttl", "dati:catalogo_jsonld",
}  # fmt: skip

# The matrix's public strategic project is a draft, a 404 for everyone; the sweep's is published. The
# same for a public work: the matrix's is endorsed by no published project, the sweep's is (`url_del_giro`).
LETTORI_IN_PIU = {"documenti:strategico": set(RUOLI_CONTROLLATI), "opere:opera": set(RUOLI_CONTROLLATI)}


def url_del_giro(row: Row, mondo: World) -> str:
    """The URL the sweep opens for a row: the matrix's, but a published work for a work's public page."""
    if row.name == "opere:opera":
        return reverse(row.name, args=[OperaPrioritaria.objects.pubbliche().first().pk])
    return url_of(row, mondo)


def puo_aprire(row: Row, ruolo: str) -> bool:
    return row.get[ROLES.index(ruolo)] in (200, 302) or ruolo in LETTORI_IN_PIU.get(row.name, set())


def apribili(table: list[Row]) -> set[str]:
    """The URL names of pages some role may open: each must be checked by the sweep."""
    aperte = {row.name for row in table if any(row.get[ROLES.index(r)] in (200, 302) for r in ROLES)}
    return (aperte | set(LETTORI_IN_PIU)) - NON_PAGINE


def problemi_copertura(table: list[Row]) -> list[str]:
    nomi = {row.name for row in table}
    problemi = [f"NON_PAGINE names a URL that is gone: {n}" for n in sorted(NON_PAGINE - nomi)]
    controllate = {row.name for row in table for r in RUOLI_CONTROLLATI if puo_aprire(row, r)}
    return problemi + [f"a page no swept role opens: {n}" for n in sorted(apribili(table) - controllate)]


def test_every_gettable_url_is_swept() -> None:
    """A URL that some role may GET is swept as a page or named as a file/JSON answer; the sweep
    also checks, as it runs, that each of these pages was checked (`Giro.coperte`)."""
    assert not problemi_copertura(TABLE)


def test_the_coverage_check_fails_on_a_page_left_out_or_a_stale_name() -> None:
    solo_altra_regione = Row("tavoli:archivio", None, (L, 404, 200, 404, 404, 404), (L, 405, 405, 405, 405, 405))
    assert problemi_copertura([*TABLE, solo_altra_regione]) == ["a page no swept role opens: tavoli:archivio"]
    senza_healthz = [row for row in TABLE if row.name != "healthz"]
    assert problemi_copertura(senza_healthz) == ["NON_PAGINE names a URL that is gone: healthz"]


# --- the demo world --------------------------------------------------------------------------------


def allega(oggetto: Any, campo: str, chiave: str) -> Any:
    """The demo's activities have no files: one as in the matrix, so that a download is a download."""
    file = Path(settings.MEDIA_ROOT) / ATTACHMENTS[chiave]
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(PDF)
    type(oggetto).objects.filter(pk=oggetto.pk).update(**{campo: ATTACHMENTS[chiave]})
    oggetto.refresh_from_db()
    return oggetto


def mondo_demo() -> World:
    """The matrix's world made of demo objects. Region A is the first one whose strategic project is
    a draft (as the matrix's, so that its draft pages open); its Operatore is the demo's."""
    call_command("seed_demo", stdout=io.StringIO())
    edizione = Programma.objects.get(attivo=True)
    bozza = ProgettoStrategico.objects.filter(stato=ProgettoStrategico.Stato.BOZZA, progetto__programma=edizione)
    progetto = ProgettoRegionale.objects.get(pk=bozza.order_by("progetto__regione__codice_istat")[0].progetto_id)
    utenti = get_user_model().objects
    return World(
        users={
            "anonimo": None,
            "operatore": utenti.get(username=f"operatore-{progetto.regione.slug}"),
            "altro_operatore": None,
            "coordinatore": utenti.get(username="coordinatore"),
            "amministratore": utenti.get(username="admin"),
            "camera": utenti.get(username=f"camera-{progetto.regione.slug}"),
        },
        progetto=progetto,
        fase=progetto.fasi.get(numero=1),
        # Region A's reports may all be past the draft (only a region's first two have a file): a draft of its own.
        report=allega(
            Report.objects.create(progetto=progetto, tipo=Report.Tipo.ALTRO, titolo="Nota in bozza", data=edizione.data_inizio), "file", "report"
        ),
        report_proposto=Report.objects.filter(stato=Report.Stato.IN_REVISIONE, progetto__programma=edizione).first(),
        report_pubblicato=Report.objects.pubblicati().filter(progetto__programma=edizione).first(),
        opera=progetto.opere.first(),
        tavolo=allega(progetto.tavoli.first(), "verbale", "tavolo"),
        # A public one, as the matrix's (a BUL/5G meeting): its public page opens too.
        evento=allega(progetto.eventi.pubblici().first(), "materiali", "evento"),
        edizione=edizione,
        # An import under way: its page shows the progress bar.
        importazione=Importazione.objects.create(
            nome_file="in-corso.csv", stato=Importazione.Stato.IN_CORSO, righe_totali=1000, righe_elaborate=500, fase="validazione"
        ),
        regione=progetto.regione,
        strategico=ProgettoStrategico.objects.filter(stato=ProgettoStrategico.Stato.PUBBLICATO).first(),
        documento=DocumentoNazionale.objects.filter(stato=DocumentoNazionale.Stato.BOZZA).first(),
        documento_proposto=DocumentoNazionale.objects.filter(stato=DocumentoNazionale.Stato.IN_REVISIONE).first(),
        documento_pubblicato=DocumentoNazionale.objects.pubblicati().first(),
        # A print of region A's book as the matrix's (its file a stand-in), and the demo's national volume.
        stampa=allega(
            Stampa.objects.create(
                genere="libro_bianco", scopo="approvazione", stato="pronta", programma=edizione, strategico=progetto.strategico,
                origine="axe", versione=1, sha256="0" * 64,
            ),
            "file",
            "stampa",
        ),
        volume=Stampa.objects.pubblicate().get(genere="volume_nazionale", programma=edizione),
    )


# A page's <main> as the server sent it, without what changes at every rendering (the CSRF token).
# Roles often get the same main (public pages, Coordinatore and Amministratore): once checked, the
# same main is not checked again (same markup and style, same result); the rest of the page, whose
# navigation is the role's own, still is. A page the role cannot post a form to is then not even
# opened: its header and footer are those of the role's other pages.
MAIN = re.compile(r"<main\b.*?</main>", re.S)
TOKEN_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=)"[^"]*"')


def impronta(html: str) -> str:
    trovato = MAIN.search(html)
    return hashlib.sha256(TOKEN_CSRF.sub(r"\1", trovato.group(0) if trovato else html).encode()).hexdigest()


# --- axe and the layout ----------------------------------------------------------------------------

ESEGUI_AXE = """async (contesto) => {
  const risultato = await axe.run(contesto, {resultTypes: ["violations"]});
  return risultato.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodi: v.nodes.map(n => `${n.target.join(" ")} ${n.html.slice(0, 160)}`)}));
}"""


# The layout's check (a function of no argument; the file's leading comment says what it checks).
IMPAGINAZIONE = "\n".join(r for r in (Path(__file__).parent / "impaginazione.js").read_text().splitlines() if not r.startswith("//"))
LARGHEZZE = (1280, 390)  # the sweep's window (Playwright's default 1280x720), then a phone's


@dataclass
class Giro:
    """What the sweep saw: serious violations, the count of the others, what it could not open."""

    pagine: int = 0
    gia_visti: set[str] = field(default_factory=set)
    ripetuti: int = 0  # pages checked without their main, already seen
    saltate: int = 0  # pages not opened: their main already seen, no form to post
    moduli: list[str] = field(default_factory=list)  # forms submitted empty
    coperte: set[str] = field(default_factory=set)  # URL names checked (or their main, in another role)
    violazioni: list[str] = field(default_factory=list)
    impaginazione: list[str] = field(default_factory=list)  # pages wider than the window, headers that do not fit
    secondi_impaginazione: float = 0.0  # what the layout's check costs the sweep
    minori: collections.Counter = field(default_factory=collections.Counter)
    dove: dict[tuple[str, str], list[str]] = field(default_factory=lambda: collections.defaultdict(list))
    problemi: list[str] = field(default_factory=list)

    def controlla(self, page: Any, etichetta: str, risposta: Any) -> None:
        """Runs axe on the page that `risposta` (the server's HTML) loaded."""
        self.pagine += 1
        chiave = impronta(risposta.text())
        contesto: Any = {"exclude": [["main"]]} if chiave in self.gia_visti else "html"
        self.ripetuti += chiave in self.gia_visti
        self.gia_visti.add(chiave)
        for v in page.evaluate(ESEGUI_AXE, contesto):
            if v["impact"] in GRAVI:
                nodi = "; ".join(v["nodi"][:3])
                self.violazioni.append(f"{etichetta}: [{v['impact']}] {v['id']} ({v['help']}), {len(v['nodi'])} nodi: {nodi}")
            else:
                self.minori[(v["impact"], v["id"])] += len(v["nodi"])
                self.dove[(v["impact"], v["id"])].append(f"{etichetta}: {v['nodi'][0]}")
        self.controlla_impaginazione(page, etichetta)

    def controlla_impaginazione(self, page: Any, etichetta: str) -> None:
        """The page as loaded, at each width in turn: a resize, not a new load."""
        inizio = time.perf_counter()
        finestra = page.viewport_size
        for larghezza in LARGHEZZE:
            if larghezza != page.viewport_size["width"]:
                page.set_viewport_size({"width": larghezza, "height": finestra["height"]})
            self.impaginazione += [f"{etichetta} a {larghezza} px: {problema}" for problema in page.evaluate(IMPAGINAZIONE)]
        page.set_viewport_size(finestra)
        self.secondi_impaginazione += time.perf_counter() - inizio

    def risponde(self, risposta: Any, etichetta: str, atteso: int) -> bool:
        if risposta.status != atteso:
            self.problemi.append(f"{etichetta}: {risposta.status} invece di {atteso}")
        elif "text/html" not in risposta.headers.get("content-type", ""):
            self.problemi.append(f"{etichetta}: non è una pagina ({risposta.headers.get('content-type')}): va in NON_PAGINE")
        else:
            return True
        return False

    def apri(self, page: Any, url: str, etichetta: str, atteso: int = 200, salta_se_vista: bool = False) -> bool:
        """Opens and checks a page; True when it is open in `page`."""
        if salta_se_vista:
            risposta = page.request.get(url)
            if not self.risponde(risposta, etichetta, atteso):
                return False
            if impronta(risposta.text()) in self.gia_visti:
                self.saltate += 1
                return False
        risposta = page.goto(url)
        if not self.risponde(risposta, etichetta, atteso):
            return False
        self.controlla(page, etichetta, risposta)
        return True


def invia_vuoto(page: Any, form: Any) -> Any:
    """Submits a form with nothing but its CSRF token, as the matrix's POST does: the errors come back."""
    with page.expect_navigation() as navigazione:
        form.evaluate(
            """f => {
              for (const e of [...f.elements]) if (e.name && e.name !== "csrfmiddlewaretoken") e.removeAttribute("name");
              f.noValidate = true;
              f.requestSubmit();
            }"""
        )
    return navigazione.value


def nome_url(percorso: str) -> str | None:
    try:
        trovato = resolve(percorso)
    except Resolver404:
        return None
    return trovato.view_name


def controlla_moduli(giro: Giro, page: Any, ruolo: str, inviati: set[str]) -> None:
    """Each form of the page whose URL answers an empty POST from this role with its errors, once per role."""
    url = page.url
    moduli = page.locator("main form[method=post]")
    for i in range(moduli.count()):
        form = moduli.nth(i)
        azione = form.evaluate("f => new URL(f.action).pathname")
        nome = nome_url(azione)
        riga_post = next((r for r in TABLE if r.name == nome), None)
        if riga_post is None or riga_post.post[ROLES.index(ruolo)] != 200 or nome in inviati:
            continue
        inviati.add(nome)
        etichetta = f"{ruolo} POST vuoto {azione} ({nome})"
        risposta = invia_vuoto(page, form)
        if not giro.risponde(risposta, etichetta, 200):
            continue
        giro.controlla(page, etichetta, risposta)
        giro.moduli.append(f"{ruolo} {nome}")
        if i + 1 < moduli.count():
            page.goto(url)


def importa(page: Any, nome_file: str, dati: bytes) -> Any:
    page.goto(reverse("importazione:nuova"))
    page.locator("input[type=file]").set_input_files({"name": nome_file, "mimeType": "text/csv", "buffer": dati})
    with page.expect_navigation() as navigazione:
        page.get_by_role("button", name="Controlla il file e mostra l'anteprima").click()
    return navigazione.value


def controlla_importazione(giro: Giro, page: Any) -> None:
    """The import of works as an Amministratore does it: upload, preview (wrong, then good), confirm,
    undo; and a file in another format through the matching of its columns and values."""
    errata = csv_bytes([riga("AXE-1"), riga("AXE-2", regione="Narnia", costo_stimato="tanti")])
    giro.controlla(page, "amministratore anteprima con errori", importa(page, "errata.csv", errata))
    rifiutata = Importazione.objects.get(nome_file="errata.csv")
    giro.apri(page, reverse("importazione:dettaglio", args=[rifiutata.pk]), "amministratore importazione rifiutata")
    giro.controlla(page, "amministratore anteprima da confermare", importa(page, "buona.csv", csv_bytes([riga("AXE-1"), riga("AXE-2")])))
    with page.expect_navigation() as navigazione:
        page.get_by_role("button", name="Conferma l’importazione").click()
    giro.controlla(page, "amministratore importazione completata", navigazione.value)
    completata = Importazione.objects.get(nome_file="buona.csv")
    giro.apri(page, reverse("importazione:annulla", args=[completata.pk]), "amministratore annulla importazione")
    altro_formato = csv_bytes([["J41B21000010001", "RADDOPPIO PONTE SAN PIETRO-BERGAMO", "FERROVIE", "FA_7"]], intestazione=["CUP", "DESCRIZIONE_CUP",
        "SETTORE", "STATO"])
    giro.controlla(page, "amministratore abbina le colonne", importa(page, "opencup.csv", altro_formato))
    page.get_by_label("Colonna «SETTORE» del file").select_option("modalita")
    with page.expect_navigation() as navigazione:
        page.get_by_role("button", name="Aggiorna i valori da abbinare").click()
    giro.controlla(page, "amministratore abbina i valori", navigazione.value)


def giro_della_matrice(giro: Giro, page: Any, ruolo: str, mondo: Any) -> None:
    """Every page of the permission matrix the role may open, its forms sent empty once."""
    inviati: set[str] = set()
    for row in TABLE:
        if not puo_aprire(row, ruolo):
            continue
        url = url_del_giro(row, mondo)
        etichetta = f"{ruolo} GET {url} ({row.name})"
        if row.name in NON_PAGINE:
            if "text/html" in page.request.get(url, max_redirects=0).headers.get("content-type", ""):
                giro.problemi.append(f"{etichetta}: è una pagina, va tolta da NON_PAGINE")
            continue
        problemi_prima = len(giro.problemi)
        if giro.apri(page, url, etichetta, salta_se_vista=row.post[ROLES.index(ruolo)] != 200):
            controlla_moduli(giro, page, ruolo, inviati)
        if len(giro.problemi) == problemi_prima:
            giro.coperte.add(row.name)


def documenti_oltre_la_bozza(giro: Giro, page: Any, ruolo: str, mondo: Any) -> None:
    """The strategic project in the other states of its workflow (the matrix's is a draft), and
    reports and national documents past the draft: state, buttons, history."""
    for stato in ("in_revisione", "approvato", "pubblicato"):
        altro = ProgettoStrategico.objects.filter(stato=stato, progetto__programma=mondo.edizione).first()
        url = reverse("programma:strategico", args=[altro.progetto_id])
        giro.apri(page, url, f"{ruolo} GET {url} (programma:strategico {stato})", salta_se_vista=True)
    for nome, oggetto in (
        ("programma:report", mondo.report_proposto), ("programma:report", mondo.report_pubblicato),
        ("programma:documento_nazionale", mondo.documento_proposto), ("programma:documento_nazionale", mondo.documento_pubblicato),
    ):  # fmt: skip
        url = reverse(nome, args=[oggetto.pk])
        giro.apri(page, url, f"{ruolo} GET {url} ({nome} {oggetto.stato})", salta_se_vista=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_of_every_role_has_no_serious_violations(browser, live_server, violazioni_csp):
    if not AXE.exists():
        manca_servizio(f"axe-core non trovato in {AXE}: installarlo con `npm ci`.")
    inizio = time.perf_counter()
    mondo = mondo_demo()
    giro = Giro()
    for ruolo in RUOLI_CONTROLLATI:
        page = nuova_pagina(browser, live_server.url, violazioni_csp)
        # In every document before its scripts: init scripts are not subject to the page's CSP, and
        # one copy per context costs a sixth of evaluating the 650 KB source in every page.
        page.context.add_init_script(path=str(AXE))
        utente = mondo.users[ruolo]
        if utente:
            accedi(page, utente.username, "demo")
        giro_della_matrice(giro, page, ruolo, mondo)
        if ruolo in ("coordinatore", "amministratore"):
            documenti_oltre_la_bozza(giro, page, ruolo, mondo)
        if ruolo == "operatore":
            # The staff's Libro Bianco while its print is being prepared (202), then when it failed.
            url = reverse("programma:libro_bianco", args=[mondo.progetto.pk])
            anteprima = pubblicazioni.richiedi_libro(mondo.progetto.strategico, Stampa.Scopo.ANTEPRIMA, accoda=False)
            giro.apri(page, url, f"{ruolo} GET {url} (Libro Bianco in preparazione)", atteso=202)
            Stampa.objects.filter(pk=anteprima.pk).update(stato=Stampa.Stato.FALLITA, messaggio="Il documento è troppo lungo.")
            giro.apri(page, url, f"{ruolo} GET {url} (Libro Bianco non riuscito)")
        giro.apri(page, "/pagina-che-non-esiste/", f"{ruolo} pagina 404", atteso=404)
        # A bad query parameter's page (programma.activities.parametri), the same for every role.
        giro.apri(page, "/contatori/?q=%00", f"{ruolo} pagina 400", atteso=400)
        vietata = next((row for row in TABLE if row.obj is None and row.get[ROLES.index(ruolo)] == 403), None)
        if vietata:
            giro.apri(page, reverse(vietata.name), f"{ruolo} pagina 403 ({vietata.name})", atteso=403)
        if ruolo == "amministratore":
            controlla_importazione(giro, page)
        chiudi_pagina(page)
    print(
        f"\naxe: {giro.pagine} pagine controllate ({giro.ripetuti} con un <main> già visto, {giro.saltate} non riaperte) in "
        f"{time.perf_counter() - inizio:.0f} s (di cui {giro.secondi_impaginazione:.0f} s per l'impaginazione a 1280 e 390 px); "
        f"moduli inviati vuoti: {', '.join(giro.moduli)}; violazioni non gravi:"
    )
    for (impatto, regola), nodi in sorted(giro.minori.items()):
        print(f"  {impatto:9} {regola}: {nodi} nodi, in {len(giro.dove[impatto, regola])} pagine, come {giro.dove[impatto, regola][0]}")
    assert not violazioni_csp, "Violazioni della Content-Security-Policy:\n" + "\n".join(violazioni_csp)
    giro.problemi += [f"pagina non controllata: {n}" for n in sorted(apribili(TABLE) - giro.coperte)]
    assert not giro.problemi, "\n".join(giro.problemi)
    assert not giro.violazioni, "Violazioni gravi di accessibilità (axe-core):\n" + "\n".join(giro.violazioni)
    assert not giro.impaginazione, "Pagine più larghe della finestra o intestazioni che non ci stanno:\n" + "\n".join(giro.impaginazione)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_layout_check_names_a_wide_element_and_a_header_that_does_not_fit(pagina):
    """The sweep's layout check can fail: a page made wider than a phone and a header made too narrow
    for its identity are found, named by their element."""
    pagina.goto(reverse("accessibilita"))
    giro = Giro()
    giro.controlla_impaginazione(pagina, "anonimo GET /accessibilita/")
    assert giro.impaginazione == []
    pagina.evaluate("""() => {
      const largo = document.createElement("div");
      largo.className = "troppo-largo";
      largo.textContent = "Una tabella senza il suo riquadro";
      largo.style.width = "852px";
      document.querySelector("main").append(largo);
      const zona = document.querySelector(".it-header-slim-right-zone");
      const identita = '<strong>Coordinamento Nazionale</strong> · Coordinatore nazionale · Tutte le regioni';
      zona.insertAdjacentHTML("afterbegin", `<span class="small" data-testid="utente">${identita}</span>`);
      zona.style.width = "120px";
      zona.style.overflow = "hidden";
    }""")
    giro.controlla_impaginazione(pagina, "anonimo GET /accessibilita/")
    a_390 = [p for p in giro.impaginazione if " a 390 px: " in p]
    assert any("la pagina è larga" in p and "div.troppo-largo «Una tabella senza il suo riquadro»" in p for p in a_390), a_390
    a_1280 = [p for p in giro.impaginazione if " a 1280 px: " in p]
    assert any("l'identità «Coordinamento Nazionale" in p and "va a capo" in p for p in a_1280), a_1280
    assert any("div.it-header-slim-right-zone" in p and "non ci sta" in p for p in a_1280), a_1280
