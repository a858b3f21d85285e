"""The admin for staff who chose Urdu in their account: the Urdu font stylesheet (the storefront's
static/css/urdu.css) on every admin page, so that letters the phone has no font for (ہ, ے, ں)
still show. Wagtail's own strings come from locale_wagtail/ (scripts/wagtail_urdu.py)."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import get_language
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def urdu_font_stylesheet():
    if get_language() != "ur":
        return ""
    return format_html('<link rel="stylesheet" href="{}">', static("css/urdu.css"))
