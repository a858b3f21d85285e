"""Sister groups from India, Nepal and Sri Lanka, as at the South Asian crafts melas."""

from catalog.demo.data.seeds import FIRST, FULL, HIDDEN, ArtisanSeed, GroupSeed

REGION_GROUPS = (
    GroupSeed(
        "kutch-bandhani-cooperative",
        "KUT",
        "Kutch Women Artisans' Cooperative",
        "cooperative",
        "IN",
        "Gujarat",
        "Kutch",
        1998,
        300,
        "Bandhani and embroidery from Kutch, a sister group across the border.",
        (
            "The cooperative's members tie bandhani and embroider in the styles of the many "
            "communities of Kutch. They have come to the South Asian crafts mela in Lahore "
            "since the very first one.",
        ),
        "Hansa Ben",
        "+91 98250 00011",
        "kutch.coop@example.org",
        "verified",
        "bank",
        ("chunri-bandhani", "hand-embroidery"),
        7,
        (
            ArtisanSeed(
                "Hansa Ben", FULL, "Bandhani", "Hansa Ben ties the finest dots in the cooperative."
            ),
            ArtisanSeed(
                "Kanta Ben",
                FIRST,
                "Mirror embroidery",
                "Kanta Ben embroiders cushion covers and wall pieces.",
            ),
        ),
    ),
    GroupSeed(
        "bhaktapur-home-workers-association",
        "BKT",
        "Bhaktapur Home Workers' Association",
        "association",
        "NP",
        "Bagmati",
        "Bhaktapur",
        2010,
        140,
        "Pots from Potters' Square and clothes stitched at home.",
        (
            "Bhaktapur's potters work in the open squares of the old town. The association "
            "brings together the women who shape, dry and paint the pots and those who stitch "
            "garments at home, and sells both.",
        ),
        "Sita Prajapati",
        "+977 980 0000012",
        "",
        "pending",
        "bank",
        ("pottery", "stitched-garments"),
        7,
        (
            ArtisanSeed(
                "Sita Prajapati",
                FULL,
                "Pottery",
                "Sita comes from a family of potters and paints the association's bowls.",
            ),
            ArtisanSeed(
                "Maiya Shrestha", FIRST, "Tailoring", "Maiya stitches waistcoats and kurtas."
            ),
        ),
    ),
    GroupSeed(
        "galle-women-weavers",
        "GAL",
        "Galle Women Crafts Collective",
        "association",
        "LK",
        "Southern Province",
        "Galle",
        2014,
        75,
        "Rush and reed baskets and fine needlework from the south coast.",
        (
            "The collective's members weave rush and reed into mats and baskets and do fine "
            "needlework at home. Like their sisters in Pakistan, they want buyers to know "
            "who made what they buy.",
        ),
        "Kumari Perera",
        "+94 77 000 0013",
        "",
        "verified",
        "bank",
        ("basketry", "hand-embroidery"),
        6,
        (ArtisanSeed("Kumari Perera", HIDDEN, "Rush weaving", ""),),
    ),
)
