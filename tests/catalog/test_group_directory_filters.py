"""The producers directory's filters (country, province) keep their query parameters."""

import pytest

from tests.factories import make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(site_tree):
    make_group("Lahore Embroiderers Union", country="PK", province="Punjab")
    make_group("Thar Ralli Cooperative", country="PK", province="Sindh", district="Tharparkar")
    make_group("Jaipur Block Printers", country="IN", province="Rajasthan", district="Jaipur")
    _home, producers = site_tree
    return producers


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {group.title for group in response.context["groups"]}


def test_directory_filters_by_country_and_province(client, directory):
    url = directory.url
    assert listed(client, url) == {
        "Lahore Embroiderers Union",
        "Thar Ralli Cooperative",
        "Jaipur Block Printers",
    }
    assert listed(client, f"{url}?country=IN") == {"Jaipur Block Printers"}
    assert listed(client, f"{url}?country=PK&province=Sindh") == {"Thar Ralli Cooperative"}


def test_an_invalid_country_is_ignored_and_the_valid_province_still_applies(client, directory):
    assert listed(client, f"{directory.url}?country=XX&province=Punjab") == {
        "Lahore Embroiderers Union"
    }
    response = client.get(f"{directory.url}?country=%00&province={'x' * 500}")
    assert response.status_code == 200
