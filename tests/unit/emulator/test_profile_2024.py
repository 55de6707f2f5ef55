# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Profile ``2024`` (§14): the older route set and its quirks."""
from __future__ import annotations

import pytest

RAW = "/api/v3/secrets/raw"
BATCH = "/api/v3/secrets/batch/raw"


def _get(legacy, name, **query):
    params = {"workspaceId": legacy.project_id, "environment": "dev", "secretPath": "/"}
    params.update(query)
    return legacy.api.get(RAW + "/" + name, query=params)


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/v4/secrets"),
    ("POST", "/api/v4/secrets/A"),
    ("GET", "/api/v1/projects"),
    ("GET", "/api/v2/folders"),
    ("GET", "/api/v1/workspace/p/environments/slug/dev"),
    ("GET", "/api/v1/workspace/p/environments/e"),
])
def test_newer_routes_missing(legacy, method, path):
    reply = legacy.api.request(method, path, body={})
    assert reply.status == 404
    assert reply.json["message"] == "Route %s:%s not found" % (method, path)
    assert "reqId" not in reply.json


def test_identity_details_is_500(legacy):
    reply = legacy.api.get("/api/v1/identities/details")
    assert reply.status == 500
    assert reply.json["message"] == "Something went wrong"


def test_errors_have_no_req_id_and_validation_is_401(legacy):
    reply = legacy.api.post(RAW + "/A", {"environment": "dev", "secretValue": "x"})
    assert reply.status == 401
    assert reply.json["error"] == "ValidationFailure"
    assert isinstance(reply.json["message"], list)
    assert "reqId" not in reply.json


def test_v3_crud(legacy):
    created = legacy.create_secret("A", " 1 ")
    assert created["version"] == 1
    assert "secretValueHidden" not in created
    got = _get(legacy, "A").json["secret"]
    assert got["secretValue"] == "1"
    assert "secretMetadata" not in got and "secretValueHidden" not in got
    reply = legacy.api.post(RAW + "/A", legacy.scope(secretValue="x"))
    assert (reply.status, reply.json["message"]) == (400, "Secret already exist")
    reply = legacy.api.patch(RAW + "/A", legacy.scope(secretComment="only comment"))
    assert (reply.status, reply.json["error"]) == (401, "ValidationFailure")
    reply = legacy.api.patch(RAW + "/A", legacy.scope(secretValue="2", secretComment="c"))
    assert reply.status == 200
    assert reply.json["secret"]["version"] == 2
    reply = legacy.api.patch(RAW + "/MISSING", legacy.scope(secretValue="2"))
    assert reply.status == 404
    reply = legacy.api.delete(RAW + "/A", legacy.scope())
    assert reply.status == 200
    reply = legacy.api.delete(RAW + "/A", legacy.scope())
    assert (reply.status, reply.json["message"]) == (404, "Secret with name 'A' not found")


def test_no_name_validation(legacy):
    legacy.create_secret("a:b")
    assert _get(legacy, "a:b").status == 200


def test_unknown_env_lists_empty(legacy):
    reply = legacy.api.get(RAW, query={"workspaceId": legacy.project_id, "environment": "qa", "secretPath": "/"})
    assert (reply.status, reply.json["secrets"]) == (200, [])
    reply = legacy.api.get(RAW, query={"workspaceId": legacy.project_id, "environment": "dev", "secretPath": "/nope"})
    assert (reply.status, reply.json["secrets"]) == (200, [])


def test_version_query_ignored(legacy):
    legacy.create_secret("A", "one")
    legacy.api.patch(RAW + "/A", legacy.scope(secretValue="two"))
    assert _get(legacy, "A", version="1").json["secret"]["secretValue"] == "two"


def test_batches(legacy):
    reply = legacy.api.post(BATCH, legacy.scope(secrets=[{"secretKey": "A", "secretValue": "1"}, {"secretKey": "B", "secretValue": "2"}]))
    assert reply.status == 200
    reply = legacy.api.post(BATCH, legacy.scope(secrets=[{"secretKey": "B", "secretValue": "1"}, {"secretKey": "C", "secretValue": "2"},
                                                         {"secretKey": "A", "secretValue": "2"}]))
    assert (reply.status, reply.json["message"]) == (400, "Secret already exist: B,A")
    reply = legacy.api.patch(BATCH, legacy.scope(mode="upsert", secrets=[{"secretKey": "A", "secretValue": "3"},
                                                                         {"secretKey": "X", "secretValue": "3"}]))
    assert reply.status == 404
    assert _get(legacy, "A").json["secret"]["version"] == 1
    assert _get(legacy, "X").status == 404
    reply = legacy.api.delete(BATCH, legacy.scope(secrets=[{"secretKey": "A"}, {"secretKey": "A"}]))
    assert reply.status == 404
    reply = legacy.api.delete(BATCH, legacy.scope(secrets=[{"secretKey": "A"}, {"secretKey": "B"}]))
    assert reply.status == 200


def test_v1_folders(legacy):
    body = {"workspaceId": legacy.project_id, "environment": "dev", "name": "app", "directory": "/"}
    first = legacy.api.post("/api/v1/folders", body)
    assert first.status == 200
    again = legacy.api.post("/api/v1/folders", body)
    assert (again.status, again.json["folder"]["id"]) == (200, first.json["folder"]["id"])
    reply = legacy.api.post("/api/v1/folders", dict(body, name="a b"))
    assert (reply.status, reply.json["message"]) == (500, "Something went wrong")
    listed = legacy.api.get("/api/v1/folders", query={"workspaceId": legacy.project_id, "environment": "dev", "path": "/"})
    assert [item["name"] for item in listed.json["folders"]] == ["app"]
    legacy.create_secret("IN_APP", path="/app")
    reply = legacy.api.delete("/api/v1/folders/app", {"workspaceId": legacy.project_id, "environment": "dev", "path": "/"})
    assert reply.status == 200
    assert _get(legacy, "IN_APP", secretPath="/app").status == 404


def test_workspace_routes(legacy):
    reply = legacy.api.get("/api/v2/workspace/demo-project")
    assert (reply.status, reply.json["id"]) == (200, legacy.project_id)
    reply = legacy.api.get("/api/v1/workspace/" + legacy.project_id)
    assert reply.json["workspace"]["slug"] == "demo-project"
    assert legacy.api.get("/api/v2/workspace/unknown-slug").status == 500
    assert legacy.api.get("/api/v1/workspace/00000000-0000-4000-8000-000000000000").status == 500
    reply = legacy.api.get("/api/v1/workspace")
    assert (reply.status, reply.json["error"]) == (403, "Forbidden access to /api/v1/workspace")


def test_login_unknown_client_id_404(legacy):
    reply = legacy.client().post("/api/v1/auth/universal-auth/login",
                                 {"clientId": "00000000-0000-4000-8000-000000000000", "clientSecret": "0" * 64})
    assert (reply.status, reply.json["message"]) == (404, "No identity with specified client ID was found")


def test_ttl_checked_in_database(legacy):
    legacy.control("POST", "clock", {"frozen": True})
    client = legacy.identity(["admin"], access_token_ttl=60, access_token_max_ttl=100)
    legacy.control("POST", "clock", {"advance": 59})
    assert client.get(RAW, query={"workspaceId": legacy.project_id, "environment": "dev"}).status == 200
    legacy.control("POST", "clock", {"advance": 1.5})
    reply = client.get(RAW, query={"workspaceId": legacy.project_id, "environment": "dev"})
    assert (reply.status, reply.json["message"]) == (401, "Failed to renew MI access token due to TTL expiration")


def test_renew_returns_same_token_and_fails_at_default_ttl(legacy):
    client = legacy.identity(["admin"], access_token_ttl=10, access_token_max_ttl=100)
    reply = legacy.client().post("/api/v1/auth/token/renew", {"accessToken": client.token})
    assert (reply.status, reply.json["accessToken"]) == (200, client.token)
    reply = legacy.client().post("/api/v1/auth/token/renew", {"accessToken": legacy.api.token})
    assert (reply.status, reply.json["message"]) == (401, "Failed to renew MI access token past its Max TTL expiration")
    reply = legacy.api.get(RAW, query={"workspaceId": legacy.project_id, "environment": "dev"})
    assert (reply.status, reply.json["message"]) == (401, "No identity access token found")


def test_fields_per_route(legacy):
    """2024 builds answer a null ``metadata`` everywhere, ``tags`` on reads, ``secretPath`` on lists only."""
    base = {"id", "_id", "workspace", "environment", "version", "type", "secretKey", "secretValue", "secretComment",
            "secretReminderNote", "secretReminderRepeatDays", "skipMultilineEncoding", "createdAt", "updatedAt", "metadata"}
    created = legacy.create_secret("A", "1")
    assert set(created) == base
    assert (created["metadata"], created["skipMultilineEncoding"]) == (None, False)
    assert set(_get(legacy, "A").json["secret"]) == base | {"tags"}
    listed = legacy.api.get(RAW, query={"workspaceId": legacy.project_id, "environment": "dev", "secretPath": "/"}).json
    assert set(listed) == {"secrets"}
    assert set(listed["secrets"][0]) == base | {"tags", "secretPath"}
    listed = legacy.api.get(RAW, query={"workspaceId": legacy.project_id, "environment": "dev", "secretPath": "/",
                                        "include_imports": "true"}).json
    assert listed["imports"] == []
    assert set(legacy.api.patch(RAW + "/A", legacy.scope(secretValue="2")).json["secret"]) == base
    assert set(legacy.api.delete(RAW + "/A", legacy.scope()).json["secret"]) == base


def test_delete_missing_and_batch_messages(legacy):
    reply = legacy.api.delete(RAW + "/A", legacy.scope())
    assert (reply.status, reply.json["error"], reply.json["message"]) == (404, "DeleteSecret", "Secret with name 'A' not found")
    legacy.create_secret("A")
    legacy.create_secret("B")
    reply = legacy.api.delete(BATCH, legacy.scope(secrets=[{"secretKey": "A"}, {"secretKey": "B"}, {"secretKey": "X"}]))
    assert (reply.status, reply.json["message"]) == (404, "One or more secrets does not exist: A,B")
    assert _get(legacy, "A").status == 200


def test_rate_limit_message_words_the_window(legacy):
    legacy.control("POST", "ratelimit", {"enabled": True, "secrets": 1, "window_seconds": 60})
    try:
        assert _get(legacy, "A").status == 404
        limited = _get(legacy, "A")
        assert (limited.status, limited.json["message"]) == (429, "Rate limit exceeded. Please try again in 1 minute")
    finally:
        legacy.control("POST", "ratelimit", {"enabled": False})


def test_organization_lists_the_identitys_projects(legacy):
    org = legacy.info["organization_id"]
    reply = legacy.api.get("/api/v2/organizations/%s/workspaces" % org)
    assert reply.status == 200
    assert [(p["id"], [e["slug"] for e in p["environments"]]) for p in reply.json["workspaces"]] == [
        (legacy.project_id, ["dev", "staging", "prod"])]
    assert "description" not in reply.json["workspaces"][0]
    outsider = legacy.identity()
    assert outsider.get("/api/v2/organizations/%s/workspaces" % org).json["workspaces"] == []
    assert legacy.api.get("/api/v2/organizations/%s/workspaces" % legacy.project_id).status == 403


def test_no_delete_protection_on_identities(legacy):
    org = legacy.info["organization_id"]
    created = legacy.api.post("/api/v1/identities", {"name": "p", "organizationId": org, "hasDeleteProtection": True}).json["identity"]
    assert sorted(created) == ["authMethod", "createdAt", "id", "name", "updatedAt"]
    assert legacy.api.delete("/api/v1/identities/" + created["id"]).status == 200
