"""Changing the cart: every change is checked against live stock and availability."""

from django.utils.translation import gettext as _

from catalog.models import ProductVariant
from orders.checkout.cart import MAX_QUANTITY_PER_LINE, Cart, CartError, line_problem


def _sellable_variant(variant_id: int) -> ProductVariant:
    try:
        # Only what the checks and the "in your cart" message read, the group's status
        # included (one query): not the whole product or group page.
        return (
            ProductVariant.objects.select_related("product__producer_group__terms")
            .only(
                "product",
                "stock",
                "is_active",
                "product__title",
                "product__live",
                "product__producer_group__locale",
                "product__producer_group__terms__verification_status",
            )
            .get(pk=variant_id)
        )
    except ProductVariant.DoesNotExist:
        raise CartError(_("This item does not exist.")) from None


def _check_quantity(quantity: int) -> None:
    if quantity < 1:
        raise CartError(_("The quantity must be at least 1."))
    if quantity > MAX_QUANTITY_PER_LINE:
        raise CartError(
            _("At most %(max)d of one item per order.") % {"max": MAX_QUANTITY_PER_LINE}
        )


def cart_add(*, cart: Cart, variant_id: int, quantity: int) -> ProductVariant:
    """Add `quantity` of a variant (on top of what is already in the cart)."""
    _check_quantity(quantity)
    variant = _sellable_variant(variant_id)
    wanted = cart.quantities.get(variant.pk, 0) + quantity
    _check_quantity(wanted)
    if problem := line_problem(variant, wanted):
        raise CartError(problem)
    cart.quantities[variant.pk] = wanted
    cart.save()
    return variant


def cart_set_quantity(*, cart: Cart, variant_id: int, quantity: int) -> None:
    """Set a line's quantity; 0 removes it."""
    if quantity == 0:
        cart_remove(cart=cart, variant_id=variant_id)
        return
    _check_quantity(quantity)
    variant = _sellable_variant(variant_id)
    if problem := line_problem(variant, quantity):
        raise CartError(problem)
    cart.quantities[variant.pk] = quantity
    cart.save()


def cart_remove(*, cart: Cart, variant_id: int) -> None:
    cart.quantities.pop(variant_id, None)
    cart.save()
