"""Images inside a group's story (a StreamField) obey the same rule as image fields: a
group's staff may use only images they could choose, never another group's by its id."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from catalog.models import ProducerGroupPage
from tests.catalog.two_groups import two_groups
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def _post_story_with_image(client, world, image) -> str:
    client.force_login(world.staff_a)
    url = reverse("wagtailadmin_pages:edit", args=[world.group_a.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    story = nested_form_data(
        {
            "story": streamfield(
                [
                    (
                        "image",
                        {"image": image.pk, "alt_text": "A khussa being stitched", "caption": ""},
                    )
                ]
            )
        }
    )
    for key, value in story.items():
        data[key] = str(value)
    return client.post(url, data).content.decode()


def _story_image_ids(group) -> list[int]:
    draft = ProducerGroupPage.objects.get(pk=group.pk).get_latest_revision_as_object()
    return [block.value["image"].pk for block in draft.story if block.block_type == "image"]


def test_group_staff_cannot_put_another_groups_image_in_their_story(client, site_tree):
    world = two_groups()

    page = _post_story_with_image(client, world, world.image_b)

    assert "Choose only images from your own collections." in page
    assert world.image_b.pk not in _story_image_ids(world.group_a)


def test_group_staff_put_their_own_image_in_their_story(client, site_tree):
    world = two_groups()
    own_image = ImageFactory(collection=world.group_a.collection, title="Khussa workshop")

    _post_story_with_image(client, world, own_image)

    assert _story_image_ids(world.group_a) == [own_image.pk]
