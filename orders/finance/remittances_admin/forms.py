"""Forms of the remittances admin. They check what finance typed; whether a remittance may be
recorded, and whether it matches, is decided by orders.finance.remittances."""

import re

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm

from catalog.models import ProducerGroupPage
from marketplace.money import format_pkr
from orders.finance.remittance_selectors import sub_orders_awaiting_remittance
from orders.models import CourierRemittance, SubOrder


class AwaitingRemittanceFilterSet(WagtailFilterSet):
    courier = django_filters.CharFilter(label=_("Courier"), lookup_expr="icontains")
    producer_group = django_filters.ModelChoiceFilter(
        label=_("Producer group"), queryset=ProducerGroupPage.objects.order_by("title")
    )
    delivered = django_filters.DateFromToRangeFilter(
        label=_("Delivered"), field_name="delivered_at__date", widget=DateRangePickerWidget
    )

    class Meta:
        model = SubOrder
        fields: list[str] = []


class ParcelChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, sub_order: SubOrder) -> str:
        return " · ".join(
            [
                str(sub_order),
                sub_order.producer_group_name,
                f"{sub_order.courier} {sub_order.tracking_number}",
                format_pkr(sub_order.total),
            ]
        )


class RemittanceForm(WagtailAdminModelForm):
    """Courier, reference, amount and date, and the parcels: ticked, or tracking numbers."""

    parcels = ParcelChoiceField(
        label=_("Parcels covered"),
        queryset=SubOrder.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tracking_numbers = forms.CharField(
        label=_("…or paste their tracking numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, or separated by commas or spaces, as the courier lists them."),
    )

    class Meta:
        model = CourierRemittance
        fields = ["courier", "reference", "amount", "received_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parcels"].queryset = self.awaiting()

    def awaiting(self) -> QuerySet[SubOrder]:
        return sub_orders_awaiting_remittance(self.for_user)

    def clean(self):
        cleaned = super().clean()
        chosen = {sub_order.pk for sub_order in cleaned.get("parcels") or []}
        numbers = [n for n in re.split(r"[\s,;]+", cleaned.get("tracking_numbers", "")) if n]
        if numbers:
            found = dict(
                self.awaiting()
                .filter(tracking_number__in=numbers)
                .values_list("tracking_number", "pk")
            )
            unknown = [number for number in numbers if number not in found]
            if unknown:
                self.add_error(
                    "tracking_numbers",
                    _("No delivered cash-on-delivery parcel awaits a remittance under: %(n)s.")
                    % {"n": ", ".join(unknown)},
                )
            chosen |= set(found.values())
        if not chosen and not self.errors:
            raise forms.ValidationError(_("Choose the parcels this remittance covers."))
        cleaned["sub_order_ids"] = sorted(chosen)
        return cleaned


class RemittanceResolveForm(forms.Form):
    correction = forms.DecimalField(
        label=_("Correction received (PKR)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        help_text=_("More cash the courier handed over since, if any (negative if less)."),
    )
    note = forms.CharField(
        label=_("How was the difference settled?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RemittanceVoidForm(forms.Form):
    note = forms.CharField(
        label=_("Why is this remittance void?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
