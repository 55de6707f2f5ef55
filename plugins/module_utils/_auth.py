# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Access tokens: Universal Auth login and reuse of a token obtained earlier.

Internal module: may change in any release.

One :class:`AccessTokenProvider` belongs to one client. It hands out a bearer
token, logging in lazily (so a module that only validates options makes no
request), logging in again shortly before a known expiry, and -- when the client
reports that the server rejected the token -- once more on demand, provided client
credentials are available.
"""

from __future__ import annotations

import time

from ansible_collections.secretops.infisical.plugins.module_utils._errors import (
    AuthenticationError,
    NotFoundError,
    OptionError,
    RouteNotFoundError,
)

LOGIN_PATH = "/api/v1/auth/universal-auth/login"


class AccessToken:
    """A bearer token and what the server said about its lifetime."""

    def __init__(self, token, expires_in=None, max_ttl=None, token_type="Bearer", obtained_at=None):
        self.token = token
        self.expires_in = expires_in  # seconds; 0 means "never expires"; None: unknown
        self.max_ttl = max_ttl
        self.token_type = token_type
        self.obtained_at = time.time() if obtained_at is None else obtained_at

    @classmethod
    def from_login(cls, data, obtained_at=None):
        token = data.get("accessToken")
        if not token:
            raise AuthenticationError("log in with Universal Auth", "POST", LOGIN_PATH, 200,
                                      server_message="the answer carried no access token")
        return cls(token, _int_or_none(data.get("expiresIn")), _int_or_none(data.get("accessTokenMaxTTL")),
                   data.get("tokenType") or "Bearer", obtained_at)

    @property
    def expires_at(self):
        """Epoch seconds of expiry, or ``None`` when it never expires or is unknown."""
        if not self.expires_in:
            return None
        return self.obtained_at + self.expires_in

    def expires_soon(self, now=None):
        """True within the last 10 % of the lifetime (at most 60 s before expiry)."""
        expires_at = self.expires_at
        if expires_at is None:
            return False
        now = time.time() if now is None else now
        margin = min(60.0, self.expires_in * 0.1)
        return now >= expires_at - margin


class UniversalAuth:
    """Machine identity login with a client id and client secret."""

    def __init__(self, client_id, client_secret, organization_slug=None):
        if not client_id:
            raise OptionError("universal_auth_client_id", "is required to log in with Universal Auth")
        if not client_secret:
            raise OptionError("universal_auth_client_secret", "is required to log in with Universal Auth")
        self.client_id = client_id
        self._client_secret = client_secret
        self.organization_slug = organization_slug

    def __repr__(self):
        return "UniversalAuth(client_id=%r)" % self.client_id  # never the secret

    def login(self, client):
        body = {"clientId": self.client_id, "clientSecret": self._client_secret}
        if self.organization_slug:
            body["organizationSlug"] = self.organization_slug
        action = "log in with Universal Auth (client id '%s')" % self.client_id
        try:
            # A login that may have been processed can safely be repeated: it only mints a token.
            data = client.post(LOGIN_PATH, action, body=body, authenticated=False, replayable=True)
        except RouteNotFoundError:
            raise
        except NotFoundError as exc:
            # 2024 builds answer an unknown client id with 404: a credential problem.
            raise AuthenticationError(action, exc.method, exc.path, exc.status, error=exc.error,
                                      server_message=exc.server_message, req_id=exc.req_id) from None
        return AccessToken.from_login(data)


class AccessTokenProvider:
    """Hands out a valid bearer token for one client.

    :param token: a token obtained earlier (``infisical_login``, ``INFISICAL_TOKEN``).
    :param universal_auth: a :class:`UniversalAuth` for logging in, or ``None``.
    :param on_login: called with every :class:`AccessToken` obtained by login (modules
        register the token with ``no_log_values``; the lookup may cache it in a file).
    """

    def __init__(self, token=None, universal_auth=None, on_login=None, clock=time.time):
        if not token and universal_auth is None:
            raise OptionError(
                "token",
                "or the options universal_auth_client_id and universal_auth_client_secret must be set "
                "(or the INFISICAL_TOKEN / INFISICAL_UNIVERSAL_AUTH_CLIENT_ID / INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET environment variables)",
            )
        self.universal_auth = universal_auth
        self.on_login = on_login
        self.clock = clock
        self.logins = 0
        self.current = AccessToken(token, obtained_at=clock()) if token else None

    def token(self, client):
        if self.current is None or (self.can_refresh() and self.current.expires_soon(self.clock())):
            self.refresh(client)
        return self.current.token

    def can_refresh(self):
        return self.universal_auth is not None

    def refresh(self, client):
        if self.universal_auth is None:
            raise OptionError("universal_auth_client_id", "is needed to log in again after the token was rejected")
        self.current = self.universal_auth.login(client)
        self.logins += 1
        if self.on_login:
            self.on_login(self.current)
        return self.current


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
