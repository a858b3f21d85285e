"""A producer group's commercial terms: commission, verification and where payouts go.

Deliberately not fields of ProducerGroupPage: pages have revisions, and publishing or
reverting to an old revision must never bring back an old commission or an old bank account.
Changes go through catalog.terms.services and are recorded in TermsChange. A new payout
account is only proposed (PayoutAccountChange) until a second finance user confirms it;
payouts use the confirmed account held on ProducerGroupTerms.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models.groups import PayoutMethod, VerificationStatus, default_commission_rate

# The fields that make up a payout account; changing any of them needs a second person.
PAYOUT_ACCOUNT_FIELDS = (
    "payout_method",
    "payout_account_title",
    "payout_account_number",
    "payout_bank_name",
    "stripe_account_id",
)
# Shown masked wherever a change is listed (history, notifications, pending changes).
MASKED_FIELDS = ("payout_account_number", "stripe_account_id")


def mask_account(value: str) -> str:
    """An account number as history and messages show it: its last four characters."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= 4:
        return "•" * len(value)
    return "•••• " + value[-4:]


class PayoutAccountFields(models.Model):
    """The account fields, shared by the confirmed terms and a proposed change."""

    payout_method = models.CharField(
        _("payout method"), max_length=20, choices=PayoutMethod.choices, blank=True
    )
    payout_account_title = models.CharField(_("account title"), max_length=120, blank=True)
    payout_account_number = models.CharField(
        _("account number, IBAN or wallet number"), max_length=64, blank=True
    )
    payout_bank_name = models.CharField(_("bank name"), max_length=120, blank=True)
    stripe_account_id = models.CharField(_("Stripe connected account"), max_length=64, blank=True)

    class Meta:
        abstract = True

    def account_values(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in PAYOUT_ACCOUNT_FIELDS}

    @property
    def masked_account_number(self) -> str:
        return mask_account(self.payout_account_number)

    @property
    def masked_stripe_account(self) -> str:
        return mask_account(self.stripe_account_id)

    @property
    def has_payout_account(self) -> bool:
        return bool(self.payout_method)


class ProducerGroupTerms(PayoutAccountFields):
    """One group's terms; the payout account here is the confirmed one, the one payouts use."""

    group = models.OneToOneField(
        "catalog.ProducerGroupPage",
        verbose_name=_("producer group"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="terms",
    )
    verification_status = models.CharField(
        _("verification status"),
        max_length=20,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
        db_index=True,
    )
    commission_rate = models.DecimalField(
        _("platform commission (%)"),
        max_digits=5,
        decimal_places=2,
        default=default_commission_rate,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("50"))],
    )
    account_confirmed_at = models.DateTimeField(_("account confirmed"), null=True, blank=True)
    account_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("commercial terms")
        verbose_name_plural = _("commercial terms")

    def __str__(self) -> str:
        return str(self.group.title) if self.group_id else str(_("commercial terms"))

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def is_suspended(self) -> bool:
        return self.verification_status == VerificationStatus.SUSPENDED


class PayoutAccountChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    REPLACED = "replaced", _("Replaced by a newer proposal")


class PayoutAccountChange(PayoutAccountFields):
    """A proposed new payout account; payouts use it only after a second finance user
    confirms it. At most one is pending per group (a database constraint)."""

    terms = models.ForeignKey(
        ProducerGroupTerms,
        verbose_name=_("commercial terms"),
        on_delete=models.CASCADE,
        related_name="account_changes",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PayoutAccountChangeStatus.choices,
        default=PayoutAccountChangeStatus.PENDING,
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("payout account change")
        verbose_name_plural = _("payout account changes")
        constraints = [
            models.UniqueConstraint(
                fields=["terms"],
                condition=Q(status="pending"),
                name="one_pending_payout_account_change_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.terms} · {self.get_status_display()}"


class TermsChange(models.Model):
    """One changed field of a group's terms: who, when, old and new (account numbers masked).

    Insert-only: the history of who set a commission or moved a group's money elsewhere.
    """

    terms = models.ForeignKey(
        ProducerGroupTerms,
        verbose_name=_("commercial terms"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    field = models.CharField(_("field"), max_length=40)
    old_value = models.CharField(_("old value"), max_length=200, blank=True)
    new_value = models.CharField(_("new value"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("change of commercial terms")
        verbose_name_plural = _("changes of commercial terms")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"
