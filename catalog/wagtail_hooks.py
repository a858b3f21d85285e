"""Admin registration: snippets, the variants screen and its buttons, the moderator's review
panel with group, price and thumbnail, group provisioning,
commercial terms and payout account changes, and two permission gaps of Wagtail's own admin
closed for producer group staff."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from catalog import admin_views
from catalog.admin_menu import menu_facts
from catalog.makers import admin as makers_admin
from catalog.market import views as market_views
from catalog.market.selectors import sees_all_market_information
from catalog.models import (
    CraftCategory,
    MakerRate,
    ProducerGroupPage,
    ProducerGroupTerms,
    ProductPage,
    Technique,
)
from catalog.moderation_panel import moderation_panel_replace
from catalog.network import admin as network_admin
from catalog.services import producer_group_provision
from catalog.terms import views as terms_views
from catalog.terms.admin import CommercialTermsPermissionPolicy, CommercialTermsViewSet
from catalog.terms.selectors import manages_terms, sees_all_terms, terms_for_user
from marketplace import page_cache


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

# A craft or technique is named on product pages and offered by the shop's filters (whose
# choices are cached under the site's tag): saving or deleting one makes every page stale.
TAXONOMY_MODELS = (CraftCategory, Technique)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def taxonomy_saved(request, instance):
    if isinstance(instance, TAXONOMY_MODELS):
        page_cache.invalidate()


@hooks.register("after_delete_snippet")
def taxonomy_deleted(request, instances):
    if any(isinstance(instance, TAXONOMY_MODELS) for instance in instances):
        page_cache.invalidate()


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
        return (
            self.page.specific_class is ProductPage
            and self.page.permissions_for_user(user).can_edit()
        )


@hooks.register("register_page_listing_buttons")
def variants_listing_button(page, user, next_url=None):
    # A button of its own in the product listing, not in the "⋯" menu: one click to the stock.
    yield VariantsButton(page=page, priority=30)


@hooks.register("register_page_header_buttons")
def variants_header_button(page, user, view_name, next_url=None):
    yield VariantsButton(page=page, priority=12)


hooks.register("construct_homepage_panels", moderation_panel_replace)


@hooks.register("after_create_page")
def provision_new_producer_group(request, page):
    if isinstance(page.specific, ProducerGroupPage):
        producer_group_provision(group_page=page.specific)


class PermittedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    """Wagtail's admin image API lists every image (title, file URL, thumbnail) to anyone with
    admin access; here it lists only the images the user may choose, like the image chooser,
    so one group's staff cannot page through another group's (or an artisan's) photos."""

    def get_queryset(self):
        choosable = policy_registry.get_by_type(
            get_image_model()
        ).instances_user_has_any_permission_for(self.request.user, ["choose"])
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


@hooks.register("construct_admin_api", order=100)  # after wagtail.images registers its own
def restrict_admin_image_api(router):
    router.register_endpoint("images", PermittedImagesAdminAPIViewSet)


@hooks.register("before_move_page")
def refuse_move_without_permission(request, page_to_move, destination):
    """Wagtail's move confirmation screen checks permission only when the move is posted; the
    GET shows any page's title and tree position. Refuse it up front, like the rest."""
    if not page_to_move.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None


# Commercial terms (catalog.terms): their screens, who may use them, and the group page's
# link to its terms.
register_permission_policy(
    ProducerGroupTerms, CommercialTermsPermissionPolicy(ProducerGroupTerms), exact_class=True
)


@hooks.register("register_admin_viewset")
def register_commercial_terms_viewset():
    return CommercialTermsViewSet("commercial_terms")


@hooks.register("register_admin_urls")
def register_account_change_urls():
    return [
        path(
            "catalog/payout-account-changes/",
            terms_views.account_changes,
            name="terms_account_changes",
        ),
        path(
            "catalog/payout-account-changes/<int:change_id>/confirm/",
            terms_views.account_change_confirm,
            name="terms_account_change_confirm",
        ),
        path(
            "catalog/payout-account-changes/<int:change_id>/reject/",
            terms_views.account_change_reject,
            name="terms_account_change_reject",
        ),
    ]


class AccountChangesMenuItem(MenuItem):
    def is_shown(self, request):
        return sees_all_terms(request.user)


@hooks.register("register_admin_menu_item")
def register_account_changes_menu_item():
    return AccountChangesMenuItem(
        _("Payout account changes"),
        reverse("terms_account_changes"),
        icon_name="warning",
        order=247,
    )


@hooks.register("register_page_header_buttons")
def commercial_terms_header_button(page, user, view_name, next_url=None):
    """On a producer group's page: its terms (edit for platform staff, view for the rest)."""
    if page.specific_class is not ProducerGroupPage:
        return
    if not terms_for_user(user).filter(pk=page.pk).exists():
        return
    action = "edit" if manages_terms(user) else "inspect"
    yield PageMenuItem(
        label=_("Commercial terms"),
        url=reverse(f"commercial_terms:{action}", args=[page.pk]),
        icon_name="table",
        priority=13,
        page=page,
    )


# Market information (catalog.market): a group's staff see their own group and the platform's
# aggregates; platform staff choose any group.
@hooks.register("register_admin_urls")
def register_market_information_url():
    return [path("market-information/", market_views.market_information, name="market_information")]


class MarketInformationMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        if not (user.is_authenticated and user.is_active):
            return False
        facts = menu_facts(request)  # as market_groups_for_user(user).exists(), without a query
        if sees_all_market_information(user):
            return facts.a_source_group_exists
        return facts.staff_of_a_source_group


@hooks.register("register_admin_menu_item")
def register_market_information_menu_item():
    return MarketInformationMenuItem(
        _("Market information"), reverse("market_information"), icon_name="view", order=260
    )


# Applications to join the network (catalog.network): reviewers' listing and decisions.
@hooks.register("register_admin_viewset")
def register_network_applications_viewset():
    return network_admin.NetworkApplicationViewSet("network_applications")


@hooks.register("register_admin_urls")
def register_network_application_urls():
    return network_admin.admin_urls()


# Makers' rates (catalog.makers): their own screen, outside page revisions; the minimum wage
# table finance keeps; and each group's products paying below it.
register_permission_policy(
    MakerRate, makers_admin.MakerRatePermissionPolicy(MakerRate), exact_class=True
)


@hooks.register("register_admin_viewset")
def register_maker_rate_viewset():
    return makers_admin.MakerRateViewSet("maker_rate")


@hooks.register("register_admin_viewset")
def register_minimum_wage_viewset():
    return makers_admin.MinimumWageViewSet("minimum_wage")


@hooks.register("register_admin_urls")
def register_below_minimum_urls():
    return [
        path(
            "catalog/below-minimum-wage/",
            makers_admin.products_below_minimum,
            name="catalog_products_below_minimum",
        )
    ]


class BelowMinimumMenuItem(MenuItem):
    def is_shown(self, request):
        return menu_facts(request).edits_a_product  # as makers_admin.edits_any_product


@hooks.register("register_admin_menu_item")
def register_below_minimum_menu_item():
    return BelowMinimumMenuItem(
        _("Below the minimum wage"),
        reverse("catalog_products_below_minimum"),
        icon_name="warning",
        order=306,
    )
