"""Demo resources and newsletter for `manage.py load_demo`: a guide in English and Urdu (one
file per language) and a published newsletter issue with a few confirmed subscribers.
Idempotent: pages are found by slug and left alone once made."""

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from marketplace.models import HomePage
from marketplace.newsletter.models import (
    NewsletterIndexPage,
    NewsletterIssuePage,
    NewsletterSubscriber,
    SubscriberStatus,
)
from marketplace.resources import ResourceFile, ResourceIndexPage, ResourcePage
from marketplace.translations import default_locale_id

GUIDE_EN = """Home work and your rights: a short guide

Work done at home for a piece rate is work. A worker who stitches, embroiders or packs at home
has the right to a fair rate, to be paid on time, and to join an organisation of her choice.
Keep a note of every order: the date, the pieces, the rate and who gave the work.
Your group can help you compare the rate with the legal minimum wage of your province.
"""

GUIDE_UR = """گھر پر کام اور آپ کے حقوق: ایک مختصر رہنما

گھر پر فی نگ اجرت پر کیا گیا کام بھی کام ہے۔ گھر پر سلائی، کڑھائی یا پیکنگ کرنے والی کارکن کا حق
ہے کہ اسے مناسب اجرت وقت پر ملے اور وہ اپنی مرضی کی تنظیم میں شامل ہو سکے۔ ہر آرڈر کا حساب رکھیں:
تاریخ، نگ، اجرت اور کام دینے والے کا نام۔ آپ کا گروپ اجرت کا صوبے کی کم از کم اجرت سے موازنہ کرنے
میں مدد کر سکتا ہے۔
"""


def _document(title: str, filename: str, text: str):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = Document(title=title)
    document.file.save(filename, ContentFile(text.encode("utf-8")), save=False)
    document.save()
    return document


def _child(parent, model, slug: str, **fields):
    found = model.objects.filter(slug=slug, locale_id=default_locale_id()).first()
    if found is not None:
        return found, False
    page = parent.add_child(instance=model(slug=slug, **fields))
    return page, True


def demo_resources_and_newsletter_ensure() -> int:
    """Returns how many pages it made (0 when the demo already has them)."""
    home = HomePage.objects.get(locale_id=default_locale_id())
    made = 0
    resources, created = _child(
        home,
        ResourceIndexPage,
        "resources",
        title="Resources",
        intro="Guides and texts for home-based workers and their organisations.",
    )
    if created:
        resources.save_revision().publish()
        made += 1
    guide, created = _child(
        resources,
        ResourcePage,
        "home-work-and-your-rights",
        title="Home work and your rights",
        summary="What a piece-rate worker can ask for, and what to write down, in two pages.",
    )
    if created:
        guide.files.add(
            ResourceFile(
                document=_document(
                    "Home work and your rights (English)", "rights-en.txt", GUIDE_EN
                ),
                language="en",
            )
        )
        guide.files.add(
            ResourceFile(
                document=_document("Home work and your rights (Urdu)", "rights-ur.txt", GUIDE_UR),
                language="ur",
            )
        )
        guide.save_revision().publish()
        made += 1
    newsletter, created = _child(
        home,
        NewsletterIndexPage,
        "newsletter",
        title="Newsletter",
        intro="News of melas, workshops and the groups, a few times a year.",
    )
    if created:
        newsletter.save_revision().publish()
        made += 1
    issue, created = _child(
        newsletter,
        NewsletterIssuePage,
        "spring-melas",
        title="Three melas this spring",
        summary="Lahore, Multan and Hyderabad: where to find the groups, and a design workshop.",
        body=(
            "<p>This spring the groups bring ralli quilts, block prints and khussas to three "
            "melas.</p><h2>Design workshop</h2><p>On the second day of the Lahore mela, a "
            "workshop on colours that sell, for group members.</p>"
        ),
    )
    if created:
        issue.save_revision().publish()
        made += 1
    for email, language in (("reader@example.org", "en"), ("qaari@example.org", "ur")):
        NewsletterSubscriber.objects.get_or_create(
            email=email,
            defaults={
                "language": language,
                "status": SubscriberStatus.CONFIRMED,
                "confirmed_at": timezone.now(),
            },
        )
    return made
