# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Access tokens and the login methods, one class per value of ``auth_method``.

Internal module: may change in any release.

:func:`select_auth_method` picks the :class:`AuthMethod` the options ask for (or,
without ``auth_method``, the first whose credentials are given) and validates its
options before any request. One :class:`AccessTokenProvider` belongs to one client.
It hands out a bearer token, logging in lazily (so a module that only validates
options makes no request), logging in again shortly before a known expiry, and --
when the client reports that the server rejected the token -- once more on demand,
provided the method can log in.
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
    def from_login(cls, data, action="log in", path=LOGIN_PATH, obtained_at=None):
        token = data.get("accessToken")
        if not token:
            raise AuthenticationError(action, "POST", path, 200, server_message="the answer carried no access token")
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


class AuthMethod:
    """One way of obtaining an access token; one subclass per value of ``auth_method``.

    A subclass declares the options it reads (``OPTIONS``), which of them must be set
    (``REQUIRED``; their presence also makes the method the default), checks them in
    :meth:`__init__` before any request, and implements :meth:`login`. Registering it
    with :func:`auth_method` is all it takes to offer it: the option table takes the
    ``auth_method`` choices from :data:`AUTH_METHODS`, and nothing else changes.
    """

    name = None  # the value of auth_method
    label = None  # how messages name the method
    doc = None  # what it does, for the auth_method documentation
    hint = None  # what to check when the server refuses the credentials or the token
    OPTIONS = ()
    REQUIRED = ()
    logs_in = True  # False for a method that can only reuse a token it was given

    def __init__(self, options):
        for option in self.REQUIRED:
            if not options.get(option):
                raise OptionError(option, "is required to log in with auth_method=%s (%s)" % (self.name, self.label))
        self.values = {option: options.get(option) for option in self.OPTIONS}

    @classmethod
    def is_given(cls, options):
        """Whether ``options`` name this method's credentials (for the default auth_method)."""
        return any(options.get(option) for option in cls.REQUIRED)

    def __repr__(self):
        return "%s(auth_method=%s)" % (type(self).__name__, self.name)  # never a credential

    def login(self, client):
        """Obtain a new :class:`AccessToken` from the server."""
        raise NotImplementedError

    def explain(self, error):
        """Name this method, and what to check, in an :class:`AuthenticationError` (never a credential)."""
        return error.set_hint("%s (auth_method=%s)" % (self.hint, self.name)) if self.hint else error

    def _post_login(self, client, path, action, body):
        """``POST`` a login body; a refusal becomes an :class:`AuthenticationError` naming the method."""
        try:
            # A login that may have been processed can safely be repeated: it only mints a token.
            data = client.post(path, action, body=body, authenticated=False, replayable=True)
        except RouteNotFoundError:
            raise
        except AuthenticationError as exc:
            raise self.explain(exc) from None
        except NotFoundError as exc:
            # 2024 builds answer unknown credentials with 404: a credential problem, not a missing object.
            raise self.explain(AuthenticationError(action, exc.method, exc.path, exc.status, error=exc.error,
                                                   server_message=exc.server_message, req_id=exc.req_id)) from None
        try:
            return AccessToken.from_login(data, action, path)
        except AuthenticationError as exc:
            raise self.explain(exc) from None


AUTH_METHODS = {}  # name -> class, in the order in which a default is chosen


def auth_method(cls):
    """Class decorator registering a login method under its ``name``."""
    AUTH_METHODS[cls.name] = cls
    return cls


@auth_method
class UniversalAuth(AuthMethod):
    """Machine identity login with a client id and client secret."""

    name = "universal_auth"
    label = "Universal Auth"
    doc = "V(universal_auth) logs in with O(universal_auth_client_id) and O(universal_auth_client_secret)"
    hint = "check the token or the universal_auth_client_id/universal_auth_client_secret options"
    OPTIONS = ("universal_auth_client_id", "universal_auth_client_secret", "organization_slug")
    REQUIRED = ("universal_auth_client_id", "universal_auth_client_secret")

    def login(self, client):
        client_id = self.values["universal_auth_client_id"]
        body = {"clientId": client_id, "clientSecret": self.values["universal_auth_client_secret"]}
        if self.values["organization_slug"]:
            body["organizationSlug"] = self.values["organization_slug"]
        return self._post_login(client, LOGIN_PATH, "log in with Universal Auth (client id '%s')" % client_id, body)


@auth_method
class TokenAuth(AuthMethod):
    """An access token obtained earlier (``infisical_login``, a CI job): used as it is, never renewed."""

    name = "token"
    label = "an access token"
    doc = "V(token) uses O(token) as it is and cannot log in again when it expires"
    hint = "check the token option; this method cannot log in again"
    OPTIONS = ("token",)
    REQUIRED = ("token",)
    logs_in = False

    def login(self, client):
        raise OptionError("token", "was rejected, and auth_method=token cannot log in again; "
                                   "give a new token or the credentials of a login method")


def _login_methods():
    return [name for name, cls in AUTH_METHODS.items() if cls.logs_in]


# The methods that obtain a token (the choices of infisical_login's auth_method).
LOGIN_METHODS = _login_methods()


def select_auth_method(options, methods=None):
    """The :class:`AuthMethod` that ``options`` ask for, validated.

    ``auth_method`` names it; unset, the first method in :data:`AUTH_METHODS`
    whose credentials are given is used, so a token next to client credentials
    selects ``universal_auth`` (the token is then reused until it is rejected).

    :param methods: the names allowed (``infisical_login`` refuses ``token``).
    """
    methods = list(methods or AUTH_METHODS)
    name = options.get("auth_method")
    if name:
        if name not in methods:
            raise OptionError("auth_method", "must be one of %s (got '%s')" % (", ".join(methods), name))
        return AUTH_METHODS[name](options)
    for candidate in methods:
        if AUTH_METHODS[candidate].is_given(options):
            return AUTH_METHODS[candidate](options)
    needs = "; or ".join("%s for auth_method=%s" % (" and ".join(AUTH_METHODS[m].REQUIRED), m) for m in methods)
    raise OptionError("auth_method", "was not set and no credentials were given: set %s "
                                     "(or their environment variables)" % needs)


class AccessTokenProvider:
    """Hands out a valid bearer token for one client.

    :param token: a token obtained earlier (``infisical_login``, ``INFISICAL_TOKEN``),
        used first; ``None`` to log in at the first request.
    :param method: the :class:`AuthMethod` that logs in (again), from :func:`select_auth_method`.
    :param on_login: called with every :class:`AccessToken` obtained by login (modules
        register the token with ``no_log_values``; the lookup may cache it in a file).
    """

    def __init__(self, token=None, method=None, on_login=None, clock=time.time):
        if not token and method is None:
            raise OptionError("token", "or a login method is required")
        self.method = method
        self.on_login = on_login
        self.clock = clock
        self.logins = 0
        self.current = AccessToken(token, obtained_at=clock()) if token else None

    def token(self, client):
        if self.current is None or (self.can_refresh() and self.current.expires_soon(self.clock())):
            self.refresh(client)
        return self.current.token

    def can_refresh(self):
        return self.method is not None and self.method.logs_in

    def explain(self, error):
        """An :class:`AuthenticationError` that names the login method in use."""
        return self.method.explain(error) if self.method is not None else error

    def refresh(self, client):
        if self.method is None:
            raise OptionError("auth_method", "names no method that can log in")
        self.current = self.method.login(client)
        self.logins += 1
        if self.on_login:
            self.on_login(self.current)
        return self.current


def build_auth(options, on_login=None, methods=None):
    """The :class:`AccessTokenProvider` for ``options`` (module params or lookup options).

    A ``token`` given beside a login method's credentials is used first; the method
    logs in when it is missing, about to expire or rejected.
    """
    method = select_auth_method(options, methods)
    return AccessTokenProvider(token=options.get("token"), method=method, on_login=on_login)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
