# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.secretops.infisical.plugins.modules import infisical_login, infisical_server_info
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes import FakeResponse, FakeSession, envelope

LOGIN = "/api/v1/auth/universal-auth/login"
PROBE = "/api/v1/projects"
CLIENT_SECRET = "0123456789abcdef" * 4
ARGS = dict(url="https://infisical.example", universal_auth_client_id="cid-1", universal_auth_client_secret=CLIENT_SECRET)


@pytest.mark.parametrize("check_mode", [True, False])
def test_login_returns_token_and_expiry(run_module, check_mode):
    answer = {"accessToken": "tok-abc", "expiresIn": 7200, "accessTokenMaxTTL": 86400, "tokenType": "Bearer"}
    session = FakeSession().add("POST", LOGIN, FakeResponse(200, answer)).add("GET", PROBE, FakeResponse(200, {"projects": []}))
    result = run_module(infisical_login, ARGS, session, check_mode=check_mode)
    assert result["changed"] is False
    assert result["token"] == "tok-abc"  # returned as is: the action plugin hides the result
    assert result["expires_in"] == 7200 and result["access_token_max_ttl"] == 86400
    assert result["expires_at"].endswith("Z")
    assert result["api_generation"] == "current"
    assert CLIENT_SECRET not in result["_raw_output"]
    assert session.paths() == ["POST " + LOGIN, "GET " + PROBE]
    assert session.calls[1]["headers"]["Authorization"] == "Bearer tok-abc"


def test_login_detects_a_2024_server(run_module):
    route_missing = FakeResponse(404, {"statusCode": 404, "error": "Not Found", "message": "Route GET:/api/v1/projects not found"})
    session = FakeSession().add("POST", LOGIN, FakeResponse(200, {"accessToken": "tok-abc", "expiresIn": 7200}))
    session.add("GET", PROBE, route_missing)
    result = run_module(infisical_login, ARGS, session)
    assert result.get("failed") is not True
    assert result["api_generation"] == "legacy"
    assert session.paths() == ["POST " + LOGIN, "GET " + PROBE]


@pytest.mark.parametrize("generation", ["current", "legacy"])
def test_login_returns_the_generation_given_without_probing(run_module, generation):
    session = FakeSession().add("POST", LOGIN, FakeResponse(200, {"accessToken": "tok-abc", "expiresIn": 7200}))
    result = run_module(infisical_login, dict(ARGS, api_generation=generation), session)
    assert result["api_generation"] == generation
    assert session.paths() == ["POST " + LOGIN]


def test_probe_failure_is_one_clear_line(run_module):
    session = FakeSession().add("POST", LOGIN, FakeResponse(200, {"accessToken": "tok-abc", "expiresIn": 7200}))
    session.add("GET", PROBE, FakeResponse(403, envelope(403, "You are not allowed to list projects", "PermissionDenied", "req-PROBE")))
    result = run_module(infisical_login, ARGS, session)
    assert result["failed"] is True
    assert "detect the API generation" in result["msg"] and "req-PROBE" in result["msg"]
    assert "\n" not in result["msg"] and "tok-abc" not in result["msg"]


def test_token_that_never_expires(run_module):
    session = FakeSession().add("POST", LOGIN, FakeResponse(200, {"accessToken": "tok-abc", "expiresIn": 0}))
    result = run_module(infisical_login, dict(ARGS, api_generation="current"), session)
    assert result["expires_in"] == 0 and result["expires_at"] is None


def test_wrong_secret_is_one_clear_line(run_module):
    session = FakeSession().add("POST", LOGIN, FakeResponse(401, envelope(401, "Invalid credentials", "UnauthorizedError", "req-LOGIN")))
    result = run_module(infisical_login, ARGS, session)
    assert result["failed"] is True
    assert result["msg"] == ("Failed to log in with Universal Auth (client id 'cid-1'): HTTP 401 UnauthorizedError: Invalid credentials "
                             "[reqId req-LOGIN] (POST /api/v1/auth/universal-auth/login); check the token or the "
                             "universal_auth_client_id/universal_auth_client_secret options (auth_method=universal_auth)")
    assert result["status"] == 401 and result["request_id"] == "req-LOGIN"
    assert CLIENT_SECRET not in result["_raw_output"]


# (case id, arguments, words of the one-line error)
LOGIN_REFUSED = [
    ("a token it would ignore", dict(ARGS, token="tok-unit-given"), "Unsupported parameters for (basic.py) module: token."),
    ("the token method", dict(ARGS, auth_method="token"),
     "value of auth_method must be one of: universal_auth, got: token"),
    ("no credentials", dict(url="https://infisical.example"),
     "Option 'auth_method' was not set and no credentials were given: set universal_auth_client_id and "
     "universal_auth_client_secret for auth_method=universal_auth (or their environment variables)"),
    ("half of them", dict(url="https://infisical.example", universal_auth_client_secret=CLIENT_SECRET, auth_method="universal_auth"),
     "parameters are required together: universal_auth_client_id, universal_auth_client_secret"),
]


@pytest.mark.parametrize("args,words", [c[1:] for c in LOGIN_REFUSED], ids=[c[0] for c in LOGIN_REFUSED])
def test_login_refuses_before_any_request(run_module, monkeypatch, args, words):
    for name in ("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "INFISICAL_TOKEN",
                 "INFISICAL_AUTH_METHOD"):
        monkeypatch.delenv(name, raising=False)
    session = FakeSession()
    result = run_module(infisical_login, args, session)
    assert result["failed"] is True
    assert words in result["msg"]
    assert session.calls == []
    assert CLIENT_SECRET not in result["_raw_output"]


def test_login_ignores_a_token_in_the_environment(run_module, monkeypatch):
    monkeypatch.setenv("INFISICAL_TOKEN", "tok-from-env")
    session = FakeSession().add("POST", LOGIN, FakeResponse(200, {"accessToken": "tok-abc", "expiresIn": 60}))
    # api_generation given: the login is the only request (no generation probe after it)
    result = run_module(infisical_login, dict(ARGS, api_generation="current"), session)
    assert result["token"] == "tok-abc" and len(session.calls) == 1


def test_server_info_needs_no_credentials(run_module):
    session = FakeSession().add("GET", "/api/status", FakeResponse(200, {"message": "Ok", "date": "2026-12-01", "emailConfigured": False}))
    result = run_module(infisical_server_info, dict(url="https://infisical.example/"), session)
    assert result["status"] == {"message": "Ok", "date": "2026-12-01", "email_configured": False}
    assert result["url"] == "https://infisical.example"
    assert "Authorization" not in session.calls[0]["headers"]
