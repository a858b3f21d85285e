"""Reading a listing's product cards (templates/includes/product_card.html) back from its HTML."""

from html.parser import HTMLParser


class _CardTitles(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []
        self._depth = 0  # open tags inside the title being read; 0: not in a title

    def handle_starttag(self, tag, attrs):
        if self._depth:
            self._depth += 1
        elif "card-title" in (dict(attrs).get("class") or "").split():
            self._depth = 1
            self.titles.append("")

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.titles[-1] += data


def card_titles(response) -> list[str]:
    """The titles of the product cards a page shows, in its order (without bidi marks)."""
    parser = _CardTitles()
    parser.feed(response.content.decode())
    return [title.strip("\u2066\u2067\u2068\u2069 ") for title in parser.titles]
