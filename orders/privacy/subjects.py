"""Whose data: one buyer (by account, or by the email or phone they ordered with) or one artisan.

A buyer who ordered as a guest has no account; the orders that name their email or phone are
theirs. The lookup never widens itself (a phone found on one order does not pull in other
orders with another email): staff search for what the person gave them.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q

from catalog.models import ArtisanPage
from marketplace.local_input import phone_normalise
from marketplace.users import User
from orders.models import Order, SavedAddress


class SubjectNotFound(Exception):
    """Nothing matches what staff typed."""


@dataclass
class BuyerSubject:
    account: User | None = None
    email: str = ""
    phone: str = ""
    order_ids: list[int] = field(default_factory=list)

    @property
    def orders(self):
        return Order.objects.filter(pk__in=self.order_ids).order_by("created_at", "pk")

    @property
    def saved_addresses(self):
        if self.account is None:
            return SavedAddress.objects.none()
        return SavedAddress.objects.filter(buyer=self.account)

    def contacts(self) -> set[str]:
        """Every email and phone of this person the database holds (for the notification log)."""
        values = {self.email, self.phone}
        if self.account is not None:
            values.add(self.account.email)
        for email, phone in self.orders.values_list("contact_email", "contact_phone"):
            values.update((email, phone))
        return {value.strip() for value in values if value and value.strip()}


def buyer_subject_find(
    *, account_id: int | None = None, username: str = "", email: str = "", phone: str = ""
) -> BuyerSubject:
    """The buyer and their orders; SubjectNotFound when nothing matches."""
    User = get_user_model()
    account = None
    if account_id is not None or username:
        lookup = {"pk": account_id} if account_id is not None else {"username": username}
        account = User.objects.filter(**lookup).first()
        if account is None:
            raise SubjectNotFound
    email = email.strip()
    if phone.strip():
        try:
            phone = phone_normalise(phone)
        except ValidationError:
            phone = phone.strip()
    else:
        phone = ""
    match = Q(pk__in=[])
    if account is not None:
        match |= Q(buyer=account)
        if account.email and not email:
            email = account.email
    if email:
        match |= Q(contact_email__iexact=email)
    if phone:
        match |= Q(contact_phone=phone)
    order_ids = list(Order.objects.filter(match).values_list("pk", flat=True))
    if account is None and not order_ids:
        raise SubjectNotFound
    return BuyerSubject(account=account, email=email, phone=phone, order_ids=order_ids)


def artisan_subject_find(*, artisan_id: int) -> ArtisanPage:
    artisan = ArtisanPage.objects.filter(pk=artisan_id).select_related("photo").first()
    if artisan is None:
        raise SubjectNotFound
    return artisan
