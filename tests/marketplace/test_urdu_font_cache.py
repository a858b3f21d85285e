"""The Urdu font files carry a content hash in their names, so WhiteNoise serves them with a
year-long, immutable cache lifetime even where static files are not collected under hashed
names; other unhashed static files keep the short default."""

import re
from pathlib import Path

from django.test import Client, override_settings

from marketplace.static_cache import ONE_YEAR

FONTS = Path(__file__).resolve().parents[2] / "static" / "fonts"


def served(path: str):
    # A new client builds its own middleware chain, so WhiteNoise reads the settings below.
    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        return Client().get(path)


def test_the_font_is_cached_for_a_year_and_site_css_is_not():
    fonts = sorted(FONTS.glob("noto-naskh-urdu-*.woff2"))
    assert len(fonts) == 1  # regular only: bold is synthesised (one file less on a slow phone)
    for font in fonts:
        response = served(f"/static/fonts/{font.name}")
        assert response.status_code == 200
        assert response["Content-Type"] == "font/woff2"
        assert response["Cache-Control"] == f"max-age={ONE_YEAR}, public, immutable"
    stylesheet = served("/static/css/site.css")
    assert stylesheet.status_code == 200
    assert "immutable" not in stylesheet.get("Cache-Control", "")


def test_the_stylesheet_names_the_font_files_that_exist():
    css = (FONTS.parent / "css" / "urdu.css").read_text()
    named = re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)
    assert sorted(named) == sorted(font.name for font in FONTS.glob("*.woff2"))
    assert "font-display: swap" in css and "unicode-range" in css
