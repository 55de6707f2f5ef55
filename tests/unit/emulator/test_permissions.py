# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Project roles: admin, member, viewer, no-access, and non-members (§17 Permissions)."""
from __future__ import annotations

import pytest


def _denied(reply, action):
    assert reply.status == 403, reply
    assert reply.json["error"] == "PermissionDenied"
    assert reply.json["message"] == "You are not allowed to %s on secrets" % action


def test_viewer_reads_but_cannot_write(emu):
    emu.create_secret("A", "1")
    viewer = emu.identity(["viewer"])
    assert emu.get_secret("A", client=viewer).status == 200
    _denied(viewer.post("/api/v4/secrets/B", emu.scope(secretValue="x")), "create")
    _denied(viewer.patch("/api/v4/secrets/A", emu.scope(secretValue="x")), "edit")
    _denied(viewer.delete("/api/v4/secrets/A", emu.scope()), "delete")
    _denied(viewer.post("/api/v4/secrets/batch", emu.scope(secrets=[{"secretKey": "B", "secretValue": "x"}])), "create")
    _denied(viewer.patch("/api/v4/secrets/batch", emu.scope(secrets=[{"secretKey": "A", "secretValue": "x"}])), "edit")
    _denied(viewer.patch("/api/v4/secrets/batch", emu.scope(mode="upsert", secrets=[{"secretKey": "N", "secretValue": "x"}])), "create")
    _denied(viewer.delete("/api/v4/secrets/batch", emu.scope(secrets=[{"secretKey": "A"}])), "delete")
    assert emu.get_secret("A").json["secret"]["version"] == 1
    reply = viewer.post("/api/v2/folders", {"projectId": emu.project_id, "environment": "dev", "name": "x"})
    assert reply.status == 403
    assert reply.json["message"] == "You are not allowed to create on secret-folders"


def test_no_access_cannot_read(emu):
    emu.create_secret("A", "1")
    nobody = emu.identity(["no-access"])
    reply = emu.get_secret("A", client=nobody)
    assert (reply.status, reply.json["error"]) == (403, "PermissionDenied")
    reply = nobody.get("/api/v4/secrets", query={"projectId": emu.project_id, "environment": "dev"})
    assert reply.status == 403
    reply = nobody.get("/api/v2/folders", query={"projectId": emu.project_id, "environment": "dev", "path": "/"})
    assert reply.status == 403


def test_non_member_is_403_everywhere(emu):
    emu.create_secret("A", "1")
    stranger = emu.identity(None)
    expected = "Identity is not a member of the specified project with ID '%s'" % emu.project_id
    for reply in (emu.get_secret("A", client=stranger),
                  stranger.post("/api/v4/secrets/B", emu.scope(secretValue="x")),
                  stranger.get("/api/v1/projects/" + emu.project_id),
                  stranger.get("/api/v1/projects/slug/demo-project")):
        assert reply.status == 403, reply
        assert reply.json["error"] == expected
    assert stranger.get("/api/v1/projects").json == {"projects": []}


@pytest.mark.parametrize("role", ["member", "admin"])
def test_member_and_admin_write(emu, role):
    client = emu.identity([role])
    assert client.post("/api/v4/secrets/A", emu.scope(secretValue="x")).status == 200
    assert client.patch("/api/v4/secrets/A", emu.scope(secretValue="y")).status == 200
    assert client.delete("/api/v4/secrets/A", emu.scope()).status == 200


def test_viewer_update_of_missing_secret_is_404(emu):
    viewer = emu.identity(["viewer"])
    assert viewer.patch("/api/v4/secrets/NOPE", emu.scope(secretValue="x")).status == 404


def test_multiple_roles_union(emu):
    client = emu.identity(["viewer", "member"])
    assert client.post("/api/v4/secrets/A", emu.scope(secretValue="x")).status == 200
