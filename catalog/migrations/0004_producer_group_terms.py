"""Commercial terms leave the producer group page: their own model, outside revisions."""

import catalog.models.groups
import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_producer_group_delivery_charge"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ProducerGroupTerms",
            fields=[
                (
                    "payout_method",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("bank", "Bank transfer"),
                            ("jazzcash", "JazzCash"),
                            ("easypaisa", "Easypaisa"),
                            ("stripe", "Stripe connected account"),
                        ],
                        max_length=20,
                        verbose_name="payout method",
                    ),
                ),
                (
                    "payout_account_title",
                    models.CharField(blank=True, max_length=120, verbose_name="account title"),
                ),
                (
                    "payout_account_number",
                    models.CharField(
                        blank=True,
                        max_length=64,
                        verbose_name="account number, IBAN or wallet number",
                    ),
                ),
                (
                    "payout_bank_name",
                    models.CharField(blank=True, max_length=120, verbose_name="bank name"),
                ),
                (
                    "stripe_account_id",
                    models.CharField(
                        blank=True, max_length=64, verbose_name="Stripe connected account"
                    ),
                ),
                (
                    "group",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="terms",
                        serialize=False,
                        to="catalog.producergrouppage",
                        verbose_name="producer group",
                    ),
                ),
                (
                    "verification_status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending verification"),
                            ("verified", "Verified"),
                            ("suspended", "Suspended"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=20,
                        verbose_name="verification status",
                    ),
                ),
                (
                    "commission_rate",
                    models.DecimalField(
                        decimal_places=2,
                        default=catalog.models.groups.default_commission_rate,
                        max_digits=5,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0")),
                            django.core.validators.MaxValueValidator(Decimal("50")),
                        ],
                        verbose_name="platform commission (%)",
                    ),
                ),
                (
                    "account_confirmed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="account confirmed"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "account_confirmed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="account confirmed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "commercial terms",
                "verbose_name_plural": "commercial terms",
            },
        ),
        migrations.CreateModel(
            name="TermsChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("field", models.CharField(max_length=40, verbose_name="field")),
                (
                    "old_value",
                    models.CharField(blank=True, max_length=200, verbose_name="old value"),
                ),
                (
                    "new_value",
                    models.CharField(blank=True, max_length=200, verbose_name="new value"),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                (
                    "changed_at",
                    models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="changed"),
                ),
                (
                    "changed_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="changed by",
                    ),
                ),
                (
                    "terms",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="changes",
                        to="catalog.producergroupterms",
                        verbose_name="commercial terms",
                    ),
                ),
            ],
            options={
                "verbose_name": "change of commercial terms",
                "verbose_name_plural": "changes of commercial terms",
                "ordering": ["-changed_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="PayoutAccountChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "payout_method",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("bank", "Bank transfer"),
                            ("jazzcash", "JazzCash"),
                            ("easypaisa", "Easypaisa"),
                            ("stripe", "Stripe connected account"),
                        ],
                        max_length=20,
                        verbose_name="payout method",
                    ),
                ),
                (
                    "payout_account_title",
                    models.CharField(blank=True, max_length=120, verbose_name="account title"),
                ),
                (
                    "payout_account_number",
                    models.CharField(
                        blank=True,
                        max_length=64,
                        verbose_name="account number, IBAN or wallet number",
                    ),
                ),
                (
                    "payout_bank_name",
                    models.CharField(blank=True, max_length=120, verbose_name="bank name"),
                ),
                (
                    "stripe_account_id",
                    models.CharField(
                        blank=True, max_length=64, verbose_name="Stripe connected account"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting confirmation"),
                            ("confirmed", "Confirmed"),
                            ("rejected", "Rejected"),
                            ("replaced", "Replaced by a newer proposal"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("proposed_at", models.DateTimeField(auto_now_add=True, verbose_name="proposed")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided")),
                ("reason", models.CharField(blank=True, max_length=500, verbose_name="reason")),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="proposed by",
                    ),
                ),
                (
                    "terms",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="account_changes",
                        to="catalog.producergroupterms",
                        verbose_name="commercial terms",
                    ),
                ),
            ],
            options={
                "verbose_name": "payout account change",
                "verbose_name_plural": "payout account changes",
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status", "pending")),
                        fields=("terms",),
                        name="one_pending_payout_account_change_per_group",
                    )
                ],
            },
        ),
    ]
