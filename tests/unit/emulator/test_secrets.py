# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Secrets v4 (§4, §5): fields, normalisation, versions, failures."""
from __future__ import annotations

import pytest

BASE = {"id", "_id", "workspace", "environment", "version", "type", "secretKey", "secretValue", "secretComment",
        "secretReminderNote", "secretReminderRepeatDays", "skipMultilineEncoding", "createdAt", "updatedAt"}
ROTATION = {"isRotatedSecret", "rotationId"}


def _list(emu, client=None, **query):
    params = {"projectId": emu.project_id, "environment": "dev", "secretPath": "/"}
    params.update(query)
    return (client or emu.api).get("/api/v4/secrets", query=params)


def test_create_returns_base_fields_only(emu):
    secret = emu.create_secret("DB_PASSWORD", "hunter2", secretComment="  db password  ")
    assert set(secret) == BASE | ROTATION
    assert secret["version"] == 1
    assert secret["skipMultilineEncoding"] is False
    assert secret["secretComment"] == "db password"
    assert secret["workspace"] == emu.project_id
    assert secret["type"] == "shared"


@pytest.mark.parametrize("given, stored", [
    ("  a b \n", "a b\n"),
    ("x  ", "x"),
    ("\n\nx\n\n", "x\n"),
    ("", ""),
    ("  \n", "\n"),
    ("line1\nline2", "line1\nline2"),
])
def test_value_normalisation(emu, given, stored):
    emu.create_secret("V", given)
    assert emu.get_secret("V").json["secret"]["secretValue"] == stored
    emu.api.patch("/api/v4/secrets/V", emu.scope(secretValue="  " + given))
    assert emu.get_secret("V").json["secret"]["secretValue"] == stored


def test_list_and_get_fields(emu):
    emu.create_secret("A", "1")
    listed = _list(emu).json
    assert listed["imports"] == []
    assert set(listed["secrets"][0]) == BASE | ROTATION | {"secretPath", "secretValueHidden", "tags", "secretMetadata"}
    got = emu.get_secret("A").json["secret"]
    assert set(got) == BASE | ROTATION | {"secretPath", "secretValueHidden", "tags", "secretMetadata"}
    assert got["secretPath"] == "/"
    assert got["secretValueHidden"] is False
    by_id = emu.api.get("/api/v4/secrets/id/" + got["id"]).json["secret"]
    assert set(by_id) == BASE | ROTATION | {"secretPath", "tags", "secretMetadata"}
    old = emu.get_secret("A", version="1").json["secret"]
    assert set(old) == BASE | {"secretPath", "secretValueHidden"}


def test_update_and_delete_fields(emu):
    emu.create_secret("A", "1")
    updated = emu.api.patch("/api/v4/secrets/A", emu.scope(secretValue="2")).json["secret"]
    assert set(updated) == BASE | ROTATION | {"secretValueHidden"}
    deleted = emu.api.delete("/api/v4/secrets/A", emu.scope()).json["secret"]
    assert set(deleted) == BASE | {"secretValueHidden"}
    assert deleted["secretValue"] == "2"


def test_view_secret_value_false_masks(emu):
    emu.create_secret("A", "1")
    secret = _list(emu, viewSecretValue="false").json["secrets"][0]
    assert secret["secretValue"] == "<hidden-by-infisical>"
    assert secret["secretValueHidden"] is True
    got = emu.get_secret("A", viewSecretValue="false").json["secret"]
    assert got["secretValue"] == "<hidden-by-infisical>"


def test_versions_bump_on_every_update(emu):
    emu.create_secret("A", "1")
    for expected in (2, 3, 4):
        reply = emu.api.patch("/api/v4/secrets/A", emu.scope())
        assert reply.json["secret"]["version"] == expected
    reply = emu.api.patch("/api/v4/secrets/A", emu.scope(newSecretName="B"))
    assert reply.json["secret"]["version"] == 5
    assert reply.json["secret"]["secretKey"] == "B"
    assert emu.get_secret("A").status == 404
    assert emu.get_secret("B").json["secret"]["version"] == 5


def test_get_by_version(emu):
    emu.create_secret("A", "one")
    emu.api.patch("/api/v4/secrets/A", emu.scope(secretValue="two"))
    assert emu.get_secret("A", version="1").json["secret"]["secretValue"] == "one"
    assert emu.get_secret("A", version="2").json["secret"]["secretValue"] == "two"
    assert emu.get_secret("A").json["secret"]["secretValue"] == "two"
    assert emu.get_secret("A", version="9").status == 404


def test_update_without_value_answers_empty_value_and_keeps_it(emu):
    emu.create_secret("A", "keep")
    reply = emu.api.patch("/api/v4/secrets/A", emu.scope(secretComment="new comment"))
    assert (reply.json["secret"]["secretValue"], reply.json["secret"]["version"]) == ("", 2)
    assert emu.get_secret("A").json["secret"]["secretValue"] == "keep"


def test_comment_trimmed_on_create_not_on_update(emu):
    emu.create_secret("A", "1", secretComment="  c  ")
    assert emu.get_secret("A").json["secret"]["secretComment"] == "c"
    emu.api.patch("/api/v4/secrets/A", emu.scope(secretComment="  d  "))
    assert emu.get_secret("A").json["secret"]["secretComment"] == "  d  "


@pytest.mark.parametrize("name", ["a:b", "a%2Fb"])
def test_invalid_names_422(emu, name):
    reply = emu.api.post("/api/v4/secrets/" + name, emu.scope(secretValue="x"))
    assert reply.status == 422
    assert reply.json["message"][0]["message"] == "Secret name cannot contain colon or forward slash."
    assert reply.json["message"][0]["path"] == ["secretName"]


def test_names_validated_on_create_only(emu):
    reply = emu.get_secret("A:X")
    assert (reply.status, reply.json["message"]) == (404, "Secret with name 'A:X' not found")


def test_names_case_sensitive_and_trimmed(emu):
    emu.create_secret("key", "1")
    emu.create_secret("KEY", "2")
    assert emu.api.post("/api/v4/secrets/%20key%20", emu.scope(secretValue="x")).json["message"] == "Secret already exists"


def test_duplicate_create_400(emu):
    emu.create_secret("A")
    reply = emu.api.post("/api/v4/secrets/A", emu.scope(secretValue="x"))
    assert (reply.status, reply.json["message"], reply.json["error"]) == (400, "Secret already exists", "BadRequest")


def test_missing_folder_and_env(emu):
    reply = emu.api.post("/api/v4/secrets/A", emu.scope(path="/nope", secretValue="x"))
    assert reply.status == 404
    assert reply.json["error"] == "CreateSecret"
    assert reply.json["message"] == "Folder with path '/nope' in environment with slug 'dev' not found"
    reply = emu.api.post("/api/v4/secrets/A", emu.scope(environment="qa", secretValue="x"))
    assert reply.status == 404
    reply = _list(emu, secretPath="/nope")
    assert reply.status == 404
    assert reply.json["message"].startswith("Folder with path '/nope' in environment 'dev' was not found.")
    assert _list(emu, environment="qa").status == 404
    assert emu.get_secret("A", path="/nope").status == 404
    reply = emu.api.patch("/api/v4/secrets/A", emu.scope(path="/nope"))
    assert (reply.status, reply.json["error"]) == (404, "UpdateSecret")
    reply = emu.api.delete("/api/v4/secrets/A", emu.scope(path="/nope"))
    assert (reply.status, reply.json["error"]) == (404, "DeleteSecret")


def test_relative_path_is_not_found(emu):
    emu.folder("/app")
    assert emu.api.post("/api/v4/secrets/A", emu.scope(path="app", secretValue="x")).status == 404
    assert emu.api.post("/api/v4/secrets/A", emu.scope(path="/app/", secretValue="x")).status == 200
    assert emu.get_secret("A", path="/app").status == 200


def test_missing_project(emu):
    body = emu.scope(secretValue="x")
    body["projectId"] = "00000000-0000-4000-8000-000000000000"
    reply = emu.api.post("/api/v4/secrets/A", body)
    assert reply.status == 404
    assert reply.json["message"] == "Project with ID '00000000-0000-4000-8000-000000000000' not found"


def test_missing_secret(emu):
    reply = emu.get_secret("NOPE")
    assert (reply.status, reply.json["message"]) == (404, "Secret with name 'NOPE' not found")
    reply = emu.api.patch("/api/v4/secrets/NOPE", emu.scope(secretValue="x"))
    assert reply.status == 404
    reply = emu.api.delete("/api/v4/secrets/NOPE", emu.scope())
    assert (reply.status, reply.json["message"]) == (404, "Secret not found")
    reply = emu.api.get("/api/v4/secrets/id/00000000-0000-4000-8000-000000000000")
    assert reply.status == 404


def test_get_requires_project_and_env(emu):
    reply = emu.api.get("/api/v4/secrets/A", query={"projectId": emu.project_id})
    assert (reply.status, reply.json["message"]) == (400, "Missing environment")
    reply = emu.api.get("/api/v4/secrets", query={"projectId": emu.project_id})
    assert (reply.status, reply.json["message"]) == (400, "Missing project id or environment")


def test_read_of_unknown_project_fails_at_bot_lookup(emu):
    missing = "00000000-0000-4000-8000-000000000001"
    reply = emu.api.get("/api/v4/secrets/A", query={"projectId": missing, "environment": "dev", "secretPath": "/"})
    assert (reply.status, reply.json["message"]) == (404, "Project with ID '%s' not found during bot lookup. "
                                                          "Are you sure you are using the correct project ID?" % missing)


def test_missing_folder_errors_differ_between_list_and_get(emu):
    reply = _list(emu, secretPath="/nope")
    assert (reply.status, reply.json["error"]) == (404, "SecretPathNotFound")
    assert reply.json["message"] == ("Folder with path '/nope' in environment 'dev' was not found. "
                                     "Please ensure the environment slug and secret path is correct.")
    reply = emu.get_secret("A", environment="qa")
    assert (reply.status, reply.json["error"]) == (404, "GetSecretByName")
    assert reply.json["message"] == "Folder with path '/' in environment with slug 'qa' not found"


def test_rename_onto_taken_name(emu):
    emu.create_secret("A")
    emu.create_secret("B")
    reply = emu.api.patch("/api/v4/secrets/A", emu.scope(newSecretName="B"))
    assert (reply.status, reply.json["message"]) == (400, "Secret with the new name already exists")
    assert emu.get_secret("A").json["secret"]["version"] == 1


def test_get_by_id_survives_rename(emu):
    secret = emu.create_secret("A", "1")
    emu.api.patch("/api/v4/secrets/A", emu.scope(newSecretName="B"))
    reply = emu.api.get("/api/v4/secrets/id/" + secret["id"])
    assert reply.json["secret"]["secretKey"] == "B"


def test_single_patch_never_upserts(emu):
    assert emu.api.patch("/api/v4/secrets/NEW", emu.scope(secretValue="x")).status == 404
    assert emu.get_secret("NEW").status == 404


def test_recursive_list(emu):
    emu.folder("/app/api")
    emu.create_secret("ROOT")
    emu.create_secret("IN_APP", path="/app")
    emu.create_secret("IN_API", path="/app/api")
    flat = _list(emu).json["secrets"]
    assert [item["secretKey"] for item in flat] == ["ROOT"]
    deep = _list(emu, recursive="true").json["secrets"]
    # In key order across folders, as the recorded 2026-07 server answered.
    assert [(item["secretPath"], item["secretKey"]) for item in deep] == [
        ("/app/api", "IN_API"), ("/app", "IN_APP"), ("/", "ROOT")]


def test_tags_and_metadata_replace(emu):
    seed = {"projects": [{"name": "Tags", "slug": "tags-project", "tags": ["red", "blue"],
                          "secrets": [{"environment": "dev", "key": "T", "value": "1", "tags": ["red"]}]}]}
    info = emu.control("POST", "seed", seed).json
    client = emu.client()
    client.login(info["client_id"], info["client_secret"])
    emu.project_id = info["project_id"]
    tagged = emu.get_secret("T", client=client).json["secret"]
    red = tagged["tags"][0]
    assert red["slug"] == "red"
    body = emu.scope(secretValue="x", tagIds=[red["id"]], secretMetadata=[{"key": "owner", "value": "me"}])
    reply = client.post("/api/v4/secrets/U", body)
    assert reply.status == 200
    got = emu.get_secret("U", client=client).json["secret"]
    assert [tag["slug"] for tag in got["tags"]] == ["red"]
    assert got["secretMetadata"] == [{"key": "owner", "value": "me", "isEncrypted": False}]
    client.patch("/api/v4/secrets/U", emu.scope(tagIds=[], secretMetadata=[{"key": "team", "value": "x"}]))
    got = emu.get_secret("U", client=client).json["secret"]
    assert got["tags"] == []
    assert got["secretMetadata"] == [{"key": "team", "value": "x", "isEncrypted": False}]
    reply = client.post("/api/v4/secrets/W", emu.scope(secretValue="x", tagIds=["00000000-0000-4000-8000-000000000000"]))
    assert reply.status == 404
    assert reply.json["message"].startswith("Tag not found")
    filtered = _list(emu, client=client, tagSlugs="red,green").json["secrets"]
    assert [item["secretKey"] for item in filtered] == ["T"]


def test_expand_references(emu):
    emu.folder("/db", environment="prod")
    emu.create_secret("HOST", "db.example", environment="prod", path="/db")
    emu.create_secret("USER", "app")
    emu.create_secret("URL", "${USER}@${prod.db.HOST}")
    assert emu.get_secret("URL").json["secret"]["secretValue"] == "${USER}@${prod.db.HOST}"
    assert emu.get_secret("URL", expandSecretReferences="true").json["secret"]["secretValue"] == "app@db.example"


def test_personal_type_for_identity(emu):
    reply = emu.api.post("/api/v4/secrets/P", emu.scope(secretValue="x", type="personal"))
    assert reply.status == 400
    assert emu.get_secret("P", type="personal").status == 404
