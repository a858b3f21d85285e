"""Buyer sign-up that does not reveal which email addresses have accounts.

An address another account already has is not attached to the new account (a reset link
must reach one account only); its owner is told by email instead, and the new buyer sees the
same page as anyone else. A new address is attached and gets a welcome email."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from marketplace.notifications.services import notification_queue
from marketplace.users import User
from orders.notifications import ACCOUNT_CREATED, SIGN_UP_EMAIL_IN_USE


def buyer_sign_up(*, username: str, email: str, password: str, language: str) -> User:
    """Create the buyer's account and queue the one email it calls for (none without one)."""
    user_model = get_user_model()
    email = email.strip()
    with transaction.atomic():
        owner = (
            user_model.objects.filter(email__iexact=email).order_by("pk").first() if email else None
        )
        in_use = owner is not None
        user = user_model(username=username, email="" if in_use else email)
        user.set_password(password)
        user.save()
        if email:
            notification_queue(
                event=SIGN_UP_EMAIL_IN_USE if in_use else ACCOUNT_CREATED,
                # Random per attempt: the key must not tie the address to an account.
                dedupe_key=f"sign_up:{user.pk}:{secrets.token_hex(8)}",
                language=language,
                context={"username": user.username},
                email=owner.email if owner is not None else email,
            )
    return user
