"""Admin registration: snippets, the variants screen and its buttons, group provisioning."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from catalog import admin_views
from catalog.models import CraftCategory, ProducerGroupPage, ProductPage, Technique
from catalog.services import producer_group_provision


class CraftCategoryViewSet(SnippetViewSet):
    model = CraftCategory
    icon = "tag"
    menu_label = _("Crafts")
    list_display = ["name", "name_ur", "slug"]
    search_fields = ["name", "name_ur"]
    add_to_admin_menu = True
    menu_order = 300


class TechniqueViewSet(SnippetViewSet):
    model = Technique
    icon = "tag"
    menu_label = _("Techniques")
    list_display = ["name", "name_ur", "slug"]
    search_fields = ["name", "name_ur"]
    add_to_admin_menu = True
    menu_order = 310


register_snippet(CraftCategoryViewSet)
register_snippet(TechniqueViewSet)


@hooks.register("register_admin_urls")
def register_variant_urls():
    return [
        path(
            "catalog/products/<int:product_id>/variants/",
            admin_views.product_variants,
            name="catalog_product_variants",
        )
    ]


class VariantsButton(PageMenuItem):
    label = _("Variants and stock")
    icon_name = "list-ul"
    url_name = "catalog_product_variants"

    def is_shown(self, user):
        return self.page.specific_class is ProductPage and self.page.permissions_for_user(
            user
        ).can_edit()


@hooks.register("register_page_listing_more_buttons")
def variants_listing_button(page, user, next_url=None):
    yield VariantsButton(page=page, priority=3)


@hooks.register("register_page_header_buttons")
def variants_header_button(page, user, view_name, next_url=None):
    yield VariantsButton(page=page, priority=12)


@hooks.register("after_create_page")
def provision_new_producer_group(request, page):
    if isinstance(page.specific, ProducerGroupPage):
        producer_group_provision(group_page=page.specific)
