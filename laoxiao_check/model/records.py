"""Plain frozen records shared by readers, checks and reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, Literal, Protocol

from laoxiao_check.model.errors import EXIT_FAIL, EXIT_PASS
from laoxiao_check.model.values import parse_storeys

Category = Literal["eldercare", "childcare"]
ProjectKind = Literal["new", "existing"]
Status = Literal["pass", "fail", "not_applicable", "insufficient_data"]
Verdict = Literal["pass", "fail", "incomplete"]
Scope = Literal["project", "community", "street", "district", "city"]
"""The level a rule binds: one project (配建), a community (社区), a district (区县), the city."""

SCOPES: tuple[Scope, ...] = ("project", "community", "street", "district", "city")

CATEGORIES: tuple[str, ...] = ("eldercare", "childcare")
PROJECT_KINDS: tuple[str, ...] = ("new", "existing")


Binding = Literal["binds", "target", "advisory"]
BINDINGS: tuple[Binding, ...] = ("binds", "target", "advisory")


def binding_of(target_year: int | None, informational: bool) -> Binding:
    """A rule with a target year is a target; one marked informational is advisory; else it binds."""
    if target_year is not None:
        return "target"
    return "advisory" if informational else "binds"


@dataclass(frozen=True)
class Building:
    id: str
    households: int | None
    population: float | None = None
    x: float | None = None
    y: float | None = None
    place: str = ""
    """Where the building was read from (for messages)."""
    phase: str | None = None
    """分期: an order (``"1"``) or a delivery date (``"2026-06"``); see ``values.parse_phase``."""
    status: str | None = None
    """Delivery status: planned, built, accepted or handed_over (``values.DELIVERY_STATUSES``)."""
    community: str | None = None
    """社区: the community the building lies in (a project across two is judged per community)."""


@dataclass(frozen=True)
class Facility:
    id: str
    category: str
    area_m2: float | None = None
    places: int | None = None
    floor: str | None = None
    site: str | None = None
    x: float | None = None
    y: float | None = None
    place: str = ""
    off_site: bool = False
    """A share of a pooled centre elsewhere (异地配建): ``area_m2``/``places`` are the share
    allocated to this project, ``centre_area_m2`` the whole centre, x/y where the centre is."""
    centre_area_m2: float | None = None
    phase: str | None = None
    """分期 in which the rooms are delivered (as for buildings)."""
    status: str | None = None
    """Delivery status of the rooms (as for buildings)."""
    entrance: bool | None = None
    """独立出入口: the rooms have their own entrance (None: not given)."""
    lift: bool | None = None
    """电梯: the rooms are reached by a (barrier-free) lift (None: not given)."""
    land_area_m2: float | None = None
    """用地面积: the facility's own land (a stand-alone facility); rooms inside housing have none."""
    in_housing: bool = False
    """Rooms inside housing (an estate list's rooms): no land of their own (用地)."""
    service: str | None = None
    """服务类型: what the facility offers (日间照料, 托育…), for rules on one kind of facility."""
    name: str | None = None
    """名称, when the list gives a name besides the id (编号): shown; the id is the key."""
    institution: str | None = None
    """机构名称: the institution the rooms belong to (two rooms of one nursery are one institution)."""
    inclusive: bool | None = None
    """普惠: the places are inclusive (priced under the government's guidance; 公益性 counts)."""
    beds: int | None = None
    """床位数: eldercare beds."""
    nursing_beds: int | None = None
    """护理型床位数: of ``beds``, those for nursing care."""
    operator: str | None = None
    """举办主体: ``government`` (公办), ``public_private`` (公建民营) or ``private`` (民办)."""
    community: str | None = None
    """社区 of a project's room (a project across two communities is judged per community)."""

    @property
    def storeys(self) -> tuple[int, int] | None:
        """Lowest and highest storey of ``floor`` (1 = ground floor, -1 = first below ground)."""
        return None if self.floor is None else parse_storeys(self.floor)


ESTATE_LIST = "the estate list"
"""``Project.communities_source`` when the communities are those the estate list names (neither
``--communities`` nor ``--population`` gives them)."""


@dataclass(frozen=True)
class CommunityFacilities:
    """One community of a city and the facilities in it (the city's and its estates' own)."""

    district: str
    name: str
    facilities: tuple[Facility, ...] = ()


@dataclass(frozen=True)
class Project:
    name: str
    kind: str
    households: int | None
    households_source: str
    """``project`` (given for the whole project in its file), ``sidecar`` (in the project's
    sidecar, ``<name>.project.yaml``), ``option`` (``--households``), ``buildings`` (summed) or
    ``missing``."""
    population: float | None
    population_estimated: bool
    crs: str | None
    buildings: tuple[Building, ...] = ()
    facilities: tuple[Facility, ...] = ()
    source: str = ""
    source_sha256: str = ""
    warnings: tuple[str, ...] = ()
    unknown_rooms: dict[str, dict[str, str]] = field(default_factory=dict)
    scope: Scope = "project"
    renovation: bool = False
    """An old-estate renovation (老旧小区改造): rules with ``applies_when: {renovation: true}``."""
    communities: tuple[CommunityFacilities, ...] | None = None
    """A city's (or district's) communities with their facilities, for the rules on the share
    of communities served (None: the communities are not known)."""
    communities_source: str = ""
    """Where the list of communities comes from (``--communities``, the population table, the
    estate list)."""
    streets: tuple[CommunityFacilities, ...] | None = None
    """A city's (or district's) streets and townships (街道、乡镇) with their facilities, for the
    rules on the share of streets served (None: not known)."""
    streets_source: str = ""
    """Where the list of streets comes from (the population table, the estate list)."""
    elderly: float | None = None
    """Residents aged 60+ (the population table's ``residents_60plus``), for beds per 1,000."""
    community_type: str | None = None
    """``urban`` (城市社区) or ``town`` (乡镇社区) where the community's type is given."""
    """The widest level the project stands for: ``community`` when it forms the whole
    community, so that community rules are judged on it."""
    """Category → why its rooms are not known (``{"en": …, "zh": …}``), e.g. an estate list
    without the column. Rules of such a category are ``insufficient_data``, never a fail."""

    def facilities_of(self, category: str) -> tuple[Facility, ...]:
        return self._by_category.get(category, ())

    @cached_property
    def _by_category(self) -> dict[str, tuple[Facility, ...]]:
        """The facilities by category, sorted once (every rule of a category asks for them)."""
        return by_category(self.facilities)


def by_category(facilities: tuple[Facility, ...]) -> dict[str, tuple[Facility, ...]]:
    """Category → its facilities, in their order."""
    found: dict[str, list[Facility]] = {}
    for facility in facilities:
        found.setdefault(facility.category, []).append(facility)
    return {category: tuple(rooms) for category, rooms in found.items()}


@dataclass(frozen=True)
class Citation:
    document: str
    number: str = ""
    date: str = ""
    clause: str = ""
    note: str = ""

    @property
    def text(self) -> str:
        doc = self.document + (f"（{self.number}）" if self.number else "")
        return doc + (f" {self.clause}" if self.clause else "")

    def as_dict(self) -> dict[str, str]:
        return {
            "document": self.document,
            "number": self.number,
            "date": self.date,
            "clause": self.clause,
            "note": self.note,
            "text": self.text,
        }


@dataclass(frozen=True)
class Finding:
    """The result of one rule on one project."""

    id: str
    category: Category
    metric: str
    status: Status
    required: float | None
    provided: float | None
    unit: str
    shortfall: float | None
    citation: Citation
    source: str
    """The profile the rule's figure came from."""
    requirement: dict[str, str]
    """The rule in words, ``{"en": ..., "zh": ...}``."""
    message: dict[str, str]
    """What was found, ``{"en": ..., "zh": ...}``."""
    name: dict[str, str] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    informational: bool = False
    """Shown but never deciding the verdict (also in ``details["informational"]`` for reports)."""
    scope: Scope = "project"
    """The level the rule binds (see :data:`SCOPES`)."""
    target_year: int | None = None
    """A target to reach by this year (an aim), not a binding requirement; None: binding."""
    estimated: bool = False
    """``required`` was computed from a population estimated from households (× persons per
    household): shown with ≈ and the estimate's basis."""

    @property
    def binding(self) -> Binding:
        """``binds``, ``target`` or ``advisory``: only a binding rule decides a verdict."""
        return binding_of(self.target_year, self.informational)


class Judgement(Protocol):
    """What a verdict reads of a rule's result: a :class:`Finding`, or its figures alone
    (:class:`~laoxiao_check.model.judged.Judged`, a rule judged over columns)."""

    @property
    def status(self) -> Status: ...

    @property
    def binding(self) -> Binding: ...

    @property
    def details(self) -> dict[str, Any]: ...


def deciding(finding: Judgement) -> bool:
    """Does the finding count in the verdict? Only a binding rule's: never a target (an aim for a
    year) nor an advisory one; nor a rule that binds a wider level (a community, the city) and was
    not judged on this project. (Coverage is advisory unless a profile binds a radius: a project
    without coordinates keeps its area and places verdicts, and only a bound radius it cannot
    be measured on makes it incomplete.)"""
    return finding.binding == "binds" and "checked_at" not in finding.details


def verdict_of(findings: Sequence[Judgement]) -> Verdict:
    """fail if a rule fails, else incomplete if one could not be checked, else pass.

    Only binding rules decide (targets and advisory rules are shown); with no binding rule
    judged at all (none, or all not applicable) nothing was checked, which is ``incomplete``,
    never a pass.
    """
    statuses = {f.status for f in findings if deciding(f)} - {"not_applicable"}
    if not statuses:  # no binding rule was judged: nothing to sign as a pass
        return "incomplete"
    if "fail" in statuses:
        return "fail"
    if "insufficient_data" in statuses:
        return "incomplete"
    return "pass"


def estimated_population(households: int, persons_per_household: float) -> int | float:
    """Households × persons per household, exact as written (2,477 × 3.2 = 7,926.4, not
    7,926.400000000001), a whole number as an int: the one estimate of a population that is not
    given, for a project and for an estate of a list alike."""
    estimate = Decimal(households) * Decimal(repr(persons_per_household))
    return int(estimate) if estimate == estimate.to_integral_value() else float(estimate)


def exit_code(verdict: str, parts_failed: bool = False) -> int:
    """The exit code of a verdict: 0 for a pass (and, in a partitioned audit, every part run),
    else 1 — a fail, an incomplete check, a part that failed. Errors of input are 2, bugs 3."""
    return EXIT_PASS if verdict == "pass" and not parts_failed else EXIT_FAIL


@dataclass(frozen=True)
class Estate:
    """One row of an estate list (audit)."""

    place: str
    """``row 7`` or ``feature 6``."""
    name: str
    district: str
    community: str
    kind: str
    households: int | None
    population: float | None
    population_estimated: bool
    x: float | None
    y: float | None
    eldercare_area_m2: float | None
    childcare_area_m2: float | None
    childcare_places: int | None
    reason: str = ""
    """Why the estate cannot be judged; empty when it can."""
    reason_zh: str = ""
    notes: tuple[str, ...] = ()
    """What was read with doubt but does not stop judging (an unreadable coordinate…)."""
    renovation: bool = False
    """Under old-estate renovation (老旧小区改造): its community is judged on renovation rules."""
    city: str = ""
    """城市: the city of the estate (a national list; ``audit --partition-by city``)."""
    id: str = ""
    """小区编号, when the list gives one besides the name: the key (duplicates are found by it)."""
    street: str = ""
    """街道（乡镇）: the street or township the estate lies in (its level between district and community)."""
    community_type: str | None = None
    """社区类型 of the estate's community: ``urban`` (城市社区) or ``town`` (乡镇社区), where given."""
