"""Demo workshops for `manage.py load_demo`: one inside the coming demo mela and one on its
own under /workshops/, each with a few sign-ups. Idempotent: found by slug, never changed."""

from datetime import time, timedelta

from django.db import transaction

from catalog.models import CraftCategory
from events.demo import COMING_SLUG
from events.models import MelaPage, WorkshopIndexPage, WorkshopPage
from events.models.pages import mela_today
from events.workshops.services import workshop_sign_up
from marketplace.site_setup import site_tree_ensure
from marketplace.translations import default_locale_id

DEMO_PHONES = ("+923001110001", "+923001110002", "+923001110003")


def _workshop(parent, slug: str, **fields) -> WorkshopPage | None:
    if WorkshopPage.objects.filter(slug=slug).exists():
        return None
    workshop = parent.add_child(instance=WorkshopPage(slug=slug, **fields))
    workshop.save_revision().publish()
    return workshop


@transaction.atomic
def demo_workshops_ensure() -> int:
    """Create the demo workshops if missing; returns how many were created."""
    home, _producers = site_tree_ensure()
    index = WorkshopIndexPage.objects.filter(locale_id=default_locale_id()).first()
    if index is None:
        index = home.add_child(
            instance=WorkshopIndexPage(
                title="Workshops and trainings",
                slug="workshops",
                intro="Marketing, design, skill and legal-awareness workshops for home-based "
                "workers. Sign up with your mobile number.",
            )
        )
        index.save_revision().publish()
    embroidery = CraftCategory.objects.filter(slug="hand-embroidery").first()
    created = []
    mela = MelaPage.objects.filter(slug=COMING_SLUG).first()
    if mela is not None:
        created.append(
            _workshop(
                mela,
                "pricing-for-shops-and-exporters",
                title="Pricing your work for shops and exporters",
                kind="marketing",
                topic="Costing a piece, quoting a wholesale price, and saying no to a bad deal",
                day=mela.start_date,
                start_time=time(11, 0),
                end_time=time(13, 0),
                place="Alhamra Arts Council, Hall 2",
                district="Lahore",
                language="ur",
                capacity=30,
                craft=embroidery,
                trainer="HomeNet Pakistan marketing team",
            )
        )
    created.append(
        _workshop(
            index,
            "know-your-rights-home-based-workers-act",
            title="Know your rights: the Home-Based Workers Act",
            kind="legal",
            topic="Registration, minimum piece rates and social security for home-based workers",
            day=mela_today() + timedelta(days=4),
            start_time=time(10, 0),
            end_time=time(12, 30),
            place="Community hall, Township",
            district="Lahore",
            language="ur",
            capacity=25,
        )
    )
    for workshop in filter(None, created):
        for phone in DEMO_PHONES[: 2 if workshop.kind == "legal" else 3]:
            workshop_sign_up(workshop_id=workshop.pk, phone=phone, language="ur")
    return len([each for each in created if each is not None])
