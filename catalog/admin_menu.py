"""What the admin menu asks about the user on every admin page, asked once per request.

Several menu items show only to a producer group's staff, or to whoever may edit a product
(makers' pay, statements, market information, below the minimum wage, the order desk, mela
applications). Each asking the database itself cost a query per item on every admin page;
`menu_facts(request)` answers them all with one query, kept on the request. Permission checks
(`user.has_perm`) stay with each item: Django caches those on the user already.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.db.models import Exists
from django.http import HttpRequest

from catalog.models import ProducerGroupPage
from catalog.selectors import products_editable_by
from marketplace.translations import default_locale_id

_ATTRIBUTE = "_catalog_menu_facts"


@dataclass(frozen=True)
class MenuFacts:
    staff_of_a_group: bool = False  # on some producer group's staff (a page in any language)
    staff_of_a_source_group: bool = False  # ... of a group page in the source language
    a_source_group_exists: bool = False  # there is any group at all (what finance would see)
    edits_a_product: bool = False  # may edit some product's page (active users only)


def menu_facts(request: HttpRequest) -> MenuFacts:
    """The facts about `request.user`, computed on the first call of the request."""
    facts: MenuFacts | None = getattr(request, _ATTRIBUTE, None)
    if facts is None:
        facts = user_menu_facts(request.user)
        setattr(request, _ATTRIBUTE, facts)
    return facts


def user_menu_facts(user: Any) -> MenuFacts:
    """One query for an authenticated user, none for anyone else."""
    if not user.is_authenticated:
        return MenuFacts()
    source_groups = ProducerGroupPage.objects.filter(locale_id=default_locale_id())
    staff_groups = ProducerGroupPage.objects.filter(staff_group__in=user.groups.all())
    active = bool(user.is_active)
    asked = {
        "staff": Exists(staff_groups),
        "staff_source": Exists(staff_groups.filter(locale_id=default_locale_id())),
        "any_group": Exists(source_groups),
    }
    if active:
        asked["edits"] = Exists(products_editable_by(user))
    users = get_user_model().objects.filter(pk=user.pk)
    row = cast("dict[str, Any] | None", users.values(**asked).first())
    if row is None:
        return MenuFacts()
    return MenuFacts(
        staff_of_a_group=bool(row["staff"]),
        staff_of_a_source_group=bool(row["staff_source"]),
        a_source_group_exists=bool(row["any_group"]),
        edits_a_product=bool(row.get("edits")),
    )
