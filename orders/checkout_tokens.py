"""Checkout tokens bound to the session they were issued to.

The checkout form carries a one-time token so that a form submitted twice places one order
and the second submission is shown the first's order. That answer must go only to the
session that got the token: the order page shows the buyer's name, phone and address. The
last few tokens issued are kept in the session (login keeps session data, so a buyer who
signs in between the checkout page and "Place order" keeps them)."""

import uuid

SESSION_KEY = "checkout_tokens"
KEPT = 10


def checkout_token_issue(session) -> str:
    """A new token, remembered as issued to this session."""
    token = uuid.uuid4().hex
    session[SESSION_KEY] = [*session.get(SESSION_KEY, [])[-(KEPT - 1) :], token]
    return token


def checkout_tokens_issued(session) -> frozenset[str]:
    return frozenset(session.get(SESSION_KEY, []))
