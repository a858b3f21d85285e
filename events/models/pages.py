"""Mela pages: the index at /melas/, one page per mela, and its day-by-day schedule.

The schedule is editorial content, so its items are an InlinePanel (Orderable with a
ParentalKey): they are drafted, previewed, moderated and published with the mela page, and
only the mela's organisers (page permissions on its subtree) can edit them. Stalls,
applications and sales are *not* page content (see events.models.stalls).
"""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from catalog.blocks import StoryBlock
from catalog.models.groups import Country
from events.admin_forms import MelaPageForm
from marketplace.translations import TranslatedPageMixin, localize_titles, source_page

# Every mela time is wall-clock time in Pakistan, whatever the server's or visitor's zone.
MELA_TIME_ZONE = ZoneInfo("Asia/Karachi")


def mela_today() -> date:
    return timezone.localdate(timezone=MELA_TIME_ZONE)


class MelaIndexPage(TranslatedPageMixin, Page):
    """/melas/: upcoming melas first, then past ones (calendar files: events.urls)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["marketplace.HomePage"]
    subpage_types = ["events.MelaPage"]
    max_count = 1

    class Meta:
        verbose_name = _("melas index")

    def get_context(self, request, *args, **kwargs):
        # Imported here: events.selectors imports the models (cycle).
        from events.selectors import melas_past, melas_upcoming

        context = super().get_context(request, *args, **kwargs)
        context["upcoming"] = localize_titles(melas_upcoming())
        context["past"] = Paginator(melas_past(), 12).get_page(request.GET.get("page"))
        context["past"].object_list = localize_titles(context["past"].object_list)
        return context


class MelaPage(TranslatedPageMixin, RoutablePageMixin, Page):
    """One mela: dates, venue, description, entry, organiser and the stall application window."""

    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    opening_time = models.TimeField(_("opens at"), null=True, blank=True)
    closing_time = models.TimeField(_("closes at"), null=True, blank=True)
    intro = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences for listings.")
    )
    venue_name = models.CharField(_("venue"), max_length=160)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)
    venue_city = models.CharField(_("city"), max_length=80)
    # Where the mela was held, as producer groups record theirs: the impact page counts melas
    # and visitors by province and district. Blank on melas made before these fields existed
    # (the admin form asks for them on every save).
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.PAKISTAN
    )
    province = models.CharField(_("province or state"), max_length=80, blank=True)
    district = models.CharField(_("district"), max_length=80, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_alt_text = models.CharField(_("hero image description"), max_length=200, blank=True)
    description = StreamField(StoryBlock(), verbose_name=_("description"), blank=True)
    entry_information = models.TextField(
        _("entry information"),
        blank=True,
        help_text=_("Tickets or free entry, opening hours, access, families and children."),
    )
    organiser_name = models.CharField(_("organiser"), max_length=160)
    organiser_url = models.URLField(_("organiser's website"), blank=True)
    applications_open_on = models.DateField(_("stall applications open"), null=True, blank=True)
    applications_close_on = models.DateField(_("stall applications close"), null=True, blank=True)
    stall_sales_open_day_before = models.BooleanField(
        _("stall sales open a day early"),
        default=False,
        help_text=_(
            "Exhibitors can record sales from the day before the first day, while they set up. "
            "Otherwise stall sales open on the first day."
        ),
    )

    # Set once by events.services.mela_provision; not part of the editing form.
    organisers_group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="mela_page",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="mela_page",
    )

    search_fields = Page.search_fields + [
        index.SearchField("venue_city"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("opening_time"), FieldPanel("closing_time")]),
            ],
            heading=_("Dates (Pakistan time)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("venue_city"),
                FieldRowPanel(
                    [FieldPanel("country"), FieldPanel("province"), FieldPanel("district")]
                ),
                FieldPanel("map_url"),
            ],
            heading=_("Venue"),
        ),
        FieldPanel("hero_image"),
        FieldPanel("hero_alt_text"),
        FieldPanel("description"),
        FieldPanel("entry_information"),
        MultiFieldPanel(
            [FieldPanel("organiser_name"), FieldPanel("organiser_url")], heading=_("Organiser")
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("applications_open_on"), FieldPanel("applications_close_on")]
                )
            ],
            heading=_("Stall applications"),
        ),
        FieldPanel("stall_sales_open_day_before"),
    ]
    schedule_panels = [InlinePanel("schedule_items", label=_("Schedule item"))]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Mela")),
            ObjectList(schedule_panels, heading=_("Schedule")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    # One organisers' team and collection per mela: a translation shares its source's.
    exclude_fields_in_copy = ["organisers_group", "collection"]
    base_form_class = MelaPageForm
    parent_page_types = ["events.MelaIndexPage"]
    subpage_types = ["events.WorkshopPage"]

    class Meta:
        verbose_name = _("mela")
        verbose_name_plural = _("melas")

    # Dates ------------------------------------------------------------------------------

    @property
    def days(self) -> list[date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + timedelta(days=offset) for offset in range(max(count, 0))]

    @property
    def is_past(self) -> bool:
        return self.end_date < mela_today()

    @property
    def is_on_now(self) -> bool:
        return self.start_date <= mela_today() <= self.end_date

    @property
    def applications_are_open(self) -> bool:
        today = mela_today()
        if self.applications_open_on is None or today < self.applications_open_on:
            return False
        close = self.applications_close_on or self.start_date
        return today <= close and not self.is_past

    @property
    def stall_sales_first_day(self) -> date:
        """Stall sales are recorded on the mela's days (Pakistan time), or from the day before."""
        return self.start_date - timedelta(days=1 if self.stall_sales_open_day_before else 0)

    @property
    def venue_label(self) -> str:
        return ", ".join(part for part in (self.venue_name, self.venue_city) if part)

    # Public views -----------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        # Imported here: events.ical imports the models (cycle).
        from events.ical import google_calendar_link

        # Imported here: events.selectors imports the models (cycle).
        from events.selectors import mela_exhibitors, mela_products, schedule_for_day

        context = super().get_context(request, *args, **kwargs)
        source = source_page(self)  # stalls and exhibitors hang off the source page
        context["exhibitors"] = mela_exhibitors(mela=source)
        products = mela_products(mela=source)
        context["products"] = Paginator(products, settings.SHOP_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context["products"].object_list = localize_titles(context["products"].object_list)
        context["schedule_day"] = self.default_day()
        context["schedule_day_items"] = schedule_for_day(mela=self, day=context["schedule_day"])
        context["google_calendar_url"] = google_calendar_link(self, self.get_full_url(request))
        # Imported here: events.workshops imports the models (cycle).
        from events.workshops.selectors import workshops_in_mela

        context["workshops"] = localize_titles(workshops_in_mela(mela=source))
        return context

    def default_day(self) -> date:
        today = mela_today()
        return today if self.start_date <= today <= self.end_date else self.start_date

    @path("schedule/", name="schedule")
    def schedule(self, request):
        # Imported here: events.views imports the models (cycle).
        from events import views

        return views.mela_schedule(request, self)

    @path("stalls/", name="stall_map")
    def stall_map(self, request):
        # Imported here: events.views imports the models (cycle).
        from events import views

        return views.stall_map(request, source_page(self))

    @path("stalls/<str:number>/", name="stall")
    def stall(self, request, number):
        # Imported here: events.views imports the models (cycle).
        from events import views

        return views.stall_exhibitor(request, source_page(self), number)

    @path("stall-sales/", name="stall_sales")
    def stall_sales(self, request):
        # Imported here: events.views imports the models (cycle).
        from events import views

        return views.stall_sales(request, source_page(self))


class ScheduleKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    DEMONSTRATION = "demonstration", _("Demonstration")
    TALK = "talk", _("Talk")
    CULTURAL = "cultural", _("Cultural programme")
    SALE_HOURS = "sale", _("Sale hours")


class ScheduleItem(Orderable):
    """One item on one day of a mela, in Pakistan time."""

    page = ParentalKey(MelaPage, on_delete=models.CASCADE, related_name="schedule_items")
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    title = models.CharField(_("title"), max_length=160)
    kind = models.CharField(_("kind"), max_length=20, choices=ScheduleKind.choices)
    place = models.CharField(
        _("place in the venue"), max_length=120, help_text=_("For example: Main stage, Tent B")
    )
    description = models.TextField(_("description"), max_length=600, blank=True)
    presenters = models.CharField(_("presenters"), max_length=200, blank=True)
    artisan = models.ForeignKey(
        "catalog.ArtisanPage",
        verbose_name=_("presenting artisan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mela_schedule_items",
        help_text=_("Only artisans who agreed to be named can be credited."),
    )
    # Stable identity for calendar UIDs; kept in revisions, so publishing keeps it.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("day"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("place")]),
        FieldPanel("description"),
        FieldPanel("presenters"),
        FieldPanel("artisan"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("schedule item")
        verbose_name_plural = _("schedule items")

    def __str__(self):
        return f"{self.day} {self.start_time:%H:%M} {self.title}"

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.day, self.start_time, tzinfo=MELA_TIME_ZONE)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.day, self.end_time, tzinfo=MELA_TIME_ZONE)

    @property
    def public_artisan(self):
        """The credited artisan, only while she consents to be named."""
        artisan = self.artisan
        return artisan if artisan is not None and artisan.is_public and artisan.live else None
