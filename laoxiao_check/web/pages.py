"""The desk's pages: plain HTML, every value escaped, every sentence said from the catalogue
(``say``), no script at all (the audit's progress page reloads itself by a meta refresh).

A check's result page is the HTML review report itself (``report/html/check.py``) under the
desk's toolbar; an audit's is the summary of ``report/html/audit.py``.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from laoxiao_check.model.messages import Said, say
from laoxiao_check.web.desk import Entry
from laoxiao_check.web.uploads import MAX_UPLOAD_BYTES, kinds_word

STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
       "PingFang SC", "Helvetica Neue", Arial, sans-serif; color: #1d1d1d; margin: 0; font-size: 14px;
       line-height: 1.45; max-width: none; }
header.desk { background: #1f4e78; color: #fff; padding: 8px 24px; display: flex; gap: 18px;
              align-items: baseline; flex-wrap: wrap; }
header.desk a { color: #fff; } header.desk strong { font-size: 16px; margin-right: 12px; }
header.desk .lang { margin-left: auto; }
main.desk { max-width: 1040px; margin: 18px auto; padding: 0 16px; }
form.desk fieldset { border: 1px solid #ccc; margin: 0 0 12px; padding: 8px 12px; }
form.desk label { display: block; font-weight: 600; margin: 6px 0 2px; }
form.desk .hint, p.note { color: #666; font-size: 12px; }
form.desk button { background: #1f4e78; color: #fff; border: 0; padding: 8px 22px; font-size: 15px; }
ul.problems { color: #9c0006; background: #ffc7ce; margin: 4px 0; padding: 6px 8px 6px 26px; }
nav.downloads { background: #eef3f8; padding: 8px 12px; margin: 0 0 8px; }
nav.downloads a { margin-right: 12px; font-weight: 600; }
.status.pass { background: #c6efce; } .status.fail { background: #ffc7ce; }
.status.incomplete { background: #ffeb9c; } .status.not_judged { background: #ededed; }
ul.totals { list-style: none; padding: 0; display: flex; gap: 16px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid #ccc; padding: 4px 7px; text-align: left; }
th { background: #1f4e78; color: #fff; } td.num { text-align: right; }
svg.map { width: 100%; height: auto; border: 1px solid #ccc; }
@media print { header.desk, nav.downloads { display: none; } main.desk { margin: 0; max-width: none; } }
"""


FORMAT_LABELS = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "parquet": "GeoParquet"}
"""A download's link text where it is not the format's name in capitals (PDF, XLSX, JSON, HTML)."""


def t(text: str, lang: str) -> str:
    """A page's sentence in ``lang``, escaped."""
    return escape(say(text, lang))


def layout(lang: str, here: str, title: str, body: str, refresh: int | None = None, style: str = "") -> str:
    """A whole page: the desk's bar (check, audit, template, language) over ``body``."""
    other, other_name = ("en", "English") if lang == "zh" else ("zh", "中文")
    links = (
        f'<a href="/">{t(Said("Check a project"), lang)}</a>'
        f'<a href="/audit">{t(Said("Audit an estate list"), lang)}</a>'
        f'<a href="/template.xlsx">{t(Said("Template workbook"), lang)}</a>'
        f'<a href="/results">{t(Said("Your results"), lang)}</a>'
        f'<a class="lang" href="{escape(here)}?lang={other}">{other_name}</a>'
    )
    meta = f'<meta http-equiv="refresh" content="{refresh}">' if refresh else ""
    return f"""<!doctype html>
<html lang="{"zh-CN" if lang == "zh" else "en"}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">{meta}
<title>{escape(title)} · laoxiao-check</title><style>{style}{STYLE}</style></head>
<body><header class="desk"><strong>{t(Said("laoxiao-check review desk"), lang)}</strong>{links}</header>
<main class="desk">{body}</main></body></html>
"""


def problems_list(problems: list[str], role: str) -> str:
    if not problems:
        return ""
    items = "".join(f"<li>{escape(p)}</li>" for p in problems)
    return f'<ul class="problems" data-for="{escape(role)}" role="alert">{items}</ul>'


def top_problems(problems: dict[str, list[str]]) -> str:
    """The problems of no one file: the body over the limit (``"!"``), then the others."""
    return problems_list([*problems.get("!", []), *problems.get("", [])], "form")


def file_field(
    role: str, label: str, lang: str, problems: dict[str, list[str]], required: bool = False
) -> str:
    hint = say(kinds_word(role), lang)
    return (
        f'<label for="{role}">{t(label, lang)}</label>'
        f'<input type="file" id="{role}" name="{role}"{" required" if required else ""}>'
        f'<div class="hint">{escape(hint)}</div>{problems_list(problems.get(role, []), role)}'
    )


def profile_field(
    lang: str, profiles: list[tuple[str, str]], chosen: str, problems: dict[str, list[str]]
) -> str:
    options = "".join(
        f'<option value="{escape(pid)}"{" selected" if pid == chosen else ""}>'
        f"{escape(name)} [{escape(pid)}]</option>"
        for pid, name in profiles
    )
    return (
        f'<fieldset><label for="rules">{t(Said("Rule profile"), lang)}</label>'
        f'<select id="rules" name="rules">{options}</select>'
        + file_field(
            "profile", Said("or upload your own profile (YAML), which is used instead"), lang, problems
        )
        + "</fieldset>"
    )


def limits_note(lang: str) -> str:
    return (
        '<p class="note">'
        + t(
            Said(
                "Files up to {limit} MB. Uploads are removed when their check ends; results are kept "
                "for you alone, for an hour.",
                limit=MAX_UPLOAD_BYTES // (1024 * 1024),
            ),
            lang,
        )
        + "</p>"
    )


def check_form(
    lang: str, profiles: list[tuple[str, str]], chosen: str, problems: dict[str, list[str]]
) -> str:
    """The check page: a profile, a project, optionally facilities and a network."""
    body = (
        f"<h1>{t(Said('Check a project'), lang)}</h1>{top_problems(problems)}"
        '<form class="desk" method="post" action="/check" enctype="multipart/form-data">'
        f"{profile_field(lang, profiles, chosen, problems)}<fieldset>"
        f"{file_field('project', Said('Project (the template workbook, or GeoJSON)'), lang, problems, True)}"
        '<p class="hint"><a href="/template.xlsx">'
        f"{t(Said('Download the template workbook to fill in'), lang)}</a></p></fieldset><fieldset>"
        f"{file_field('facilities', Said('City facilities around the project (optional)'), lang, problems)}"
        f"{file_field('network', Said('Walking network (optional)'), lang, problems)}</fieldset>"
        f'<button type="submit">{t(Said("Check"), lang)}</button></form>{limits_note(lang)}'
    )
    return layout(lang, "/", say(Said("Check a project"), lang), body)


def audit_form(
    lang: str, profiles: list[tuple[str, str]], chosen: str, problems: dict[str, list[str]]
) -> str:
    """The audit page: a profile, an estate list, optionally facilities and a network."""
    body = (
        f"<h1>{t(Said('Audit an estate list'), lang)}</h1>{top_problems(problems)}"
        '<form class="desk" method="post" action="/audit" enctype="multipart/form-data">'
        f"{profile_field(lang, profiles, chosen, problems)}<fieldset>"
        f"{file_field('estates', Said('Estate list, one row per estate'), lang, problems, True)}"
        f"{file_field('facilities', Said('City facilities (optional)'), lang, problems)}"
        f"{file_field('network', Said('Walking network (optional)'), lang, problems)}"
        f"{file_field('communities', Said('Community polygons (optional)'), lang, problems)}"
        f"{file_field('population', Said('Official residents of the areas (optional)'), lang, problems)}"
        f"{coords_field(lang)}</fieldset>"
        f'<button type="submit">{t(Said("Audit"), lang)}</button></form>{limits_note(lang)}'
    )
    return layout(lang, "/audit", say(Said("Audit an estate list"), lang), body)


COORDS_WORDS = {
    "wgs84": Said("WGS84 (GPS, OpenStreetMap)"),
    "gcj02": Said("GCJ-02 (Gaode/AMap, Tencent)"),
    "bd09": Said("BD-09 (Baidu)"),
}


def coords_field(lang: str) -> str:
    """The datum of the list's longitudes and latitudes (the command line's --coords)."""
    options = "".join(f'<option value="{key}">{t(word, lang)}</option>' for key, word in COORDS_WORDS.items())
    label = t(Said("The list's longitudes and latitudes are in"), lang)
    return f'<label for="coords">{label}</label><select id="coords" name="coords">{options}</select>'


def downloads_bar(lang: str, base: str, names: list[str], title: str) -> str:
    links = "".join(
        f'<a href="{base}/download/{quote(n)}" download>{escape(FORMAT_LABELS.get(n, n.upper()))}</a>'
        for n in names
    )
    return (
        f'<nav class="downloads" aria-label="downloads">{t(Said("Download the report"), lang)}'
        f"{'：' if lang == 'zh' else ': '}{links}"
        f'<span class="note">{escape(title)}</span></nav>'
    )


def check_result(lang: str, entry_id: str, entry: Entry, names: list[str], report: str) -> str:
    """The review report (its own style and body) under the downloads bar."""
    style = report.split("<style>", 1)[1].split("</style>", 1)[0] if "<style>" in report else ""
    body = report.split("<body>", 1)[1].rsplit("</body>", 1)[0] if "<body>" in report else report
    bar = downloads_bar(lang, f"/results/{entry_id}", names, entry.title)
    return layout(
        lang, f"/results/{entry_id}", entry.title, bar + f'<div class="report">{body}</div>', style=style
    )


def audit_running(lang: str, entry_id: str, entry: Entry) -> str:
    """An audit under way: how far it is, reloaded every second."""
    shown = Said("{done} of {total} estates judged", done=f"{entry.done:,}", total=f"{entry.total:,}")
    body = (
        f"<h1>{t(Said('Audit under way'), lang)}: {escape(entry.title)}</h1>"
        f'<p><progress max="{max(entry.total, 1)}" value="{entry.done}"></progress> '
        f'<span class="progress">{t(shown if entry.total else Said("reading the list"), lang)}</span></p>'
        f'<p class="note">{t(Said("This page reloads itself until the audit is done."), lang)}</p>'
    )
    return layout(lang, f"/audits/{entry_id}", say(Said("Audit under way"), lang), body, refresh=1)


def audit_result(lang: str, entry_id: str, entry: Entry, names: list[str], summary: str) -> str:
    bar = downloads_bar(lang, f"/audits/{entry_id}", names, entry.title)
    head = f"<h1>{t(Said('Audit of an estate list'), lang)} — {escape(entry.title)}</h1>"
    return layout(lang, f"/audits/{entry_id}", entry.title, head + bar + summary)


def failed(lang: str, here: str, entry: Entry) -> str:
    """A run that ended in problems (an audit's, found after its upload was taken)."""
    items = "".join(problems_list(p, role) for role, p in entry.problems.items())
    body = f"<h1>{t(Said('The run stopped on these problems'), lang)}: {escape(entry.title)}</h1>{items}"
    return layout(lang, here, say(Said("The run stopped on these problems"), lang), body)


def not_found(lang: str, here: str) -> str:
    body = (
        f"<h1>{t(Said('No such result'), lang)}</h1><p>"
        + t(
            Said(
                "Results are kept for an hour, for the browser that made them only; this one is "
                "gone or was never yours. Run the check again."
            ),
            lang,
        )
        + "</p>"
    )
    return layout(lang, here, say(Said("No such result"), lang), body)


def results_list(lang: str, entries: list[tuple[str, Entry]]) -> str:
    rows = "".join(
        f'<li><a href="/{"results" if e.command == "check" else "audits"}/{escape(i)}">'
        f"{escape(e.title)}</a></li>"
        for i, e in entries
    )
    body = f"<h1>{t(Said('Your results'), lang)}</h1>" + (
        f"<ul>{rows}</ul>" if rows else f"<p>{t(Said('None yet.'), lang)}</p>"
    )
    return layout(lang, "/results", say(Said("Your results"), lang), body + limits_note(lang))


def message_page(lang: str, here: str, message: str, status_title: str) -> str:
    body = f"<h1>{t(status_title, lang)}</h1>{problems_list([say(message, lang)], '')}"
    return layout(lang, here, say(status_title, lang), body)
