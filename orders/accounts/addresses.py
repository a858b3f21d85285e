"""A buyer's saved delivery addresses: added, edited and removed only by their owner.

Every lookup goes through `orders.selectors.saved_addresses_of(buyer)`, so another buyer's
address id is simply not found (the views answer 404), never edited.
"""

from django.db import transaction

from marketplace.users import User
from orders.checkout.placement import BuyerDetails
from orders.models import SavedAddress
from orders.models.addresses import POSTAL_ADDRESS_FIELDS
from orders.selectors import saved_addresses_of

ADDRESS_FIELDS = ("contact_name", "contact_phone", *POSTAL_ADDRESS_FIELDS)
MAX_ADDRESSES_PER_BUYER = 20


class AddressLimitError(Exception):
    """The buyer already has as many saved addresses as allowed."""


def saved_address_create(*, buyer: User, label: str, **fields: str) -> SavedAddress:
    with transaction.atomic():
        # Lock the buyer's rows so two tabs cannot both pass the limit check.
        count = len(saved_addresses_of(buyer).select_for_update().values_list("pk", flat=True))
        if count >= MAX_ADDRESSES_PER_BUYER:
            raise AddressLimitError
        return SavedAddress.objects.create(buyer=buyer, label=label, **_address(fields))


def saved_address_update(
    *, buyer: User, address_id: int, label: str, **fields: str
) -> SavedAddress:
    """Raises SavedAddress.DoesNotExist for an address that is not the buyer's."""
    with transaction.atomic():
        address = saved_addresses_of(buyer).select_for_update().get(pk=address_id)
        address.label = label
        for name, value in _address(fields).items():
            setattr(address, name, value)
        address.save()
        return address


def saved_address_delete(*, buyer: User, address_id: int) -> None:
    """Raises SavedAddress.DoesNotExist for an address that is not the buyer's."""
    with transaction.atomic():
        saved_addresses_of(buyer).get(pk=address_id).delete()


def saved_address_remember(*, buyer: User, details: BuyerDetails, label: str = "") -> SavedAddress:
    """Keep the address a buyer just ordered to ("save this address" at checkout).

    Saving the same address twice keeps one copy; beyond the limit nothing new is saved.
    """
    fields = {name: getattr(details, name) for name in ADDRESS_FIELDS}
    with transaction.atomic():
        mine = saved_addresses_of(buyer).select_for_update()
        if existing := mine.filter(**fields).first():
            return existing
        if len(mine.values_list("pk", flat=True)) >= MAX_ADDRESSES_PER_BUYER:
            raise AddressLimitError
        return SavedAddress.objects.create(
            buyer=buyer, label=(label or details.city)[:40], **fields
        )


def _address(fields: dict[str, str]) -> dict[str, str]:
    unknown = set(fields) - set(ADDRESS_FIELDS)
    if unknown:
        raise TypeError(f"Not address fields: {', '.join(sorted(unknown))}")
    return {name: (fields.get(name) or "").strip() for name in ADDRESS_FIELDS}
