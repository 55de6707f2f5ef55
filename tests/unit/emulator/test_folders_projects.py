# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Folders v2 (§6) and project reads (§7)."""
from __future__ import annotations

FOLDER_FIELDS = {"id", "name", "envId", "parentId", "version", "isReserved", "description", "lastSecretModified", "createdAt", "updatedAt"}


def _folders(emu, path="/", **query):
    params = {"projectId": emu.project_id, "environment": "dev", "path": path}
    params.update(query)
    return emu.api.get("/api/v2/folders", query=params)


def test_create_folder_auto_creates_parents(emu):
    folder = emu.folder("/app/api")
    assert set(folder) == FOLDER_FIELDS | {"path"}
    assert folder["path"] == "/app/api"
    assert [item["name"] for item in _folders(emu).json["folders"]] == ["app"]
    assert [item["name"] for item in _folders(emu, "/app").json["folders"]] == ["api"]
    deep = _folders(emu, recursive="true").json["folders"]
    assert [(item["name"], item["relativePath"]) for item in deep] == [("app", "/app"), ("api", "/app/api")]


def test_recursive_takes_lenient_booleans(emu):
    # The 2026-07 build accepts these (the official Python SDK sends True); anything else is still refused.
    emu.folder("/app/api")
    for value in ("True", "1", "TRUE"):
        assert len(_folders(emu, recursive=value).json["folders"]) == 2
    for value in ("False", "0"):
        assert len(_folders(emu, recursive=value).json["folders"]) == 1
    assert _folders(emu, recursive="yes").status == 422


def test_environment_soft_and_hard_delete(emu):
    base = "/api/v1/projects/%s/environments" % emu.project_id
    for slug in ("soft", "hard"):
        emu.api.post(base, {"name": slug, "slug": slug})
    envs = {env["slug"]: env["id"] for env in emu.api.get("/api/v1/projects/" + emu.project_id).json["project"]["environments"]}
    soft = emu.api.delete(base + "/" + envs["soft"], body={}).json["environment"]
    assert soft["softDeletedAt"] and soft["deleteAfter"] > soft["softDeletedAt"] and soft["deletedByIdentityId"]
    hard = emu.api.request("DELETE", base + "/" + envs["hard"] + "?hardDelete=true", body={}).json["environment"]
    assert hard["softDeletedAt"] is None and hard["deleteAfter"] is None
    project = emu.api.get("/api/v1/projects/" + emu.project_id).json["project"]
    assert [env["slug"] for env in project["environments"]] == ["dev", "staging", "prod"]
    assert [(env["slug"], env["deletedBy"]["type"]) for env in project["deletedEnvironments"]] == [("soft", "identity")]
    assert emu.api.get("/api/v1/projects").json["projects"][0]["deletedEnvironments"] == []


def test_folder_path_gets_leading_slash(emu):
    reply = emu.api.post("/api/v2/folders", {"projectId": emu.project_id, "environment": "dev", "name": "x", "path": "app"})
    assert reply.status == 200
    assert reply.json["folder"]["path"] == "/app/x"


def test_duplicate_folder_400(emu):
    emu.folder("/app")
    reply = emu.api.post("/api/v2/folders", {"projectId": emu.project_id, "environment": "dev", "name": "app", "path": "/"})
    assert reply.status == 400
    assert reply.json["message"] == "Folder with name 'app' already exists in path '/'"


def test_folder_name_regex(emu):
    reply = emu.api.post("/api/v2/folders", {"projectId": emu.project_id, "environment": "dev", "name": "a b"})
    assert reply.status == 422
    assert reply.json["message"][0]["message"] == "Invalid folder name. Only alphanumeric characters, dashes, and underscores are allowed."


def test_folder_unknown_env_and_missing_path(emu):
    reply = emu.api.post("/api/v2/folders", {"projectId": emu.project_id, "environment": "qa", "name": "a"})
    assert reply.status == 404
    assert _folders(emu, environment="qa").status == 404
    reply = _folders(emu, "/does/not/exist")
    assert (reply.status, reply.json) == (200, {"folders": []})


def test_get_folder_by_id(emu):
    folder = emu.folder("/app")
    reply = emu.api.get("/api/v2/folders/" + folder["id"])
    assert reply.status == 200
    got = reply.json["folder"]
    assert got["path"] == "/app"
    assert got["projectId"] == emu.project_id
    assert got["environment"]["envSlug"] == "dev"
    assert emu.api.get("/api/v2/folders/00000000-0000-4000-8000-000000000000").status == 404


def test_rename_folder_moves_secrets(emu):
    folder = emu.folder("/app")
    emu.folder("/other")
    emu.create_secret("A", path="/app")
    body = {"projectId": emu.project_id, "environment": "dev", "name": "other", "path": "/"}
    reply = emu.api.patch("/api/v2/folders/" + folder["id"], body)
    assert (reply.status, reply.json["message"]) == (400, "Folder with specified name already exists")
    body["name"] = "renamed"
    reply = emu.api.patch("/api/v2/folders/" + folder["id"], body)
    assert reply.status == 200
    assert reply.json["folder"]["path"] == "/renamed"
    assert reply.json["folder"]["version"] == 2
    assert emu.get_secret("A", path="/renamed").status == 200
    body["path"] = "/other"
    assert emu.api.patch("/api/v2/folders/" + folder["id"], body).status == 404


def test_delete_folder_force(emu):
    emu.folder("/app")
    emu.create_secret("A", path="/app")
    body = {"projectId": emu.project_id, "environment": "dev", "path": "/"}
    reply = emu.api.delete("/api/v2/folders/app", body)
    assert reply.status == 400
    assert reply.json["message"] == ('Cannot delete folder "app" because it contains resources. '
                                     'Use forceDelete=true to delete it forcefully.')
    reply = emu.api.delete("/api/v2/folders/app", dict(body, forceDelete=True))
    assert reply.status == 200
    assert reply.json["folder"]["name"] == "app"
    assert emu.get_secret("A", path="/app").status == 404
    assert emu.api.delete("/api/v2/folders/app", body).status == 404


def test_delete_empty_folder_by_id(emu):
    folder = emu.folder("/empty")
    reply = emu.api.delete("/api/v2/folders/" + folder["id"], {"projectId": emu.project_id, "environment": "dev", "path": "/"})
    assert reply.status == 200


def test_list_projects(emu):
    reply = emu.api.get("/api/v1/projects")
    assert reply.status == 200
    projects = reply.json["projects"]
    assert [project["slug"] for project in projects] == ["demo-project"]
    assert [env["slug"] for env in projects[0]["environments"]] == ["dev", "staging", "prod"]


def test_get_project_by_id_and_slug(emu):
    reply = emu.api.get("/api/v1/projects/" + emu.project_id)
    assert reply.status == 200
    project = reply.json["project"]
    assert project["id"] == project["_id"] == emu.project_id
    assert project["orgId"] == emu.info["organization_id"]
    assert project["environments"][0] == {"id": project["environments"][0]["id"], "name": "Development", "slug": "dev"}
    reply = emu.api.get("/api/v1/projects/slug/demo-project")
    assert reply.status == 200
    assert reply.json["id"] == emu.project_id
    assert "project" not in reply.json


def test_missing_projects(emu):
    reply = emu.api.get("/api/v1/projects/00000000-0000-4000-8000-000000000000")
    assert (reply.status, reply.json["message"]) == (404, "Project with ID '00000000-0000-4000-8000-000000000000' not found")
    reply = emu.api.get("/api/v1/projects/slug/nope")
    assert (reply.status, reply.json["message"]) == (404, "Project with slug 'nope' not found")


def test_deprecated_workspace_routes_on_current(emu):
    reply = emu.api.get("/api/v2/workspace/demo-project")
    assert (reply.status, reply.json["id"]) == (200, emu.project_id)
    reply = emu.api.get("/api/v1/workspace/" + emu.project_id)
    assert (reply.status, reply.json["workspace"]["slug"]) == (200, "demo-project")
