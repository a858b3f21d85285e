"""Demo users: the superuser, a platform moderator, a finance officer and one staff user per
producer group."""

from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from catalog.models import ProducerGroupPage
from catalog.services import producer_group_staff_add

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "crafts-mela-admin"  # noqa: S105 - a documented demo password
# One shared, documented password for every other demo user (moderator and group staff).
DEMO_PASSWORD = "demo-staff-pass"  # noqa: S105
MODERATOR_USERNAME = "moderator"
MODERATORS_GROUP = "Moderators"  # created by Wagtail's own migrations
FINANCE_USERNAME = "finance"
FINANCE_GROUP = "Finance"  # created by the orders app's migrations


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    # Hashing is deliberately slow (about half a second); hundreds of benchmark users share
    # one hash of the same documented password.
    return make_password(DEMO_PASSWORD)


def staff_username(group_slug: str) -> str:
    return f"{group_slug}-staff"


def admin_ensure() -> bool:
    """Create the superuser unless a user of that name exists (its password is left alone)."""
    user_model = get_user_model()
    if user_model.objects.filter(username=ADMIN_USERNAME).exists():
        return False
    user_model.objects.create_superuser(ADMIN_USERNAME, "admin@example.org", ADMIN_PASSWORD)
    return True


def moderator_ensure() -> bool:
    """A platform moderator in Wagtail's Moderators group; True if the user was created."""
    moderators, created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    if created:
        moderators.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    user, created = get_user_model().objects.get_or_create(
        username=MODERATOR_USERNAME,
        defaults={
            "email": "moderator@example.org",
            "first_name": "Platform",
            "last_name": "Moderator",
            "password": _demo_password_hash(),
        },
    )
    if created:
        user.groups.add(moderators)
    return created


def finance_ensure() -> bool:
    """A finance officer in the Finance group (orders, transfers, refunds, payouts)."""
    finance = Group.objects.get(name=FINANCE_GROUP)
    user, created = get_user_model().objects.get_or_create(
        username=FINANCE_USERNAME,
        defaults={
            "email": "finance@example.org",
            "first_name": "Platform",
            "last_name": "Finance",
            "password": _demo_password_hash(),
        },
    )
    if created:
        user.groups.add(finance)
    return created


def group_staff_ensure(*, group_page: ProducerGroupPage, contact_name: str = "") -> bool:
    """The group's demo staff user, added to its staff group when first created."""
    first, _space, last = contact_name.partition(" ")
    user, created = get_user_model().objects.get_or_create(
        username=staff_username(group_page.slug),
        defaults={
            "email": f"{staff_username(group_page.slug)}@example.org",
            "first_name": first[:150],
            "last_name": last[:150],
            "password": _demo_password_hash(),
        },
    )
    if created:
        producer_group_staff_add(group_page=group_page, user=user)
    return created
