"""Forms of the order desk in the Wagtail admin: listing filters and the staff actions.

They validate what people type; whether a change is allowed is decided by the services.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import ProducerGroupPage
from orders.models import PaymentStatus, SubOrderStatus


class SubOrderFilterForm(forms.Form):
    """Filters of the sub-order listing; every field is optional and bad values are ignored."""

    q = forms.CharField(
        label=_("Order number or buyer name"), required=False, max_length=120, strip=True
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(SubOrderStatus.choices),
    )
    payment_status = forms.ChoiceField(
        label=_("Payment"),
        required=False,
        choices=[("", _("All"))] + list(PaymentStatus.choices),
    )
    placed_from = forms.DateField(
        label=_("Placed from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    placed_to = forms.DateField(
        label=_("Placed until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    group: "forms.ModelChoiceField[ProducerGroupPage]" = forms.ModelChoiceField(
        label=_("Producer group"), required=False, queryset=None, empty_label=_("All")
    )

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is None:
            del self.fields["group"]
        else:
            self.fields["group"].queryset = groups

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("placed_from"), cleaned.get("placed_to")
        if start and end and start > end:
            raise ValidationError(_("The start date is after the end date."))
        return cleaned

    def filter(self, sub_orders):
        """`sub_orders` narrowed by the valid filters (an invalid field is left out)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if q := data.get("q"):
            sub_orders = sub_orders.filter(
                Q(order__number__icontains=q) | Q(order__contact_name__icontains=q)
            )
        if status := data.get("status"):
            sub_orders = sub_orders.filter(status=status)
        if payment_status := data.get("payment_status"):
            sub_orders = sub_orders.filter(order__payment_status=payment_status)
        if placed_from := data.get("placed_from"):
            sub_orders = sub_orders.filter(order__created_at__date__gte=placed_from)
        if placed_to := data.get("placed_to"):
            sub_orders = sub_orders.filter(order__created_at__date__lte=placed_to)
        if group := data.get("group"):
            sub_orders = sub_orders.filter(producer_group=group)
        return sub_orders


class SubOrderAdvanceForm(forms.Form):
    """One step on: packed, shipped (with courier and tracking number) or delivered."""

    to_status = forms.ChoiceField(
        choices=[
            (SubOrderStatus.PACKED, SubOrderStatus.PACKED.label),
            (SubOrderStatus.SHIPPED, SubOrderStatus.SHIPPED.label),
            (SubOrderStatus.DELIVERED, SubOrderStatus.DELIVERED.label),
        ],
        widget=forms.HiddenInput,
    )
    courier = forms.CharField(
        label=_("Courier"),
        required=False,
        max_length=80,
        help_text=_("For example: TCS, Leopards, M&P, Pakistan Post"),
    )
    tracking_number = forms.CharField(label=_("Tracking number"), required=False, max_length=80)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        to_status = self.data.get("to_status") if self.is_bound else self.initial.get("to_status")
        if to_status == SubOrderStatus.SHIPPED:
            for name in ("courier", "tracking_number"):
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = _(
                    "Required to mark the parcel shipped."
                )


class TransferDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Money received")), ("reject", _("Not received"))],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class OrderCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=255,
        help_text=_("Kept in the order's history."),
    )


class OrderRefundForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount to refund (PKR)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_("Leave empty to refund everything that has not been refunded yet."),
    )
    confirm = forms.BooleanField(label=_("I have checked the amount with the buyer"))


class SubOrderCloseForm(forms.Form):
    """Decline (a group) or cancel (finance) one sub-order before it is shipped."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The buyer and the producer group read this."),
    )


class SubOrderReturnForm(SubOrderCloseForm):
    restock = forms.BooleanField(
        label=_("Put the items back on sale"),
        required=False,
        initial=True,
        help_text=_("Untick if the returned items are damaged."),
    )


class RefundSentForm(forms.Form):
    reference = forms.CharField(
        label=_("Bank or wallet reference of the refund"),
        max_length=120,
        help_text=_("Only after the money has actually been sent to the buyer."),
    )
