"""Counting the visible words of an admin screen by script, for the Urdu admin test.

A visible text node (or a visible field's placeholder) counts as Urdu when it has an
Arabic-script letter and as English when it has a Latin letter and none. Not counted: text
inside an element marked lang="en" (content not translated), text that is not a word (numbers,
SKUs, references, URLs, e-mail addresses, file names) and the content the test itself typed in
English (page titles, names, usernames: user-entered content, listed by the test)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

VISIBLE_TEXT = """() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const texts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
        const parent = node.parentElement;
        if (!text || !parent || parent.closest('script, style, noscript, template, svg')) continue;
        if (parent.closest('[lang]:not([lang="ur"])')) continue;  // marked as another language
        if (!parent.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
        const box = parent.getBoundingClientRect();
        if (box.width < 2 || box.height < 2) continue;  // visually-hidden helpers
        texts.push(text);
    }
    // Placeholders are visible text too (search boxes, empty fields).
    for (const field of document.querySelectorAll('[placeholder]')) {
        const text = field.placeholder.trim();
        const marked = field.closest('[lang]:not([lang="ur"])');
        if (text && !marked && field.checkVisibility()) texts.push(text);
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
    )$""",
    re.VERBOSE,
)


@dataclass
class ScreenShare:
    name: str
    urdu: int = 0
    english: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        counted = self.urdu + len(self.english)
        return 1.0 if counted == 0 else self.urdu / counted

    def line(self) -> str:
        counts = f"{self.urdu} Urdu, {len(self.english)} English"
        return f"{self.name:<24} {self.share:6.1%} Urdu ({counts})"


def measure(page, name: str, content: set[str]) -> ScreenShare:
    result = ScreenShare(name)
    for text in page.evaluate(VISIBLE_TEXT):
        if ARABIC.search(text):
            result.urdu += 1
        elif LATIN.search(text) and not NOT_A_WORD.match(text) and not _is_content(text, content):
            result.english.append(text)
    return result


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
