"""Demo trade enquiry for `manage.py load_demo`: an exporter asks the Thar ralli cooperative
for 200 quilts and 300 cushion covers, and the cooperative has answered with a quote (30 %
advance). Idempotent: nothing is made if the demo enquiry exists or the group is missing."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog.models import ProducerGroupPage
from orders.trade.models import (
    BuyerKind,
    TradeEnquiry,
    TradeEnquiryItem,
    TradeEnquiryRecipient,
)
from orders.trade.quotes import QuoteTerms, quote_submit

GROUP_SLUG = "tharparkar-ralli-collective"
BUSINESS = "Indus Home Exports (demo)"


def demo_trade_enquiry_ensure() -> int:
    """1 if the demo enquiry and its quote were made, 0 if they existed (or cannot be)."""
    group = ProducerGroupPage.objects.filter(slug=GROUP_SLUG).first()
    staff = get_user_model().objects.filter(username=f"{GROUP_SLUG}-staff").first()
    if (
        group is None
        or staff is None
        or TradeEnquiry.objects.filter(business_name=BUSINESS).exists()
    ):
        return 0
    today = timezone.localdate()
    with transaction.atomic():
        # Written as confirmed: the demo has no phone to receive the one-time code.
        enquiry = TradeEnquiry.objects.create(
            producer_group=group,
            buyer_name="Sana Mirza",
            business_name=BUSINESS,
            buyer_kind=BuyerKind.EXPORTER,
            contact_phone="+923217654321",
            contact_email="sana@indus-exports.example",
            deadline=today + timedelta(days=75),
            delivery_place="Port Qasim, warehouse 7, Karachi",
            will_visit=True,
            message="Cotton only, natural dyes where possible. We would like a sample first.",
            confirmed_at=timezone.now(),
        )
        quilts = TradeEnquiryItem.objects.create(
            enquiry=enquiry,
            description="Ralli quilt, double bed, indigo and red",
            quantity=200,
            target_price=Decimal("7000.00"),
        )
        cushions = TradeEnquiryItem.objects.create(
            enquiry=enquiry,
            description="Ralli cushion cover, 45 cm",
            quantity=300,
            target_price=Decimal("900.00"),
        )
        TradeEnquiryRecipient.objects.create(enquiry=enquiry, producer_group=group)
        quote_submit(
            user=staff,
            enquiry_id=enquiry.pk,
            group_id=group.pk,
            prices={quilts.pk: Decimal("7400.00"), cushions.pk: Decimal("950.00")},
            terms=QuoteTerms(
                lead_time_days=45,
                valid_until=today + timedelta(days=21),
                sample_available=True,
                delivery_charge=Decimal("6000.00"),
                advance_percent=30,
                note="Indigo from natural dye; a sample quilt can be sent in a week.",
            ),
        )
    return 1
