"""Crafts and techniques of the demo catalogue, with their Urdu names."""

from catalog.demo.data.seeds import CraftSeed, TechniqueSeed

CRAFTS = (
    CraftSeed(
        "hand-embroidery",
        "EMB",
        "Hand embroidery",
        "ہاتھ کی کڑھائی",
        "Needlework done at home, stitch by stitch: chain stitch, mirror work, cross stitch and "
        "gold thread on cotton, silk and wool.",
    ),
    CraftSeed(
        "ralli-quilts",
        "RLI",
        "Ralli quilts",
        "رلی",
        "Quilts pieced and appliquéd from cotton scraps and held together by long rows of "
        "running stitch, a craft of the women of Sindh and southern Punjab.",
    ),
    CraftSeed(
        "block-printing",
        "BLK",
        "Block printing",
        "بلاک پرنٹنگ",
        "Cloth printed by hand with carved wooden blocks, including ajrak dyed with indigo "
        "and madder in many resist and mordant steps.",
    ),
    CraftSeed(
        "chunri-bandhani",
        "CHN",
        "Chunri and bandhani dyeing",
        "چنری اور باندھنی",
        "Tie-dye: thousands of tiny knots are tied in the cloth before it goes into the dye "
        "bath, leaving a pattern of dots when they are opened.",
    ),
    CraftSeed(
        "khussa-shoes",
        "KHS",
        "Khussa shoes",
        "کھسے",
        "Hand-stitched leather slippers with curled toes, embroidered with thread, beads and "
        "tilla.",
    ),
    CraftSeed(
        "basketry",
        "BSK",
        "Basketry",
        "ٹوکری سازی",
        "Baskets, trays and mats coiled and plaited from date palm leaf, wheat straw and "
        "reed, often with dyed bands.",
    ),
    CraftSeed(
        "pottery",
        "POT",
        "Pottery",
        "مٹی کے برتن",
        "Thrown and hand-built earthenware, from everyday water pots to the blue glazed tiles "
        "and plates of Multan.",
    ),
    CraftSeed(
        "glass-bangles",
        "BNG",
        "Glass bangles",
        "کانچ کی چوڑیاں",
        "Glass bangles joined, sorted and decorated by hand, in sets for weddings, festivals "
        "and every day.",
    ),
    CraftSeed(
        "stitched-garments",
        "GRM",
        "Stitched garments",
        "سلے ہوئے کپڑے",
        "Shirts, kurtas and children's clothes cut and stitched at home, many finished with "
        "hand embroidery.",
    ),
)

TECHNIQUES = (
    TechniqueSeed("chain-stitch", "Chain stitch", "زنجیری ٹانکا"),
    TechniqueSeed("mirror-work", "Mirror work (shisha)", "شیشے کا کام"),
    TechniqueSeed("cross-stitch", "Cross stitch", "کراس اسٹچ"),
    TechniqueSeed("tilla-work", "Tilla (gold thread) work", "تلے کا کام"),
    TechniqueSeed("applique", "Appliqué", "ایپلیک"),
    TechniqueSeed("patchwork", "Patchwork", "پیچ ورک"),
    TechniqueSeed("running-stitch-quilting", "Running-stitch quilting", "رلی کی سلائی"),
    TechniqueSeed("hand-block-printing", "Hand block printing", "ٹھپے کی چھپائی"),
    TechniqueSeed("natural-dyeing", "Natural dyeing", "قدرتی رنگائی"),
    TechniqueSeed("tie-dye", "Tie-dye (bandhani)", "باندھنی"),
    TechniqueSeed("coiling", "Coiling", "لپیٹ کر بُنائی"),
    TechniqueSeed("plaiting", "Plaiting", "چٹائی بُنائی"),
    TechniqueSeed("wheel-throwing", "Wheel throwing", "چاک پر برتن سازی"),
    TechniqueSeed("glazing", "Glazing and painting", "روغن اور نقاشی"),
    TechniqueSeed("glass-working", "Glass working", "کانچ کا کام"),
    TechniqueSeed("leather-stitching", "Leather stitching", "چمڑے کی سلائی"),
    TechniqueSeed("tailoring", "Hand finishing and tailoring", "سلائی اور ہاتھ کی تکمیل"),
)
