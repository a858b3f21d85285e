from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data: the registry of personal fields, export and erasure on request.

    The top layer: it reads and anonymises the other apps' rows, and none of them imports it.
    """

    name = "orders.privacy"
    label = "privacy"
    verbose_name = _("Personal data")
    default_auto_field = "django.db.models.BigAutoField"
