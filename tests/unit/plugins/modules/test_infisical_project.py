# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""infisical_project and infisical_project_info against the emulator, both API generations."""

from __future__ import annotations

import json

import pytest

from ansible_collections.secretops.infisical.plugins.modules import infisical_project, infisical_project_info
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes_projects import (  # pylint: disable=unused-import
    RecordingSession,
    emulator_servers_fixture,
    server_fixture,
)

DEFAULTS = [{"name": "Development", "slug": "dev", "position": 1}, {"name": "Staging", "slug": "staging", "position": 2},
            {"name": "Production", "slug": "prod", "position": 3}]


def envs(project):
    return [{k: e[k] for k in ("name", "slug", "position")} for e in project["environments"]]


@pytest.mark.parametrize("check_mode", [True, False])
def test_create_predicts_default_environments(run_module, server, check_mode):
    session = RecordingSession()
    result = run_module(infisical_project, server.args(slug="new-project", name="New"), session, check_mode=check_mode, diff=True)
    assert result["changed"] is True and result["operation"] == "create"
    assert envs(result["project"]) == DEFAULTS
    assert result["diff"]["before"] == {}
    if check_mode:
        assert session.writes() == []
        assert "id" not in result["project"]
    else:
        assert result["project"]["id"]
        assert session.writes() == [("POST", "/api/v2/workspace" if server.legacy else "/api/v1/projects")]
        again = run_module(infisical_project, server.args(slug="new-project", name="New"), RecordingSession())
        assert again["changed"] is False


@pytest.mark.parametrize("check_mode", [True, False])
def test_create_with_purged_environments(run_module, server, check_mode):
    session = RecordingSession()
    wanted = [{"slug": "prod", "name": "Production", "position": 2}, {"slug": "qa", "position": 1}]
    args = server.args(slug="lean-project", environments=wanted, purge_environments=True)
    result = run_module(infisical_project, args, session, check_mode=check_mode)
    assert result["changed"] is True
    assert envs(result["project"]) == [{"name": "qa", "slug": "qa", "position": 1}, {"name": "Production", "slug": "prod", "position": 2}]
    if check_mode:
        assert session.writes() == []
    else:
        stored = server.project(result["project"]["id"])
        assert [e["slug"] for e in stored["environments"]] == ["qa", "prod"]
        assert run_module(infisical_project, args, RecordingSession())["changed"] is False


@pytest.mark.parametrize("purge", [False, True])
def test_environments_reconcile(run_module, server, purge):
    args = server.args(slug="demo-project", environments=[{"slug": "qa", "name": "QA", "position": 2}, {"slug": "dev", "name": "Dev"}],
                       purge_environments=purge)
    planned = run_module(infisical_project, args, RecordingSession(), check_mode=True)
    applied = run_module(infisical_project, args, RecordingSession())
    assert planned["changed"] is applied["changed"] is True
    assert envs(planned["project"]) == envs(applied["project"])
    expected = ["dev", "qa"] + ([] if purge else ["staging", "prod"])
    assert [e["slug"] for e in applied["project"]["environments"]] == expected
    assert applied["project"]["environments"][0]["name"] == "Dev"
    session = RecordingSession()
    assert run_module(infisical_project, args, session)["changed"] is False
    assert session.writes() == []


def test_settings_update_and_check_mode(run_module, server):
    if server.legacy:
        # 2024 builds refuse a description: it is skipped with a warning, never sent.
        session = RecordingSession()
        result = run_module(infisical_project, server.args(slug="demo-project", description="x"), session)
        assert not result.get("failed") and result["changed"] is False and session.writes() == []
        assert "description is ignored" in json.dumps(result.get("warnings"))
        refused = run_module(infisical_project, server.args(slug="demo-project", pit_version_limit=20), RecordingSession())
        assert refused["failed"] and refused["option"] == "pit_version_limit"
        assert "older Infisical server" in refused["msg"]
        return
    args = server.args(slug="demo-project", description="The demo", pit_version_limit=20, has_delete_protection=True)
    session = RecordingSession()
    planned = run_module(infisical_project, args, session, check_mode=True, diff=True)
    assert planned["changed"] and session.writes() == []
    assert planned["diff"]["after"]["description"] == "The demo"
    applied = run_module(infisical_project, args, RecordingSession())
    assert applied["project"]["pit_version_limit"] == 20 and applied["project"]["has_delete_protection"] is True
    assert run_module(infisical_project, args, RecordingSession())["changed"] is False
    # Delete protection: a clear one-line error, in check mode too.
    for check_mode in (True, False):
        failed = run_module(infisical_project, server.args(slug="demo-project", state="absent"), RecordingSession(), check_mode=check_mode)
        assert failed["failed"] and "delete protection is enabled" in failed["msg"] and "\n" not in failed["msg"]
    deleted = run_module(infisical_project, server.args(slug="demo-project", state="absent", has_delete_protection=False), RecordingSession())
    assert deleted["changed"] and deleted["operation"] == "delete"
    assert server.project() is None


@pytest.mark.parametrize("slug", ["abc", "Has-Caps", "under_score", "x" * 37])
def test_invalid_slug_on_create(run_module, server, slug):
    session = RecordingSession()
    result = run_module(infisical_project, server.args(slug=slug), session, check_mode=True)
    assert result["failed"] and result["option"] == "slug"
    assert session.writes() == []


def test_delete_and_absent(run_module, server):
    server.create_project("gone-soon")
    args = server.args(slug="gone-soon", state="absent")
    session = RecordingSession()
    assert run_module(infisical_project, args, session, check_mode=True)["operation"] == "delete"
    assert session.writes() == []
    assert run_module(infisical_project, args, RecordingSession())["changed"] is True
    assert run_module(infisical_project, args, RecordingSession())["changed"] is False


def test_info(run_module, server):
    one = run_module(infisical_project_info, server.args(slug="demo-project"), RecordingSession())
    assert [p["id"] for p in one["projects"]] == [server.project_id]
    assert run_module(infisical_project_info, server.args(slug="no-such-project"), RecordingSession())["projects"] == []
    by_id = run_module(infisical_project_info, server.args(project_id=server.project_id), RecordingSession())
    assert by_id["projects"] == one["projects"]
    everything = run_module(infisical_project_info, server.args(), RecordingSession())
    if server.legacy and everything.get("failed"):
        # An emulator without the organisation route must be named as such, never a 403.
        assert "has no route GET /api/v2/organizations/" in everything["msg"]
    else:
        server.create_project("another-one")
        everything = run_module(infisical_project_info, server.args(), RecordingSession())
        assert [p["slug"] for p in everything["projects"]] == ["another-one", "demo-project"]
