"""The newsletter in the admin: sends with their progress (recipients, sent, failed, waiting),
and starting the send of an issue from its page. Platform staff with
marketplace.send_newsletter only (superusers too)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import Column, DateColumn

from marketplace.admin_listings import ScopedIndexView
from marketplace.newsletter.models import (
    SEND_NEWSLETTER_PERMISSION,
    NewsletterIssuePage,
    NewsletterSend,
    NewsletterSubscriber,
    SubscriberStatus,
)
from marketplace.newsletter.sending import (
    NewsletterError,
    newsletter_send_start,
    sends_with_progress,
)


def sends_newsletter(user) -> bool:
    return bool(user.is_active and user.has_perm(SEND_NEWSLETTER_PERMISSION))


class NewsletterSendIndexView(ScopedIndexView):
    model = NewsletterSend
    index_url_name = "newsletter_sends"
    index_results_url_name = "newsletter_sends_results"
    page_title = gettext_lazy("Newsletter sends")
    header_icon = "mail"
    default_ordering = "-started"
    orderings = {"started": ("started_at", "pk")}
    export_filename = "newsletter-sends"

    def user_may_list(self, user) -> bool:
        return sends_newsletter(user)

    def get_base_queryset(self):
        return sends_with_progress()

    @cached_property
    def columns(self):
        return [
            Column("issue.title", label=_("Issue")),
            DateColumn("started_at", label=_("Started"), sort_key="started"),
            Column("recipients", label=_("Recipients")),
            Column("sent", label=_("Sent")),
            Column("failed", label=_("Failed")),
            Column("waiting", label=_("Waiting")),
            DateColumn("finished_at", label=_("Finished")),
        ]


@require_http_methods(["GET", "POST"])
def newsletter_send_confirm(request, issue_id: int):
    if not sends_newsletter(request.user):
        raise PermissionDenied
    issue = get_object_or_404(NewsletterIssuePage, pk=issue_id)
    if request.method == "POST":
        try:
            newsletter_send_start(issue=issue, by=request.user)
        except NewsletterError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Sending has started; its progress is shown here."))
        return redirect("newsletter_sends")
    return TemplateResponse(
        request,
        "newsletter/admin/send_confirm.html",
        {
            "page_title": _("Send the newsletter"),
            "header_icon": "mail",
            "issue": issue,
            "already_sent": NewsletterSend.objects.filter(issue=issue).exists(),
            "subscribers": NewsletterSubscriber.objects.filter(
                status=SubscriberStatus.CONFIRMED
            ).count(),
        },
    )


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [
        path("newsletter/sends/", NewsletterSendIndexView.as_view(), name="newsletter_sends"),
        path(
            "newsletter/sends/results/",
            NewsletterSendIndexView.as_view(results_only=True),
            name="newsletter_sends_results",
        ),
        path(
            "newsletter/issues/<int:issue_id>/send/",
            newsletter_send_confirm,
            name="newsletter_send_confirm",
        ),
    ]


class NewsletterMenuItem(MenuItem):
    def is_shown(self, request):
        return sends_newsletter(request.user)


@hooks.register("register_admin_menu_item")
def register_newsletter_menu_item():
    return NewsletterMenuItem(
        _("Newsletter sends"), reverse("newsletter_sends"), icon_name="mail", order=880
    )


@hooks.register("register_page_header_buttons")
def newsletter_send_header_button(page, user, view_name, next_url=None):
    if page.specific_class is NewsletterIssuePage and sends_newsletter(user):
        yield PageMenuItem(
            label=_("Send to subscribers"),
            url=reverse("newsletter_send_confirm", args=[page.pk]),
            icon_name="mail",
            priority=14,
            page=page,
        )
