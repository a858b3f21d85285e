"""Writes for workshops: a sign-up (seats never oversold), the day-before reminders (each
queued once), and attendance. Each is one transaction; notifications go out after commit."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import notifications as event_notifications
from events.models import WorkshopPage, WorkshopSignup
from events.models.pages import mela_today
from events.workshops.selectors import workshop_organised_by
from marketplace import page_cache
from marketplace.users import User

# Pakistani numbers hear in Urdu whatever the page's language: many workers read only Urdu.
URDU_PHONE_PREFIX = "+92"


class WorkshopSignupError(Exception):
    """A sign-up the rules refuse; the message is for the worker."""


class WorkshopFull(WorkshopSignupError):
    pass


def signup_language(*, phone: str, language: str) -> str:
    return "ur" if phone.startswith(URDU_PHONE_PREFIX) else language


def workshop_sign_up(
    *,
    workshop_id: int,
    phone: str,
    language: str,
    name: str = "",
    craft_id: int | None = None,
    district: str = "",
) -> tuple[WorkshopSignup, bool]:
    """Give the worker with `phone` (E.164) a seat, and queue her SMS confirmation.

    The workshop's row is locked while seats are counted, so concurrent sign-ups for the
    last seat give it once. Signing up again with the same number returns the first sign-up
    (created=False). Raises WorkshopFull, WorkshopSignupError (past or unpublished).
    """
    with transaction.atomic():
        # Only the workshop's own row (not Wagtail's page row, which editors save).
        workshop = WorkshopPage.objects.select_for_update(of=("self",)).get(pk=workshop_id)
        existing = WorkshopSignup.objects.filter(workshop=workshop, phone=phone).first()
        if existing is not None:
            return existing, False
        today = mela_today()
        if not workshop.live or workshop.day < today:
            raise WorkshopSignupError(_("Sign-ups for this workshop are closed."))
        if WorkshopSignup.objects.filter(workshop=workshop).count() >= workshop.capacity:
            raise WorkshopFull(_("This workshop is full."))
        language = signup_language(phone=phone, language=language)
        try:
            with transaction.atomic():
                signup = WorkshopSignup.objects.create(
                    workshop=workshop,
                    phone=phone,
                    name=name.strip(),
                    craft_id=craft_id,
                    district=district.strip(),
                    language=language,
                    # From the day before on, the confirmation is the reminder.
                    reminder_queued_at=timezone.now()
                    if workshop.day <= today + timedelta(1)
                    else None,
                )
        except IntegrityError:  # the same number at the same moment (SQLite has no row lock)
            return WorkshopSignup.objects.get(workshop=workshop, phone=phone), False
        event_notifications.workshop_signup_confirmed_notify(signup=signup, workshop=workshop)
        page_cache.invalidate()  # the workshop's page shows the seats left
    return signup, True


def workshop_reminders_queue(*, today: date | None = None) -> int:
    """Queue the SMS reminder of every sign-up for a workshop tomorrow (Pakistan time).

    Each reminder is claimed by a conditional UPDATE (reminder_queued_at IS NULL) in the
    transaction that queues it, and the message's dedupe key is the sign-up: two runs at
    once, or one run again, never send a second reminder. Returns how many were queued.
    """
    tomorrow = (today or mela_today()) + timedelta(days=1)
    due = WorkshopSignup.objects.filter(
        workshop__day=tomorrow, workshop__live=True, reminder_queued_at=None
    ).values_list("pk", flat=True)
    queued = 0
    for signup_id in list(due):
        with transaction.atomic():
            claimed = WorkshopSignup.objects.filter(pk=signup_id, reminder_queued_at=None).update(
                reminder_queued_at=timezone.now()
            )
            if not claimed:
                continue
            signup = WorkshopSignup.objects.select_related("workshop").get(pk=signup_id)
            event_notifications.workshop_reminder_notify(signup=signup, workshop=signup.workshop)
            queued += 1
    return queued


class AttendanceError(Exception):
    """Attendance that cannot be recorded yet; the message is for the organiser."""


def attendance_closed_reason(*, workshop: WorkshopPage, day: date | None = None) -> str:
    if (day or mela_today()) < workshop.day:
        return _("Attendance opens on the day of the workshop.")
    return ""


@transaction.atomic
def workshop_attendance_record(
    *, user: User, workshop: WorkshopPage, signup_id: int, attended: bool
) -> WorkshopSignup:
    """Mark one sign-up as attended (or not). Only the workshop's organisers, from its day."""
    if not workshop_organised_by(user=user, workshop=workshop):
        raise PermissionDenied
    if reason := attendance_closed_reason(workshop=workshop):
        raise AttendanceError(reason)
    signup = WorkshopSignup.objects.select_for_update().get(pk=signup_id, workshop_id=workshop.pk)
    if signup.attended != attended:
        signup.attended = attended
        signup.attendance_recorded_at = timezone.now()
        signup.attendance_recorded_by = user
        signup.save(update_fields=["attended", "attendance_recorded_at", "attendance_recorded_by"])
    return signup
