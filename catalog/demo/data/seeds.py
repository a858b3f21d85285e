"""The shapes of the demo content tables: groups, artisans, products, crafts, techniques."""

from dataclasses import dataclass

FULL, FIRST, HIDDEN = "full", "first", "hidden"  # catalog.models.ArtisanConsent values

CARE_WASH_COLD = "Hand wash separately in cold water with mild soap; dry in the shade."
CARE_DRY_CLEAN = "Dry clean only. Store folded in muslin, away from damp."
CARE_WIPE = "Wipe with a soft dry cloth. Keep away from water and direct heat."
CARE_POTTERY = "Wash by hand. Not for the oven or microwave; avoid sudden changes of heat."
CARE_BANGLES = "Glass: keep in the box they come in and slip on with a little soap."


@dataclass(frozen=True)
class ArtisanSeed:
    full_name: str
    consent: str
    crafts: str
    bio: str


@dataclass(frozen=True)
class GroupSeed:
    slug: str
    code: str  # used in SKUs
    title: str
    kind: str
    country: str
    province: str
    district: str
    founded_year: int
    member_count: int
    tagline: str
    story: tuple[str, ...]
    contact_name: str
    contact_phone: str
    contact_email: str
    verification_status: str
    payout_method: str
    crafts: tuple[str, ...]
    product_count: int
    artisans: tuple[ArtisanSeed, ...]
    quote: tuple[str, str] | None = None


@dataclass(frozen=True)
class ProductSeed:
    name: str
    description: str
    materials: str
    dimensions: str
    weight_grams: int
    care: str
    price: int  # PKR for the first variant
    techniques: tuple[str, ...]
    # (label, extra PKR over `price`); one to three variants.
    variants: tuple[tuple[str, int], ...] = (("", 0),)
    made_to_order: bool = False
    lead_time_days: int | None = None


@dataclass(frozen=True)
class CraftSeed:
    slug: str
    code: str  # used in SKUs
    name: str
    name_ur: str
    description: str


@dataclass(frozen=True)
class TechniqueSeed:
    slug: str
    name: str
    name_ur: str
