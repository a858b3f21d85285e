"""Melas and workshops: pages (index, mela, schedule, workshops), and the records kept out
of page revisions (stalls, exhibitor applications, stall sales, visitor counts, sign-ups)."""

from .pages import MelaIndexPage, MelaPage, ScheduleItem, ScheduleKind
from .stalls import (
    ApplicationDecision,
    ApplicationStatus,
    ExhibitorApplication,
    MelaVisitorCount,
    Stall,
    StallSale,
    StallSize,
)
from .workshops import (
    WorkshopIndexPage,
    WorkshopKind,
    WorkshopLanguage,
    WorkshopPage,
    WorkshopSignup,
)

__all__ = [
    "ApplicationDecision",
    "ApplicationStatus",
    "ExhibitorApplication",
    "MelaIndexPage",
    "MelaPage",
    "MelaVisitorCount",
    "ScheduleItem",
    "ScheduleKind",
    "Stall",
    "StallSale",
    "StallSize",
    "WorkshopIndexPage",
    "WorkshopKind",
    "WorkshopLanguage",
    "WorkshopPage",
    "WorkshopSignup",
]
