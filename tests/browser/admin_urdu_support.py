"""Counting the visible words of an admin screen by script, for the Urdu admin test.

A visible text node (or a visible field's placeholder) counts as Urdu when it has an
Arabic-script letter and as English when it has a Latin letter and none. Not counted: text
inside an element marked lang="en" (content not translated), text that is not a word (numbers,
SKUs, references, URLs, e-mail addresses, account numbers, file names, computer text in
<code>) and the content the test itself typed in
English (page titles, names, usernames: user-entered content, listed by the test).

On the project's own screens (`project=True`) English content is not skipped but must be
marked: a content string outside an element with lang="en" is listed in `unmarked`, and fails
the test like an English interface string. Only BRAND_AND_UNITS (names that are the same in
both languages, and units) may stand unmarked there. Wagtail's own screens render titles
without marks the project could add, so there content is still skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

VISIBLE_TEXT = """(within) => {
    const texts = [];
    for (const root of document.querySelectorAll(within)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
        const parent = node.parentElement;
        if (!text || !parent) continue;
        if (parent.closest('script, style, noscript, template, svg, code, kbd, samp')) continue;
        if (parent.closest('[lang]:not([lang="ur"])')) continue;  // marked as another language
        if (!parent.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
        const box = parent.getBoundingClientRect();
        if (box.width < 2 || box.height < 2) continue;  // visually-hidden helpers
        texts.push(text);
    }
    // Placeholders are visible text too (search boxes, empty fields).
    for (const field of root.querySelectorAll('[placeholder]')) {
        const text = field.placeholder.trim();
        const marked = field.closest('[lang]:not([lang="ur"])');
        if (text && !marked && field.checkVisibility()) texts.push(text);
    }
    }
    return texts;
}"""

ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
LATIN = re.compile(r"[A-Za-z]")
NOT_A_WORD = re.compile(
    r"""^(
        [\W\d_]*[A-Z0-9]+(-[A-Z0-9]+)+[\W\d_]*     # SKUs, order numbers: SKU-12-0, CM-000042
      | [\w.+-]+@[\w-]+(\.[\w-]+)+                # e-mail addresses
      | (https?://|/)\S*                          # URLs and paths
      | [\w.-]+\.(png|jpe?g|webp|gif|pdf|csv)     # file names
      | [\d\s.,:/%+#×x()-]+                       # numbers, dates, sizes (1200x800)
      | [−+-]?\s*(Rs\.?|PKR)\s*[−+-]?[\d.,]+       # money in the project's convention
      | [A-Z]{1,3}\d*                              # short codes: A-1 stall, TCS
      | (?=[A-Z0-9]*\d)[A-Z0-9]{8,}                # account numbers: IBAN PK36SCBL…
    )$""",
    re.VERBOSE,
)


# Not words of either language: the marketplace's name, payment brands, couriers, units.
BRAND_AND_UNITS = frozenset(
    {
        "Crafts Mela",
        "Stripe",
        "Redis",
        "JazzCash",
        "Easypaisa",
        "TCS",
        "Leopards",
        "PKR",
        "Rs",
        "Rs.",
        "kg",
        "g",
        "cm",
        "mm",
        "m",
        "ml",
        "l",
        "px",
        "KB",
        "MB",
        "CSV",
        "PDF",
        "SKU",
        "IBAN",
    }
)


@dataclass
class ScreenShare:
    name: str
    urdu: int = 0
    english: list[str] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        counted = self.urdu + len(self.english)
        return 1.0 if counted == 0 else self.urdu / counted

    def line(self) -> str:
        counts = f"{self.urdu} Urdu, {len(self.english)} English"
        unmarked = f", {len(self.unmarked)} English content unmarked" if self.unmarked else ""
        return f"{self.name:<24} {self.share:6.1%} Urdu ({counts}{unmarked})"


def measure(
    page, name: str, content: set[str], *, project: bool = False, within: str = "body"
) -> ScreenShare:
    """The screen's share of Urdu; `within` limits it to some elements (a dashboard's panels)."""
    result = ScreenShare(name)
    for text in page.evaluate(VISIBLE_TEXT, within):
        if not LATIN.search(text):
            result.urdu += bool(ARABIC.search(text))
            continue
        words = latin_words(text)
        if ARABIC.search(text):
            result.urdu += 1
            if project and words:  # Urdu around English words that are not marked
                result.unmarked.append(text)
        elif not words:
            continue
        elif _is_content(text, content):
            if project:
                result.unmarked.append(text)
        else:
            result.english.append(text)
    return result


BRAND_PHRASE = re.compile(
    r"(?<![A-Za-z])("
    + "|".join(re.escape(item) for item in sorted(BRAND_AND_UNITS, key=len, reverse=True))
    + r")(?![A-Za-z])"
)


def latin_words(text: str) -> list[str]:
    """The Latin-script words of `text` that are words: not codes, numbers, brands or units."""
    if NOT_A_WORD.match(text):
        return []
    words = (
        word.strip(" \"'“”‘’«»:;()[]،؛.,-–—·|") for word in BRAND_PHRASE.sub(" ", text).split()
    )
    return [word for word in words if LATIN.search(word) and not NOT_A_WORD.match(word)]


def _is_content(text: str, content: set[str]) -> bool:
    """User-entered English (titles, names) alone or with punctuation and numbers around it."""
    stripped = text.strip(" \"'“”‘’«»:()[]،.,-–—·|")
    if stripped in content:
        return True
    return any(item in text for item in content) and not LATIN.search(_without(text, content))


def _without(text: str, content: set[str]) -> str:
    for item in sorted(content, key=len, reverse=True):
        text = text.replace(item, "")
    return text
