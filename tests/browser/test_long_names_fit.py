"""Long names fit on a 360 px phone in English and Urdu: a producer group's title on its page
and the group names on a mela's stall map wrap inside their boxes instead of being cut off.

Screenshots land in test-output/screenshots/<test name>/.
"""

import pytest

from events.models.pages import mela_today
from tests.browser.conftest import Screenshots
from tests.factories import ImageFactory, make_application, make_group, make_mela, make_stall

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LONG_TITLE = "Lahore Home-Based Embroiderers' Union"  # a demo group: one long word

# Elements whose content is wider than their own box (text cut off or spilling over), or
# whose box sticks out of the page's content column (the article, inside its padding).
CLIPPED = """selector => [...document.querySelectorAll(selector)].filter(element => {
    const box = element.getBoundingClientRect();
    const column = element.closest('article') || document.body;
    const outer = column.getBoundingClientRect(), style = getComputedStyle(column);
    const left = outer.left + parseFloat(style.paddingLeft);
    const right = outer.right - parseFloat(style.paddingRight);
    return element.scrollWidth > element.clientWidth + 1 || box.left < left - 1
        || box.right > right + 1 || box.right > document.documentElement.clientWidth;
}).map(element => element.textContent.trim().slice(0, 60))"""

CELLS_CLIPPED = """() => [...document.querySelectorAll('.stall')].filter(
    cell => cell.scrollWidth > cell.clientWidth + 1
).map(cell => cell.textContent.trim().slice(0, 60))"""


@pytest.fixture
def long_names(live_server):
    group = make_group(LONG_TITLE, district="Hyderabad", province="Sindh")
    group.logo = ImageFactory(collection=group.collection, title="Logo")
    group.save_revision().publish()
    other = make_group("Bahawalpur Chunri-and-Bandhani Dyers' Association", district="Bahawalpur")
    mela = make_mela("Lahore Crafts Mela", start=mela_today(), days=3)
    for holder, number, column in ((group, "A-1", 1), (other, "A-2", 2), (None, "A-3", 3)):
        stall = make_stall(mela, number, column=column)
        if holder is not None:
            make_application(mela, holder, status="approved", stall=stall)
    return {"url": live_server.url, "group": group, "mela": mela}


@pytest.mark.parametrize("prefix", ["", "/ur"])
def test_long_group_names_wrap_on_a_phone(phone_page, long_names, request, prefix):
    page = phone_page
    shot = Screenshots(page, request.node.name)

    page.goto(long_names["url"] + prefix + long_names["group"].url)
    assert page.evaluate(CLIPPED, ".group-header h1") == []
    shot("group-page")

    page.goto(long_names["url"] + prefix + long_names["mela"].url + "stalls/")
    assert page.evaluate(CLIPPED, "h1") == []
    assert page.evaluate(CELLS_CLIPPED) == []
    shot("stall-map")
