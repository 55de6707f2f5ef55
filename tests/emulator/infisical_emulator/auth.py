# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Universal Auth login, access tokens (HS256 JWTs), renew, revoke and the per-request token check."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

from . import validation as v
from .errors import bad_request, not_found, token_error, unauthorized
from .store import hash_secret, new_id, now_iso

EXPIRED_MESSAGE = "Your token has expired. Please re-authenticate."
MALFORMED_MESSAGE = "The provided access token is malformed. Please use a valid token or generate a new one and try again."
NO_TOKEN_MESSAGE = "No identity access token found"
REVOKED_MESSAGE = "Failed to authorize: token has been revoked"
RENEW_REVOKED_MESSAGE = "Cannot renew: token has been revoked"


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_jwt(key, claims):
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = ("%s.%s" % (header, payload)).encode("ascii")
    signature = _b64(hmac.new(bytes.fromhex(key), signing_input, hashlib.sha256).digest())
    return "%s.%s.%s" % (header, payload, signature)


def verify_jwt(key, token, now=None):
    """Return the claims or raise the 403 ``TokenError`` Infisical answers."""
    parts = token.split(".")
    if len(parts) != 3:
        raise token_error(MALFORMED_MESSAGE)
    try:
        header = json.loads(_unb64(parts[0]))
        claims = json.loads(_unb64(parts[1]))
        signature = _unb64(parts[2])
    except (ValueError, TypeError) as exc:
        raise token_error(MALFORMED_MESSAGE) from exc
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise token_error(MALFORMED_MESSAGE)
    if header.get("alg") != "HS256":
        raise token_error("invalid algorithm")
    expected = hmac.new(bytes.fromhex(key), ("%s.%s" % (parts[0], parts[1])).encode("ascii"), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        raise token_error("invalid signature")
    exp = claims.get("exp")
    if isinstance(exp, (int, float)) and (time.time() if now is None else now) >= exp:
        raise token_error(EXPIRED_MESSAGE)
    return claims


LOGIN_SCHEMA = v.Object({
    "clientId": v.String(trim=True),
    "clientSecret": v.String(trim=True),
    "organizationSlug": v.String(optional=True),
})
TOKEN_SCHEMA = v.Object({"accessToken": v.String(trim=True)})


class Authenticator:
    """Token issue and verification against the ``Store``."""

    def __init__(self, store, profile, clock=time.time):
        self.store = store
        self.profile = profile
        self.clock = clock

    # ---- login ----------------------------------------------------------

    def login(self, body):
        data = v.validate(LOGIN_SCHEMA, body)
        identity = self.store.ua_by_client_id(data["clientId"])
        if identity is None:
            if self.profile.legacy:
                raise not_found("No identity with specified client ID was found")
            raise unauthorized("Invalid credentials")
        ua = identity["ua"]
        now = self.clock()
        if self.profile.lockout and ua["lockoutEnabled"] and ua["lockedUntil"] > now:
            raise unauthorized("This identity auth method is temporarily locked, please try again later")
        wanted = hash_secret(data["clientSecret"])
        record = None
        for candidate in ua["clientSecrets"].values():
            if not candidate["isClientSecretRevoked"] and candidate["clientSecretHash"] == wanted:
                record = candidate
                break
        if record is None:
            self._count_failure(ua, now)
            raise unauthorized("Invalid credentials")
        ua["failures"] = []
        if record["clientSecretTTL"] and now > record["createdAtEpoch"] + record["clientSecretTTL"]:
            record["isClientSecretRevoked"] = True
            raise unauthorized("Access denied due to expired client secret")
        if record["clientSecretNumUsesLimit"] and record["clientSecretNumUses"] >= record["clientSecretNumUsesLimit"]:
            record["isClientSecretRevoked"] = True
            raise unauthorized("Access denied due to client secret usage limit reached")
        record["clientSecretNumUses"] += 1
        identity["lastLoginAuthMethod"] = "universal-auth"
        identity["lastLoginTime"] = now_iso(now)
        return self.issue(identity, record["id"])

    def _count_failure(self, ua, now):
        if not (self.profile.lockout and ua["lockoutEnabled"]):
            return
        window = ua["lockoutCounterResetSeconds"]
        ua["failures"] = [moment for moment in ua["failures"] if moment > now - window] + [now]
        if len(ua["failures"]) >= ua["lockoutThreshold"]:
            ua["lockedUntil"] = now + ua["lockoutDurationSeconds"]
            ua["failures"] = []

    def issue(self, identity, client_secret_id):
        ua = identity["ua"]
        now = self.clock()
        token_id = new_id()
        record = {
            "id": token_id,
            "identityId": identity["id"],
            "clientSecretId": client_secret_id,
            "ttl": ua["accessTokenTTL"],
            "maxTtl": ua["accessTokenMaxTTL"],
            "numUsesLimit": ua["accessTokenNumUsesLimit"],
            "numUses": 0,
            "createdAt": now,
            "lastRenewedAt": now,
            "forcedExpired": False,
            "createdAtIso": now_iso(now),
        }
        self.store.data["tokens"][token_id] = record
        record["jwt"] = self._jwt(record, now)
        return self._login_answer(record)

    def _jwt(self, record, now, exp=None):
        claims = {
            "identityId": record["identityId"],
            "clientSecretId": record["clientSecretId"],
            "identityAccessTokenId": record["id"],
            "authTokenType": "identityAccessToken",
            "iat": int(now),
        }
        if exp is None:
            # 2024 builds put the max TTL in exp and check the TTL in the database.
            lifetime = record["maxTtl"] if self.profile.legacy else record["ttl"]
            if lifetime:
                exp = now + lifetime
        if exp is not None:
            claims["exp"] = round(exp, 3)
        return sign_jwt(self.store.data["signing_key"], claims)

    @staticmethod
    def _login_answer(record):
        return {
            "accessToken": record["jwt"],
            "expiresIn": record["ttl"],
            "accessTokenMaxTTL": record["maxTtl"],
            "tokenType": "Bearer",
        }

    # ---- renew / revoke -------------------------------------------------

    def _record_from_body(self, body):
        data = v.validate(TOKEN_SCHEMA, body)
        claims = self._claims(data["accessToken"])
        record = self.store.data["tokens"].get(claims.get("identityAccessTokenId"))
        if record is None:
            raise unauthorized(NO_TOKEN_MESSAGE)
        return record

    def renew(self, body):
        record = self._record_from_body(body)
        if record.get("revoked"):
            raise unauthorized(RENEW_REVOKED_MESSAGE)
        now = self.clock()
        if record["ttl"] and now > record["lastRenewedAt"] + record["ttl"]:
            raise unauthorized("Failed to renew MI access token due to TTL expiration")
        if record["maxTtl"]:
            max_end = record["createdAt"] + record["maxTtl"]
            if now > max_end:
                raise unauthorized("Failed to renew MI access token due to Max TTL expiration")
            if self.profile.legacy and now + record["ttl"] > max_end:
                self.store.data["tokens"].pop(record["id"], None)
                raise unauthorized("Failed to renew MI access token past its Max TTL expiration")
        record["lastRenewedAt"] = now
        if self.profile.legacy:
            return self._login_answer(record)
        exp = None
        if record["ttl"] and record["maxTtl"]:
            # A renewed token is capped by the max TTL.
            exp = min(now + record["ttl"], record["createdAt"] + record["maxTtl"])
        record["jwt"] = self._jwt(record, now, exp)
        answer = self._login_answer(record)
        if exp is not None:
            answer["expiresIn"] = max(0, int(exp - now))
        return answer

    def revoke(self, body):
        record = self._record_from_body(body)
        if self.profile.legacy:
            # 2024 builds delete the token: a second revoke finds nothing (401).
            self.store.data["tokens"].pop(record["id"], None)
        else:
            # Current builds mark it revoked and keep it: revoking again is a 200.
            record["revoked"] = True
        return {"message": "Successfully revoked access token"}

    def expire_all(self):
        for record in self.store.data["tokens"].values():
            record["forcedExpired"] = True

    # ---- per-request check ---------------------------------------------

    def _claims(self, token):
        claims = verify_jwt(self.store.data["signing_key"], token, self.clock())
        record = self.store.data["tokens"].get(claims.get("identityAccessTokenId"))
        if record is not None and record["forcedExpired"]:
            raise token_error(EXPIRED_MESSAGE)
        if claims.get("authTokenType") != "identityAccessToken":
            raise token_error(MALFORMED_MESSAGE)
        return claims

    def authenticate(self, header):
        """Return ``(identity, token record)`` for an ``Authorization`` header value."""
        if not header:
            raise unauthorized("Token missing")
        token = header[7:].strip()
        if not token:
            raise unauthorized("Token missing")
        claims = self._claims(token)
        record = self.store.data["tokens"].get(claims.get("identityAccessTokenId"))
        if record is None:
            raise unauthorized(NO_TOKEN_MESSAGE)
        if record.get("revoked"):
            raise unauthorized(REVOKED_MESSAGE)
        identity = self.store.identity(record["identityId"])
        if identity is None:
            raise bad_request("Identity does not belong to this organization")
        if record["numUsesLimit"] and record["numUses"] >= record["numUsesLimit"]:
            raise unauthorized("Unable to renew because access token number of uses limit reached")
        if record["ttl"] and self.clock() > record["lastRenewedAt"] + record["ttl"]:
            raise unauthorized("Failed to renew MI access token due to TTL expiration")
        record["numUses"] += 1
        return identity, record
