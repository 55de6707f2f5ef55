# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""infisical_environment, infisical_folder(_info) and infisical_tag against the emulator, both API generations."""

from __future__ import annotations

import pytest

from ansible_collections.secretops.infisical.plugins.modules import (
    infisical_environment,
    infisical_folder,
    infisical_folder_info,
    infisical_tag,
)
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes_projects import (  # pylint: disable=unused-import
    RecordingSession,
    emulator_servers_fixture,
    server_fixture,
)


def four_steps(run_module, module, args):
    """check -> apply -> check -> apply: changed, changed, unchanged, unchanged; check mode writes nothing."""
    results = []
    for check_mode in (True, False, True, False):
        session = RecordingSession()
        result = run_module(module, args, session, check_mode=check_mode, diff=True)
        assert not result.get("failed"), result.get("msg")
        if check_mode:
            assert session.writes() == []
        results.append(result)
    assert [r["changed"] for r in results] == [True, True, False, False]
    return results


def test_environment_lifecycle(run_module, server):
    base = server.args(project_id=server.project_id)
    planned, created, _c, _a = four_steps(run_module, infisical_environment, dict(base, slug="qa", name="QA", position=1))
    assert planned["environment"]["slug"] == "qa" and "id" not in planned["environment"]
    assert created["environment"]["position"] == 1 and created["environment"]["id"]
    assert [e["slug"] for e in server.project()["environments"]] == ["qa", "dev", "staging", "prod"]
    # rename by id
    renamed = four_steps(run_module, infisical_environment, dict(base, environment_id=created["environment"]["id"], slug="test"))[1]
    assert renamed["operation"] == "update" and renamed["environment"]["slug"] == "test"
    # delete
    results = four_steps(run_module, infisical_environment, dict(base, slug="test", state="absent"))
    assert results[1]["operation"] == "delete" and results[1]["environment"] == {}
    assert "test" not in [e["slug"] for e in server.project()["environments"]]


def test_environment_by_project_slug_and_bad_slug(run_module, server):
    result = run_module(infisical_environment, server.args(project="demo-project", slug="Bad Slug"), RecordingSession())
    assert result["failed"] and result["option"] == "slug"


def test_folder_nested_create_describe_and_forced_delete(run_module, server):
    base = server.args(project_id=server.project_id, environment="dev")
    results = four_steps(run_module, infisical_folder, dict(base, path="/app/db/", description="Database"))
    assert results[0]["folder"]["path"] == "/app/db" and results[1]["folder"]["id"]
    assert server.folders_under("/") == ["app"] and server.folders_under("/app") == ["db"]
    if not server.legacy:
        assert results[1]["folder"]["description"] == "Database"
        four_steps(run_module, infisical_folder, dict(base, path="/app/db", description="Credentials"))
    # /app is not empty: refused (check mode too), then forced
    for check_mode in (True, False):
        refused = run_module(infisical_folder, dict(base, path="/app", state="absent"), RecordingSession(), check_mode=check_mode)
        assert refused["failed"] and "force=true" in refused["msg"]
    assert server.folders_under("/") == ["app"]
    four_steps(run_module, infisical_folder, dict(base, path="/app", state="absent", force=True))
    assert server.folders_under("/") == []


class RacingSession(RecordingSession):
    """Another host creates the folder between the module's read and its create."""

    def __init__(self, server, name, description=""):
        super().__init__()
        self.server = server
        self.body = {server.project_field: server.project_id, "environment": "dev", "name": name, "path": "/"}
        if description:
            self.body["description"] = description
        self.raced = False

    def request(self, method, url, *args, **kwargs):  # pylint: disable=arguments-differ
        if method == "POST" and url.endswith(self.server.folders) and not self.raced:
            self.raced = True
            assert self.server.api.post(self.server.folders, self.body).status == 200
        return super().request(method, url, *args, **kwargs)


@pytest.mark.parametrize("theirs, ours", [("", None), ("Theirs", "Ours")])
def test_folder_created_meanwhile_converges(run_module, server, theirs, ours):
    """The "already exists" answer to a create is a race lost, not an error: re-read and converge."""
    args = server.args(project_id=server.project_id, environment="dev", path="/raced", description=ours)
    session = RacingSession(server, "raced", theirs)
    # A race: the check-mode twin cannot foresee the other writer, so no parity comparison here.
    result = run_module(infisical_folder, args, session, parity=False)
    assert not result.get("failed"), result.get("msg")
    assert session.raced
    assert server.folders_under("/") == ["raced"]
    if server.legacy:
        # 2024 builds answer a duplicate create with the existing folder, as it is: nothing
        # tells a lost race (and real ones have no folder descriptions to converge).
        assert result["operation"] == "create"
        if ours is not None:
            return
    elif ours is None:
        assert (result["changed"], result["operation"]) == (False, "none")
    else:
        assert (result["changed"], result["operation"], result["folder"]["description"]) == (True, "update", "Ours")
    rerun = RecordingSession()
    again = run_module(infisical_folder, args, rerun)
    assert (again["changed"], rerun.writes()) == (False, [])


def test_folder_invalid_name_and_root(run_module, server):
    base = server.args(project_id=server.project_id, environment="dev")
    session = RecordingSession()
    bad = run_module(infisical_folder, dict(base, path="/app/bad name"), session)
    assert bad["failed"] and bad["option"] == "path" and session.writes() == []
    root = run_module(infisical_folder, dict(base, path="/"), RecordingSession())
    assert root["failed"] and root["option"] == "path"


def test_folder_info(run_module, server):
    base = server.args(project_id=server.project_id, environment="dev")
    run_module(infisical_folder, dict(base, path="/b/c"), RecordingSession())
    run_module(infisical_folder, dict(base, path="/a"), RecordingSession())
    top = run_module(infisical_folder_info, base, RecordingSession())
    assert [f["path"] for f in top["folders"]] == ["/a", "/b"]
    deep = run_module(infisical_folder_info, dict(base, recursive=True), RecordingSession())
    assert [f["path"] for f in deep["folders"]] == ["/a", "/b", "/b/c"]
    under = run_module(infisical_folder_info, dict(base, path="/b"), RecordingSession())
    assert [f["path"] for f in under["folders"]] == ["/b/c"]
    assert run_module(infisical_folder_info, dict(base, path="/missing"), RecordingSession())["folders"] == []


def test_tag_lifecycle(run_module, server):
    base = server.args(project_id=server.project_id, slug="database")
    results = four_steps(run_module, infisical_tag, dict(base, color="#ff0000"))
    assert results[1]["tag"]["color"] == "#ff0000" and results[1]["tag"]["id"]
    results = four_steps(run_module, infisical_tag, dict(base, color="#00ff00"))
    assert results[0]["diff"]["before"]["color"] == "#ff0000" and results[0]["diff"]["after"]["color"] == "#00ff00"
    results = four_steps(run_module, infisical_tag, dict(base, state="absent"))
    assert results[1]["operation"] == "delete"


@pytest.mark.parametrize("slug", ["Bad", "a b", "x" * 65])
def test_tag_bad_slug(run_module, server, slug):
    session = RecordingSession()
    result = run_module(infisical_tag, server.args(project_id=server.project_id, slug=slug), session)
    assert result["failed"] and result["option"] == "slug" and session.writes() == []
