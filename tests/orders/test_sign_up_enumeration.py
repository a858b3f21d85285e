"""Sign-up does not reveal which email addresses have accounts (staff's included).

An address already in use gets the same answer on the page as a new one: the account is
created and logged in, without the address, and the address's owner is told by email that
someone tried to sign up with it. A new address is attached and gets a welcome email."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "phulkari-on-silk-2005"


def sign_up(client, username: str, email: str):
    data = {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/account/signup/", data, follow=True)


def visible_answer(response) -> tuple:
    """What the person signing up sees: where they land and the page's messages."""
    messages = [str(message) for message in response.context["messages"]]
    body = response.content.decode()
    return (
        response.redirect_chain,
        [m.replace("bushra", "NAME").replace("zara", "NAME") for m in messages],
        "already exists" in body,
    )


def test_sign_up_with_a_staff_email_looks_the_same_as_with_a_new_email(
    client, django_capture_on_commit_callbacks
):
    UserFactory(username="orders-manager", email="manager@craftsmela.example", is_staff=True)

    with django_capture_on_commit_callbacks(execute=True):
        taken = sign_up(client, "bushra", "Manager@CraftsMela.example")
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        new = sign_up(client, "zara", "zara@example.org")

    assert visible_answer(taken) == visible_answer(new)
    assert taken.redirect_chain[-1][0] == "/account/orders/"
    # The second account does not get the address: reset links reach one account only.
    assert User.objects.get(username="bushra").email == ""
    assert User.objects.get(username="zara").email == "zara@example.org"
    assert User.objects.filter(email__iexact="manager@craftsmela.example").count() == 1
    to_owner = [m for m in mail.outbox if m.to == ["manager@craftsmela.example"]]
    to_new = [m for m in mail.outbox if m.to == ["zara@example.org"]]
    assert len(to_owner) == 1 and "bushra" in to_owner[0].body
    assert "password" in to_owner[0].body.lower()
    assert len(to_new) == 1 and "zara" in to_new[0].body


def test_sign_up_without_an_email_sends_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, "ayesha", "")
    assert response.redirect_chain[-1][0] == "/account/orders/"
    assert mail.outbox == []
