"""Files a user attached to a form the server then rejected: kept so the user need not attach them again."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_SALE = "programma.allegato-sospeso"


class AllegatoSospesoQuerySet(models.QuerySet):
    def scaduti(self, *, ore: int | None = None) -> AllegatoSospesoQuerySet:
        ore = settings.ALLEGATI_SOSPESI_ORE if ore is None else ore
        return self.filter(creato_il__lt=timezone.now() - dt.timedelta(hours=ore))

    def da_gettone(self, gettone: str, utente: object) -> AllegatoSospeso | None:
        """The pending file a form's token names, only for the user who uploaded it."""
        try:
            pk = signing.loads(gettone, salt=_SALE, max_age=settings.ALLEGATI_SOSPESI_ORE * 3600)
        except signing.BadSignature:
            return None
        return self.filter(pk=pk, utente=utente).first()


class AllegatoSospeso(models.Model):
    """Stored outside MEDIA_URL like every upload; deleted on save, or by a periodic task."""

    utente = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="sospesi/%Y/%m/")
    nome = models.CharField(max_length=255)
    creato_il = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AllegatoSospesoQuerySet.as_manager()

    class Meta:
        verbose_name = _("allegato in sospeso")
        verbose_name_plural = _("allegati in sospeso")

    def __str__(self) -> str:
        return self.nome

    @property
    def gettone(self) -> str:
        return signing.dumps(self.pk, salt=_SALE)

    def elimina(self) -> None:
        self.file.delete(save=False)
        self.delete()
