"""Organisations become per region (1/3): the region column, nullable until it is filled."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("regioni", "0002_territorio"),
        ("tavoli", "0002_attivita_regionale"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalorganizzazione",
            name="regione",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="regioni.regione",
                verbose_name="regione",
            ),
        ),
        migrations.AddField(
            model_name="organizzazione",
            name="regione",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organizzazioni",
                to="regioni.regione",
                verbose_name="regione",
            ),
        ),
        migrations.AlterField(
            model_name="historicalorganizzazione",
            name="nome_normalizzato",
            field=models.CharField(editable=False, max_length=250),
        ),
        migrations.AlterField(
            model_name="organizzazione",
            name="nome_normalizzato",
            field=models.CharField(editable=False, max_length=250),
        ),
    ]
