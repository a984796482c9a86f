"""The data the counter pages of one snapshot generation draw (`Dati`), and the warm-up the recount
does of it before it makes the generation current (`prepara`).

Every counter page of a generation (the dashboard, twenty region pages, the public ones, the API and
CSV) reads the snapshot, the targets, the phases, the activity per ente and the series once for all,
through `in_cache`; their fragments are kept by `Dati.impronta`, a digest of what they draw. The
recount works all of this out for the active edition after its rows have committed and before it
marks its run completed, so that no page request waits for it: the first request of a new generation
used to read it while the others waited (single flight), every few seconds under a stream of saves.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.db.models import Model
from django.http import HttpRequest, JsonResponse
from django.utils import timezone

from contatori import presentation
from contatori.generation import Generazione, generazione_di, in_cache, secondi_in_cache
from contatori.obiettivi import obiettivi as tutti_gli_obiettivi
from contatori.registry import CONTATORI
from contatori.selectors import AttivitaEnti, Quadro, attivita_enti, fasi_per_regione, quadro_attuale, serie_storiche
from programma.dati_aperti import licenza
from programma.models import Programma
from programma.spreadsheets import numero, risposta_csv
from regioni.models import Regione

logger = logging.getLogger(__name__)


class Dati:
    """The snapshot data behind a page, read on first use: a fragment served from the cache reads none.

    With a generation (the request's, or the one the recount is about to complete), the snapshot, the
    targets, the phases, the activity per ente and the series are kept per generation (`in_cache`).
    They are read, never changed, by the pages.

    The pages' fragments are kept by `impronta`, a digest of what they draw, not by the generation:
    every save of counted data makes a new generation, but most (a tavolo's summary, a report's text)
    change no number, no target, no phase and no ente's count, and then every fragment stays warm."""

    def __init__(
        self,
        regione: Regione | None = None,
        *,
        programma: Any = None,
        request: HttpRequest | None = None,
        generazione: Generazione | None = None,
    ) -> None:
        self.regione = regione
        self.programma = programma  # the edition chosen in the header; None: the active one
        self.generazione = generazione if generazione is not None or request is None else generazione_di(request)

    def _per_generazione(self, nome: str, calcola: Callable[[], Any], *, della_regione: bool = False) -> Any:
        if self.generazione is None:
            return calcola()
        edizione = self.programma.pk if self.programma is not None else ""
        regione = self.regione.pk if della_regione and self.regione is not None else ""
        return in_cache(self.generazione, f"dati:{edizione}:{regione}:{nome}", calcola)

    @cached_property
    def quadro(self) -> Quadro:
        return self._per_generazione("quadro", lambda: quadro_attuale(self.programma))

    @cached_property
    def obiettivi(self) -> dict[str, dict[int | None, Any]]:
        return self._per_generazione("obiettivi", lambda: tutti_gli_obiettivi(self.quadro.programma))

    @cached_property
    def fasi(self) -> dict[int, list[Any]]:
        return self._per_generazione("fasi", lambda: fasi_per_regione(self.quadro.programma))

    @cached_property
    def attivita(self) -> AttivitaEnti:
        return self._per_generazione("attivita", lambda: attivita_enti(self.quadro.programma))

    @cached_property
    def collegamenti(self) -> presentation.Collegamenti:
        return presentation.Collegamenti(self.quadro.programma.pk if self.quadro.programma else None)

    @cached_property
    def serie(self) -> dict[str, list]:
        if self.quadro.programma is None:
            return {}
        return self._per_generazione(
            "serie",
            lambda: serie_storiche(self.quadro.programma, regione_id=self.regione.pk if self.regione else None, ultimo=self.quadro.giorno),
            della_regione=True,
        )

    @cached_property
    def impronta(self) -> str:
        """What the counter fragments are kept by: a digest of all they draw, worked out once a generation.

        That is today (targets and phases are judged against it), the edition, the newest day's values
        of every counter in every region (the charts' older days never change: the recount writes only
        today's rows), the targets, the phases, the regions, and the held activities per ente and region
        with those enti. A fragment that draws anything else must add it here."""
        if self.generazione is None:
            return ""
        return self._per_generazione("impronta", self._impronta)

    def _impronta(self) -> str:
        q = self.quadro
        parti = (
            timezone.localdate(),
            _campi(q.programma),
            q.giorno,
            sorted((chiave, sorted(per.items(), key=_per_regione)) for chiave, per in q.valori.items()),
            sorted((chiave, sorted(((r, _campi(o)) for r, o in per.items()), key=_per_regione)) for chiave, per in self.obiettivi.items()),
            sorted((r, [_campi(f) for f in fasi]) for r, fasi in self.fasi.items()),
            [_campi(r) for r in Regione.objects.order_by("pk")],
            self.attivita.conteggi,
            sorted(_campi(e) for e in self.attivita.enti.values()),
        )
        return hashlib.blake2b(repr(parti).encode(), digest_size=16).hexdigest()


def _campi(oggetto: Model | None) -> tuple[Any, ...]:
    """A row's stored values, in the order of its fields."""
    return tuple(getattr(oggetto, f.attname) for f in oggetto._meta.concrete_fields) if oggetto is not None else ()


def _per_regione(voce: tuple[int | None, Any]) -> tuple[bool, int]:
    """Italy (None) first, then the regions by id: a sort key for {region id: value} items."""
    return (voce[0] is not None, voce[0] or 0)


# The open data's bodies, built once per generation (their ETag and Last-Modified come from the same
# generation, so that clients and proxies revalidate with a 304 instead of downloading again).
API_JSON = "api-2.json"
API_CSV = "api.csv"


def corpo_api(d: Dati) -> bytes:
    quadro = d.quadro
    regioni = list(Regione.objects.all())
    corpo: dict[str, Any] = {
        "programma": quadro.programma.nome if quadro.programma else None,
        "aggiornato_il": timezone.localtime(quadro.aggiornato_il).isoformat() if quadro.aggiornato_il else None,
        "nazionale": {c.chiave: numero(quadro.valore(c.chiave)) for c in CONTATORI},
        "regioni": {
            r.codice_istat: {c.chiave: numero(quadro.valore(c.chiave, r.pk)) for c in CONTATORI} for r in regioni
        },
        "definizioni": {c.chiave: {"etichetta": str(c.etichetta), "unita": str(c.unita)} for c in CONTATORI},
        "obiettivi": _obiettivi_api(d.obiettivi, regioni),
        # Added beside the first keys (docs/INTERFACES.md documents them all): the regions' names, and the licence.
        "nomi_regioni": {r.codice_istat: r.nome for r in regioni},
        "licenza": licenza(),
    }
    return JsonResponse(corpo, json_dumps_params={"ensure_ascii": False}).content


def corpo_csv(d: Dati) -> tuple[bytes, dict[str, str]]:
    righe = presentation.righe_esportazione(d.quadro, list(Regione.objects.all()), d.obiettivi)
    risposta = risposta_csv(righe, "contatori.csv")
    return risposta.content, dict(risposta.headers)


def _obiettivi_api(obiettivi: dict, regioni: list[Regione]) -> dict[str, Any]:
    """Approved targets only: {"nazionale": {key: number}, "regioni": {codice_istat: {key: number}}} (docs/INTERFACES.md)."""
    codici = {r.pk: r.codice_istat for r in regioni}
    corpo: dict[str, Any] = {"nazionale": {}, "regioni": {}}
    for chiave, per in obiettivi.items():
        for regione_id, obiettivo in per.items():
            if obiettivo.valore is None:
                continue
            if regione_id is None:
                corpo["nazionale"][chiave] = numero(obiettivo.valore)
            else:
                corpo["regioni"].setdefault(codici[regione_id], {})[chiave] = numero(obiettivo.valore)
    return corpo


def prepara(gen: Generazione) -> None:
    """Before a recount marks `gen` completed: what its pages share, worked out and kept, so that no
    page request waits for it. For the active edition as the public pages ask for it (no edition) and
    as the staff's header names it; an older edition chosen in the header is read by its first page.
    Any failure is logged and left to the pages, which then read the data themselves."""
    if not secondi_in_cache(gen):
        return
    try:
        attivo = Programma.objects.attivo()
        for programma in (None, attivo) if attivo is not None else (None,):
            d = Dati(programma=programma, generazione=gen)
            for parte in ("quadro", "obiettivi", "fasi", "attivita", "serie", "impronta"):
                getattr(d, parte)
        pubblici = Dati(generazione=gen)
        in_cache(gen, API_JSON, lambda: corpo_api(pubblici))
        in_cache(gen, API_CSV, lambda: corpo_csv(pubblici))
    except Exception:
        logger.exception("Preparazione delle pagine dei contatori non riuscita: le leggeranno le pagine stesse")
