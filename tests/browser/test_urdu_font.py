"""Urdu pages load the self-hosted Naskh subset (a small WOFF2, only for Arabic-script
characters); English pages load no font at all. (The year-long cache lifetime is WhiteNoise's,
which the test server does not run: tests/marketplace/test_urdu_font_cache.py.)"""

import re

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FONT_FILE = re.compile(r"/static/fonts/noto-naskh-urdu-\d+\.[0-9a-f]+\.woff2$")
FONT_BUDGET_BYTES = 30_000  # per weight; the page-weight budget is 500 KB for everything


def requests_of(browser, url: str) -> list:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    loaded = page.evaluate(
        """async () => (await document.fonts.load('16px "Crafts Mela Naskh"', 'اردو'))
            .map(face => face.family)"""
    )
    page.wait_for_load_state("networkidle")
    result = [(response.url, response.status, response.headers) for response in responses]
    context.close()
    return result, loaded


def test_urdu_pages_load_the_naskh_subset_and_english_pages_do_not(browser, live_server, site_tree):
    urdu, loaded = requests_of(browser, live_server.url + "/ur/")
    assert loaded == ['"Crafts Mela Naskh"'] or loaded == ["Crafts Mela Naskh"]
    assert any(url.endswith("/static/css/urdu.css") for url, _status, _headers in urdu)
    fonts = [(url, status, headers) for url, status, headers in urdu if FONT_FILE.search(url)]
    assert fonts, "the Urdu page did not fetch the Naskh subset"
    for url, status, headers in fonts:
        assert status == 200
        assert headers["content-type"] == "font/woff2"
        size = int(headers["content-length"])
        print(f"{url.rsplit('/', 1)[1]}: {size} bytes")
        assert size <= FONT_BUDGET_BYTES

    english, loaded = requests_of(browser, live_server.url + "/")
    assert loaded == []  # no such face on English pages
    fetched = [url for url, _status, _headers in english]
    assert not [url for url in fetched if url.endswith((".woff2", ".woff", "urdu.css"))], fetched
