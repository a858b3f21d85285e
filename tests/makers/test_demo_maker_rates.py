"""Demo data: the demo products' credited artisans get rates, once, from their own group."""

import pytest

from catalog.demo.maker_rates import demo_maker_rates_ensure
from catalog.makers.selectors import products_below_minimum_wage
from catalog.models import MakerRate
from tests.factories import make_artisan, make_group, make_product, make_staff

pytestmark = pytest.mark.django_db


def test_demo_products_get_their_makers_rates_once(site_tree):
    group = make_group("Hala Ralli Makers", province="Sindh")
    makers = [make_artisan(group, full_name=f"Maker {n} Bibi") for n in range(2)]
    for number in range(12):
        product = make_product(group, f"Quilt {number}", price=f"{2000 + 700 * number}.00")
        product.artisans.set(makers[: 1 + number % 2])
        product.save_revision().publish()
    make_product(group, "Uncredited piece")

    created = demo_maker_rates_ensure()

    assert created == MakerRate.objects.count() == 18
    assert demo_maker_rates_ensure() == 0
    assert all(rate.artisan.producer_group_id == group.pk for rate in MakerRate.objects.all())
    assert 0 < len(products_below_minimum_wage(make_staff(group))) < 12
