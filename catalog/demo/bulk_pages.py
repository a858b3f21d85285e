"""Adding many new live pages under one parent in a few queries, for benchmark catalogues.

Pages are written the way `loaddata` writes fixtures (the base `Page` rows in bulk, then each
specific row with a raw save), with tree paths computed the way treebeard computes them, and
each page gets one revision that is both its latest and its live revision. No per-save
signals run, so the caller must put the pages in the search index (see `indexing.py`).
`manage.py fixtree` finds nothing to fix afterwards.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, Revision

BASE_FIELDS = [field for field in Page._meta.concrete_fields if not field.primary_key]


@transaction.atomic
def pages_bulk_add(*, parent: Page, pages: list[Page]) -> None:
    """Insert `pages` (new, unsaved, of one specific page type) as live children of `parent`.

    Set relations held in memory on the pages (cluster children, parental many-to-many) are
    recorded in the revision; writing their rows is left to the caller.
    """
    if not pages:
        return
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last_child = parent.get_last_child()
    next_step = last_child._get_lastpos_in_path() + 1 if last_child else 1
    depth = parent.depth + 1
    now = timezone.now()
    page_type = ContentType.objects.get_for_model(type(pages[0]))
    base_type = ContentType.objects.get_for_model(Page)
    for step, page in enumerate(pages, start=next_step):
        page.path = Page._get_path(parent.path, depth, step)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.content_type = page_type
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        page.latest_revision_created_at = now

    base_rows = Page.objects.bulk_create(
        [
            Page(**{field.attname: getattr(page, field.attname) for field in BASE_FIELDS})
            for page in pages
        ]
    )
    for page, row in zip(pages, base_rows, strict=True):
        page.id = page.page_ptr_id = row.pk
        # The specific table only, as loaddata does for multi-table pages.
        page.save_base(raw=True, force_insert=True)

    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=page_type,
            base_content_type=base_type,
            object_id=str(page.pk),
            created_at=now,
            object_str=page.title,
            content=page.serializable_data(),
        )
        for page in pages
    )
    for page, row, revision in zip(pages, base_rows, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
        row.latest_revision = row.live_revision = revision
    Page.objects.bulk_update(base_rows, ["latest_revision", "live_revision"], batch_size=500)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
