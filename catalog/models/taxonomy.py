from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


def localized_name(name: str, name_ur: str) -> str:
    """`name_ur` on Urdu pages when there is one, else `name`."""
    if name_ur and (get_language() or "").startswith("ur"):
        return name_ur
    return name


class LocalizedNameMixin:
    """Shown by its Urdu name (`name_ur`) on Urdu pages, when it has one."""

    name: str
    name_ur: str

    @property
    def localized_name(self) -> str:
        return localized_name(self.name, self.name_ur)

    def __str__(self) -> str:
        return self.localized_name


class CraftCategory(LocalizedNameMixin, index.Indexed, models.Model):
    """A craft, such as embroidery or block printing: the main way buyers browse."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    name_ur = models.CharField(_("name in Urdu"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_ur"),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_ur"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("craft category")
        verbose_name_plural = _("craft categories")


class Technique(LocalizedNameMixin, models.Model):
    """A craft technique (hand embroidery, natural dyeing...), several per product."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    name_ur = models.CharField(_("name in Urdu"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("name_ur"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("craft technique")
        verbose_name_plural = _("craft techniques")
