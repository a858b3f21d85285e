"""A page 'team': a Django group with Wagtail permissions on one page's subtree and its own
image collection. Producer groups (their staff) and melas (their organisers) each get one."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def page_team_ensure(
    *,
    page,
    group: Group | None,
    group_name: str,
    collection: Collection | None,
    collection_name: str,
    page_permissions: tuple[str, ...],
) -> tuple[Group, Collection]:
    """Create what is missing (group, collection, permissions) and return the group and
    collection. Idempotent; call it inside the caller's transaction with the page locked."""
    if group is None:
        group, _created = Group.objects.get_or_create(name=group_name)
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=collection_name)
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    for codename in page_permissions:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", codename)
        )
    for codename in IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission("wagtailimages", codename)
        )
    return group, collection
