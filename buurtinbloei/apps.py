from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuurtInBloeiConfig(AppConfig):
    name = "buurtinbloei"
    verbose_name = _("Buurt in Bloei")

    def ready(self) -> None:
        from . import (
            accounts,  # noqa: F401  (connects the audit signal receivers)
            sessions,  # noqa: F401  (remembers the moment of login)
        )
