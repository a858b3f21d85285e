"""Resources: documents for groups and workers (a convention text, a guide), each resource
with its files in one or both languages.

Files are Wagtail documents, so uploads go through the documents' own checks (the extensions in
WAGTAILDOCS_EXTENSIONS, Wagtail's upload size limit) and are served by Wagtail's document view,
which honours private collections.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page

from marketplace.serving import public
from marketplace.translations import TranslatedPageMixin


class ResourceIndexPage(TranslatedPageMixin, Page):
    """The resources section: every resource page lives under it."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["marketplace.HomePage"]
    subpage_types = ["marketplace.ResourcePage"]
    max_count = 1

    class Meta:
        verbose_name = _("resources index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["resources"] = (
            public(ResourcePage.objects.child_of(self).live())
            .prefetch_related("files__document")
            .order_by("-first_published_at")
        )
        return context


class ResourcePage(TranslatedPageMixin, Page):
    """One resource (a guide, a convention's text) with a file per language."""

    summary = models.TextField(_("summary"), max_length=600, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        InlinePanel("files", label=_("Files"), min_num=1),
    ]
    parent_page_types = ["marketplace.ResourceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")


class ResourceFile(Orderable):
    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("file"), on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    panels = [FieldPanel("document"), FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    @property
    def extension(self) -> str:
        return self.document.file_extension.upper()
