# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The control API: request log, faults, reset, seed, setup hooks, state file."""
from __future__ import annotations

import http.client
import json
import os
import threading
import time

import pytest

from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator import EmulatorServer
from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator.testing import ApiClient


def test_request_log_has_no_values(emu):
    emu.control("DELETE", "requests")
    emu.create_secret("LOGGED", "s3cr3t-value", secretComment="comment-text")
    emu.get_secret("LOGGED", viewSecretValue="true")
    emu.api.get("/api/v9/unknown", query={"q": "query-value"})
    entries = emu.requests()
    text = json.dumps(entries)
    for forbidden in ("s3cr3t-value", "comment-text", "query-value", emu.project_id, emu.api.token, "viewSecretValue"):
        assert forbidden not in text
    assert [(e["method"], e["path"], e["route"], e["status"]) for e in entries] == [
        ("POST", "/api/v4/secrets/LOGGED", "/api/v4/secrets/:secretName", 200),
        ("GET", "/api/v4/secrets/LOGGED", "/api/v4/secrets/:secretName", 200),
        ("GET", "/api/v9/unknown", None, 404),
    ]
    assert set(entries[0]) == {"seq", "time", "method", "path", "route", "status", "client_ip"}
    since = emu.control_client.get("/__emulator/requests", query={"since": entries[1]["seq"]}).json["requests"]
    assert [entry["seq"] for entry in since] == [entries[2]["seq"]]
    emu.control("DELETE", "requests")
    assert emu.requests() == []


def test_control_routes_not_logged(emu):
    emu.control("DELETE", "requests")
    emu.control("GET", "info")
    emu.control("GET", "faults")
    assert emu.requests() == []


def test_fault_status_with_retry_after(emu):
    fault = emu.control("POST", "faults", {"method": "POST", "route": "/api/v4/secrets/:secretName", "status": 503,
                                           "count": 2, "retry_after": 1}).json["fault"]
    assert fault["id"]
    for _attempt in range(2):
        reply = emu.api.post("/api/v4/secrets/A", emu.scope(secretValue="x"))
        assert reply.status == 503
        assert reply.headers["retry-after"] == "1"
        assert set(reply.json) == {"reqId", "statusCode", "message", "error"}
    assert emu.get_secret("A").status == 404
    assert emu.api.post("/api/v4/secrets/A", emu.scope(secretValue="x")).status == 200
    assert emu.control("GET", "faults").json["faults"] == []
    statuses = [entry["status"] for entry in emu.requests() if entry["method"] == "POST"]
    assert statuses[-3:] == [503, 503, 200]


def test_fault_429_body(emu):
    emu.control("POST", "faults", {"path_prefix": "/api/v4", "status": 429, "retry_after": 7})
    reply = emu.get_secret("A")
    assert reply.status == 429
    assert reply.headers["retry-after"] == "7"
    assert reply.json["error"] == "RateLimitExceeded"
    assert reply.json["message"] == "Rate limit exceeded. Please try again in 7 seconds"


def test_fault_after_skips(emu):
    emu.control("POST", "faults", {"method": "GET", "path_prefix": "/api/v4/secrets", "status": 502, "after": 1, "count": 1})
    assert emu.get_secret("A").status == 404
    assert emu.get_secret("A").status == 502
    assert emu.get_secret("A").status == 404


def test_fault_drop_before_does_not_process(emu):
    emu.control("POST", "faults", {"method": "POST", "route": "/api/v4/secrets/:secretName", "action": "drop", "phase": "before"})
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        emu.api.post("/api/v4/secrets/A", emu.scope(secretValue="x"))
    assert emu.get_secret("A").status == 404
    dropped = [entry for entry in emu.requests() if entry.get("fault") == "drop"]
    assert dropped and dropped[0]["status"] is None


def test_fault_drop_after_processes(emu):
    emu.control("POST", "faults", {"method": "POST", "route": "/api/v4/secrets/:secretName", "action": "drop", "phase": "after"})
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        emu.api.post("/api/v4/secrets/A", emu.scope(secretValue="x"))
    assert emu.get_secret("A").status == 200
    retry = emu.api.post("/api/v4/secrets/A", emu.scope(secretValue="x"))
    assert (retry.status, retry.json["message"]) == (400, "Secret already exists")


def test_fault_latency(emu):
    emu.control("POST", "faults", {"path_prefix": "/api/status", "action": "latency", "latency": 0.3})
    start = time.monotonic()
    assert emu.api.get("/api/status").status == 200
    # A lower bound only (the server slept): an upper bound would depend on the machine's speed.
    assert time.monotonic() - start >= 0.3
    assert emu.api.get("/api/status").status == 200
    # The rule applied to the first request only: the log says so, whatever the timings.
    status_calls = [entry for entry in emu.requests() if entry["path"] == "/api/status"]
    assert [entry.get("fault") for entry in status_calls] == ["latency", None]
    assert emu.control("GET", "faults").json["faults"] == []


def test_clock_control(emu):
    start = emu.control("GET", "clock").json["clock"]
    assert (start["offset"], start["frozen"]) == (0, False)
    frozen = emu.control("POST", "clock", {"frozen": True}).json["clock"]
    assert frozen["frozen"] is True
    assert emu.control("GET", "clock").json["clock"]["now"] == frozen["now"]
    moved = emu.control("POST", "clock", {"advance": 90}).json["clock"]
    assert moved["now"] == round(frozen["now"] + 90, 3)
    running = emu.control("POST", "clock", {"frozen": False}).json["clock"]
    assert running["frozen"] is False
    assert running["now"] >= moved["now"]
    for body in ({"advance": -1}, {"advance": "10"}, {"advance": True}, {"frozen": "yes"}, {"rewind": 1}):
        reply = emu.control_client.request("POST", "/__emulator/clock", body=body)
        assert reply.status == 400, body


def test_fault_list_and_clear(emu):
    emu.control("POST", "faults", {"status": 500, "count": 5, "route": "/api/v1/projects"})
    faults = emu.control("GET", "faults").json["faults"]
    assert faults[0]["remaining"] == 5
    emu.api.get("/api/v1/projects")
    assert emu.control("GET", "faults").json["faults"][0]["remaining"] == 4
    emu.control("DELETE", "faults")
    assert emu.control("GET", "faults").json["faults"] == []
    assert emu.api.get("/api/v1/projects").status == 200


def test_invalid_fault_rejected(emu):
    reply = emu.control_client.post("/__emulator/faults", {"action": "explode"})
    assert reply.status == 400


def test_reset_keeps_credentials_and_clears_state(emu):
    emu.create_secret("A")
    before = emu.info
    emu.control("POST", "reset")
    assert emu.control("GET", "info").json == before
    emu.api.login(before["client_id"], before["client_secret"])
    assert emu.get_secret("A").status == 404


def test_seed_replaces_state_then_reset_restores_startup(emu):
    seed = {
        "organization": {"name": "Seeded", "slug": "seeded"},
        "identities": [{"name": "ci", "org_role": "admin", "client_id": "11111111-1111-4111-8111-111111111111",
                        "client_secret": "a" * 64},
                       {"name": "reader", "org_role": "member"}],
        "projects": [{"name": "Web", "slug": "web-app", "environments": [{"name": "Dev", "slug": "dev"}],
                      "members": [{"identity": "ci", "roles": ["admin"]}, {"identity": "reader", "roles": ["viewer"]}],
                      "folders": [{"environment": "dev", "path": "/app/api"}],
                      "secrets": [{"environment": "dev", "path": "/app", "key": "K", "value": " v \n", "comment": " c "}]}],
    }
    info = emu.control("POST", "seed", seed).json
    assert info["client_id"] == "11111111-1111-4111-8111-111111111111"
    assert info["client_secret"] == "a" * 64
    assert info["organization_slug"] == "seeded"
    assert info["project_slug"] == "web-app"
    client = emu.client()
    client.login(info["client_id"], info["client_secret"])
    reply = client.get("/api/v4/secrets/K", query={"projectId": info["project_id"], "environment": "dev", "secretPath": "/app"})
    assert reply.json["secret"]["secretValue"] == "v\n"
    assert reply.json["secret"]["secretComment"] == "c"
    assert emu.control("GET", "info").json["project_id"] == info["project_id"]
    emu.control("POST", "reset")
    assert emu.control("GET", "info").json == emu.info
    assert client.login(emu.info["client_id"], emu.info["client_secret"])


def test_bad_seed_rejected(emu):
    reply = emu.control_client.post("/__emulator/seed", {"identities": [{"name": "x", "org_role": "owner"}]})
    assert reply.status == 400


def test_setup_hooks(emu):
    created = emu.control("POST", "identities", {"name": "hooked", "org_role": "member"}).json
    assert set(created) == {"identity", "client_id", "client_secret"}
    assert len(created["client_secret"]) == 64
    client = emu.client()
    client.login(created["client_id"], created["client_secret"])
    assert client.get("/api/v1/projects").json["projects"] == []
    emu.control("POST", "memberships", {"project_id": emu.project_id, "identity_id": created["identity"]["id"], "roles": ["member"]})
    assert len(client.get("/api/v1/projects").json["projects"]) == 1
    reply = emu.control_client.post("/__emulator/memberships", {"project_id": emu.project_id,
                                                                "identity_id": created["identity"]["id"], "roles": ["owner"]})
    assert reply.status == 400


def test_unknown_control_route(emu):
    assert emu.control_client.get("/__emulator/nope").status == 404


def test_state_file_survives_restart(tmp_path):
    state = str(tmp_path / "state.json")
    server = EmulatorServer(state_file=state).start()
    try:
        info = server.info
        client = ApiClient(server.url)
        client.login(info["client_id"], info["client_secret"])
        assert client.post("/api/v4/secrets/KEPT", {"projectId": info["project_id"], "environment": "dev", "secretValue": "x"}).status == 200
        client.close()
    finally:
        server.stop()
    assert os.path.exists(state)
    server = EmulatorServer(state_file=state).start()
    try:
        assert server.info["client_id"] == info["client_id"]
        client = ApiClient(server.url, token=client.token)
        reply = client.get("/api/v4/secrets/KEPT", query={"projectId": info["project_id"], "environment": "dev"})
        assert reply.status == 200
        client.close()
    finally:
        server.stop()


def test_fault_barrier_makes_clients_race(emu):
    """Three clients read, then create the same secret: the barrier answers every read before any write."""
    emu.control("POST", "faults", {"method": "GET", "route": "/api/v4/secrets/:secretName", "action": "barrier",
                                   "phase": "after", "count": 3})
    clients = [emu.client(token=emu.api.token) for _index in range(3)]
    results = {}

    def race(index, client):
        read = emu.get_secret("RACED", client=client)
        created = client.post("/api/v4/secrets/RACED", emu.scope(secretValue="same"))
        results[index] = (read.status, created.status, (created.json or {}).get("message"))

    threads = [threading.Thread(target=race, args=(index, client)) for index, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results.values()) == [(404, 200, None), (404, 400, "Secret already exists"), (404, 400, "Secret already exists")]
    reads = [entry for entry in emu.requests() if entry["method"] == "GET"]
    assert [entry.get("fault") for entry in reads] == ["barrier"] * 3
    assert emu.control("GET", "faults").json["faults"] == []


def test_fault_barrier_times_out_and_releases(emu):
    emu.control("POST", "faults", {"path_prefix": "/api/status", "action": "barrier", "count": 2, "timeout": 0.2})
    assert emu.api.get("/api/status").status == 200
    assert [entry.get("fault") for entry in emu.requests() if entry["path"] == "/api/status"] == ["barrier-broken"]
    for body in ({"action": "barrier", "count": None}, {"action": "barrier", "count": 0}, {"action": "barrier", "timeout": 0}):
        reply = emu.control_client.request("POST", "/__emulator/faults", body=body)
        assert reply.status == 400, body
