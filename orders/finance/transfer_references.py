"""Bank and wallet transfer references seen before: a reference already given on another order.

A buyer who copies someone else's receipt (or sends one transfer for two orders) gives a
reference finance has seen. The payment is flagged with the earlier payment it repeats, and
the transfers-to-verify screen warns finance with a link to that order. Nothing is refused:
a typo or a bank reusing short references is possible, so a person decides.
"""

import re

from django.db import transaction

from orders.models import Payment, PaymentMethod

_WHITESPACE = re.compile(r"\s+")


def transfer_reference_key(reference: str) -> str:
    """The reference as compared for reuse: no spaces at all, case-insensitive."""
    return _WHITESPACE.sub("", reference).casefold()[:80]


def transfer_reference_flag_reuse(*, payment: Payment) -> Payment:
    """Record `payment`'s reference key, and the earliest transfer payment on another order
    with the same provider and key, if there is one. Returns the payment, updated."""
    key = transfer_reference_key(payment.reference)
    with transaction.atomic():
        earlier = None
        if key:
            earlier = (
                Payment.objects.filter(
                    method=PaymentMethod.TRANSFER,
                    provider=payment.provider,
                    reference_key=key,
                )
                .exclude(order_id=payment.order_id)
                .exclude(pk=payment.pk)
                .order_by("pk")
                .first()
            )
        Payment.objects.filter(pk=payment.pk).update(
            reference_key=key, reference_reused_from=earlier
        )
    payment.reference_key = key
    payment.reference_reused_from = earlier
    return payment
