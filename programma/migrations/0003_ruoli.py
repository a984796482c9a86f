from django.contrib.auth.management import create_permissions
from django.db import migrations

from regioni.ruoli import sincronizza_ruoli


def crea_ruoli(apps, schema_editor):
    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sincronizza_ruoli(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programma", "0002_initial"),
        ("tavoli", "0001_initial"),
        ("eventi", "0003_temi"),
        ("regioni", "0002_territorio"),
    ]

    operations = [migrations.RunPython(crea_ruoli, migrations.RunPython.noop)]
