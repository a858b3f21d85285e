"""The Urdu catalogue: extract, fill from the mapping files, compile, and check.

The English → Urdu translations live in `locale/ur/translations/*.json` (read in name order, a
later file overrides an earlier one), not in the .po: the .po is rebuilt from the code by
`makemessages` and filled from the mappings by `scripts/translations_fill.py`, and the compiled
`django.mo` is committed so a fresh clone shows Urdu without gettext installed.
A mapping value is a string, or for a plural message a list [singular, plural]; a message with a
context (pgettext) is keyed "context\u0004msgid", gettext's own convention.

The checks here back tests/marketplace/test_translations.py: every msgid has Urdu in Arabic
script, placeholders and HTML tags are kept, and glossary terms are translated with their one
glossary word (locale/ur/GLOSSARY.md). Uses polib only (a dev dependency), no Django imports
except inside `extract_msgids`.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
PO_PATH = LOCALE_DIR / "ur" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
MAPPING_DIR = LOCALE_DIR / "ur" / "translations"
GLOSSARY_PATH = LOCALE_DIR / "ur" / "GLOSSARY.md"

# What `makemessages` reads: Django templates (templates/, app templates, the Jinja2 field
# template has no text of its own), Python, and .txt templates such as the password-reset
# subject. The notification .txt templates are written once per language and need no catalogue.
MAKEMESSAGES_OPTIONS: dict[str, object] = {
    "extensions": ["html", "txt", "py"],
    "ignore_patterns": [
        "bench/*",
        "tests/*",
        "node_modules/*",
        "test-output/*",
        "staticfiles/*",
        "media/*",
        "locale",
        "*.egg-info/*",
        "templates/notifications/*",
    ],
    "no_obsolete": True,
}

# Latin text a translation may be made of alone (brand names and units).
# "English" is the language switcher's name for English, written in English on every page.
LATIN_ALLOWED = {"JazzCash", "Easypaisa", "Stripe", "SKU", "SMS", "PKR", "Rs", "English"}

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
PLACEHOLDER = re.compile(
    r"%\([a-z_0-9]+\)[-+ #0]*\d*(?:\.\d+)?[sdfi]|%[sd]|%%|\{\{[^}]*\}\}|\{[a-z_0-9]*\}|<[^>]+>"
)


@dataclass(frozen=True)
class GlossaryTerm:
    english: str
    urdu: str
    forms: tuple[str, ...]  # every accepted spelling or inflection; one must appear

    @property
    def pattern(self) -> re.Pattern[str]:
        words = r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", self.english))
        if self.english != self.english.lower():  # a name such as "Crafts Mela": exact case
            return re.compile(rf"(?<![\w-]){words}(?![\w-])")
        return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", re.IGNORECASE)


def read_glossary(path: Path = GLOSSARY_PATH) -> tuple[list[GlossaryTerm], set[str]]:
    """The glossary table rows, and the msgids exempted from the glossary check.

    Rows are `| english | urdu | accepted forms (comma separated) | note |`; the exemptions are
    the bullet lines (`- msgid`, or `- msgid (context: its msgctxt)`) under `## Exceptions`.
    """
    terms: list[GlossaryTerm] = []
    exceptions: set[str] = set()
    in_exceptions = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_exceptions = line.strip().lower() == "## exceptions"
            continue
        if in_exceptions and line.startswith("- "):
            text = line[2:].strip()
            with_context = re.fullmatch(r"(.*) \(context: (.*)\)", text)
            if with_context:
                text = f"{with_context[2]}\x04{with_context[1]}"
            exceptions.add(text)
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or set(cells[0]) <= {"-", " ", ":"}:
            continue
        if cells[0].lower() == "english":
            continue
        forms = tuple(form.strip() for form in cells[2].split(",") if form.strip())
        terms.append(GlossaryTerm(cells[0], cells[1], forms or (cells[1],)))
    # Longest first, so "producer group" is matched (and used up) before "group".
    terms.sort(key=lambda term: len(term.english), reverse=True)
    return terms, exceptions


def load_mapping(directory: Path = MAPPING_DIR) -> dict[str, str | list[str]]:
    mapping: dict[str, str | list[str]] = {}
    for path in sorted(directory.glob("*.json")):
        mapping.update(json.loads(path.read_text(encoding="utf-8")))
    return mapping


def mapping_key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def fill(po: polib.POFile, mapping: dict[str, str | list[str]]) -> list[polib.POEntry]:
    """Write the mapping's Urdu into `po`; return the entries the mapping has no Urdu for."""
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        urdu = mapping.get(mapping_key(entry))
        if not urdu:
            missing.append(entry)
            continue
        if entry.msgid_plural:
            forms = [urdu, urdu] if isinstance(urdu, str) else list(urdu)
            entry.msgstr_plural = {0: forms[0], 1: forms[-1]}
        else:
            entry.msgstr = urdu if isinstance(urdu, str) else urdu[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = None
    po.header = (
        "Urdu translation of the Crafts Mela marketplace.\n"
        "Filled from locale/ur/translations/*.json by scripts/translations_fill.py."
    )
    po.metadata_is_fuzzy = False
    po.metadata["Project-Id-Version"] = "Crafts Mela"
    if po.metadata.get("PO-Revision-Date", "").startswith("YEAR"):
        po.metadata["PO-Revision-Date"] = po.metadata.get("POT-Creation-Date", "")
    po.metadata["Language"] = "ur"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.metadata["Language-Team"] = "Crafts Mela <urdu@craftsmela.example>"
    po.metadata["Last-Translator"] = "Crafts Mela <urdu@craftsmela.example>"
    return missing


def catalogue_contents(entries: Iterable[polib.POEntry | polib.MOEntry]) -> dict:
    """msgid (and plural) → translation(s): what a compiled catalogue must hold."""
    contents = {}
    for entry in entries:
        if getattr(entry, "obsolete", False) or not entry.msgid:
            continue
        if entry.msgid_plural:
            plurals = {int(k): v for k, v in entry.msgstr_plural.items()}
            contents[(entry.msgctxt, entry.msgid, entry.msgid_plural)] = tuple(
                sorted(plurals.items())
            )
        else:
            contents[(entry.msgctxt, entry.msgid, None)] = entry.msgstr
    return contents


def translations_of(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural.get(k, "") for k in sorted(entry.msgstr_plural)] or [""]
    return [entry.msgstr]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def entry_problems(entry: polib.POEntry) -> list[str]:
    """Untranslated, fuzzy, not Urdu, or placeholders that differ from the English."""
    label = repr(entry.msgid[:70])
    problems = []
    if "fuzzy" in entry.flags:
        problems.append(f"{label}: fuzzy")
    for index, text in enumerate(translations_of(entry)):
        if not text.strip():
            problems.append(f"{label}: no Urdu")
            continue
        bare = PLACEHOLDER.sub(" ", text)
        words = set(re.findall(r"[A-Za-z]+", bare))
        if not ARABIC_LETTER.search(bare) and words and not words <= LATIN_ALLOWED:
            # No Urdu letter and English words: untranslated, or an English copy.
            problems.append(f"{label}: not in Arabic script: {text!r}")
        english = entry.msgid_plural if (entry.msgid_plural and index > 0) else entry.msgid
        expected = placeholders(english)
        found = placeholders(text)
        if entry.msgid_plural and index == 0 and found != expected:
            # The singular may say "one" in words instead of using the count.
            expected = [p for p in placeholders(english) if p in found or "counter" not in p]
        if found != expected:
            problems.append(f"{label}: placeholders {found} ≠ English {expected}")
    return problems


def glossary_problems(
    entry: polib.POEntry, terms: list[GlossaryTerm], exceptions: set[str]
) -> list[str]:
    """A glossary term in the English whose glossary word is missing from the Urdu."""
    if mapping_key(entry) in exceptions:
        return []
    english = PLACEHOLDER.sub(" ", " ".join(filter(None, [entry.msgid, entry.msgid_plural])))
    urdu = " ".join(translations_of(entry))
    problems = []
    for term in terms:
        if not term.pattern.search(english):
            continue
        english = term.pattern.sub(" ", english)
        if not any(form in urdu for form in term.forms):
            problems.append(
                f"{entry.msgid[:70]!r}: {term.english!r} should be {term.urdu!r} "
                f"(one of {', '.join(term.forms)}): {urdu[:80]!r}"
            )
    return problems


def catalogue_problems(po: polib.POFile, glossary_path: Path = GLOSSARY_PATH) -> list[str]:
    terms, exceptions = read_glossary(glossary_path)
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        problems += entry_problems(entry)
        problems += glossary_problems(entry, terms, exceptions)
    return problems


def extract_msgids(po_path: Path = PO_PATH) -> set[tuple[str | None, str, str | None]]:
    """The msgids `makemessages -l ur` finds in the code now, without touching locale/.

    Runs makemessages against a temporary copy of the catalogue (it needs GNU gettext). The copy
    sits directly in the project folder: makemessages writes each file's messages to the first
    locale path whose parent contains the file, and it always adds ./locale after LOCALE_PATHS.
    The leading dot keeps makemessages from walking into the copy.
    """
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".translation-check-") as scratch:
        target = Path(scratch) / "ur" / "LC_MESSAGES" / "django.po"
        target.parent.mkdir(parents=True)
        if po_path.exists():
            shutil.copy(po_path, target)
        with (
            override_settings(LOCALE_PATHS=[scratch, *settings.LOCALE_PATHS[1:]]),
            contextlib.chdir(ROOT),
        ):
            call_command("makemessages", locale=["ur"], verbosity=0, **MAKEMESSAGES_OPTIONS)
        extracted = polib.pofile(str(target))
    return {message_id(entry) for entry in extracted if not entry.obsolete}


def message_id(entry: polib.POEntry) -> tuple[str | None, str, str | None]:
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)


def run_makemessages() -> None:
    """`makemessages -l ur` with the project's options, writing locale/ur/LC_MESSAGES/django.po."""
    from django.core.management import call_command

    with contextlib.chdir(ROOT):
        call_command("makemessages", locale=["ur"], verbosity=1, **MAKEMESSAGES_OPTIONS)
