"""Writes to the catalog: provisioning producer groups and changing stock."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from catalog.models import ProducerGroupPage, ProductVariant
from catalog.models.products import stock_band
from marketplace import page_cache
from marketplace.page_teams import page_team_ensure

# What a producer group's staff may do on their own page subtree: add and edit products,
# artisans and their profile, and submit them for moderation. Publishing is for moderators.
GROUP_PAGE_PERMISSIONS = ("add_page", "change_page")


class StockError(Exception):
    """Raised when a stock change would make stock negative."""


@transaction.atomic
def producer_group_provision(*, group_page: ProducerGroupPage) -> ProducerGroupPage:
    """Give a producer group its own staff group, image collection and permissions.

    Idempotent: running it again repairs missing pieces and creates no duplicates.
    """
    group_page = ProducerGroupPage.objects.select_for_update().get(pk=group_page.pk)
    names = {"title": group_page.title[:80], "id": group_page.pk}
    group_page.staff_group, group_page.collection = page_team_ensure(
        page=group_page,
        group=group_page.staff_group,
        group_name=_("Producer group staff: %(title)s (#%(id)s)") % names,
        collection=group_page.collection,
        collection_name=_("%(title)s (#%(id)s)") % names,
        page_permissions=GROUP_PAGE_PERMISSIONS,
    )
    ProducerGroupPage.objects.filter(pk=group_page.pk).update(
        staff_group=group_page.staff_group, collection=group_page.collection
    )
    return group_page


def producer_group_staff_add(*, group_page: ProducerGroupPage, user) -> None:
    """Make `user` a member of the group's staff (an admin user with access to only its pages)."""
    if group_page.staff_group is None:
        group_page = producer_group_provision(group_page=group_page)
    user.groups.add(group_page.staff_group)


def variants_save(*, formset) -> list[ProductVariant]:
    """Save the variants edited on a product's stock screen, in one transaction."""
    with transaction.atomic():
        variants = formset.save()
        page_cache.invalidate()
    return variants


def stock_adjust(*, variant_id: int, delta: int) -> int:
    """Change stock by `delta` atomically; refuses to go below zero. Returns the new stock.

    A conditional UPDATE, not read-check-write, so concurrent sales cannot oversell.
    """
    with transaction.atomic():
        updated = ProductVariant.objects.filter(pk=variant_id, stock__gte=-delta).update(
            stock=F("stock") + delta
        )
        if not updated:
            raise StockError(_("Not enough stock."))
        stock = ProductVariant.objects.values_list("stock", flat=True).get(pk=variant_id)
        # Public pages show availability in bands, so most sales leave cached pages valid.
        if stock_band(stock - delta) != stock_band(stock):
            page_cache.invalidate()
        return stock
