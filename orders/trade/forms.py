"""The trade buyer's forms: the enquiry (with its items), the code, the acceptance.

Field rules (deadline, quantity) come from orders.trade.enquiries, which checks them again.
"""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from catalog.models import CraftCategory, ProductPage
from marketplace.forms import StorefrontFormMixin
from marketplace.local_input import (
    LocalDecimalField,
    LocalDigitsCharField,
    LocalIntegerField,
    PhoneNumberField,
)
from orders.models import PaymentMethod
from orders.trade.enquiries import (
    MAX_ITEMS,
    MAX_TARGET_PRICE,
    deadline_problem,
    quantity_problem,
)
from orders.trade.models import BuyerKind

LANGUAGE_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


class EnquiryForm(StorefrontFormMixin, forms.Form):
    craft = forms.ModelChoiceField(
        label=_("Ask every group that makes"),
        queryset=CraftCategory.objects.order_by("name"),
        required=False,
        empty_label=_("Choose a craft"),
    )
    buyer_name = forms.CharField(
        label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    business_name = forms.CharField(
        label=_("Business name"),
        max_length=160,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    buyer_kind = forms.ChoiceField(label=_("You are"), choices=BuyerKind.choices)
    contact_phone = PhoneNumberField(
        label=_("Mobile number"),
        required=False,
        help_text=_("We send a confirmation code here (or to your email)."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    deadline = forms.DateField(label=_("Needed by"), widget=forms.DateInput(attrs={"type": "date"}))
    delivery_place = forms.CharField(
        label=_("Delivery place"),
        max_length=200,
        help_text=_("City and address, or the port or warehouse."),
    )
    will_visit = forms.BooleanField(label=_("I would like to visit the group"), required=False)
    message = forms.CharField(
        label=_("Anything else the groups should know"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        if group is not None:
            del self.fields["craft"]

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if problem := deadline_problem(deadline):
            raise ValidationError(problem)
        return deadline

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("contact_phone") and not cleaned.get("contact_email"):
            raise ValidationError(_("Give a mobile number or an email address."))
        if self.group is None and not cleaned.get("craft"):
            self.add_error("craft", _("Choose the craft you are looking for."))
        return cleaned


def product_from_link(link: str) -> ProductPage | None:
    """A live product page of this site from its address (with or without the language)."""
    path = urlsplit(link.strip()).path or "/"
    for prefix in LANGUAGE_PREFIXES:
        if path.startswith(prefix):
            path = path[len(prefix) - 1 :]
    if path == "/":
        return None
    suffix = path if path.endswith("/") else f"{path}/"
    return ProductPage.objects.live().filter(url_path__endswith=suffix).first()


class EnquiryItemForm(StorefrontFormMixin, forms.Form):
    description = forms.CharField(label=_("Item"), max_length=200)
    # No max_value: clean_quantity says what the most is (orders.trade.enquiries).
    quantity = LocalIntegerField(label=_("Quantity"), min_value=1)
    target_price = LocalDecimalField(
        label=_("Target price per piece (Rs, optional)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=1,
        max_value=MAX_TARGET_PRICE,
    )
    # The address as copied from the browser (or only its path): the product is found by path.
    product_link = forms.CharField(
        label=_("Link to a product on this site (optional)"), required=False, max_length=300
    )

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if problem := quantity_problem(quantity):
            raise ValidationError(problem)
        return quantity

    def clean_product_link(self):
        link = self.cleaned_data["product_link"]
        if not link:
            return None
        product = product_from_link(link)
        if product is None:
            raise ValidationError(_("This is not the web address of a product on this site."))
        return product


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if not any(form.cleaned_data for form in self.forms if form.is_valid()):
            raise ValidationError(_("Add at least one item."))


EnquiryItemFormSet = formset_factory(
    EnquiryItemForm,
    formset=BaseItemFormSet,
    extra=3,
    max_num=MAX_ITEMS,
    validate_max=True,
)


class ConfirmationForm(StorefrontFormMixin, forms.Form):
    code = LocalDigitsCharField(
        label=_("Confirmation code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class AcceptForm(StorefrontFormMixin, forms.Form):
    payment_method = forms.ChoiceField(
        label=_("Pay by"),
        choices=[
            (PaymentMethod.TRANSFER, _("Bank or mobile-wallet transfer")),
            (PaymentMethod.CARD, _("Card (Stripe)")),
        ],
        widget=forms.RadioSelect,
        initial=PaymentMethod.TRANSFER,
    )

    def __init__(self, *args, card_enabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not card_enabled:
            field = self.fields["payment_method"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(PaymentMethod.TRANSFER, _("Bank or mobile-wallet transfer"))]
