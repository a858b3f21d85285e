"""Forms that validate what buyers type into catalog URLs, and the stock editing form."""

from functools import lru_cache

from django import forms
from django.forms import modelformset_factory
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalog.models import ProductVariant
from catalog.models.taxonomy import localized_name
from catalog.selectors import shop_filter_choices, shop_filter_group
from catalog.services import VariantEdit
from marketplace.templatetags.bidi import content_lang


class LightSelect(forms.Select):
    """A <select> rendered in one pass. Django renders each option through a template, which
    costs more than the rest of the shop page once the list holds hundreds of producer groups.
    The options are rendered once per list and language, then the chosen ones are marked."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        choices = tuple((str(option), str(label)) for option, label in self.choices)
        options = _options_html(choices, get_language())
        for chosen in set(self.format_value(value)):
            start = format_html('<option value="{}"', chosen)  # its closing quote included
            options = options.replace(start, f"{start} selected", 1)
        # The options were escaped by format_html_join; a value is marked only where it is.
        options = mark_safe(options)  # noqa: S308
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


@lru_cache(maxsize=128)
def _options_html(choices: tuple[tuple[str, str], ...], language: str) -> str:
    # content_lang: an English name on an Urdu page is marked lang="en" (hence the language).
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((option, content_lang(label), label) for option, label in choices),
    )


class ShopFilterForm(forms.Form):
    """The form behind catalog.filters.ShopFilterSet, which declares the filter fields.

    It adds the sort choice, the field order, the choices read from the database and the
    cross-field check. Anything invalid is reported and ignored, never a 500.
    """

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
    field_order = [
        "q",
        "category",
        "technique",
        "group",
        "province",
        "district",
        "min_price",
        "max_price",
        "in_stock",
        "sort",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = shop_filter_choices()
        self.category_ids = {slug: pk for slug, pk, _name, _name_ur in choices["categories"]}
        self.technique_ids = {slug: pk for slug, pk, _name, _name_ur in choices["techniques"]}
        for field, rows in (("category", "categories"), ("technique", "techniques")):
            self.fields[field].choices = [
                (slug, localized_name(name, name_ur)) for slug, _pk, name, name_ur in choices[rows]
            ]
        groups = choices["groups"]
        if groups is None:
            # Too many to list (selectors.MAX_GROUPS_IN_SELECT): buyers reach a group's
            # products from its page; a chosen group is checked alone and kept hidden.
            chosen = self.data.get(self.add_prefix("group")) if self.is_bound else None
            groups = shop_filter_group(chosen) if chosen else []
            self.fields["group"].widget = forms.HiddenInput()
        self.fields["group"].choices = groups
        self.fields["province"].choices = [(p, _(p)) for p in choices["provinces"]]
        self.fields["district"].choices = [(d, d) for d in choices["districts"]]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_price"), cleaned.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The highest price must be above the lowest price."))
        return cleaned


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
        # Left blank, a new variant gets one made from the product's name (services.sku_generate).
        self.fields["sku"].required = False
        if self.instance.pk is not None:
            self.fields["stock_shown"].initial = self.instance.stock

    def clean_sku(self):
        sku = (self.cleaned_data.get("sku") or "").strip().upper()
        if sku:
            return sku
        # Blank: an existing variant keeps its SKU; a new one gets one made when saved (None,
        # not "", so that several blank rows are not taken for the same SKU twice).
        return self.instance.sku if self.instance.pk is not None else None

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


# Three empty rows: a product's sizes or colours are usually added together.
NEW_VARIANT_ROWS = 3
VariantFormSet = modelformset_factory(
    ProductVariant, form=VariantForm, extra=NEW_VARIANT_ROWS, can_delete=False
)
