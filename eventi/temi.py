from typing import Any

TEMI = [
    ("bul", "Banda ultralarga (BUL)"),
    ("5g", "5G"),
    ("digitale", "Digitale"),
    ("trasporti", "Trasporti"),
    ("logistica", "Logistica"),
    ("energia", "Energia"),
]


def crea_temi(apps: Any) -> None:
    Tema = apps.get_model("eventi", "Tema")
    for codice, nome in TEMI:
        Tema.objects.update_or_create(codice=codice, defaults={"nome": nome})
