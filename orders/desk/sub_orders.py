"""A producer group's order desk: its sub-orders, one sub-order's lines and shipping
details, the packed/shipped/delivered steps and a printable packing slip.

Platform staff with orders.manage_all_orders see every group's sub-orders here too.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from orders.desk.access import (
    manages_all_orders,
    shipping_details_for,
    sub_order_for_desk,
)
from orders.desk.forms import (
    SubOrderAdvanceForm,
    SubOrderCloseForm,
    SubOrderReturnForm,
)
from orders.lifecycle.sub_orders import NEXT_STATUS, READY_TO_SHIP, sub_order_advance
from orders.lifecycle.tables import OrderStateError
from orders.models import OrderStatus, PaymentStatus, SubOrder, SubOrderStatus

STATUS_LABELS = {
    **dict(PaymentStatus.choices),
    **dict(OrderStatus.choices),
    **dict(SubOrderStatus.choices),
}


def history_rows(changes) -> list[dict]:
    """Status changes with their values as the labels people read, not the stored codes."""
    return [
        {
            "change": change,
            "old": STATUS_LABELS.get(change.old_value, change.old_value),
            "new": STATUS_LABELS.get(change.new_value, change.new_value),
        }
        for change in changes
    ]


def _sub_order_or_404(request, sub_order_id: int) -> SubOrder:
    try:
        return sub_order_for_desk(request.user, sub_order_id)
    except SubOrder.DoesNotExist:
        raise Http404(_("No sub-order of yours has this number.")) from None


def _detail_response(request, sub_order: SubOrder, advance_form=None, status=200):
    next_status = NEXT_STATUS.get(sub_order.status)
    ready = sub_order.order.status in READY_TO_SHIP
    if next_status and ready and advance_form is None:
        advance_form = SubOrderAdvanceForm(initial={"to_status": next_status})
    return TemplateResponse(
        request,
        "orders/admin/sub_order_detail.html",
        {
            "page_title": _("Order %(number)s") % {"number": sub_order.order.number},
            "header_icon": "list-ul",
            "sub_order": sub_order,
            "order": sub_order.order,
            "lines": sub_order.lines.all(),
            "history": history_rows(sub_order.history.select_related("changed_by")),
            "shipping": shipping_details_for(request.user, sub_order),
            "next_status": SubOrderStatus(next_status) if next_status else None,
            "waiting_for_payment": bool(next_status) and not ready,
            "advance_form": advance_form if next_status and ready else None,
            "platform": manages_all_orders(request.user),
            "close_form": SubOrderCloseForm()
            if sub_order.status in (SubOrderStatus.NEW, SubOrderStatus.PACKED)
            else None,
            "return_form": SubOrderReturnForm()
            if sub_order.status == SubOrderStatus.DELIVERED
            else None,
        },
        status=status,
    )


@require_safe
def sub_order_detail(request, sub_order_id: int):
    return _detail_response(request, _sub_order_or_404(request, sub_order_id))


@require_POST
def sub_order_advance_view(request, sub_order_id: int):
    sub_order = _sub_order_or_404(request, sub_order_id)
    form = SubOrderAdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The sub-order was not changed: see the errors below."))
        return _detail_response(request, sub_order, advance_form=form, status=400)
    try:
        sub_order = sub_order_advance(
            user=request.user,
            sub_order_id=sub_order.pk,
            to_status=form.cleaned_data["to_status"],
            courier=form.cleaned_data["courier"],
            tracking_number=form.cleaned_data["tracking_number"],
        )
    except (OrderStateError, SubOrder.DoesNotExist) as error:
        messages.error(request, str(error) or _("The sub-order was not changed."))
        return redirect("orders_desk_sub_order", sub_order_id=sub_order.pk)
    messages.success(
        request,
        _("Order %(number)s is now marked %(status)s.")
        % {"number": sub_order.order.number, "status": sub_order.get_status_display().lower()},
    )
    return redirect("orders_desk_sub_order", sub_order_id=sub_order.pk)


@require_safe
def packing_slip(request, sub_order_id: int):
    sub_order = _sub_order_or_404(request, sub_order_id)
    return TemplateResponse(
        request,
        "orders/admin/packing_slip.html",
        {
            "sub_order": sub_order,
            "order": sub_order.order,
            "lines": sub_order.lines.all(),
            "shipping": shipping_details_for(request.user, sub_order),
        },
    )
