"""A marketplace whose every buyer- and staff-editable text holds the stored XSS payloads
(tests/xss_payloads.py): groups, artisans, products and variants, categories, the home page,
a mela with its schedule, stalls and applications, orders placed through the real checkout,
a transfer reference, decline and cancel reasons, notifications, a payout and a saved address.

Long fields get all fifty payloads (split over a few objects where a field has a limit);
short fields get a run of them, starting at a different payload for each object, so that
every page shows every payload somewhere. Rich text is stored as the admin's editor stores
it: Draftail's contentstate converted by Wagtail (text and `javascript:` links included).
"""

import json
from datetime import time, timedelta
from decimal import Decimal
from itertools import count

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from catalog.models import ArtisanConsent, ProductImage
from events.models import ExhibitorApplication
from events.models.pages import mela_today
from marketplace.models import NotificationLog
from marketplace.site_setup import site_tree_ensure
from orders.finance.payouts import payout_create
from orders.lifecycle.payments import transfer_reference_submit
from orders.lifecycle.sub_orders import sub_order_cancel, sub_order_decline
from orders.models import Order, SavedAddress
from tests.factories import (
    CraftCategoryFactory,
    ImageFactory,
    UserFactory,
    make_application,
    make_artisan,
    make_group,
    make_mela,
    make_payable_group,
    make_product,
    make_staff,
    make_stall,
)
from tests.orders.conftest import add_to_cart, checkout_data
from tests.xss_payloads import XSS_PAYLOADS, payload_chunks, payloads_within

_starts = count(0, 7)


def run(max_length: int) -> str:
    """A run of payloads for one short field, starting further on each call."""
    return payloads_within(max_length, next(_starts) % len(XSS_PAYLOADS))


def everything(max_length: int = 100_000) -> str:
    return payload_chunks(max_length)[0]


def rich_text_as_editor_stores_it() -> str:
    """Every payload as paragraph text and as a link's URL, through Draftail's converter."""
    blocks, entities = [], {}
    for index, payload in enumerate(XSS_PAYLOADS):
        entities[str(index)] = {"type": "LINK", "mutability": "MUTABLE", "data": {"url": payload}}
        blocks.append(
            {
                "key": f"k{index}",
                "type": "unstyled",
                "depth": 0,
                "text": payload,
                "inlineStyleRanges": [{"offset": 0, "length": len(payload), "style": "BOLD"}],
                "entityRanges": [{"offset": 0, "length": len(payload), "key": index}],
            }
        )
    contentstate = json.dumps({"blocks": blocks, "entityMap": entities})
    return ContentstateConverter(features=["bold", "italic", "link"]).to_database_format(
        contentstate
    )


def story() -> list[tuple[str, object]]:
    image = ImageFactory()
    return [
        ("paragraph", rich_text_as_editor_stores_it()),
        ("quote", {"text": everything(), "attribution": run(120)}),
        ("image", {"image": image, "alt_text": run(200), "caption": run(200)}),
    ]


def build_hostile_world() -> dict:
    category = CraftCategoryFactory(name=run(80), slug="hostile-craft", description=everything())
    home, _producers = site_tree_ensure()
    home.hero_heading = run(120)
    home.hero_text = payloads_within(400)
    home.save_revision().publish()

    group = make_group(
        run(255),
        slug="hostile-group",
        tagline=run(160),
        province=run(80),
        district=run(80),
        contact_name=run(120),
        story=story(),
    )
    artisans = [
        make_artisan(
            group,
            full_name=run(120),
            consent=ArtisanConsent.FULL_NAME,
            crafts=run(200),
            bio=bio,
            slug=f"hostile-artisan-{index}",
        )
        for index, bio in enumerate(payload_chunks(800))
    ]
    products = []
    for index in range(3):
        product = make_product(
            group,
            run(255),
            slug=f"hostile-product-{index}",
            category=category,
            materials=run(200),
            dimensions=run(100),
            care_instructions=everything(),
            variants=2,
            stock=50,
        )
        product.description = rich_text_as_editor_stores_it()
        for variant in product.variants.all():
            variant.label = run(80)
            variant.save(update_fields=["label"])
        product.gallery_images.add(
            ProductImage(image=ImageFactory(), alt_text=run(200), caption=run(200))
        )
        product.save_revision().publish()
        products.append(product)
    staff = make_staff(group, "hostile-staff")

    mela = make_mela(
        run(255),
        slug="hostile-mela",
        intro=run(300),
        venue_name=run(160),
        venue_address=run(300),
        venue_city=run(80),
        province=run(80),
        district=run(80),
        hero_alt_text=run(200),
        entry_information=everything(),
        organiser_name=run(160),
        description=story(),
        schedule=[
            {
                "day": mela_today() + timedelta(days=7),
                "start_time": time(11),
                "end_time": time(12),
                "title": run(160),
                "kind": "workshop",
                "place": run(120),
                "description": description,
                "presenters": run(200),
            }
            for description in payload_chunks(600)
        ],
    )
    stall = make_stall(mela, "A-1", zone=run(60))
    application = make_application(mela, group, products=products, status="approved", stall=stall)
    ExhibitorApplication.objects.filter(pk=application.pk).update(
        needs=everything(), decision_reason=everything(1000)
    )
    other_group = make_group("Hala Ralli Makers", slug="hala-ralli")
    refused = make_application(mela, other_group, status="declined")
    ExhibitorApplication.objects.filter(pk=refused.pk).update(
        needs=everything(), decision_reason=everything(1000)
    )

    buyer = UserFactory(username="hostile-buyer")
    for index, label in enumerate(payload_chunks(40)[:4]):
        SavedAddress.objects.create(
            buyer=buyer,
            label=label,
            contact_name=run(120),
            contact_phone="03001234567",
            province=run(80),
            city=run(80),
            address_line1=run(200),
            address_line2=run(200),
            postal_code=str(54000 + index),
        )
    buyer_client = Client()
    buyer_client.force_login(buyer)
    orders = []
    for index, note in enumerate(payload_chunks(500)):
        add_to_cart(buyer_client, products[index % 3].variants.first(), 1)
        method = "transfer" if index == 0 else "cod"
        data = checkout_data(
            buyer_client,
            contact_name=run(120),
            city=run(80),
            address_line1=run(200),
            address_line2=run(200),
            buyer_note=note,
            payment_method=method,
        )
        response = buyer_client.post("/checkout/", data)
        assert response.status_code == 302, response.context["form"].errors
        orders.append(Order.objects.latest("pk"))
    transfer_reference_submit(order_id=orders[0].pk, provider="jazzcash", reference=run(80))
    decline_reason, cancel_reason = payload_chunks(255)[:2]
    sub_order_decline(user=staff, sub_order_id=orders[1].sub_orders.get().pk, reason=decline_reason)
    platform = UserFactory(username="hostile-admin", is_superuser=True, is_staff=True)
    sub_order_cancel(by=platform, sub_order_id=orders[2].sub_orders.get().pk, reason=cancel_reason)
    shipped = orders[3].sub_orders.get()
    shipped.courier, shipped.tracking_number = run(80), run(80)
    shipped.save(update_fields=["courier", "tracking_number"])

    notifications = [
        NotificationLog.objects.create(
            dedupe_key=f"hostile-{index}",
            event="order_placed",
            channel=NotificationLog.Channel.EMAIL,
            recipient=run(254),
            language="en",
            subject=run(255),
            body=body,
            last_error=everything(),
            order_id=orders[0].pk,
        )
        for index, body in enumerate(payload_chunks(2000))
    ]

    payable = make_payable_group(
        run(255),
        slug="hostile-payable",
        payout_account_title=run(120),
        payout_bank_name=run(120),
        earned=Decimal("2500.00"),
    )
    payout = payout_create(group_id=payable.pk)
    finance = UserFactory(username="hostile-finance")
    finance.groups.add(Group.objects.get(name="Finance"))
    return {
        "group": group,
        "home_pk": home.pk,
        "artisans": artisans,
        "notification_ids": [row.pk for row in notifications],
        "products": products,
        "mela": mela,
        "stall": stall,
        "application": application,
        "orders": orders,
        "sub_orders": [order.sub_orders.get() for order in orders],
        "payout": payout,
        "payable": payable,
        "users": {"buyer": buyer, "staff": staff, "admin": platform, "finance": finance},
        "built_at": timezone.now(),
    }
