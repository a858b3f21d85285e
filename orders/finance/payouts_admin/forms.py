"""Forms of the payouts admin: the manual export and finance's actions.

They validate what people type; whether a change is allowed is decided by the services.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.models import Payout

EXPORT_SELECTED = "selected"
EXPORT_ALL_PENDING = "all_pending"


class PayoutIdsField(forms.Field):
    """Ticked payout ids. Ids that are not open manual payouts are left out by the service."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        try:
            return sorted({int(item) for item in value})
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Tick the payouts to export again.")) from None


class PayoutExportForm(forms.Form):
    """Which manual payouts to export: the ticked ones, or every pending one."""

    scope = forms.ChoiceField(
        choices=[(EXPORT_SELECTED, _("Selected")), (EXPORT_ALL_PENDING, _("All pending"))]
    )
    payout = PayoutIdsField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == EXPORT_SELECTED and not cleaned.get("payout"):
            raise forms.ValidationError(_("Tick the payouts to export first."))
        return cleaned


class PayoutMarkPaidForm(forms.Form):
    reference = forms.CharField(
        label=_("Bank or wallet transaction reference"),
        max_length=Payout._meta.get_field("reference").max_length,
        strip=True,
        error_messages={"required": _("Enter the bank or wallet transaction reference.")},
    )


class PayoutMarkFailedForm(forms.Form):
    reason = forms.CharField(
        label=_("Why did the payout fail?"),
        max_length=Payout._meta.get_field("failure_reason").max_length,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the payout failed.")},
    )
