"""Admin forms: a group's quote (one price field per enquiry item) and a moderator's hide."""

from decimal import Decimal

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from orders.trade.models import TradeEnquiry


class QuoteForm(forms.Form):
    lead_time_days = forms.IntegerField(label=_("Lead time (days)"), min_value=1, max_value=365)
    valid_until = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sample_available = forms.BooleanField(label=_("Sample available"), required=False)
    delivery_charge = forms.DecimalField(
        label=_("Delivery charge (Rs)"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        initial=Decimal("0"),
    )
    advance_percent = forms.IntegerField(
        label=_("Advance (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        help_text=_("Paid before work starts; the rest before dispatch. 0: all before dispatch."),
    )
    note = forms.CharField(
        label=_("Note for the buyer"), required=False, max_length=1000, widget=forms.Textarea
    )

    def __init__(self, *args, items, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"price_{item.pk}"] = forms.DecimalField(
                label=_("Price per piece (Rs): %(quantity)s × %(item)s")
                % {"quantity": item.quantity, "item": item.description},
                min_value=Decimal("0.01"),
                max_digits=12,
                decimal_places=2,
            )
        # Staff of one group (the usual case) quote as it; staff of several choose.
        choices = list(groups)
        self.only_group = choices[0] if len(choices) == 1 else None
        if self.only_group is None:
            self.fields["group"] = forms.ModelChoiceField(
                label=_("Quote as"), queryset=groups, empty_label=None
            )

    def group(self):
        return self.only_group or self.cleaned_data["group"]

    def price_fields(self):
        return [self[f"price_{item.pk}"] for item in self.items]

    def prices(self) -> dict[int, Decimal]:
        return {item.pk: self.cleaned_data[f"price_{item.pk}"] for item in self.items}


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class EnquiryFilterSet(django_filters.FilterSet):
    will_visit = django_filters.BooleanFilter(label=_("Will visit"))
    deadline = django_filters.DateFromToRangeFilter(label=_("Needed by"))

    class Meta:
        model = TradeEnquiry
        fields = ["craft", "buyer_kind", "will_visit", "deadline"]
