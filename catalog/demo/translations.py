"""Urdu versions of demo pages (catalog.demo.data.urdu), published. Idempotent: a page that
already has an Urdu version is left as it is."""

from django.db import transaction
from django.utils.html import escape
from wagtail.models import Locale
from wagtail.rich_text import RichText

from catalog.demo.data.products import PRODUCTS
from catalog.demo.data.urdu import (
    COLOURS,
    CRAFT_DESCRIPTIONS,
    GROUPS,
    MELA,
    PRODUCT_NAMES,
    SCHEDULE,
    SITE_PAGES,
)
from catalog.models import ProducerGroupIndexPage, ProducerGroupPage, ProductPage
from marketplace.models import HomePage
from marketplace.translations import default_locale_id, translation_ensure

URDU = "ur"
_CRAFT_OF_TEMPLATE = {seed.name: craft for craft, seeds in PRODUCTS.items() for seed in seeds}


def _publish_urdu(page, locale: Locale, **fields) -> bool:
    """Create, fill in and publish the Urdu version of `page`; False when it existed."""
    existing = page.get_translation_or_none(locale)
    if existing is not None and existing.live:
        return False
    translated = existing or translation_ensure(page, locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return True


def _product_fields(product: ProductPage, group_title: str, district: str) -> dict | None:
    name, _comma, colour = product.title.partition(", ")
    if name not in PRODUCT_NAMES or colour not in COLOURS:
        return None
    craft = _CRAFT_OF_TEMPLATE[name]
    return {
        "title": f"{PRODUCT_NAMES[name]}، {COLOURS[colour]}",
        "description": (
            f"<p>{escape(CRAFT_DESCRIPTIONS[craft])}</p>"
            f"<p>{escape(group_title)} کی ارکان نے {escape(district)} میں بنایا۔</p>"
        ),
    }


@transaction.atomic
def demo_translations_ensure() -> int:
    """Publish the Urdu versions of the demo's site pages, groups and their products and the
    coming mela; returns how many pages were translated."""
    from events.demo import COMING_SLUG
    from events.models import MelaIndexPage, MelaPage

    locale = Locale.objects.get(language_code=URDU)
    source = {"locale_id": default_locale_id()}
    created = 0
    home = HomePage.objects.filter(**source).first()
    if home is None:
        return 0
    created += _publish_urdu(home, locale, **SITE_PAGES["home"])
    for model, key in ((ProducerGroupIndexPage, "producers"), (MelaIndexPage, "melas")):
        index = model.objects.filter(**source).first()
        if index is not None:
            created += _publish_urdu(index, locale, **SITE_PAGES[key])
    for slug, words in GROUPS.items():
        group = ProducerGroupPage.objects.filter(slug=slug, **source).first()
        if group is None:
            continue
        story = [("paragraph", RichText(f"<p>{escape(words['story'])}</p>"))]
        fields = {"title": words["title"], "tagline": words["tagline"], "story": story}
        created += _publish_urdu(group, locale, **fields)
        for product in ProductPage.objects.child_of(group).filter(live=True).order_by("path"):
            product_fields = _product_fields(product, words["title"], words["district"])
            if product_fields is not None:
                created += _publish_urdu(product.specific, locale, **product_fields)
    mela = MelaPage.objects.filter(slug=COMING_SLUG, **source).first()
    if mela is not None and mela.get_translation_or_none(locale) is None:
        translated = translation_ensure(mela, locale)
        for item in translated.schedule_items.all():
            item.title = SCHEDULE.get(item.title, item.title)
            item.place = SCHEDULE.get(item.place, item.place)
            item.presenters = SCHEDULE.get(item.presenters, item.presenters)
            item.save()
        created += _publish_urdu(mela, locale, **MELA)
    return created
