#!/usr/bin/env python3
"""Controllo di coerenza dei dati territoriali (regioni, province/UTS, enti camerali).

Script autonomo (solo libreria standard, niente Django):

    python3 regioni/data/check_data.py
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent

RIPARTIZIONI = {"Nord-Ovest", "Nord-Est", "Centro", "Sud", "Isole"}
TIPI_PROVINCIA = {
    "provincia",
    "citta_metropolitana",
    "libero_consorzio",
    "provincia_autonoma",
    "ente_decentramento",
}
TIPI_ENTE = {"camera_commercio", "unione_regionale"}


def load(name):
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return json.load(f)


def duplicates(values):
    return sorted(v for v, n in Counter(values).items() if n > 1)


def main():
    regioni = load("regioni.json")
    province = load("province.json")
    enti = load("enti.json")

    # --- regioni -----------------------------------------------------------
    assert len(regioni) == 20, f"attese 20 regioni, trovate {len(regioni)}"
    codici_reg = [r["codice_istat"] for r in regioni]
    assert not duplicates(codici_reg), f"codici regione duplicati: {duplicates(codici_reg)}"
    assert sorted(codici_reg) == [f"{i:02d}" for i in range(1, 21)], codici_reg
    for r in regioni:
        assert set(r) == {"codice_istat", "nome", "slug", "ripartizione", "alias"}, r
        assert r["ripartizione"] in RIPARTIZIONI, r
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r["slug"]), r
        assert isinstance(r["alias"], list), r
    for campo in ("nome", "slug"):
        vals = [r[campo] for r in regioni]
        assert not duplicates(vals), f"{campo} regione duplicati: {duplicates(vals)}"
    # un alias non deve indicare due regioni diverse (né coincidere col nome di un'altra)
    proprietario = {}
    for r in regioni:
        for nome in [r["nome"]] + r["alias"]:
            chiave = nome.casefold()
            altro = proprietario.setdefault(chiave, r["codice_istat"])
            assert altro == r["codice_istat"], f"alias ambiguo {nome!r}: {altro} e {r['codice_istat']}"
    regioni_per_codice = {r["codice_istat"]: r for r in regioni}

    # --- province / UTS ----------------------------------------------------
    sigle = [p["sigla"] for p in province]
    assert not duplicates(sigle), f"sigle duplicate: {duplicates(sigle)}"
    codici_prov = [p["codice_istat"] for p in province]
    assert not duplicates(codici_prov), f"codici provincia duplicati: {duplicates(codici_prov)}"
    nomi_prov = [p["nome"] for p in province]
    assert not duplicates(nomi_prov), f"nomi provincia duplicati: {duplicates(nomi_prov)}"
    for p in province:
        assert set(p) == {"codice_istat", "sigla", "nome", "regione", "tipo"}, p
        assert re.fullmatch(r"[A-Z]{2}", p["sigla"]), p
        assert re.fullmatch(r"\d{3}", p["codice_istat"]), p
        assert p["regione"] in regioni_per_codice, p
        assert p["tipo"] in TIPI_PROVINCIA, p
    prov_per_sigla = {p["sigla"]: p for p in province}
    for codice in regioni_per_codice:
        assert any(p["regione"] == codice for p in province), f"regione {codice} senza province"

    # --- enti ---------------------------------------------------------------
    nomi_enti = [e["nome"] for e in enti]
    assert not duplicates(nomi_enti), f"nomi enti duplicati: {duplicates(nomi_enti)}"
    coperte = {}  # sigla -> camera
    for e in enti:
        assert set(e) == {"tipo", "nome", "regione", "province"}, e
        assert e["tipo"] in TIPI_ENTE, e
        assert e["regione"] in regioni_per_codice, e
        assert not duplicates(e["province"]), e
        for sigla in e["province"]:
            assert sigla in prov_per_sigla, f"{e['nome']}: sigla sconosciuta {sigla}"
            assert prov_per_sigla[sigla]["regione"] == e["regione"], (
                f"{e['nome']}: {sigla} non appartiene alla regione {e['regione']}"
            )
        if e["tipo"] == "camera_commercio":
            assert e["province"], f"{e['nome']}: camera senza province"
            for sigla in e["province"]:
                assert sigla not in coperte, (
                    f"{sigla} coperta da due camere: {coperte[sigla]} e {e['nome']}"
                )
                coperte[sigla] = e["nome"]
    # ogni provincia di ogni regione è coperta dalle camere di quella regione
    scoperte = sorted(s for s in prov_per_sigla if s not in coperte)
    assert not scoperte, f"province senza camera di commercio: {scoperte}"

    camere = [e for e in enti if e["tipo"] == "camera_commercio"]
    unioni = [e for e in enti if e["tipo"] == "unione_regionale"]
    assert len({u["regione"] for u in unioni}) == len(unioni), "più unioni nella stessa regione"

    print(f"regioni:  {len(regioni)}")
    print(f"province: {len(province)}")
    print(f"camere:   {len(camere)}")
    print(f"unioni:   {len(unioni)}")
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
