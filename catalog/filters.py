"""The shop's and the producers directory's query strings as django-filter FilterSets.

The parameters (`q`, `category`, `technique`, `group`, `province`, `district`, `min_price`,
`max_price`, `in_stock`, `sort`; `country`, `province`) are the public URLs' own, so old links
keep working. A value that does not validate is reported on the form and left out; the valid
ones still apply (django-filter filters on `cleaned_data`, which holds valid fields only).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from catalog.forms import LightSelect, ShopFilterForm
from catalog.models import ProductPage
from catalog.models.groups import Country
from catalog.selectors import SORT_ORDERS, order_by_relevance, product_search_ids

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # types only: django-stubs is a dev tool

MAX_PRICE = Decimal("10000000")


class CheckboxFilter(django_filters.Filter):
    """A ticked box narrows the listing; an unticked one (or none) leaves it alone."""

    field_class = forms.BooleanField


def _price_filter(label: StrOrPromise, lookup_expr: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        label=label,
        field_name="price_from",
        lookup_expr=lookup_expr,
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PRICE)],
    )


class ShopFilterSet(django_filters.FilterSet):
    """/shop/: filters over `catalog.selectors.products_for_sale()`, then the chosen order.

    `sort` is a plain form field (ShopFilterForm): ordering is applied once, after the
    filters, because a search orders by relevance unless another order is chosen.
    """

    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="filter_search")
    # Plain (slug, name) choices, set by ShopFilterForm from the cached filter choices.
    category = django_filters.ChoiceFilter(
        label=_("Craft"),
        method="filter_category",
        widget=LightSelect,
        empty_label=_("All crafts"),
    )
    technique = django_filters.ChoiceFilter(
        label=_("Technique"),
        method="filter_technique",
        widget=LightSelect,
        empty_label=_("All techniques"),
    )
    # Plain (slug, title) choices, set by ShopFilterForm: hundreds of groups must not mean
    # hundreds of page objects.
    group = django_filters.ChoiceFilter(
        label=_("Producer group"),
        field_name="producer_group__slug",
        widget=LightSelect,
        empty_label=_("All producer groups"),
    )
    province = django_filters.ChoiceFilter(
        label=_("Province"),
        field_name="producer_group__province",
        widget=LightSelect,
        empty_label=_("All provinces"),
    )
    district = django_filters.ChoiceFilter(
        label=_("District"),
        field_name="producer_group__district",
        widget=LightSelect,
        empty_label=_("All districts"),
    )
    min_price = _price_filter(_("Lowest price"), "gte")
    max_price = _price_filter(_("Highest price"), "lte")
    in_stock = CheckboxFilter(label=_("In stock only"), method="filter_in_stock")

    class Meta:
        form = ShopFilterForm

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matching_ids: list[int] | None = None

    def filter_search(
        self, queryset: QuerySet[ProductPage], name: str, value: str
    ) -> QuerySet[ProductPage]:
        # The search index finds the matches (best first); the other filters then apply to them.
        self.matching_ids = product_search_ids(value)
        return queryset.filter(pk__in=self.matching_ids)

    def filter_category(
        self, queryset: QuerySet[ProductPage], name: str, value: str
    ) -> QuerySet[ProductPage]:
        # The listing summary's copy of the craft, which is indexed.
        return queryset.filter(listing__category_id=self.form.category_ids[value])

    def filter_technique(
        self, queryset: QuerySet[ProductPage], name: str, value: str
    ) -> QuerySet[ProductPage]:
        return queryset.filter(techniques=self.form.technique_ids[value])

    def filter_in_stock(
        self, queryset: QuerySet[ProductPage], name: str, value: bool
    ) -> QuerySet[ProductPage]:
        return queryset.filter(listing__in_stock=True) if value else queryset

    def filter_queryset(self, queryset: QuerySet[ProductPage]) -> QuerySet[ProductPage]:
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        chosen = self.form.cleaned_data.get("sort")
        if chosen in SORT_ORDERS:
            return queryset.order_by(*SORT_ORDERS[chosen])
        if self.matching_ids is not None:
            return order_by_relevance(queryset, self.matching_ids)
        return queryset.order_by(*SORT_ORDERS["newest"])


class GroupDirectoryFilterSet(django_filters.FilterSet):
    """The producers directory (ProducerGroupIndexPage): by country and province."""

    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=Country.choices, empty_label=_("All countries")
    )
    province = django_filters.CharFilter(label=_("Province"), max_length=80)
