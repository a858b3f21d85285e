"""Craft-like pictures drawn with Pillow, so the demo needs no network and no photo files.

Each craft has its own pattern (patchwork for ralli, rings of dots for chunri, a glazed plate
for pottery...) drawn in a few colourways; the same (craft, variant) always gives the same
picture.
"""

import io
import math
import random
from collections.abc import Callable
from functools import lru_cache

from PIL import Image as PILImage
from PIL import ImageDraw

SIZE = 800
VARIANTS_PER_CRAFT = 4

Colour = tuple[int, int, int]
Painter = Callable[[ImageDraw.ImageDraw, random.Random, list[Colour]], None]

PALETTES: dict[str, list[list[Colour]]] = {
    "hand-embroidery": [
        [(110, 20, 35), (222, 170, 60), (240, 225, 200), (40, 90, 70)],
        [(25, 25, 30), (214, 70, 110), (245, 200, 80), (80, 160, 150)],
        [(30, 45, 100), (240, 240, 230), (230, 120, 40), (200, 40, 60)],
        [(238, 228, 205), (150, 30, 45), (40, 80, 60), (205, 150, 40)],
    ],
    "ralli-quilts": [
        [(35, 50, 110), (170, 35, 35), (245, 240, 230), (20, 20, 20), (230, 180, 40)],
        [(20, 20, 20), (245, 245, 240), (190, 40, 40), (90, 90, 90), (40, 110, 80)],
        [(235, 190, 40), (180, 40, 30), (30, 30, 30), (250, 245, 235), (60, 100, 160)],
        [(40, 130, 120), (240, 230, 210), (160, 40, 50), (20, 40, 70), (225, 160, 50)],
    ],
    "block-printing": [
        [(25, 40, 95), (160, 30, 35), (15, 15, 20), (240, 235, 225)],
        [(165, 35, 40), (25, 30, 60), (15, 15, 15), (235, 225, 205)],
        [(20, 20, 25), (175, 40, 40), (30, 60, 120), (230, 220, 200)],
        [(170, 85, 40), (40, 30, 25), (230, 200, 150), (90, 40, 30)],
    ],
    "chunri-bandhani": [
        [(200, 25, 40), (255, 240, 220), (250, 200, 40), (30, 110, 60)],
        [(120, 15, 40), (250, 210, 60), (255, 245, 235), (220, 90, 30)],
        [(220, 60, 130), (255, 240, 245), (250, 200, 60), (90, 30, 90)],
        [(30, 110, 60), (245, 210, 70), (255, 250, 240), (200, 40, 40)],
    ],
    "khussa-shoes": [
        [(240, 232, 215), (120, 25, 40), (220, 170, 60), (30, 90, 70)],
        [(230, 225, 220), (25, 25, 25), (215, 165, 55), (190, 40, 60)],
        [(60, 35, 30), (225, 180, 70), (250, 240, 210), (140, 30, 40)],
        [(245, 240, 230), (40, 70, 140), (220, 60, 80), (240, 190, 40)],
    ],
    "basketry": [
        [(245, 238, 225), (205, 170, 110), (170, 130, 75), (120, 85, 50)],
        [(245, 238, 225), (205, 170, 110), (215, 70, 130), (160, 120, 70)],
        [(245, 238, 225), (200, 165, 105), (50, 140, 80), (150, 110, 60)],
        [(245, 238, 225), (210, 175, 115), (40, 90, 170), (155, 115, 65)],
    ],
    "pottery": [
        [(236, 226, 210), (250, 250, 245), (30, 60, 160), (40, 170, 190)],
        [(60, 50, 45), (245, 245, 240), (40, 160, 180), (20, 50, 140)],
        [(200, 210, 220), (250, 250, 250), (25, 55, 150), (120, 170, 220)],
        [(240, 230, 215), (190, 95, 55), (120, 55, 35), (230, 200, 160)],
    ],
    "glass-bangles": [
        [(250, 245, 240), (200, 20, 40), (230, 180, 50), (120, 10, 30)],
        [(245, 245, 240), (20, 140, 70), (230, 190, 60), (10, 80, 40)],
        [(245, 245, 250), (30, 80, 200), (210, 210, 230), (20, 40, 120)],
        [(30, 30, 35), (230, 185, 60), (250, 220, 120), (180, 40, 60)],
    ],
    "stitched-garments": [
        [(250, 250, 248), (225, 225, 220), (40, 60, 120), (200, 60, 60)],
        [(175, 210, 235), (150, 190, 220), (250, 250, 250), (30, 60, 110)],
        [(225, 170, 40), (200, 145, 30), (110, 30, 40), (250, 240, 220)],
        [(250, 205, 180), (240, 185, 160), (60, 110, 90), (250, 250, 245)],
    ],
}


def _flower(
    draw: ImageDraw.ImageDraw,
    x: float,
    y: float,
    r: float,
    petal: Colour,
    centre: Colour,
    petals: int = 8,
) -> None:
    for k in range(petals):
        angle = 2 * math.pi * k / petals
        px, py = x + r * math.cos(angle), y + r * math.sin(angle)
        draw.ellipse((px - r / 2, py - r / 2, px + r / 2, py + r / 2), fill=petal)
    draw.ellipse((x - r / 2, y - r / 2, x + r / 2, y + r / 2), fill=centre)


def _zigzag_band(
    draw: ImageDraw.ImageDraw, top: int, height: int, colour: Colour, step: int = 40
) -> None:
    for x in range(0, SIZE, step):
        draw.polygon(
            [(x, top + height), (x + step / 2, top), (x + step, top + height)], fill=colour
        )


def _embroidery(draw, rng, colours):
    ground, thread, mirror, leaf = colours
    draw.rectangle((0, 0, SIZE, SIZE), fill=ground)
    cell = rng.choice((160, 200))
    for y in range(cell // 2, SIZE, cell):
        for x in range(cell // 2, SIZE, cell):
            _flower(draw, x, y, cell / 5, thread, mirror, petals=rng.choice((6, 8)))
            draw.ellipse((x - 6, y - 6, x + 6, y + 6), outline=leaf, width=3)
    _zigzag_band(draw, 0, 40, thread)
    _zigzag_band(draw, SIZE - 40, 40, thread)


def _ralli(draw, rng, colours):
    cell = rng.choice((100, 160, 200))
    for y in range(0, SIZE, cell):
        for x in range(0, SIZE, cell):
            a, b = rng.sample(colours, 2)
            draw.rectangle((x, y, x + cell, y + cell), fill=a)
            shape = rng.randrange(3)
            if shape == 0:
                draw.polygon([(x, y), (x + cell, y), (x, y + cell)], fill=b)
            elif shape == 1:
                inset = cell // 4
                draw.rectangle((x + inset, y + inset, x + cell - inset, y + cell - inset), fill=b)
            else:
                draw.polygon(
                    [
                        (x + cell / 2, y),
                        (x + cell, y + cell / 2),
                        (x + cell / 2, y + cell),
                        (x, y + cell / 2),
                    ],
                    fill=b,
                )
    for y in range(12, SIZE, 24):  # rows of running stitch
        for x in range(0, SIZE, 24):
            draw.line((x, y, x + 12, y), fill=(250, 250, 245), width=2)


def _block_print(draw, rng, colours):
    ground, motif, outline, light = colours
    draw.rectangle((0, 0, SIZE, SIZE), fill=ground)
    cell = rng.choice((100, 133))
    for row, y in enumerate(range(cell // 2, SIZE, cell)):
        for x in range(cell // 2 + (cell // 2 if row % 2 else 0), SIZE + cell, cell):
            r = cell * 0.38
            star = [
                (
                    x + (r if k % 2 == 0 else r / 2) * math.cos(math.pi * k / 4),
                    y + (r if k % 2 == 0 else r / 2) * math.sin(math.pi * k / 4),
                )
                for k in range(8)
            ]
            draw.polygon(star, fill=motif, outline=outline)
            draw.ellipse((x - 8, y - 8, x + 8, y + 8), fill=light)
    for top in (0, SIZE - 60):
        draw.rectangle((0, top, SIZE, top + 60), fill=outline)
        for x in range(10, SIZE, 30):
            draw.ellipse((x, top + 22, x + 16, top + 38), fill=motif)


def _chunri(draw, rng, colours):
    ground, dot, accent, border = colours
    draw.rectangle((0, 0, SIZE, SIZE), fill=ground)
    cell = rng.choice((100, 160))
    for y in range(cell // 2, SIZE, cell):
        for x in range(cell // 2, SIZE, cell):
            for ring, count in ((cell * 0.32, 12), (cell * 0.16, 6)):
                for k in range(count):
                    angle = 2 * math.pi * k / count
                    px, py = x + ring * math.cos(angle), y + ring * math.sin(angle)
                    draw.ellipse((px - 4, py - 4, px + 4, py + 4), fill=dot)
            draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=accent)
    draw.rectangle((0, SIZE - 70, SIZE, SIZE), fill=border)


def _khussa(draw, rng, colours):
    ground, leather, thread, bead = colours
    draw.rectangle((0, 0, SIZE, SIZE), fill=ground)
    for offset in (170, 470):
        body = [
            (offset, 650),
            (offset + 20, 330),
            (offset + 80, 200),
            (offset + 90, 130),
            (offset + 120, 190),
            (offset + 180, 330),
            (offset + 190, 650),
        ]
        draw.polygon(body, fill=leather)
        for y in range(260, 620, 36):
            for x in range(offset + 40, offset + 160, 30):
                draw.ellipse((x - 7, y - 7, x + 7, y + 7), fill=thread)
        draw.ellipse((offset + 80, 160, offset + 110, 190), fill=bead)
        draw.line((offset + 10, 640, offset + 190, 640), fill=thread, width=8)
    _zigzag_band(draw, SIZE - 50, 50, leather, step=rng.choice((30, 50)))


def _basket(draw, rng, colours):
    ground, straw, band, dark = colours
    draw.rectangle((0, 0, SIZE, SIZE), fill=ground)
    centre = SIZE / 2
    band_every = rng.choice((3, 4))
    for index, r in enumerate(range(370, 10, -18)):
        fill = band if index % band_every == 1 else straw
        draw.ellipse((centre - r, centre - r, centre + r, centre + r), fill=fill, outline=dark)
    for k in range(48):
        angle = 2 * math.pi * k / 48
        draw.line(
            (
                centre + 20 * math.cos(angle),
                centre + 20 * math.sin(angle),
                centre + 370 * math.cos(angle),
                centre + 370 * math.sin(angle),
            ),
            fill=dark,
            width=1,
        )


def _pottery(draw, rng, colours):
    ground, slip, main, second = colours
    draw.rectangle((0, 0, SIZE, SIZE), fill=ground)
    c = SIZE / 2
    draw.ellipse((c - 360, c - 360, c + 360, c + 360), fill=slip, outline=main, width=14)
    draw.ellipse((c - 300, c - 300, c + 300, c + 300), outline=second, width=10)
    petals = rng.choice((8, 10, 12))
    for k in range(petals):
        angle = 2 * math.pi * k / petals
        px, py = c + 190 * math.cos(angle), c + 190 * math.sin(angle)
        draw.ellipse((px - 55, py - 55, px + 55, py + 55), fill=main)
        draw.ellipse((px - 25, py - 25, px + 25, py + 25), fill=second)
    _flower(draw, c, c, 60, second, main, petals=petals)


def _bangles(draw, rng, colours):
    ground, glass, gold, dark = colours
    draw.rectangle((0, 0, SIZE, SIZE), fill=ground)
    for row in range(3):
        cy = 170 + row * 230
        for k in range(12):
            x = 110 + k * 50
            fill = (gold, glass, dark)[(k + row) % 3]
            draw.ellipse(
                (x - 90, cy - 110, x + 90, cy + 110), outline=fill, width=rng.choice((10, 14))
            )


def _garment(draw, rng, colours):
    ground, stripe, thread, accent = colours
    draw.rectangle((0, 0, SIZE, SIZE), fill=ground)
    step = rng.choice((40, 60))
    for x in range(0, SIZE, step * 2):
        draw.rectangle((x, 0, x + step, SIZE), fill=stripe)
    draw.pieslice((250, -150, 550, 250), 0, 180, fill=accent, outline=thread, width=6)
    for k in range(9):
        angle = math.pi * k / 8
        px, py = 400 + 175 * math.cos(angle), 50 + 175 * math.sin(angle)
        _flower(draw, px, py, 14, thread, accent, petals=6)
    _zigzag_band(draw, SIZE - 40, 40, thread)


PAINTERS: dict[str, Painter] = {
    "hand-embroidery": _embroidery,
    "ralli-quilts": _ralli,
    "block-printing": _block_print,
    "chunri-bandhani": _chunri,
    "khussa-shoes": _khussa,
    "basketry": _basket,
    "pottery": _pottery,
    "glass-bangles": _bangles,
    "stitched-garments": _garment,
}


def _jpeg(picture: PILImage.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()


@lru_cache(maxsize=64)
def craft_picture(craft_slug: str, variant: int) -> bytes:
    """An 800×800 JPEG of the craft's pattern in colourway `variant` (always the same bytes)."""
    palettes = PALETTES[craft_slug]
    colours = palettes[variant % len(palettes)]
    picture = PILImage.new("RGB", (SIZE, SIZE))
    PAINTERS[craft_slug](
        ImageDraw.Draw(picture), random.Random(f"{craft_slug}:{variant}"), list(colours)
    )
    return _jpeg(picture)


@lru_cache(maxsize=32)
def logo_picture(seed: str) -> bytes:
    """A simple round emblem for a producer group, 400×400."""
    rng = random.Random(seed)
    palette = rng.choice(PALETTES["ralli-quilts"])
    picture = PILImage.new("RGB", (400, 400), (250, 248, 242))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((20, 20, 380, 380), fill=palette[0])
    draw.ellipse((70, 70, 330, 330), fill=palette[2])
    points = rng.choice((4, 6, 8))
    for k in range(points):
        angle = 2 * math.pi * k / points
        x, y = 200 + 90 * math.cos(angle), 200 + 90 * math.sin(angle)
        draw.ellipse((x - 30, y - 30, x + 30, y + 30), fill=palette[1])
    draw.ellipse((170, 170, 230, 230), fill=palette[3])
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
