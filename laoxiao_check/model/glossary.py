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
        "streets": ("streets", "个镇街"),
        "institutions": ("institutions", "个机构"),
        "beds": ("beds", "张床位"),
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
        "street_share": ("streets served", "街道（乡镇）覆盖率"),
        "inclusive_share": ("inclusive places", "普惠性托位占比"),
        "beds": ("beds", "养老床位"),
        "bed_share": ("share of beds", "床位占比"),
        "coverage": ("coverage", "服务圈覆盖"),
        "phased_delivery": ("phased delivery", "分期同步交付"),
        "placement": ("placement", "设置位置"),
    }
)

SCOPE = _table(
    {
        "project": ("project", "项目"),
        "community": ("community", "社区"),
        "street": ("street or township", "街道（乡镇）"),
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

FOLDED = _table(
    {
        "line": (
            "+ {count} {levels} {rules}, not judged on this {scope}: --all lists {them}",
            "另有{count}条{levels}层面的条款，不针对本{scope}判定：加 --all 列出",
        ),
        "listed": (
            "Rules set at other levels, not judged on this {scope}:",
            "其他层面的条款，不针对本{scope}判定：",
        ),
    }
)
"""The terminal table's one line for the rules of wider levels it does not list (``check --all``)."""

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
        "street": ("street or township", "街道（乡镇）"),
        "residents_60plus": ("residents 60+", "60岁以上人口"),
        "eldercare_facilities": ("eldercare facilities", "养老设施"),
        "childcare_facilities": ("childcare facilities", "托育设施"),
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
        "streets": ("streets", "街道（乡镇）"),
        "estates": ("estates", "小区"),
        "problems": ("problems", "问题"),
        "network": ("network", "路网"),
        "levels": ("levels", "各级结果"),
        "accessibility": ("capacity", "可达容量"),
        "inputs": ("Inputs", "输入与选项"),
        "rooms": ("rooms", "配套用房"),
        "buildings": ("appendix buildings", "附录 楼栋清单"),
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
        "unknown": ("not measured", "未测算"),
        "city": ("city's facility (given)", "周边既有设施"),
        "straight_line": ("straight line {distance} m", "直线 {distance} 米"),
        "within": ("within {levels}", "{levels}内"),
        "partly": ("within {wider}, outside {narrower}", "{wider}内、{narrower}外"),
        "outside": ("outside {levels}", "{levels}外"),
        "and": (" and ", "、"),
        "or": (" or ", "或"),
        "beyond": (" (reaches beyond the map)", "（超出图幅）"),
        "hidden_labels": (
            "{count} labels not shown: no room without overlap",
            "{count} 个标注因空间不足未显示",
        ),
        "roads_cut": (
            "roads: the {shown} of {total} segments nearest the project",
            "道路：仅显示离项目最近的 {shown}/{total} 段",
        ),
    }
)
"""The legend of the coverage maps (HTML)."""

INPUT_LIST = _table(
    {
        "rooms": ("Rooms checked", "核查的配套用房"),
        "buildings": ("Buildings", "楼栋清单"),
        "id": ("Id", "编号"),
        "name": ("Name", "名称"),
        "category": ("Category", "类别"),
        "floor": ("Floor", "楼层"),
        "site": ("Site", "位置"),
        "area_m2": ("Area (m²)", "建筑面积（平方米）"),
        "places": ("Places", "托位（个）"),
        "status": ("Delivery", "交付状态"),
        "phase": ("Phase", "分期"),
        "entrance": ("Own entrance", "独立出入口"),
        "lift": ("Lift", "电梯"),
        "households": ("Households", "户数"),
        "population": ("Residents", "人口"),
        "coordinates": ("Located", "坐标"),
        "off_site": ("off-site share", "异地配建份额"),
        "yes": ("yes", "有"),
        "no": ("no", "无"),
        "none": ("No rooms planned", "未规划配套用房"),
    }
)
"""The project's inputs as every report lists them (rooms, buildings)."""

LEVELS = _table(
    {
        "15min": ("15-minute circle", "十五分钟生活圈"),
        "10min": ("10-minute circle", "十分钟生活圈"),
        "5min": ("5-minute circle", "五分钟生活圈"),
        "radius700": ("700 m service radius", "700米服务半径"),
    }
)
"""A coverage level's name (a profile's ``level``) for people; a level not listed reads as its id."""

PROFILE_VIEW = _table(
    {
        "extends": ("extends", "继承"),
        "file": ("file", "文件"),
        "persons_per_household": ("persons per household", "户均人口"),
        "from": ("from", "来自"),
        "target": ("target", "目标"),
        "id": ("id", "编号"),
        "rule": ("rule", "条款"),
        "applies": ("applies to", "适用"),
        "binds": ("binds?", "约束性"),
        "requirement": ("requirement", "要求"),
        "citation": ("citation", "依据"),
        "verified": ("verified", "核实情况"),
        "scope": ("scope: ", "层级："),
        "text seen": ("text seen", "已读原文"),
        "VERIFIED-P": ("VERIFIED-P", "已核原文"),
        "VERIFIED-S": ("VERIFIED-S", "仅见二手来源"),
        "UNVERIFIED": ("UNVERIFIED", "未核实"),
    }
)
"""The words of ``rules show``."""

TARGETS = _table({"childcare_places_per_1000": ("nursery places per 1,000 residents", "每千人口托位数")})
"""A profile's city targets (``targets:``)."""

CONDITIONS = _table(
    {
        "renovation": ("old-estate renovation", "老旧小区改造"),
        "population_at_least": ("population at least", "人口不少于"),
        "households_at_least": ("households at least", "户数不少于"),
    }
)
"""A rule's ``applies_when`` conditions."""

REVIEW_SHEET = _table(
    {
        "title": ("Allocation review sheet", "一老一小配建审查表"),
        "rules": ("Rules of the project", "本项目适用条款"),
        "wider": (
            "{count} rule(s) of wider levels (city, district, community) not applicable to a single "
            "project are not listed: see the JSON or `check --all`",
            "另有 {count} 条城市、区或社区层面的条款不针对单个项目，未列出（见 JSON 报告或 check --all）",
        ),
        "appendix": ("Appendix", "附录"),
        "record": ("Inputs and tool", "输入文件与工具"),
        "quality": ("Data quality", "数据质量"),
        "page": ("page", "第"),
        "of": ("of", "页，共"),
        "pages": ("", "页"),
        "font_missing": (
            "no Chinese font is installed for the PDF (looked for {fonts}): install fonts-noto-cjk "
            "(Debian/Ubuntu: apt-get install fonts-noto-cjk), or write --format html and print it",
            "未安装生成 PDF 所需的中文字体（查找了 {fonts}）：请安装 fonts-noto-cjk（apt-get install "
            "fonts-noto-cjk），或输出 --format html 后打印",
        ),
    }
)
"""The words of the PDF review sheet (``check --format pdf``)."""

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

# -- service circles, catchments, inputs' words in a Chinese workbook (issue 25) ----------------


def level_word(level: str, lang: str) -> str:
    """:data:`LEVELS`' word; else ``30分钟生活圈`` for ``30min``, ``服务半径500米`` for
    ``radius500``; else the level as given."""
    if level in LEVELS:
        return LEVELS[level][lang]
    digits = level.removeprefix("radius").removesuffix("min")
    if digits.isdigit() and level.endswith("min"):
        return f"{digits}-minute circle" if lang == "en" else f"{digits}分钟生活圈"
    if digits.isdigit() and level.startswith("radius"):
        return f"{digits} m radius" if lang == "en" else f"服务半径{digits}米"
    return level


CATCHMENT = _table(
    {
        "e2sfca": ("E2SFCA", "增强型两步移动搜寻法"),
        "2sfca": ("2SFCA", "两步移动搜寻法"),
    }
)
"""Floating-catchment methods of the capacity in reach (``--catchment``)."""

PROFILE_WORDS = _table(
    {
        "baseline": ("common baseline", "通用基准（非国家文件）"),
        "design": ("design review", "设计审查"),
    }
)
"""Bundled profiles named by a word, not a place (a rule's source where a city profile extends them)."""

INPUT_ROLES = _table(
    {
        "project": ("project", "项目文件"),
        "estates": ("estates", "小区名单"),
        "facilities": ("facilities", "设施清单"),
        "network": ("network", "路网"),
        "boundary": ("boundary", "边界"),
        "communities": ("communities", "社区"),
        "districts": ("districts", "区县"),
        "population": ("population", "人口表"),
        "candidates": ("candidates", "候选选址"),
        "profile": ("profile", "规则配置"),
        "sidecar": ("sidecar", "项目附带文件"),
    }
)
"""What an input file is to the run (``Provenance`` roles)."""

WORKBOOK = _table(
    {
        "outside_many": ("{count} buildings: see sheet {sheet}", "共{count}栋，见“{sheet}”"),
        "outside": ("outside", "圈外"),
        "nearest": ("nearest (m)", "最近设施（米）"),
        "yes": ("yes", "是"),
        "no": ("no", "否"),
        "row": ("row {n}", "第{n}行"),
        "feature": ("feature {n}", "第{n}个要素"),
    }
)
"""Words of the review workbooks only (``report/xlsx``)."""
