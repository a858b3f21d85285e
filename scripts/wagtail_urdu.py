"""Build the project's Urdu for Wagtail's own admin (Wagtail ships no Urdu).

    .venv/bin/python scripts/wagtail_urdu.py          # write locale_wagtail/ur/LC_MESSAGES/*
    .venv/bin/python scripts/wagtail_urdu.py --check  # fail if stale, not Urdu, or msgfmt objects

The Urdu lives in locale_wagtail/ur/translations/*.json ({msgid: msgstr}; "context\\x04msgid"
for strings with a context; [singular, plural] for plurals). Msgids are looked up in the English
catalogues of the installed Wagtail (site-packages/wagtail/**/locale/en/LC_MESSAGES/django.po and
djangojs.po), so each string lands in the domain Wagtail uses it from, with its context and plural
form; a msgid Wagtail no longer has is reported (an upgrade renamed it). The folder is listed in
LOCALE_PATHS and is not the project's locale/, so makemessages never rewrites it.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import django
import polib
import taggit
import wagtail

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "locale_wagtail" / "ur"
MESSAGES = FOLDER / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
ARABIC = re.compile(r"[\u0600-\u06ff]")
HEADER = {
    "Project-Id-Version": f"Crafts Mela: Urdu for Wagtail {wagtail.__version__}",
    "PO-Revision-Date": "2026-11-30 00:00+0000",
    "Last-Translator": "Crafts Mela <translations@crafts-mela.invalid>",
    "Language-Team": "Urdu (Pakistan)",
    "Language": "ur",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}


def key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def load_mapping() -> dict[str, str | list[str]]:
    mapping: dict[str, str | list[str]] = {}
    for path in sorted((FOLDER / "translations").glob("*.json")):
        mapping.update(json.loads(path.read_text(encoding="utf-8")))
    return mapping


def wagtail_entries(domain: str) -> dict[str, polib.POEntry]:
    entries: dict[str, polib.POEntry] = {}
    sources = sorted(Path(wagtail.__file__).parent.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"))
    # The account screen also shows django.contrib.auth's password rules, which Django's own
    # Urdu leaves in English, and the image form taggit's "Tags" (taggit has no Urdu).
    sources += sorted(
        Path(django.__file__).parent.glob(f"contrib/auth/locale/en/LC_MESSAGES/{domain}.po")
    )
    sources += sorted(Path(taggit.__file__).parent.glob(f"locale/en/LC_MESSAGES/{domain}.po"))
    for path in sources:
        for entry in polib.pofile(str(path)):
            entries.setdefault(key(entry), entry)
    return entries


def build() -> tuple[dict[str, polib.POFile], list[str]]:
    mapping = load_mapping()
    problems = []
    catalogues = {}
    used = set()
    for domain in DOMAINS:
        po = polib.POFile(wrapwidth=100)
        po.metadata = dict(HEADER)
        for name, source in sorted(wagtail_entries(domain).items()):
            if name not in mapping:
                continue
            used.add(name)
            urdu = mapping[name]
            entry = polib.POEntry(
                msgid=source.msgid, msgctxt=source.msgctxt, flags=list(source.flags)
            )
            if source.msgid_plural:
                if not isinstance(urdu, list) or len(urdu) != 2:
                    problems.append(f"needs [singular, plural]: {name!r}")
                    continue
                entry.msgid_plural = source.msgid_plural
                entry.msgstr_plural = {0: urdu[0], 1: urdu[1]}
                texts = urdu
            else:
                if not isinstance(urdu, str):
                    problems.append(f"not a plural in Wagtail: {name!r}")
                    continue
                entry.msgstr = urdu
                texts = [urdu]
            if not all(ARABIC.search(text) for text in texts):
                problems.append(f"not in Urdu: {name!r}")
            po.append(entry)
        catalogues[domain] = po
    unknown = sorted(mapping.keys() - used)
    problems += [f"Wagtail {wagtail.__version__} has no such msgid: {n!r}" for n in unknown]
    return catalogues, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail if stale")
    arguments = parser.parse_args()
    catalogues, problems = build()
    MESSAGES.mkdir(parents=True, exist_ok=True)
    for domain, po in catalogues.items():
        po_path, mo_path = MESSAGES / f"{domain}.po", MESSAGES / f"{domain}.mo"
        text = str(po)
        if arguments.check:
            if not po_path.exists() or po_path.read_text(encoding="utf-8") != text + "\n":
                problems.append(f"{po_path.relative_to(ROOT)} is out of date: run {__file__}")
        else:
            po_path.write_text(text + "\n", encoding="utf-8")
        output = "/dev/null" if arguments.check else str(mo_path)
        result = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", output, str(po_path)],
            capture_output=True,
            text=True,
        )
        print(f"{po_path.relative_to(ROOT)}: {len(po)} strings; msgfmt: {result.stderr.strip()}")
        if result.returncode:
            problems.append(f"msgfmt --check failed for {po_path.name}")
    for problem in problems:
        print(f"  {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
