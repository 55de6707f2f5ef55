# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
import requests
import urllib3

from ansible_collections.secretops.infisical.plugins.module_utils import _client
from ansible_collections.secretops.infisical.plugins.module_utils._auth import AccessTokenProvider, UniversalAuth
from ansible_collections.secretops.infisical.plugins.module_utils._client import InfisicalClient, parse_retry_after, path_with
from ansible_collections.secretops.infisical.plugins.module_utils._errors import (
    OptionError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ConnectionFailedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RouteNotFoundError,
    ServerError,
    TLSError,
    WriteOutcomeUnknownError,
)
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes import FakeResponse, FakeSession, envelope

CLIENT_SECRET = "c4n4ry-client-secret-0123456789abcdef"
LOGIN = "/api/v1/auth/universal-auth/login"
UA_OPTIONS = {"universal_auth_client_id": "cid-1", "universal_auth_client_secret": CLIENT_SECRET}


def make_client(session, token=None, creds=True, **kwargs):
    sleeps = []
    warnings = []
    auth = AccessTokenProvider(token=token, method=UniversalAuth(UA_OPTIONS) if creds else None)
    client = InfisicalClient("https://infisical.example", auth=auth, session=session, sleep=sleeps.append,
                             warn=warnings.append, **kwargs)
    client.sleeps = sleeps
    client.warnings = warnings
    return client


def login_ok(token="tok-1", expires_in=3600):
    return FakeResponse(200, {"accessToken": token, "expiresIn": expires_in, "accessTokenMaxTTL": 7200, "tokenType": "Bearer"})


def test_login_once_and_bearer_header():
    session = FakeSession().add("POST", LOGIN, login_ok()).add("GET", "/api/v1/projects", FakeResponse(200, {"projects": []}))
    client = make_client(session)
    client.get("/api/v1/projects", "list projects")
    client.get("/api/v1/projects", "list projects")
    assert session.paths() == ["POST " + LOGIN, "GET /api/v1/projects", "GET /api/v1/projects"]
    assert session.calls[0]["json"] == {"clientId": "cid-1", "clientSecret": CLIENT_SECRET}
    assert session.calls[1]["headers"]["Authorization"] == "Bearer tok-1"
    assert "Authorization" not in session.calls[0]["headers"]


def test_given_token_is_used_without_login():
    session = FakeSession().add("GET", "/api/v1/projects", FakeResponse(200, {"projects": []}))
    client = make_client(session, token="given", creds=False)
    client.get("/api/v1/projects", "list projects")
    assert session.paths() == ["GET /api/v1/projects"]
    assert session.calls[0]["headers"]["Authorization"] == "Bearer given"


@pytest.mark.parametrize("status,error,message", [
    (401, "UnauthorizedError", "No identity access token found"),
    (403, "TokenError", "Your token has expired. Please re-authenticate."),
])
def test_rejected_token_relogs_once_and_retries(status, error, message):
    session = FakeSession()
    session.add("GET", "/api/v1/projects", FakeResponse(status, envelope(status, message, error)), FakeResponse(200, {"projects": [1]}))
    session.add("POST", LOGIN, login_ok("fresh"))
    client = make_client(session, token="stale")
    assert client.get("/api/v1/projects", "list projects") == {"projects": [1]}
    assert session.paths() == ["GET /api/v1/projects", "POST " + LOGIN, "GET /api/v1/projects"]
    assert session.calls[2]["headers"]["Authorization"] == "Bearer fresh"
    assert client.sleeps == []


def test_relogin_happens_only_once():
    session = FakeSession()
    rejected = FakeResponse(401, envelope(401, "No identity access token found", "UnauthorizedError"))
    session.add("GET", "/api/v1/projects", rejected, rejected)
    session.add("POST", LOGIN, login_ok("a"), login_ok("b"))
    client = make_client(session)
    with pytest.raises(AuthenticationError) as info:
        client.get("/api/v1/projects", "list projects")
    assert session.paths().count("POST " + LOGIN) == 2  # first login + one re-login
    assert "No identity access token found" in str(info.value)


def test_no_relogin_without_credentials():
    session = FakeSession().add("GET", "/api/v1/projects", FakeResponse(403, envelope(403, "Your token has expired.", "TokenError")))
    client = make_client(session, token="stale", creds=False)
    with pytest.raises(AuthenticationError) as info:
        client.get("/api/v1/projects", "list projects")
    assert len(session.calls) == 1
    assert "check the token" in str(info.value)


def test_permission_denied_is_not_a_relogin():
    body = envelope(403, "You are not allowed to edit on secrets", "PermissionDenied")
    session = FakeSession().add("PATCH", "/api/v4/secrets/A", FakeResponse(403, body)).add("POST", LOGIN, login_ok())
    client = make_client(session)
    with pytest.raises(PermissionDeniedError):
        client.patch("/api/v4/secrets/A", "update secret 'A'", body={"secretValue": "x"})
    assert session.paths() == ["POST " + LOGIN, "PATCH /api/v4/secrets/A"]


def test_validation_failure_on_401_is_bad_input_not_relogin():
    body = {"statusCode": 401, "error": "ValidationFailure",
            "message": [{"code": "invalid_type", "path": ["projectId"], "message": "Required", "received": "CANARY-INPUT"}]}
    session = FakeSession().add("GET", "/api/v3/secrets/raw", FakeResponse(401, body))
    client = make_client(session, token="t", creds=True)
    with pytest.raises(BadRequestError) as info:
        client.get("/api/v3/secrets/raw", "list secrets")
    assert len(session.calls) == 1
    assert "projectId: Required" in str(info.value)
    assert "CANARY-INPUT" not in str(info.value)


def test_429_honours_retry_after_then_succeeds():
    limited = FakeResponse(429, envelope(429, "Rate limit exceeded. Please try again in 3 seconds", "RateLimitExceeded"),
                           headers={"Retry-After": "3", "x-ratelimit-reset": "9"})
    session = FakeSession().add("GET", "/api/v1/projects", limited, limited, FakeResponse(200, {"projects": []}))
    client = make_client(session, token="t")
    assert client.get("/api/v1/projects", "list projects") == {"projects": []}
    assert client.sleeps == [3.0, 3.0]
    assert len(client.warnings) == 2 and "HTTP 429" in client.warnings[0]


def test_429_falls_back_to_ratelimit_reset_header():
    limited = FakeResponse(429, envelope(429, "Rate limit exceeded.", "RateLimitExceeded"), headers={"x-ratelimit-reset": "7"})
    session = FakeSession().add("GET", "/x", limited, FakeResponse(200, {}))
    client = make_client(session, token="t")
    client.get("/x", "read x")
    assert client.sleeps == [7.0]


def test_429_gives_up_after_retries_with_clear_message():
    limited = FakeResponse(429, envelope(429, "Rate limit exceeded.", "RateLimitExceeded", req_id="req-RATE"), headers={"retry-after": "2"})
    session = FakeSession().add("GET", "/x", limited)
    client = make_client(session, token="t", retries=3)
    with pytest.raises(RateLimitError) as info:
        client.get("/x", "read x")
    assert len(session.calls) == 4
    text = str(info.value)
    assert "gave up after 4 attempts" in text and "wait 2s" in text and "req-RATE" in text


def test_retry_budget_bounds_total_wait():
    limited = FakeResponse(429, envelope(429, "slow down", "RateLimitExceeded"), headers={"retry-after": "50"})
    session = FakeSession().add("GET", "/x", limited)
    client = make_client(session, token="t", retries=10, retry_max_wait=120)
    with pytest.raises(RateLimitError):
        client.get("/x", "read x")
    assert sum(client.sleeps) <= 120
    assert client.sleeps == [50.0, 50.0]


def test_backoff_is_exponential_jittered_and_capped(monkeypatch):
    monkeypatch.setattr(_client.random, "uniform", lambda a, b: b)  # upper bound of the jitter
    unavailable = FakeResponse(503, envelope(503, "Service Unavailable", "ServiceUnavailable"))
    session = FakeSession().add("GET", "/x", unavailable)
    client = make_client(session, token="t", retries=7, retry_max_wait=1000)
    with pytest.raises(ServerError):
        client.get("/x", "read x")
    assert client.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 10.0, 10.0]


def test_jitter_stays_within_half_to_full_backoff():
    unavailable = FakeResponse(502, None, text="<html>bad gateway</html>")
    session = FakeSession().add("GET", "/x", unavailable)
    client = make_client(session, token="t", retries=4, retry_max_wait=1000)
    with pytest.raises(ServerError):
        client.get("/x", "read x")
    for n, delay in enumerate(client.sleeps):
        full = min(10.0, 0.5 * 2 ** n)
        assert full / 2 <= delay <= full


def test_500_on_read_retried_once_and_never_on_write():
    boom = FakeResponse(500, envelope(500, "Something went wrong", "InternalServerError"))
    session = FakeSession().add("GET", "/x", boom).add("POST", "/y", boom)
    client = make_client(session, token="t")
    with pytest.raises(ServerError):
        client.get("/x", "read x")
    with pytest.raises(ServerError):
        client.post("/y", "create y", body={"a": 1})
    assert session.paths() == ["GET /x", "GET /x", "POST /y"]


def test_other_4xx_not_retried():
    session = FakeSession().add("GET", "/x", FakeResponse(404, envelope(404, "Secret with name 'X' not found", "NotFound")))
    client = make_client(session, token="t")
    with pytest.raises(NotFoundError) as info:
        client.get("/x", "read secret 'X'")
    assert not isinstance(info.value, RouteNotFoundError)
    assert len(session.calls) == 1


def _reset_error():
    return requests.exceptions.ConnectionError(urllib3.exceptions.ProtocolError("Connection aborted.", ConnectionResetError(104, "reset")))


def _refused_error():
    inner = urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
    return requests.exceptions.ConnectionError(urllib3.exceptions.MaxRetryError(None, "/x?projectId=SECRETQUERY", inner))


def test_connection_refused_is_retried_even_for_post():
    session = FakeSession().add("POST", "/y", _refused_error(), FakeResponse(200, {"ok": True}))
    client = make_client(session, token="t")
    assert client.post("/y", "create y") == {"ok": True}
    assert len(session.calls) == 2


def test_dropped_post_without_confirm_is_not_repeated():
    session = FakeSession().add("POST", "/y", _reset_error())
    client = make_client(session, token="t")
    with pytest.raises(WriteOutcomeUnknownError) as info:
        client.post("/y", "create y")
    assert len(session.calls) == 1
    assert "may or may not have been applied" in str(info.value)


def test_dropped_post_that_landed_is_confirmed_not_repeated():
    session = FakeSession().add("POST", "/y", _reset_error())
    client = make_client(session, token="t")
    confirms = []

    def confirm():
        confirms.append(1)
        return {"secret": {"id": "s1"}}

    assert client.post("/y", "create y", confirm=confirm) == {"secret": {"id": "s1"}}
    assert len(session.calls) == 1 and confirms == [1]


def test_dropped_post_that_did_not_land_is_sent_again():
    session = FakeSession().add("POST", "/y", _reset_error(), FakeResponse(200, {"secret": {"id": "s2"}}))
    client = make_client(session, token="t")
    assert client.post("/y", "create y", confirm=lambda: None) == {"secret": {"id": "s2"}}
    assert len(session.calls) == 2


def test_retried_create_answering_already_exists_is_confirmed():
    exists = FakeResponse(400, envelope(400, "Secret already exists", "BadRequest"))
    session = FakeSession().add("POST", "/y", FakeResponse(503, envelope(503, "unavailable", "ServiceUnavailable")), exists)
    answers = iter([None, {"secret": {"id": "late"}}])  # not visible yet, then visible
    client = make_client(session, token="t")
    assert client.post("/y", "create y", confirm=lambda: next(answers)) == {"secret": {"id": "late"}}
    assert len(session.calls) == 2


def test_dropped_patch_is_replayed():
    session = FakeSession().add("PATCH", "/y", _reset_error(), FakeResponse(200, {"ok": 1}))
    client = make_client(session, token="t")
    assert client.patch("/y", "update y", body={"a": 1}) == {"ok": 1}


def test_tls_failure_is_not_retried_and_says_so():
    session = FakeSession().add("GET", "/api/status", requests.exceptions.SSLError("certificate verify failed: self-signed certificate"))
    client = make_client(session, token="t")
    with pytest.raises(TLSError) as info:
        client.status()
    assert len(session.calls) == 1
    assert "certificate verify failed" in str(info.value) and "ca_path" in str(info.value)


def test_unresolvable_host_fails_fast():
    inner = urllib3.exceptions.NameResolutionError("nohost.invalid", None, OSError("Name or service not known"))
    session = FakeSession().add("GET", "/api/status", requests.exceptions.ConnectionError(inner))
    client = make_client(session, token="t")
    with pytest.raises(ConnectionFailedError) as info:
        client.status()
    assert len(session.calls) == 1
    assert "cannot resolve host" in str(info.value)


def test_connection_error_message_has_no_query_values():
    session = FakeSession().add("GET", "/x", _refused_error())
    client = make_client(session, token="t", retries=0)
    with pytest.raises(ConnectionFailedError) as info:
        client.get("/x", "read x", query={"projectId": "SECRETQUERY"})
    assert "SECRETQUERY" not in str(info.value)


def test_query_booleans_and_json_bodies():
    session = FakeSession().add("GET", "/x", FakeResponse(200, {})).add("DELETE", "/y", FakeResponse(200, {}))
    client = make_client(session, token="t")
    client.get("/x", "read", query={"recursive": False, "viewSecretValue": True, "skip": None})
    client.delete("/y", "delete")
    assert session.calls[0]["params"] == {"recursive": "false", "viewSecretValue": "true"}
    assert session.calls[0]["json"] is None
    assert session.calls[1]["json"] == {}  # a JSON body, even when empty


def test_verify_and_timeout_passed_through(tmp_path):
    ca_file = tmp_path / "ca.pem"
    ca_file.write_text("not checked here")
    session = FakeSession().add("GET", "/x", FakeResponse(200, {}))
    client = make_client(session, token="t", ca_path=str(ca_file), timeout=7)
    client.get("/x", "read")
    assert session.calls[0]["verify"] == str(ca_file) and session.calls[0]["timeout"] == 7
    assert make_client(session, validate_certs=False).verify is False


def test_missing_ca_path_names_the_option(tmp_path):
    with pytest.raises(OptionError) as caught:
        make_client(FakeSession(), token="t", ca_path=str(tmp_path / "missing.pem"))
    assert caught.value.option == "ca_path" and "\n" not in str(caught.value)


def test_path_with_encodes_segments():
    assert path_with("/api/v4/secrets/{}", "A/B C") == "/api/v4/secrets/A%2FB%20C"


@pytest.mark.parametrize("status,body,cls", [
    (400, envelope(400, "Secret already exists", "BadRequest"), ConflictError),
    (400, envelope(400, "Secret already exist", "BadRequest"), ConflictError),
    (400, envelope(400, "Missing project id or environment", "BadRequest"), BadRequestError),
    (422, {"statusCode": 422, "error": "ValidationFailure", "message": [{"path": ["name"], "message": "bad"}]}, BadRequestError),
    (401, envelope(401, "Invalid credentials", "UnauthorizedError"), AuthenticationError),
    (403, envelope(403, "malformed", "TokenError"), AuthenticationError),
    (403, envelope(403, "nope", "PermissionDenied"), PermissionDeniedError),
    (404, envelope(404, "Project not found", "NotFound"), NotFoundError),
    (404, envelope(404, "Route GET:/api/v4/secrets not found", "Not Found"), RouteNotFoundError),
    (404, None, RouteNotFoundError),
])
def test_status_mapping(status, body, cls):
    session = FakeSession().add("GET", "/x", FakeResponse(status, body, text="<html>" if body is None else None))
    client = make_client(session, token="t", creds=False)
    with pytest.raises(cls) as info:
        client.get("/x", "read x")
    assert type(info.value) is cls  # pylint: disable=unidiomatic-typecheck
    assert info.value.status == status


def test_error_message_format():
    body = envelope(403, "You are not allowed to edit on secrets", "PermissionDenied", req_id="req-7Hq2")
    session = FakeSession().add("PATCH", "/api/v4/secrets/DB", FakeResponse(403, body))
    client = make_client(session, token="t", creds=False)
    with pytest.raises(PermissionDeniedError) as info:
        client.patch("/api/v4/secrets/DB", "update secret 'DB' (project 'p1', environment 'prod', path '/')",
                     body={"secretValue": "CANARY-VALUE"})
    text = str(info.value)
    assert text.startswith("Failed to update secret 'DB' (project 'p1', environment 'prod', path '/'): "
                           "HTTP 403 PermissionDenied: You are not allowed to edit on secrets [reqId req-7Hq2] (PATCH /api/v4/secrets/DB)")
    assert "\n" not in text and "CANARY-VALUE" not in text
    assert info.value.result_fields()["request_id"] == "req-7Hq2"


def test_no_secret_in_any_error_text():
    """Every failure path of a login: the client secret never appears."""
    failures = [
        FakeResponse(401, envelope(401, "Invalid credentials", "UnauthorizedError")),
        FakeResponse(404, envelope(404, "No identity with specified client ID was found", "NotFound")),
        FakeResponse(422, {"statusCode": 422, "error": "ValidationFailure",
                           "message": [{"path": ["clientSecret"], "message": "Invalid", "received": CLIENT_SECRET}]}),
        FakeResponse(500, None, text="oops " + CLIENT_SECRET),
        _reset_error(),
        requests.exceptions.SSLError("bad cert"),
    ]
    for failure in failures:
        session = FakeSession().add("POST", LOGIN, failure).add("GET", "/x", FakeResponse(200, {}))
        client = make_client(session, retries=1)
        with pytest.raises(Exception) as info:  # pylint: disable=broad-exception-caught
            client.get("/x", "read x")
        assert CLIENT_SECRET not in str(info.value)
        assert CLIENT_SECRET not in repr(info.value.args)
        assert CLIENT_SECRET not in repr(client.auth.method)
        assert all(CLIENT_SECRET not in w for w in client.warnings)


def test_login_404_on_old_servers_is_a_credential_error():
    unknown = {"statusCode": 404, "message": "No identity with specified client ID was found", "error": "NotFound"}
    session = FakeSession().add("POST", LOGIN, FakeResponse(404, unknown))
    client = make_client(session)
    with pytest.raises(AuthenticationError):
        client.get("/x", "read x")


def test_call_falls_back_once_per_server():
    missing = FakeResponse(404, envelope(404, "Route GET:/api/v4/secrets not found", "Not Found"))
    session = FakeSession().add("GET", "/api/v4/secrets", missing).add("GET", "/api/v3/secrets/raw", FakeResponse(200, {"secrets": []}))
    client = make_client(session, token="t")

    def call():
        return client.call("secret.list", "list", project="p1", query={"environment": "dev", "secretPath": "/"})

    call()
    call()
    again = make_client(session, token="t")  # a second client for the same URL knows too
    again.call("secret.list", "list", project="p1", query={"environment": "dev", "secretPath": "/"})
    assert session.paths() == ["GET /api/v4/secrets", "GET /api/v3/secrets/raw", "GET /api/v3/secrets/raw", "GET /api/v3/secrets/raw"]
    assert len(client.warnings) == 1


def test_paginate_follows_total_count():
    pages = iter([
        FakeResponse(200, {"items": [1, 2], "totalCount": 5}),
        FakeResponse(200, {"items": [3, 4], "totalCount": 5}),
        FakeResponse(200, {"items": [5], "totalCount": 5}),
    ])
    session = FakeSession().add("GET", "/list", lambda call: next(pages))
    client = make_client(session, token="t")
    assert client.paginate("/list", "list items", "items", page_size=2) == [1, 2, 3, 4, 5]
    assert [c["params"]["offset"] for c in session.calls] == [0, 2, 4]


def test_parse_retry_after_http_date():
    assert parse_retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, now=1445412470) == 10.0
    assert parse_retry_after({}) is None
    assert parse_retry_after({"retry-after": "soon"}) is None


def test_told_generation_skips_the_probe():
    session = FakeSession().add("GET", "/api/v3/secrets/raw", FakeResponse(200, {"secrets": []}))
    client = make_client(session, token="t", generation="legacy")
    client.call("secret.list", "list", project="p1", query={"environment": "dev", "secretPath": "/"})
    assert session.paths() == ["GET /api/v3/secrets/raw"]
