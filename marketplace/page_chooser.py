"""The admin's page chooser limited to pages the user may see: published pages and pages the
user has a page permission on. Wagtail's chooser otherwise lists every page in the tree, so
group staff would read the titles of other groups' unpublished drafts.

Three places: the `construct_page_chooser_queryset` hook (browse and search listings), the
same hook refusing to browse *into* a page the user may not see (Wagtail shows the parent's
title), and a replacement "chosen multiple" view that answers only for visible ids."""

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

PAGE_ACTIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")


def pages_visible_in_chooser(*, user) -> QuerySet[Page]:
    """Pages `user` may see in the chooser (all of them for superusers)."""
    if user.is_superuser:
        return Page.objects.all()
    permitted = PagePermissionPolicy().instances_user_has_any_permission_for(user, PAGE_ACTIONS)
    return Page.objects.filter(Q(live=True) | Q(pk__in=permitted.values("pk")))


def limit_page_chooser(pages: QuerySet, request: HttpRequest) -> QuerySet:
    """The hook: refuse browsing into an invisible page, and keep only visible pages."""
    if request.user.is_superuser:
        return pages
    visible = pages_visible_in_chooser(user=request.user)
    match = getattr(request, "resolver_match", None)
    parent_page_id = match.kwargs.get("parent_page_id") if match else None
    if parent_page_id is not None and not visible.filter(pk=parent_page_id).exists():
        raise Http404
    return pages.filter(pk__in=visible.values("pk"))


class VisibleChosenMultipleView(ChosenMultipleView):
    """Wagtail's answer to "these ids were chosen", only for pages the user may see."""

    def get(self, request):
        visible = pages_visible_in_chooser(user=request.user)
        ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        allowed = set(visible.filter(pk__in=ids).values_list("pk", flat=True))
        request.GET = request.GET.copy()
        request.GET.setlist("id", [pk for pk in ids if int(pk) in allowed])
        return super().get(request)
