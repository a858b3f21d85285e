"""Writes to the catalog: provisioning producer groups, and stock changes with their history."""

import re
from collections.abc import Set
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.listing_summary import listing_stock_refresh
from catalog.models import (
    ProducerGroupPage,
    ProductListing,
    ProductPage,
    ProductVariant,
    StockMovement,
    StockMovementReason,
)
from catalog.models.products import stock_band
from catalog.page_cache_tags import product_pages_invalidate
from catalog.terms.services import terms_ensure
from marketplace.page_teams import page_team_ensure
from marketplace.users import AnyUser, User

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


def producer_group_staff_add(*, group_page: ProducerGroupPage, user: User) -> None:
    """Make `user` a member of the group's staff (an admin user with access to only its pages)."""
    if group_page.staff_group is None:
        group_page = producer_group_provision(group_page=group_page)
    assert group_page.staff_group is not None  # made by producer_group_provision
    user.groups.add(group_page.staff_group)


# What the stock screen saves of an existing variant besides its stock, which only ever
# changes by a delta (a sale may have happened since the screen was opened).
VARIANT_EDIT_FIELDS = ("label", "sku", "price", "is_active", "sort_order", "updated_at")


@dataclass
class VariantEdit:
    """One row of the stock screen: a variant with its edited fields (not saved yet) and the
    stock the screen showed and the stock staff entered."""

    variant: ProductVariant
    fields_changed: bool
    stock_entered: int
    stock_shown: int | None = None  # None for a new variant


@dataclass(frozen=True)
class StockMerge:
    """A stock edit applied to a stock that changed after the screen was opened."""

    variant: ProductVariant
    shown: int
    entered: int
    found: int
    after: int

    @property
    def delta(self) -> int:
        return self.entered - self.shown


class StockEditError(Exception):
    """A stock edit that would take stock below zero; nothing was saved."""

    def __init__(self, message: str, *, variant_id: int, stock_now: int):
        super().__init__(message)
        self.variant_id = variant_id
        self.stock_now = stock_now


def variants_save(
    *, product: ProductPage, edits: list[VariantEdit], by: AnyUser | None = None
) -> list[StockMerge]:
    """Save the stock screen of `product` in one transaction, stock as changes.

    Each existing row's stock moves by what staff changed (entered − shown) through
    stock_adjust, so units sold while the screen was open stay sold. Returns the rows whose
    stock had moved meanwhile (to tell staff); raises StockEditError, having saved nothing,
    when a change would take stock below zero.
    """
    merges = []
    with transaction.atomic():
        # Ascending ids, the lock order of checkout: saving never deadlocks with a sale.
        existing = sorted((edit for edit in edits if edit.variant.pk), key=lambda e: e.variant.pk)
        for edit in existing:
            variant = edit.variant
            if variant.product_id != product.pk:
                raise ValueError("variant of another product")
            if edit.fields_changed:
                variant.save(update_fields=VARIANT_EDIT_FIELDS)
            shown = edit.stock_entered if edit.stock_shown is None else edit.stock_shown
            delta = edit.stock_entered - shown
            if not delta:
                continue
            try:
                after = stock_adjust(
                    variant_id=variant.pk,
                    delta=delta,
                    reason=StockMovementReason.STAFF_COUNT,
                    by=by,
                )
            except StockError:
                now = ProductVariant.objects.values_list("stock", flat=True).get(pk=variant.pk)
                raise StockEditError(
                    _(
                        "The stock changed while you were editing: it is now %(now)s (the "
                        "screen showed %(shown)s). A change of %(delta)+d would take it below "
                        "zero. Check the count and save again."
                    )
                    % {"now": now, "shown": shown, "delta": delta},
                    variant_id=variant.pk,
                    stock_now=now,
                ) from None
            if after - delta != shown:
                merges.append(
                    StockMerge(
                        variant=variant,
                        shown=shown,
                        entered=edit.stock_entered,
                        found=after - delta,
                        after=after,
                    )
                )
            variant.stock = after
        added = [edit.variant for edit in edits if not edit.variant.pk]
        taken = {edit.variant.sku for edit in edits if edit.variant.sku}
        next_position = max((v.sort_order for v in product.variants.all()), default=-1) + 1
        for position, variant in enumerate(added, start=next_position):
            variant.product = product
            variant.sort_order = variant.sort_order or position
            if not variant.sku:
                variant.sku = sku_generate(product=product, taken=taken)
                taken.add(variant.sku)
            variant.save()
        stock_movements_record(
            changes=[StockChange(v.pk, v.stock, v.stock) for v in added if v.stock],
            reason=StockMovementReason.STAFF_COUNT,
            by=by,
        )
        listing_change = listing_stock_refresh(product_id=product.pk)
        product_pages_invalidate(
            product_id=product.pk,
            group_id=product.producer_group_id,
            card_changed=listing_change,
        )
    return merges


def sku_generate(*, product: ProductPage, taken: Set[str] = frozenset()) -> str:
    """A free SKU for a new variant of `product`: its slug in capitals and a number
    (PHULKARI-DUPATTA-01), or P<id>-01 when the slug has no Latin letters or digits."""
    base = re.sub(r"[^A-Z0-9]+", "-", product.slug.upper()).strip("-")[:40].strip("-")
    base = base or f"P{product.pk}"
    used = taken | set(
        ProductVariant.objects.filter(sku__startswith=f"{base}-").values_list("sku", flat=True)
    )
    number = 1
    while f"{base}-{number:02d}" in used:
        number += 1
    return f"{base}-{number:02d}"


@dataclass(frozen=True)
class StockChange:
    variant_id: int
    delta: int
    stock_after: int


def stock_adjust(
    *, variant_id: int, delta: int, reason: str, by: AnyUser | None = None, reference: str = ""
) -> int:
    """Change stock by `delta` atomically and record why; refuses to go below zero.

    Returns the new stock. A conditional UPDATE, not read-check-write, so concurrent sales
    cannot oversell; the history row (catalog.StockMovement) is written in the same
    transaction with the stock the UPDATE returned.
    """
    with transaction.atomic(savepoint=False):  # joins the caller's transaction: no SAVEPOINT
        stock = _stock_change(variant_id=variant_id, delta=delta)
        if stock is not None:
            StockMovement.objects.create(
                variant_id=variant_id,
                delta=delta,
                stock_after=stock,
                reason=reason,
                by=_user_or_none(by),
                reference=reference[:80],
            )
    # Raised outside the block, so a caller's transaction is not marked for rollback.
    if stock is None:
        raise StockError(_("Not enough stock."))
    return stock


def stock_change_unrecorded(*, variant_id: int, delta: int) -> int:
    """stock_adjust without its history row, for callers that record many changes at once
    with stock_movements_record (checkout: one INSERT per order). The caller must record it
    in the same transaction."""
    stock = _stock_change(variant_id=variant_id, delta=delta)
    if stock is None:
        raise StockError(_("Not enough stock."))
    return stock


def stock_movements_record(
    *, changes: list[StockChange], reason: str, by: AnyUser | None = None, reference: str = ""
) -> None:
    """Write the history rows of stock changes already made, in one INSERT."""
    if not changes:
        return
    by, now = _user_or_none(by), timezone.now()
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                variant_id=change.variant_id,
                delta=change.delta,
                stock_after=change.stock_after,
                reason=reason,
                by=by,
                reference=reference[:80],
                created_at=now,
            )
            for change in changes
        ]
    )


def _user_or_none(user: AnyUser | None) -> User | None:
    return user if isinstance(user, User) and user.is_authenticated else None


def _stock_change(*, variant_id: int, delta: int) -> int | None:
    """The new stock, or None when there is not enough."""
    # SQLite has RETURNING where it can return columns from an INSERT (3.35+); MariaDB does not.
    returning = connection.vendor == "postgresql" or (
        connection.vendor == "sqlite" and connection.features.can_return_columns_from_insert
    )
    if returning:
        changed = _stock_update_returning(variant_id=variant_id, delta=delta)
    else:
        changed = _stock_update_then_read(variant_id=variant_id, delta=delta)
    if changed is None:
        return None
    stock, product_id = changed
    # Public pages show availability in bands, so most sales leave the summary and the
    # cached pages as they are; a band change makes this product's page stale, and its
    # card's pages only if the card changed (in stock or not).
    if stock_band(stock - delta) != stock_band(stock):
        card_changed = listing_stock_refresh(product_id=product_id)
        group_id = (
            ProductListing.objects.filter(pk=product_id)
            .values_list("producer_group_id", flat=True)
            .first()
            if card_changed
            else None
        )
        product_pages_invalidate(
            product_id=product_id, group_id=group_id, card_changed=card_changed
        )
    return stock


def _stock_update_returning(*, variant_id: int, delta: int) -> tuple[int, int] | None:
    """(new stock, product id), or None when there is not enough."""
    meta, quote = ProductVariant._meta, connection.ops.quote_name
    table, pk, stock, product = (
        quote(meta.db_table),
        quote(str(meta.pk.column)),
        quote(str(meta.get_field("stock").column)),
        quote(str(meta.get_field("product").column)),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {stock} = {stock} + %s "  # noqa: S608 - names quoted, values bound
            f"WHERE {pk} = %s AND {stock} >= %s RETURNING {stock}, {product}",
            [delta, variant_id, -delta],
        )
        row = cursor.fetchone()
    return None if row is None else (row[0], row[1])


def _stock_update_then_read(*, variant_id: int, delta: int) -> tuple[int, int] | None:
    with transaction.atomic():
        updated = ProductVariant.objects.filter(pk=variant_id, stock__gte=-delta).update(
            stock=F("stock") + delta
        )
        if not updated:
            return None
        return ProductVariant.objects.values_list("stock", "product_id").get(pk=variant_id)
