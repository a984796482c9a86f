"""Errors of an import become rows (ErroreImportazione) instead of one JSON value.

A file of a million bad rows stored a JSON value of gigabytes that every page of the import loaded.
The existing values are moved in the database itself (no Python ever holds a huge one), keeping
the first IMPORT_MAX_ERRORS of each import; the bad rows beyond them are counted.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SPOSTA = {
    "postgresql": """
        INSERT INTO programma_erroreimportazione (importazione_id, riga, colonna, valore, motivo)
        SELECT i.id,
               GREATEST(COALESCE((e.value ->> 'riga')::bigint, 0), 0),
               left(COALESCE(e.value ->> 'colonna', ''), 100),
               left(COALESCE(e.value ->> 'valore', ''), 200),
               left(COALESCE(e.value ->> 'motivo', ''), 500)
        FROM programma_importazione i
        CROSS JOIN LATERAL jsonb_array_elements(i.errori) WITH ORDINALITY AS e(value, n)
        WHERE jsonb_typeof(i.errori) = 'array' AND e.n <= %s
        ORDER BY i.id, e.n
    """,
    "sqlite": """
        INSERT INTO programma_erroreimportazione (importazione_id, riga, colonna, valore, motivo)
        SELECT i.id,
               max(COALESCE(json_extract(e.value, '$.riga'), 0), 0),
               substr(COALESCE(json_extract(e.value, '$.colonna'), ''), 1, 100),
               substr(COALESCE(json_extract(e.value, '$.valore'), ''), 1, 200),
               substr(COALESCE(json_extract(e.value, '$.motivo'), ''), 1, 500)
        FROM programma_importazione i, json_each(i.errori) e
        WHERE json_type(i.errori) = 'array' AND e.key < %s
        ORDER BY i.id, e.key
    """,
}
CONTA_NON_ELENCATE = """
    UPDATE programma_importazione SET righe_non_elencate = righe_errate - (
        SELECT COUNT(DISTINCT e.riga) FROM programma_erroreimportazione e WHERE e.importazione_id = programma_importazione.id
    )
    WHERE righe_errate > (
        SELECT COUNT(DISTINCT e.riga) FROM programma_erroreimportazione e WHERE e.importazione_id = programma_importazione.id
    )
"""


def sposta_errori(apps, schema_editor):
    connection = schema_editor.connection
    massimo = settings.IMPORT_MAX_ERRORS
    sql = SPOSTA.get(connection.vendor)
    if sql is not None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [massimo])
    else:  # another database: one import at a time in Python
        Importazione = apps.get_model("programma", "Importazione")
        ErroreImportazione = apps.get_model("programma", "ErroreImportazione")
        for pk in Importazione.objects.exclude(errori=[]).values_list("pk", flat=True).iterator():
            errori = Importazione.objects.values_list("errori", flat=True).get(pk=pk) or []
            ErroreImportazione.objects.bulk_create(
                ErroreImportazione(
                    importazione_id=pk,
                    riga=max(int(e.get("riga") or 0), 0),
                    colonna=str(e.get("colonna", ""))[:100],
                    valore=str(e.get("valore", ""))[:200],
                    motivo=str(e.get("motivo", ""))[:500],
                )
                for e in errori[:massimo]
            )
    with connection.cursor() as cursor:
        cursor.execute(CONTA_NON_ELENCATE)


def ripristina_errori(apps, schema_editor):
    Importazione = apps.get_model("programma", "Importazione")
    ErroreImportazione = apps.get_model("programma", "ErroreImportazione")
    per_importazione: dict[int, list[dict]] = {}
    for e in ErroreImportazione.objects.order_by("importazione_id", "riga", "pk").iterator():
        per_importazione.setdefault(e.importazione_id, []).append(
            {"riga": e.riga, "colonna": e.colonna, "valore": e.valore, "motivo": e.motivo}
        )
    for pk, errori in per_importazione.items():
        Importazione.objects.filter(pk=pk).update(errori=errori)


class Migration(migrations.Migration):
    dependencies = [
        ("programma", "0006_allegati_sospesi"),
    ]

    operations = [
        migrations.CreateModel(
            name="ErroreImportazione",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("riga", models.PositiveIntegerField(verbose_name="riga")),
                ("colonna", models.CharField(blank=True, max_length=100, verbose_name="colonna")),
                ("valore", models.CharField(blank=True, max_length=200, verbose_name="valore")),
                ("motivo", models.CharField(max_length=500, verbose_name="motivo")),
                (
                    "importazione",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="errori", to="programma.importazione"
                    ),
                ),
            ],
            options={
                "verbose_name": "errore di un'importazione",
                "verbose_name_plural": "errori delle importazioni",
                "ordering": ["importazione", "riga", "pk"],
                "indexes": [models.Index(fields=["importazione", "riga"], name="programma_e_importa_f313a4_idx")],
            },
        ),
        migrations.AddField(
            model_name="importazione",
            name="righe_non_elencate",
            field=models.PositiveIntegerField(default=0, verbose_name="righe con errori non elencate"),
        ),
        migrations.AddField(
            model_name="importazione",
            name="ultimo_segnale",
            field=models.DateTimeField(blank=True, null=True, verbose_name="ultimo segno di attività"),
        ),
        migrations.RunPython(sposta_errori, ripristina_errori),
        migrations.RemoveField(model_name="importazione", name="errori"),
    ]
