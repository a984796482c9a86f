from django.db import migrations, models


def in_intervalli(apps, schema_editor):
    """The created works' ids of each import as [first, last] runs (Importazione.intervalli)."""
    Importazione = apps.get_model("programma", "Importazione")
    for importazione in Importazione.objects.exclude(ids_creati=[]).only("pk", "ids_creati").iterator(chunk_size=100):
        intervalli: list[list[int]] = []
        for pk in sorted(importazione.ids_creati):
            if intervalli and pk == intervalli[-1][1] + 1:
                intervalli[-1][1] = pk
            else:
                intervalli.append([pk, pk])
        Importazione.objects.filter(pk=importazione.pk).update(opere_create=intervalli)


def in_elenco(apps, schema_editor):
    Importazione = apps.get_model("programma", "Importazione")
    for importazione in Importazione.objects.exclude(opere_create=[]).only("pk", "opere_create").iterator(chunk_size=100):
        ids = [pk for primo, ultimo in importazione.opere_create for pk in range(primo, ultimo + 1)]
        Importazione.objects.filter(pk=importazione.pk).update(ids_creati=ids)


class Migration(migrations.Migration):

    dependencies = [
        ("programma", "0012_indici_carico_opere"),
    ]

    operations = [
        migrations.AddField(
            model_name="importazione",
            name="opere_create",
            field=models.JSONField(blank=True, default=list, verbose_name="opere create (intervalli di id)"),
        ),
        migrations.RunPython(in_intervalli, in_elenco),
        migrations.RemoveField(
            model_name="importazione",
            name="ids_creati",
        ),
    ]
