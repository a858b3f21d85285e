"""Every field that looks personal is classified: in the registry (with who may see, export and
delete it) or in NOT_PERSONAL (with the reason). A new field named like `phone` or a new file
field fails here until someone decides."""

import re

from django.apps import apps
from django.db import models

from orders.privacy.registry import NOT_PERSONAL, PERSONAL_FIELDS, Role, registry_by_label

PERSONAL_LOOKING = re.compile(
    r"name|phone|mobile|e_?mail|address|contact|document|(^|_)ip(_|$)|photo|avatar|"
    r"recipient|user_agent|cnic|birth|(^|_)note$|(^|_)bio$|token|session_data"
)


def _fields_that_look_personal():
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if model_field.model is not model:
                continue  # inherited: checked on the model that declares it
            if PERSONAL_LOOKING.search(model_field.name) or isinstance(
                model_field, models.FileField
            ):
                yield f"{model._meta.label}.{model_field.name}"


def test_every_field_that_looks_personal_is_classified():
    classified = set(registry_by_label()) | set(NOT_PERSONAL)
    unclassified = sorted(set(_fields_that_look_personal()) - classified)
    assert unclassified == [], (
        "Classify these fields in privacy/registry.py (PERSONAL_FIELDS with who may see, "
        f"export and delete them, or NOT_PERSONAL with the reason): {unclassified}"
    )


def test_every_classified_field_exists():
    missing = []
    for label in [*registry_by_label(), *NOT_PERSONAL]:
        model_label, field_name = label.rsplit(".", 1)
        model = apps.get_model(model_label)
        try:
            model._meta.get_field(field_name)
        except Exception:
            missing.append(label)
    assert missing == []


def test_no_field_is_both_personal_and_not():
    assert set(registry_by_label()) & set(NOT_PERSONAL) == set()
    assert len(registry_by_label()) == len(PERSONAL_FIELDS)


def test_the_public_never_exports_or_deletes_anything():
    for row in PERSONAL_FIELDS:
        assert row.mark("export", Role.PUBLIC) == "no", row.label
        assert row.mark("delete", Role.PUBLIC) == "no", row.label
