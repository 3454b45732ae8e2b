"""A column's cells read once each (``model.values.number_reader``): the same answers and the
same messages as reading every cell, for 100,000 estates with a few thousand distinct counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laoxiao_check.model import values
from laoxiao_check.model.values import AREA, HOUSEHOLDS, ValueProblem, number_reader, parse_number

CELLS = [
    "1,234户",
    " 1234 ",
    1234,
    1234.0,
    True,
    None,
    "",
    "暂无",
    "12.5㎡",
    "１２３",
    "abc",
    -3,
    2.5,
    ["x"],
    0,
]


@pytest.mark.parametrize("spec", [HOUSEHOLDS, AREA], ids=["households", "area"])
def test_a_reader_answers_as_reading_each_cell(spec) -> None:
    read = number_reader(spec)
    for _ in range(2):  # the second time from what it remembers
        for cell in CELLS:
            try:
                expected: object = parse_number(cell, spec, lenient=True)
            except ValueProblem as exc:
                expected = ("problem", str(exc))
            try:
                got: object = read(cell)
            except ValueProblem as exc:
                got = ("problem", str(exc))
            assert got == expected and type(got) is type(expected), cell


def test_a_bad_cell_raises_afresh_each_time() -> None:
    read = number_reader(HOUSEHOLDS)
    raised = []
    for _ in range(3):
        with pytest.raises(ValueProblem) as caught:
            read("abc")
        raised.append(caught.value)
    assert raised[0] is not raised[1] and str(raised[0]) == str(raised[2])


def test_what_a_reader_remembers_is_bounded(monkeypatch) -> None:
    monkeypatch.setattr(values, "MEMO_AT_MOST", 3)
    read = number_reader(HOUSEHOLDS)
    for n in range(10):
        assert read(f"{n}户") == n
    with pytest.raises(ValueProblem):
        read("abc")  # past the bound: read afresh, not remembered, still right
    assert read("9户") == 9 and read("1户") == 1
    inside = read.__closure__  # the reader's own memory: no more than the bound
    assert inside is not None
    sizes = [len(c.cell_contents) for c in inside if isinstance(c.cell_contents, dict)]
    assert sum(sizes) == 3


@given(st.from_regex(r"-?\d{1,15}(\.\d{1,12})?", fullmatch=True))
def test_a_plain_decimal_is_read_at_once_as_the_long_way_reads_it(text):
    """The short way for a plain decimal cell (``120.4187828``) gives what the long way (the cell
    with a space before it: normalised, unit and thousands looked for) gives, error or figure."""
    from laoxiao_check.model.values import COORDINATE, PLACES, RESIDENTS

    for spec in (COORDINATE, AREA, HOUSEHOLDS, RESIDENTS, PLACES):
        for lenient in (True, False):
            outcomes = []
            for cell in (text, " " + text):
                try:
                    value = parse_number(cell, spec, lenient=lenient)
                    outcomes.append((type(value), value))
                except ValueProblem as exc:
                    outcomes.append((ValueProblem, str(exc).replace(repr(cell), "CELL")))
            assert outcomes[0] == outcomes[1], (text, spec, lenient)
