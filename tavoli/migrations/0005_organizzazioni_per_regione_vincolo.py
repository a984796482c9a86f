"""Organisations become per region (3/3): every one has a region, one name per region."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("tavoli", "0004_organizzazioni_per_regione_dati"),
    ]

    operations = [
        migrations.AlterField(
            model_name="organizzazione",
            name="regione",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organizzazioni",
                to="regioni.regione",
                verbose_name="regione",
            ),
        ),
        migrations.AddConstraint(
            model_name="organizzazione",
            constraint=models.UniqueConstraint(
                fields=("regione", "nome_normalizzato"), name="organizzazione_unica_per_regione"
            ),
        ),
    ]
