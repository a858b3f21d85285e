"""A small marketplace with one person in it whose every personal field holds a value found
nowhere else (a marker), for the privacy tests: the access matrix and erasure."""

import io
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.db import connection
from django.db.models import Sum

from catalog.models import ArtisanConsent, ArtisanPage
from orders.lifecycle.payments import transfer_verify
from orders.models import LedgerEntry, Order, Payment, SavedAddress
from tests.factories import ImageFactory, UserFactory, make_artisan, png_bytes
from tests.orders.order_desk_support import finance_user, place_order, submit_transfer_reference

BUYER = {
    "contact_name": "Parveen Zarghuna",
    "contact_phone": "0321 7654329",
    "contact_email": "parveen.zarghuna@example.net",
    "province": "Khyber Pakhtunkhwa",
    "city": "Abbottabadzai",
    "address_line1": "Kothi 77 Qasimabad Lane",
    "address_line2": "Near Jheelwala Chowk",
    "postal_code": "22044",
    "buyer_note": "Ring twice Zarghuna",
}
ORDER_PROVINCE = "Khyber Provmarker"
BUYER_PHONE_STORED = "+923217654329"
SAVED = {
    "label": "Nanihal house",
    "contact_name": "Parveen Savedname",
    "contact_phone": "+923335550181",
    "province": "Punjab Savedprovince",
    "city": "Sargodhaqila",
    "address_line1": "Saved Street 19 Gulzarpura",
    "address_line2": "Block C Savedline",
    "postal_code": "40155",
}
ACCOUNT = {
    "username": "parveenz",
    "first_name": "Parveenfirst",
    "last_name": "Zarghunalast",
    "email": "parveen.account@example.net",
}
ARTISAN_NAME = "Shagufta Durrani"
ARTISAN_BIO = "Learnt tanka stitching from Durrani aunts"
ARTISAN_PHONE = "+923219876543"
GROUP_CONTACT = {
    "contact_name": "Rubina Contactwali",
    "contact_phone": "+923009998877",
    "contact_email": "rubina.contact@example.org",
}


@dataclass
class World:
    catalog: dict
    buyer: object
    order: Order
    guest_order: Order
    other_order: Order
    artisan: object
    hidden_artisan: object
    users: dict = field(default_factory=dict)

    def values(self) -> dict[str, str]:
        """Personal values by registry label (orders.Order.contact_phone → the stored phone)."""
        values = {f"orders.Order.{name}": value for name, value in BUYER.items()}
        values["orders.Order.contact_phone"] = BUYER_PHONE_STORED
        values["orders.Order.province"] = ORDER_PROVINCE
        values["orders.Order.access_token"] = self.order.access_token
        values["orders.Order.checkout_token"] = self.order.checkout_token
        values.update({f"orders.SavedAddress.{k}": v for k, v in SAVED.items() if v})
        values.update({f"auth.User.{k}": v for k, v in ACCOUNT.items()})
        values["catalog.ArtisanPage.full_name"] = ARTISAN_NAME
        values["catalog.ArtisanPage.bio"] = ARTISAN_BIO
        values["catalog.ArtisanPage.phone"] = ARTISAN_PHONE
        values.update({f"catalog.ProducerGroupPage.{k}": v for k, v in GROUP_CONTACT.items()})
        return values


def world_build(catalog, *, guest_email: str = BUYER["contact_email"]) -> World:
    """The buyer (an account) orders twice, pays by transfer (so the ledger has entries) and
    keeps a saved address; the same person orders once as a guest; a stranger orders too."""
    lahore = catalog["lahore"]
    for name, value in GROUP_CONTACT.items():
        setattr(lahore, name, value)
    lahore.save_revision().publish()
    buyer = UserFactory(**ACCOUNT)
    SavedAddress.objects.create(buyer=buyer, **SAVED)
    finance = finance_user()
    order = place_order(
        catalog, ("shawl", "quilt"), buyer=buyer, payment_method="transfer", **BUYER
    )
    submit_transfer_reference(order, "TX-7781")
    transfer_verify(payment_id=Payment.objects.get(order=order).pk, by=finance, approve=True)
    # The checkout offers provinces from a list: a value found nowhere else is set afterwards.
    Order.objects.filter(pk=order.pk).update(province=ORDER_PROVINCE)
    guest_order = place_order(catalog, ("shawl",), **{**BUYER, "contact_email": guest_email})
    other_order = place_order(
        catalog,
        ("quilt",),
        contact_name="Nasreen Other",
        contact_phone="0300 1112223",
        contact_email="nasreen.other@example.org",
    )
    photo = ImageFactory(
        collection=lahore.collection,
        title="Portrait",
        file=ImageFile(io.BytesIO(png_bytes()), name="portrait-durrani.png"),
    )
    artisan = make_artisan(
        lahore,
        full_name=ARTISAN_NAME,
        consent=ArtisanConsent.FULL_NAME,
        bio=ARTISAN_BIO,
        photo=photo,
        phone=ARTISAN_PHONE,
        sms_consent=True,
    )
    # Her consent changes later: the page's history now holds both names.
    artisan.consent = ArtisanConsent.FIRST_NAME
    artisan.save_revision().publish()
    hidden = make_artisan(
        lahore,
        full_name="Gulnaz Hiddenbibi",
        consent=ArtisanConsent.NOT_SHOWN,
        bio="Private bio Hiddenbibi",
    )
    return World(
        catalog=catalog,
        buyer=buyer,
        order=Order.objects.get(pk=order.pk),
        guest_order=Order.objects.get(pk=guest_order.pk),
        other_order=Order.objects.get(pk=other_order.pk),
        artisan=ArtisanPage.objects.get(pk=artisan.pk),
        hidden_artisan=ArtisanPage.objects.get(pk=hidden.pk),
        users={"finance": finance},
    )


def text_columns_containing(value: str) -> list[str]:
    """Every table.column of the database whose text holds `value` (case-insensitive)."""
    found = []
    introspection = connection.introspection
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            description = introspection.get_table_description(cursor, table)
            for column in description:
                quoted_table = connection.ops.quote_name(table)
                quoted_column = connection.ops.quote_name(column.name)
                try:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quoted_table} "  # noqa: S608 (names from the schema)
                        f"WHERE LOWER(CAST({quoted_column} AS TEXT)) LIKE %s",
                        [f"%{value.lower()}%"],
                    )
                except Exception:  # noqa: S112 (a column that cannot be cast: not text)
                    continue
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


def ledger_totals() -> dict:
    return dict(LedgerEntry.objects.values_list("producer_group").annotate(total=Sum("amount")))


def orders_balance(*orders) -> bool:
    for order in orders:
        order.refresh_from_db()
        parts = order.sub_orders.aggregate(
            items=Sum("items_total"), delivery=Sum("delivery_charge")
        )
        if parts["items"] != order.items_total or parts["delivery"] != order.delivery_total:
            return False
        if order.items_total + order.delivery_total != order.grand_total:
            return False
    return True


def moderator_user():
    user = UserFactory(username="moderator-privacy")
    user.groups.add(Group.objects.get(name="Moderators"))
    user.user_permissions.add(Permission.objects.get(codename="manage_commercial_terms"))
    return user
