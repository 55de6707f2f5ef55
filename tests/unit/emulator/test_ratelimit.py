# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Rate limiting (§2.5): per route and client IP, global counter, headers, 429 without side effects."""
from __future__ import annotations

import time

import pytest

from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator import EmulatorServer
from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator.app import long_duration
from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator.testing import ApiClient


def test_off_by_default(emu):
    for _index in range(5):
        reply = emu.get_secret("A")
        assert "x-ratelimit-limit" not in reply.headers


def test_secrets_limit_per_route_with_short_window(emu):
    emu.control("POST", "ratelimit", {"enabled": True, "secrets": 3, "window_seconds": 2})
    replies = [emu.get_secret("A") for _index in range(3)]
    assert [reply.status for reply in replies] == [404, 404, 404]
    assert replies[0].headers["x-ratelimit-limit"] == "3"
    assert [reply.headers["x-ratelimit-remaining"] for reply in replies] == ["2", "1", "0"]
    assert 0 <= int(replies[0].headers["x-ratelimit-reset"]) <= 2
    limited = emu.get_secret("A")
    assert limited.status == 429
    assert limited.json["error"] == "RateLimitExceeded"
    assert limited.json["message"].startswith("Rate limit exceeded. Please try again in ")
    assert 1 <= int(limited.headers["retry-after"]) <= 2
    # Another route has its own counter; a refused write has no side effect.
    for _index in range(3):
        emu.api.post("/api/v4/secrets/B%d" % _index, emu.scope(secretValue="x"))
    refused = emu.api.post("/api/v4/secrets/C", emu.scope(secretValue="x"))
    assert refused.status == 429
    # Other IPs (X-Forwarded-For) are counted apart.
    other = emu.api.get("/api/v4/secrets/A", query={"projectId": emu.project_id, "environment": "dev"},
                        headers={"X-Forwarded-For": "10.1.2.3"})
    assert other.status == 404
    time.sleep(2.05)
    assert emu.get_secret("C").status == 404
    assert emu.api.get("/api/status").status == 200
    emu.control("POST", "ratelimit", {"enabled": False})


def test_status_and_control_exempt(emu):
    emu.control("POST", "ratelimit", {"enabled": True, "read": 1, "secrets": 1, "write": 1, "global": 1, "window_seconds": 30})
    for _index in range(5):
        reply = emu.api.get("/api/status")
        assert reply.status == 200
        assert "x-ratelimit-limit" not in reply.headers
        emu.control("GET", "info")


def test_global_limit(emu):
    emu.control("POST", "ratelimit", {"enabled": True, "read": 100, "secrets": 100, "global": 2, "window_seconds": 30})
    assert emu.api.get("/api/v1/projects").status == 200
    assert emu.get_secret("A").status == 404
    assert emu.api.get("/api/v1/identities/details").status == 429


def test_cli_style_start_with_rate_limit():
    server = EmulatorServer(rate_limit=True, secrets_rate_limit=2, window_seconds=30).start()
    try:
        info = server.info
        client = ApiClient(server.url)
        client.login(info["client_id"], info["client_secret"])
        query = {"projectId": info["project_id"], "environment": "dev"}
        statuses = [client.get("/api/v4/secrets", query=query).status for _index in range(3)]
        assert statuses == [200, 200, 429]
        client.close()
    finally:
        server.stop()


@pytest.mark.parametrize("seconds, words", [(60, "1 minute"), (89, "1 minute"), (90, "2 minutes"), (45, "45 seconds"),
                                            (1, "1 second"), (7200, "2 hours")])
def test_long_duration_words_like_ms(seconds, words):
    assert long_duration(seconds) == words
