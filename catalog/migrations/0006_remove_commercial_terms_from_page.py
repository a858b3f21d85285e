"""The commercial terms' old page fields go, now that 0005 moved their values.

Old page revisions still hold these keys in their JSON; 0005 scrubs them, and Wagtail ignores
any field a revision holds that the page no longer has.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_move_commercial_terms_off_the_page")]

    operations = [
        migrations.RemoveField(
            model_name="producergrouppage",
            name="commission_rate",
        ),
        migrations.RemoveField(
            model_name="producergrouppage",
            name="payout_account_number",
        ),
        migrations.RemoveField(
            model_name="producergrouppage",
            name="payout_account_title",
        ),
        migrations.RemoveField(
            model_name="producergrouppage",
            name="payout_bank_name",
        ),
        migrations.RemoveField(
            model_name="producergrouppage",
            name="payout_method",
        ),
        migrations.RemoveField(
            model_name="producergrouppage",
            name="stripe_account_id",
        ),
        migrations.RemoveField(
            model_name="producergrouppage",
            name="verification_status",
        ),
    ]
