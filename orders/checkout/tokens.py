"""Checkout tokens bound to the session they were issued to.

The checkout form carries a one-time token so that a form submitted twice places one order
and the second submission is shown the first's order. That answer must go only to the
session that got the token: the order page shows the buyer's name, phone and address.

A token is a random nonce followed by its HMAC under a secret kept in the session: every
token this session was given verifies, one from another session does not. Nothing about
single tokens is stored, so showing the checkout page writes nothing; the secret itself is
stored when the cart is saved (which writes the session anyway). Login keeps session data,
so a buyer who signs in between the checkout page and "Place order" keeps their token."""

import re
import secrets

from django.contrib.sessions.backends.base import SessionBase
from django.utils.crypto import constant_time_compare, salted_hmac

SESSION_ENTRY = "checkout_secret"
NONCE_LENGTH = 16  # hex digits; the signature takes the other 16 of the 32
TOKEN_PATTERN = re.compile(r"[0-9a-f]{32}")


def checkout_secret_ensure(session: SessionBase) -> str:
    """The session's checkout secret, created (and so written) only the first time."""
    secret = str(session.get(SESSION_ENTRY) or "")
    if not secret:
        secret = secrets.token_hex(16)
        session[SESSION_ENTRY] = secret
    return secret


def _signature(secret: str, nonce: str) -> str:
    digest = salted_hmac("orders.checkout_token", nonce, secret=secret, algorithm="sha256")
    return digest.hexdigest()[:NONCE_LENGTH]


def checkout_token_for_form(session: SessionBase) -> str:
    """A new token for a checkout form shown to this session."""
    nonce = secrets.token_hex(NONCE_LENGTH // 2)
    return nonce + _signature(checkout_secret_ensure(session), nonce)


def checkout_token_valid(session: SessionBase, token: str) -> bool:
    """Whether `token` was issued to this session (any of its checkout pages)."""
    secret = session.get(SESSION_ENTRY)
    if not secret or not TOKEN_PATTERN.fullmatch(token):
        return False
    nonce, signature = token[:NONCE_LENGTH], token[NONCE_LENGTH:]
    return constant_time_compare(signature, _signature(secret, nonce))
