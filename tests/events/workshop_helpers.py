"""Workshop pages for tests: inside a mela, or on their own under /workshops/."""

from datetime import time, timedelta

from events.models import WorkshopIndexPage, WorkshopPage
from events.models.pages import mela_today
from marketplace.site_setup import site_tree_ensure


def workshop_index():
    home, _producers = site_tree_ensure()
    index = WorkshopIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=WorkshopIndexPage(title="Workshops", slug="workshops"))
        index.save_revision().publish()
    return index


def make_workshop(parent=None, *, title="Pricing your work", day=None, capacity=20, **fields):
    parent = parent or workshop_index()
    defaults = {
        "kind": "marketing",
        "topic": "Pricing for shops and exporters",
        "day": day or mela_today() + timedelta(days=5),
        "start_time": time(10, 0),
        "end_time": time(13, 0),
        "place": "Alhamra, Hall 2",
        "district": "Lahore",
        "language": "ur",
        "capacity": capacity,
    }
    defaults.update(fields)
    workshop = parent.add_child(instance=WorkshopPage(title=title, **defaults))
    workshop.save_revision().publish()
    return WorkshopPage.objects.get(pk=workshop.pk)
