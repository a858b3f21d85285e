"""The postal address fields of the checkout and of a buyer's saved address, declared once.

Widgets carry what a phone needs to fill them fast (autofill tokens, the numeric keyboard)
and what a screen reader needs (`aria-required` on the fields a delivery needs).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.local_input import LocalDigitsCharField
from orders.models.addresses import POSTAL_ADDRESS_REQUIRED

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # types only: django-stubs is a dev tool

PAKISTAN_PROVINCES = [
    ("Punjab", _("Punjab")),
    ("Sindh", _("Sindh")),
    ("Khyber Pakhtunkhwa", _("Khyber Pakhtunkhwa")),
    ("Balochistan", _("Balochistan")),
    ("Islamabad Capital Territory", _("Islamabad Capital Territory")),
    ("Gilgit-Baltistan", _("Gilgit-Baltistan")),
    ("Azad Jammu and Kashmir", _("Azad Jammu and Kashmir")),
]


def _text(label: StrOrPromise, max_length: int, autocomplete: str, **attrs: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete, **attrs}),
    )


class PostalAddressForm(forms.Form):
    """Mix into a form (first among its form bases) for the five address fields, optional
    here: a form that always needs an address calls `postal_address_require()`; the checkout
    needs one only for delivery and checks that in its clean()."""

    province = forms.ChoiceField(
        label=_("Province"),
        choices=[("", "—"), *PAKISTAN_PROVINCES],
        required=False,
        widget=forms.Select(attrs={"autocomplete": "address-level1", "aria-required": "true"}),
    )
    city = _text(_("District or city"), 80, "address-level2", **{"aria-required": "true"})
    address_line1 = _text(_("Address"), 200, "address-line1", **{"aria-required": "true"})
    address_line2 = _text(_("Address (line 2)"), 200, "address-line2")
    # Urdu and Eastern Arabic digits are stored as 0-9 (marketplace.local_input).
    postal_code = LocalDigitsCharField(
        label=_("Postal code"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )

    def postal_address_require(self) -> None:
        for name in POSTAL_ADDRESS_REQUIRED:
            self.fields[name].required = True
