"""The data requirement, published: every input field, from the tables the readers use.

Rendered by :mod:`laoxiao_check.report.views.requirement`.

``laoxiao-check fields`` and README's field table are made here from :mod:`laoxiao_check.io.fields`
(the headers each reader matches), the parse function of each field (its unit or its allowed
values) and the rule kinds' :attr:`~laoxiao_check.rules.base.RuleKind.reads` (which rules need
it) — so the published list cannot drift from what the tool reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from laoxiao_check.io.fields import BUILDING_FIELDS, ESTATE_FIELDS, FACILITY_FIELDS, PROJECT_FIELDS, Field
from laoxiao_check.io.population import POPULATION_COLUMNS
from laoxiao_check.io.sheets import SHEETS
from laoxiao_check.model.categories import known_words
from laoxiao_check.model.messages import Said
from laoxiao_check.model.requirement import FieldRow
from laoxiao_check.model.values import (
    AREA,
    BEDS,
    COMMUNITY_TYPE_WORDS,
    COORDINATE,
    DELIVERY_STATUS_WORDS,
    HOUSEHOLDS,
    INCLUSIVE_WORDS,
    LEVEL_WORDS,
    OPERATOR_WORDS,
    PLACES,
    PROJECT_KIND_WORDS,
    RESIDENTS,
    YES_NO_WORDS,
    NumberSpec,
)
from laoxiao_check.rules import RULE_KINDS

_UNITS: dict[int, str] = {
    id(AREA): Said("m² (㎡, 平方米)"),
    id(HOUSEHOLDS): Said("households (户), whole"),
    id(RESIDENTS): Said("residents (人)"),
    id(PLACES): Said("places (托位), whole"),
    id(BEDS): Said("beds (张), whole"),
    id(COORDINATE): Said("the file's CRS (degrees or metres)"),
}


def _choices(words: dict[str, Any]) -> str:
    by_value: dict[str, list[str]] = {}
    for word, value in words.items():
        by_value.setdefault(str(value), []).append(word)
    return "; ".join(f"{value}: {', '.join(ws)}" for value, ws in by_value.items())


def _values(field: Field) -> str:
    """The values a field accepts, read from its parse function's name."""
    name = getattr(field.parse, "__name__", "")
    known: dict[str, Callable[[], str]] = {
        "_kind": lambda: _choices(PROJECT_KIND_WORDS),
        "_category": lambda: "eldercare: " + ", ".join(known_words("eldercare"))
        + "; childcare: " + ", ".join(known_words("childcare")),
        "_scope": lambda: _choices(LEVEL_WORDS),
        "_community_type": lambda: _choices(COMMUNITY_TYPE_WORDS),
        "parse_yes_no": lambda: _choices(YES_NO_WORDS),
        "parse_inclusive": lambda: _choices(INCLUSIVE_WORDS),
        "parse_operator": lambda: _choices(OPERATOR_WORDS),
        "parse_delivery_status": lambda: _choices(DELIVERY_STATUS_WORDS),
        "parse_phase": lambda: Said("a phase name (一期, 二期 …) or a delivery date"),
        "parse_floor": lambda: Said("a storey (1 = ground, -1 = first below; 1-3, 首层, 地下一层)"),
        "parse_crs": lambda: Said("EPSG:4490, EPSG:4326, EPSG:4547 … (any pyproj CRS)"),
    }  # fmt: skip
    return known[name]() if name in known else ""


def _unit(field: Field) -> str:
    spec: NumberSpec | None = field.spec
    return _UNITS.get(id(spec), spec.what) if spec is not None else ""


def _needed_by(name: str) -> tuple[str, ...]:
    return tuple(sorted(kind for kind, rule_kind in RULE_KINDS.items() if name in rule_kind.reads))


def _rows(table: str, fields: tuple[Field, ...]) -> list[FieldRow]:
    return [
        FieldRow(
            table,
            f.name,
            f.zh,
            tuple(a for a in f.aliases if a not in (f.name, f.zh)),
            f.required,
            _unit(f),
            _values(f),
            _needed_by(f.name),
        )
        for f in fields
    ]


def field_rows() -> list[FieldRow]:
    """Every input field of every input, in the order of the tables."""
    sheets = {key: "/".join(names) for key, names in SHEETS.items()}
    rows = _rows(Said("check: sheet {sheet}", sheet=sheets["project"]), PROJECT_FIELDS)
    rows += _rows(
        Said("check: sheet {sheet} (GeoJSON: kind=building)", sheet=sheets["buildings"]), BUILDING_FIELDS
    )
    rows += _rows(
        Said("check: sheet {sheet} (GeoJSON: kind=facility)", sheet=sheets["facilities"]), FACILITY_FIELDS
    )
    rows += _rows(Said("audit: estate list"), ESTATE_FIELDS)
    rows += _rows(Said("audit: --facilities"), FACILITY_FIELDS)
    population = Said("audit: --population")
    rows += [
        FieldRow(population, name, headers[1], tuple(headers[2:]), name == "name", "", "", ())
        for name, headers in POPULATION_COLUMNS.items()
    ]
    return rows
