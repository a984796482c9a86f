"""Typesetting a document's HTML into an archival PDF, within a budget of time and memory.

WeasyPrint (HTML + print CSS → PDF) because the books are Django templates like every page, with
real text, running headers, page numbers, bookmarks and tags. It runs in a child process
(`impaginatore.py`): the parent kills it when the time budget is spent, and the child caps its own
memory, so a document that is too long fails cleanly with a message and frees the worker that
asked for it, whatever the text pasted into it.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

IMPAGINATORE = Path(__file__).with_name("impaginatore.py")


class StampaNonRiuscita(Exception):
    """The document could not be typeset; the message is for the user, in Italian."""


@dataclass(frozen=True)
class Pdf:
    contenuto: bytes
    secondi: float


def stampa_pdf(html: str, *, secondi: int | None = None, memoria_mb: int | None = None) -> Pdf:
    """The PDF/A-2a of this HTML, typeset within `secondi` (settings.PDF_MAX_SECONDI) and
    `memoria_mb` (settings.PDF_MAX_MB); StampaNonRiuscita otherwise, with the reason."""
    secondi = secondi or settings.PDF_MAX_SECONDI
    memoria_mb = memoria_mb or settings.PDF_MAX_MB
    inizio = time.monotonic()
    for tentativo in (1, 2):
        restano = secondi - (time.monotonic() - inizio)
        try:
            esito = subprocess.run(
                [sys.executable, str(IMPAGINATORE), str(memoria_mb), str(secondi + 5)],
                input=html.encode("utf-8"),
                capture_output=True,
                timeout=max(restano, 1),
                check=False,
            )
        except subprocess.TimeoutExpired:
            # subprocess.run has killed the child: nothing of it stays behind.
            raise StampaNonRiuscita(
                _(
                    "Il documento non è stato impaginato entro %(secondi)s secondi, il tempo massimo: "
                    "è troppo lungo. Accorciare i testi più lunghi e riprovare."
                )
                % {"secondi": secondi}
            ) from None
        # A child ended by a signal of its own (seen: a segmentation fault in the system's libraries,
        # once, on a machine at load 10) is tried once more within what is left of the budget; one
        # that exhausted its memory or its CPU seconds is not.
        if esito.returncode in (-signal.SIGSEGV, -signal.SIGBUS, -signal.SIGABRT) and tentativo == 1:
            logger.warning("Impaginazione interrotta dal segnale %s: nuovo tentativo", -esito.returncode)
            continue
        break
    durata = time.monotonic() - inizio
    if esito.returncode != 0 or not esito.stdout.startswith(b"%PDF"):
        errore = esito.stderr.decode("utf-8", "replace")
        logger.error("Impaginazione non riuscita (codice %s): %s", esito.returncode, errore[-2000:])
        if "MEMORIA" in errore or "MemoryError" in errore:
            raise StampaNonRiuscita(
                _("Il documento richiede più memoria dei %(mb)s MB consentiti: è troppo lungo. Accorciare i testi più lunghi e riprovare.")
                % {"mb": memoria_mb}
            )
        raise StampaNonRiuscita(_("Il documento non è stato impaginato per un errore interno; l'errore è stato registrato."))
    return Pdf(contenuto=esito.stdout, secondi=durata)


def stampa_molti(pagine: list[str], *, in_parallelo: int | None = None) -> list[Pdf | StampaNonRiuscita]:
    """Several documents at once, `in_parallelo` child processes at a time (the machine's cores by
    default): each its PDF, or the reason it failed; one failure does not stop the others."""

    def una(html: str) -> Pdf | StampaNonRiuscita:
        try:
            return stampa_pdf(html)
        except StampaNonRiuscita as exc:
            return exc
        except Exception:  # noqa: BLE001 - one document's failure must not leave the others half done
            logger.exception("Impaginazione non riuscita")
            return StampaNonRiuscita(_("Il documento non è stato impaginato per un errore interno; l'errore è stato registrato."))

    with ThreadPoolExecutor(max_workers=max(1, in_parallelo or os.cpu_count() or 1)) as esecutore:
        return list(esecutore.map(una, pagine))
