"""Checkout tokens bound to the session they were issued to.

The checkout form carries a one-time token so that a form submitted twice places one order
and the second submission is shown the first's order. That answer must go only to the
session that got the token: the order page shows the buyer's name, phone and address. The
last few tokens issued are kept in the session (login keeps session data, so a buyer who
signs in between the checkout page and "Place order" keeps them).

The token not yet used for an order is shown again on the next checkout page, so showing the
page does not write the session each time; placing an order (which writes the session anyway,
emptying the cart) marks it used."""

import uuid

SESSION_KEY = "checkout_tokens"
UNUSED_KEY = "checkout_token_unused"
KEPT = 10


def checkout_token_for_form(session) -> str:
    """The session's unused token, or a new one remembered as issued to this session."""
    unused = session.get(UNUSED_KEY)
    if unused and unused in session.get(SESSION_KEY, []):
        return unused
    token = uuid.uuid4().hex
    session[SESSION_KEY] = [*session.get(SESSION_KEY, [])[-(KEPT - 1) :], token]
    session[UNUSED_KEY] = token
    return token


def checkout_token_issue(session) -> str:
    """A new token (for a form whose token was refused), remembered as issued here."""
    session.pop(UNUSED_KEY, None)
    return checkout_token_for_form(session)


def checkout_token_used(session, token: str) -> None:
    """An order was placed (or found) with `token`: the next checkout page gets a new one.
    The token stays issued, so submitting the same form again shows that order."""
    if session.get(UNUSED_KEY) == token:
        del session[UNUSED_KEY]


def checkout_tokens_issued(session) -> frozenset[str]:
    return frozenset(session.get(SESSION_KEY, []))
