"""Market information: each day's counted signals per product and per search term.

Rows are written only by catalog.market.services (from the Redis day counters and from the
orders' sales), always as the day's totals, so copying a day again never counts it twice.
Search terms hold no personal data: terms with digits or `@` never reach them
(marketplace.market_signals), and screens show a term only once enough searchers used it.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

VIEW_ALL_MARKET_INFORMATION = "catalog.view_all_market_information"


class ProductDayStats(models.Model):
    product = models.ForeignKey(
        "catalog.ProductPage",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="day_stats",
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)
    out_of_stock_views = models.PositiveIntegerField(_("views while out of stock"), default=0)
    add_to_carts = models.PositiveIntegerField(_("added to carts"), default=0)
    units_sold = models.PositiveIntegerField(_("units sold"), default=0)
    sales_amount = models.DecimalField(
        _("sales (PKR)"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )

    class Meta:
        verbose_name = _("product day figures")
        verbose_name_plural = _("product day figures")
        constraints = [
            models.UniqueConstraint(fields=["product", "day"], name="product_day_stats_once")
        ]
        indexes = [models.Index(fields=["day"], name="product_day_stats_day")]
        permissions = [
            ("view_all_market_information", _("Can see every group's market information"))
        ]

    def __str__(self):
        return f"{self.product_id} {self.day}"


class SearchTermDay(models.Model):
    day = models.DateField(_("day"))
    language = models.CharField(_("language"), max_length=8)
    term = models.CharField(_("search term"), max_length=60)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    unmet_searches = models.PositiveIntegerField(_("searches with few results"), default=0)
    zero_result_searches = models.PositiveIntegerField(_("searches without results"), default=0)
    searchers = models.PositiveIntegerField(_("different searchers"), default=0)

    class Meta:
        verbose_name = _("search term day")
        verbose_name_plural = _("search term days")
        constraints = [
            models.UniqueConstraint(fields=["day", "language", "term"], name="search_term_day_once")
        ]

    def __str__(self):
        return f"{self.day} {self.language} {self.term}"
