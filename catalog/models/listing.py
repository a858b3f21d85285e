"""What listings show of a product, kept in one row beside it: the shop, group, artisan, mela
and home pages read their cards and orderings from here instead of working out each product's
lowest price, stock and first photo from its variants and gallery on every render.

Not page fields: publishing a page revision would write the revision's (stale) copy back.
The row is rewritten by catalog.listing_summary in the transaction that changes what it
holds (a stock change that moves a variant's band, a variant saved on the stock screen, a
publish); `manage.py listing_summaries_rebuild` rebuilds every row.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

ON_SALE = models.Q(on_sale=True)


class ProductListing(models.Model):
    product = models.OneToOneField(
        "catalog.ProductPage",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="listing",
    )
    # Copies of the page's own fields, so that a filtered listing is read in index order.
    producer_group = models.ForeignKey(
        "catalog.ProducerGroupPage",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the partial indexes below lead with it
    )
    category = models.ForeignKey(
        "catalog.CraftCategory",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    published_at = models.DateTimeField(null=True)
    # From the variants: whether any is on sale, the lowest price on sale, whether any of
    # them can be bought now, and the units left across them when few (stock_band).
    on_sale = models.BooleanField(default=False)
    price_from = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    in_stock = models.BooleanField(default=False)
    stock_band = models.PositiveIntegerField(null=True)
    # The card's photo: the first of the live gallery.
    card_image = models.ForeignKey(
        "wagtailimages.Image", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    card_image_alt = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("product listing summary")
        indexes = [
            # One per listing order and per filter the shop and group pages use most, each
            # holding only what is on sale: page 1 and page 40 are read straight from them.
            models.Index(
                fields=["-in_stock", "-published_at", "-product"],
                condition=ON_SALE,
                name="listing_newest",
            ),
            models.Index(
                fields=["category", "-in_stock", "-published_at", "-product"],
                condition=ON_SALE,
                name="listing_category_newest",
            ),
            models.Index(
                fields=["producer_group", "-in_stock", "-published_at", "-product"],
                condition=ON_SALE,
                name="listing_group_newest",
            ),
            models.Index(
                fields=["price_from", "-product"], condition=ON_SALE, name="listing_price_asc"
            ),
            models.Index(
                fields=["-price_from", "-product"], condition=ON_SALE, name="listing_price_desc"
            ),
        ]

    def __str__(self) -> str:
        return f"listing of product {self.product_id}"
