"""Build the self-hosted Urdu font: a subset of Noto Naskh Arabic (SIL OFL 1.1) as WOFF2.

    npm pack @fontsource/noto-naskh-arabic@5.3.0        # in a scratch folder, then tar xzf it
    .venv/bin/python scripts/build_urdu_font.py /path/to/package

Keeps the code points Urdu text uses (letters, marks, Urdu digits and punctuation, the joiners
and direction marks) and the shaping features (joining forms, ligatures, mark placement), drops
Arabic presentation forms, math and Latin (Latin text uses the system font). Writes
static/fonts/noto-naskh-urdu-<weight>.<hash>.woff2 (the content hash in the name lets the file be
cached for a year) and copies the licence beside it. fonttools and brotli are dev tools only.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "fonts"
PACKAGE_VERSION = "5.3.0"
# Regular only: bold Urdu text is synthesised by the browser (a bold file too delayed the
# product photo, the LCP, past 2.5 s on a 400 kbit/s phone: bench/README.md, page budgets).
WEIGHTS = ("400",)
# The Arabic block without the Arabic-only extras Urdu never shows (Quranic annotation marks
# U+06D6-06ED), plus ZWNJ/ZWJ and the direction marks. Keep in step with UNICODE_RANGE in
# static/css/urdu.css.
UNICODES = "U+0600-06D5,U+06EE-06FF,U+200C-200F"
FEATURES = "ccmp,locl,isol,init,medi,fina,rlig,liga,calt,mark,mkmk,kern,curs"


def build(package: Path, weight: str) -> Path:
    source = package / "files" / f"noto-naskh-arabic-arabic-{weight}-normal.woff2"
    scratch = OUT / f"noto-naskh-urdu-{weight}.tmp.woff2"
    subset.main(
        [
            str(source),
            f"--unicodes={UNICODES}",
            f"--layout-features={FEATURES}",
            "--flavor=woff2",
            "--no-hinting",
            "--desubroutinize",
            "--name-IDs=0,1,2,3,4,5,6,13,14",  # keep copyright and licence names (OFL)
            f"--output-file={scratch}",
        ]
    )
    digest = hashlib.sha256(scratch.read_bytes()).hexdigest()[:10]
    for old in OUT.glob(f"noto-naskh-urdu-{weight}.*.woff2"):
        if old != scratch:
            old.unlink()
    target = OUT / f"noto-naskh-urdu-{weight}.{digest}.woff2"
    scratch.rename(target)
    return target


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    package = Path(sys.argv[1])
    OUT.mkdir(parents=True, exist_ok=True)
    for weight in WEIGHTS:
        target = build(package, weight)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes")
    shutil.copy(package / "LICENSE", OUT / "NOTO-NASKH-ARABIC-OFL.txt")
    print(f"from @fontsource/noto-naskh-arabic {PACKAGE_VERSION}; licence copied")
    return 0


if __name__ == "__main__":
    sys.exit(main())
