"""Rate limits on trade enquiries: per client address and per contact (phone or email), by
marketplace.rate_limits; the confirmation code still stands between a spammer and the groups."""

from django.conf import settings

from marketplace.rate_limits import RateLimited, rate_check


class EnquiryRateLimited(RateLimited):
    """Too many enquiries from this address or for this contact: try again later."""


def enquiry_rate_check(*, client_ip: str, contacts: list[str]) -> None:
    """Count one enquiry for the address and each contact; raise when any is over its limit."""
    try:
        rate_check(
            "trade-enquiry",
            client_ip=client_ip,
            contacts=contacts,
            per_ip=settings.TRADE_ENQUIRY_LIMIT_PER_IP,
            per_contact=settings.TRADE_ENQUIRY_LIMIT_PER_CONTACT,
            window_seconds=settings.TRADE_ENQUIRY_LIMIT_WINDOW_SECONDS,
        )
    except RateLimited:
        raise EnquiryRateLimited from None
