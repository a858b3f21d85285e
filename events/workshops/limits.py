"""Rate limits on workshop sign-ups: each sign-up texts the number given, so one address (or
one number) cannot make the platform send SMS to many people (marketplace.rate_limits).
Settings (optional): WORKSHOP_SIGNUP_LIMIT_PER_IP, WORKSHOP_SIGNUP_LIMIT_PER_PHONE,
WORKSHOP_SIGNUP_LIMIT_WINDOW_SECONDS."""

from django.conf import settings

from marketplace.rate_limits import rate_check

PER_IP, PER_PHONE, WINDOW_SECONDS = 10, 5, 3600


def sign_up_rate_check(*, client_ip: str, phone: str) -> None:
    """Count one sign-up for the address and the number; raise RateLimited when over."""
    rate_check(
        "workshop-signup",
        client_ip=client_ip,
        contacts=[phone],
        per_ip=getattr(settings, "WORKSHOP_SIGNUP_LIMIT_PER_IP", PER_IP),
        per_contact=getattr(settings, "WORKSHOP_SIGNUP_LIMIT_PER_PHONE", PER_PHONE),
        window_seconds=getattr(settings, "WORKSHOP_SIGNUP_LIMIT_WINDOW_SECONDS", WINDOW_SECONDS),
    )
