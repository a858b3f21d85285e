"""Reads for workshops: listings, seats left, who may take attendance, impact counts."""

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from events.models import WorkshopPage, WorkshopSignup
from events.models.pages import mela_today
from marketplace.serving import public
from marketplace.translations import default_locale_id
from marketplace.users import AnyUser


def workshops_public() -> QuerySet[WorkshopPage]:
    workshops: QuerySet[WorkshopPage] = (
        public(WorkshopPage.objects.live())
        .filter(locale_id=default_locale_id())  # translations are shown through their source
        .select_related("craft")
    )
    return workshops


def workshops_upcoming(*, today: date | None = None) -> QuerySet[WorkshopPage]:
    today = today or mela_today()
    return workshops_public().filter(day__gte=today).order_by("day", "start_time", "pk")


def workshops_past(*, today: date | None = None) -> QuerySet[WorkshopPage]:
    today = today or mela_today()
    return workshops_public().filter(day__lt=today).order_by("-day", "-start_time", "-pk")


def workshops_in_mela(*, mela) -> QuerySet[WorkshopPage]:
    children = workshops_public().filter(path__startswith=mela.path, depth=mela.depth + 1)
    return children.order_by("day", "start_time", "pk")


def workshop_seats_left(*, workshop: WorkshopPage) -> int:
    taken = WorkshopSignup.objects.filter(workshop_id=workshop.pk).count()
    return max(workshop.capacity - taken, 0)


def workshop_organised_by(*, user: AnyUser, workshop: WorkshopPage) -> bool:
    """Organisers take attendance: whoever may edit the workshop's page (a mela's organisers
    for the workshops inside their mela; the editors of /workshops/ for the others)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(workshop.permissions_for_user(user).can_edit())


def workshop_signups_for_attendance(*, workshop: WorkshopPage) -> QuerySet[WorkshopSignup]:
    return WorkshopSignup.objects.filter(workshop_id=workshop.pk).select_related("craft")


def workshop_counts(
    *, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    """Sign-ups and attendance per district (where the workshop was held) and craft (the
    worker's own, else the workshop's), for the impact figures. Counts only, no names."""
    signups = WorkshopSignup.objects.filter(workshop__live=True)
    if since is not None:
        signups = signups.filter(workshop__day__gte=since)
    if until is not None:
        signups = signups.filter(workshop__day__lte=until)
    rows = (
        signups.annotate(
            craft_slug=Coalesce("craft__slug", "workshop__craft__slug"),
            craft_name=Coalesce("craft__name", "workshop__craft__name"),
        )
        .values("workshop__district", "craft_slug", "craft_name")
        .annotate(
            signups=Count("pk"),
            attended=Count("pk", filter=Q(attended=True)),
            workshops=Count("workshop", distinct=True),
        )
        .order_by("workshop__district", "craft_name")
    )
    return [
        {
            "district": row["workshop__district"],
            "craft": row["craft_slug"] or "",
            "craft_name": row["craft_name"] or "",
            "signups": row["signups"],
            "attended": row["attended"],
            "workshops": row["workshops"],
        }
        for row in rows
    ]
