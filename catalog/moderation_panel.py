"""The moderator's "Awaiting your review" dashboard panel, with what a moderator needs to judge
a product at a glance: its producer group, its price and a thumbnail of its first photo.

Wagtail's own panel (and its actions: approve, request changes, preview, compare) is kept;
this subclass only adds those facts to each row.
"""

from django.db.models import Max, Min, Q
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from catalog.models import ProductPage


class ProductsToModeratePanel(WorkflowObjectsToModeratePanel):
    template_name = "catalog/admin/workflow_objects_to_moderate.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        states = context["states"]
        products = (
            ProductPage.objects.filter(pk__in=[state["obj"].pk for state in states])
            .select_related("producer_group", "locale")
            .annotate(
                price_low=Min("variants__price", filter=Q(variants__is_active=True)),
                price_high=Max("variants__price", filter=Q(variants__is_active=True)),
            )
            .in_bulk()
        )
        for state in states:
            product = products.get(state["obj"].pk)
            if product is None:
                continue
            state["product"] = product
            # The photo of the version submitted, not of the live one.
            submitted = state["revision"].as_object()
            first = submitted.main_image
            state["thumbnail"] = first.image if first else None
        return context


def moderation_panel_replace(request, panels) -> None:
    """construct_homepage_panels: swap Wagtail's review panel for ProductsToModeratePanel."""
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = ProductsToModeratePanel()
