from django.db import migrations

from eventi.temi import crea_temi


def carica(apps, schema_editor):
    crea_temi(apps)


class Migration(migrations.Migration):
    dependencies = [("eventi", "0002_initial")]

    operations = [migrations.RunPython(carica, migrations.RunPython.noop)]
