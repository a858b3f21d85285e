from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusChange(models.Model):
    """Who changed what, when: one row per status change of an order or sub-order."""

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="history")
    sub_order = models.ForeignKey(
        "orders.SubOrder", null=True, blank=True, on_delete=models.CASCADE, related_name="history"
    )
    field = models.CharField(max_length=32)
    old_value = models.CharField(max_length=32, blank=True)
    new_value = models.CharField(max_length=32)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=255, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.field}: {self.old_value} → {self.new_value}"
