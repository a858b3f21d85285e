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
        ("ur", "1 × 2", "<bdi>1 × 2</bdi>"),  # × is no Latin letter
        # A mixed list (a location) is isolated part by part, with the page's comma.
        ("ur", "Lahore, پنجاب, پاکستان", '<bdi lang="en">Lahore</bdi>، پنجاب، پاکستان'),
        ("ur", "Shawl (2 m, 300 g)", '<bdi lang="en">Shawl (2 m, 300 g)</bdi>'),
    ],
)
def test_text_is_isolated_and_marked_with_its_own_language(language, text, expected):
    assert render("{{ text|isolate }}", language, text=text) == expected


def test_isolated_text_is_still_escaped():
    assert render("{{ text|isolate }}", "ur", text="<b>") == '<bdi lang="en">&lt;b&gt;</bdi>'


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ur", "Hand-stitched by the group.", ' lang="en" dir="auto"'),
        ("ur", "ہاتھ سے کڑھائی", ""),  # Urdu content on an Urdu page needs nothing
        ("en", "ہاتھ سے کڑھائی", ' lang="ur" dir="auto"'),
        ("en", "Hand-stitched", ""),
        ("ur", "2005", ""),
    ],
)
def test_a_block_of_content_is_marked_with_its_own_language(language, text, expected):
    assert render("<p{% content_lang text %}>", language, text=text) == f"<p{expected}>"


@pytest.mark.django_db
def test_a_page_is_marked_with_its_content_language_not_the_url(site_tree):
    product = make_product(make_group(), "Ralli quilt")
    # Wagtail localisation is off: every page's content is in the default language, English.
    assert render("<div{% content_lang page %}>", "ur", page=product) == (
        '<div lang="en" dir="auto">'
    )
    assert render("<div{% content_lang page %}>", "en", page=product) == "<div>"


@pytest.mark.django_db
def test_urdu_shop_marks_english_product_and_group_names(client, site_tree):
    group = make_group("Thar Ralli Cooperative")
    make_product(group, "Ralli quilt")
    html = client.get("/ur/shop/").content.decode()
    assert '<bdi lang="en">Ralli quilt</bdi>' in html
    assert '<bdi lang="en">Thar Ralli Cooperative</bdi>' in html


def test_content_put_into_a_message_in_python_is_isolated_and_the_message_escaped():
    from marketplace.templatetags.bidi import interpolate_isolated

    with translation.override("ur"):
        html = interpolate_isolated("<%(group)s> کا گوشوارہ", group="Thar & Co")
    assert html == '&lt;<bdi lang="en">Thar &amp; Co</bdi>&gt; کا گوشوارہ'


def test_listing_cells_of_typed_content_are_isolated(site_tree):
    from marketplace.admin_listings import ContentColumn, ContentTitleColumn

    group = make_group("Lahore Embroiderers Union")
    with translation.override("ur"):
        for column in (
            ContentColumn("group", accessor="title"),
            ContentTitleColumn("group", accessor="title"),
        ):
            assert column.get_value(group) == '<bdi lang="en">Lahore Embroiderers Union</bdi>'


@pytest.mark.parametrize(
    ("language", "html", "expected"),
    [
        ("en", "<p>ہاتھ سے کڑھی ہوئی شال۔</p>", ' lang="ur" dir="auto"'),
        ("ur", '<p>Hand-stitched <a href="/x/">wool</a>.</p>', ' lang="en" dir="auto"'),
        ("ur", "<p>ہاتھ سے کڑھی ہوئی شال۔</p>", ""),
    ],
)
def test_rich_text_is_marked_by_its_words_not_its_tags(language, html, expected):
    assert render("<div{% content_lang html %}>", language, html=html) == f"<div{expected}>"
