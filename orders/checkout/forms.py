"""Cart and checkout forms. Money never comes from a form: only ids, quantities and choices."""

import re
import uuid
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marketplace.forms import StorefrontFormMixin
from marketplace.local_input import LocalDigitsCharField, LocalIntegerField, PhoneNumberField
from orders.accounts.address_forms import PostalAddressForm
from orders.checkout.cart import MAX_QUANTITY_PER_LINE
from orders.models import FulfilmentMethod, PaymentMethod, TransferProvider
from orders.models.addresses import POSTAL_ADDRESS_FIELDS, POSTAL_ADDRESS_REQUIRED


class QuantityField(LocalIntegerField):
    def __init__(self, *, min_value=1, **kwargs):
        super().__init__(
            min_value=min_value, max_value=MAX_QUANTITY_PER_LINE, label=_("Quantity"), **kwargs
        )


class CartAddForm(forms.Form):
    variant = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = QuantityField(initial=1)


class CartUpdateForm(forms.Form):
    variant = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = QuantityField(min_value=0)


class CheckoutForm(StorefrontFormMixin, PostalAddressForm):
    checkout_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    field_order = [
        "checkout_token",
        "contact_name",
        "contact_phone",
        "contact_email",
        "fulfilment",
        *POSTAL_ADDRESS_FIELDS,
        "save_address",
        "buyer_note",
        "payment_method",
    ]
    # Marked as required on the page (the address fields are needed for delivery, the default).
    required_fields = frozenset(
        {"contact_name", "contact_phone", "fulfilment", "province", "city", "address_line1"}
        | {"payment_method"}
    )
    # Widgets: what a phone needs to fill the form fast (the right keyboard, autofill) and what
    # a screen reader needs to know which fields must be filled in.
    contact_name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name", "aria-required": "true"}),
    )
    contact_phone = PhoneNumberField(
        label=_("Mobile number"),
        help_text=_("The producer groups and the courier call this number."),
        widget=forms.TextInput(
            attrs={
                "type": "tel",
                "autocomplete": "tel",
                "inputmode": "tel",
                "aria-required": "true",
            }
        ),
    )
    contact_email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    fulfilment = forms.ChoiceField(
        label=_("Delivery"),
        choices=FulfilmentMethod.choices,
        widget=forms.RadioSelect,
        initial=FulfilmentMethod.SHIP,
    )
    # province, city, address_line1, address_line2, postal_code: PostalAddressForm. Needed
    # for delivery (the usual case): marked required, checked in clean().
    # Only for logged-in buyers (removed in __init__ otherwise); see orders.accounts.addresses.
    save_address = forms.BooleanField(label=_("Save this address in my account"), required=False)
    buyer_note = forms.CharField(
        label=_("Note for the producer groups"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    payment_method = forms.ChoiceField(
        label=_("Payment"),
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        initial=PaymentMethod.CASH_ON_DELIVERY,
    )

    def __init__(
        self,
        *args,
        card_enabled: bool,
        collect_enabled: bool,
        can_save_address: bool = False,
        token_valid: Callable[[str], bool] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if not can_save_address:
            del self.fields["save_address"]
        if not card_enabled:
            cast(forms.ChoiceField, self.fields["payment_method"]).choices = [
                choice for choice in PaymentMethod.choices if choice[0] != PaymentMethod.CARD
            ]
        self.offer_collection(collect_enabled)
        self.fields["checkout_token"].initial = uuid.uuid4().hex
        # The page's fieldset legends ("Delivery", "Payment") name these radio groups already.
        for name in ("fulfilment", "payment_method"):
            legend_field: Any = self.fields[name]  # an attribute our field template reads
            legend_field.label_in_legend = True
        # Whether a token was issued to this session (orders.checkout.tokens); None: not checked.
        self.token_valid = token_valid

    def offer_collection(self, enabled: bool) -> None:
        """Offer collecting at a mela stall, or delivery only."""
        cast(forms.ChoiceField, self.fields["fulfilment"]).choices = (
            FulfilmentMethod.choices
            if enabled
            else [(FulfilmentMethod.SHIP, FulfilmentMethod.SHIP.label)]
        )

    def clean_checkout_token(self):
        token = self.cleaned_data["checkout_token"]
        if not re.fullmatch(r"[0-9a-f]{32}", token) or (
            self.token_valid is not None and not self.token_valid(token)
        ):
            raise ValidationError(_("This form has expired. Please submit it again."))
        return token

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fulfilment") == FulfilmentMethod.SHIP:
            for name in POSTAL_ADDRESS_REQUIRED:
                if not cleaned.get(name):
                    self.add_error(name, _("Needed for delivery."))
        return cleaned


class TransferReferenceForm(StorefrontFormMixin, forms.Form):
    provider = forms.ChoiceField(label=_("Paid with"), choices=TransferProvider.choices)
    reference = LocalDigitsCharField(
        label=_("Transaction reference"),
        min_length=4,
        max_length=80,
        help_text=_("The transaction ID from your JazzCash, Easypaisa or bank receipt."),
    )
