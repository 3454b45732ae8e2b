"""Every word the outputs show, in English and Chinese: one glossary for `check` and `audit`.

One word per concept: a status reads the same in a project's results, in an audit's counts
and in every format (``pass`` is 达标 everywhere). Each table maps a key to
``{"en": …, "zh": …}``; :func:`word` looks one up. No rendering library is imported here:
the core (rule kinds, coverage messages) takes its category words from this module too.
"""

from __future__ import annotations

Words = dict[str, dict[str, str]]


def _table(pairs: dict[str, tuple[str, str]]) -> Words:
    return {key: {"en": en, "zh": zh} for key, (en, zh) in pairs.items()}


def word(table: Words, key: str, lang: str) -> str:
    """The word for ``key`` in ``lang``; the key itself when the table does not know it."""
    return table.get(key, {}).get(lang, key)


# -- concepts ---------------------------------------------------------------------------------

INPUTS = _table(
    {
        "quality": ("Data", "数据质量"),
        "ledger": ("Dropped or doubted", "剔除或存疑的输入"),
        "ledger_none": ("nothing dropped or doubted", "无剔除或存疑的输入"),
        "ledger_short": ("dropped or doubted", "剔除或存疑"),
        "examples": ("e.g.", "例如"),
        "provenance": ("Inputs and options", "输入与选项"),
        "tool": ("tool", "工具"),
        "command": ("command", "命令"),
        "input": ("input", "输入"),
        "path": ("path (as given)", "路径（按输入）"),
        "size": ("bytes", "字节"),
        "sha256": ("SHA-256", "SHA-256"),
        "profile": ("profile", "规则配置"),
        "bundled": ("bundled", "内置"),
        "option": ("option", "选项"),
        "value": ("value", "取值"),
        "what": ("item", "项目"),
        "count": ("count", "数量"),
        "reason": ("reason", "原因"),
    }
)
"""The words of the input ledger (what was dropped or doubted) and of the record of inputs and
options (provenance), in every report."""

STATUS = _table(
    {
        # of a rule's finding
        "pass": ("pass", "达标"),
        "fail": ("fail", "不达标"),
        "not_applicable": ("n/a", "不适用"),
        "insufficient_data": ("no data", "资料不足"),
        # of a project or an estate as a whole (its verdict)
        "incomplete": ("incomplete", "资料不全"),
        "not_judged": ("not judged", "无法判定"),
    }
)
"""Statuses of findings and verdicts of projects and estates, as one word."""

TARGET_STATUS = _table(
    {
        # of a target (an aim for a year): met or missed, never "fail"
        "pass": ("met", "已达到"),
        "fail": ("missed", "未达到"),
        "not_applicable": ("n/a", "不适用"),
        "insufficient_data": ("no data", "资料不足"),
    }
)
"""How a target's finding reads: a target is an aim, never a requirement failed."""

BINDING = _table(
    {
        "binds": ("binding", "约束性"),
        "target": ("target", "目标"),
        "advisory": ("advisory", "参考"),
    }
)
"""What a rule is: a requirement its clause binds (decides verdicts), an aim for a year, or advice."""

VERDICT = _table(
    {
        "pass": ("PASS: every binding rule is met", "结论：符合约束性配建要求"),
        "fail": ("FAIL: at least one binding rule is not met", "结论：不符合约束性配建要求"),
        "incomplete": (
            "INCOMPLETE: no rule fails, but some could not be checked",
            "结论：资料不全，部分条款无法判定",
        ),
    }
)
"""A project's verdict as the sentence that closes its report."""

CATEGORY = _table({"eldercare": ("eldercare", "养老"), "childcare": ("childcare", "托育")})

KIND = _table({"new": ("new", "新建"), "existing": ("existing", "已建成")})

UNIT = _table(
    {
        "m2": ("m²", "平方米"),
        "places": ("places", "个托位"),
        "facilities": ("facilities", "处"),
        "communities": ("communities", "个社区"),
        "households": ("households", "户"),
        "rooms": ("rooms", "处"),
        "ratio": ("", ""),
    }
)

METRIC = _table(
    {
        "floor_area": ("floor area", "用房面积"),
        "site_area": ("site area", "单处面积"),
        "places": ("places", "托位"),
        "facility_count": ("facilities", "设施数"),
        "land_area": ("land", "设施用地"),
        "community_share": ("communities served", "社区覆盖率"),
        "coverage": ("coverage", "服务圈覆盖"),
        "phased_delivery": ("phased delivery", "分期同步交付"),
        "placement": ("placement", "设置位置"),
    }
)

SCOPE = _table(
    {
        "project": ("project", "项目"),
        "community": ("community", "社区"),
        "district": ("district", "区县"),
        "city": ("city", "城市"),
    }
)
"""The levels a rule binds (``models.SCOPES``)."""

REASONS = _table(
    {
        "beyond": ("too far", "超出距离"),
        "cut_off": ("cut off", "路网不连通"),
        "unsnapped": ("not on network", "未接入路网"),
        "no_facility": ("no facility", "无设施"),
        "facility_unsnapped": ("facility not on network", "设施未接入路网"),
    }
)
"""Why a building is outside a service circle."""

# -- labels of one project's reports (terminal, Excel, HTML) ---------------------------------

LABELS = _table(
    {
        "status": ("Status", "结果"),
        "requirement": ("Requirement", "要求"),
        "required": ("Required", "应配"),
        "provided": ("Provided", "已配"),
        "shortfall": ("Shortfall", "缺口"),
        "citation": ("Citation", "依据"),
        "finding": ("Finding", "说明"),
        "project": ("Project", "项目"),
        "profile": ("Rules", "标准"),
        "households": ("households", "户"),
        "residents": ("residents", "人"),
        "estimated": ("estimated", "估算"),
        "estimated_from": ("estimated from households", "按户数估算"),
        "binding_count": ("binding rules", "约束性条款"),
        "target_count": ("targets", "目标"),
        "advisory_count": ("advisory", "参考"),
        "from": ("from", "来自"),
        "warnings": ("Warnings", "提示"),
        "informational": ("(info)", "（参考）"),
        "category": ("Category", "类别"),
        "level": ("Level", "服务圈"),
        "distance": ("Distance", "距离"),
        "method": ("Method", "方法"),
        "households_covered": ("Households covered", "覆盖户数"),
        "share": ("Share", "覆盖率"),
        "required_share": ("Required", "要求"),
        "building_households": ("Households", "户数"),
        "straight_line": ("straight line", "直线距离"),
        "network": ("walking network", "步行路网"),
        "outside": ("Households outside the circle:", "服务圈外住户："),
        "building": ("Building", "楼栋"),
        "nearest": ("Nearest facility", "最近设施距离"),
        "unsnapped": ("Not on the network (never counted as covered)", "未接入路网（不计为覆盖）"),
    }
)
"""Labels of the terminal table and the HTML report of ``check``."""

TITLE = {"zh": "一老一小配建审查报告", "en": "Eldercare and childcare allocation review"}
"""The title of a printed review (Excel, HTML)."""

DOCUMENT = _table(
    {
        "project": ("Project", "项目名称"),
        "kind": ("Kind", "项目类型"),
        "households": ("Households", "总户数"),
        "population": ("Residents", "人口"),
        "profile": ("Rule profile", "执行标准"),
        "documents": ("Documents", "依据文件"),
        "verdict": ("Verdict", "结论"),
        "counts": ("Rules counted", "条款统计"),
        "date": ("Date", "审查日期"),
        "tool": ("Tool", "工具版本"),
        "input": ("Input file", "输入文件"),
        "sha256": ("File SHA-256", "文件 SHA-256"),
    }
)
"""The summary every printed review opens with."""

SECTIONS = _table(
    {
        "summary": ("Summary", "审查结论"),
        "results": ("Results", "逐条结果"),
        "coverage": ("Service-circle coverage", "十五分钟服务圈覆盖"),
        "maps": ("Coverage maps", "覆盖地图"),
        "warnings": ("Warnings", "提示"),
    }
)
"""Headings of the HTML report."""

COLUMNS = _table(
    {
        "id": ("id", "编号"),
        "status": ("status", "结果"),
        "requirement": ("requirement", "要求"),
        "required": ("required", "应配"),
        "provided": ("provided", "已配"),
        "shortfall": ("shortfall", "缺口"),
        "citation": ("citation", "依据"),
        "profile": ("profile", "来源标准"),
        "finding": ("finding", "说明"),
        "category": ("category", "类别"),
        "level": ("level", "服务圈"),
        "distance_m": ("distance (m)", "距离（米）"),
        "method": ("method", "方法"),
        "households": ("households", "总户数（户）"),
        "covered": ("households covered", "覆盖户数（户）"),
        "share": ("share covered", "覆盖率"),
        "required_share": ("share required", "要求覆盖率"),
        "outside": ("building outside", "未覆盖楼栋"),
        "outside_households": ("its households", "未覆盖户数（户）"),
        "nearest_m": ("nearest facility (m)", "最近设施距离（米）"),
        "reason": ("why outside", "未覆盖原因"),
    }
)
"""Column headers of the review workbook (``check --format xlsx``)."""

# -- labels of an audit's reports (terminal, Excel) ------------------------------------------

AUDIT = _table(
    {
        "estates": ("Estates", "小区"),
        "district": ("District", "区县"),
        "no_district": ("(no district)", "（未填区县）"),
        "judged": ("judged", "可判定"),
        "rule": ("Rule", "条款"),
        "passing": ("passing", "达标率"),
        "total_shortfall": ("total shortfall", "缺口合计"),
        "total_required": ("total required", "应配合计"),
        "outside": ("households outside", "圈外户数"),
        "measured": ("households measured", "测算户数"),
        "level": ("circle", "服务圈"),
        "places": ("nursery places per 1,000 residents", "每千人托位数"),
        "target": ("city target", "城市目标"),
        "poor": ("Estates too poorly described to judge", "资料不足无法判定的小区"),
        "no_coverage": ("coverage not measured (give --facilities)", "未计算服务圈覆盖（需 --facilities）"),
        "row": ("row", "行号"),
        "name": ("name", "小区名称"),
        "kind": ("kind", "类型"),
        "households": ("households", "户数"),
        "population": ("residents", "人口"),
        "verdict": ("verdict", "结论"),
        "reason": ("reason not judged", "无法判定原因"),
        "estate": ("estate", "小区"),
        "shortfall": ("shortfall", "缺口"),
        "nearest": ("nearest facility (m)", "最近设施（米）"),
        "unit": ("unit", "单位"),
        "place": ("place", "位置"),
        "message": ("problem", "问题"),
        "tool": ("laoxiao-check audit", "laoxiao-check 批量审查"),
        "profile": ("profile", "标准"),
        "estates_file": ("estates file", "小区名单"),
        "coordinates": ("coordinates", "坐标系统"),
        "coverage": ("coverage", "覆盖计算"),
        "scope": ("level", "层级"),
        "category": ("category", "类别"),
        "accessible": ("capacity in reach, shared", "可达容量（共享）"),
        "accessible_per": ("in reach per 1,000 residents / 100 households", "每千人/每百户可达"),
        "rate": ("rate", "配建标准"),
        "share_of_need": ("share of need", "满足比例"),
        "facility_load": ("load: demand per place or m²", "负荷：每托位/每平方米需求"),
        "levels_title": ("Districts and city (their own rules)", "区县与城市（该层级规则）"),
        "area": ("area", "地区"),
        "population_source": ("residents from", "人口来源"),
        "target_year": ("target year", "目标年份"),
        "official": ("official table", "官方人口表"),
        "from_estates": ("sum of estates", "小区合计"),
        "estimated_sum": ("sum of estates, estimated", "小区合计（含估算）"),
    }
)
"""Labels of the audit's terminal summary and workbook (statuses come from :data:`STATUS`)."""

# -- sheets, maps, the walking network -------------------------------------------------------

SHEETS = _table(
    {
        "summary": ("summary", "摘要"),
        "results": ("results", "逐条结果"),
        "coverage": ("coverage", "服务圈覆盖"),
        "audit_summary": ("summary", "汇总"),
        "districts": ("districts", "区县"),
        "estates": ("estates", "小区"),
        "problems": ("problems", "问题"),
        "network": ("network", "路网"),
        "levels": ("levels", "各级结果"),
        "accessibility": ("capacity", "可达容量"),
        "inputs": ("Inputs", "输入与选项"),
    }
)
"""Names of workbook sheets (``check`` and ``audit``)."""

MAP = _table(
    {
        "covered": ("covered", "覆盖"),
        "uncovered": ("not covered", "未覆盖"),
        "eldercare": ("eldercare facility", "养老设施"),
        "childcare": ("childcare facility", "托育设施"),
        "catchment_network": ("reach on foot", "步行可达范围"),
        "catchment_circle": ("straight-line radius", "直线半径范围"),
        "size": ("circle size: households", "圆大小：户数"),
    }
)
"""The legend of the coverage maps (HTML)."""

NETWORK = _table(
    {
        "title": ("Walking network", "步行路网"),
        "value": ("Value", "数值"),
        "source": ("Network file", "路网文件"),
        "nodes": ("Nodes", "节点"),
        "edges": ("Edges", "路段"),
        "length_m": ("Length (m)", "总长（米）"),
        "pieces": ("Pieces (not connected to each other)", "互不连通的片数"),
        "largest_piece_share": ("Largest piece's share of length", "最大连通片长度占比"),
        "edges_off_ground": ("Edges off the ground (tunnel, bridge, indoor, layer)", "非地面路段"),
        "ways_closed_to_pedestrians": ("Ways closed to pedestrians (dropped)", "禁止步行的道路（已剔除）"),
        "ways_closed_by_tag": ("…dropped by tag", "…按标签剔除"),
        "ways_opened_by_foot_tag": (
            "Ways walked because foot=* opens them (e.g. cycleways)",
            "因 foot=* 允许步行而保留的道路（如自行车道）",
        ),
        "buildings_joined_larger_way_instead": (
            "Buildings joined to a larger way instead of a nearer small piece",
            "舍近处孤立小段而接入较大路网的楼栋",
        ),
        "buildings_joined_larger_way_too": (
            "Buildings near a small piece also joined to a larger way",
            "邻近孤立小段、同时接入较大路网的楼栋",
        ),
        "node_tolerance_m": ("Node tolerance (m)", "接合容差（米）"),
        "junctions_joined": ("T-junctions joined", "接合的丁字路口"),
        "end_gaps_joined": ("End gaps joined", "接合的端点缝隙"),
        "crossings_joined": ("Crossings joined", "接合的交叉"),
        "crossings_unjoined": ("Crossings left unjoined", "未接合的交叉（如桥梁）"),
    }
)
"""The walking network's health report: its title, then one label per figure, in order."""

HEALTH_KEYS = tuple(key for key in NETWORK if key not in ("title", "value"))
"""The figures of the health report, in the order they are shown."""

# -- phases (分期) -----------------------------------------------------------------------------

PHASES = _table(
    {
        "title": ("Phase by phase (cumulative)", "分期交付（累计）"),
        "sheet": ("phases", "分期"),
        "rule": ("rule", "条款"),
        "phase": ("phase", "分期"),
        "housing_status": ("housing status", "住宅交付状态"),
        "households_in_phase": ("households in the phase", "本期户数"),
        "households": ("households so far", "累计户数"),
        "required": ("required so far", "累计应配"),
        "delivered": ("delivered so far", "累计已交付"),
        "shortfall": ("shortfall", "缺口"),
        "facilities": ("rooms of the phase", "本期用房"),
        "behind_housing": ("rooms behind the housing", "滞后于住宅的用房"),
        "acceptance": ("completion acceptance", "竣工验收"),
        "blocked": ("BLOCKED until corrected", "整改到位前不得组织"),
        "open": ("—", "—"),
        "blocked_banner": (
            "Completion acceptance (竣工验收) blocked until corrected for",
            "整改到位前建设单位不得组织竣工验收：",
        ),
        "chart": ("Required and delivered by phase", "各期累计应配与已交付"),
    }
)
"""The phase-by-phase table of phased-delivery findings (terminal, Excel, HTML)."""

DELIVERY_STATUS = _table(
    {
        "planned": ("planned", "规划"),
        "built": ("built", "已建成"),
        "accepted": ("accepted", "已验收"),
        "handed_over": ("handed over", "已交付"),
    }
)
"""Delivery statuses of buildings and rooms (``status`` / 交付状态)."""

PLAN = _table(
    {
        "title": ("Where to build next", "新增设施选址"),
        "objective": ("objective", "目标"),
        "coverage": ("households not yet covered", "尚未覆盖的住户"),
        "capacity": ("shortfall of capacity", "容量缺口"),
        "maximal_covering": ("maximal covering: at most {k} sites", "最大覆盖：至多{k}处"),
        "set_covering": ("set covering: the fewest sites covering all", "集合覆盖：覆盖全部的最少选址"),
        "selected": ("chosen sites", "推荐选址"),
        "site": ("site", "选址"),
        "households_newly_covered": ("households newly covered", "新增覆盖住户"),
        "estates_newly_covered": ("estates newly covered", "新增覆盖小区"),
        "households_reached": ("households reached (not yet covered)", "可达的未覆盖住户"),
        "households_reached_short": ("households reached (with a shortfall)", "可达的有缺口住户"),
        "shortfall_reached": ("shortfall reached", "可达缺口"),
        "before": ("covered before", "现状覆盖"),
        "after": ("covered after", "新增后覆盖"),
        "optimal": ("proven optimal", "已证明最优"),
        "not_optimal": ("not proven optimal", "未证明最优"),
        "solver": ("solver", "求解"),
        "milp": ("exact (HiGHS MILP)", "精确求解（HiGHS 混合整数规划）"),
        "greedy": ("greedy", "贪心算法"),
        "gap": ("gap to the bound", "与界的差距"),
        "greedy_value": ("greedy answer", "贪心结果"),
        "candidates": ("candidate sites", "候选选址"),
        "candidates_network": ("points along the walking network", "沿步行路网的点"),
        "uncoverable": ("estates no candidate reaches", "无候选点可达的小区"),
        "new": ("newly covered", "新增覆盖"),
        "served": ("covered, shortfall reached by a chosen site", "已覆盖，缺口由推荐选址补充"),
        "existing": ("existing facility", "现有设施"),
        "candidate": ("candidate site", "候选选址"),
        "chosen": ("chosen site", "推荐选址"),
        "estates": ("estates", "小区"),
        "estate": ("estate", "小区"),
        "district": ("district", "区县"),
        "households": ("households", "户数"),
        "weight": ("weight", "权重"),
        "covered_before": ("covered before", "现状覆盖"),
        "covered_after": ("covered after", "新增后覆盖"),
        "yes": ("yes", "是"),
        "no": ("no", "否"),
        "lon": ("longitude", "经度"),
        "lat": ("latitude", "纬度"),
        "summary": ("summary", "摘要"),
        "shortfall": ("shortfall", "缺口"),
        "shortfall_unreached": ("shortfall no chosen site reaches", "推荐选址未覆盖的缺口"),
        "problems": ("problems", "问题"),
    }
)
"""The words of ``plan``'s outputs."""

# -- figures ----------------------------------------------------------------------------------


def figure(value: float | int | None, unit: str, lang: str) -> str:
    """A figure with its unit for people: ``1,234.5 m²``, ``555平方米``, ``87.5%``."""
    if value is None:
        return "—"
    if unit == "ratio":
        return f"{value * 100:.1f}%"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    suffix = word(UNIT, unit, lang)
    return f"{text} {suffix}".strip() if lang == "en" else f"{text}{suffix}"


def category_en(category: str) -> str:
    return CATEGORY[category]["en"]


def a_category_en(category: str) -> str:
    """``an eldercare``, ``a childcare``: the category with its article, as in "of an eldercare
    facility"."""
    word = category_en(category)
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def category_zh(category: str) -> str:
    return CATEGORY[category]["zh"]
