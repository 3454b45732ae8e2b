"""Bring ``laoxiao_check/locale/zh.po`` up to date with the source: every help text of the
command line and every ``Said("…")`` message gets an entry (new ones with an empty ``msgstr``
for the translator), translations kept, entries no longer in the source dropped.

    .venv/bin/python scripts/update_catalogue.py          # rewrite zh.po, list what is untranslated
    .venv/bin/python scripts/update_catalogue.py --add t.yaml  # also take translations (msgid: msgstr)
    .venv/bin/python scripts/update_catalogue.py --check  # exit 1 if anything is untranslated
"""

from __future__ import annotations

import sys

from laoxiao_check.cli.help import CLICK_MESSAGES, HEADINGS, help_texts
from laoxiao_check.cli.main import cli
from laoxiao_check.model.messages import LOCALE_DIR, po_entry, read_po, said_templates

HEADER = """# Chinese messages of laoxiao-check: msgid is the English text (a template's {names} kept
# in the translation), msgstr the Chinese. Updated by scripts/update_catalogue.py.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_CN\\n"

"""

CLICK_WORDS = ("default", "required", "Show this message and exit.")
"""Words click writes itself: in an option's brackets ([default: 300.0], [required]) and --help's help."""


def wanted() -> dict[str, str]:
    """msgid → where it is used."""
    entries: dict[str, str] = {word: "click" for word in (*HEADINGS, *CLICK_WORDS, *CLICK_MESSAGES)}
    for command in cli.all_commands.values():
        for where, text in help_texts(command):
            entries.setdefault(text, f"help: {where}")
    for where, text in help_texts(cli):
        entries.setdefault(text, f"help: laoxiao-check {where}".strip())
    for template, where in said_templates().items():
        entries.setdefault(template, where)
    return entries


def main() -> int:
    path = LOCALE_DIR / "zh.po"
    known = read_po(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if "--add" in sys.argv:
        import yaml

        added = sys.argv[sys.argv.index("--add") + 1]
        with open(added, encoding="utf-8") as handle:
            known.update(yaml.load(handle, Loader=yaml.CSafeLoader) or {})
    entries = wanted()
    missing = [msgid for msgid in entries if not known.get(msgid)]
    if "--check" not in sys.argv:
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "\n".join(po_entry(msgid, known.get(msgid, ""), where) for msgid, where in entries.items())
        path.write_text(HEADER + body, encoding="utf-8")
    for msgid in missing:
        print(f"untranslated ({entries[msgid]}): {msgid[:100]!r}")
    print(f"{len(entries)} messages, {len(entries) - len(missing)} translated, {len(missing)} untranslated")
    return 1 if missing and "--check" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())
