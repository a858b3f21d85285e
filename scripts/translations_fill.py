"""Fill the Urdu catalogue from the mapping files, compile it, and list what has no Urdu yet.

    .venv/bin/python scripts/translations_fill.py            # fill django.po, write django.mo
    .venv/bin/python scripts/translations_fill.py --extract  # run makemessages -l ur first
    .venv/bin/python scripts/translations_fill.py --extract --missing new.json

--missing writes the msgids without Urdu as a JSON mapping with empty values ({msgid: ""},
plurals as ["", ""]): translate it, save it as the next locale/ur/translations/NNN_*.json and
run the script again. It exits non-zero while any msgid lacks Urdu or a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polib
import translation_catalogue as catalogue


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extract", action="store_true", help="run makemessages -l ur first")
    parser.add_argument("--missing", type=Path, help="write the msgids without Urdu to this JSON")
    arguments = parser.parse_args()

    if arguments.extract:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
        import django

        django.setup()
        catalogue.run_makemessages()

    po = polib.pofile(str(catalogue.PO_PATH), wrapwidth=100)
    missing = catalogue.fill(po, catalogue.load_mapping())
    po.save(str(catalogue.PO_PATH))
    po.save_as_mofile(str(catalogue.MO_PATH))
    translated = len([entry for entry in po if not entry.obsolete]) - len(missing)
    print(
        f"{catalogue.PO_PATH.relative_to(catalogue.ROOT)}: {translated} translated, "
        f"{len(missing)} without Urdu; compiled {catalogue.MO_PATH.name}"
    )

    if missing:
        for entry in missing:
            print(f"  no Urdu: {entry.msgid!r}")
        if arguments.missing:
            template = {
                catalogue.mapping_key(e): (["", ""] if e.msgid_plural else "") for e in missing
            }
            arguments.missing.write_text(
                json.dumps(template, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            print(f"wrote {arguments.missing}")
    problems = catalogue.catalogue_problems(po)
    for problem in problems:
        print(f"  check: {problem}")
    return 1 if (missing or problems) else 0


if __name__ == "__main__":
    sys.exit(main())
