"""Every producer group's commission, verification status and payout account move from its
page to its ProducerGroupTerms row, as they are today: an existing account counts as
confirmed (it is the one payouts used until now). The keys are also taken out of the page's
old revisions, so no revision carries an account number any more.

Reversible: going back copies the terms' confirmed values to the page fields (0006 reversed
brings them back first).
"""

from django.db import migrations
from django.utils import timezone

TERMS_FIELDS = (
    "verification_status",
    "commission_rate",
    "payout_method",
    "payout_account_title",
    "payout_account_number",
    "payout_bank_name",
    "stripe_account_id",
)


def _group_content_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.filter(app_label="catalog", model="producergrouppage").first()


def terms_from_pages(apps, schema_editor):
    ProducerGroupPage = apps.get_model("catalog", "ProducerGroupPage")
    ProducerGroupTerms = apps.get_model("catalog", "ProducerGroupTerms")
    TermsChange = apps.get_model("catalog", "TermsChange")
    now = timezone.now()
    for page in ProducerGroupPage.objects.order_by("pk").iterator():
        values = {name: getattr(page, name) for name in TERMS_FIELDS}
        has_account = bool(values["payout_method"])
        terms, created = ProducerGroupTerms.objects.get_or_create(
            group_id=page.pk,
            defaults={**values, "account_confirmed_at": now if has_account else None},
        )
        if created:
            TermsChange.objects.create(
                terms=terms,
                field="terms",
                note="moved from the producer group page (migration 0005)",
            )
    _scrub_revisions(apps)


def _scrub_revisions(apps):
    content_type = _group_content_type(apps)
    if content_type is None:
        return
    Revision = apps.get_model("wagtailcore", "Revision")
    revisions = Revision.objects.filter(content_type=content_type).only("pk", "content")
    for revision in revisions.iterator():
        content = revision.content or {}
        if any(name in content for name in TERMS_FIELDS):
            for name in TERMS_FIELDS:
                content.pop(name, None)
            Revision.objects.filter(pk=revision.pk).update(content=content)


def pages_from_terms(apps, schema_editor):
    ProducerGroupPage = apps.get_model("catalog", "ProducerGroupPage")
    ProducerGroupTerms = apps.get_model("catalog", "ProducerGroupTerms")
    for terms in ProducerGroupTerms.objects.order_by("pk").iterator():
        ProducerGroupPage.objects.filter(pk=terms.group_id).update(
            **{name: getattr(terms, name) for name in TERMS_FIELDS}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_producer_group_terms"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(terms_from_pages, pages_from_terms)]
