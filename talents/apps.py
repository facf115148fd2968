from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentsConfig(AppConfig):
    name = "talents"
    verbose_name = _("Talenten en inwoners")

    def ready(self) -> None:
        # The core's seed_demo runs the seeders apps register; the core never imports apps.
        from buurtinbloei.demo import SEEDERS

        from .demo import seed

        if seed not in SEEDERS:
            SEEDERS.append(seed)
