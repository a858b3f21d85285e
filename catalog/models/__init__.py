"""Catalog data: producer groups, artisans, products with variants and stock, taxonomy."""

from .artisans import ArtisanConsent, ArtisanPage
from .groups import ProducerGroupIndexPage, ProducerGroupPage, ProducerGroupPhoto
from .listing import ProductListing
from .makers import MakerRate, MinimumWage
from .market import ProductDayStats, SearchTermDay
from .network import (
    NetworkApplication,
    NetworkApplicationDocument,
    NetworkApplicationKind,
    NetworkApplicationStatus,
)
from .products import ProductImage, ProductPage, ProductVariant
from .stock import StockMovement, StockMovementReason
from .taxonomy import CraftCategory, Technique
from .terms import PayoutAccountChange, ProducerGroupTerms, TermsChange

__all__ = [
    "ArtisanConsent",
    "ArtisanPage",
    "MakerRate",
    "MinimumWage",
    "PayoutAccountChange",
    "CraftCategory",
    "NetworkApplication",
    "NetworkApplicationDocument",
    "NetworkApplicationKind",
    "NetworkApplicationStatus",
    "ProducerGroupIndexPage",
    "ProducerGroupPage",
    "ProducerGroupPhoto",
    "ProducerGroupTerms",
    "ProductImage",
    "ProductListing",
    "ProductDayStats",
    "ProductPage",
    "ProductVariant",
    "SearchTermDay",
    "StockMovement",
    "StockMovementReason",
    "Technique",
    "TermsChange",
]
