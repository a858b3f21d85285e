"""Bank and mobile-wallet transfers: the buyer gives a reference, platform staff verify it."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.notifications.dispatch import transfer_reference_notify
from orders.models import Order, Payment, PaymentMethod, PaymentStatus
from orders.services.cancellation import OrderStateError
from orders.services.status import order_status_refresh, record_change
from orders.services.transfer_references import transfer_reference_flag_reuse


def transfer_reference_submit(*, order_id: int, provider: str, reference: str) -> Payment:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if not order.is_open_for_transfer_reference:
            raise OrderStateError(_("This order is not waiting for a transfer reference."))
        payment = Payment.objects.create(
            order=order,
            method=PaymentMethod.TRANSFER,
            status=Payment.Status.SUBMITTED,
            amount=order.grand_total,
            provider=provider,
            reference=reference.strip(),
        )
        transfer_reference_flag_reuse(payment=payment)
        record_change(
            order=order,
            field="payment_status",
            old=order.payment_status,
            new=PaymentStatus.AWAITING_VERIFICATION,
            note=reference.strip(),
        )
        order.payment_status = PaymentStatus.AWAITING_VERIFICATION
        # A reference was given: the stock stays reserved until staff decide.
        order.reservation_expires_at = None
        order.save(update_fields=["payment_status", "reservation_expires_at", "updated_at"])
        order_status_refresh(order=order)
        transfer_reference_notify(payment=payment)
        return payment


def transfer_verify(*, payment_id: int, by, approve: bool, note: str = "") -> Order:
    """Platform staff confirm (or reject) that the money arrived."""
    if not by.has_perm("orders.verify_transfers"):
        raise PermissionError
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("order").get(pk=payment_id)
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        if payment.status != Payment.Status.SUBMITTED:
            return order  # already decided: verifying twice changes nothing
        payment.status = Payment.Status.SUCCEEDED if approve else Payment.Status.REJECTED
        payment.save(update_fields=["status", "updated_at"])
        new_status = PaymentStatus.PAID if approve else PaymentStatus.PENDING
        if not approve:
            # Back to waiting for the money: the reservation runs again, so a buyer who never
            # pays does not hold the stock forever.
            order.reservation_expires_at = timezone.now() + timedelta(
                minutes=settings.TRANSFER_RESERVATION_MINUTES
            )
        record_change(
            order=order,
            field="payment_status",
            old=order.payment_status,
            new=new_status,
            by=by,
            note=note,
        )
        order.payment_status = new_status
        order.save(update_fields=["payment_status", "reservation_expires_at", "updated_at"])
        return order_status_refresh(order=order, by=by, note=note)
