from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orders.models.addresses import PostalAddress


class SavedAddress(PostalAddress):
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses"
    )
    label = models.CharField(_("label"), max_length=40, help_text=_("For example: home, office"))
    contact_name = models.CharField(_("name"), max_length=120)
    contact_phone = models.CharField(_("phone"), max_length=20)
    # The PostalAddress fields; a saved address is for delivery, so these three are required
    # here (the same columns, only `blank` differs).
    province = models.CharField(_("province"), max_length=80)
    city = models.CharField(_("district or city"), max_length=80)
    address_line1 = models.CharField(_("address"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["label", "pk"]
        verbose_name = _("saved address")
        verbose_name_plural = _("saved addresses")

    def __str__(self):
        return f"{self.label}: {self.address_line1}, {self.city}"
