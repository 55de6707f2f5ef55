# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The bundled emulator as the server of the project, environment, folder and tag tests.

These resources have many routes and two API generations; rather than a second
hand-written model of them, the tests drive the emulator (standard library, in a
daemon thread) through a ``requests.Session`` that records every call, so a test
can assert that check mode sent no write.
"""

from __future__ import annotations

import pytest
import requests

from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator import EmulatorServer
from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator.testing import ApiClient


class RecordingSession(requests.Session):
    """A real session that remembers ``(method, path)`` of every request."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def request(self, method, url, *args, **kwargs):  # pylint: disable=arguments-differ
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        self.calls.append((method, path))
        return super().request(method, url, *args, **kwargs)

    def writes(self):
        return [(m, p) for m, p in self.calls if m != "GET" and not p.startswith("/api/v1/auth/")]


class Server:
    """A reset emulator plus an independent admin client (``api``) for setting up and checking state."""

    def __init__(self, server):
        self.server = server
        self.url = server.url
        control = ApiClient(server.url)
        assert control.request("POST", "/__emulator/reset", body={}).status == 200
        self.info = control.request("GET", "/__emulator/info", body={}).json
        control.close()
        self.project_id = self.info["project_id"]
        self.legacy = self.info["profile"] == "2024"
        self.api = ApiClient(server.url)
        self.api.login(self.info["client_id"], self.info["client_secret"])
        self.projects = "/api/v1/workspace" if self.legacy else "/api/v1/projects"
        self.folders = "/api/v1/folders" if self.legacy else "/api/v2/folders"
        self.project_field = "workspaceId" if self.legacy else "projectId"

    def args(self, **extra):
        base = dict(url=self.url, universal_auth_client_id=self.info["client_id"],
                    universal_auth_client_secret=self.info["client_secret"])
        base.update(extra)
        return base

    def project(self, project_id=None):
        reply = self.api.get("%s/%s" % (self.projects, project_id or self.project_id))
        return (reply.json or {}).get("workspace" if self.legacy else "project") if reply.status == 200 else None

    def create_project(self, slug, name=None):
        path = "/api/v2/workspace" if self.legacy else "/api/v1/projects"
        reply = self.api.post(path, {"projectName": name or slug, "slug": slug})
        assert reply.status == 200, reply
        return reply.json["project"]

    def folders_under(self, path="/", environment="dev"):
        reply = self.api.get(self.folders, query={self.project_field: self.project_id, "environment": environment, "path": path})
        assert reply.status == 200, reply
        return sorted(f["name"] for f in reply.json["folders"])

    def close(self):
        self.api.close()


@pytest.fixture(scope="session", name="emulator_servers")
def emulator_servers_fixture():
    servers = {}
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture(name="server", params=["current", "2024"])
def server_fixture(request, emulator_servers):
    """A freshly reset emulator of each profile."""
    profile = request.param
    if profile not in emulator_servers:
        emulator_servers[profile] = EmulatorServer(profile=profile).start()
    wrapped = Server(emulator_servers[profile])
    yield wrapped
    wrapped.close()
