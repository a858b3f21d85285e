"""Product templates per craft. A group's products combine a template with a colourway."""

from catalog.demo.data.products_other import OTHER_PRODUCTS
from catalog.demo.data.products_textiles import TEXTILE_PRODUCTS
from catalog.demo.data.seeds import ProductSeed

PRODUCTS: dict[str, tuple[ProductSeed, ...]] = {**TEXTILE_PRODUCTS, **OTHER_PRODUCTS}

COLOURWAYS: dict[str, tuple[str, ...]] = {
    "hand-embroidery": ("maroon and gold", "black and rose", "indigo", "ivory", "green"),
    "ralli-quilts": ("indigo and madder", "black and white", "yellow and red", "sea green"),
    "block-printing": ("indigo", "madder red", "black and red", "rust"),
    "chunri-bandhani": ("red", "maroon and yellow", "pink", "green and gold"),
    "khussa-shoes": ("maroon", "black", "gold", "multicolour"),
    "basketry": ("natural", "pink bands", "green bands", "blue bands"),
    "pottery": ("cobalt", "turquoise", "white and blue", "terracotta"),
    "glass-bangles": ("red", "green", "blue", "gold", "black"),
    "stitched-garments": ("white", "sky blue", "mustard", "peach"),
}
