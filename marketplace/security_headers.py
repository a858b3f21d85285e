"""Content-Security-Policy (django-csp), Permissions-Policy, and the admin's own policy.

The storefront's policy allows no inline script or style: pages are cached whole for
anonymous visitors, so a per-request nonce would be replayed to everyone; the templates use
static files instead. The Wagtail admin (never cached) gets a policy with inline script and
style allowed, because Wagtail's own widgets (date pickers, inline panels) need them. This
middleware sits outside the page cache, so cached copies get the headers too. Referrer-Policy
is Django's SECURE_REFERRER_POLICY."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response
