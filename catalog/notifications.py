"""The catalog's notification events: low stock, and (catalog.terms.notifications) payout
account changes. Registered with the core from CatalogConfig.ready()."""

from catalog.models import ProductVariant
from catalog.models.products import LOW_STOCK_THRESHOLD
from marketplace.notifications.registry import NotificationEvent
from marketplace.notifications.services import NotificationMessage

LOW_STOCK = "low_stock"
PAYOUT_ACCOUNT_CHANGE_PROPOSED = "payout_account_change_proposed"
PAYOUT_ACCOUNT_CHANGED = "payout_account_changed"

NOTIFICATION_EVENTS = [
    NotificationEvent(LOW_STOCK),
    NotificationEvent(PAYOUT_ACCOUNT_CHANGE_PROPOSED),
    NotificationEvent(PAYOUT_ACCOUNT_CHANGED),
]


def group_language(group) -> str:
    """A producer group in Pakistan hears in Urdu, any other group in English."""
    return "ur" if group.country == "PK" else "en"


def low_stock_messages(
    *, order_id: int, stock_left: dict[int, int], quantities: dict[int, int]
) -> list[NotificationMessage]:
    """Messages to each group whose variants an order took down to the low-stock threshold
    (`stock_left` maps variant ids to the stock after the order, `quantities` to what it took)."""
    crossed = [
        variant_id
        for variant_id, stock in stock_left.items()
        if stock <= LOW_STOCK_THRESHOLD < stock + quantities.get(variant_id, 0)
    ]
    if not crossed:
        return []
    variants = ProductVariant.objects.filter(pk__in=crossed).select_related(
        "product", "product__producer_group"
    )
    messages = []
    for variant in variants:
        group = variant.product.producer_group
        if group is None:
            continue
        messages.append(
            NotificationMessage(
                event=LOW_STOCK,
                dedupe_key=f"{LOW_STOCK}:{variant.pk}:{order_id}",
                language=group_language(group),
                context={
                    "group": group,
                    "product": variant.product.title,
                    "variant": variant.label,
                    "sku": variant.sku,
                    "stock": stock_left[variant.pk],
                },
                email=group.contact_email,
                phone=group.contact_phone,
                order_id=order_id,
            )
        )
    return messages
