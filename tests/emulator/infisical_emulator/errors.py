# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Errors raised by route handlers and turned into Infisical error envelopes."""
from __future__ import annotations


class ApiError(Exception):
    """An error answered with ``{reqId, statusCode, message, error}``."""

    def __init__(self, status, message, error=None, details=None, headers=None):
        super().__init__(status, error)
        self.status = status
        self.message = message
        self.error = error or default_error_name(status)
        self.details = details
        self.headers = headers or {}


class ValidationError(ApiError):
    """A zod-like validation failure; ``message`` is the issue list."""

    def __init__(self, issues):
        # The status depends on the profile (422 current, 401 on 2024 builds);
        # the application fixes it up before rendering.
        super().__init__(422, issues, "ValidationFailure")
        self.issues = issues


_ERROR_NAMES = {
    400: "BadRequest",
    401: "UnauthorizedError",
    403: "PermissionDenied",
    404: "NotFound",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    422: "ValidationFailure",
    429: "RateLimitExceeded",
    500: "InternalServerError",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def default_error_name(status):
    """The ``error`` field used when a handler gives none."""
    return _ERROR_NAMES.get(status, "Error")


def bad_request(message, error="BadRequest"):
    return ApiError(400, message, error)


def unauthorized(message, error="UnauthorizedError"):
    return ApiError(401, message, error)


def forbidden(message, error="PermissionDenied", details=None):
    return ApiError(403, message, error, details=details)


def not_found(message, error="NotFound"):
    return ApiError(404, message, error)


def token_error(message):
    return ApiError(403, message, "TokenError")


def internal_error():
    return ApiError(500, "Something went wrong", "InternalServerError")


def permission_denied(action, subject):
    """The message CASL-based permission checks produce."""
    return ApiError(
        403,
        "You are not allowed to %s on %s" % (action, subject),
        "PermissionDenied",
        details=[{"action": action, "inverted": False, "subject": subject, "conditions": {}}],
    )
