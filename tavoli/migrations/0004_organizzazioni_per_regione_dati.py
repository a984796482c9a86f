"""Organisations become per region (2/3): each gets the region of its tavoli.

Each existing organisation goes to the region of the tavoli that list it; one listed in several
regions is copied once per further region and those regions' tavoli point to their copy, with the
same name and category. One listed by no tavolo belongs to no region and is dropped: it was only
a name left behind by an edited or deleted tavolo.
"""

from django.db import migrations


def assegna_regioni(apps, schema_editor) -> None:
    Organizzazione = apps.get_model("tavoli", "Organizzazione")
    Partecipazione = apps.get_model("tavoli", "TavoloConfronto").organizzazioni.through
    regioni_per_org: dict[int, set[int]] = {}
    for org_id, regione_id in Partecipazione.objects.values_list(
        "organizzazione_id", "tavoloconfronto__progetto__regione_id"
    ).distinct():
        regioni_per_org.setdefault(org_id, set()).add(regione_id)
    for org in Organizzazione.objects.filter(pk__in=regioni_per_org).iterator():
        prima, *altre = sorted(regioni_per_org[org.pk])
        for regione_id in altre:
            copia = Organizzazione.objects.create(
                regione_id=regione_id, nome=org.nome, nome_normalizzato=org.nome_normalizzato, categoria=org.categoria
            )
            Partecipazione.objects.filter(
                organizzazione_id=org.pk, tavoloconfronto__progetto__regione_id=regione_id
            ).update(organizzazione_id=copia.pk)
        org.regione_id = prima
        org.save(update_fields=["regione"])
    Organizzazione.objects.filter(regione__isnull=True).delete()


def riunisci(apps, schema_editor) -> None:
    """Backwards: one organisation per name again, keeping the first region's row."""
    Organizzazione = apps.get_model("tavoli", "Organizzazione")
    Partecipazione = apps.get_model("tavoli", "TavoloConfronto").organizzazioni.through
    tenute: dict[str, int] = {}
    for org in Organizzazione.objects.order_by("regione_id", "pk").iterator():
        tenuta = tenute.setdefault(org.nome_normalizzato, org.pk)
        if tenuta != org.pk:
            gia = set(Partecipazione.objects.filter(organizzazione_id=tenuta).values_list("tavoloconfronto_id", flat=True))
            Partecipazione.objects.filter(organizzazione_id=org.pk).exclude(tavoloconfronto_id__in=gia).update(
                organizzazione_id=tenuta
            )
            org.delete()


class Migration(migrations.Migration):
    # Its own migration, so its own transaction: on PostgreSQL the deferred foreign-key checks of
    # these updates must be over before the next migration alters the table.

    dependencies = [
        ("programma", "0001_initial"),
        ("tavoli", "0003_organizzazioni_per_regione"),
    ]

    operations = [migrations.RunPython(assegna_regioni, riunisci)]
