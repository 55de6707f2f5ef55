# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Batch routes (§5.8): all-or-nothing, modes, messages."""
from __future__ import annotations

BATCH = "/api/v4/secrets/batch"


def _keys(emu, path="/"):
    reply = emu.api.get("/api/v4/secrets", query={"projectId": emu.project_id, "environment": "dev", "secretPath": path})
    return {item["secretKey"]: (item["secretValue"], item["version"]) for item in reply.json["secrets"]}


def test_batch_create(emu):
    reply = emu.api.post(BATCH, emu.scope(secrets=[{"secretKey": "A", "secretValue": " 1 "},
                                                   {"secretKey": "B", "secretValue": "2", "secretComment": " c "}]))
    assert reply.status == 200
    assert [item["secretKey"] for item in reply.json["secrets"]] == ["A", "B"]
    assert "secretPath" not in reply.json["secrets"][0]
    assert _keys(emu) == {"A": ("1", 1), "B": ("2", 1)}


def test_batch_create_all_or_nothing(emu):
    emu.create_secret("B")
    reply = emu.api.post(BATCH, emu.scope(secrets=[{"secretKey": "A", "secretValue": "1"}, {"secretKey": "B", "secretValue": "2"}]))
    assert reply.status == 400
    assert reply.json["message"] == "Secret already exists: B"
    assert set(_keys(emu)) == {"B"}


def test_batch_create_validation(emu):
    reply = emu.api.post(BATCH, emu.scope(secrets=[]))
    assert reply.status == 422
    assert reply.json["message"][0]["code"] == "too_small"
    reply = emu.api.post(BATCH, emu.scope(secrets=[{"secretKey": "a/b", "secretValue": "1"}]))
    assert reply.status == 422
    assert reply.json["message"][0]["path"] == ["secrets", 0, "secretKey"]


def test_batch_update_fail_on_not_found(emu):
    emu.create_secret("A", "1")
    reply = emu.api.patch(BATCH, emu.scope(secrets=[{"secretKey": "A", "secretValue": "2"}, {"secretKey": "X", "secretValue": "3"}]))
    assert reply.status == 404
    assert reply.json["message"] == "Secret does not exist: X in path /"
    assert _keys(emu) == {"A": ("1", 1)}


def test_batch_update_upsert_and_ignore(emu):
    emu.create_secret("A", "1")
    reply = emu.api.patch(BATCH, emu.scope(mode="upsert", secrets=[{"secretKey": "A", "secretValue": "2"},
                                                                   {"secretKey": "N", "secretValue": "new"}]))
    assert reply.status == 200
    assert [item["secretKey"] for item in reply.json["secrets"]] == ["A", "N"]
    assert set(reply.json["secrets"][0]) >= {"secretValueHidden"}
    assert _keys(emu) == {"A": ("2", 2), "N": ("new", 1)}
    reply = emu.api.patch(BATCH, emu.scope(mode="ignore", secrets=[{"secretKey": "A", "secretValue": "3"},
                                                                   {"secretKey": "Z", "secretValue": "z"}]))
    assert reply.status == 200
    assert [item["secretKey"] for item in reply.json["secrets"]] == ["A"]
    assert _keys(emu) == {"A": ("3", 3), "N": ("new", 1)}


def test_batch_update_per_item_path_and_rename(emu):
    emu.folder("/app")
    emu.create_secret("A", "1")
    emu.create_secret("B", "1", path="/app")
    reply = emu.api.patch(BATCH, emu.scope(secrets=[{"secretKey": "A", "newSecretName": "A2"},
                                                    {"secretKey": "B", "secretValue": "b", "secretPath": "/app"}]))
    assert reply.status == 200
    assert _keys(emu) == {"A2": ("1", 2)}
    assert _keys(emu, "/app") == {"B": ("b", 2)}


def test_batch_update_missing_folder_env_mode(emu):
    emu.create_secret("A", "1")
    reply = emu.api.patch(BATCH, emu.scope(secrets=[{"secretKey": "A", "secretValue": "2", "secretPath": "/nope"}]))
    assert reply.status == 404
    assert reply.json["message"].startswith("Folder with path 'null'")
    reply = emu.api.patch(BATCH, emu.scope(environment="qa", secrets=[{"secretKey": "A", "secretValue": "2"}]))
    assert reply.status == 404
    assert reply.json["message"] == "Environment with slug 'qa' in project with ID '%s' not found" % emu.project_id
    reply = emu.api.patch(BATCH, emu.scope(mode="merge", secrets=[{"secretKey": "A", "secretValue": "2"}]))
    assert reply.status == 422
    assert _keys(emu) == {"A": ("1", 1)}


def test_batch_update_rename_collision_all_or_nothing(emu):
    emu.create_secret("A", "1")
    emu.create_secret("B", "1")
    reply = emu.api.patch(BATCH, emu.scope(secrets=[{"secretKey": "A", "secretValue": "2"}, {"secretKey": "B", "newSecretName": "A"}]))
    assert reply.status == 400
    assert _keys(emu) == {"A": ("1", 1), "B": ("1", 1)}


def test_batch_delete(emu):
    emu.create_secret("A")
    emu.create_secret("B")
    emu.create_secret("C")
    reply = emu.api.delete(BATCH, emu.scope(secrets=[{"secretKey": "A"}, {"secretKey": "X"}]))
    # The recorded 2026-07 build names the keys that were found, and answers a doubled key with 404 too.
    assert (reply.status, reply.json["message"]) == (404, "One or more secrets does not exist: A")
    reply = emu.api.delete(BATCH, emu.scope(secrets=[{"secretKey": "A"}, {"secretKey": "A"}]))
    assert (reply.status, reply.json["message"]) == (404, "One or more secrets does not exist: A")
    reply = emu.api.delete(BATCH, emu.scope(secrets=[{"secretKey": "X"}]))
    assert (reply.status, reply.json["message"]) == (404, "One or more secrets does not exist: ")
    assert set(_keys(emu)) == {"A", "B", "C"}
    reply = emu.api.delete(BATCH, emu.scope(secrets=[{"secretKey": "A"}, {"secretKey": "B"}]))
    assert reply.status == 200
    assert [item["secretKey"] for item in reply.json["secrets"]] == ["A", "B"]
    assert set(_keys(emu)) == {"C"}


def test_thousand_secrets_in_chunks(emu):
    client = emu.client(token=emu.api.token)
    for chunk in range(10):
        items = [{"secretKey": "K%04d" % (chunk * 100 + index), "secretValue": "v%d" % index} for index in range(100)]
        assert client.patch(BATCH, emu.scope(mode="upsert", secrets=items)).status == 200
    reply = client.get("/api/v4/secrets", query={"projectId": emu.project_id, "environment": "dev", "secretPath": "/"})
    assert len(reply.json["secrets"]) == 1000
    assert client.connects == 1
