"""Every model field that holds personal data, and who may see, export and delete it.

The registry is data, read by the tests (`tests/privacy/`): one walks every model and fails on
a field that looks personal and is classified neither here nor in NOT_PERSONAL; another checks,
role by role, that what each role reaches through the real screens and exports is exactly what
this table says. The README's "Personal data" matrix is generated from it (`matrix_markdown`).

A cell is YES, NO or a condition (CONSENT, READY, MASKED, REQUEST) that the notes explain.
"""

from dataclasses import dataclass
from enum import StrEnum

from orders.privacy.registry_other import NOT_PERSONAL, PLANNED  # noqa: F401 (part of the registry)


class Role(StrEnum):
    BUYER = "buyer"  # the buyer themself (their account, or the private order link)
    OWN_GROUP_STAFF = "own group staff"  # the data is about their group's order or maker
    OTHER_GROUP_STAFF = "other group staff"
    ORGANISER = "organiser"  # organisers of a mela
    FINANCE = "finance"  # the Finance group (every order, payouts)
    MODERATOR = "moderator"  # Moderators group and commercial-terms staff
    PLATFORM_ADMIN = "platform admin"  # superusers
    PUBLIC = "public"  # anyone on the storefront


class Mark(StrEnum):
    YES = "yes"
    NO = "no"
    CONSENT = "with consent"  # only as far as the artisan's recorded consent allows
    READY = "own parcels"  # own sub-orders, once paid or cash on delivery, until cancelled
    MASKED = "masked"  # only the last four characters (payout account numbers)
    REQUEST = "on request"  # the person asks (account page); platform admins act


class Category(StrEnum):
    IDENTITY = "name"
    CONTACT = "contact"
    ADDRESS = "address"
    NOTE = "free text"
    PHOTO = "photo"
    CONSENT = "consent record"
    ACCOUNT = "login account"
    PAYMENT_ACCOUNT = "payout account"
    TECHNICAL = "technical (IP, browser)"
    CREDENTIAL = "link or token"
    MESSAGE = "message sent"


@dataclass(frozen=True)
class PersonalField:
    model: str  # app_label.ModelName, as in Model._meta.label
    field: str
    category: Category
    subject: str  # whose data it is
    see: dict[Role, Mark]
    export: dict[Role, Mark]
    delete: dict[Role, Mark]
    on_erasure: str  # what erasure on request does to it
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.model}.{self.field}"

    def mark(self, action: str, role: Role) -> Mark:
        return getattr(self, action).get(role, Mark.NO)


def marks(**cells: Mark) -> dict[Role, Mark]:
    """`marks(buyer=YES, finance=YES)`: roles by their attribute names; the rest are NO."""
    return {Role[name.upper()]: mark for name, mark in cells.items()}


Y, C, R, M, Q = Mark.YES, Mark.CONSENT, Mark.READY, Mark.MASKED, Mark.REQUEST

# Shared cells -----------------------------------------------------------------------------------
BUYER_EXPORT = marks(buyer=Q, platform_admin=Y)
BUYER_DELETE = marks(buyer=Q, platform_admin=Y)
ERASE_ONLY = marks(platform_admin=Y)
NOBODY: dict[Role, Mark] = {}

ORDER_CONTACT_SEEN = marks(buyer=Y, own_group_staff=Y, finance=Y, platform_admin=Y)
ORDER_SHIPPING_SEEN = marks(buyer=Y, own_group_staff=R, finance=Y, platform_admin=Y)
ORDER_PRIVATE_SEEN = marks(buyer=Y, finance=Y, platform_admin=Y)
ANONYMISED = "name → [erased], the rest emptied; order, parts, payments, ledger kept"


def _order(
    field_name: str,
    category: Category,
    see: dict[Role, Mark],
    note: str = "",
    export: dict[Role, Mark] = BUYER_EXPORT,
):
    return PersonalField(
        "orders.Order",
        field_name,
        category,
        "buyer",
        see,
        export,
        BUYER_DELETE,
        ANONYMISED,
        note,
    )


def _address(field_name: str, category: Category):
    return PersonalField(
        "orders.SavedAddress",
        field_name,
        category,
        "buyer",
        marks(buyer=Y, platform_admin=Y),
        BUYER_EXPORT,
        marks(buyer=Y, platform_admin=Y),
        "deleted",
    )


def _payout_account(model: str, field_name: str, see: dict[Role, Mark], note: str = ""):
    return PersonalField(
        model,
        field_name,
        Category.PAYMENT_ACCOUNT,
        "group (often a named person's wallet)",
        see,
        marks(finance=Y, platform_admin=Y) if model == "orders.Payout" else NOBODY,
        NOBODY,
        "kept: a payment record (finance must be able to show where money went)",
        note,
    )


ARTISAN_STAFF = dict(own_group_staff=Y, moderator=Y, platform_admin=Y)
ARTISAN_EXPORT = marks(platform_admin=Y)
ARTISAN_DELETE = marks(own_group_staff=Y, moderator=Y, platform_admin=Y)

USER_SEEN = marks(buyer=Y, platform_admin=Y)

PERSONAL_FIELDS: tuple[PersonalField, ...] = (
    # Orders: the buyer's contact and address, snapshotted at checkout.
    _order(
        "contact_name",
        Category.IDENTITY,
        ORDER_CONTACT_SEEN,
        "the order desk's and the transfers queue's downloads have a buyer column",
        export=marks(buyer=Q, own_group_staff=Y, finance=Y, platform_admin=Y),
    ),
    _order("contact_phone", Category.CONTACT, ORDER_SHIPPING_SEEN),
    _order("contact_email", Category.CONTACT, ORDER_PRIVATE_SEEN, "never shown to groups"),
    _order("province", Category.ADDRESS, ORDER_SHIPPING_SEEN),
    _order("city", Category.ADDRESS, ORDER_SHIPPING_SEEN),
    _order("address_line1", Category.ADDRESS, ORDER_SHIPPING_SEEN),
    _order("address_line2", Category.ADDRESS, ORDER_SHIPPING_SEEN),
    _order("postal_code", Category.ADDRESS, ORDER_SHIPPING_SEEN),
    _order("buyer_note", Category.NOTE, ORDER_SHIPPING_SEEN),
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
    _address("label", Category.ADDRESS),
    _address("contact_name", Category.IDENTITY),
    _address("contact_phone", Category.CONTACT),
    _address("province", Category.ADDRESS),
    _address("city", Category.ADDRESS),
    _address("address_line1", Category.ADDRESS),
    _address("address_line2", Category.ADDRESS),
    _address("postal_code", Category.ADDRESS),
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
        _payout_account(
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
        _payout_account(
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
        _payout_account("orders.Payout", name, marks(finance=Y, platform_admin=Y))
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
