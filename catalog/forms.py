"""Forms that validate what buyers type into catalog URLs, and the stock editing form."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms import modelformset_factory
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from catalog.models import CraftCategory, ProducerGroupPage, ProductVariant, Technique
from catalog.models.groups import Country, VerificationStatus
from catalog.selectors import SORT_ORDERS
from catalog.services import VariantEdit
from marketplace.translations import default_locale_id

MAX_PRICE = Decimal("10000000")
MAX_GROUPS_IN_SELECT = 60


class LightSelect(forms.Select):
    """A <select> rendered in one pass. Django renders each option through a template, which
    costs more than the rest of the shop page once the list holds hundreds of producer groups."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option), " selected" if str(option) in selected else "", label)
                for option, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class ShopFilterForm(forms.Form):
    """The /shop/ query string. Anything invalid is reported and ignored, never a 500."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ModelChoiceField(
        label=_("Craft"),
        queryset=CraftCategory.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All crafts"),
    )
    technique = forms.ModelChoiceField(
        label=_("Technique"),
        queryset=Technique.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All techniques"),
    )
    # Plain (slug, title) choices: hundreds of groups must not mean hundreds of page objects.
    group = forms.ChoiceField(label=_("Producer group"), required=False, widget=LightSelect)
    province = forms.ChoiceField(label=_("Province"), required=False, widget=LightSelect)
    district = forms.ChoiceField(label=_("District"), required=False, widget=LightSelect)
    min_price = forms.DecimalField(
        label=_("Lowest price"),
        required=False,
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PRICE)],
    )
    max_price = forms.DecimalField(
        label=_("Highest price"),
        required=False,
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PRICE)],
    )
    in_stock = forms.BooleanField(label=_("In stock only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest")),
            ("price_asc", _("Price: low to high")),
            ("price_desc", _("Price: high to low")),
            ("title", _("Name")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = list(
            ProducerGroupPage.objects.live()
            .filter(locale_id=default_locale_id())
            .exclude(terms__verification_status=VerificationStatus.SUSPENDED)
            .order_by("title")
            .values_list("slug", "title")
        )
        self.fields["group"].choices = [("", _("All producer groups")), *groups]
        if len(groups) > MAX_GROUPS_IN_SELECT:
            # Too many to pick from on a phone (and too heavy to send): buyers reach a group's
            # products from its page; a chosen group is kept as a hidden field.
            self.fields["group"].widget = forms.HiddenInput()
        locations = (
            ProducerGroupPage.objects.live()
            .filter(locale_id=default_locale_id())
            .values_list("province", "district")
            .distinct()
        )
        provinces = sorted({province for province, _district in locations if province})
        districts = sorted({district for _province, district in locations if district})
        self.fields["province"].choices = [("", _("All provinces"))] + [(p, p) for p in provinces]
        self.fields["district"].choices = [("", _("All districts"))] + [(d, d) for d in districts]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_price"), cleaned.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The highest price must be above the lowest price."))
        return cleaned

    def cleaned_filters(self) -> dict:
        """Valid fields only: one bad value does not throw away the buyer's other choices."""
        if not self.is_bound:
            return {}
        self.is_valid()
        filters = {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "sort" and value not in (None, "", False)
        }
        if "group" in filters:
            filters["group_slug"] = filters.pop("group")
        return filters

    def cleaned_sort(self) -> str:
        """The chosen order; search results come best match first unless another is chosen."""
        if not self.is_bound:
            return "newest"
        self.is_valid()
        chosen = self.cleaned_data.get("sort")
        if chosen in SORT_ORDERS:
            return chosen
        return "relevance" if self.cleaned_data.get("q") else "newest"


class GroupDirectoryFilterForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("All countries"))] + Country.choices
    )
    province = forms.CharField(label=_("Province"), required=False, max_length=80)

    def cleaned_filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class VariantForm(forms.ModelForm):
    """One row of the stock screen. It carries the stock it was shown with, so that saving
    applies what staff changed (entered − shown) rather than an old absolute number."""

    stock_shown = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = ProductVariant
        fields = ["label", "sku", "price", "stock", "is_active", "sort_order"]
        widgets = {"sort_order": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["stock_shown"].initial = self.instance.stock

    def clean_sku(self):
        return self.cleaned_data["sku"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and cleaned.get("stock_shown") is None:
            raise forms.ValidationError(
                _("This screen is out of date: reload it and enter the stock again.")
            )
        return cleaned

    def variant_edit(self) -> VariantEdit | None:
        """What to save of this row (None for an empty new row); call after is_valid()."""
        if self.instance.pk is None and not self.has_changed():
            return None
        return VariantEdit(
            variant=self.instance,
            fields_changed=bool(set(self.changed_data) - {"stock", "stock_shown"}),
            stock_entered=self.cleaned_data["stock"],
            stock_shown=self.cleaned_data.get("stock_shown"),
        )


VariantFormSet = modelformset_factory(ProductVariant, form=VariantForm, extra=1, can_delete=False)
