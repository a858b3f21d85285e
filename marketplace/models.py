"""Site-wide pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The front door: featured products, producer groups, and the next mela."""

    hero_heading = models.CharField(_("hero heading"), max_length=120, blank=True)
    hero_text = models.TextField(_("hero text"), max_length=400, blank=True)

    content_panels = Page.content_panels + [FieldPanel("hero_heading"), FieldPanel("hero_text")]
    subpage_types = ["catalog.ProducerGroupIndexPage", "events.MelaIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from catalog.selectors import producer_group_directory, product_listing
        from events.selectors import next_mela

        context = super().get_context(request, *args, **kwargs)
        context["featured_products"] = product_listing(filters={"in_stock": True})[:8]
        context["featured_groups"] = producer_group_directory()[:6]
        context["next_mela"] = next_mela()
        return context
