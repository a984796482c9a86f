"""Loads the reference data in regioni/data/ (regions, provinces, Camere di commercio)."""

import json
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def leggi(nome: str) -> list[dict[str, Any]]:
    return json.loads((DATA_DIR / f"{nome}.json").read_text(encoding="utf-8"))


def carica_territorio(apps: Any) -> None:
    """Create or update every region, province and ente from the JSON files (idempotent)."""
    Regione = apps.get_model("regioni", "Regione")
    Provincia = apps.get_model("regioni", "Provincia")
    Ente = apps.get_model("regioni", "Ente")

    regioni = {}
    for r in leggi("regioni"):
        regioni[r["codice_istat"]], _ = Regione.objects.update_or_create(
            codice_istat=r["codice_istat"],
            defaults={"nome": r["nome"], "slug": r["slug"], "ripartizione": r["ripartizione"], "alias": r.get("alias", [])},
        )
    province = {}
    for p in leggi("province"):
        province[p["sigla"]], _ = Provincia.objects.update_or_create(
            sigla=p["sigla"],
            defaults={
                "codice_istat": p["codice_istat"],
                "nome": p["nome"],
                "tipo": p["tipo"],
                "regione": regioni[p["regione"]],
            },
        )
    for e in leggi("enti"):
        ente, _ = Ente.objects.update_or_create(
            nome=e["nome"], defaults={"tipo": e["tipo"], "regione": regioni[e["regione"]]}
        )
        ente.province.set([province[s] for s in e.get("province", [])])
