"""Money in PKR: Decimal with two places, one rounding rule, splits that add up to the paisa."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

PAISA = Decimal("0.01")
HUNDRED = Decimal("100")


def to_money(value: Decimal | int | str) -> Decimal:
    """Round to paisa, half up (the rule a buyer expects from a receipt)."""
    if isinstance(value, float):
        raise TypeError("Money is never a float; pass a Decimal, int or str.")
    return Decimal(value).quantize(PAISA, rounding=ROUND_HALF_UP)


def commission_split(amount: Decimal, commission_percent: Decimal) -> tuple[Decimal, Decimal]:
    """Split `amount` into (producer group's share, platform commission).

    The commission is rounded once and the group's share is the exact remainder, so the
    two parts always add up to the amount to the paisa.
    """
    amount = to_money(amount)
    commission = to_money(amount * Decimal(commission_percent) / HUNDRED)
    return amount - commission, commission


def format_pkr(amount: Decimal | None) -> str:
    """'Rs 1,250' for whole rupees, 'Rs 1,250.50' otherwise."""
    if amount is None:
        return ""
    amount = to_money(amount)
    text = f"{amount:,.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return gettext("Rs %(amount)s") % {"amount": text}


def format_percent(rate: Decimal) -> str:
    """'87.5' for Decimal('87.50'), '90' for Decimal('90.00')."""
    text = f"{Decimal(rate):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
