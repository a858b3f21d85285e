"""Bar charts as SVG files, drawn by pygal (LGPL-3.0-or-later, pure Python, pinned).

Every chart is served from its own URL and shown in an `<img>` whose alt text points to the
data table beside it, so it works under the strict Content-Security-Policy and without
JavaScript: pygal's tooltip script (and the small inline script it always adds) is removed,
and an SVG shown as an image runs no script anyway. The table, not the picture, carries the
exact figures; amounts become floats here only to place bars.
"""

import base64
import functools
from collections.abc import Sequence
from decimal import Decimal

import pygal
from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import get_language
from pygal.style import Style

Amount = Decimal | int

# An SVG shown as an image loads nothing from outside, so on Urdu screens the project's own
# Naskh subset (static/fonts, SIL OFL; 21 KB) is embedded for the letters a machine may lack
# (ہ, ے, ں), and only for Arabic-script characters.
URDU_FAMILY = "'Crafts Mela Naskh'"


@functools.cache
def urdu_font_face() -> str:
    [font] = sorted((settings.BASE_DIR / "static" / "fonts").glob("noto-naskh-urdu-400.*.woff2"))
    data = base64.b64encode(font.read_bytes()).decode("ascii")
    return (
        f"@font-face{{font-family:{URDU_FAMILY};"
        f"src:url(data:font/woff2;base64,{data}) format('woff2');"
        "unicode-range:U+0600-06D5,U+06EE-06FF,U+200C-200F}"
    )


CHART_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#262626",
    foreground_strong="#262626",
    foreground_subtle="#5c5c5c",
    # Wagtail's teal first, then colours told apart by most colour-blind readers.
    colors=("#007d7e", "#e69f00", "#56b4e9", "#cc79a7", "#009e73", "#0072b2"),
    font_family=f"'Noto Naskh Arabic', {URDU_FAMILY}, 'DejaVu Sans', Arial, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    title_font_size=16,
)


def _plotted(value: Amount | None) -> float | None:
    return None if value is None else float(value)


def bar_chart_svg(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Amount | None]]],
    horizontal: bool = False,
    stacked: bool = False,
) -> bytes:
    """An SVG bar chart: one bar per label for each series (horizontal for long names)."""
    if stacked:
        chart_class = pygal.HorizontalStackedBar if horizontal else pygal.StackedBar
    else:
        chart_class = pygal.HorizontalBar if horizontal else pygal.Bar
    height = (
        max(320, 60 + 28 * len(labels) * (1 if stacked else len(series))) if horizontal else 360
    )
    chart = chart_class(
        style=CHART_STYLE,
        width=760,
        height=min(height, 1600),
        js=[],
        title=title,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(series), 3) or 1,
        truncate_label=28,
        truncate_legend=40,
        x_label_rotation=0 if horizontal or len(labels) <= 8 else 30,
        show_minor_x_labels=True,
        print_values=False,
        no_data_text="—",
        value_formatter=lambda value: f"{value:,.0f}",
        margin=16,
        max_scale=6,  # about six grid lines, readable on a phone
    )
    # pygal draws a horizontal chart's first label at the bottom: reversed, the first (the
    # largest, as the tables list them) is on top.
    order = slice(None, None, -1) if horizontal else slice(None)
    chart.x_labels = list(labels)[order]
    for name, values in series:
        chart.add(name, [_plotted(value) for value in values][order])
    tree = chart.render_tree()
    for parent in tree.iter():
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.endswith("script"):
                parent.remove(child)
    if (get_language() or "").startswith("ur"):
        defs = next(node for node in tree.iter() if str(node.tag).endswith("defs"))
        font = pygal.etree.etree.SubElement(defs, "style", type="text/css")
        font.text = urdu_font_face()
    return pygal.etree.etree.tostring(tree, encoding="utf-8", xml_declaration=True)


def svg_response(svg: bytes) -> HttpResponse:
    """An SVG image; private (figures for staff), and never sniffed as anything else."""
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=60"
    response["X-Content-Type-Options"] = "nosniff"
    return response
