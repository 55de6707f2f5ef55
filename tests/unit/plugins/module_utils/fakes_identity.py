# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A tiny in-memory model of the identity, Universal Auth, client secret and membership routes.

Just enough of Infisical to drive the resources of ``_identity`` and ``_membership``
(ids, split trusted IPs, non-revoked listing, 400 for non-members); the full
behaviour is the emulator's job.
"""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes import FakeResponse, envelope

ORG = "0d9e8f7a-6b5c-4d3e-8f1a-0b9c8d7e6f5a"
PROJECT = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
CLIENT_SECRET_VALUE = "f" * 60 + "c0de"


def uuid(n):
    return "00000000-0000-4000-8000-%012d" % n


def _split(entries):
    result = []
    for entry in entries:
        net = ipaddress.ip_network(entry["ipAddress"], strict=False)
        result.append({"ipAddress": str(net.network_address), "type": "ipv%d" % net.version, "prefix": net.prefixlen})
    return result


class FakeIdentityAPI:
    """Answers like ``FakeSession``; records calls; ``writes()`` lists non-GET calls (login excluded)."""

    def __init__(self):
        self.calls = []
        self.counter = 100
        self.identities = {}
        self.ua = {}
        self.secrets = {}  # identity id -> {secret id: data}
        self.memberships = {}  # identity id -> roles

    def _id(self):
        self.counter += 1
        return uuid(self.counter)

    def add_identity(self, name, role="no-access", ua=False):
        ident = self._id()
        self.identities[ident] = {"id": ident, "name": name, "role": role, "hasDeleteProtection": False, "metadata": []}
        if ua:
            self._attach(ident, {})
        return ident

    def add_client_secret(self, ident, description, revoked=False):
        secret_id = self._id()
        self.secrets.setdefault(ident, {})[secret_id] = {
            "id": secret_id, "description": description, "clientSecretPrefix": "ffff", "clientSecretTTL": 0,
            "clientSecretNumUsesLimit": 0, "clientSecretNumUses": 0, "isClientSecretRevoked": revoked,
            "createdAt": "2026-01-01T00:00:%02dZ" % (self.counter % 60)}
        return secret_id

    def _attach(self, ident, body):
        allow_all = [{"ipAddress": "0.0.0.0/0"}, {"ipAddress": "::/0"}]
        self.ua[ident] = {"clientId": self._id(), "accessTokenTTL": 2592000, "accessTokenMaxTTL": 2592000,
                          "accessTokenNumUsesLimit": 0, "accessTokenPeriod": 0,
                          "accessTokenTrustedIps": _split(allow_all), "clientSecretTrustedIps": _split(allow_all),
                          "lockoutEnabled": True, "lockoutThreshold": 3, "lockoutDurationSeconds": 300,
                          "lockoutCounterResetSeconds": 30}
        self._apply(ident, body)

    def _apply(self, ident, body):
        for key, value in body.items():
            self.ua[ident][key] = _split(value) if key.endswith("TrustedIps") else value

    def writes(self):
        return [c for c in self.calls if c["method"] != "GET" and not c["path"].endswith("/login")]

    def _shown(self, ident):
        item = self.identities[ident]
        return {"id": ident, "role": item["role"], "orgId": ORG, "metadata": item["metadata"],
                "identity": {"id": ident, "name": item["name"], "hasDeleteProtection": item["hasDeleteProtection"],
                             "authMethods": ["universal-auth"] if ident in self.ua else []}}

    def request(self, method, url, params=None, json=None, headers=None, timeout=None, verify=None):  # pylint: disable=redefined-outer-name
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        self.calls.append(dict(method=method, path=path, params=params, json=json))
        body = json or {}
        if path == "/api/v1/auth/universal-auth/login":
            return FakeResponse(200, {"accessToken": "tok-unit-login", "expiresIn": 3600, "accessTokenMaxTTL": 7200})
        if path == "/api/v1/identities/details":
            return FakeResponse(200, {"identityDetails": {"organization": {"id": ORG, "name": "Org", "slug": "org"}}})
        if path == "/api/v1/identities":
            if method == "GET":
                return FakeResponse(200, {"identities": [self._shown(i) for i in sorted(self.identities)]})
            ident = self._id()
            self.identities[ident] = {"id": ident, "name": body["name"], "role": body.get("role", "no-access"),
                                      "hasDeleteProtection": body.get("hasDeleteProtection", False),
                                      "metadata": body.get("metadata") or []}
            return FakeResponse(200, {"identity": {"id": ident, "name": body["name"]}})
        match = re.match(r"^/api/v1/identities/([^/]+)$", path)
        if match:
            ident = match.group(1)
            if ident not in self.identities:
                return FakeResponse(404, envelope(404, "Failed to find identity with id %s" % ident, "NotFound"))
            if method == "GET":
                return FakeResponse(200, {"identity": self._shown(ident)})
            if method == "PATCH":
                item = self.identities[ident]
                for key in ("name", "role", "hasDeleteProtection", "metadata"):
                    if key in body:
                        item[key] = body[key]
                return FakeResponse(200, {"identity": {"id": ident}})
            del self.identities[ident]
            return FakeResponse(200, {"identity": {"id": ident}})
        match = re.match(r"^/api/v1/auth/universal-auth/identities/([^/]+)(/client-secrets)?(?:/([^/]+))?(/revoke)?$", path)
        if match:
            return self._ua_route(method, match.group(1), match.group(2), match.group(3), body)
        match = re.match(r"^/api/v1/projects/([^/]+)/memberships/identities/([^/]+)$", path)
        if match:
            return self._membership(method, match.group(2), body)
        raise AssertionError("unexpected %s %s" % (method, path))

    def _ua_route(self, method, ident, secrets, secret_id, body):
        no_ua = FakeResponse(400, envelope(400, "The identity does not have universal auth", "BadRequest"))
        if not secrets:
            if method == "GET":
                if ident not in self.ua:
                    return FakeResponse(404, envelope(404, "Failed to find universal auth for identity with ID %s" % ident, "NotFound"))
                return FakeResponse(200, {"identityUniversalAuth": self.ua[ident]})
            if method == "POST":
                self._attach(ident, body)
            elif method == "PATCH":
                self._apply(ident, body)
            else:
                if ident not in self.ua:
                    return no_ua
                self.ua.pop(ident)
                return FakeResponse(200, {"identityUniversalAuth": {}})
            return FakeResponse(200, {"identityUniversalAuth": self.ua[ident]})
        if ident not in self.ua:
            return no_ua
        owned = self.secrets.setdefault(ident, {})
        if secret_id is None and method == "GET":
            return FakeResponse(200, {"clientSecretData": [s for s in owned.values() if not s["isClientSecretRevoked"]]})
        if secret_id is None:
            new_id = self.add_client_secret(ident, body.get("description", ""))
            owned[new_id].update(clientSecretTTL=body.get("ttl", 0), clientSecretNumUsesLimit=body.get("numUsesLimit", 0))
            return FakeResponse(200, {"clientSecret": CLIENT_SECRET_VALUE, "clientSecretData": owned[new_id]})
        if secret_id not in owned:
            return FakeResponse(404, envelope(404, "Failed to find identity with ID %s" % ident, "NotFound"))
        if method == "POST":
            owned[secret_id]["isClientSecretRevoked"] = True
        return FakeResponse(200, {"clientSecretData": owned[secret_id]})

    def _membership(self, method, ident, body):
        member = ident in self.memberships
        if method == "GET":
            if not member:
                return FakeResponse(404, envelope(404, "Identity membership not found", "NotFound"))
            return FakeResponse(200, {"identityMembership": {
                "id": "m-" + ident, "projectId": PROJECT, "identityId": ident, "roles": self.memberships[ident],
                "identity": {"id": ident, "name": self.identities[ident]["name"]}}})
        if method == "POST":
            if member:
                return FakeResponse(400, envelope(400, "Identity is already a member", "BadRequest"))
            self.memberships[ident] = body["roles"]
            return FakeResponse(200, {"identityMembership": {"id": "m-" + ident}})
        if not member:
            return FakeResponse(400, envelope(400, "Identity doesn't have membership", "BadRequest"))
        if method == "PATCH":
            self.memberships[ident] = body["roles"]
        else:
            del self.memberships[ident]
        return FakeResponse(200, {"identityMembership": {"id": "m-" + ident}})
