"""The product form's 'Prices and stock' panel: the product's variants with price and stock,
read-only, and a one-click way to the screen that edits them (catalog.admin_views).

Variants stay out of the page form on purpose (they are not part of page revisions), so the
panel shows them without making them fields.
"""

from django.urls import reverse
from wagtail.admin.panels import Panel


class VariantsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "catalog/admin/variants_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            product = self.instance
            saved = product is not None and product.pk is not None
            context["variants"] = list(product.variants.all()) if saved else []
            context["stock_url"] = (
                reverse("catalog_product_variants", args=[product.pk]) if saved else None
            )
            return context
