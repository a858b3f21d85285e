"""Demo producer groups in Punjab."""

from catalog.demo.data.seeds import FIRST, FULL, HIDDEN, ArtisanSeed, GroupSeed

PUNJAB_GROUPS = (
    GroupSeed(
        "lahore-embroidery-union",
        "LHR",
        "Lahore Home-Based Embroiderers' Union",
        "union",
        "PK",
        "Punjab",
        "Lahore",
        2009,
        420,
        "Chain stitch and tilla from the lanes of the walled city.",
        (
            "The union began when a handful of embroiderers in Lahore's old city compared what "
            "they were paid per piece and found the contractor was keeping nine rupees of "
            "every ten. They registered as a union of home-based workers and started selling "
            "their own work.",
            "Today members meet every Thursday to share orders, agree piece rates and check "
            "each other's work. New members learn tilla and mirror work from the older women.",
        ),
        "Shamim Akhtar",
        "+92 300 1110001",
        "lahore.union@example.org",
        "verified",
        "bank",
        ("hand-embroidery", "stitched-garments"),
        10,
        (
            ArtisanSeed(
                "Shamim Akhtar",
                FULL,
                "Tilla work, chain stitch",
                "Shamim has embroidered since she was twelve and now trains new members.",
            ),
            ArtisanSeed(
                "Nasreen Begum",
                FIRST,
                "Mirror work",
                "Nasreen works on cushion covers and wall hangings in the afternoons.",
            ),
            ArtisanSeed("Rubina Kausar", HIDDEN, "Tailoring", ""),
        ),
        quote=("Now I know what the buyer pays, and what I get.", "A union member"),
    ),
    GroupSeed(
        "multan-blue-pottery-cooperative",
        "MUL",
        "Multan Women Potters' Cooperative",
        "cooperative",
        "PK",
        "Punjab",
        "Multan",
        2012,
        85,
        "Blue glaze, white slip and a thousand years of Multani tiles.",
        (
            "Women in potter families of Multan have always painted and finished the pots "
            "their husbands threw, but their names never appeared anywhere. The cooperative "
            "gave them a kiln of their own and an account in their own names.",
            "Members now throw, paint and glaze, and sell plates, bowls and tiles at melas "
            "across Punjab.",
        ),
        "Kaneez Fatima",
        "+92 301 2220002",
        "",
        "verified",
        "jazzcash",
        ("pottery", "khussa-shoes"),
        10,
        (
            ArtisanSeed(
                "Kaneez Fatima",
                FULL,
                "Glaze painting",
                "Kaneez paints the cobalt flowers the cooperative is known for.",
            ),
            ArtisanSeed(
                "Parveen Mai",
                FULL,
                "Wheel throwing",
                "Parveen is one of the few women potters on the wheel in her mohalla.",
            ),
            ArtisanSeed("Sughran Bibi", HIDDEN, "Khussa embroidery", ""),
        ),
    ),
    GroupSeed(
        "bahawalpur-chunri-association",
        "BWP",
        "Cholistan Chunri Makers' Association",
        "association",
        "PK",
        "Punjab",
        "Bahawalpur",
        2004,
        160,
        "Tied by hand, dyed in the colours of the desert.",
        (
            "In the villages at the edge of the Cholistan desert, tying chunri is work that "
            "women do between fetching water and cooking. The association was formed so that "
            "the tiers could buy cloth and dye together instead of on credit.",
            "Its members tie dupattas, scarves and chaddars and also make ralli for their own "
            "daughters' dowries, and now for buyers too.",
        ),
        "Zubaida Khatoon",
        "+92 302 3330003",
        "",
        "verified",
        "easypaisa",
        ("chunri-bandhani", "ralli-quilts"),
        10,
        (
            ArtisanSeed(
                "Zubaida Khatoon",
                FIRST,
                "Chunri tying",
                "Zubaida can tie a full dupatta in four days.",
            ),
            ArtisanSeed(
                "Allah Rakhi",
                FULL,
                "Ralli quilting",
                "Allah Rakhi learned ralli from her grandmother and teaches it today.",
            ),
        ),
    ),
    GroupSeed(
        "faisalabad-garment-workers-union",
        "FSD",
        "Faisalabad Home-Based Garment Workers' Union",
        "union",
        "PK",
        "Punjab",
        "Faisalabad",
        2011,
        610,
        "Stitchers of the textile city, selling under their own name.",
        (
            "Faisalabad's mills send a great deal of stitching out to women at home, paid by "
            "the piece and with no contract. The union organises these stitchers, bargains "
            "over rates and helps members register for social security.",
            "Its own line of kurtas, frocks and block-printed linens is cut and sewn by "
            "members and sold through the marketplace.",
        ),
        "Saima Naz",
        "+92 303 4440004",
        "fsd.hbw@example.org",
        "verified",
        "bank",
        ("stitched-garments", "block-printing"),
        10,
        (
            ArtisanSeed(
                "Saima Naz",
                FULL,
                "Tailoring, pattern cutting",
                "Saima cuts the patterns for the union's kurtas.",
            ),
            ArtisanSeed(
                "Razia Sultana", FIRST, "Smocking", "Razia smocks the yokes of children's frocks."
            ),
            ArtisanSeed("Tahira Parveen", HIDDEN, "Block printing", ""),
        ),
    ),
    GroupSeed(
        "kasur-khussa-cooperative",
        "KSR",
        "Kasur Khussa Makers' Cooperative",
        "cooperative",
        "PK",
        "Punjab",
        "Kasur",
        2015,
        70,
        "Kasuri khussas, stitched and embroidered by women at home.",
        (
            "Men cut the leather in Kasur's workshops, but the embroidery and most of the "
            "stitching of a khussa is done by women at home. The cooperative lets them sell "
            "finished pairs instead of being paid a few rupees per upper.",
        ),
        "Hajra Bibi",
        "+92 304 5550005",
        "",
        "verified",
        "jazzcash",
        ("khussa-shoes",),
        10,
        (
            ArtisanSeed(
                "Hajra Bibi",
                FULL,
                "Khussa embroidery",
                "Hajra designs the cooperative's bridal khussas.",
            ),
            ArtisanSeed("Naseem Akhtar", HIDDEN, "Leather stitching", ""),
        ),
    ),
)
