"""The Urdu catalogue is complete, in Urdu, consistent with its glossary, and compiled.

The rules live in scripts/translation_catalogue.py (shared with scripts/translations_fill.py);
these tests run them on the committed catalogue and show, on made-up entries, that each rule
can fail. How to add Urdu for new strings: see scripts/translations_fill.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import polib
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))

import translation_catalogue as catalogue

IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
FIX = "run `.venv/bin/python scripts/translations_fill.py --extract --missing new.json`"


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(catalogue.PO_PATH))


def entry(msgid, msgstr="", *, plural=None, plurals=None, flags=()):
    made = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags))
    if plural:
        made.msgid_plural = plural
        made.msgstr_plural = dict(enumerate(plurals or ["", ""]))
    return made


# The committed catalogue ---------------------------------------------------------------------


@pytest.mark.skipif(
    not shutil.which("xgettext") and not IN_CI, reason="makemessages needs GNU gettext"
)
def test_every_string_in_the_code_is_in_the_urdu_catalogue(po):
    extracted = catalogue.extract_msgids()
    in_catalogue = {catalogue.message_id(e) for e in po if not e.obsolete}
    assert sorted(extracted - in_catalogue) == [], f"new strings without Urdu: {FIX}"
    assert sorted(in_catalogue - extracted) == [], f"strings no longer in the code: {FIX}"


def test_every_message_is_translated_into_urdu_with_its_placeholders(po):
    problems = [p for e in po if not e.obsolete for p in catalogue.entry_problems(e)]
    assert problems == []


def test_glossary_terms_are_translated_with_their_one_urdu_word(po):
    terms, exceptions = catalogue.read_glossary()
    assert len(terms) >= 20
    problems = [
        p for e in po if not e.obsolete for p in catalogue.glossary_problems(e, terms, exceptions)
    ]
    assert problems == []


def test_the_urdu_plural_rule_is_declared(po):
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["Language"] == "ur"
    assert not po.metadata_is_fuzzy


def test_the_committed_mo_holds_exactly_the_po(po):
    compiled = polib.mofile(str(catalogue.MO_PATH))
    assert catalogue.catalogue_contents(compiled) == catalogue.catalogue_contents(
        po.translated_entries()
    ), "django.mo is stale: run `.venv/bin/python scripts/translations_fill.py`"


@pytest.mark.skipif(
    not shutil.which("msgfmt") and not IN_CI, reason="msgfmt is part of GNU gettext"
)
def test_msgfmt_finds_no_untranslated_fuzzy_or_broken_message():
    result = subprocess.run(
        [shutil.which("msgfmt"), "--check", "--statistics", "-o", os.devnull, catalogue.PO_PATH],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip().splitlines()[-1]
    assert "untranslated" not in statistics and "fuzzy" not in statistics, statistics


# Each rule can fail ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("made", "complaint"),
    [
        (entry("Your cart"), "no Urdu"),
        (entry("Your cart", "Your cart"), "not in Arabic script"),
        (entry("Your cart", "Aap ki cart"), "not in Arabic script"),
        (entry("Your cart", "آپ کی کارٹ", flags=["fuzzy"]), "fuzzy"),
        (entry("Order %(number)s", "آرڈر %(numbr)s"), "placeholders"),
        (entry("Order {number}", "آرڈر"), "placeholders"),
        (entry("See <a href='x'>it</a>", "دیکھیں"), "placeholders"),
        (entry("%(n)s item", plural="%(n)s items", plurals=["%(n)s چیز", ""]), "no Urdu"),
        (entry("%(n)s item", plural="%(n)s items", plurals=["چیز", "چیزیں"]), "placeholders"),
    ],
)
def test_a_bad_translation_is_reported(made, complaint):
    assert any(complaint in problem for problem in catalogue.entry_problems(made))


@pytest.mark.parametrize(
    "made",
    [
        entry("JazzCash", "JazzCash"),
        entry("Rs %(amount)s", "Rs %(amount)s"),
        entry("%(title)s (#%(id)s)", "%(title)s (#%(id)s)"),
        entry("The latest change.", "تازہ ترین تبدیلی۔", plural="The latest %(counter)s changes"),
    ],
)
def test_brand_names_units_and_bare_placeholders_may_stay_latin(made):
    if made.msgid_plural:
        made.msgstr_plural = {0: "تازہ ترین تبدیلی۔", 1: "تازہ ترین %(counter)s تبدیلیاں"}
    assert catalogue.entry_problems(made) == []


def test_a_glossary_term_translated_another_way_is_reported():
    terms, exceptions = catalogue.read_glossary()
    payout_as_payment = entry("Payout %(number)s", "پیمنٹ %(number)s")
    assert catalogue.glossary_problems(payout_as_payment, terms, exceptions)
    # Placeholders are not words: "%(group)s" does not ask for گروپ.
    assert not catalogue.glossary_problems(
        entry("Member of %(group)s", "%(group)s کی رکن"), terms, exceptions
    )
    # The longer term wins: "producer groups" is checked as a whole, plural included.
    good = entry("All producer groups", "تمام پروڈیوسر گروپ")
    assert not catalogue.glossary_problems(good, terms, exceptions)
    bad = entry("All producer groups", "تمام تنظیمیں")
    assert catalogue.glossary_problems(bad, terms, exceptions)


def test_filling_writes_urdu_and_reports_what_is_missing():
    po = polib.POFile()
    po.append(entry("Cart", flags=["fuzzy"]))
    po.append(entry("%(n)s item", plural="%(n)s items"))
    po.append(entry("Brand new string"))
    missing = catalogue.fill(po, {"Cart": "کارٹ", "%(n)s item": ["%(n)s چیز", "%(n)s چیزیں"]})
    assert [e.msgid for e in missing] == ["Brand new string"]
    assert po[0].msgstr == "کارٹ" and "fuzzy" not in po[0].flags
    assert po[1].msgstr_plural == {0: "%(n)s چیز", 1: "%(n)s چیزیں"}
