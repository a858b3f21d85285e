"""Money in PKR: Decimal with two places, one rounding rule, splits that add up to the paisa."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

PAISA = Decimal("0.01")
# Slack for comparing sums in SQL: SQLite sums decimals in floating point, so a sum of whole
# paisas can come back a hair off (99.99999999999989 for 100.00); half a paisa is never money.
HALF_PAISA = Decimal("0.005")
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


def split_by_weights(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Share `amount` out over `weights` in proportion, to the paisa, parts summing exactly.

    Largest-remainder method: every part is first rounded down to the paisa, then the paisas
    left over go one each to the parts with the largest remainders (ties to the earlier part).
    Weights must be non-negative with a positive sum; a negative amount is split as its
    opposite and negated, so the parts of -x are exactly the negated parts of x.
    """
    amount = to_money(amount)
    if amount < 0:
        return [-part for part in split_by_weights(-amount, weights)]
    weights = [Decimal(weight) for weight in weights]
    if any(weight < 0 for weight in weights) or sum(weights) <= 0:
        raise ValueError("Split weights must be non-negative with a positive sum.")
    total_weight = sum(weights)
    paisas = int(amount / PAISA)
    exact = [Decimal(paisas) * weight / total_weight for weight in weights]
    floors = [int(share) for share in exact]  # non-negative, so int() rounds down
    left_over = paisas - sum(floors)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in by_remainder[:left_over]:
        floors[index] += 1
    return [Decimal(part) * PAISA for part in floors]


MINUS_SIGN = "\u2212"


def format_pkr(amount: Decimal | int | str | None) -> str:
    """The one way an amount is shown, on every page, admin screen, email and SMS.

    'Rs 1,250' for whole rupees, 'Rs 1,250.50' otherwise; a negative amount is
    '−Rs 1,800': the sign (U+2212 MINUS SIGN, not a hyphen) goes before the currency, as in
    Unicode CLDR's patterns, so it is read as "minus", never splits from the figure at a line
    break, and the same text is shown whether the amount is a debt, a reversal or a deduction.
    Spreadsheet exports write the number itself (marketplace.csv_export), not this text.
    """
    if amount is None:
        return ""
    amount = to_money(amount)
    sign = MINUS_SIGN if amount < 0 else ""
    text = f"{abs(amount):,.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return sign + gettext("Rs %(amount)s") % {"amount": text}


def format_percent(rate: Decimal) -> str:
    """'87.5' for Decimal('87.50'), '90' for Decimal('90.00')."""
    text = f"{Decimal(rate):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
