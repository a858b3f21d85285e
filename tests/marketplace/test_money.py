from decimal import Decimal

import pytest

from marketplace.money import commission_split, format_pkr, to_money


@pytest.mark.parametrize(
    ("amount", "rate", "share", "commission"),
    [
        ("4500.00", "10", "4050.00", "450.00"),
        ("999.99", "12.5", "874.99", "125.00"),
        ("0.01", "10", "0.01", "0.00"),
        ("1234.55", "7.25", "1145.05", "89.50"),
    ],
)
def test_commission_split_adds_up_to_the_paisa(amount, rate, share, commission):
    parts = commission_split(Decimal(amount), Decimal(rate))
    assert parts == (Decimal(share), Decimal(commission))
    assert sum(parts) == Decimal(amount)


def test_split_is_exact_for_many_amounts_and_rates():
    for paisa in range(1, 5000, 37):
        amount = Decimal(paisa) / 100
        for rate in ("0", "3.33", "10", "17.5", "50"):
            share, commission = commission_split(amount, Decimal(rate))
            assert share + commission == amount
            assert share >= 0 and commission >= 0


def test_floats_are_refused():
    with pytest.raises(TypeError):
        to_money(10.5)


def test_format_pkr():
    assert format_pkr(Decimal("1250")) == "Rs 1,250"
    assert format_pkr(Decimal("1250.5")) == "Rs 1,250.50"
    assert format_pkr(None) == ""


def test_a_negative_amount_has_one_format_minus_sign_before_the_currency():
    # The documented convention (marketplace.money.format_pkr): U+2212 before "Rs".
    assert format_pkr(Decimal("-1800")) == "\u2212Rs 1,800"
    assert format_pkr(Decimal("-0.5")) == "\u2212Rs 0.50"
    assert format_pkr(Decimal("-0.001")) == "Rs 0"  # rounds to zero paisa: no sign


def test_every_template_shows_money_through_the_same_function():
    from django.template import engines

    template = engines["django"].from_string(
        '{% load money %}{{ debt|pkr }} | {{ fee|pkr:"deduction" }} | {{ none|pkr }}'
    )
    rendered = template.render({"debt": Decimal("-1800"), "fee": Decimal("1800"), "none": None})
    assert rendered == "\u2212Rs 1,800 | \u2212Rs 1,800 | "
