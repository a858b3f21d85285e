"""A group records payments to its makers, several at once, from one screen.

The group's own book: no money moves through the platform. One transaction per screen; the
screen's token (batch_token) makes submitting it twice record each payment once. Each maker
who agreed gets a text message after commit (orders.finance.maker_notifications).
"""

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import ArtisanPage, ProducerGroupPage
from marketplace.money import to_money
from marketplace.users import AnyUser
from orders.finance.maker_notifications import maker_payment_notify
from orders.finance.maker_selectors import maker_payment_groups_for_user
from orders.models import MakerPayment, MakerPaymentMethod


class MakerPaymentError(Exception):
    """Refused: nothing was recorded."""


@dataclass(frozen=True)
class MakerPaymentLine:
    artisan_id: int
    amount: Decimal


def maker_payments_record(
    *,
    group_id: int,
    by: AnyUser,
    paid_on: date,
    method: str,
    reference: str = "",
    batch_token: uuid.UUID,
    lines: list[MakerPaymentLine],
) -> list[MakerPayment]:
    """Record payments to makers of the group `by` works for; all or none."""
    if method not in MakerPaymentMethod.values:
        raise MakerPaymentError(_("Choose how the makers were paid."))
    lines = [line for line in lines if line.amount]
    if not lines:
        raise MakerPaymentError(_("Enter at least one amount."))
    if any(line.amount < 0 for line in lines):
        raise MakerPaymentError(_("A payment cannot be negative."))
    with transaction.atomic():
        try:
            group = maker_payment_groups_for_user(by).select_for_update().get(pk=group_id)
        except ProducerGroupPage.DoesNotExist:
            raise MakerPaymentError(_("You cannot record payments for this group.")) from None
        earlier = list(MakerPayment.objects.filter(batch_token=batch_token))
        if earlier:
            return earlier  # the same screen submitted again
        artisans = {
            artisan.pk: artisan
            for artisan in ArtisanPage.objects.filter(
                producer_group=group, pk__in=[line.artisan_id for line in lines]
            )
        }
        if len(artisans) != len({line.artisan_id for line in lines}):
            raise MakerPaymentError(_("Only your own group's makers can be paid here."))
        payments = MakerPayment.objects.bulk_create(
            [
                MakerPayment(
                    producer_group=group,
                    artisan=artisans[line.artisan_id],
                    maker_name=artisans[line.artisan_id].full_name,
                    amount=to_money(line.amount),
                    paid_on=paid_on,
                    method=method,
                    reference=reference.strip(),
                    batch_token=batch_token,
                    recorded_by=by if by.is_authenticated else None,
                )
                for line in lines
            ]
        )
        for payment in payments:
            maker_payment_notify(
                payment_id=payment.pk,
                artisan=artisans[payment.artisan_id],
                group=group,
                amount=payment.amount,
                method=method,
            )
        return payments
