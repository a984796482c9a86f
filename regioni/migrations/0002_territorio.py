from django.db import migrations

from regioni.territorio import carica_territorio


def carica(apps, schema_editor):
    carica_territorio(apps)


class Migration(migrations.Migration):
    dependencies = [("regioni", "0001_initial")]

    operations = [migrations.RunPython(carica, migrations.RunPython.noop)]
