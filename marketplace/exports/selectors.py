"""Reads of exports: a user sees, polls and downloads only the exports they asked for."""

from django.db.models import QuerySet

from marketplace.models import ExportJob
from marketplace.users import AnyUser


def exports_of(user: AnyUser) -> QuerySet[ExportJob]:
    """The user's own exports, newest first (nothing for anyone signed out)."""
    if not user.is_authenticated or not user.is_active:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by=user).order_by("-created_at", "-pk")


def export_ready_for(user: AnyUser, job_id: int) -> ExportJob:
    """The finished export `job_id` if `user` asked for it; ExportJob.DoesNotExist otherwise."""
    return exports_of(user).get(pk=job_id, status=ExportJob.Status.DONE)
