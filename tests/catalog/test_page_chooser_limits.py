"""The admin's page chooser shows group staff only pages they may see: published pages and
the pages they may edit. Another group's unpublished drafts stay out of every chooser view
(browse, browse into the draft, search, and the "chosen" answer for a guessed id)."""

import pytest
from django.urls import reverse

from tests.catalog.two_groups import two_groups

DRAFT_TITLE = "Chunri dupatta in review"


@pytest.mark.django_db
def test_page_chooser_hides_another_groups_unpublished_drafts(client, site_tree):
    world = two_groups()
    draft = world.product_b_in_moderation
    client.force_login(world.staff_a)

    browse = client.get(reverse("wagtailadmin_choose_page_child", args=[world.group_b.pk]))
    assert browse.status_code == 200
    assert DRAFT_TITLE not in browse.content.decode()

    into_draft = client.get(reverse("wagtailadmin_choose_page_child", args=[draft.pk]))
    assert into_draft.status_code == 404 or DRAFT_TITLE not in into_draft.content.decode()

    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Chunri"})
    assert search.status_code == 200
    assert DRAFT_TITLE not in search.content.decode()

    chosen = client.get(reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": [draft.pk]})
    assert DRAFT_TITLE not in chosen.content.decode()


@pytest.mark.django_db
def test_page_chooser_still_offers_published_pages_and_own_drafts(client, site_tree):
    from tests.factories import make_product

    world = two_groups()
    own_draft = make_product(world.group_a, "Sialkot draft shawl", publish=False)
    client.force_login(world.staff_a)

    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Sialkot"})
    assert "Sialkot draft shawl" in search.content.decode()
    published_b = client.get(reverse("wagtailadmin_choose_page_child", args=[world.group_b.pk]))
    assert world.product_b.title in published_b.content.decode()
    chosen = client.get(reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": [own_draft.pk]})
    assert "Sialkot draft shawl" in chosen.content.decode()


@pytest.mark.django_db
def test_superusers_see_every_draft_in_the_page_chooser(admin_client, site_tree):
    world = two_groups()
    search = admin_client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Chunri"})
    assert DRAFT_TITLE in search.content.decode()
    assert world.product_b_in_moderation.pk
