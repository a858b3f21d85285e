"""The user types services and selectors are annotated with (django.contrib.auth's own)."""

from django.contrib.auth.models import AnonymousUser, User

# request.user: a signed-in user or the anonymous one. Selectors that answer "what may this
# visitor see" take this; services that record who acted take a `User`.
AnyUser = User | AnonymousUser

__all__ = ["AnyUser", "User"]
