"""A policy text's outline: each paragraph and table under the heading path it stands in.

Policy texts number their headings ``一、`` › ``(一)`` › ``1.`` › ``(1)`` (some pages print ``一、`` as
``01、``). Each paragraph is cited as that path and the nearest heading's title — ``二(一)3
加强统筹科学规划布局`` — with the paragraph's own lead phrase where it has one (``三(六) 强化居家社区服务：
补齐社区养老托育服务设施短板``). A table comes as one cell a line (a text copied from a page: it
starts at ``序号``) or one row a line, cells parted by tabs (the HTML and .docx readers)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from laoxiao_check.rules.draft.numerals import chinese_number

CN = "一二三四五六七八九十"
TOP = re.compile(rf"^(?:([{CN}]+)、|0([1-9])、)\s*(.*)$")
SECOND = re.compile(rf"^[（(]([{CN}]+)[)）]\s*(.*)$")
THIRD = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(.*)$")
FOURTH = re.compile(r"^[（(](\d{1,2})[)）]\s*(.*)$")
YEAR_BY = re.compile(r"(?:到|至|截至)?(20\d\d)年(?:底|末|前)?")
TITLE_MAX = 40
LEAD_MAX = 20
CELL_MAX = 40
"""A table's cell is short; a longer line is a paragraph again."""


@dataclass(frozen=True)
class Clause:
    """Where a sentence stands: its heading path (``二(一)3``) and the words that name it."""

    path: str
    title: str

    @property
    def cited(self) -> str:
        return f"{self.path} {self.title}".strip()


@dataclass(frozen=True)
class Paragraph:
    clause: Clause
    text: str
    section_year: int | None
    """The first year the enclosing top section names when it sets the aims (发展目标): the year of
    a target said there without one."""
    background: bool = False
    """Under a heading on what is (发展基础, 现状, 实施背景, 发展趋势): its figures are no rules."""


@dataclass(frozen=True)
class TableRow:
    item: int | None
    name: str
    cells: tuple[str, ...]
    """The row's cells after its name (unit, figures, kind of target, who is responsible)."""


@dataclass(frozen=True)
class Table:
    clause: Clause
    title: str
    years: tuple[int, ...]
    """The years of the figure columns, the base year (基值, 现状) left out."""
    base_year: int | None
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class Outline:
    paragraphs: tuple[Paragraph, ...]
    tables: tuple[Table, ...]


def _number(text: str) -> str:
    value = chinese_number(text)
    return str(int(value)) if value is not None else text


def outline(lines: list[str]) -> Outline:
    """The paragraphs and tables of a text given as its lines."""
    path: list[tuple[int, str, str]] = []  # (level, label, title)
    paragraphs: list[Paragraph] = []
    tables: list[Table] = []
    section_year: int | None = None
    aims_level: int | None = None
    in_aims = False
    cleaned = [line.strip().replace("\u3000", " ").strip() for line in lines]
    index = 0
    while index < len(cleaned):
        line = cleaned[index]
        index += 1
        if not line:
            continue
        if line == "序号" or _is_row_line(line):
            title = _title_before(cleaned, index - 1)
            start = index - 1
            table, index = _read_table(cleaned, start, _clause(path, ""), title)
            if table is not None:
                tables.append(table)
            elif _is_row_line(line):  # a table of no years: its rows read as sentences
                for row in cleaned[start:index]:
                    paragraphs.append(
                        Paragraph(_clause(path, ""), row.replace("\t", "，"), section_year, _background(path))
                    )
            continue
        heading = _heading(line)
        if heading is not None:
            level, label, rest = heading
            path = [entry for entry in path if entry[0] < level]
            title, _, body = rest.partition("。")
            if len(title) > TITLE_MAX or (not body and len(rest) > TITLE_MAX):
                title, body = "", rest
            path.append((level, label, title.strip(" ：:")))
            if "目标" in title and (aims_level is None or level <= aims_level):
                aims_level = level  # a new section of aims (not one inside)
                section_year = _section_year(cleaned, index - 1, level)
            elif "目标" in title:
                pass
            elif aims_level is not None and level <= aims_level:
                aims_level, section_year = None, None
            in_aims = aims_level is not None
            if in_aims and section_year is None:
                section_year = _first_year(rest)
            if body.strip():
                paragraphs.append(Paragraph(_clause(path, ""), rest, section_year, _background(path)))
            continue
        if in_aims and section_year is None:
            section_year = _first_year(line)
        lead, _, rest = line.partition("。")
        own_lead = lead if rest and len(lead) <= LEAD_MAX and not re.search(r"[,，;；\d]", lead) else ""
        paragraphs.append(Paragraph(_clause(path, own_lead), line, section_year, _background(path)))
    return Outline(tuple(paragraphs), tuple(tables))


BACKGROUND = re.compile(r"基础|现状|背景|成效|形势|趋势|回顾")


def _background(path: list[tuple[int, str, str]]) -> bool:
    return any(BACKGROUND.search(entry[2]) for entry in path)


def _heading(line: str) -> tuple[int, str, str] | None:
    if match := TOP.match(line):
        label = match.group(1) or CN[int(match.group(2)) - 1]
        return 1, label, match.group(3)
    if match := SECOND.match(line):
        return 2, f"({match.group(1)})", match.group(2)
    if match := THIRD.match(line):
        return 3, match.group(1), match.group(2)
    if match := FOURTH.match(line):
        return 4, f"({match.group(1)})", match.group(2)
    return None


def _clause(path: list[tuple[int, str, str]], lead: str) -> Clause:
    label = "".join(entry[1] for entry in path)
    titles = [entry[2] for entry in path if entry[2]]
    title = titles[-1] if titles else ""
    if lead and lead != title:
        title = f"{title}：{lead}" if title else lead
    return Clause(label, title)


AIM_YEAR = re.compile(r"(?:到|至)(20\d\d)年|(20\d\d)年(?:底|末|前)")
PLAN_PERIOD = re.compile(r"十四五")
PLAN_PERIOD_END = 2025


def _section_year(lines: list[str], start: int, level: int) -> int | None:
    """The year a section of aims sets them for: the first 到2025年 (2025年底) it says, else its
    five-year plan's last year where it names the plan (“十四五”时期…指标: 2025), else the first
    year it names. Read over the whole section (down to the next heading of its level), so
    that a goal said before the year, or in a section whose tables give it, has it too."""
    end = start + 1
    while end < len(lines) and not ((heading := _heading(lines[end])) and heading[0] <= level):
        end += 1
    section = "\n".join(lines[start:end])
    if match := AIM_YEAR.search(section):
        return int(match.group(1) or match.group(2))
    if PLAN_PERIOD.search(section):
        return PLAN_PERIOD_END
    return _first_year(section)


def _first_year(text: str) -> int | None:
    match = YEAR_BY.search(text)
    return int(match.group(1)) if match else None


def _title_before(lines: list[str], index: int) -> str:
    for line in reversed(lines[max(0, index - 8) : index]):
        if line:  # a table's title is short; a sentence before the table is none
            return line if len(line) <= CELL_MAX * 2 and not re.search("[。，,；;]", line) else ""
    return ""


def _is_row_line(line: str) -> bool:
    return "\t" in line


def _read_table(lines: list[str], start: int, clause: Clause, title: str) -> tuple[Table | None, int]:
    """The table whose header starts at ``lines[start]`` (``序号``); returns it and the index of
    the first line after it."""
    if _is_row_line(lines[start]):
        end = start
        while end < len(lines) and _is_row_line(lines[end]):
            end += 1
        raw_rows = [line.split("\t") for line in lines[start + 1 : end]]
        return _table(clause, title, lines[start].split("\t"), raw_rows), end
    cells: list[str] = []
    index = start
    while index < len(lines):
        line = lines[index]
        if line and (len(line) > CELL_MAX or _ends_table(lines, index)):
            break
        if line:
            cells.append(line)
        index += 1
    header: list[str] = []
    position = 0
    while position < len(cells) and cells[position] != "1":
        header.append(cells[position])
        position += 1
    rows: list[list[str]] = []
    expected = 1
    for cell in cells[position:]:
        if cell == str(expected):
            rows.append([cell])
            expected += 1
        elif rows and not TOP.match(cell):
            rows[-1].append(cell)
    return _table(clause, title, header, rows), index


def _ends_table(lines: list[str], index: int) -> bool:
    """A heading ends a table, unless it is a section row inside it (a number follows)."""
    if not _heading(lines[index]):
        return False
    following = next((line for line in lines[index + 1 :] if line), "")
    return not following.isdigit()


def _table(clause: Clause, title: str, header: list[str], raw_rows: list[list[str]]) -> Table | None:
    years: list[int] = []
    base_year: int | None = None
    for position, cell in enumerate(header):
        match = re.fullmatch(r"(20\d\d)年?(?:基值|现状|基数|目标值|目标|预期值)?", cell.strip())
        if not match:
            continue
        year = int(match.group(1))
        following = header[position + 1] if position + 1 < len(header) else ""
        if base_year is None and not years and ("基" in cell or "现状" in cell or "基值" in following):
            base_year = year
            continue
        years.append(year)
    if base_year is None and len(years) > 1:
        base_year = years.pop(0)
    if not years:
        return None
    rows: list[TableRow] = []
    for raw in raw_rows:
        cells = [cell.strip() for cell in raw if cell.strip()]
        item = int(cells[0]) if cells and cells[0].isdigit() else None
        rest = cells[1:] if item is not None else cells
        name_parts: list[str] = []
        while rest and not _is_figure_cell(rest[0]) and len(name_parts) < 3 and not _is_unit(rest[0]):
            name_parts.append(rest.pop(0))
        if name_parts:
            rows.append(TableRow(item, "".join(name_parts), tuple(rest)))
    return Table(clause, title, tuple(years), base_year, tuple(rows))


FIGURE_CELL = re.compile(r"^[≥≤><＞＜]?\s*\d+(?:\.\d+)?\s*%?(?:以上)?$")


def _is_figure_cell(cell: str) -> bool:
    return bool(FIGURE_CELL.match(cell.strip()))


def _is_unit(cell: str) -> bool:
    return cell.strip("()（）") in ("%", "个", "张", "万人", "人", "万张", "平方米", "家", "所")
