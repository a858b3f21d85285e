"""The cart lives in the session (guests and buyers alike; Django keeps it across login).

It stores only variant ids and quantities: prices, stock and availability are read live
every time the cart is shown or checked out, so a cart can never sell at a stale price.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from catalog.models import ProducerGroupPage, ProductVariant
from orders.checkout.tokens import checkout_secret_ensure

SESSION_KEY = "cart"
MAX_QUANTITY_PER_LINE = 99

# The columns a cart line reads. Product and group pages carry dozens of columns a cart never
# shows, and building the SQL for all of them cost more than running it: so only these.
CART_VARIANT_FIELDS = (
    "product",
    "sku",
    "label",
    "price",
    "stock",
    "is_active",
    "product__title",
    "product__live",
    "product__url_path",
    "product__locale",  # the cart shows a product's title in its own language (bidi marking)
    "product__producer_group",
)
# `locale`: a translated group reads its source's terms (catalog.models.groups.commercial_terms).
CART_GROUP_FIELDS = (
    "title",
    "url_path",
    "delivery_charge",
    "locale",
    "terms__verification_status",
)


class CartError(Exception):
    """A buyer-facing reason why the cart cannot change (shown as a message)."""


@dataclass
class CartLine:
    variant: ProductVariant
    quantity: int
    problem: str = ""

    @property
    def product(self):
        return self.variant.product

    @property
    def unit_price(self) -> Decimal:
        return self.variant.price

    @property
    def line_total(self) -> Decimal:
        return self.variant.price * self.quantity


@dataclass
class CartGroup:
    producer_group: ProducerGroupPage
    lines: list[CartLine] = field(default_factory=list)

    @property
    def items_total(self) -> Decimal:
        return sum((line.line_total for line in self.lines), Decimal("0.00"))

    @property
    def delivery_charge(self) -> Decimal:
        return self.producer_group.delivery_charge


class Cart:
    def __init__(self, session):
        self.session = session
        raw = session.get(SESSION_KEY) or {}
        self.quantities: dict[int, int] = {
            int(variant_id): int(quantity)
            for variant_id, quantity in raw.items()
            if str(variant_id).isdigit() and str(quantity).isdigit()
        }

    def __len__(self) -> int:
        return sum(self.quantities.values())

    def __bool__(self) -> bool:
        return bool(self.quantities)

    def save(self) -> None:
        self.session[SESSION_KEY] = {str(key): value for key, value in self.quantities.items()}
        # Written now, with the cart, so that showing the checkout page writes nothing.
        checkout_secret_ensure(self.session)
        self.session.modified = True

    def clear(self) -> None:
        self.quantities = {}
        self.save()

    def groups(self) -> list[CartGroup]:
        """Cart lines read live from the catalogue, grouped by producer group, with problems."""
        # Lines keep the cart's order and groups are sorted below: no ORDER BY needed.
        found = {variant.pk: variant for variant in cart_variants(self.quantities)}
        grouped: dict[int, CartGroup] = {}
        for variant_id, quantity in self.quantities.items():
            variant = found.get(variant_id)
            if variant is None or variant.product.producer_group is None:
                continue
            group = variant.product.producer_group
            line = CartLine(
                variant=variant, quantity=quantity, problem=line_problem(variant, quantity)
            )
            grouped.setdefault(group.pk, CartGroup(producer_group=group)).lines.append(line)
        return sorted(grouped.values(), key=lambda group: group.producer_group.title)

    def lines(self) -> Iterator[CartLine]:
        for group in self.groups():
            yield from group.lines


def cart_variants(
    variant_ids, *, group_fields: tuple[str, ...] = CART_GROUP_FIELDS
) -> QuerySet[ProductVariant]:
    """The variants with their product and group, holding only the columns a cart line uses
    (any other column a caller reads is loaded then, one query each)."""
    return (
        ProductVariant.objects.filter(pk__in=variant_ids)
        .select_related("product", "product__producer_group", "product__producer_group__terms")
        .only(*CART_VARIANT_FIELDS, *(f"product__producer_group__{name}" for name in group_fields))
        .order_by()  # callers order the few rows themselves
    )


def is_on_sale(variant: ProductVariant) -> bool:
    return variant.product.live and variant.is_active


def group_not_selling(variant: ProductVariant) -> bool:
    """The variant's producer group is suspended: its products cannot be bought."""
    group = variant.product.producer_group
    return group is not None and group.is_suspended


def line_problem(variant: ProductVariant, quantity: int) -> str:
    """Why this line cannot be bought as it is, or '' if it can."""
    if not is_on_sale(variant):
        return _("This item is no longer on sale.")
    if group_not_selling(variant):
        return _("Its producer group is not selling at the moment: remove it from your cart.")
    if variant.stock == 0:
        return _("Out of stock.")
    if quantity > variant.stock:
        return _("Only %(stock)d left: lower the quantity.") % {"stock": variant.stock}
    return ""
