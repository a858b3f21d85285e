"""Shared by the group-status tests: change a group's verification status through the terms
service (the `moderator` fixture who may do it is in tests/conftest.py)."""

from catalog.terms.services import terms_update


def set_status(group, status, by):
    terms_update(
        group_id=group.pk,
        by=by,
        verification_status=status,
        commission_rate=group.terms.commission_rate,
    )
