from typing import Any

from django.http import HttpRequest

from regioni.scoping import ambito_di


def ambito(request: HttpRequest) -> dict[str, Any]:
    """The header shows the user's role and region; navigation depends on the role."""
    return {"ambito": ambito_di(getattr(request, "user", None))}
