"""Demo melas for `manage.py load_demo`: one coming mela with schedule, stalls and exhibitors,
and one past mela. Idempotent: melas are found by slug and never changed once created."""

from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from catalog.models import ProducerGroupPage, ProductPage
from events.models import (
    ApplicationStatus,
    ExhibitorApplication,
    MelaIndexPage,
    MelaPage,
    ScheduleItem,
    Stall,
)
from events.models.pages import mela_today
from events.services import application_decide, application_submit, mela_provision
from marketplace.site_setup import site_tree_ensure
from marketplace.translations import default_locale_id

COMING_SLUG = "lahore-home-based-workers-crafts-mela"
PAST_SLUG = "first-south-asian-crafts-mela-2005"
EXHIBITORS = 6

DAILY_PROGRAMME = [
    (time(11, 0), time(20, 0), "Sale hours: all stalls open", "sale", "Main hall", ""),
    (
        time(12, 0),
        time(13, 0),
        "Block printing with natural dyes",
        "workshop",
        "Workshop tent",
        "Hala block printers",
    ),
    (
        time(15, 0),
        time(16, 0),
        "Fair prices for home-based work",
        "talk",
        "Stage",
        "Producer group leaders",
    ),
    (time(18, 0), time(19, 30), "Sufi music and Sindhi folk songs", "cultural", "Stage", ""),
]


def _mela(index: MelaIndexPage, slug: str, title: str, start: date, **fields) -> MelaPage | None:
    if MelaPage.objects.filter(slug=slug, locale_id=default_locale_id()).exists():
        return None
    mela = MelaPage(
        title=title,
        slug=slug,
        start_date=start,
        end_date=start + timedelta(days=2),
        opening_time=time(11, 0),
        closing_time=time(20, 0),
        venue_name="Alhamra Arts Council",
        venue_address="The Mall",
        venue_city="Lahore",
        province="Punjab",
        district="Lahore",
        organiser_name="Home-Based Women Workers' Network",
        **fields,
    )
    for day in range(3):
        for start_time, end_time, item_title, kind, place, presenters in DAILY_PROGRAMME:
            mela.schedule_items.add(
                ScheduleItem(
                    day=start + timedelta(days=day),
                    start_time=start_time,
                    end_time=end_time,
                    title=item_title,
                    kind=kind,
                    place=place,
                    presenters=presenters,
                )
            )
    index.add_child(instance=mela)
    mela.save_revision().publish()
    return mela_provision(mela=mela)


def _stalls_and_exhibitors(mela: MelaPage, admin) -> int:
    stalls = [
        Stall.objects.create(
            mela=mela,
            number=f"{zone_code}-{number}",
            zone=zone,
            size="medium",
            fee="3000.00",
            map_row=row,
            map_column=number,
        )
        for row, (zone_code, zone) in enumerate((("A", "Textiles"), ("B", "Crafts")), start=1)
        for number in range(1, 6)
    ]
    User = get_user_model()
    groups = ProducerGroupPage.objects.live().exclude(slug__startswith="scale-").order_by("pk")
    approved = 0
    for group, stall in zip(groups[:EXHIBITORS], stalls, strict=False):
        staff = User.objects.filter(groups=group.staff_group).order_by("pk").first()
        if staff is None or ExhibitorApplication.objects.filter(mela=mela, group=group).exists():
            continue
        products = list(ProductPage.objects.live().child_of(group)[:4])
        application = application_submit(
            user=staff,
            mela=mela,
            group=group,
            products=products,
            stall_size_wanted="medium",
            needs="One table and two chairs.",
        )
        application_decide(
            application_id=application.pk,
            user=admin,
            decision=ApplicationStatus.APPROVED,
            stall_id=stall.pk,
        )
        approved += 1
    return approved


@transaction.atomic
def demo_melas_ensure(*, admin) -> int:
    """Create the demo melas if missing; returns how many melas were created."""
    site_tree_ensure()
    index = MelaIndexPage.objects.get(locale_id=default_locale_id())
    created = 0
    coming = _mela(
        index,
        COMING_SLUG,
        "Lahore Home-Based Workers' Crafts Mela",
        mela_today() + timedelta(days=10),
        intro="Three days of embroidery, ralli quilts, block prints and pottery, sold by the "
        "women who make them.",
        entry_information="Entry is free. Families welcome.",
        applications_open_on=mela_today() - timedelta(days=20),
        applications_close_on=mela_today() + timedelta(days=5),
    )
    if coming is not None:
        created += 1
        _stalls_and_exhibitors(coming, admin)
    past = _mela(
        index,
        PAST_SLUG,
        "First South Asian Crafts Mela of Home-Based Workers",
        date(2005, 4, 8),
        intro="The first crafts mela of home-based workers' groups from Pakistan, India, Sri "
        "Lanka and Nepal, held in Lahore over three days.",
        entry_information="Entry was free.",
    )
    created += past is not None
    # Demo melas made before melas had a province and district (the impact page's breakdowns).
    MelaPage.objects.filter(slug__in=[COMING_SLUG, PAST_SLUG], province="").update(
        province="Punjab", district="Lahore"
    )
    return created
