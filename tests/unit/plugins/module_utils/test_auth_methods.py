# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The auth-method dispatcher: which method the options select, what each validates, how it logs in."""

from __future__ import annotations

import pytest

from ansible_collections.secretops.infisical.plugins.module_utils import _client
from ansible_collections.secretops.infisical.plugins.module_utils._auth import (
    AUTH_METHODS,
    LOGIN_METHODS,
    AccessTokenProvider,
    AuthMethod,
    build_auth,
    select_auth_method,
)
from ansible_collections.secretops.infisical.plugins.module_utils._client import InfisicalClient
from ansible_collections.secretops.infisical.plugins.module_utils._errors import (
    AuthenticationError,
    OptionError,
    RouteNotFoundError,
)
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes import FakeResponse, FakeSession, envelope

LOGIN = "/api/v1/auth/universal-auth/login"
SECRET = "c4n4ry-secret-9f8e7d6c5b4a"
TOKEN = "c4n4ry-token-0a1b2c3d4e5f"
UA = {"universal_auth_client_id": "cid-1", "universal_auth_client_secret": SECRET}


@pytest.fixture(autouse=True)
def _forget_generations():
    _client._GENERATION_BY_URL.clear()
    yield
    _client._GENERATION_BY_URL.clear()


# (case id, options, allowed methods, expected method name, token used first)
SELECTED = [
    ("token alone", {"token": TOKEN}, None, "token", TOKEN),
    ("client credentials", UA, None, "universal_auth", None),
    ("both: universal_auth, token first", dict(UA, token=TOKEN), None, "universal_auth", TOKEN),
    ("explicit token ignores credentials", dict(UA, token=TOKEN, auth_method="token"), None, "token", TOKEN),
    ("explicit universal_auth", dict(UA, auth_method="universal_auth"), None, "universal_auth", None),
    ("login: credentials", UA, LOGIN_METHODS, "universal_auth", None),
    ("sub-organization", dict(UA, organization_slug="sub"), None, "universal_auth", None),
]


@pytest.mark.parametrize("options,allowed,expected,first_token", [c[1:] for c in SELECTED], ids=[c[0] for c in SELECTED])
def test_selected_method(options, allowed, expected, first_token):
    method = select_auth_method(options, allowed)
    assert method.name == expected
    provider = build_auth(options, methods=allowed)
    assert provider.method.name == expected
    assert (provider.current.token if provider.current else None) == first_token
    assert provider.can_refresh() is AUTH_METHODS[expected].logs_in
    assert SECRET not in repr(method) and TOKEN not in repr(method)


# (case id, options, allowed methods, option named, words of the message)
REFUSED = [
    ("nothing given", {}, None, "auth_method",
     "was not set and no credentials were given: set universal_auth_client_id and universal_auth_client_secret "
     "for auth_method=universal_auth; or token for auth_method=token"),
    ("login: nothing given", {}, LOGIN_METHODS, "auth_method",
     "set universal_auth_client_id and universal_auth_client_secret for auth_method=universal_auth (or their"),
    ("half of the credentials", {"universal_auth_client_id": "cid-1"}, None, "universal_auth_client_secret",
     "is required to log in with auth_method=universal_auth (Universal Auth)"),
    ("half of the credentials beside a token", {"universal_auth_client_secret": SECRET, "token": TOKEN}, None,
     "universal_auth_client_id", "is required to log in with auth_method=universal_auth"),
    ("explicit token without one", dict(UA, auth_method="token"), None, "token",
     "is required to log in with auth_method=token"),
    ("explicit universal_auth with a token only", {"token": TOKEN, "auth_method": "universal_auth"}, None,
     "universal_auth_client_id", "is required to log in with auth_method=universal_auth"),
    ("unknown method", dict(UA, auth_method="kerberos"), None, "auth_method",
     "must be one of universal_auth, token (got 'kerberos')"),
    ("login: token method", {"token": TOKEN, "auth_method": "token"}, LOGIN_METHODS, "auth_method",
     "must be one of universal_auth (got 'token')"),
]


@pytest.mark.parametrize("options,allowed,option,words", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_in_one_line_naming_the_option(options, allowed, option, words):
    with pytest.raises(OptionError) as info:
        build_auth(options, methods=allowed)
    message = str(info.value)
    assert info.value.option == option
    assert message.startswith("Option '%s' " % option)
    assert words in message
    assert "\n" not in message
    assert SECRET not in message and TOKEN not in message


def test_login_methods_are_those_that_obtain_a_token():
    assert LOGIN_METHODS == [name for name, cls in AUTH_METHODS.items() if cls.logs_in]
    assert "token" not in LOGIN_METHODS and "universal_auth" in LOGIN_METHODS
    for name, cls in AUTH_METHODS.items():
        assert issubclass(cls, AuthMethod) and cls.name == name and cls.doc.startswith("V(%s)" % name)
        assert set(cls.REQUIRED) <= set(cls.OPTIONS)


def _client_for(session, options, methods=None):
    return InfisicalClient("https://infisical.example", auth=build_auth(options, methods=methods), session=session,
                           sleep=lambda _s: None, retries=0)


def _ok(token="tok-new"):
    return FakeResponse(200, {"accessToken": token, "expiresIn": 3600, "accessTokenMaxTTL": 7200, "tokenType": "Bearer"})


# (case id, login answer, error class, words of the message)
LOGIN_FAILURES = [
    ("wrong secret", FakeResponse(401, envelope(401, "Invalid credentials", "UnauthorizedError", "req-L1")),
     AuthenticationError, "Failed to log in with Universal Auth (client id 'cid-1'): HTTP 401 UnauthorizedError: "
                          "Invalid credentials [reqId req-L1] (POST %s); check the token or the "
                          "universal_auth_client_id/universal_auth_client_secret options (auth_method=universal_auth)" % LOGIN),
    ("2024 server: unknown client id is 404",
     FakeResponse(404, envelope(404, "No identity with specified client ID was found", "NotFound", "req-L2")),
     AuthenticationError, "log in with Universal Auth (client id 'cid-1'): HTTP 404 NotFound: No identity with "
                          "specified client ID was found [reqId req-L2] (POST %s); check the token or the "
                          "universal_auth_client_id/universal_auth_client_secret options (auth_method=universal_auth)" % LOGIN),
    ("answer without a token", FakeResponse(200, {"expiresIn": 5}), AuthenticationError,
     "log in with Universal Auth (client id 'cid-1'): HTTP 200 the answer carried no access token"),
    ("no such route", FakeResponse(404, {"message": "Route POST:%s not found" % LOGIN, "error": "Not Found",
                                         "statusCode": 404}),
     RouteNotFoundError, "has no route POST %s" % LOGIN),
]


@pytest.mark.parametrize("answer,error,words", [c[1:] for c in LOGIN_FAILURES], ids=[c[0] for c in LOGIN_FAILURES])
def test_login_failure_names_the_method_and_quotes_the_server(answer, error, words):
    session = FakeSession().add("POST", LOGIN, answer)
    client = _client_for(session, UA)
    with pytest.raises(error) as info:
        client.get("/api/v1/x", "read x")
    assert words in str(info.value)
    assert SECRET not in str(info.value) and SECRET not in repr(info.value.args)
    assert session.paths() == ["POST " + LOGIN]


def test_universal_auth_login_body():
    session = FakeSession().add("POST", LOGIN, _ok()).add("GET", "/api/v1/x", FakeResponse(200, {}))
    client = _client_for(session, dict(UA, organization_slug="sub-org"))
    client.get("/api/v1/x", "read x")
    assert session.calls[0]["json"] == {"clientId": "cid-1", "clientSecret": SECRET, "organizationSlug": "sub-org"}
    assert "Authorization" not in session.calls[0]["headers"]
    assert session.calls[1]["headers"]["Authorization"] == "Bearer tok-new"


def test_token_method_never_logs_in_even_when_rejected():
    expired = FakeResponse(401, envelope(401, "Token expired", "UnauthorizedError", "req-T"))
    session = FakeSession().add("GET", "/api/v1/x", expired)
    client = _client_for(session, dict(UA, token=TOKEN, auth_method="token"))
    with pytest.raises(AuthenticationError) as info:
        client.get("/api/v1/x", "read x")
    assert str(info.value) == ("Failed to read x: HTTP 401 UnauthorizedError: Token expired [reqId req-T] (GET /api/v1/x); "
                               "check the token option; this method cannot log in again (auth_method=token)")
    assert TOKEN not in str(info.value)
    assert session.paths() == ["GET /api/v1/x"]  # the credentials beside it are not used


def test_token_beside_credentials_is_used_first_then_renewed_once():
    expired = FakeResponse(401, envelope(401, "Token expired", "UnauthorizedError", "req-T"))
    session = FakeSession().add("GET", "/api/v1/x", expired, FakeResponse(200, {})).add("POST", LOGIN, _ok())
    client = _client_for(session, dict(UA, token=TOKEN))
    client.get("/api/v1/x", "read x")
    assert session.paths() == ["GET /api/v1/x", "POST " + LOGIN, "GET /api/v1/x"]
    assert session.calls[0]["headers"]["Authorization"] == "Bearer " + TOKEN
    assert session.calls[2]["headers"]["Authorization"] == "Bearer tok-new"


def test_refresh_of_the_token_method_names_the_option():
    provider = AccessTokenProvider(token=TOKEN, method=select_auth_method({"token": TOKEN}))
    with pytest.raises(OptionError, match="Option 'token' was rejected, and auth_method=token cannot log in again"):
        provider.refresh(None)


def test_a_new_method_is_one_registered_class(monkeypatch):
    """What issue 13 does for each method: one class, nothing else changes."""
    monkeypatch.setattr("ansible_collections.secretops.infisical.plugins.module_utils._auth.AUTH_METHODS",
                        dict(AUTH_METHODS))
    from ansible_collections.secretops.infisical.plugins.module_utils import _auth

    @_auth.auth_method
    class Example(AuthMethod):
        name = "example"
        label = "Example Auth"
        doc = "V(example) logs in with O(example_jwt)"
        OPTIONS = ("example_jwt",)
        REQUIRED = ("example_jwt",)

        def login(self, client):
            return self._post_login(client, "/api/v1/auth/example-auth/login", "log in with Example Auth",
                                    {"jwt": self.values["example_jwt"]})

    session = FakeSession().add("POST", "/api/v1/auth/example-auth/login", _ok("tok-ex")).add("GET", "/api/v1/x", FakeResponse(200, {}))
    client = _client_for(session, {"example_jwt": "jwt-canary"})  # selected by what is given
    client.get("/api/v1/x", "read x")
    assert session.calls[1]["headers"]["Authorization"] == "Bearer tok-ex"
    with pytest.raises(OptionError, match="Option 'example_jwt' is required to log in with auth_method=example"):
        select_auth_method({"auth_method": "example"})
