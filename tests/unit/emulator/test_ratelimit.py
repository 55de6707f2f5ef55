# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Rate limiting (§2.5): per route and client IP, global counter, headers, 429 without side effects."""
from __future__ import annotations

import pytest

from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator import EmulatorServer
from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator.app import long_duration
from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator.testing import ApiClient


def test_off_by_default(emu):
    for _index in range(5):
        reply = emu.get_secret("A")
        assert "x-ratelimit-limit" not in reply.headers


def test_secrets_limit_per_route_with_short_window(emu):
    # A frozen clock: the window cannot end while the test runs, however slow the machine.
    emu.control("POST", "clock", {"frozen": True})
    emu.control("POST", "ratelimit", {"enabled": True, "secrets": 3, "window_seconds": 2})
    replies = [emu.get_secret("A") for _index in range(3)]
    assert [reply.status for reply in replies] == [404, 404, 404]
    assert replies[0].headers["x-ratelimit-limit"] == "3"
    assert [reply.headers["x-ratelimit-remaining"] for reply in replies] == ["2", "1", "0"]
    assert [reply.headers["x-ratelimit-reset"] for reply in replies] == ["2", "2", "2"]
    limited = emu.get_secret("A")
    assert limited.status == 429
    assert limited.json["error"] == "RateLimitExceeded"
    assert limited.json["message"].startswith("Rate limit exceeded. Please try again in ")
    assert limited.headers["retry-after"] == "2"
    assert limited.json["message"] == "Rate limit exceeded. Please try again in 2 seconds"
    # Another route has its own counter; a refused write has no side effect.
    for _index in range(3):
        emu.api.post("/api/v4/secrets/B%d" % _index, emu.scope(secretValue="x"))
    refused = emu.api.post("/api/v4/secrets/C", emu.scope(secretValue="x"))
    assert refused.status == 429
    # Other IPs (X-Forwarded-For) are counted apart.
    other = emu.api.get("/api/v4/secrets/A", query={"projectId": emu.project_id, "environment": "dev"},
                        headers={"X-Forwarded-For": "10.1.2.3"})
    assert other.status == 404
    emu.control("POST", "clock", {"advance": 1.5})
    assert emu.get_secret("C").status == 429
    assert emu.get_secret("C").headers["retry-after"] == "1"
    emu.control("POST", "clock", {"advance": 0.5})
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


def test_count_window_ends_only_after_the_announced_wait(emu):
    """``window: count``: the refusals depend on the number of requests, never on their speed."""
    emu.control("POST", "clock", {"frozen": True})
    settings = emu.control("POST", "ratelimit", {"enabled": True, "secrets": 2, "window": "count", "retry_after": 3}).json
    assert settings["ratelimit"]["window"] == "count"
    assert settings["ratelimit"]["retry_after"] == 3
    # Hours between requests do not end a window that has not refused anything.
    statuses = []
    for _index in range(2):
        statuses.append(emu.get_secret("A").status)
        emu.control("POST", "clock", {"advance": 3600})
    limited = emu.get_secret("A")
    assert statuses + [limited.status] == [404, 404, 429]
    assert (limited.headers["retry-after"], limited.headers["x-ratelimit-reset"]) == ("3", "3")
    # The window ends retry_after seconds after its first refusal, not after the later ones.
    emu.control("POST", "clock", {"advance": 2})
    assert emu.get_secret("A").status == 429
    emu.control("POST", "clock", {"advance": 1})
    replies = [emu.get_secret("A") for _index in range(3)]
    assert [reply.status for reply in replies] == [404, 404, 429]
    assert [reply.headers["x-ratelimit-remaining"] for reply in replies] == ["1", "0", "0"]
    # Re-configuring resets the counters.
    emu.control("POST", "ratelimit", {"enabled": True})
    assert emu.get_secret("A").status == 404


def test_invalid_settings_are_refused(emu):
    for body in ({"window": "sliding"}, {"retry_after": 0}, {"secrets": "many"}):
        reply = emu.control_client.request("POST", "/__emulator/ratelimit", body=body)
        assert reply.status == 400, body
        assert reply.json["message"].startswith("Invalid rate limit settings: ")
    assert emu.control("GET", "ratelimit").json["ratelimit"]["window"] == "time"


def test_reset_restores_the_start_up_settings_and_the_clock(emu):
    emu.control("POST", "ratelimit", {"enabled": True, "secrets": 1, "window": "count"})
    emu.control("POST", "clock", {"frozen": True, "advance": 100})
    emu.control("POST", "reset")
    assert emu.control("GET", "ratelimit").json["ratelimit"] == {
        "enabled": False, "secrets": 40, "read": 60, "write": 200, "global": 600, "window_seconds": 60,
        "window": "time", "retry_after": 1}
    clock = emu.control("GET", "clock").json["clock"]
    assert (clock["offset"], clock["frozen"]) == (0, False)
