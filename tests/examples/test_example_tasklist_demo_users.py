"""The demo tasklist users `make run` starts with: every candidate group of the examples has a
user, "demo" logs in as an admin with the password "demo", and a wrong password is refused."""

from __future__ import annotations

import re
from pathlib import Path

from tasklist import load_settings
from tasklist.auth import check_password

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "tasklist-demo.toml"


def test_demo_users_log_in_and_cover_every_candidate_group() -> None:
    settings = load_settings(DEMO)
    demo = check_password(settings, "demo", "demo")
    assert demo is not None and demo.is_admin
    assert check_password(settings, "demo", "wrong") is None
    groups = {g for user in settings.users.values() for g in user.groups}
    for model in (ROOT / "examples").rglob("*.bpmn"):
        for found in re.findall(r'candidateGroups="([^"]*)"', model.read_text()):
            for group in found.split(","):
                assert group.strip() in groups, f"{model.name}: no demo user in {group}"


def test_make_run_uses_the_demo_users_unless_told_otherwise() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert 'BATON_TASKLIST_CONFIG="$${BATON_TASKLIST_CONFIG:-examples/tasklist-demo.toml}"' in (
        makefile
    )
