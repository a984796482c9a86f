"""`make bench`: seed PostgreSQL at scale and time what users wait for (see bench/__main__.py).

Other bench modules (bench.contatori, bench.importazione...) return rows of `Riga` from a
`misura(...)` function and may use `misura_ms` and `stampa` from here.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable, Iterable

# (descrizione, valore, unita, obiettivo); obiettivo like "< 150", "<= 20", "> 0" or "" (no target).
Riga = tuple[str, float, str, str]

LARGHEZZA_DESCRIZIONE = 52
_OBIETTIVO = re.compile(r"^\s*(<=|>=|<|>|≤|≥|=)\s*([0-9.,_]+)\s*$")


def misura_ms(fn: Callable[[], object], ripetizioni: int = 7, riscaldamento: int = 2) -> float:
    """Median wall time of `fn` in milliseconds, after `riscaldamento` untimed calls."""
    for _ in range(riscaldamento):
        fn()
    tempi = []
    for _ in range(ripetizioni):
        inizio = time.perf_counter()
        fn()
        tempi.append((time.perf_counter() - inizio) * 1000)
    return statistics.median(tempi)


def esito(valore: float, obiettivo: str) -> str:
    """OK / NO against a target such as "< 150"; "—" when there is no target to check."""
    trovato = _OBIETTIVO.match(obiettivo or "")
    if not trovato:
        return "—"
    operatore, soglia = trovato.group(1), float(trovato.group(2).replace("_", "").replace(",", "."))
    rispettato = {
        "<": valore < soglia,
        ">": valore > soglia,
        "<=": valore <= soglia,
        "≤": valore <= soglia,
        ">=": valore >= soglia,
        "≥": valore >= soglia,
        "=": valore == soglia,
    }[operatore]
    return "OK" if rispettato else "NO"


def formatta_numero(valore: float) -> str:
    if float(valore).is_integer():
        return f"{int(valore):,}".replace(",", ".")
    return f"{valore:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")


def stampa(righe: Iterable[Riga], titolo: str | None = None) -> list[Riga]:
    """Print rows as an aligned table (descrizione, valore, unità, obiettivo, esito); returns them."""
    righe = list(righe)
    if titolo:
        print(f"\n== {titolo}")
    if not righe:
        return righe
    larghezza = max([LARGHEZZA_DESCRIZIONE] + [len(r[0]) for r in righe])  # aligned across calls
    for descrizione, valore, unita, obiettivo in righe:
        print(
            f"  {descrizione:<{larghezza}}  {formatta_numero(valore):>12} {unita:<6} {obiettivo or '':>8}  {esito(valore, obiettivo)}",
            flush=True,
        )
    return righe
