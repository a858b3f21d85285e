"""WhiteNoise header hook: the self-hosted font files carry a content hash in their own name
(scripts/build_urdu_font.py), so they may be cached for a year even where static files are not
stored under hashed names (development, tests); in production the manifest storage hashes
every file and WhiteNoise marks them immutable itself."""

import re

HASHED_FONT = re.compile(r"/fonts/[\w-]+\.[0-9a-f]{10}(\.[0-9a-f]{12})?\.woff2$")
ONE_YEAR = 365 * 24 * 60 * 60


def add_headers(headers, path: str, url: str) -> None:
    if HASHED_FONT.search(url):
        headers["Cache-Control"] = f"max-age={ONE_YEAR}, public, immutable"
