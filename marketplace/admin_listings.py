"""What the project's admin listings share on top of Wagtail's generic IndexView.

Each listing decides who may open it with one predicate (`user_may_list`) and takes its rows
from the app's `for_user` selector in `get_base_queryset`, so a listing can never show a row
its selector does not give that user, whatever the template, filter or export does.
Their CSV exports go through marketplace.csv_export (formula cells neutralised, see
`wagtail_exports_neutralised`) and start with a byte order mark, so Excel reads Urdu names.
"""

import datetime
from itertools import chain

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.coreutils import multigetattr

from marketplace.money import format_pkr, to_money
from marketplace.templatetags.bidi import isolate


class ScopedIndexView(IndexView):
    """An IndexView without Wagtail's model permission policy: `user_may_list` decides, and
    the rows come from get_base_queryset (a `for_user` selector)."""

    permission_policy = None
    any_permission_required = None
    search_backend_name = None  # search_fields with the database, not a search index
    paginate_by = 50
    #: a sort key as the `ordering` parameter names it -> the fields the queryset orders by
    #: ascending; "-key" reverses every one of them (keep a unique field last, e.g. "pk")
    orderings: dict[str, tuple[str, ...]] = {}
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime.datetime: {
            **IndexView.custom_value_preprocess[datetime.datetime],
            IndexView.FORMAT_CSV: lambda value: timezone.localtime(value).strftime(
                "%Y-%m-%d %H:%M"
            ),
        },
    }

    #: fields downloaded after the columns' own: {dotted path: heading}
    extra_export: dict = {}

    def user_may_list(self, user) -> bool:
        raise NotImplementedError

    @cached_property
    def _exported_columns(self) -> list[Column]:
        return [
            column
            for column in self.columns
            if isinstance(column.accessor, str) and getattr(column, "exported", True)
        ]

    @cached_property
    def list_export(self) -> list[str]:
        """The download has the listing's columns (raw values) and then `extra_export`."""
        return [column.accessor for column in self._exported_columns] + list(self.extra_export)

    @cached_property
    def export_headings(self) -> dict:
        headings = {column.accessor: column.label for column in self._exported_columns}
        return {**headings, **self.extra_export}

    @cached_property
    def money_export_fields(self) -> set[str]:
        """Money goes out as a number with two places ("1800.00"), never "Rs 1,800"."""
        return {c.accessor for c in self._exported_columns if isinstance(c, MoneyColumn)}

    def to_row_dict(self, item):
        """Like Wagtail's, but an empty relation ("stall.number" without a stall) is empty."""
        return {field: _value_or_none(item, field) for field in self.list_export}

    def get_preprocess_function(self, field, value, export_format):
        if field in self.money_export_fields:
            return lambda amount: to_money(amount or 0)
        return super().get_preprocess_function(field, value, export_format)

    def dispatch(self, request, *args, **kwargs):
        if not self.user_may_list(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def order_queryset(self, queryset):
        key = self.ordering or ""
        fields = self.orderings.get(key.removeprefix("-"))
        if fields is None:
            return super().order_queryset(queryset)
        if key.startswith("-"):
            fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
        return queryset.order_by(*fields)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response.streaming_content = chain(["\ufeff"], response.streaming_content)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


def _value_or_none(item, path: str):
    try:
        return multigetattr(item, path)
    except AttributeError:
        return None


class MoneyColumn(Column):
    """An amount as people read it on every screen ("Rs 1,800", "−Rs 1,800")."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return format_pkr(value if value is not None else 0)


class TemplateColumn(Column):
    """A cell drawn by a template (a form, warnings, links) from `instance` and `extra`;
    downloaded (its accessor's value) only if `exported`."""

    def __init__(self, name, *, template_name: str, extra=None, exported=False, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template_name
        self.extra = extra or {}
        self.exported = exported

    def get_cell_context_data(self, instance, parent_context):
        return {**super().get_cell_context_data(instance, parent_context), **self.extra}


class ContentColumn(Column):
    """A cell of content people typed (a group's name, a buyer's, a product title): isolated,
    and marked lang="en" when it is English on an Urdu screen (see marketplace bidi)."""

    def get_value(self, instance):
        return isolate(super().get_value(instance))


class ContentTitleColumn(TitleColumn):
    """A listing's linked title that is content people typed, isolated like ContentColumn."""

    def get_value(self, instance):
        return isolate(super().get_value(instance))
