from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace site")

    def ready(self) -> None:
        from marketplace.csv_export import wagtail_exports_neutralised

        wagtail_exports_neutralised()

        from marketplace.notifications.requeue import NOTIFICATIONS
        from marketplace.pending_work import pending_work_register

        pending_work_register(NOTIFICATIONS)

        from marketplace.exports.services import EXPORTS

        pending_work_register(EXPORTS)

        from marketplace.translations import connect_locale_cache_reset

        connect_locale_cache_reset()

        from marketplace.serving import connect_record_upkeep

        connect_record_upkeep()

        from marketplace.search_index_upkeep import connect_search_index_upkeep

        connect_search_index_upkeep()
