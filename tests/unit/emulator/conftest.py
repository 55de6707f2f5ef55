# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the emulator's own tests: one server per profile per session, reset before each test."""
from __future__ import annotations

import pytest

from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator import EmulatorServer
from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator.testing import ApiClient


class Emulator:
    """A running emulator, reset to its start-up seed, with an admin client logged in."""

    def __init__(self, server):
        self.server = server
        self.url = server.url
        self.control_client = ApiClient(server.url)
        self.clients = []
        self.control("POST", "reset")
        self.control("DELETE", "requests")
        self.info = self.control("GET", "info").json
        self.project_id = self.info["project_id"]
        self.api = self.client()
        self.api.login(self.info["client_id"], self.info["client_secret"])

    def client(self, token=None):
        client = ApiClient(self.url, token=token)
        self.clients.append(client)
        return client

    def control(self, method, name, body=None):
        reply = self.control_client.request(method, "/__emulator/" + name, body={} if body is None else body)
        assert reply.status == 200, reply
        return reply

    def identity(self, roles=None, project_id=None, **options):
        """A new identity (member of the default project with ``roles`` unless ``roles`` is None) and its logged-in client."""
        body = {"name": options.pop("name", "test-identity"), "org_role": options.pop("org_role", "member")}
        body.update(options)
        created = self.control("POST", "identities", body).json
        if roles is not None:
            self.control("POST", "memberships", {"project_id": project_id or self.project_id,
                                                 "identity_id": created["identity"]["id"], "roles": roles})
        client = self.client()
        client.login(created["client_id"], created["client_secret"])
        client.identity_id = created["identity"]["id"]
        return client

    def scope(self, environment="dev", path="/", **extra):
        body = {"projectId": self.project_id, "environment": environment, "secretPath": path}
        body.update(extra)
        return body

    def create_secret(self, name, value="v", environment="dev", path="/", client=None, **extra):
        reply = (client or self.api).post("/api/v4/secrets/" + name, self.scope(environment, path, secretValue=value, **extra))
        assert reply.status == 200, reply
        return reply.json["secret"]

    def get_secret(self, name, environment="dev", path="/", client=None, **query):
        params = {"projectId": self.project_id, "environment": environment, "secretPath": path}
        params.update(query)
        return (client or self.api).get("/api/v4/secrets/" + name, query=params)

    def folder(self, path, environment="dev"):
        parent, _sep, name = path.rstrip("/").rpartition("/")
        reply = self.api.post("/api/v2/folders", {"projectId": self.project_id, "environment": environment,
                                                  "name": name, "path": parent or "/"})
        assert reply.status == 200, reply
        return reply.json["folder"]

    def requests(self):
        return self.control("GET", "requests").json["requests"]

    def close(self):
        for client in self.clients + [self.control_client]:
            client.close()


class LegacyEmulator(Emulator):
    """The same helpers for a ``profile="2024"`` server (v3 raw routes, ``workspaceId``)."""

    def scope(self, environment="dev", path="/", **extra):
        body = {"workspaceId": self.project_id, "environment": environment, "secretPath": path}
        body.update(extra)
        return body

    def create_secret(self, name, value="v", environment="dev", path="/", client=None, **extra):
        reply = (client or self.api).post("/api/v3/secrets/raw/" + name, self.scope(environment, path, secretValue=value, **extra))
        assert reply.status == 200, reply
        return reply.json["secret"]


@pytest.fixture(scope="session", name="current_server")
def current_server_fixture():
    server = EmulatorServer(profile="current").start()
    yield server
    server.stop()


@pytest.fixture(scope="session", name="legacy_server")
def legacy_server_fixture():
    server = EmulatorServer(profile="2024").start()
    yield server
    server.stop()


@pytest.fixture(name="emu")
def emu_fixture(current_server):
    emulator = Emulator(current_server)
    yield emulator
    emulator.close()


@pytest.fixture(name="legacy")
def legacy_fixture(legacy_server):
    emulator = LegacyEmulator(legacy_server)
    yield emulator
    emulator.close()
