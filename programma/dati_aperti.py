"""The open data's licence and attribution, written once for every dataset, API and catalogue.

Everything the programme publishes as data (counters, documents, works, events) is released under
CC BY 4.0: anyone may reuse it, citing the source as `attribuzione()` says. The datasets and APIs
carry it in their body where the format has room for it (JSON, iCalendar, the DCAT catalogue) and
in a `Link: <…>; rel="license"` header everywhere (RFC 8288's registered relation), CSV included;
`dato_aperto` sets it with the CORS header every open-data body carries.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

LICENZA_NOME = "CC BY 4.0"
LICENZA_TITOLO = "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)"
LICENZA_URL = "https://creativecommons.org/licenses/by/4.0/deed.it"
# The EU's licence vocabulary, which DCAT-AP asks catalogues to use.
LICENZA_EU = "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"


def attribuzione() -> str:
    """How a reuser cites the data (CC BY asks for the source and the licence)."""
    return _("Fonte: %(titolare)s, Programma Infrastrutture delle Camere di commercio. Dati rilasciati con licenza %(licenza)s.") % {
        "titolare": settings.DATI_TITOLARE,
        "licenza": LICENZA_NOME,
    }


def licenza() -> dict[str, Any]:
    """The licence as a JSON body carries it (beside the documented keys, never instead of them)."""
    return {"nome": LICENZA_TITOLO, "sigla": LICENZA_NOME, "url": LICENZA_URL, "attribuzione": attribuzione()}


def dato_aperto(response: HttpResponse) -> HttpResponse:
    """The headers of every open-data body, whatever its format: the licence (a CSV has nowhere else
    to say it), and any site may read it from a browser (CORS: public, read-only, no credentials)."""
    response["Link"] = f'<{LICENZA_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
