"""Melas: pages (index, mela, schedule), and the records kept out of page revisions (stalls,
exhibitor applications, stall sales, visitor counts)."""

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
]
