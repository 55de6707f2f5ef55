# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Exception hierarchy of the collection.

Internal module: may change in any release. It imports nothing from Ansible so
that every layer (client, resources, modules, lookups) can raise and catch the
same types. ``str(exc)`` is always a single line meant for the person at the
terminal; it never contains a request body, a secret value or a token.
"""

from __future__ import annotations

import re

# Infisical answers "already exists" with HTTP 400 (never 409); the wording varies
# between builds ("already exists", "already exist", "already a member").
_ALREADY_EXISTS = re.compile(r"already (exists?|a member|configured)", re.IGNORECASE)
# Fastify's answer for a route the server does not have (older self-hosted builds).
_ROUTE_MISSING = re.compile(r"^Route [A-Z]+:\S* not found", re.IGNORECASE)


class InfisicalError(Exception):
    """Base class; ``message`` is the one-line text shown to users."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message

    def result_fields(self):
        """Structured keys added to a failed module result (never secret)."""
        return {}

    def set_attempts(self, attempts):
        """Record how many attempts were made, and say so in the message."""
        self.attempts = attempts
        return self._rerender()

    def _rerender(self):
        """Rebuild the message after a field it names has changed."""
        self.message = self._render()
        self.args = (self.message,)
        return self

    def _render(self):
        return self.message


class OptionError(InfisicalError):
    """An option is missing or invalid; detected before any request."""

    def __init__(self, option, problem):
        self.option = option
        super().__init__("Option '%s' %s" % (option, problem))

    def result_fields(self):
        return {"option": self.option}


class AmbiguousMatchError(InfisicalError):
    """A name matched several server objects; the user must pick one by id."""

    def __init__(self, what, name, candidate_ids):
        self.candidate_ids = sorted(candidate_ids)
        super().__init__(
            "%s '%s' is ambiguous: %d objects have that name (ids: %s); select one by id"
            % (what, name, len(self.candidate_ids), ", ".join(self.candidate_ids))
        )


class TransportError(InfisicalError):
    """The request did not produce an HTTP answer (DNS, refused, reset, timeout, TLS)."""

    hint = None

    def __init__(self, action, method, path, reason, attempts=1):
        self.action = action
        self.method = method
        self.path = path
        self.reason = reason
        self.attempts = attempts
        super().__init__(self._render())

    def _render(self):
        return _line(self.action, self.reason, self.method, self.path, self.attempts, self.hint)

    def result_fields(self):
        return {"method": self.method, "path": self.path, "attempts": self.attempts}


class ConnectionFailedError(TransportError):
    """DNS failure, refused or reset connection."""

    hint = "check that the url option points at a reachable Infisical server"


class RequestTimeoutError(TransportError):
    """No answer within the timeout."""

    hint = "the server did not answer within the timeout option"


class TLSError(TransportError):
    """Certificate verification or handshake failure."""

    hint = "use the ca_path option for a private CA (validate_certs=false only for testing)"


class WriteOutcomeUnknownError(TransportError):
    """A write was sent but no answer came back, and it could not be confirmed."""

    hint = "the change may or may not have been applied; re-run the task to reconcile"


class APIError(InfisicalError):
    """The server answered with an error status.

    ``message`` (the server's own text), ``error`` (its error class or
    operation name) and ``req_id`` come from Infisical's error envelope
    ``{reqId, statusCode, message, error}``.
    """

    hint = None

    def __init__(self, action, method, path, status, error=None, server_message=None, req_id=None, details=None, attempts=1):
        self.action = action
        self.method = method
        self.path = path
        self.status = status
        self.error = error
        self.server_message = server_message
        self.req_id = req_id
        self.details = details
        self.attempts = attempts
        super().__init__(self._render())

    def _render(self):
        parts = ["HTTP %s" % self.status]
        if self.error:
            parts.append(str(self.error) + ":")
        text = " ".join(parts)
        if self.server_message and self.server_message != self.error:
            text += " " + self.server_message
        elif text.endswith(":"):
            text = text[:-1]
        if self.req_id:
            text += " [reqId %s]" % self.req_id
        return _line(self.action, text, self.method, self.path, self.attempts, self.hint)

    def result_fields(self):
        fields = {
            "status": self.status,
            "error": self.error,
            "request_id": self.req_id,
            "method": self.method,
            "path": self.path,
        }
        if self.details:
            fields["details"] = self.details
        return fields


class BadRequestError(APIError):
    """400 business rule or 422 (401 on 2024 builds) validation failure."""


class ConflictError(BadRequestError):
    """400 whose message says the object already exists."""


class AuthenticationError(APIError):
    """401, or 403 TokenError: the token or the login credentials were refused."""

    hint = "check the token or the universal_auth_client_id/universal_auth_client_secret options"

    def set_hint(self, hint):
        """Say what to check (the login method knows its options)."""
        self.hint = hint
        return self._rerender()


class PermissionDeniedError(APIError):
    """403 other than TokenError: authenticated, but not allowed."""

    hint = "the machine identity lacks a role that allows this"


class NotFoundError(APIError):
    """404 for a resource."""


class RouteNotFoundError(APIError):
    """404 because the server does not have the route (an older server).

    Deliberately not a :class:`NotFoundError`: a missing route says nothing about
    whether an object exists, so it must never be read as "absent".
    """

    generation = None
    route = None  # the route table's name for the call, when it came from the table
    needs = "a newer Infisical"

    def set_generation(self, generation):
        """Name the server's API generation (``current``/``legacy``) in the message."""
        self.generation = generation
        return self._rerender()

    def set_route(self, name, needs=None):
        """Name the route (and what it needs) in the message."""
        self.route = name
        self.needs = needs or self.needs
        return self._rerender()

    @classmethod
    def known_missing(cls, action, method, path, generation, name, needs):
        """The route table says this server has no such route: raised without a request."""
        error = cls(action, method, path, None)
        error.generation = generation
        return error.set_route(name, needs)

    def _render(self):
        label = {"legacy": "2024", "current": "current"}.get(self.generation)
        server = "this server (API generation %s)" % label if label else "this server"
        where = "%s %s" % (self.method, self.path)
        if self.route:
            where += " (%s)" % self.route
        line = "Failed to %s: %s has no route %s; it needs %s" % (self.action, server, where, self.needs)
        if self.attempts > 1:
            line += "; gave up after %d attempts" % self.attempts
        return line


class RateLimitError(APIError):
    """429 after every retry."""

    def __init__(self, *args, retry_after=None, **kwargs):
        self.retry_after = retry_after
        super().__init__(*args, **kwargs)

    def _render(self):
        line = super()._render()
        if self.retry_after is not None:
            line += "; the server asked to wait %ss" % _format_seconds(self.retry_after)
        return line


class ServerError(APIError):
    """5xx."""


class LegacyServerError(InfisicalError):
    """A 500 from a 2024 build where those builds mean something specific (an unknown project, a taken slug).

    ``hint`` comes from the route table and says what the 500 means there.
    """

    def __init__(self, server_error, hint):
        self.server_error = server_error
        super().__init__("%s; %s" % (server_error.message, hint))

    def result_fields(self):
        return self.server_error.result_fields()


def _line(action, what, method, path, attempts, hint):
    line = "Failed to %s: %s (%s %s)" % (action, what, method, path)
    if attempts > 1:
        line += "; gave up after %d attempts" % attempts
    if hint:
        line += "; " + hint
    return line


def _format_seconds(value):
    return ("%.1f" % value).rstrip("0").rstrip(".")


def render_server_message(message):
    """Return Infisical's ``message`` as one line of text.

    For ``ValidationFailure`` the message is a list of zod issues; each becomes
    ``field.path: text``. Other issue keys are dropped because they may echo
    the rejected input (a secret value, for example).
    """
    if isinstance(message, list):
        rendered = []
        for issue in message:
            if not isinstance(issue, dict):
                continue
            path = ".".join(str(p) for p in issue.get("path") or [])
            text = str(issue.get("message") or issue.get("code") or "invalid")
            rendered.append("%s: %s" % (path, text) if path else text)
        return "; ".join(rendered) or "validation failed"
    if message is None:
        return None
    return " ".join(str(message).split())


def is_route_missing(status, body):
    """True when a 404 means "this server has no such route" rather than "no such object"."""
    if status != 404:
        return False
    if not isinstance(body, dict) or "message" not in body:
        # HTML from a bundled frontend, or a plain-text body: not Infisical's API.
        return True
    return bool(_ROUTE_MISSING.match(str(body.get("message") or "")))


def error_from_response(action, method, path, status, body, attempts=1, retry_after=None):
    """Map an HTTP error answer to the matching :class:`APIError` subclass."""
    body = body if isinstance(body, dict) else {}
    error = body.get("error")
    error = str(error) if error is not None else None
    message = render_server_message(body.get("message"))
    req_id = body.get("reqId")
    details = body.get("details")
    kwargs = dict(error=error, server_message=message, req_id=req_id, details=details, attempts=attempts)

    if status == 422 or (error == "ValidationFailure" and status in (400, 401)):
        # 2024 builds answer validation errors with 401; that is bad input, not a bad token.
        cls = BadRequestError
    elif status == 400:
        cls = ConflictError if _ALREADY_EXISTS.search(message or "") else BadRequestError
    elif status == 401 or (status == 403 and error == "TokenError"):
        cls = AuthenticationError
    elif status == 403:
        cls = PermissionDeniedError
    elif status == 404:
        cls = RouteNotFoundError if is_route_missing(status, body or None) else NotFoundError
    elif status == 429:
        return RateLimitError(action, method, path, status, retry_after=retry_after, **kwargs)
    elif status >= 500:
        cls = ServerError
    else:
        cls = APIError
    return cls(action, method, path, status, **kwargs)
