# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Universal Auth login, token checks, renew and revoke (§3)."""
from __future__ import annotations

import base64
import json

LOGIN = "/api/v1/auth/universal-auth/login"
EXPIRED = "Your token has expired. Please re-authenticate."


def _claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _advance(emu, seconds):
    """Move the emulator's clock instead of sleeping: the outcome cannot depend on the machine's speed."""
    emu.control("POST", "clock", {"advance": seconds})


def _secrets_list(emu, client, token=None):
    kwargs = {} if token is None else {"token": token}
    return client.get("/api/v4/secrets", query={"projectId": emu.project_id, "environment": "dev"}, **kwargs)


def test_login_shape_and_jwt(emu):
    reply = emu.client().post(LOGIN, {"clientId": emu.info["client_id"], "clientSecret": emu.info["client_secret"]})
    assert reply.status == 200
    assert set(reply.json) == {"accessToken", "expiresIn", "accessTokenMaxTTL", "tokenType"}
    assert reply.json["expiresIn"] == 2592000
    assert reply.json["accessTokenMaxTTL"] == 2592000
    assert reply.json["tokenType"] == "Bearer"
    claims = _claims(reply.json["accessToken"])
    assert claims["authTokenType"] == "identityAccessToken"
    assert claims["identityId"] == emu.info["identity_id"]
    assert "identityAccessTokenId" in claims and "iat" in claims and "exp" in claims
    assert "orgId" not in claims


def test_login_failures(emu):
    client = emu.client()
    reply = client.post(LOGIN, {"clientId": emu.info["client_id"], "clientSecret": "0" * 64})
    assert (reply.status, reply.json["message"]) == (401, "Invalid credentials")
    reply = client.post(LOGIN, {"clientId": "00000000-0000-4000-8000-000000000000", "clientSecret": "0" * 64})
    assert (reply.status, reply.json["message"]) == (401, "Invalid credentials")
    reply = client.post(LOGIN, {"clientId": emu.info["client_id"]})
    assert reply.status == 422
    assert reply.json["error"] == "ValidationFailure"
    assert reply.json["message"][0]["path"] == ["clientSecret"]


def test_login_lockout_after_three_failures(emu):
    client = emu.identity(roles=None, name="locked")
    created = emu.control("POST", "identities", {"name": "lockme"}).json
    anon = emu.client()
    for _attempt in range(3):
        assert anon.post(LOGIN, {"clientId": created["client_id"], "clientSecret": "f" * 64}).status == 401
    reply = anon.post(LOGIN, {"clientId": created["client_id"], "clientSecret": created["client_secret"]})
    assert reply.status == 401
    assert reply.json["message"] == "This identity auth method is temporarily locked, please try again later"
    assert client.token  # other identities are unaffected


def test_lockout_can_be_disabled(emu):
    created = emu.control("POST", "identities", {"name": "nolock", "lockout_enabled": False}).json
    anon = emu.client()
    for _attempt in range(4):
        assert anon.post(LOGIN, {"clientId": created["client_id"], "clientSecret": "f" * 64}).status == 401
    assert anon.post(LOGIN, {"clientId": created["client_id"], "clientSecret": created["client_secret"]}).status == 200


def test_client_secret_usage_limit(emu):
    created = emu.control("POST", "identities", {"name": "limited", "client_secret_num_uses_limit": 1}).json
    anon = emu.client()
    assert anon.post(LOGIN, {"clientId": created["client_id"], "clientSecret": created["client_secret"]}).status == 200
    reply = anon.post(LOGIN, {"clientId": created["client_id"], "clientSecret": created["client_secret"]})
    assert reply.status == 401
    assert reply.json["message"] == "Access denied due to client secret usage limit reached"


def test_client_secret_ttl(emu):
    emu.control("POST", "clock", {"frozen": True})
    created = emu.control("POST", "identities", {"name": "short", "client_secret_ttl": 10}).json
    _advance(emu, 10)
    assert emu.client().post(LOGIN, {"clientId": created["client_id"], "clientSecret": created["client_secret"]}).status == 200
    _advance(emu, 0.5)
    reply = emu.client().post(LOGIN, {"clientId": created["client_id"], "clientSecret": created["client_secret"]})
    assert reply.status == 401
    assert reply.json["message"] == "Access denied due to expired client secret"


def test_token_missing(emu):
    reply = _secrets_list(emu, emu.client(), token=None)
    assert reply.status == 401
    assert reply.json["error"] == "UnauthorizedError"
    assert reply.json["message"] == "Token missing"


def test_garbage_and_bad_signature_tokens(emu):
    client = emu.client()
    reply = _secrets_list(emu, client, token="not-a-jwt")
    assert reply.status == 403
    assert reply.json["error"] == "TokenError"
    header, payload, _signature = emu.api.token.split(".")
    reply = _secrets_list(emu, client, token="%s.%s.%s" % (header, payload, "A" * 43))
    assert reply.status == 403
    assert reply.json["error"] == "TokenError"
    assert reply.json["message"] == "invalid signature"


def test_ttl_expiry_is_403_token_error(emu):
    emu.control("POST", "clock", {"frozen": True})
    client = emu.identity(["admin"], access_token_ttl=60, access_token_max_ttl=600)
    _advance(emu, 59.5)
    assert _secrets_list(emu, client).status == 200
    _advance(emu, 1)  # past the exp claim (kept to the millisecond)
    reply = _secrets_list(emu, client)
    assert reply.status == 403
    assert reply.json["error"] == "TokenError"
    assert reply.json["message"] == EXPIRED


def test_ttl_zero_never_expires(emu):
    client = emu.identity(["admin"], access_token_ttl=0, access_token_max_ttl=0)
    assert "exp" not in _claims(client.token)
    assert _secrets_list(emu, client).status == 200


def test_uses_limit(emu):
    client = emu.identity(["admin"], access_token_num_uses_limit=2)
    assert _secrets_list(emu, client).status == 200
    assert _secrets_list(emu, client).status == 200
    reply = _secrets_list(emu, client)
    assert reply.status == 401
    assert reply.json["message"] == "Unable to renew because access token number of uses limit reached"


def test_renew_gives_new_token_with_new_window(emu):
    emu.control("POST", "clock", {"frozen": True})
    client = emu.identity(["admin"], access_token_ttl=60, access_token_max_ttl=1000)
    _advance(emu, 30)
    reply = emu.client().post("/api/v1/auth/token/renew", {"accessToken": client.token})
    assert reply.status == 200
    assert reply.json["accessToken"] != client.token
    assert reply.json["expiresIn"] == 60
    _advance(emu, 40)
    assert _secrets_list(emu, client).status == 403
    assert _secrets_list(emu, client, token=reply.json["accessToken"]).status == 200


def test_renew_capped_by_max_ttl_then_fails(emu):
    emu.control("POST", "clock", {"frozen": True})
    client = emu.identity(["admin"], access_token_ttl=60, access_token_max_ttl=100)
    anon = emu.client()
    _advance(emu, 50)
    renewed = anon.post("/api/v1/auth/token/renew", {"accessToken": client.token})
    assert renewed.status == 200
    assert renewed.json["expiresIn"] == 50  # capped by the max TTL
    _advance(emu, 50.5)
    reply = anon.post("/api/v1/auth/token/renew", {"accessToken": renewed.json["accessToken"]})
    assert reply.status == 403
    assert reply.json["error"] == "TokenError"


def test_renew_expired_and_garbage(emu):
    anon = emu.client()
    reply = anon.post("/api/v1/auth/token/renew", {"accessToken": "garbage"})
    assert (reply.status, reply.json["error"]) == (403, "TokenError")
    reply = anon.post("/api/v1/auth/token/renew", {})
    assert reply.status == 422


def test_revoke(emu):
    client = emu.identity(["admin"])
    anon = emu.client()
    reply = anon.post("/api/v1/auth/token/revoke", {"accessToken": client.token})
    assert reply.status == 200
    assert reply.json == {"message": "Successfully revoked access token"}
    # Current builds keep a revoked token, marked (recorded on the 2026-07 build).
    reply = _secrets_list(emu, client)
    assert (reply.status, reply.json["message"]) == (401, "Failed to authorize: token has been revoked")
    reply = anon.post("/api/v1/auth/token/revoke", {"accessToken": client.token})
    assert reply.status == 200
    reply = anon.post("/api/v1/auth/token/renew", {"accessToken": client.token})
    assert (reply.status, reply.json["message"]) == (401, "Cannot renew: token has been revoked")


def test_control_expire_tokens(emu):
    assert _secrets_list(emu, emu.api).status == 200
    emu.control("POST", "tokens/expire")
    reply = _secrets_list(emu, emu.api)
    assert (reply.status, reply.json["error"], reply.json["message"]) == (403, "TokenError", EXPIRED)
    emu.api.login(emu.info["client_id"], emu.info["client_secret"])
    assert _secrets_list(emu, emu.api).status == 200


def test_identity_details(emu):
    reply = emu.api.get("/api/v1/identities/details")
    assert reply.status == 200
    assert reply.json == {"identityDetails": {"organization": {"id": emu.info["organization_id"], "name": "Emulator Org",
                                                               "slug": "emulator-org"}}}
    assert emu.client().get("/api/v1/identities/details").status == 401


def test_get_identity(emu):
    reply = emu.api.get("/api/v1/identities/" + emu.info["identity_id"])
    assert reply.status == 200
    assert reply.json["identity"]["role"] == "admin"
    assert reply.json["identity"]["identity"]["name"] == "emulator-admin"
    assert reply.json["identity"]["identity"]["authMethods"] == ["universal-auth"]
    reply = emu.api.get("/api/v1/identities/00000000-0000-4000-8000-000000000000")
    assert reply.status == 404
