"""English inside an Urdu page is marked lang="en" and isolated, and the other way round."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import make_group, make_product


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load bidi %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ur", "Ralli quilt", '<bdi lang="en">Ralli quilt</bdi>'),
        ("ur", "رلی", "رلی"),
        ("en", "رلی", '<bdi lang="ur">رلی</bdi>'),
        ("en", "Ralli quilt", "Ralli quilt"),
        ("ur", "Ralli رلی", "<bdi>Ralli رلی</bdi>"),
        ("ur", "A-12", '<bdi lang="en">A-12</bdi>'),
        ("ur", "", ""),
    ],
)
def test_text_is_isolated_and_marked_with_its_own_language(language, text, expected):
    assert render("{{ text|isolate }}", language, text=text) == expected


def test_isolated_text_is_still_escaped():
    assert render("{{ text|isolate }}", "ur", text="<b>") == '<bdi lang="en">&lt;b&gt;</bdi>'


@pytest.mark.django_db
def test_urdu_shop_marks_english_product_and_group_names(client, site_tree):
    group = make_group("Thar Ralli Cooperative")
    make_product(group, "Ralli quilt")
    html = client.get("/ur/shop/").content.decode()
    assert '<bdi lang="en">Ralli quilt</bdi>' in html
    assert '<bdi lang="en">Thar Ralli Cooperative</bdi>' in html
