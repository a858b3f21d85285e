from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        # Imported here, not at the top: they import models, which apps.py must not load.
        from wagtail.signals import page_published

        from catalog.home import home_featured_context
        from catalog.listing_summary import listing_summary_on_publish
        from catalog.notifications import NOTIFICATION_EVENTS
        from catalog.page_cache_tags import publish_tags
        from marketplace import page_cache
        from marketplace.home import home_context_register
        from marketplace.notifications.registry import notification_events_register

        # The listing summary first: when the page cache's tags move, the summary already
        # holds the card's new photo and price (a publish outside a transaction runs the
        # "after commit" bump at once), so no card is kept from the old summary.
        page_published.connect(listing_summary_on_publish, dispatch_uid="listing-summary")
        page_cache.publish_tags_register(publish_tags)
        page_cache.connect_publish_invalidation()
        from catalog.models import ProductPage

        # A product's new revision may be seen a moment late while one visitor renders its
        # pages again (marketplace.page_cache_stale); its unpublish, and any other page's
        # publish (an artisan's consent), never.
        page_cache.stale_ok_on_publish(ProductPage)
        notification_events_register(*NOTIFICATION_EVENTS)
        from catalog.network.notifications import NETWORK_NOTIFICATION_EVENTS

        notification_events_register(*NETWORK_NOTIFICATION_EVENTS)
        home_context_register(home_featured_context)

        from django.db.models.signals import post_delete, post_save

        from catalog.models import MakerRate, MinimumWage
        from catalog.page_cache_tags import maker_rate_saved_or_deleted

        # Every product page's fair-wage line reads the minimum wage (catalog.makers).
        post_save.connect(page_cache.invalidate, sender=MinimumWage, dispatch_uid="wage-saved")
        post_delete.connect(page_cache.invalidate, sender=MinimumWage, dispatch_uid="wage-gone")
        # A product page's price split shows its makers' rates. A signal, not a call in the
        # rate screens: rates are also deleted with their artisan or product (a cascade).
        post_save.connect(maker_rate_saved_or_deleted, sender=MakerRate, dispatch_uid="rate-saved")
        post_delete.connect(maker_rate_saved_or_deleted, sender=MakerRate, dispatch_uid="rate-gone")
