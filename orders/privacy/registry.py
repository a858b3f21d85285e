"""Every model field that holds personal data, and who may see, export and delete it.

The registry is data, read by the tests (`tests/privacy/`): one walks every model and fails on
a field that looks personal and is classified neither here nor in NOT_PERSONAL; another checks,
role by role, that what each role reaches through the real screens and exports is exactly what
this table says. The README's "Personal data" matrix is generated from it (`matrix_markdown`).

A cell is YES, NO or a condition (CONSENT, READY, MASKED, REQUEST) that the notes explain.
"""

from orders.privacy.registry_other import NOT_PERSONAL, PLANNED
from orders.privacy.registry_terms import (
    ARTISAN_DELETE,
    ARTISAN_EXPORT,
    ARTISAN_STAFF,
    BUYER_DELETE,
    BUYER_EXPORT,
    ERASE_ONLY,
    NOBODY,
    ORDER_CONTACT_SEEN,
    ORDER_PRIVATE_SEEN,
    ORDER_SHIPPING_SEEN,
    USER_SEEN,
    C,
    Category,
    M,
    Mark,
    PersonalField,
    Q,
    R,
    Role,
    Y,
    address_field,
    marks,
    order_field,
    payout_account_field,
)

# What the other modules import from here (re-exported: the registry's vocabulary with it).
__all__ = ["NOT_PERSONAL", "PERSONAL_FIELDS", "PLANNED", "Category", "Mark", "PersonalField"]
__all__ += ["Role", "fields_of", "registry_by_label"]

PERSONAL_FIELDS: tuple[PersonalField, ...] = (
    # Orders: the buyer's contact and address, snapshotted at checkout.
    order_field(
        "contact_name",
        Category.IDENTITY,
        ORDER_CONTACT_SEEN,
        "the order desk's and the transfers queue's downloads have a buyer column",
        export=marks(buyer=Q, own_group_staff=Y, finance=Y, platform_admin=Y),
    ),
    order_field("contact_phone", Category.CONTACT, ORDER_SHIPPING_SEEN),
    order_field("contact_email", Category.CONTACT, ORDER_PRIVATE_SEEN, "never shown to groups"),
    order_field("province", Category.ADDRESS, ORDER_SHIPPING_SEEN),
    order_field("city", Category.ADDRESS, ORDER_SHIPPING_SEEN),
    order_field("address_line1", Category.ADDRESS, ORDER_SHIPPING_SEEN),
    order_field("address_line2", Category.ADDRESS, ORDER_SHIPPING_SEEN),
    order_field("postal_code", Category.ADDRESS, ORDER_SHIPPING_SEEN),
    order_field("buyer_note", Category.NOTE, ORDER_SHIPPING_SEEN),
    PersonalField(
        "orders.Order",
        "access_token",
        Category.CREDENTIAL,
        "buyer",
        marks(buyer=Y, finance=Y, platform_admin=Y),
        marks(platform_admin=Y),
        NOBODY,
        "kept: it opens only the anonymised order",
        "the private order link; staff see it only inside the messages sent to the buyer "
        "(and so in the buyer's export)",
    ),
    PersonalField(
        "orders.Order",
        "checkout_token",
        Category.CREDENTIAL,
        "buyer",
        NOBODY,
        NOBODY,
        NOBODY,
        "kept: random, and shown to no screen",
        "one per checkout form (double submits); shown to no screen",
    ),
    # Saved addresses: the buyer's own address book.
    address_field("label", Category.ADDRESS),
    address_field("contact_name", Category.IDENTITY),
    address_field("contact_phone", Category.CONTACT),
    address_field("province", Category.ADDRESS),
    address_field("city", Category.ADDRESS),
    address_field("address_line1", Category.ADDRESS),
    address_field("address_line2", Category.ADDRESS),
    address_field("postal_code", Category.ADDRESS),
    # Login accounts (buyers and staff).
    PersonalField(
        "auth.User",
        "username",
        Category.ACCOUNT,
        "account holder",
        marks(buyer=Y, platform_admin=Y, finance=Y),
        BUYER_EXPORT,
        BUYER_DELETE,
        "replaced by erased-<id>; the account is deactivated",
        "finance see which account placed an order",
    ),
    *(
        PersonalField(
            "auth.User",
            name,
            category,
            "account holder",
            USER_SEEN,
            BUYER_EXPORT,
            BUYER_DELETE,
            "emptied; the account is deactivated",
        )
        for name, category in (
            ("first_name", Category.IDENTITY),
            ("last_name", Category.IDENTITY),
            ("email", Category.CONTACT),
        )
    ),
    PersonalField(
        "wagtailusers.UserProfile",
        "avatar",
        Category.PHOTO,
        "account holder",
        marks(platform_admin=Y),
        NOBODY,
        marks(platform_admin=Y),
        "deleted",
        "staff only; other editors see it beside their changes",
    ),
    # Artisans: credited only as far as they consent.
    PersonalField(
        "catalog.ArtisanPage",
        "full_name",
        Category.IDENTITY,
        "artisan",
        marks(**ARTISAN_STAFF, public=C),
        ARTISAN_EXPORT,
        ARTISAN_DELETE,
        "replaced by a fixed value; page revisions and old-name redirects deleted",
        "public: full name, first name only or nothing, as she agreed",
    ),
    PersonalField(
        "catalog.ArtisanPage",
        "consent",
        Category.CONSENT,
        "artisan",
        marks(**ARTISAN_STAFF),
        ARTISAN_EXPORT,
        ARTISAN_DELETE,
        "set to not shown",
    ),
    PersonalField(
        "catalog.ArtisanPage",
        "bio",
        Category.NOTE,
        "artisan",
        marks(**ARTISAN_STAFF, public=C),
        ARTISAN_EXPORT,
        ARTISAN_DELETE,
        "emptied",
    ),
    PersonalField(
        "catalog.ArtisanPage",
        "photo",
        Category.PHOTO,
        "artisan",
        marks(**ARTISAN_STAFF, public=C),
        ARTISAN_EXPORT,
        ARTISAN_DELETE,
        "the image and its renditions deleted",
        "public only with consent to her full name and photo",
    ),
    PersonalField(
        "catalog.ArtisanPage",
        "phone",
        Category.CONTACT,
        "artisan",
        marks(**ARTISAN_STAFF),
        ARTISAN_EXPORT,
        ARTISAN_DELETE,
        "emptied (and her agreement to text messages withdrawn)",
        "used only for the text messages she agreed to",
    ),
    # Her name copied on her group's book of her pay (rates at the sale, earnings, payments):
    # the rows outlive her page, so erasure rewrites the copies too.
    *(
        PersonalField(
            model,
            "maker_name",
            Category.IDENTITY,
            "artisan",
            marks(own_group_staff=Y, finance=Y, platform_admin=Y),
            NOBODY,
            ERASE_ONLY,
            "replaced by a fixed value by her erasure; amounts kept (the group's book)",
            "makers' pay screen and CSV: her group's staff and finance",
        )
        for model in ("orders.OrderLineMaker", "orders.MakerEarning", "orders.MakerPayment")
    ),
    # A producer group's contact person.
    *(
        PersonalField(
            "catalog.ProducerGroupPage",
            name,
            category,
            "group's contact person",
            marks(own_group_staff=Y, finance=Y, moderator=Y, platform_admin=Y)
            if name != "contact_name"
            else marks(own_group_staff=Y, moderator=Y, platform_admin=Y),
            NOBODY,
            marks(own_group_staff=Y, moderator=Y, platform_admin=Y),
            "not part of buyer or artisan erasure: the group edits it",
        )
        for name, category in (
            ("contact_name", Category.IDENTITY),
            ("contact_phone", Category.CONTACT),
            ("contact_email", Category.CONTACT),
        )
    ),
    # Payout accounts (a wallet is often in one woman's name).
    *(
        payout_account_field(
            "catalog.ProducerGroupTerms",
            name,
            marks(own_group_staff=M, finance=M, moderator=Y, platform_admin=Y)
            if masked
            else marks(own_group_staff=Y, finance=Y, moderator=Y, platform_admin=Y),
            "the group's confirmed account; its staff and the terms screens show numbers masked",
        )
        for name, masked in (
            ("payout_account_title", False),
            ("payout_account_number", True),
            ("payout_bank_name", False),
            ("stripe_account_id", True),
        )
    ),
    *(
        payout_account_field(
            "catalog.PayoutAccountChange",
            name,
            marks(finance=Y, moderator=Y, platform_admin=Y),
            "a proposed account, in full to the finance user who confirms it",
        )
        for name in (
            "payout_account_title",
            "payout_account_number",
            "payout_bank_name",
            "stripe_account_id",
        )
    ),
    *(
        payout_account_field("orders.Payout", name, marks(finance=Y, platform_admin=Y))
        for name in ("account_title", "account_number", "bank_name", "stripe_account_id")
    ),
    # Messages sent: the recipient's address and the text (which names the buyer).
    *(
        PersonalField(
            "marketplace.NotificationLog",
            name,
            Category.MESSAGE,
            "recipient (buyer or group)",
            marks(finance=Y, platform_admin=Y),
            marks(platform_admin=Y),
            ERASE_ONLY,
            "masked for the buyer's orders and addresses",
            "exported with the buyer's data when sent to the buyer's own phone or email",
        )
        for name in ("recipient", "body")
    ),
    # Newsletter readers (marketplace.newsletter): an address and its language, nothing else.
    PersonalField(
        "marketplace.NewsletterSubscriber",
        "email",
        Category.CONTACT,
        "newsletter reader",
        NOBODY,
        NOBODY,
        ERASE_ONLY,
        "not part of a buyer's erasure (a reader has no account); the reader's own link "
        "unsubscribes at once, and a platform admin deletes the row on request",
        "no screen lists subscribers; emails go only to confirmed addresses",
    ),
    # Login attempts (django-axes): who tried, from where.
    *(
        PersonalField(
            f"axes.{model}",
            name,
            Category.TECHNICAL,
            "anyone who logs in",
            marks(platform_admin=Y),
            NOBODY,
            ERASE_ONLY,
            "deleted for the account's username",
            "Settings → Login lockouts",
        )
        for model in ("AccessAttempt", "AccessLog", "AccessFailureLog")
        for name in ("username", "ip_address", "user_agent")
    ),
    PersonalField(
        "sessions.Session",
        "session_data",
        Category.TECHNICAL,
        "visitor",
        NOBODY,
        NOBODY,
        ERASE_ONLY,
        "the account's sessions deleted",
        "cart and login; shown to no screen",
    ),
    # Workshop sign-ups (events.workshops): a worker's phone and optional name.
    *(
        PersonalField(
            "events.WorkshopSignup",
            name,
            category,
            "worker who signs up for a workshop",
            marks(organiser=Y, moderator=Y, platform_admin=Y),
            NOBODY,
            NOBODY,
            "kept: no screen deletes a sign-up yet, nor does erasure (to do)",
            "on the workshop's attendance page, for whoever may edit the workshop",
        )
        for name, category in (("phone", Category.CONTACT), ("name", Category.IDENTITY))
    ),
    # Applications to join the network (catalog.network): the contact person, documents.
    *(
        PersonalField(
            model,
            name,
            category,
            "applying organisation's contact person",
            marks(moderator=Y, platform_admin=Y) if category != Category.CREDENTIAL else NOBODY,
            NOBODY,
            ERASE_ONLY,
            "not part of erasure: a platform admin deletes the application in the admin",
            "the applicant's private link" if category == Category.CREDENTIAL else "",
        )
        for model, name, category in (
            ("catalog.NetworkApplication", "contact_name", Category.IDENTITY),
            ("catalog.NetworkApplication", "contact_phone", Category.CONTACT),
            ("catalog.NetworkApplication", "contact_email", Category.CONTACT),
            ("catalog.NetworkApplication", "edit_token", Category.CREDENTIAL),
            ("catalog.NetworkApplicationDocument", "file", Category.NOTE),
            ("catalog.NetworkApplicationDocument", "original_name", Category.NOTE),
        )
    ),
    # Trade enquiries (orders.trade): the enquiring buyer; groups see the contact only once
    # their own quote is accepted (orders.trade.selectors.enquiry_contact_for_group).
    *(
        PersonalField(
            "trade.TradeEnquiry",
            name,
            category,
            "trade buyer",
            marks(buyer=Y, platform_admin=Y)
            if category == Category.CREDENTIAL
            else marks(buyer=Y, own_group_staff=R, moderator=Y, platform_admin=Y),
            NOBODY,
            NOBODY,
            "not deleted yet: neither erasure nor a screen removes a trade enquiry (to do)",
            "the buyer's private link to the quotes"
            if category == Category.CREDENTIAL
            else "a group sees it only once its own quote is accepted",
        )
        for name, category in (
            ("buyer_name", Category.IDENTITY),
            ("business_name", Category.IDENTITY),
            ("contact_phone", Category.CONTACT),
            ("contact_email", Category.CONTACT),
            ("access_token", Category.CREDENTIAL),
        )
    ),
    PersonalField(
        "events.ScheduleItem",
        "presenters",
        Category.IDENTITY,
        "presenter at a mela",
        marks(**{role.name.lower(): Y for role in Role}),
        NOBODY,
        marks(organiser=Y, moderator=Y, platform_admin=Y),
        "not part of buyer or artisan erasure: organisers edit the programme",
        "published on the mela's programme by the organisers",
    ),
)


def registry_by_label() -> dict[str, PersonalField]:
    return {row.label: row for row in PERSONAL_FIELDS}


def fields_of(model_label: str, category: Category | None = None) -> list[str]:
    return [
        row.field
        for row in PERSONAL_FIELDS
        if row.model == model_label and (category is None or row.category == category)
    ]
