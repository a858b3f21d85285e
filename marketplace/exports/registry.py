"""What an export is: its name, who may run it, its filter form, how many rows and which rows.

An app registers each of its exports once, from its AppConfig.ready (the Celery worker loads
no admin hooks, and it must find the export by name):

    export_register(ExportDefinition(name="finance-sales-lines", ...))
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise

from marketplace.users import AnyUser

Params = Mapping[str, str]

# Up to this many rows an export is answered at once, in the request; above, by a task.
IMMEDIATE_ROWS_DEFAULT = 2000


@dataclass(frozen=True)
class ExportDefinition:
    name: str  # in URLs and on ExportJob.export_name: letters, digits, dashes
    label: str | Promise
    may_run: Callable[[AnyUser], bool]
    # Validates the filters from a query string; its cleaned data become the job's params
    # (as text: dates in ISO form), so the task sees exactly what the user chose.
    form_class: type[forms.Form]
    header: Callable[[], Sequence[str]]
    count: Callable[[Params], int]
    rows: Callable[[Params], Iterable[Sequence[Any]]]
    filename: Callable[[Params], str]
    immediate_rows: int = IMMEDIATE_ROWS_DEFAULT


_registry: dict[str, ExportDefinition] = {}


def export_register(definition: ExportDefinition) -> None:
    _registry[definition.name] = definition


def export_definition(name: str) -> ExportDefinition:
    """The registered export called `name`; KeyError if there is none."""
    return _registry[name]


def params_from(form: forms.Form) -> dict[str, str]:
    """A valid form's cleaned data as text, for the job's JSON (empty values left out)."""
    params = {}
    for key, value in form.cleaned_data.items():
        if value in (None, ""):
            continue
        params[key] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return params
