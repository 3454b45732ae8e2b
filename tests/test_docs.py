"""Everything a user can set or read is documented in README.md."""

from __future__ import annotations

import json
import re
from importlib import resources

import click
import pytest
from conftest import ROOT

from laoxiao_check.cli.main import LazyGroup, cli
from laoxiao_check.rules import RULE_KINDS
from laoxiao_check.rules.profiles import bundled_ids

README = (ROOT / "README.md").read_text("utf-8")


def rule_kind_table() -> dict[str, set[str]]:
    """README's rule-kind table: kind → the parameters its row names."""
    section = README.split("### Rule kinds", 1)[1].split("\n## ", 1)[0]
    table: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`"):
            table[cells[0].strip("`")] = set(re.findall(r"`([a-z0-9_]+)`", cells[1]))
    return table


def test_rule_kind_table_matches_the_classes() -> None:
    """One row per registered kind, each naming exactly the kind's parameters."""
    table = rule_kind_table()
    assert set(table) == set(RULE_KINDS)
    for name, kind in RULE_KINDS.items():
        assert table[name] == {*kind.params, *kind.optional_params}, name
        assert kind.__doc__ and kind.__doc__.strip(), f"{name} has no docstring"


def commands(group: click.Group, prefix: str = ""):
    listed = group.all_commands if isinstance(group, LazyGroup) else group.commands
    for name, command in listed.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix}{name} ")


@pytest.mark.parametrize(("name", "command"), list(commands(cli)), ids=[n for n, _ in commands(cli)])
def test_command_and_options_documented(name: str, command: click.Command) -> None:
    assert f"laoxiao-check {name}" in README
    for parameter in command.params:
        for option in getattr(parameter, "opts", []):
            if option.startswith("--"):
                assert option in README, f"{name} {option}"


def test_json_result_fields_documented() -> None:
    schema = json.loads(
        resources.files("laoxiao_check").joinpath("schemas/check-result.schema.json").read_text("utf-8")
    )
    for field in schema["$defs"]["result"]["properties"]:
        assert f"`{field}`" in README, field
    for field in schema["$defs"]["coverage"]["properties"]:
        assert f"`{field}`" in README or field in README, field


def test_bundled_profiles_documented() -> None:
    for profile in bundled_ids():
        assert f"`{profile}`" in README


def test_readme_profile_examples_validate(tmp_path) -> None:
    from laoxiao_check.rules.profiles import load_profile

    blocks = README.split("```yaml\n")[1:]
    assert len(blocks) >= 2
    for index, block in enumerate(blocks):
        text = block.split("```", 1)[0]
        if "name:" not in text.split("rules:")[0]:
            text = "name: {zh: 示例, en: Example}\nextends: national\n" + text
        path = tmp_path / f"example{index}.yaml"
        path.write_text(text, encoding="utf-8")
        assert load_profile(str(path)).rules


def test_readme_field_table_is_the_generated_one() -> None:
    from laoxiao_check.report.views.requirement import markdown
    from laoxiao_check.services.requirement import field_rows

    block = README.split("<!-- fields:start -->\n", 1)[1].split("<!-- fields:end -->", 1)[0]
    assert block == markdown(field_rows()), "regenerate: laoxiao-check fields --format markdown"


def test_every_field_a_rule_kind_reads_is_an_input_field() -> None:
    from laoxiao_check.rules import RULE_KINDS
    from laoxiao_check.services.requirement import field_rows

    names = {row.name for row in field_rows()}
    for kind, rule_kind in RULE_KINDS.items():
        assert set(rule_kind.reads) <= names, (kind, set(rule_kind.reads) - names)
