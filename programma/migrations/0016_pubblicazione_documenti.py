"""Reports and national documents: the `pubblicato` checkbox becomes the publication workflow's state.

Until now any writer made a document public by ticking "pubblicato", with or without its file and
with no review. From here a document is `bozza`, `in_revisione` (proposed) or `pubblicato`
(published by a Coordinatore), with the coordinator's `commento` and `pubblicato_il`.

How the old rows map (the live rows and their history rows alike, so that the history does not
show a change nobody made):
- `pubblicato` and a file → `pubblicato`. It was public, and other sites or open-data users may
  link to it: withdrawing it silently would break them. Its `pubblicato_il` is the first moment its
  history shows it ticked with a file; none for a row with no history (rows written in bulk).
- `pubblicato` without a file → `bozza`, with a comment that says why. Not `in_revisione`: a
  document is proposed only with its file, so the region must attach it and propose it again; and
  not `pubblicato`: there was nothing to download (the public section listed an empty item, and
  the counters counted a book nobody could read).
- not `pubblicato` → `bozza`.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

DOCUMENTI = (("Report", "HistoricalReport"), ("DocumentoNazionale", "HistoricalDocumentoNazionale"))
SENZA_FILE = (
    "Era segnato come pubblicato senza il suo file: con il nuovo flusso di pubblicazione è tornato in bozza. "
    "Allega il file e proponilo per la pubblicazione."
)


def _campi(model_name: str) -> list:
    stato = models.CharField(
        choices=[("bozza", "Bozza"), ("in_revisione", "Proposto per la pubblicazione"), ("pubblicato", "Pubblicato")],
        default="bozza",
        max_length=14,
        verbose_name="stato",
    )
    commento = models.TextField(
        max_length=4000,
        blank=True,
        help_text="Il motivo di un rinvio in bozza, o una nota del coordinamento nazionale.",
        verbose_name="commento del coordinamento",
    )
    pubblicato_il = models.DateTimeField(blank=True, null=True, verbose_name="pubblicato il")
    return [
        migrations.AddField(model_name=model_name, name="stato", field=stato),
        migrations.AddField(model_name=model_name, name="commento", field=commento),
        migrations.AddField(model_name=model_name, name="pubblicato_il", field=pubblicato_il),
    ]


def a_stati(apps, schema_editor) -> None:
    for nome, nome_storico in DOCUMENTI:
        modello, storico = apps.get_model("programma", nome), apps.get_model("programma", nome_storico)
        primo_pubblicato = (
            storico.objects.filter(id=OuterRef("pk"), pubblicato=True).exclude(file="").order_by("history_date").values("history_date")[:1]
        )
        modello.objects.filter(pubblicato=True).exclude(file="").update(stato="pubblicato", pubblicato_il=Subquery(primo_pubblicato))
        modello.objects.filter(pubblicato=True, file="").update(stato="bozza", commento=SENZA_FILE)
        storico.objects.filter(pubblicato=True).exclude(file="").update(stato="pubblicato")


def a_caselle(apps, schema_editor) -> None:
    for nome, nome_storico in DOCUMENTI:
        for modello in (apps.get_model("programma", nome), apps.get_model("programma", nome_storico)):
            modello.objects.filter(stato="pubblicato").update(pubblicato=True)


class Migration(migrations.Migration):
    dependencies = [
        ("programma", "0015_stampe_dei_libri"),
    ]

    operations = [
        *[op for nome, nome_storico in DOCUMENTI for m in (nome, nome_storico) for op in _campi(m.lower())],
        migrations.RunPython(a_stati, a_caselle),
        *[
            migrations.RemoveField(model_name=m.lower(), name="pubblicato")
            for nome, nome_storico in DOCUMENTI
            for m in (nome, nome_storico)
        ],
        # The strategic project's comment is the shared workflow's field now (programma.activities.workflow).
        *[
            migrations.AlterField(
                model_name=m,
                name="commento",
                field=models.TextField(
                    blank=True,
                    max_length=4000,
                    help_text="Il motivo di un rinvio in bozza, o una nota del coordinamento nazionale.",
                    verbose_name="commento del coordinamento",
                ),
            )
            for m in ("historicalprogettostrategico", "progettostrategico")
        ],
    ]
