"""The counters stored on approved strategic projects (`ProgettoStrategico.contatori_approvazione`)
gain each unit's singular ("1 regione", not "1 regioni") and lose the count of regions, which is not
a region's own figure. The singulars are written here, as the registry had them on this day."""

from django.db import migrations

SINGOLARI = {
    "enti_coinvolti": "ente",
    "camere_coinvolte": "Camera",
    "tavoli_svolti": "tavolo",
    "partecipanti_tavoli": "partecipante",
    "stakeholder_distinti": "organizzazione",
    "opere_individuate": "opera",
    "opere_livello_1": "opera",
    "opere_pnrr": "opera",
    "eventi_svolti": "evento",
    "seminari_svolti": "seminario",
    "partecipanti_eventi": "partecipante",
    "imprese_bul_5g": "impresa",
    "comuni_raggiunti": "comune",
    "report_pubblicati": "report",
    "report_analisi_pubblicati": "report",
    "libri_bianchi_pubblicati": "report",
    "presentazioni_pubblicate": "presentazione",
    "strategici_approvati": "progetto",
    "strategici_pubblicati": "progetto",
    "tappe_roadshow": "tappa",
    "fasi_completate": "fase",
    "fasi_in_ritardo": "fase",
}


def aggiorna(apps, schema_editor):
    ProgettoStrategico = apps.get_model("programma", "ProgettoStrategico")
    for strategico in ProgettoStrategico.objects.exclude(contatori_approvazione={}).only("pk", "contatori_approvazione"):
        fotografia = strategico.contatori_approvazione or {}
        valori = [v for v in fotografia.get("valori", []) if v.get("chiave") != "regioni_coperte"]
        for voce in valori:
            voce.setdefault("unita_singolare", SINGOLARI.get(voce.get("chiave"), ""))
        fotografia["valori"] = valori
        ProgettoStrategico.objects.filter(pk=strategico.pk).update(contatori_approvazione=fotografia)


class Migration(migrations.Migration):
    dependencies = [
        ("contatori", "0004_limite_errore"),
        ("programma", "0015_stampe_dei_libri"),
    ]

    operations = [migrations.RunPython(aggiorna, migrations.RunPython.noop)]
