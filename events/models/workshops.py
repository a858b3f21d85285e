"""Workshops and trainings: marketing, design, skill and legal-awareness sessions for
home-based workers, as their own pages (inside a mela, or on their own under /workshops/),
and the sign-ups kept out of page revisions.

Sign-ups are not page content: publishing or reverting a workshop page can never drop a
sign-up or an attendance mark (the same reason stock and stalls live outside revisions).
Seats are counted from the sign-ups with the workshop's row locked (events.workshops).
"""

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from events.models.pages import MELA_TIME_ZONE, mela_today
from marketplace.translations import TranslatedPageMixin, localize_titles, source_page


class WorkshopKind(models.TextChoices):
    MARKETING = "marketing", _("Marketing")
    DESIGN = "design", _("Design")
    SKILL = "skill", _("Skill")
    LEGAL_AWARENESS = "legal", _("Legal awareness")


class WorkshopLanguage(models.TextChoices):
    URDU = "ur", _("Urdu")
    ENGLISH = "en", _("English")
    PUNJABI = "pa", _("Punjabi")
    SINDHI = "sd", _("Sindhi")
    PASHTO = "ps", _("Pashto")
    SARAIKI = "skr", _("Saraiki")


class WorkshopIndexPage(TranslatedPageMixin, Page):
    """/workshops/: coming workshops first (those inside melas too), then past ones."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["marketplace.HomePage"]
    subpage_types = ["events.WorkshopPage"]
    max_count = 1

    class Meta:
        verbose_name = _("workshops index")

    def get_context(self, request, *args, **kwargs):
        # Imported here: events.workshops imports the models (cycle).
        from events.workshops.selectors import workshops_past, workshops_upcoming

        context = super().get_context(request, *args, **kwargs)
        context["upcoming"] = localize_titles(workshops_upcoming())
        context["past"] = localize_titles(workshops_past()[:12])
        return context


class WorkshopPage(TranslatedPageMixin, RoutablePageMixin, Page):
    """One workshop or training on one day, in Pakistan time, with a fixed number of seats."""

    kind = models.CharField(_("kind"), max_length=20, choices=WorkshopKind.choices)
    topic = models.CharField(
        _("topic"), max_length=160, help_text=_("For example: Pricing your work for buyers")
    )
    intro = models.TextField(_("what participants learn"), max_length=1000, blank=True)
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    place = models.CharField(
        _("place"), max_length=200, help_text=_("Venue and room, for example: Alhamra, Hall 2")
    )
    district = models.CharField(_("district"), max_length=80)
    language = models.CharField(
        _("language"), max_length=3, choices=WorkshopLanguage.choices, default="ur"
    )
    capacity = models.PositiveSmallIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    craft = models.ForeignKey(
        "catalog.CraftCategory",
        verbose_name=_("craft"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
        help_text=_("Leave empty for a workshop open to every craft."),
    )
    trainer = models.CharField(_("trainer"), max_length=160, blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("topic"),
        index.FilterField("day"),
        index.FilterField("district"),
    ]
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("language")]),
        FieldPanel("topic"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("day"), FieldPanel("start_time"), FieldPanel("end_time")])],
            heading=_("When (Pakistan time)"),
        ),
        FieldRowPanel([FieldPanel("place"), FieldPanel("district")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("craft")]),
        FieldPanel("trainer"),
    ]
    parent_page_types = ["events.WorkshopIndexPage", "events.MelaPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.day, self.start_time, tzinfo=MELA_TIME_ZONE)

    @property
    def is_past(self) -> bool:
        return self.day < mela_today()

    @property
    def reminder_day(self) -> date:
        return self.day - timedelta(days=1)

    def get_context(self, request, *args, **kwargs):
        # Imported here: events.workshops imports the models (cycle).
        from events.workshops.selectors import workshop_seats_left

        context = super().get_context(request, *args, **kwargs)
        context["seats_left"] = workshop_seats_left(workshop=source_page(self))
        return context

    @path("sign-up/", name="sign_up")
    def sign_up(self, request):
        # Imported here: the views import the models (cycle).
        from events.workshops import views

        return views.workshop_sign_up_page(request, source_page(self))

    @path("attendance/", name="attendance")
    def attendance(self, request):
        # Imported here: the views import the models (cycle).
        from events.workshops import views

        return views.workshop_attendance_page(request, source_page(self))


class WorkshopSignup(models.Model):
    """A home-based worker's seat at a workshop: her phone number is all she gives."""

    workshop = models.ForeignKey(WorkshopPage, on_delete=models.CASCADE, related_name="signups")
    phone = models.CharField(_("mobile number"), max_length=32)  # E.164
    name = models.CharField(_("name"), max_length=120, blank=True)
    craft = models.ForeignKey(
        "catalog.CraftCategory",
        verbose_name=_("craft"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    district = models.CharField(_("district"), max_length=80, blank=True)
    language = models.CharField(max_length=8, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set in the same UPDATE that claims the reminder: a reminder is queued once.
    reminder_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    attended = models.BooleanField(_("attended"), default=False)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("workshop sign-up")
        verbose_name_plural = _("workshop sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "phone"], name="one_signup_per_phone"),
            models.CheckConstraint(condition=~Q(phone=""), name="signup_has_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id}: {self.phone}"
