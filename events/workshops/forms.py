"""The public sign-up form (a phone number is enough) and the organisers' attendance mark."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import CraftCategory
from marketplace.local_input import LocalIntegerField, PhoneNumberField


class WorkshopSignupForm(forms.Form):
    phone = PhoneNumberField(
        label=_("Mobile number"),
        help_text=_("We send your confirmation and a reminder by SMS. Nothing else."),
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    craft = forms.ModelChoiceField(
        label=_("Your craft (optional)"),
        queryset=CraftCategory.objects.order_by("name"),
        required=False,
    )
    district = forms.CharField(label=_("Your district (optional)"), max_length=80, required=False)


class AttendanceMarkForm(forms.Form):
    signup = LocalIntegerField(min_value=1)
    attended = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )
