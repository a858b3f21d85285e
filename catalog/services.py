"""Writes to the catalog: provisioning producer groups and changing stock."""

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from catalog.models import ProducerGroupPage, ProductVariant
from catalog.models.products import stock_band
from catalog.terms.services import terms_ensure
from marketplace import page_cache
from marketplace.page_teams import page_team_ensure

# What a producer group's staff may do on their own page subtree: add and edit products,
# artisans and their profile, and submit them for moderation. Publishing is for moderators.
GROUP_PAGE_PERMISSIONS = ("add_page", "change_page")


class StockError(Exception):
    """Raised when a stock change would make stock negative."""


@transaction.atomic
def producer_group_provision(*, group_page: ProducerGroupPage) -> ProducerGroupPage:
    """Give a producer group its own staff group, image collection and permissions, and its
    commercial terms (the defaults: pending verification, the platform commission).

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
    terms_ensure(group=group_page)
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

    A conditional UPDATE, not read-check-write, so concurrent sales cannot oversell. It
    returns the new stock itself (UPDATE ... RETURNING on PostgreSQL and SQLite): one
    statement, so it needs neither a savepoint nor a second read.
    """
    # SQLite has RETURNING where it can return columns from an INSERT (3.35+); MariaDB does not.
    returning = connection.vendor == "postgresql" or (
        connection.vendor == "sqlite" and connection.features.can_return_columns_from_insert
    )
    if returning:
        stock = _stock_update_returning(variant_id=variant_id, delta=delta)
    else:
        stock = _stock_update_then_read(variant_id=variant_id, delta=delta)
    if stock is None:
        raise StockError(_("Not enough stock."))
    # Public pages show availability in bands, so most sales leave cached pages valid.
    if stock_band(stock - delta) != stock_band(stock):
        page_cache.invalidate()
    return stock


def _stock_update_returning(*, variant_id: int, delta: int) -> int | None:
    meta, quote = ProductVariant._meta, connection.ops.quote_name
    table, pk, stock = (
        quote(meta.db_table),
        quote(meta.pk.column),
        quote(meta.get_field("stock").column),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {stock} = {stock} + %s "  # noqa: S608 - names quoted, values bound
            f"WHERE {pk} = %s AND {stock} >= %s RETURNING {stock}",
            [delta, variant_id, -delta],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def _stock_update_then_read(*, variant_id: int, delta: int) -> int | None:
    with transaction.atomic():
        updated = ProductVariant.objects.filter(pk=variant_id, stock__gte=-delta).update(
            stock=F("stock") + delta
        )
        if not updated:
            return None
        return ProductVariant.objects.values_list("stock", flat=True).get(pk=variant_id)
