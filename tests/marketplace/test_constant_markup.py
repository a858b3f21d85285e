"""The site's header and footer are rendered once per process and language
(marketplace/templatetags/constant_markup.py): each page still gets them in its own language,
and nothing that differs between pages can end up in the kept copy."""

import re

import pytest
from django.template import Context, Engine, Template
from django.test import override_settings
from django.utils import translation

from marketplace.templatetags.constant_markup import ConstantBlockError

pytestmark = pytest.mark.django_db


def header_and_footer(html: str) -> str:
    header = re.search(r"<header.*?</header>", html, re.S)
    footer = re.search(r"<footer.*?</footer>", html, re.S)
    assert header and footer
    # The language switcher's links carry the page's own path: the one part that differs.
    return re.sub(
        r'<nav class="languages".*?</nav>', "", header.group(0) + footer.group(0), flags=re.S
    )


def test_each_language_gets_its_own_header_and_footer_whichever_came_first(
    client, settings, site_tree
):
    settings.PAGE_CACHE_SECONDS = 0  # every page rendered
    english_first = header_and_footer(client.get("/shop/").content.decode())
    urdu = client.get("/ur/shop/").content.decode()
    english_again = header_and_footer(client.get("/shop/").content.decode())

    assert english_again == english_first
    assert 'href="/shop/"' in english_first and "/ur/" not in english_first
    with translation.override("ur"):
        shop_in_urdu = translation.gettext("Shop")
    assert shop_in_urdu != "Shop"
    assert f'<a href="/ur/shop/">{shop_in_urdu}</a>' in header_and_footer(urdu)
    # The Urdu stylesheet is kept with the Urdu head only.
    assert "urdu" in re.search(r"<head>.*?</head>", urdu, re.S).group(0)
    assert "urdu" not in client.get("/shop/").content.decode().split("</head>")[0]


def test_pages_of_every_kind_share_one_header_but_keep_their_own_language_links(
    client, settings, site_tree
):
    settings.PAGE_CACHE_SECONDS = 0
    shop = client.get("/shop/").content.decode()
    producers = client.get("/producers/").content.decode()

    assert header_and_footer(shop) == header_and_footer(producers)
    assert "next=%2Fshop%2F" in shop and "next=%2Fproducers%2F" in producers


def render(source: str, **context) -> str:
    return Template("{% load constant_markup %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "source",
    [
        '{% constant "t" %}Hello {{ name }}{% endconstant %}',
        '{% constant "t" %}{% block greeting %}Hello{% endblock %}{% endconstant %}',
        "{% constant t %}Hello{% endconstant %}",
    ],
)
def test_a_block_that_could_differ_between_pages_is_refused_when_compiled(source):
    with pytest.raises(ConstantBlockError):
        render(source, name="Amina")


def test_a_block_that_reads_a_variable_is_refused_when_rendered_instead_of_kept_empty():
    with pytest.raises(ConstantBlockError, match="'user'"):
        render(
            '{% constant "reads-user" %}{% if user %}Account{% endif %}{% endconstant %}', user=1
        )
    with pytest.raises(ConstantBlockError, match="'items'"):
        render('{% constant "reads-items" %}{% for x in items %}.{% endfor %}{% endconstant %}')
    with pytest.raises(ConstantBlockError, match="'csrf_token'"):
        render('{% constant "a-form" %}{% csrf_token %}{% endconstant %}', csrf_token="x")


def test_with_debug_on_a_refused_read_is_reported_as_such():
    engine = Engine(
        debug=True,
        libraries={"constant_markup": "marketplace.templatetags.constant_markup"},
    )
    source = '{% constant "debug" %}{% if user %}Account{% endif %}{% endconstant %}'
    with pytest.raises(ConstantBlockError, match="'user'"):
        engine.from_string("{% load constant_markup %}" + source).render(Context({"user": 1}))


def test_two_templates_may_name_their_blocks_alike():
    engine = Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {
                    name: '{% load constant_markup %}{% constant "footer" %}'
                    + words
                    + "{% endconstant %}"
                    for name, words in (("shop.html", "Shop"), ("mela.html", "Mela"))
                },
            )
        ],
        libraries={"constant_markup": "marketplace.templatetags.constant_markup"},
    )
    assert engine.get_template("shop.html").render(Context()) == "Shop"
    assert engine.get_template("mela.html").render(Context()) == "Mela"


def test_a_changed_setting_renders_the_block_again():
    source = '{% load static %}{% constant "icon" %}{% static "img/icon.png" %}{% endconstant %}'
    with override_settings(STATIC_URL="/first/"):
        assert render(source) == "/first/img/icon.png"
    with override_settings(STATIC_URL="/second/"):
        assert render(source) == "/second/img/icon.png"
