"""Tell a group when its payout account is about to change and when it has changed.

Sent to the group's contact email and phone (SMS) and to its staff users' email, in the
group's language. The account is named by method and last four digits only. Queued inside
the caller's transaction and sent after commit (marketplace.notifications).
"""

from django.contrib.auth import get_user_model

from catalog.models.groups import PayoutMethod
from catalog.models.terms import mask_account
from catalog.notifications import (
    PAYOUT_ACCOUNT_CHANGE_PROPOSED,
    PAYOUT_ACCOUNT_CHANGED,
    group_language,
)
from marketplace.notifications.services import NotificationMessage, notifications_queue


def _staff_emails(group) -> list[str]:
    if group.staff_group_id is None:
        return []
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups=group.staff_group_id)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def payout_account_change_notify(*, change, confirmed: bool) -> None:
    """A payout account change was proposed (`confirmed` False) or confirmed: tell the group."""
    group = change.terms.group
    event = PAYOUT_ACCOUNT_CHANGED if confirmed else PAYOUT_ACCOUNT_CHANGE_PROPOSED
    is_stripe = change.payout_method == PayoutMethod.STRIPE
    context = {
        "group": group,
        "method": PayoutMethod(change.payout_method).label if change.payout_method else "",
        "account": mask_account(
            change.stripe_account_id if is_stripe else change.payout_account_number
        ),
    }
    language = group_language(group)
    key = f"{event}:{change.pk}"
    messages = [
        NotificationMessage(
            event=event,
            dedupe_key=key,
            language=language,
            context=context,
            email=group.contact_email,
            phone=group.contact_phone,
        )
    ]
    messages += [
        NotificationMessage(
            event=event, dedupe_key=key, language=language, context=context, email=email
        )
        for email in _staff_emails(group)
        if email.lower() != group.contact_email.strip().lower()
    ]
    notifications_queue(messages=messages)
