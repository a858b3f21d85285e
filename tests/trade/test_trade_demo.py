"""The demo trade enquiry (load_demo): confirmed, sent to the Thar cooperative, with its quote;
loading again adds nothing."""

import pytest

from orders.trade.demo import GROUP_SLUG, demo_trade_enquiry_ensure
from orders.trade.models import TradeEnquiry
from orders.trade.selectors import enquiries_for_user, enquiry_contact_for_group
from tests.factories import make_group, make_staff

pytestmark = pytest.mark.django_db


def test_demo_enquiry_with_a_quote_is_made_once(site_tree):
    assert demo_trade_enquiry_ensure() == 0  # no demo group yet: nothing
    group = make_group("Thar Women's Ralli Cooperative", slug=GROUP_SLUG)
    staff = make_staff(group, f"{GROUP_SLUG}-staff")

    assert demo_trade_enquiry_ensure() == 1
    assert demo_trade_enquiry_ensure() == 0
    enquiry = TradeEnquiry.objects.get()
    assert list(enquiries_for_user(staff)) == [enquiry]
    quote = enquiry.quotes.get()
    assert quote.producer_group_id == group.pk and quote.advance_percent == 30
    assert quote.lines.count() == enquiry.items.count() == 2
    assert enquiry_contact_for_group(user=staff, enquiry_id=enquiry.pk) is None
