"""The README's "Personal data" matrix is the registry's: regenerate it with
`manage.py personal_data matrix` when the registry changes."""

from pathlib import Path

from orders.privacy.matrix import BEGIN, END, matrix_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_matrix_matches_the_registry():
    text = README.read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] == matrix_markdown(), (
        "README's personal-data matrix is stale: paste `manage.py personal_data matrix` in"
    )
