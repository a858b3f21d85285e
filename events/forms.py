"""Forms for applications, decisions, stalls, stall sales and visitor counts.

Choices are always querysets narrowed to what the user may touch; the services check again.
"""

import uuid
from decimal import Decimal
from typing import cast

from django import forms
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from catalog.models import ProducerGroupPage, ProductPage
from events.models import ApplicationStatus, MelaPage, Stall, StallSize
from events.selectors import free_stalls, sellable_variants
from marketplace.local_input import LocalDecimalField, LocalIntegerField
from marketplace.money import format_pkr
from marketplace.translations import default_locale_id


class ApplicationForm(forms.Form):
    mela = forms.ModelChoiceField(label=_("Mela"), queryset=MelaPage.objects.none())
    group = forms.ModelChoiceField(
        label=_("Producer group"), queryset=ProducerGroupPage.objects.none()
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Products you will bring"),
        queryset=ProductPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stall_size_wanted = forms.ChoiceField(label=_("Stall size wanted"), choices=StallSize.choices)
    needs = forms.CharField(
        label=_("Needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Electricity, tables, accessibility, a place to stay, childcare..."),
    )

    def __init__(self, *args, melas, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mela"].queryset = MelaPage.objects.filter(pk__in=[m.pk for m in melas])
        self.fields["group"].queryset = groups
        self.fields["products"].queryset = (
            ProductPage.objects.filter(producer_group__in=groups, locale_id=default_locale_id())
            .select_related("producer_group")
            .order_by("producer_group__title", "title")
        )
        if groups.count() == 1:
            self.fields["group"].initial = groups.first()
            self.fields["products"].label_from_instance = lambda product: product.title
        else:
            self.fields["products"].label_from_instance = lambda product: (
                f"{product.producer_group.title}: {product.title}"
            )

    def clean(self):
        cleaned = super().clean()
        group, products = cleaned.get("group"), cleaned.get("products") or []
        if group and any(product.producer_group_id != group.pk for product in products):
            self.add_error("products", _("Choose only the chosen group's products."))
        return cleaned


class DecisionForm(forms.Form):
    DECISIONS = [
        (ApplicationStatus.APPROVED, _("Approve and give a stall")),
        (ApplicationStatus.WAITLISTED, _("Put on the waiting list")),
        (ApplicationStatus.REJECTED, _("Reject")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    stall = forms.ModelChoiceField(label=_("Stall"), queryset=Stall.objects.none(), required=False)
    reason = forms.CharField(
        label=_("Reason or message to the group"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a rejection; the group sees it."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stall"].queryset = free_stalls(mela=application.mela)
        self.fields["stall"].label_from_instance = lambda stall: (
            f"{stall.number} · {stall.zone} · {stall.get_size_display()} · {format_pkr(stall.fee)}"
        )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == ApplicationStatus.APPROVED and not cleaned.get("stall"):
            self.add_error("stall", _("Choose a free stall to approve the application."))
        if decision == ApplicationStatus.REJECTED and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the group a reason for the rejection."))
        return cleaned


class StallForm(forms.ModelForm):
    class Meta:
        model = Stall
        fields = ["number", "zone", "size", "fee", "map_row", "map_column"]
        widgets = {
            "map_row": forms.NumberInput(attrs={"min": 1, "style": "inline-size: 5em"}),
            "map_column": forms.NumberInput(attrs={"min": 1, "style": "inline-size: 5em"}),
        }


StallFormSet = modelformset_factory(Stall, form=StallForm, extra=3, can_delete=False)


class StallSaleForm(forms.Form):
    """One cash sale. The hidden token makes a repeated submission record nothing new."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    variant = forms.TypedChoiceField(label=_("Product"), coerce=int)
    quantity = LocalIntegerField(label=_("Quantity"), min_value=1, max_value=999, initial=1)
    unit_price = LocalDecimalField(
        label=_("Price each (PKR)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Leave empty to use the shop price."),
    )

    def __init__(self, *args, group: ProducerGroupPage, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        choices: dict[str, list] = {}
        for variant in sellable_variants(group=group):
            label = variant.label or variant.sku
            choices.setdefault(variant.product.title, []).append(
                (
                    variant.pk,
                    _("%(label)s · %(price)s · %(stock)s in stock")
                    % {"label": label, "price": format_pkr(variant.price), "stock": variant.stock},
                )
            )
        cast(forms.ChoiceField, self.fields["variant"]).choices = [
            ("", _("Choose a product")),
            *choices.items(),
        ]


class VisitorCountForm(forms.Form):
    day = forms.TypedChoiceField(label=_("Day"), coerce=str)
    visitors = LocalIntegerField(label=_("Visitors"), min_value=0, max_value=10_000_000)

    def __init__(self, *args, mela: MelaPage, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["day"]).choices = [
            (day.isoformat(), day.isoformat()) for day in mela.days
        ]
