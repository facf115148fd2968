from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentsConfig(AppConfig):
    name = "talents"
    verbose_name = _("Talenten en inwoners")
