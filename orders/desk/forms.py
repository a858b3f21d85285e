"""Forms of the order desk in the Wagtail admin: the staff actions (the listing's filters are
FilterSets in orders/desk/listings.py).

They validate what people type; whether a change is allowed is decided by the services.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.models import SubOrderStatus


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
