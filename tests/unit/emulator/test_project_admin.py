# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Project create/update/delete, environments and tags (§7, §8)."""
from __future__ import annotations


def _create(emu, client=None, **body):
    payload = {"projectName": "New Project", "slug": "new-project"}
    payload.update(body)
    return (client or emu.api).post("/api/v1/projects", payload)


def test_create_project_defaults(emu):
    reply = _create(emu)
    assert reply.status == 200
    project = reply.json["project"]
    assert project["slug"] == "new-project"
    assert [env["slug"] for env in project["environments"]] == ["dev", "staging", "prod"]
    assert project["type"] == "secret-manager"
    slugs = [item["slug"] for item in emu.api.get("/api/v1/projects").json["projects"]]
    assert slugs == ["demo-project", "new-project"]
    # The creator is an admin member: it can write secrets at once.
    body = {"projectId": project["id"], "environment": "dev", "secretValue": "x"}
    assert emu.api.post("/api/v4/secrets/A", body).status == 200


def test_create_project_failures(emu):
    assert _create(emu).status == 200
    reply = _create(emu)
    assert reply.status == 400
    assert reply.json["message"].startswith('A project with the slug "new-project" already exists')
    assert _create(emu, slug="abc").status == 422
    assert _create(emu, slug="Has_Under").status == 422
    reply = emu.api.post("/api/v1/projects", {"slug": "valid-slug"})
    assert reply.status == 422
    no_access = emu.identity(None, org_role="no-access")
    reply = _create(emu, client=no_access, slug="other-slug")
    assert (reply.status, reply.json["message"]) == (403, "You don't have permission to create a project")


def test_create_project_without_slug_and_envs(emu):
    reply = emu.api.post("/api/v1/projects", {"projectName": "My App", "shouldCreateDefaultEnvs": False})
    project = reply.json["project"]
    assert project["slug"].startswith("my-app-") and len(project["slug"]) == len("my-app-") + 4
    assert project["environments"] == []


def test_update_and_delete_project(emu):
    project = _create(emu).json["project"]
    url = "/api/v1/projects/" + project["id"]
    reply = emu.api.patch(url, {"name": "Renamed", "description": "d", "hasDeleteProtection": True})
    assert reply.status == 200
    assert reply.json["project"]["name"] == "Renamed"
    assert "environments" not in reply.json["project"]
    assert emu.api.patch(url, {"slug": "demo-project"}).status == 400
    member = emu.identity(["member"], project_id=project["id"])
    reply = member.patch(url, {"name": "x"})
    assert (reply.status, reply.json["error"]) == (403, "PermissionDenied")
    reply = emu.api.delete(url)
    assert (reply.status, reply.json["message"]) == (403, "Project delete protection is enabled")
    emu.api.patch(url, {"hasDeleteProtection": False})
    reply = emu.api.delete(url)
    assert reply.status == 200
    assert reply.json["project"]["id"] == project["id"]
    assert emu.api.get(url).status == 404


def test_environments(emu):
    base = "/api/v1/projects/%s/environments" % emu.project_id
    reply = emu.api.post(base, {"name": "QA", "slug": "qa", "position": 2})
    assert reply.status == 200
    assert reply.json["message"] == "Successfully created new environment"
    qa = reply.json["environment"]
    order = [(env["slug"]) for env in emu.api.get("/api/v1/projects/" + emu.project_id).json["project"]["environments"]]
    assert order == ["dev", "qa", "staging", "prod"]
    assert emu.api.post(base, {"name": "QA", "slug": "qa"}).json["message"] == "Environment with slug already exists"
    assert emu.api.get(base + "/" + qa["id"]).json["environment"]["position"] == 2
    assert emu.api.get(base + "/slug/qa").json["environment"]["id"] == qa["id"]
    reply = emu.api.patch(base + "/" + qa["id"], {"slug": "test", "position": 4})
    assert reply.json["environment"]["slug"] == "test"
    envs = emu.api.get("/api/v1/projects/" + emu.project_id).json["project"]["environments"]
    assert [env["slug"] for env in envs] == ["dev", "staging", "prod", "test"]
    emu.create_secret("IN_TEST", environment="test")
    assert emu.get_secret("IN_TEST", environment="test").json["secret"]["environment"] == "test"
    reply = emu.api.delete(base + "/" + qa["id"])
    assert reply.json["message"] == "Successfully deleted environment"
    assert emu.api.get(base + "/" + qa["id"]).status == 404
    assert emu.get_secret("IN_TEST", environment="test").status == 404


def test_tags(emu):
    base = "/api/v1/projects/%s/tags" % emu.project_id
    reply = emu.api.post(base, {"slug": "red", "color": "#f00"})
    assert reply.status == 200
    tag = reply.json["tag"]
    assert emu.api.post(base, {"slug": "red"}).status == 400
    assert [item["slug"] for item in emu.api.get(base).json["tags"]] == ["red"]
    assert emu.api.get(base + "/slug/red").json["tag"]["id"] == tag["id"]
    emu.create_secret("T", tagIds=[tag["id"]])
    assert emu.api.patch(base + "/" + tag["id"], {"slug": "crimson"}).json["tag"]["slug"] == "crimson"
    assert emu.get_secret("T").json["secret"]["tags"][0]["slug"] == "crimson"
    assert emu.api.delete(base + "/" + tag["id"]).status == 200
    assert emu.get_secret("T").json["secret"]["tags"] == []
    assert emu.api.get(base + "/" + tag["id"]).status == 404


def test_legacy_project_writes(legacy):
    reply = legacy.api.post("/api/v2/workspace", {"projectName": "Old", "slug": "old-project"})
    assert reply.status == 200
    project = reply.json["project"]
    assert legacy.api.post("/api/v2/workspace", {"projectName": "Old", "slug": "old-project"}).status == 500
    reply = legacy.api.patch("/api/v2/workspace/old-project", {"name": "Older"})
    assert (reply.status, reply.json["name"]) == (200, "Older")
    reply = legacy.api.post("/api/v1/workspace/%s/environments" % project["id"], {"name": "QA", "slug": "qa"})
    assert reply.status == 200
    reply = legacy.api.post("/api/v1/workspace/%s/tags" % project["id"], {"slug": "blue"})
    assert reply.json["workspaceTag"]["slug"] == "blue"
    reply = legacy.api.delete("/api/v1/workspace/" + project["id"])
    assert (reply.status, reply.json["workspace"]["slug"]) == (200, "old-project")
