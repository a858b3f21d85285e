"""The README's "Personal data" matrix, generated from the registry (a test keeps them in sync).

Regenerate with `manage.py personal_data matrix` and paste between the README's markers.
"""

from orders.privacy.registry import NOT_PERSONAL, PERSONAL_FIELDS, PLANNED, Mark, Role

BEGIN = "<!-- personal-data-matrix:begin -->"
END = "<!-- personal-data-matrix:end -->"

SYMBOLS = {
    Mark.YES: "✓",
    Mark.NO: "–",
    Mark.CONSENT: "c",
    Mark.READY: "p",
    Mark.MASKED: "m",
    Mark.REQUEST: "r",
}
ACTIONS = ("see", "export", "delete")


def _cells(row) -> tuple[str, ...]:
    return tuple(" ".join(SYMBOLS[row.mark(action, role)] for action in ACTIONS) for role in Role)


def matrix_markdown() -> str:
    """Rows with the same model, category and access are merged into one line."""
    merged: list[list] = []
    for row in PERSONAL_FIELDS:
        key = (row.model, row.category, row.subject, _cells(row), row.on_erasure)
        if merged and merged[-1][0] == key:
            merged[-1][1].append(row.field)
        else:
            merged.append([key, [row.field]])
    header = ["model", "fields", "kind", "whose", *[str(role) for role in Role], "on erasure"]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for (model, category, subject, cells, on_erasure), fields in merged:
        names = ", ".join(f"`{name}`" for name in fields)
        lines.append(
            f"| `{model}` | {names} | {category} | {subject} | "
            + " | ".join(cells)
            + f" | {on_erasure} |"
        )
    legend = (
        "Each cell is *see export delete*: ✓ yes, – no, c only as her recorded consent allows, "
        "p only for the group's own parcels once paid or cash on delivery (until cancelled), "
        "m masked to the last four characters, r on request (the person asks from their "
        "account page; a platform admin acts). Every role also sees what the public sees."
    )
    notes = [f"- `{row.label}`: {row.note}" for row in PERSONAL_FIELDS if row.note]
    planned = ["| planned | data | who may see it |", "|---|---|---|"] + [
        f"| {what} | {data} | {who} |" for what, data, who in PLANNED
    ]
    not_personal = ", ".join(f"`{label}`" for label in sorted(NOT_PERSONAL))
    return "\n".join(
        [
            BEGIN,
            *lines,
            "",
            legend,
            "",
            "Notes:",
            "",
            *notes,
            "",
            *(
                [
                    "Planned by other open issues (not in the code yet; each gets its rows when "
                    "it lands):",
                    "",
                    *planned,
                    "",
                ]
                if PLANNED
                else []
            ),
            "Looked at and not personal (names of organisations, crafts, places; staff's notes; "
            f"the media library): {not_personal}.",
            END,
        ]
    )
