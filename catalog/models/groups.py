"""Producer groups: the artisans' organisations that sell on the platform."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.images.models import Rendition
from wagtail.models import Page
from wagtail.search import index

from catalog.admin_forms import ChoosableImagesPageForm
from catalog.blocks import StoryBlock
from catalog.models.photos import Photo
from catalog.page_cache_tags import group_page_tag
from marketplace import page_cache
from marketplace.local_input import phone_normalise
from marketplace.translations import TranslatedPageMixin, localize_titles, source_page

# Editing commercial terms (commission, verification, payout details) is for platform staff.
COMMERCIAL_TERMS_PERMISSION = "catalog.manage_commercial_terms"


def default_commission_rate() -> Decimal:
    return settings.PLATFORM_COMMISSION_PERCENT


class Country(models.TextChoices):
    PAKISTAN = "PK", _("Pakistan")
    INDIA = "IN", _("India")
    NEPAL = "NP", _("Nepal")
    SRI_LANKA = "LK", _("Sri Lanka")
    BANGLADESH = "BD", _("Bangladesh")


class ProducerGroupKind(models.TextChoices):
    UNION = "union", _("Union")
    COOPERATIVE = "cooperative", _("Cooperative")
    ASSOCIATION = "association", _("Association")
    FEDERATION = "federation", _("Federation")
    OTHER = "other", _("Other")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending verification")
    VERIFIED = "verified", _("Verified")
    SUSPENDED = "suspended", _("Suspended")


class PayoutMethod(models.TextChoices):
    BANK = "bank", _("Bank transfer")
    JAZZCASH = "jazzcash", _("JazzCash")
    EASYPAISA = "easypaisa", _("Easypaisa")
    STRIPE = "stripe", _("Stripe connected account")


class ProducerGroupIndexPage(TranslatedPageMixin, Page):
    """The 'Producers' directory: every producer group lives under it."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["catalog.ProducerGroupPage"]
    parent_page_types = ["marketplace.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("producers index")

    def get_context(self, request, *args, **kwargs):
        # Imported here: catalog.filters imports the models (cycle).
        from catalog.filters import GroupDirectoryFilterSet

        # Imported here: catalog.selectors imports the models (cycle).
        from catalog.selectors import producer_group_directory

        context = super().get_context(request, *args, **kwargs)
        filterset = GroupDirectoryFilterSet(
            request.GET or None, queryset=producer_group_directory()
        )
        context["filter_form"] = filterset.form
        context["groups"] = Paginator(filterset.qs, settings.SHOP_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context["groups"].object_list = localize_titles(context["groups"].object_list)
        return context


class ProducerGroupPage(TranslatedPageMixin, Page):
    """An artisans' organisation: public profile and story, private contact details.

    Its products and artisans are its child pages, so Wagtail's page permissions on this
    subtree are what keep one group's staff out of another group's data. Its commission,
    verification and payout account are not page fields (they would be revisioned): see
    catalog.models.terms.ProducerGroupTerms.
    """

    # Read with the page when it is routed to (marketplace.translations): whether it is
    # suspended or verified, and its logo.
    route_related = ("terms", "logo")
    # The page routed to is kept under its cached page's tag (marketplace.translations).
    route_kept_tag = staticmethod(group_page_tag)

    kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=ProducerGroupKind.choices
    )
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    country = models.CharField(
        _("country"), max_length=2, choices=Country.choices, default=Country.PAKISTAN
    )
    province = models.CharField(_("province or state"), max_length=80)
    district = models.CharField(_("district"), max_length=80)
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    member_count = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    story = StreamField(StoryBlock(), verbose_name=_("story"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    delivery_charge = models.DecimalField(
        _("delivery charge (PKR)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("250.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Flat charge per order the group ships; a buyer pays it once per group."),
    )

    # Private: shown only in the admin, never on a public page.
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    # Set once by catalog.services.producer_group_provision; not part of the editing form.
    staff_group = models.OneToOneField(
        "auth.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="producer_group_page",
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="producer_group_page",
    )

    search_fields = Page.search_fields + [
        index.SearchField("tagline"),
        index.FilterField("country"),
        index.FilterField("province"),
        index.FilterField("district"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("tagline"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("founded_year"),
                FieldPanel("member_count"),
            ],
            heading=_("About the organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("country"), FieldPanel("province"), FieldPanel("district")],
            heading=_("Location"),
        ),
        FieldPanel("logo"),
        FieldPanel("delivery_charge"),
        InlinePanel("photos", label=_("Photos")),
        FieldPanel("story"),
    ]
    private_panels = [
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_phone"), FieldPanel("contact_email")],
            heading=_("Contact (never shown publicly)"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Profile")),
            ObjectList(private_panels, heading=_("Private")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    base_form_class = ChoosableImagesPageForm
    # One team and one collection per group: a translation shares its source's.
    exclude_fields_in_copy = ["staff_group", "collection"]
    parent_page_types = ["catalog.ProducerGroupIndexPage"]
    subpage_types = ["catalog.ProductPage", "catalog.ArtisanPage"]

    class Meta:
        verbose_name = _("producer group")
        verbose_name_plural = _("producer groups")
        permissions = [
            ("manage_commercial_terms", _("Can set commission, verification and payout details")),
        ]

    @property
    def location_label(self) -> str:
        # Provinces are stored by their English names, which the catalogue translates.
        parts = [
            self.district,
            gettext(self.province) if self.province else "",
            self.get_country_display(),
        ]
        return ", ".join(part for part in parts if part)

    @property
    def commercial_terms(self):
        """The group's ProducerGroupTerms; unsaved defaults for a group not provisioned yet."""
        # Imported here: catalog.models.terms imports this module (cycle).
        from catalog.models.terms import ProducerGroupTerms

        group = source_page(self)  # a translation has its source's terms
        try:
            return group.terms
        except ProducerGroupTerms.DoesNotExist:
            return ProducerGroupTerms(group_id=group.pk)

    @property
    def is_verified(self) -> bool:
        return self.commercial_terms.is_verified

    @property
    def is_suspended(self) -> bool:
        return self.commercial_terms.is_suspended

    def clean(self):
        super().clean()
        # Typed by people in any shape and digit script; SMS needs E.164 (marketplace/sms.py).
        if self.contact_phone:
            try:
                self.contact_phone = phone_normalise(self.contact_phone)
            except ValidationError as error:
                raise ValidationError({"contact_phone": error.messages}) from None

    def serve(self, request, *args, **kwargs):
        # Imported here: catalog.page_cache_tags imports the models (cycle).
        from catalog.page_cache_tags import group_page_tag

        page_cache.cache_tags_add(request, group_page_tag(source_page(self).pk))
        # A suspended group is off the site: its page, like its products, is not found.
        if self.is_suspended:
            raise Http404(_("This producer group is not selling at the moment."))
        return super().serve(request, *args, **kwargs)

    def _profile_key(self, request, group_id: int) -> str | None:
        """The kept profile's key, or None where nothing may be kept: a preview (a draft, an
        old revision) is never stored nor served. The live revision is in the key: a page
        read before a publish moved the tag is stored where the new revision never looks."""
        # Imported here: catalog.page_cache_tags imports the models (cycle).
        from catalog.page_cache_tags import group_profile_tag

        if getattr(request, "is_preview", False) or self.pk is None:
            return None
        token = page_cache.tags_token(group_profile_tag(group_id))
        markup = page_cache.template_version("catalog/includes/group_profile.html")
        return f"{self.pk}-{self.live_revision_id}-{get_language()}-{markup}-{token}"

    def get_context(self, request, *args, **kwargs):
        # Imported here: catalog.selectors imports the models (cycle).
        from catalog.listing_pages import listing_page
        from catalog.page_cache_tags import group_page_tag
        from catalog.selectors import artisans_public, product_listing

        context = super().get_context(request, *args, **kwargs)
        group = source_page(self)  # products and artisans hang off the source page
        products = product_listing(group=group.pk)
        context["products"] = listing_page(
            products, request.GET.get("page"), request, listing_tags=(group_page_tag(group.pk),)
        )
        # The profile (logo, photos, story, artisans) is kept rendered until the group or one
        # of its artisans is published (group-profile tag): a sale or a product's publish
        # re-renders the products only. So its parts are read only when it is rendered.
        context["profile_key"] = self._profile_key(request, group.pk)
        context["profile_seconds"] = settings.CARD_CACHE_SECONDS
        context["artisans"] = SimpleLazyObject(
            lambda: localize_titles(artisans_public().filter(producer_group=group))
        )
        context["photos"] = self.photos.select_related("image").prefetch_related(
            Prefetch("image__renditions", queryset=Rendition.objects.all())
        )
        return context


class ProducerGroupPhoto(Photo):
    page = ParentalKey(ProducerGroupPage, on_delete=models.CASCADE, related_name="photos")
