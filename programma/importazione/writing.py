"""Bulk writes of validated rows: classify against the database, then write in a few statements.

PostgreSQL: COPY straight into the works table (new rows) and into a temporary table joined
by an UPDATE (changed rows); the province links by COPY too. Other databases: bulk_create /
bulk_update in batches. Never one query per row. Callers wrap this in one transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db import DatabaseError, connection, transaction

from programma.importazione.fileformat import COLONNE
from programma.importazione.models import Importazione, ValorePrecedente
from programma.importazione.validation import I, Riga
from programma.models import OperaPrioritaria

Opera = OperaPrioritaria
Through = OperaPrioritaria.province.through
# Columns written to the works table, in COLONNE order, without the M2M.
CAMPI_TABELLA: tuple[str, ...] = tuple(c for c in COLONNE if c != "province")
COLONNE_DB: dict[str, str] = {c: Opera._meta.get_field(c).column for c in CAMPI_TABELLA}
COLONNE_TABELLA_DB: tuple[str, ...] = tuple(COLONNE_DB[c] for c in CAMPI_TABELLA)
T = TypeVar("T")
LOTTO = 500  # SQLite's variable limit is the tight one
SOGLIA_CARICO_MASSIVO = 20_000  # new rows from which foreign keys are validated once at the end


def postgres() -> bool:
    return connection.vendor == "postgresql"


def _lotti(elementi: list, dimensione: int = LOTTO) -> Iterator[list]:
    for i in range(0, len(elementi), dimensione):
        yield elementi[i : i + dimensione]


@dataclass
class Modifica:
    riga: Riga
    opera_id: int
    precedenti: dict[str, Any]  # column -> previous value, for the undo
    cambiate: list[str]
    province_cambiate: bool


@dataclass
class Classificazione:
    # The file's valid rows by column (Analisi.numeri, Analisi.colonne); the new ones by index.
    numeri: list[int] = field(default_factory=list)
    colonne: list[list[Any]] = field(default_factory=list)
    indici_nuove: list[int] = field(default_factory=list)
    modificate: list[Modifica] = field(default_factory=list)
    invariate: list[Riga] = field(default_factory=list)

    def riga(self, i: int) -> Riga:
        return Riga(self.numeri[i], [colonna[i] for colonna in self.colonne])

    @property
    def nuove(self) -> list[Riga]:
        return list(map(self.riga, self.indici_nuove))

    def colonne_nuove(self) -> list[list[Any]]:
        """The new rows by column (the file's own columns when every row is new: a first load)."""
        if len(self.indici_nuove) == len(self.numeri):
            return self.colonne
        prendi = [colonna.__getitem__ for colonna in self.colonne]
        return [list(map(p, self.indici_nuove)) for p in prendi]


def classifica(numeri: list[int], colonne: list[list[Any]], presenti: tuple[str, ...]) -> Classificazione:
    """New, changed or unchanged, against the current rows fetched in one query (by codice)."""
    confrontati = [c for c in presenti if c not in ("codice", "province")]
    con_province = "province" in presenti
    codici = colonne[I["codice"]] if colonne else []
    attuali = _attuali(codici, confrontati, con_province)
    esito = Classificazione(numeri, colonne)
    if attuali.keys().isdisjoint(codici):  # all new: nothing to compare row by row
        esito.indici_nuove = list(range(len(numeri)))
        return esito
    posizioni = [(c, I[c]) for c in confrontati]
    i_province = I["province"]
    for i, codice in enumerate(codici):
        attuale = attuali.get(codice)
        if attuale is None:
            esito.indici_nuove.append(i)
            continue
        riga = esito.riga(i)
        opera_id, valori_attuali, province_attuali = attuale
        cambiate = [c for (c, k), vecchio in zip(posizioni, valori_attuali) if riga.valori[k] != vecchio]
        province_cambiate = con_province and tuple(sorted(province_attuali)) != riga.valori[i_province]
        if not cambiate and not province_cambiate:
            esito.invariate.append(riga)
            continue
        precedenti = {c: vecchio for (c, _i), vecchio in zip(posizioni, valori_attuali) if c in cambiate}
        if province_cambiate:
            precedenti["province"] = sorted(province_attuali)
            cambiate.append("province")
        esito.modificate.append(Modifica(riga, opera_id, precedenti, cambiate, province_cambiate))
    return esito


def _attuali(codici: list[str], campi: list[str], con_province: bool) -> dict[str, tuple[int, list[Any], list[int]]]:
    colonne = ["id", "codice", *(COLONNE_DB[c] for c in campi)]
    trovate: dict[str, tuple[int, list[Any], list[int]]] = {}
    if postgres():
        tabella = Opera._meta.db_table
        with connection.cursor() as cursor:
            stimate = _righe_stimate(cursor, tabella)
            righe: list[tuple[Any, ...]] = []
            if stimate * 10 < len(codici):
                # A table much smaller than the file (a first load): read whole rather than sent 200,000 codici.
                cursor.execute(f"SELECT {', '.join(colonne)} FROM {tabella}")
                cercati = set(codici)
                righe = [r for r in cursor.fetchall() if r[1] in cercati]
                codici = []
            elif stimate < len(codici):
                # Smaller than the file: only its codici are read, and the rows to compare are fetched
                # for the codici in both, often none (a load of new works).
                cursor.execute(f"SELECT codice FROM {tabella}")
                codici = list(set(codici).intersection(c for (c,) in cursor.fetchall()))
            if codici:
                elenco = "\n".join(codici)
                if elenco.count("\n") == len(codici) - 1:
                    # One text split by the server: psycopg quotes a 100,000-item array param item by item.
                    confronto, parametro = "ANY(string_to_array(%s, E'\\n'))", elenco
                else:  # a codice with a newline in it
                    confronto, parametro = "ANY(%s)", codici
                cursor.execute(f"SELECT {', '.join(colonne)} FROM {tabella} WHERE codice = {confronto}", [parametro])
                righe = cursor.fetchall()
        for opera_id, codice, *valori in righe:
            trovate[codice] = (opera_id, valori, [])
    else:
        nomi = ["pk", "codice", *(f"{c}_id" if c == "regione" else c for c in campi)]
        for lotto in _lotti(codici):
            for opera_id, codice, *valori in Opera.objects.filter(codice__in=lotto).values_list(*nomi):
                trovate[codice] = (opera_id, valori, [])
    if con_province and trovate:
        per_id = {v[0]: v[2] for v in trovate.values()}
        for opera_id, provincia_id in _province_di(list(per_id)):
            per_id[opera_id].append(provincia_id)
    return trovate


def _righe_stimate(cursor: Any, tabella: str) -> float:
    """The planner's estimate of a table's rows, from its size: no count of the whole table."""
    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {tabella}")
    return cursor.fetchone()[0][0]["Plan"]["Plan Rows"]


def _province_di(ids: list[int]) -> Iterable[tuple[int, int]]:
    if postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT operaprioritaria_id, provincia_id FROM {Through._meta.db_table} WHERE operaprioritaria_id = ANY(%s)",
                [ids],
            )
            return cursor.fetchall()
    return [
        coppia
        for lotto in _lotti(ids)
        for coppia in Through.objects.filter(operaprioritaria_id__in=lotto).values_list("operaprioritaria_id", "provincia_id")
    ]


def blocca_tabella() -> None:
    """Serialise imports against other writes to works, so the classification stays true until commit."""
    if postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Opera._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")


@contextlib.contextmanager
def vincoli_sospesi(attivi: bool, nuove: int = 0) -> Iterator[None]:
    """For a large load on PostgreSQL: drop the foreign keys of (and to) the works and province-link
    tables, and the primary key, unique constraints and secondary indexes of a table the load at
    least doubles, and add them back at the end. PostgreSQL then validates each key with one join
    instead of checking 500,000 rows one by one, and builds each index with one sort instead of
    500,000 insertions (the classic bulk-load technique: it halves the time spent inside PostgreSQL;
    even the primary keys, whose ids come in order, cost 0.7 s of insertions and 0.2 s to build).

    It runs inside the import's transaction: a failure puts everything back (a duplicate would fail
    the unique constraint when it is added back, and roll back the whole import), and other sessions
    wait for the few seconds of the load. Without ownership of the tables, rows are checked as usual.
    """
    if not (attivi and postgres()):
        yield
        return
    tabelle = [Opera._meta.db_table, Through._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(
            # Those of other tables that refer to these too (a tavolo's discussed works...): they
            # depend on the primary key, and are checked again in one join each, on small tables.
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND (conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[]))",
            [tabelle, tabelle],
        )
        vincoli = cursor.fetchall()
        # Rebuilt only where the load outweighs what is there: re-sorting a large table for a small
        # load would cost more than the insertions it saves. reltuples is the planner's estimate.
        cursor.execute(
            "SELECT c.relname FROM pg_class c WHERE c.oid = ANY(%s::regclass[]) AND c.reltuples < %s",
            [tabelle, nuove],
        )
        da_ricostruire = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            # Primary keys and unique constraints too: the table lock keeps the classification by
            # codice true, and adding a constraint back checks it over the whole table in one sort.
            # (Every foreign key that refers to one is in `vincoli`, added back after it.)
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype IN ('u', 'p') AND conrelid::regclass::text = ANY(%s) "
            "ORDER BY contype",  # the primary key first, as Django created it
            [da_ricostruire],
        )
        unici = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            # A partial index stays: it holds few rows (works with a project, with a tavolo), and
            # building it again would scan the whole table for them.
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary AND NOT i.indisunique AND i.indpred IS NULL",
            [da_ricostruire],
        )
        indici = cursor.fetchall()
        try:
            with transaction.atomic():
                for tabella, nome, _definizione in [*vincoli, *unici]:
                    cursor.execute(f'ALTER TABLE {tabella} DROP CONSTRAINT "{nome}"')
                for nome, _definizione in indici:
                    cursor.execute(f"DROP INDEX {nome}")
        except DatabaseError:
            vincoli, unici, indici = [], [], []
    yield
    with connection.cursor() as cursor:
        for _nome, definizione in indici:
            cursor.execute(definizione)
        for tabella, nome, definizione in unici:
            cursor.execute(f'ALTER TABLE {tabella} ADD CONSTRAINT "{nome}" {definizione}')
        # Each key is checked by a join planned on the statistics from before the load: a column
        # that was all NULL (the works' edition, before the import set it) looks like one row, and a
        # nested loop planned for one row ran 200,000 times (0.2 s). Hash joins for the loaded
        # tables' keys; the planner's choice for the small tables that refer to the works.
        for caricata, nestloop in ((True, "off"), (False, "DEFAULT")):
            cursor.execute(f"SET LOCAL enable_nestloop = {nestloop}")
            for tabella, nome, definizione in vincoli:
                if (tabella in tabelle) == caricata:
                    cursor.execute(f'ALTER TABLE {tabella} ADD CONSTRAINT "{nome}" {definizione}')


def scrivi(classificazione: Classificazione, presenti: tuple[str, ...], importazione: Importazione) -> None:
    """Write the new and changed rows, and what the undo needs. Call inside transaction.atomic."""
    con_province = "province" in presenti
    if classificazione.indici_nuove:
        nuove = len(classificazione.indici_nuove)
        with vincoli_sospesi(nuove >= SOGLIA_CARICO_MASSIVO, nuove):
            ids = _inserisci(classificazione.colonne_nuove(), con_province)
        importazione.opere_create = Importazione.intervalli(ids)
    if classificazione.modificate:
        campi = [c for c in presenti if c not in ("codice", "province")]
        _aggiorna(classificazione.modificate, campi)
        cambiano_province = [m for m in classificazione.modificate if m.province_cambiate]
        if cambiano_province:
            _sostituisci_province([(m.opera_id, m.riga.valori[I["province"]]) for m in cambiano_province])
        ValorePrecedente.objects.bulk_create(
            (
                ValorePrecedente(importazione=importazione, opera_id=m.opera_id, valori=_json(m.precedenti))
                for m in classificazione.modificate
            ),
            batch_size=2000,
        )


def _inserisci(colonne: list[list[Any]], con_province: bool) -> list[int]:
    """Insert the new works, given by column; their ids, in the same order."""
    codici = colonne[I["codice"]]
    if postgres():
        ids = _riserva_ids(len(codici))
        province = colonne[I["province"]]
        # The links' COPY text is built while PostgreSQL takes in the last of the works' rows.
        testi = _copia_opere(ids, colonne, mentre_finisce=lambda: _testi_collegamenti(ids, province) if con_province else [])
        if testi:
            _copia_collegamenti(testi)
        return ids
    Opera.objects.bulk_create(
        (Opera(**dict(zip(COLONNE_TABELLA_DB, valori))) for valori in zip(*(colonne[I[c]] for c in CAMPI_TABELLA))),
        batch_size=LOTTO,
    )
    per_codice = {}
    for lotto in _lotti(codici):
        per_codice.update(Opera.objects.filter(codice__in=lotto).values_list("codice", "pk"))
    ids = list(map(per_codice.__getitem__, codici))
    if con_province:
        _collega_province(ids, colonne[I["province"]])
    return ids


def _riserva_ids(n: int) -> list[int]:
    """n consecutive ids from the table's own sequence, in one statement (not n nextval calls).

    The import holds the table lock, so no other insert can draw from the sequence meanwhile; a
    direct nextval elsewhere would at worst make the COPY fail on the primary key, never corrupt.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(s, nextval(s) + %s - 1) FROM pg_get_serial_sequence(%s, 'id') AS s",
            [n, Opera._meta.db_table],
        )
        ultimo = cursor.fetchone()[0]
    return list(range(ultimo - n + 1, ultimo + 1))


# COPY text format: NULL is \N; backslash, tab, newline and carriage return are escaped.
NULL_COPY = "\\N"
_ESCAPE_COPY = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
LOTTO_COPY = 10_000  # rows per write: psycopg sends one chunk while the next is built


_NULL_DA_STR = {"None": NULL_COPY}


def _colonna_copy(campo: str, valori: Sequence[Any]) -> Sequence[str]:
    """A column's values as COPY text, converted by the field's type rather than value by value."""
    tipo = Opera._meta.get_field(campo).get_internal_type()
    if tipo in ("CharField", "TextField") and not Opera._meta.get_field(campo).choices:
        # Validated text is never None; escape only a column that needs it (one scan of the whole).
        return [v.translate(_ESCAPE_COPY) for v in valori] if _da_escape("".join(valori)) else valori
    if tipo == "DecimalField":  # amounts: mostly different from row to row
        testi = list(map(str, valori))
        # No amount reads "None": str(None) is where the value was None. (Looked for among the texts:
        # `None in valori` would compare each Decimal with None through the numbers ABCs.)
        return list(map(_NULL_DA_STR.get, testi, testi)) if "None" in testi else testi
    # Choices, numbers, ids, booleans, dates: few distinct values, each converted once.
    testo = {v: _testo_copy(v) for v in set(valori)}
    return list(map(testo.__getitem__, valori))


def _testo_copy(valore: Any) -> str:
    if valore is None:
        return NULL_COPY
    if valore is True or valore is False:
        return "t" if valore else "f"
    return str(valore).translate(_ESCAPE_COPY)


def _da_escape(testo: str) -> bool:
    return "\\" in testo or "\t" in testo or "\n" in testo or "\r" in testo


def _copia_opere(ids: list[int], colonne: list[list[Any]], mentre_finisce: Callable[[], T]) -> T:
    """COPY the new works: the payload is built column by column and sent in large chunks. After the
    last chunk, `mentre_finisce` runs before the COPY is closed, that is while PostgreSQL is still
    taking in the rows the socket holds (a tenth of a second at 200,000 rows); its result is returned."""
    tabella = Opera._meta.db_table
    testi = [list(map(str, ids)), *(_colonna_copy(c, colonne[I[c]]) for c in CAMPI_TABELLA)]
    sql = f"COPY {tabella} (id, {', '.join(COLONNE_TABELLA_DB)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copia:
        for inizio in range(0, len(ids), LOTTO_COPY):
            fine = inizio + LOTTO_COPY
            righe_testo = map("\t".join, zip(*(t[inizio:fine] for t in testi)))
            copia.write("\n".join(righe_testo) + "\n")
        risultato = mentre_finisce()
    return risultato


def _testi_collegamenti(ids: Sequence[int], province: Sequence[tuple[int, ...]]) -> list[str]:
    """The links' COPY text, a string per work: one template per distinct tuple of provinces
    ('{0}\t5\n{0}\t7\n'), filled with each work's id by str.format, without a Python step per link."""
    modelli = {voci: "".join(f"{{0}}\t{pk}\n" for pk in voci) for voci in set(province)}
    return list(map(str.format, map(modelli.__getitem__, province), ids))


def _copia_collegamenti(testi: list[str]) -> None:
    with connection.cursor() as cursor:
        sql = f"COPY {Through._meta.db_table} (operaprioritaria_id, provincia_id) FROM STDIN"
        with cursor.cursor.copy(sql) as copia:
            for inizio in range(0, len(testi), LOTTO_COPY):
                copia.write("".join(testi[inizio : inizio + LOTTO_COPY]))


def _collega_province(ids: Sequence[int], province: Sequence[tuple[int, ...]]) -> None:
    """Link each work (ids) to its provinces (a tuple of province ids per work)."""
    if postgres():
        _copia_collegamenti(_testi_collegamenti(ids, province))
    else:
        Through.objects.bulk_create(
            (Through(operaprioritaria_id=o, provincia_id=p) for o, voci in zip(ids, province) for p in voci), batch_size=LOTTO
        )


def _sostituisci_province(nuove: list[tuple[int, tuple[int, ...]]]) -> None:
    ids = [opera_id for opera_id, _p in nuove]
    for lotto in _lotti(ids, 5000):
        Through.objects.filter(operaprioritaria_id__in=lotto).delete()
    _collega_province(ids, [province for _o, province in nuove])


def _aggiorna(modifiche: list[Modifica], campi: list[str]) -> None:
    if not campi:
        return
    if postgres():
        tabella = Opera._meta.db_table
        colonne = [COLONNE_DB[c] for c in campi]
        posizioni = [I[c] for c in campi]
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE opere_da_importare ON COMMIT DROP AS SELECT id, {', '.join(colonne)} FROM {tabella} LIMIT 0"
            )
            with cursor.cursor.copy(f"COPY opere_da_importare (id, {', '.join(colonne)}) FROM STDIN") as copia:
                for m in modifiche:
                    valori = m.riga.valori
                    copia.write_row([m.opera_id, *(valori[i] for i in posizioni)])
            assegnazioni = ", ".join(f"{c} = s.{c}" for c in colonne)
            cursor.execute(f"UPDATE {tabella} AS o SET {assegnazioni} FROM opere_da_importare AS s WHERE o.id = s.id")
            cursor.execute("DROP TABLE opere_da_importare")
    else:
        oggetti = [
            Opera(pk=m.opera_id, **{COLONNE_DB[c]: m.riga.valori[I[c]] for c in campi}) for m in modifiche
        ]
        Opera.objects.bulk_update(oggetti, [COLONNE_DB[c] for c in campi], batch_size=LOTTO)


def _json(valori: dict[str, Any]) -> dict[str, Any]:
    def converti(v: Any) -> Any:
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, dt.date):
            return v.isoformat()
        return v

    return {k: converti(v) for k, v in valori.items()}


def ripristina(importazione: Importazione) -> tuple[int, int]:
    """Undo: delete the works the import created, put back the values it replaced. Inside atomic."""
    ids = list(importazione.ids_creati)
    eliminate = 0
    for lotto in _lotti(ids, 1000):
        # Through the ORM on purpose: links from tavoli and the history follow the deletion.
        eliminate += Opera.objects.filter(pk__in=lotto).delete()[1].get(Opera._meta.label, 0)
    precedenti = list(importazione.valori_precedenti.values_list("opera_id", "valori"))
    per_campi: dict[tuple[str, ...], list[Opera]] = {}
    province: list[tuple[int, tuple[int, ...]]] = []
    esistenti = set()
    for lotto in _lotti([o for o, _v in precedenti], 5000):
        esistenti.update(Opera.objects.filter(pk__in=lotto).values_list("pk", flat=True))
    for opera_id, valori in precedenti:
        if opera_id not in esistenti:
            continue  # deleted by hand since the import: nothing to restore
        valori = dict(valori)
        if "province" in valori:
            province.append((opera_id, tuple(valori.pop("province"))))
        campi = tuple(sorted(valori))
        if campi:
            opera = Opera(pk=opera_id)
            for campo, valore in valori.items():
                modello_campo = Opera._meta.get_field(campo)
                setattr(opera, modello_campo.attname, modello_campo.to_python(valore))
            per_campi.setdefault(campi, []).append(opera)
    for campi, oggetti in per_campi.items():
        Opera.objects.bulk_update(oggetti, [Opera._meta.get_field(c).attname for c in campi], batch_size=LOTTO)
    if province:
        _sostituisci_province(province)
    return eliminate, len([1 for o, _v in precedenti if o in esistenti])
