"""Artisans: members of one producer group, credited only as far as they consent."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.models import Page
from wagtail.search import index

from catalog.admin_forms import ChoosableImagesPageForm
from marketplace.local_input import phone_normalise
from marketplace.translations import TranslatedPageMixin, localize_titles, source_page


class ArtisanConsent(models.TextChoices):
    FULL_NAME = "full", _("Full name and photo may be shown")
    FIRST_NAME = "first", _("First name only, no photo")
    NOT_SHOWN = "hidden", _("Not shown publicly")


class ArtisanPage(TranslatedPageMixin, Page):
    """An artisan's profile under her producer group.

    The page title is always the *public* label allowed by her consent, never more: the
    title appears in URLs, choosers, search and page listings, so the full name lives in a
    separate private field and the title and slug are derived from it on every save.
    """

    slug: str  # Page's field; Wagtail has no type information, so mypy is told here

    full_name = models.CharField(
        _("full name"), max_length=120, help_text=_("Private unless consent allows it.")
    )
    consent = models.CharField(
        _("public credit consent"),
        max_length=10,
        choices=ArtisanConsent.choices,
        default=ArtisanConsent.NOT_SHOWN,
        help_text=_("Record what the artisan agreed to. Nothing is shown without consent."),
    )
    crafts = models.CharField(
        _("crafts and skills"),
        max_length=200,
        blank=True,
        help_text=_("For example: ralli quilting, hand embroidery"),
    )
    bio = models.TextField(_("short biography"), max_length=800, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown only with consent to show her full name and photo."),
    )
    # Private: for the text messages she agreed to (her piece sold, her group paid her).
    phone = models.CharField(
        _("phone (never shown publicly)"),
        max_length=32,
        blank=True,
        help_text=_("Her own mobile number, for text messages about her pay."),
    )
    sms_consent = models.BooleanField(
        _("agrees to text messages"),
        default=False,
        help_text=_("She agreed to get a text message when her piece sells and when she is paid."),
    )
    producer_group = models.ForeignKey(
        "catalog.ProducerGroupPage",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="artisans",
    )

    search_fields = Page.search_fields + [index.FilterField("consent")]
    content_panels = [
        FieldPanel("full_name"),
        FieldPanel("consent"),
        FieldPanel("crafts"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("sms_consent")],
            heading=_("Text messages (private)"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Artisan")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    base_form_class = ChoosableImagesPageForm
    parent_page_types = ["catalog.ProducerGroupPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("artisan")
        verbose_name_plural = _("artisans")

    @property
    def first_name(self) -> str:
        return self.full_name.split()[0] if self.full_name.strip() else ""

    @property
    def is_public(self) -> bool:
        return self.consent in (ArtisanConsent.FULL_NAME, ArtisanConsent.FIRST_NAME)

    @property
    def public_name(self) -> str:
        """What any public page may call her."""
        if self.consent == ArtisanConsent.FULL_NAME:
            return self.full_name
        if self.consent == ArtisanConsent.FIRST_NAME:
            return self.first_name
        return str(_("An artisan"))

    @property
    def public_photo(self):
        return self.photo if self.consent == ArtisanConsent.FULL_NAME else None

    def _apply_consent_to_title(self) -> None:
        self.title = self.public_name
        self.draft_title = self.title
        base_slug = slugify(self.public_name) or "artisan"
        if not self.slug or self.slug.rsplit("-", 1)[0] != base_slug:
            # A random suffix keeps sibling slugs unique without knowing the parent yet
            # (the admin validates a new page before it is placed in the tree).
            self.slug = f"{base_slug}-{secrets.token_hex(3)}"

    @property
    def can_be_texted(self) -> bool:
        return self.sms_consent and bool(self.phone.strip())

    def clean(self):
        super().clean()
        # SMS needs E.164 (marketplace/sms.py), whatever shape and digits she gave it in.
        if self.phone:
            try:
                self.phone = phone_normalise(self.phone)
            except ValidationError as error:
                raise ValidationError({"phone": error.messages}) from None

    def full_clean(self, *args, **kwargs):
        self._apply_consent_to_title()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self._apply_consent_to_title()
        if self.producer_group_id is None and self.path:
            self.producer_group = self._producer_group_from_tree()
        return super().save(*args, **kwargs)

    def _producer_group_from_tree(self):
        # Imported here: catalog.models.groups imports this module (cycle).
        from catalog.models import ProducerGroupPage

        parent_path = self.path[: -self.steplen]
        return ProducerGroupPage.objects.filter(path=parent_path).first()

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_public else []

    def serve(self, request, *args, **kwargs):
        source = source_page(self)
        if not source.is_public:
            raise Http404
        if source.consent != self.consent:
            # A translation made before the artisan changed their consent names no one.
            return source.serve(request, *args, **kwargs)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        # Imported here: catalog.selectors imports the models (cycle).
        from catalog.selectors import product_listing

        context = super().get_context(request, *args, **kwargs)
        products = product_listing(artisan=source_page(self).pk)[:24]
        context["products"] = localize_titles(products)
        return context
