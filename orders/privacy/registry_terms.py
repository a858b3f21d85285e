"""The personal-data registry's vocabulary: the roles, the marks of a cell, the categories, a
row (PersonalField), and the cells and row makers the registry (orders/privacy/registry.py)
uses again and again."""

from dataclasses import dataclass
from enum import StrEnum


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


def order_field(
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


def address_field(field_name: str, category: Category):
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


def payout_account_field(model: str, field_name: str, see: dict[Role, Mark], note: str = ""):
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
