"""Demo producer groups in Sindh."""

from catalog.demo.data.seeds import FIRST, FULL, HIDDEN, ArtisanSeed, GroupSeed

SINDH_GROUPS = (
    GroupSeed(
        "hyderabad-bangle-workers-union",
        "HYD",
        "Hyderabad Bangle Workers' Union",
        "union",
        "PK",
        "Sindh",
        "Hyderabad",
        2008,
        540,
        "Every bangle passes through many women's hands; now they set the price.",
        (
            "Hyderabad makes most of Pakistan's glass bangles. The furnaces are run by "
            "factories, but joining, sorting and decorating the bangles is piece work done by "
            "women and girls at home, for very little.",
            "The union campaigns for a fair piece rate and runs a sale outlet where members "
            "sell sets they decorate themselves.",
        ),
        "Shahnaz Memon",
        "+92 305 6660006",
        "bangle.union@example.org",
        "verified",
        "bank",
        ("glass-bangles",),
        10,
        (
            ArtisanSeed(
                "Shahnaz Memon",
                FULL,
                "Bangle decoration",
                "Shahnaz paints the gold work on the union's bridal sets.",
            ),
            ArtisanSeed(
                "Jamila Khatoon",
                FIRST,
                "Joining and sorting",
                "Jamila has joined bangles over a kerosene flame for twenty years.",
            ),
            ArtisanSeed("Sakina Bibi", HIDDEN, "Stone setting", ""),
        ),
    ),
    GroupSeed(
        "tharparkar-ralli-collective",
        "THR",
        "Thar Women's Ralli Cooperative",
        "cooperative",
        "PK",
        "Sindh",
        "Tharparkar",
        2006,
        230,
        "Quilts and embroidery from the villages around Mithi.",
        (
            "In the Thar desert, ralli quilts are made for every household and every dowry. "
            "The cooperative brings together women from Muslim and Hindu villages around "
            "Mithi who stitch quilts and embroider in the Thari style.",
            "Money from sales goes straight to the women's bank accounts, and a share pays for "
            "a water tank in the village where the cooperative meets.",
        ),
        "Lachmi Kolhi",
        "+92 306 7770007",
        "",
        "verified",
        "easypaisa",
        ("ralli-quilts", "hand-embroidery"),
        10,
        (
            ArtisanSeed(
                "Lachmi Kolhi",
                FULL,
                "Ralli appliqué",
                "Lachmi is known for the fine cut-work borders of her quilts.",
            ),
            ArtisanSeed(
                "Mai Jindo",
                FIRST,
                "Ralli quilting",
                "Mai Jindo has stitched ralli for more than forty years.",
            ),
            ArtisanSeed("Kamla Bheel", HIDDEN, "Thari embroidery", ""),
        ),
        quote=("A ralli is many women's work in one cloth.", "Lachmi Kolhi"),
    ),
    GroupSeed(
        "hala-ajrak-printers-association",
        "HAL",
        "Hala Women Block Printers' Association",
        "association",
        "PK",
        "Sindh",
        "Matiari",
        2013,
        95,
        "Ajrak from Hala, printed and dyed the slow way.",
        (
            "Hala is famous for ajrak, the block-printed cloth of Sindh. Printing is thought of "
            "as men's work, yet women do much of the washing, dyeing and finishing. The "
            "association trains women as printers and sells their cloth.",
        ),
        "Naz Bano",
        "+92 307 8880008",
        "",
        "pending",
        "jazzcash",
        ("block-printing",),
        10,
        (
            ArtisanSeed(
                "Naz Bano",
                FULL,
                "Block printing",
                "Naz was the first woman in her family to hold a printing block.",
            ),
            ArtisanSeed("Soomri Mallah", HIDDEN, "Dyeing", ""),
        ),
    ),
    GroupSeed(
        "sukkur-palm-weavers",
        "SKR",
        "Sukkur Palm Leaf Weavers' Association",
        "association",
        "PK",
        "Sindh",
        "Sukkur",
        2017,
        60,
        "Baskets and mats coiled from the leaves of the date palm.",
        (
            "Sukkur and Khairpur grow some of the best dates in the country, and the palm "
            "leaves are woven by women into baskets, trays and mats. The association helps "
            "weavers reach buyers beyond the local bazaar.",
        ),
        "Hameeda Soomro",
        "+92 308 9990009",
        "",
        "verified",
        "easypaisa",
        ("basketry",),
        10,
        (
            ArtisanSeed(
                "Hameeda Soomro",
                FIRST,
                "Coiling",
                "Hameeda dyes her own palm leaf in pink and green.",
            ),
            ArtisanSeed("Mumtaz Bibi", HIDDEN, "Plaiting", ""),
        ),
    ),
    GroupSeed(
        "karachi-hbw-federation",
        "KHI",
        "Karachi Federation of Home-Based Workers",
        "federation",
        "PK",
        "Sindh",
        "Karachi",
        2005,
        1800,
        "Many unions, one voice: home-based workers of Karachi.",
        (
            "The federation links unions and associations of home-based workers across "
            "Karachi's settlements, from Lyari to Orangi. It campaigns for the provincial "
            "home-based workers' law to be put into practice.",
            "Its member groups sell embroidered garments and linens through the federation's "
            "stall at every mela.",
        ),
        "Farzana Baloch",
        "+92 309 1230010",
        "khi.federation@example.org",
        "verified",
        "bank",
        ("stitched-garments", "hand-embroidery"),
        10,
        (
            ArtisanSeed(
                "Farzana Baloch",
                FULL,
                "Balochi embroidery",
                "Farzana embroiders the dense Balochi neckline panels.",
            ),
            ArtisanSeed("Rehana Yasmin", HIDDEN, "Tailoring", ""),
        ),
    ),
)
