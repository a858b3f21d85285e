"""Products (Wagtail pages) and their sellable variants.

Variants carry SKU, price and stock. They hang off the product with a plain ForeignKey,
not a ParentalKey, so they are *not* part of page revisions: publishing, reverting or
scheduling a revision can never change stock or delete a variant an order refers to.
They are edited on their own admin screen (catalog.admin_views) and shown, read-only, on the
product form (catalog.admin_panels).
"""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from catalog.admin_forms import ChoosableImagesPageForm
from catalog.admin_panels import VariantsPanel
from catalog.models import ArtisanPage, ProducerGroupPage
from catalog.models.photos import Photo
from catalog.page_cache_tags import product_tag
from marketplace import page_cache
from marketplace.market_signals import signals_attach
from marketplace.money import commission_split
from marketplace.translations import TranslatedPageMixin, is_source, source_page


class ProductPageForm(ChoosableImagesPageForm):
    """Offers only the producer group's own artisans, never another group's."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)

        group_id = self.instance.producer_group_id or (parent_page.pk if parent_page else None)
        if "artisans" in self.fields:
            self.fields["artisans"].queryset = ArtisanPage.objects.filter(
                producer_group_id=group_id
            ).order_by("full_name")
            self.fields["artisans"].label_from_instance = lambda artisan: artisan.full_name


class ProductPage(TranslatedPageMixin, Page):
    # Read with the page when it is routed to (marketplace.translations): serving it shows
    # the craft, and the group (whether it is suspended, its commission), which serve()
    # takes from catalog.product_detail.producer_group_kept.
    route_related = ("category",)
    # The page routed to is kept under its cached page's tag (marketplace.translations).
    route_kept_tag = staticmethod(product_tag)

    producer_group = models.ForeignKey(
        "catalog.ProducerGroupPage",
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    description = RichTextField(_("description"), features=["bold", "italic", "ol", "ul", "link"])
    category = models.ForeignKey(
        "catalog.CraftCategory",
        verbose_name=_("craft"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    techniques = ParentalManyToManyField(
        "catalog.Technique", verbose_name=_("techniques"), blank=True, related_name="products"
    )
    materials = models.CharField(_("materials"), max_length=200, blank=True)
    dimensions = models.CharField(
        _("dimensions"), max_length=120, blank=True, help_text=_("For example: 180 × 90 cm")
    )
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), null=True, blank=True)
    care_instructions = models.TextField(_("care instructions"), blank=True)
    made_to_order = models.BooleanField(_("made to order"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        null=True,
        blank=True,
        help_text=_("Days needed to make and dispatch, for made-to-order pieces."),
    )
    artisans = ParentalManyToManyField(
        "catalog.ArtisanPage", verbose_name=_("made by"), blank=True, related_name="products"
    )

    base_form_class = ProductPageForm
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("materials"),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.RelatedFields("producer_group", [index.SearchField("title")]),
        index.FilterField("category"),
        index.FilterField("producer_group"),
    ]
    content_panels = Page.content_panels + [
        VariantsPanel(heading=_("Prices and stock")),
        FieldPanel("description"),
        InlinePanel("gallery_images", label=_("Photos"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("category"), FieldPanel("techniques"), FieldPanel("materials")],
            heading=_("Craft"),
        ),
        MultiFieldPanel(
            [FieldPanel("dimensions"), FieldPanel("weight_grams"), FieldPanel("care_instructions")],
            heading=_("Size and care"),
        ),
        MultiFieldPanel(
            [FieldPanel("made_to_order"), FieldPanel("lead_time_days")],
            heading=_("Making"),
        ),
        FieldPanel("artisans", widget=forms.CheckboxSelectMultiple),
    ]
    parent_page_types = ["catalog.ProducerGroupPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def save(self, *args, **kwargs):
        if self.path:
            self.producer_group_id = self._producer_group_id_from_tree()
        return super().save(*args, **kwargs)

    def _producer_group_id_from_tree(self):

        if self.locale_id and not is_source(self):
            # A translation belongs to its source's group (the group that sells it).
            return source_page(self).producer_group_id

        parent_path = self.path[: -self.steplen]
        return (
            ProducerGroupPage.objects.filter(path=parent_path).values_list("pk", flat=True).first()
        )

    @property
    def main_image(self):
        images = list(self.gallery_images.all())
        return images[0] if images else None

    def price_breakdown(self, price: Decimal) -> dict[str, Decimal]:
        """(group share, commission, group share percent) for a price, shown on every page."""
        group = self.producer_group
        assert group is not None  # a product always belongs to a group
        rate = group.commercial_terms.commission_rate
        share, commission = commission_split(price, rate)
        return {
            "price": price,
            "group_share": share,
            "commission": commission,
            "group_share_percent": 100 - rate,
            "commission_percent": rate,
        }

    def serve(self, request, *args, **kwargs):
        # The products of a suspended group are not sold, so not shown either.
        # Imported here: catalog.page_cache_tags and catalog.product_detail import the models.
        from catalog.page_cache_tags import group_profile_tag, product_tag
        from catalog.product_detail import producer_group_kept

        source = source_page(self)  # (its group, read once for serve and get_context)
        group = source.producer_group_id and producer_group_kept(source.producer_group_id)
        if group:
            source.producer_group = group
        page_cache.cache_tags_add(
            request, product_tag(source.pk), group_profile_tag(source.producer_group_id or 0)
        )
        if source.producer_group_id and source.producer_group.is_suspended:
            raise Http404(_("This product is not available at the moment."))
        response = super().serve(request, *args, **kwargs)
        # Counted outside the page cache (marketplace.market_signals), for the source product.
        context = getattr(response, "context_data", None) or {}
        in_stock = context.get("in_stock", True)
        return signals_attach(response, product=source.pk, out_of_stock=0 if in_stock else 1)

    def get_context(self, request, *args, **kwargs):
        # Imported here: catalog.product_detail imports the models (cycle).
        from catalog.product_detail import product_detail_context

        context = super().get_context(request, *args, **kwargs)
        # Variants, prices, stock and artisans are the source page's; the words are this page's.
        context.update(
            product_detail_context(
                source_page(self),
                photos_of=self,
                preview=getattr(request, "is_preview", False),  # (set by Wagtail's preview)
            )
        )
        return context


class ProductImage(Photo):
    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="gallery_images")


sku_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{1,47}$",
    _("Use 2–48 capital letters, digits and dashes, for example RALLI-QLT-01."),
)


# Below this many units a product page says how many are left; above it, just "in stock".
LOW_STOCK_THRESHOLD = 5


def stock_band(stock: int) -> int | None:
    """What public pages reveal of a stock level: the exact count only when it is low."""
    return stock if stock <= LOW_STOCK_THRESHOLD else None


class ProductVariant(models.Model):
    """One sellable version of a product (a size or colour) with its own SKU, price and stock."""

    product = models.ForeignKey(ProductPage, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(_("SKU"), max_length=48, unique=True, validators=[sku_validator])
    label = models.CharField(
        _("variant"), max_length=80, blank=True, help_text=_("For example: Large / indigo")
    )
    price = models.DecimalField(
        _("price (PKR)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(1)]
    )
    stock = models.PositiveIntegerField(_("in stock"), default=0)
    is_active = models.BooleanField(
        _("on sale"),
        default=True,
        help_text=_(
            "Variants are never deleted once orders may refer to them; take them off sale."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(
        pgettext_lazy("position in a list", "order"), default=0
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("product variant")
        verbose_name_plural = _("product variants")
        indexes = [models.Index(fields=["product", "is_active", "price"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gt=0), name="variant_price_positive"),
        ]

    def __str__(self):
        return f"{self.sku} {self.label}".strip()

    @property
    def in_stock(self) -> bool:
        return self.is_active and self.stock > 0

    @property
    def low_stock(self) -> int | None:
        """The number left when it is worth telling buyers, else None."""
        return stock_band(self.stock) if self.in_stock else None
