"""Digits and phone numbers as people in Pakistan type them.

A buyer on an Urdu keyboard types Urdu (Extended Arabic-Indic, ۰-۹) or Arabic-Indic (٠-٩)
digits, and a phone number in any of the usual shapes (0300 1234567, 0300-1234567,
3001234567, +92 300 1234567, 0092 300 1234567). Forms accept all of them: digits become ASCII
before validation, and phone numbers are checked with the `phonenumbers` library and stored
in E.164 (+923001234567), the form the SMS gateway takes (marketplace/sms.py). They are shown
back in the local format (0300 1234567; international ones with their country code).
"""

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHONE_REGION = "PK"

_TO_ASCII = str.maketrans(
    {
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},  # Arabic-Indic ٠-٩
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},  # Urdu/Persian ۰-۹
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": ",",  # Arabic thousands separator
        "\u060c": ",",  # Arabic comma
        # Direction marks that an RTL keyboard or a copied number carries invisibly.
        **dict.fromkeys(map(chr, (0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F))), None),
        **dict.fromkeys(map(chr, range(0x2066, 0x206A)), None),
    }
)


def ascii_digits(value: str) -> str:
    """The text with Urdu and Arabic-Indic digits as 0-9 and invisible direction marks removed."""
    return value.translate(_TO_ASCII)


PHONE_ERROR = _(
    "Enter a mobile number such as 0300 1234567, or an international number with its "
    "country code, such as +44 7911 123456."
)


MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def phone_normalise(value: str) -> str:
    """A phone number as typed -> E.164 (+923001234567); ValidationError if it is not one.

    Pakistani numbers must be mobiles (SMS reaches only those); others any valid number.
    """
    text = ascii_digits(value or "").strip()
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(PHONE_ERROR, code="invalid_phone") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(PHONE_ERROR, code="invalid_phone")
    is_local = phonenumbers.region_code_for_number(number) == PHONE_REGION
    if is_local and phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError(PHONE_ERROR, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(value: str) -> str:
    """A stored number as people read it here: 0300 1234567, or +44 7911 123456 from abroad.
    Text that is not a number is returned unchanged."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(ascii_digits(value), PHONE_REGION)
    except phonenumbers.NumberParseException:
        return value
    if phonenumbers.region_code_for_number(number) == PHONE_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# Form fields. Number inputs (type="number") refuse Urdu digits in the browser, so digit
# fields are text inputs with a numeric keyboard (inputmode); the server checks the range.


class LocalDigitsMixin:
    def to_python(self, value):
        if isinstance(value, str):
            value = ascii_digits(value)
        return super().to_python(value)


class LocalIntegerField(LocalDigitsMixin, forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # min/max only make sense on type="number"; the server keeps the range.
        attrs = super().widget_attrs(widget)
        if widget.input_type != "number":
            attrs.pop("min", None)
            attrs.pop("max", None)
        return attrs


class LocalDecimalField(LocalDigitsMixin, forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if widget.input_type != "number":
            for name in ("min", "max", "step"):
                attrs.pop(name, None)
        return attrs


class LocalDigitsCharField(LocalDigitsMixin, forms.CharField):
    """Text with digits in it (postal code, transfer reference): digits stored as 0-9."""


class PhoneNumberField(forms.CharField):
    """A mobile number in any usual shape and digit script, cleaned to E.164."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # Whatever widget a form passes: the phone keyboard, autofill, and left to right
        # (a number reads left to right on an Urdu page too).
        attrs = super().widget_attrs(widget)
        if hasattr(widget, "input_type"):
            widget.input_type = "tel"
        attrs.update({"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"})
        return attrs

    def prepare_value(self, value):
        # A stored E.164 number is shown back in the local format; what was typed stays as is.
        if isinstance(value, str) and value.startswith("+") and value[1:].isdigit():
            return phone_display(value)
        return value

    def clean(self, value):
        value = super().clean(value)
        return phone_normalise(value) if value else value
