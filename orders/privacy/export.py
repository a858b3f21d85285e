"""A copy of one person's personal data, as JSON or as CSV through the one CSV writer.

The fields exported are the registry's (privacy.registry), so a field added there is exported
without touching this module; each record also carries what identifies it (order number, date).
"""

import io
import json
from typing import Any

from django.db import transaction

from catalog.models import ArtisanPage
from marketplace.csv_export import SpreadsheetWriter
from marketplace.models import NotificationLog
from orders.privacy.models import PersonalDataAction, SubjectKind
from orders.privacy.registry import fields_of
from orders.privacy.subjects import BuyerSubject

ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "date_joined")
# The order's personal fields, without its links and tokens (credentials, not data about her).
ORDER_FIELDS = tuple(
    name for name in fields_of("orders.Order") if name not in ("access_token", "checkout_token")
)


def _values(instance, names) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in names}


def buyer_data(subject: BuyerSubject) -> dict[str, Any]:
    account = subject.account
    orders = []
    for order in subject.orders.prefetch_related("sub_orders__lines"):
        lines = [
            {
                "product": line.product_title,
                "variant": line.variant_label,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
            }
            for sub_order in order.sub_orders.all()
            for line in sub_order.lines.all()
        ]
        orders.append(
            {
                "number": order.number,
                "placed": order.created_at,
                "status": order.status,
                "total": order.grand_total,
                **_values(order, ORDER_FIELDS),
                "lines": lines,
            }
        )
    contacts = {value.lower() for value in subject.contacts()}
    notifications = [
        _values(log, ("created_at", "channel", "recipient", "subject", "body"))
        for log in NotificationLog.objects.filter(order_id__in=subject.order_ids).order_by("pk")
        if log.recipient.lower() in contacts
    ]
    return {
        "kind": SubjectKind.BUYER.value,
        "account": _values(account, ACCOUNT_FIELDS) if account is not None else None,
        "orders": orders,
        "saved_addresses": [
            _values(address, fields_of("orders.SavedAddress"))
            for address in subject.saved_addresses
        ],
        "notifications": notifications,
    }


def artisan_data(artisan: ArtisanPage) -> dict[str, Any]:
    photo = artisan.photo
    return {
        "kind": SubjectKind.ARTISAN.value,
        "artisan": {
            "id": artisan.pk,
            "producer_group": artisan.producer_group.title if artisan.producer_group else "",
            "full_name": artisan.full_name,
            "consent": str(artisan.get_consent_display()),
            "crafts": artisan.crafts,
            "bio": artisan.bio,
            "photo": photo.file.name if photo is not None else "",
            "phone": artisan.phone,
            "agrees_to_text_messages": artisan.sms_consent,
        },
        "products": list(artisan.products.order_by("pk").values_list("title", flat=True)),
    }


def flatten(data: dict[str, Any]):
    """(section, record, field, value) rows for the CSV."""
    for section, content in data.items():
        if section == "kind":
            continue
        records = content if isinstance(content, list) else [content]
        for index, record in enumerate(records, start=1):
            if record is None:
                continue
            if not isinstance(record, dict):
                yield (section, index, "value", record)
                continue
            for name, value in record.items():
                if isinstance(value, list):
                    for item_index, item in enumerate(value, start=1):
                        for item_name, item_value in item.items():
                            yield (section, index, f"{name}.{item_index}.{item_name}", item_value)
                else:
                    yield (section, index, name, value)


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, default=str, ensure_ascii=False, indent=2)


def as_csv(data: dict[str, Any]) -> str:
    stream = io.StringIO()
    writer = SpreadsheetWriter(stream)
    writer.writerow(["section", "record", "field", "value"])
    writer.writerows(flatten(data))
    return stream.getvalue()


def export_record(*, data: dict[str, Any], actor, subject=None) -> PersonalDataAction:
    """The audit of an export: who, when, whose kind of data, counts (never the data)."""
    with transaction.atomic():
        return PersonalDataAction.objects.create(
            action=PersonalDataAction.Action.EXPORT,
            subject_kind=data["kind"],
            account_id=(data.get("account") or {}).get("id") or _account_id(subject),
            artisan_page_id=(data.get("artisan") or {}).get("id"),
            order_numbers=[order["number"] for order in data.get("orders", [])],
            counts={
                section: len(content)
                for section, content in data.items()
                if isinstance(content, list)
            },
            actor=actor,
        )


def _account_id(subject) -> int | None:
    account = getattr(subject, "account", None)
    return account.pk if account is not None else None
