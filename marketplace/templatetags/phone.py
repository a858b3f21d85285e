"""`{{ order.contact_phone|phone }}`: a stored E.164 number shown as people read it here
(0300 1234567; +44 7911 123456 from abroad), kept left to right inside Urdu text."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from marketplace.local_input import phone_display

register = template.Library()


@register.filter(name="phone")
def phone(value: object) -> SafeString | str:
    if not value:
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', phone_display(str(value)))
