"""Export of works in exactly the import format, so that export -> import changes nothing; and the
import's template (`modello`): the format's header and an example row, as CSV or as XLSX with a
second sheet that explains each column and its allowed values.

Italian amounts, dates and booleans, regions by name, provinces as sigle separated by '|'.
Every text cell a spreadsheet would run as a formula is neutralised (OWASP CSV injection);
the import removes that quote again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import chain

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from programma.importazione.fileformat import COLONNE, DESCRIZIONI, OBBLIGATORIE, scrivi_booleano, scrivi_data, scrivi_importo
from programma.models import Modalita, OperaPrioritaria, Programma
from programma.spreadsheets import Foglio, cartella_xlsx, righe_csv_excel
from regioni.models import Provincia, Regione

Through = OperaPrioritaria.province.through


def righe(queryset: QuerySet | None = None) -> Iterator[list[str]]:
    """One list of strings per work, in COLONNE order (three queries, whatever the number of works)."""
    queryset = OperaPrioritaria.objects.all() if queryset is None else queryset
    regioni = dict(Regione.objects.values_list("pk", "nome"))
    sigle = dict(Provincia.objects.values_list("pk", "sigla"))
    province: dict[int, list[str]] = {}
    for opera_id, provincia_id in Through.objects.filter(operaprioritaria__in=queryset.values("pk")).values_list(
        "operaprioritaria_id", "provincia_id"
    ):
        province.setdefault(opera_id, []).append(sigle[provincia_id])
    modalita = dict(Modalita.choices)
    stati = dict(OperaPrioritaria.Stato.choices)
    semafori = dict(OperaPrioritaria.Semaforo.choices)
    edizioni = dict(Programma.objects.values_list("pk", "nome"))
    campi = [f"{c}_id" if c in ("regione", "programma", "progetto", "tavolo") else c for c in COLONNE if c != "province"]
    for pk, *valori in queryset.order_by("codice").values_list("pk", *campi).iterator(chunk_size=5000):
        (codice, cup, titolo, descrizione, mod, livello, stato, semaforo, costo, pnrr, commissario, fonte, regione_id, data,
         programma_id, progetto_id, tavolo_id) = valori  # fmt: skip
        riga = [
            codice,
            cup,
            titolo,
            descrizione,
            str(modalita.get(mod, mod)),
            str(livello),
            str(stati.get(stato, stato)),
            str(semafori.get(semaforo, semaforo)),
            scrivi_importo(costo),
            scrivi_booleano(pnrr),
            scrivi_booleano(commissario),
            fonte,
            regioni[regione_id],
            "|".join(sorted(province.get(pk, []))),
            scrivi_data(data),
            edizioni.get(programma_id, ""),
            str(progetto_id or ""),
            str(tavolo_id or ""),
        ]
        yield riga


def scrivi_csv(intestazioni: Iterable[str], dati: Iterable[Iterable[str]]) -> bytes:
    """The format as CSV, written as every CSV for Italian Excel is (`righe_csv_excel`: a BOM,
    semicolons, every text cell neutralised)."""
    return "".join(righe_csv_excel(chain([list(intestazioni)], dati))).encode("utf-8")


def scrivi_xlsx(intestazioni: Iterable[str], dati: Iterable[Iterable[str]]) -> bytes:
    """The format as XLSX, written as every workbook is (`cartella_xlsx`): one sheet of text cells,
    every one neutralised, the header bold and frozen in view."""
    intestazioni = list(intestazioni)
    return cartella_xlsx([Foglio(_("Opere prioritarie"), chain([intestazioni], dati), [None] * len(intestazioni))])


def esporta(queryset: QuerySet | None = None, *, formato: str = "csv") -> bytes:
    scrivi = scrivi_xlsx if formato == "xlsx" else scrivi_csv
    return scrivi(COLONNE, righe(queryset))


def _esempio() -> list[str]:
    """One made-up work, written as the format reads it (the active edition by name)."""
    edizione = Programma.objects.attivo()
    valori = {
        "codice": "LOM-FER-001",
        "cup": "J51B21000050001",
        "titolo": "Potenziamento della linea ferroviaria Milano–Bergamo",
        "modalita": str(Modalita.FERROVIARIA.label),
        "livello_priorita": "1",
        "stato": str(OperaPrioritaria.Stato.IN_PROGETTAZIONE.label),
        "semaforo": str(OperaPrioritaria.Semaforo.VERDE.label),
        "costo_stimato": scrivi_importo(Decimal("52627000")),
        "finanziamento_pnrr": scrivi_booleano(True),
        "commissario_straordinario": scrivi_booleano(False),
        "fonte_finanziamento": "PNRR",
        "regione": "Lombardia",
        "province": "MI|BG",
        "data_completamento_prevista": "31/12/2027",
        "programma": edizione.nome if edizione else "",
    }
    return [valori.get(c, "") for c in COLONNE]


def guida() -> list[list[str]]:
    """The instructions: one row per column, what it holds, whether required, the values allowed."""
    from programma.importazione.riferimenti import RiferimentiScelte

    scelte = RiferimentiScelte()
    righe = [[_("Colonna"), _("Obbligatoria"), _("Che cosa contiene"), _("Valori ammessi")]]
    for colonna in COLONNE:
        ammessi = ", ".join(scelte.opzioni(colonna)) if colonna in scelte.COLONNE and colonna != "regione" else ""
        righe.append([colonna, _("sì") if colonna in OBBLIGATORIE else _("no"), str(DESCRIZIONI[colonna]), ammessi])
    return righe


def modello(formato: str) -> bytes:
    """The import's template: the header and an example row; the XLSX adds the instructions."""
    if formato == "csv":
        return scrivi_csv(COLONNE, [_esempio()])
    return cartella_xlsx(
        [
            Foglio(_("Opere prioritarie"), [list(COLONNE), _esempio()], [None] * len(COLONNE)),
            Foglio(_("Istruzioni"), guida(), [None] * 4),
        ]
    )
