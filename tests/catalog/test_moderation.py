"""Producer group staff submit products for moderation; only moderators publish them."""

import pytest
from django.contrib.auth.models import Group

from catalog.models import ProductPage
from tests.factories import CraftCategoryFactory, ImageFactory, UserFactory, make_group, make_staff

pytestmark = pytest.mark.django_db


def product_form(category, image, **extra):
    data = {
        "title": "Sindhi rilli bedspread",
        "slug": "sindhi-rilli-bedspread",
        "description": '{"blocks":[{"key":"a","type":"unstyled","text":"Hand quilted.",'
        '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "category": category.pk,
        "gallery_images-TOTAL_FORMS": "1",
        "gallery_images-0-image": image.pk,
        "gallery_images-0-alt_text": "A red and white quilt",
        "gallery_images-0-caption": "",
        "gallery_images-0-ORDER": "1",
        "gallery_images-0-id": "",
        "gallery_images-0-DELETE": "",
        "gallery_images-INITIAL_FORMS": "0",
        "gallery_images-MIN_NUM_FORMS": "0",
        "gallery_images-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_staff_submission_waits_for_a_moderator(client, site_tree):
    group = make_group()
    staff = make_staff(group)
    category = CraftCategoryFactory(name="Ralli quilts", slug="ralli-quilts")
    image = ImageFactory(collection=group.collection)
    client.force_login(staff)

    response = client.post(
        f"/admin/pages/add/catalog/productpage/{group.pk}/",
        product_form(category, image, **{"action-submit": "Submit to Moderators approval"}),
    )
    assert response.status_code == 302
    product = ProductPage.objects.get(slug="sindhi-rilli-bedspread")
    assert not product.live
    assert product.producer_group_id == group.pk
    assert product.current_workflow_state is not None

    # Publishing directly is not something group staff can do.
    response = client.post(
        f"/admin/pages/{product.pk}/edit/", product_form(category, image, **{"action-publish": "1"})
    )
    product.refresh_from_db()
    assert not product.live

    moderator = UserFactory(username="moderator")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    task_state = product.current_workflow_state.current_task_state
    response = client.post(
        f"/admin/pages/{product.pk}/edit/",
        product_form(
            category,
            image,
            **{"action-workflow-action": "true", "workflow-action-name": "approve"},
        ),
    )
    assert response.status_code == 302
    product.refresh_from_db()
    task_state.refresh_from_db()
    assert task_state.status == "approved"
    assert product.live


def test_product_form_offers_only_the_groups_own_artisans(client, site_tree):
    from catalog.models import ArtisanConsent
    from tests.factories import make_artisan

    group_a = make_group("Group A")
    group_b = make_group("Group B")
    make_artisan(group_a, "Amina Own Artisan", ArtisanConsent.NOT_SHOWN)
    make_artisan(group_b, "Bushra Other Artisan", ArtisanConsent.NOT_SHOWN)
    client.force_login(make_staff(group_a))
    html = client.get(f"/admin/pages/add/catalog/productpage/{group_a.pk}/").content.decode()
    assert "Amina Own Artisan" in html  # staff recognise their artisans by full name
    assert "Bushra Other Artisan" not in html
