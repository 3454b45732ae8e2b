"""The data requirement as README's markdown table and the terminal's rows."""

from __future__ import annotations

from laoxiao_check.model.requirement import FieldRow

HEADER = "| field | 中文 | also read as | unit / values | needed by |"


def markdown(rows: list[FieldRow]) -> str:
    """README's table: one section per input, one row per field."""
    out: list[str] = []
    table = None
    for row in rows:
        if row.table != table:
            table = row.table
            out += ["", f"**{table}**", "", HEADER, "|---|---|---|---|---|"]
        name = f"`{row.name}`" + (" (required)" if row.required else "")
        aliases = ", ".join(row.aliases)
        what = row.unit or row.values
        needed = ", ".join(f"`{r}`" for r in row.rules)
        out.append(f"| {name} | {row.zh} | {aliases} | {_cell(what)} | {needed} |")
    return "\n".join(out).strip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
