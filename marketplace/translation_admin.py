"""Admin: "Urdu version" on a page's header, and the view behind it (GET asks, POST creates
the draft translation through marketplace.translations.page_translation_create)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import Button
from wagtail.models import Locale, Page

from marketplace.translations import is_source, page_translation_create

TRANSLATION_LANGUAGE = "ur"


def page_translation_view(request, page_id: int):
    page = get_object_or_404(Page, pk=page_id).specific
    existing = page.get_translation_or_none(Locale.objects.get(language_code=TRANSLATION_LANGUAGE))
    if existing is not None and existing.permissions_for_user(request.user).can_edit():
        return redirect("wagtailadmin_pages:edit", existing.pk)
    if request.method == "POST":
        translated = page_translation_create(
            page=page, user=request.user, language=TRANSLATION_LANGUAGE
        )
        return redirect("wagtailadmin_pages:edit", translated.pk)
    if not is_source(page) or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return TemplateResponse(
        request,
        "marketplace/admin/page_translation_confirm.html",
        {"page": page, "page_title": _("Urdu version"), "header_icon": "globe"},
    )


def page_translation_buttons(page, user, view_name, next_url=None):
    if not is_source(page) or not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        _("Urdu version"),
        reverse("page_translation", args=[page.pk]),
        icon_name="globe",
        priority=80,
    )
