# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Identities, Universal Auth, client secrets and memberships (§9–§12)."""
from __future__ import annotations

UA = "/api/v1/auth/universal-auth/identities/"


def _new_identity(emu, name="machine", **extra):
    body = {"name": name, "organizationId": emu.info["organization_id"]}
    body.update(extra)
    reply = emu.api.post("/api/v1/identities", body)
    assert reply.status == 200, reply
    return reply.json["identity"]


def test_identity_crud(emu):
    first = _new_identity(emu, role="member")
    second = _new_identity(emu)
    assert first["name"] == second["name"] and first["id"] != second["id"]
    assert first["authMethods"] == [] and first["metadata"] == []
    listed = emu.api.get("/api/v1/identities", query={"orgId": emu.info["organization_id"]}).json
    assert listed["totalCount"] == 3
    got = emu.api.get("/api/v1/identities/" + second["id"]).json["identity"]
    assert got["role"] == "no-access"
    reply = emu.api.patch("/api/v1/identities/" + first["id"], {"name": "renamed", "hasDeleteProtection": True})
    assert reply.json["identity"]["name"] == "renamed"
    reply = emu.api.delete("/api/v1/identities/" + first["id"])
    assert (reply.status, reply.json["message"]) == (400, "Identity has delete protection")
    emu.api.patch("/api/v1/identities/" + first["id"], {"hasDeleteProtection": False})
    assert emu.api.delete("/api/v1/identities/" + first["id"]).status == 400
    emu.api.patch("/api/v1/identities/" + first["id"], {"name": "renamed", "hasDeleteProtection": False})
    assert emu.api.delete("/api/v1/identities/" + first["id"]).status == 200
    assert emu.api.get("/api/v1/identities/" + first["id"]).status == 404


def test_no_access_org_role_cannot_create_identities(emu):
    client = emu.identity(None, org_role="no-access")
    reply = client.post("/api/v1/identities", {"name": "x", "organizationId": emu.info["organization_id"]})
    assert reply.status == 403


def test_universal_auth_and_client_secrets(emu):
    identity = _new_identity(emu)
    assert emu.api.get(UA + identity["id"]).status == 404
    assert emu.api.post(UA + identity["id"] + "/client-secrets", {}).status == 400
    reply = emu.api.post(UA + identity["id"], {"accessTokenTTL": 10, "accessTokenMaxTTL": 5})
    assert reply.status == 422
    reply = emu.api.post(UA + identity["id"], {"accessTokenTTL": 60, "accessTokenMaxTTL": 120,
                                               "accessTokenTrustedIps": [{"ipAddress": "10.0.0.0/8"}]})
    assert reply.status == 200
    ua = reply.json["identityUniversalAuth"]
    assert ua["accessTokenTrustedIps"] == [{"ipAddress": "10.0.0.0", "type": "ipv4", "prefix": 8}]
    assert ua["clientSecretTrustedIps"][0] == {"ipAddress": "0.0.0.0", "type": "ipv4", "prefix": 0}
    assert emu.api.post(UA + identity["id"], {}).status == 400
    assert emu.api.patch(UA + identity["id"], {"accessTokenNumUsesLimit": 5}).json["identityUniversalAuth"]["accessTokenNumUsesLimit"] == 5
    created = emu.api.post(UA + identity["id"] + "/client-secrets", {"description": "ci"}).json
    assert len(created["clientSecret"]) == 64
    assert created["clientSecretData"]["clientSecretPrefix"] == created["clientSecret"][:4]
    secret_id = created["clientSecretData"]["id"]
    login = emu.client().post("/api/v1/auth/universal-auth/login", {"clientId": ua["clientId"], "clientSecret": created["clientSecret"]})
    assert (login.status, login.json["expiresIn"]) == (200, 60)
    assert len(emu.api.get(UA + identity["id"] + "/client-secrets").json["clientSecretData"]) == 1
    revoked = emu.api.post(UA + identity["id"] + "/client-secrets/" + secret_id + "/revoke").json["clientSecretData"]
    assert revoked["isClientSecretRevoked"] is True
    assert emu.api.get(UA + identity["id"] + "/client-secrets").json["clientSecretData"] == []
    assert emu.api.get(UA + identity["id"] + "/client-secrets/" + secret_id).json["clientSecretData"]["isClientSecretRevoked"]
    assert emu.api.delete(UA + identity["id"]).status == 200
    assert emu.api.delete(UA + identity["id"]).status == 400


def test_memberships(emu):
    identity = _new_identity(emu)
    base = "/api/v1/projects/%s/memberships/identities/" % emu.project_id
    reply = emu.api.post(base + identity["id"])
    assert reply.status == 200
    got = emu.api.get(base + identity["id"]).json["identityMembership"]
    assert [role["role"] for role in got["roles"]] == ["no-access"]
    assert emu.api.post(base + identity["id"], {"roles": [{"role": "viewer"}]}).json["message"] == "Identity is already a member"
    reply = emu.api.patch(base + identity["id"], {"roles": [{"role": "viewer"}, {"role": "member"}]})
    assert sorted(role["role"] for role in reply.json["identityMembership"]["roles"]) == ["member", "viewer"]
    assert emu.api.patch(base + identity["id"], {"roles": [{"role": "owner"}]}).status == 404
    listed = emu.api.get(base.rstrip("/")).json
    assert listed["totalCount"] == 2
    assert emu.api.get(base.rstrip("/"), query={"limit": "1001"}).status == 422
    assert emu.api.delete(base + identity["id"]).status == 200
    assert emu.api.delete(base + identity["id"]).json["message"] == "Identity doesn't have membership"
    assert emu.api.patch(base + identity["id"], {"roles": [{"role": "viewer"}]}).status == 400
    assert emu.api.get(base + identity["id"]).status == 404
    reply = emu.api.delete(base + emu.info["identity_id"])
    assert reply.json["message"] == "You can't delete your own membership"


def test_deprecated_memberships_on_2024(legacy):
    identity = legacy.api.post("/api/v1/identities", {"name": "m", "organizationId": legacy.info["organization_id"]}).json["identity"]
    base = "/api/v2/workspace/%s/identity-memberships/" % legacy.project_id
    assert legacy.api.post(base + identity["id"], {"roles": [{"role": "member"}]}).status == 200
    reply = legacy.api.patch(base + identity["id"], {"roles": [{"role": "viewer"}]})
    assert [role["role"] for role in reply.json["roles"]] == ["viewer"]
    assert legacy.api.get("/api/v1/projects/%s/memberships/identities" % legacy.project_id).status == 404


def test_get_identity_returns_its_metadata(emu):
    created = _new_identity(emu, metadata=[{"key": "team", "value": "platform"}])
    got = emu.api.get("/api/v1/identities/" + created["id"]).json["identity"]
    assert [(item["key"], item["value"]) for item in got["metadata"]] == [("team", "platform")]
    emu.api.patch("/api/v1/identities/" + created["id"], {"metadata": []})
    assert emu.api.get("/api/v1/identities/" + created["id"]).json["identity"]["metadata"] == []
