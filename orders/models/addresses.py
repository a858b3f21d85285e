"""The postal address fields, declared once for orders and buyers' saved addresses."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# In form order; the checkout, saved addresses and orders.accounts.addresses use these names.
POSTAL_ADDRESS_FIELDS = ("province", "city", "address_line1", "address_line2", "postal_code")
# What a delivery needs (the checkout asks for them when shipping; a saved address has them).
POSTAL_ADDRESS_REQUIRED = ("province", "city", "address_line1")


class PostalAddress(models.Model):
    """Abstract: the same columns on every model that holds an address (no table of its own)."""

    province = models.CharField(_("province"), max_length=80, blank=True)
    city = models.CharField(_("district or city"), max_length=80, blank=True)
    address_line1 = models.CharField(_("address"), max_length=200, blank=True)
    address_line2 = models.CharField(_("address (line 2)"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)

    class Meta:
        abstract = True
