"""``rules draft``: read a policy text, draft its rule profile, and prove that the draft loads.

The text is read by :mod:`laoxiao_check.io.policy_text`, its figures drafted by the pure
functions of :mod:`laoxiao_check.rules.draft`; the YAML written is loaded back as
``rules validate`` loads it, so that a draft that would not validate is never handed over."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from laoxiao_check.io.policy_text import read_policy_lines
from laoxiao_check.model.errors import InputError, UsageError
from laoxiao_check.model.messages import Said
from laoxiao_check.model.profile import Profile
from laoxiao_check.rules import profiles
from laoxiao_check.rules.draft import Draft, draft_rules
from laoxiao_check.rules.draft.writer import explained, profile_yaml

DEFAULT_ID = "draft"


@dataclass(frozen=True)
class DraftedProfile:
    draft: Draft
    yaml_text: str
    profile: Profile
    """The YAML as loaded (what ``rules validate`` and ``rules show`` see)."""
    explanation: list[str]


def profile_id_for(policy: Path, given: str | None) -> str:
    """``--id``, else the file's name made an id; never a bundled profile's."""
    if given is not None:
        if not profiles.PROFILE_ID.fullmatch(given):
            raise UsageError(
                Said("--id {id}: use lowercase letters a-z, digits, - and _ (at most 64)", id=given)
            )
        profile_id = given
    else:
        profile_id = re.sub(r"[^a-z0-9_-]+", "-", policy.stem.lower()).strip("-")[:64] or DEFAULT_ID
    if profiles.ALIASES.get(profile_id, profile_id) in profiles.bundled_ids():
        raise UsageError(
            Said(
                "{id} is the id of a bundled profile: give the draft another id with --id (e.g. {id}-draft)",
                id=profile_id,
            )
        )
    return profile_id


def draft_profile(
    policy: str | Path,
    *,
    profile_id: str | None = None,
    name: str | None = None,
    extends: str = "baseline",
) -> DraftedProfile:
    """The draft profile of the policy text at ``policy``; InputError when it states no figure."""
    path = Path(policy)
    lines = read_policy_lines(path)
    draft = draft_rules(lines)
    if not draft.rules and not draft.unsure:
        raise InputError(
            Said(
                "no checkable figure found (no per-household area, places per 1,000 residents, "
                "service radius, coverage share or target year): is this the policy text?"
            ),
            str(path),
        )
    chosen_id = profile_id_for(path, profile_id)
    if extends and profiles.ALIASES.get(extends, extends) not in profiles.bundled_ids():
        raise UsageError(
            Said(
                "--extends {name}: expected a bundled profile ({ids}) or none",
                name=extends,
                ids=", ".join(profiles.bundled_ids()),
            )
        )
    zh_name = name or draft.place_name or chosen_id
    en_name = name if name and name.isascii() else chosen_id
    yaml_text = profile_yaml(
        draft,
        profile_id=chosen_id,
        name={"zh": zh_name, "en": en_name},
        extends=extends,
        source=path.name,
    )
    return DraftedProfile(draft, yaml_text, _loaded(yaml_text, chosen_id), explained(draft))


def _loaded(yaml_text: str, profile_id: str) -> Profile:
    """The draft loaded as a profile file (a ProfileError here is a bug of the drafting)."""
    with tempfile.TemporaryDirectory(prefix="laoxiao-draft-") as folder:
        path = Path(folder) / f"{profile_id}.yaml"
        path.write_text(yaml_text, encoding="utf-8")
        return profiles.load_profile(str(path))
