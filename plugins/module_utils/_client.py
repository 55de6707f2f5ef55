# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one HTTP client every module and plugin uses to talk to Infisical.

Internal module: may change in any release.

Responsibilities, each in exactly one place:

* transport: one ``requests.Session`` (keep-alive), TLS verification / CA bundle,
  an explicit timeout on every call, JSON bodies, literal ``true``/``false`` query
  booleans, a descriptive User-Agent;
* authentication: a bearer token from an :class:`~._auth.AccessTokenProvider`, and
  one re-login plus retry when the server rejects an expired or revoked token;
* retries: 429 (honouring ``Retry-After``, then ``x-ratelimit-reset``), 502/503/504,
  500 on reads (once) and connection failures, with jittered exponential backoff,
  bounded by a number of retries and a total waiting time;
* writes are never repeated blindly: when a write may have landed (connection
  dropped after sending, gateway error), the caller's ``confirm`` callback re-reads
  the server and decides;
* API generations: :meth:`InfisicalClient.call` sends a route of the table in
  :mod:`._routes` by name, on the current path first, and switches to the 2024 one
  (older self-hosted builds) for good when the server lacks the route;
* errors: every failure becomes an exception from :mod:`._errors` whose text names
  the action, method, path, status, the server's message and ``reqId`` -- never a
  body or a query value.

Nothing here calls ``fail_json`` or prints; notices go through the ``warn`` callback.
"""

from __future__ import annotations

import email.utils
import os
import random
import time
import traceback
import warnings

from urllib.parse import quote

from ansible_collections.secretops.infisical.plugins.module_utils import _routes
from ansible_collections.secretops.infisical.plugins.module_utils._errors import (
    AuthenticationError,
    ConflictError,
    ConnectionFailedError,
    LegacyServerError,
    NotFoundError,
    OptionError,
    RequestTimeoutError,
    RouteNotFoundError,
    ServerError,
    TLSError,
    WriteOutcomeUnknownError,
    error_from_response,
)

try:
    import requests
    import urllib3
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

DEFAULT_URL = "https://app.infisical.com"
GENERATION_CURRENT = _routes.CURRENT
GENERATION_LEGACY = _routes.LEGACY

# Statuses worth another attempt. 429 was not processed by the server, so it is
# always safe; gateway errors may hide a processed write (see ``confirm``).
_RETRY_ALWAYS = frozenset([429])
_RETRY_GATEWAY = frozenset([502, 503, 504])
_READ_METHODS = frozenset(["GET", "HEAD"])

# Which API generation each server uses, learnt once per process: a lookup that
# runs many times in one worker, or a module making many calls, probes only once.
_GENERATION_BY_URL = {}


def path_with(template, *parts):
    """Fill ``{}`` placeholders of a route with percent-encoded path segments."""
    return template.format(*(quote(str(part), safe="") for part in parts))


def _encode_query(query):
    if not query:
        return None
    encoded = {}
    for key, value in query.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        encoded[key] = value
    return encoded


def parse_retry_after(headers, now=None):
    """Seconds to wait from ``Retry-After`` (seconds or HTTP date), else ``x-ratelimit-reset``."""
    value = headers.get("retry-after") if headers else None
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                when = None
            if when is not None:
                now = time.time() if now is None else now
                return max(0.0, when.timestamp() - now)
    reset = headers.get("x-ratelimit-reset") if headers else None
    if reset:
        try:
            return max(0.0, float(reset))
        except ValueError:
            return None
    return None


class _Outcome:
    """Why an attempt failed, and whether (and how long) to wait before the next."""

    def __init__(self, error=None, retryable=False, ambiguous=False, wait=None, data=None):
        self.error = error
        self.retryable = retryable
        self.ambiguous = ambiguous  # a write may have been applied
        self.wait = wait  # server-requested delay in seconds
        self.data = data  # decoded body of a successful answer


class InfisicalClient:
    """HTTP client for one Infisical server.

    :param url: base URL, e.g. ``https://eu.infisical.com``.
    :param auth: an :class:`~._auth.AccessTokenProvider` (``None`` for unauthenticated use).
    :param retries: how many times a failed request may be retried (0 = never).
    :param retry_max_wait: upper bound, in seconds, for the time spent waiting between retries.
    :param warn: callable receiving one-line notices (retries, fallbacks).
    :param session: object with the ``requests.Session.request`` signature (tests inject fakes).
    :param sleep: injectable for tests.
    :param generation: ``current`` or ``legacy`` to skip detection; ``None``/``auto`` to detect.
    """

    BACKOFF_BASE = 0.5
    BACKOFF_CAP = 10.0

    def __init__(self, url=DEFAULT_URL, auth=None, validate_certs=True, ca_path=None, timeout=30,
                 retries=5, retry_max_wait=120, warn=None, session=None, sleep=time.sleep,
                 user_agent=None, generation=None):
        self.base_url = (url or DEFAULT_URL).rstrip("/")
        self.auth = auth
        if validate_certs and ca_path:
            # requests would raise a bare OSError at the first request, naming no option.
            if not os.path.exists(ca_path):
                raise OptionError("ca_path", "names a file that does not exist ('%s')" % ca_path)
            if not os.access(ca_path, os.R_OK):
                raise OptionError("ca_path", "names a file that cannot be read ('%s')" % ca_path)
        self.verify = (ca_path or True) if validate_certs else False
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.retry_max_wait = max(0, float(retry_max_wait))
        self.warn = warn or (lambda message: None)
        self.sleep = sleep
        self.user_agent = user_agent or "secretops.infisical"
        if session is None:
            session = requests.Session()
        self.session = session
        self.requests_sent = 0
        if generation in (GENERATION_CURRENT, GENERATION_LEGACY):
            self.generation = generation  # told, not detected: no probe on older servers

    # ------------------------------------------------------------------ generations

    @property
    def generation(self):
        """``current``, ``legacy`` or ``None`` (not known yet)."""
        return _GENERATION_BY_URL.get(self.base_url)

    @generation.setter
    def generation(self, value):
        _GENERATION_BY_URL[self.base_url] = value

    def route(self, name):
        """The :class:`~._routes.Variant` of route ``name`` this server serves.

        Before the first request has told the generation, the current one is assumed.
        A generation without the route gives a variant that accepts nothing.
        """
        variant = _routes.ROUTES[name].variant(self.generation or GENERATION_CURRENT)
        return variant if variant is not None else _routes.Variant(None)

    def call(self, route_name, action, /, project=None, query=None, body=None, fill=None, confirm=None, replayable=None,
             page_size=1000, **params):
        """Send the request of route ``route_name`` (see :mod:`._routes`) and return its enveloped answer.

        :param project: the project id, placed where the route wants it (path, query or body)
            under the name the server's generation uses.
        :param fill: body fields sent only where the route requires them (2024 updates need the value).
        :param params: the other ``{placeholders}`` of the path.
        :returns: the object under the route's envelope key; ``None`` when the route's
            not-found policy says a 404 (or a 2024 500) means "absent".

        The generation is learnt by the first call: a current server answers it (no
        extra request), a 2024 build answers 404 "route not found" once per process and
        the call is sent again on its 2024 route. A route the server does not have
        raises :class:`RouteNotFoundError` naming the route and what it needs; it is
        never read as an absent object.
        """
        route = _routes.ROUTES[route_name]
        request = dict(action=action, project=project, query=query, body=body, fill=fill, confirm=confirm,
                       replayable=replayable, page_size=page_size, params=params)
        if route.same or self.generation == GENERATION_LEGACY:
            return self._call(route, self.generation or GENERATION_CURRENT, **request)
        try:
            result = self._call(route, GENERATION_CURRENT, **request)
        except RouteNotFoundError as exc:
            if exc.status is None or self.generation == GENERATION_CURRENT:
                raise  # known from the table, or a current server without it: no fallback
            self.generation = GENERATION_LEGACY
            self.warn("%s serves an older Infisical API; using the deprecated routes" % self.base_url)
            return self._call(route, GENERATION_LEGACY, **request)
        self.generation = GENERATION_CURRENT
        return result

    def _call(self, route, generation, action, project, query, body, fill, confirm, replayable, page_size, params):
        variant = route.variant(generation)
        if variant is None:
            other = route.variant(GENERATION_LEGACY if generation == GENERATION_CURRENT else GENERATION_CURRENT)
            shown = dict(params, project=project) if route.project == "path" else params
            raise RouteNotFoundError.known_missing(action, route.method, _routes.fill_path(other.path, shown), generation,
                                                   route.name, route.since)
        query, body = variant.shape(query), variant.shape(body)
        path_params = dict(params)
        if route.project == "path":
            path_params["project"] = project
        elif route.project == "query":
            query = dict(query or {}, **{variant.project_key: project})
        elif route.project == "body":
            body = dict(body or {}, **{variant.project_key: project})
        for field in variant.requires:
            if fill and field in fill and field not in (body or {}):
                body = dict(body or {}, **{field: fill[field]})
        path = _routes.fill_path(variant.path, path_params)
        try:
            if route.pages:
                return self.paginate(path, action, route.pages, query=query, page_size=page_size)
            data = self.request(route.method, path, action, query=query, body=body, authenticated=route.authenticated,
                                confirm=confirm, replayable=replayable)
        except RouteNotFoundError as exc:
            raise exc.set_route(route.name)  # a path the table expects here is missing: no version to name
        except NotFoundError:
            if route.not_found == _routes.ABSENT:
                return None
            raise
        except ServerError as exc:
            if exc.status == 500 and generation == GENERATION_LEGACY and route.legacy_500:
                if route.legacy_500 == _routes.ABSENT:
                    return None
                raise LegacyServerError(exc, route.legacy_500) from None
            raise
        return route.unwrap(data)

    def detect_generation(self):
        """The server's generation: as told or learnt already, else one read to find out.

        ``GET /api/v1/projects`` is the probe: current servers list the caller's projects, 2024
        builds answer 404 for the route (the table knows it is absent there).
        """
        if self.generation is None:
            try:
                self.call("project.list", "detect the API generation")
            except RouteNotFoundError:
                if self.generation is None:
                    raise  # not the 2024 answer: a server without the route at all
        return self.generation

    # ------------------------------------------------------------------ verbs

    def get(self, path, action, query=None, **kwargs):
        return self.request("GET", path, action, query=query, **kwargs)

    def post(self, path, action, body=None, **kwargs):
        return self.request("POST", path, action, body=body, **kwargs)

    def patch(self, path, action, body=None, **kwargs):
        return self.request("PATCH", path, action, body=body, **kwargs)

    def delete(self, path, action, body=None, **kwargs):
        return self.request("DELETE", path, action, body=body, **kwargs)

    def status(self):
        """``GET /api/status``: the preflight check (no authentication)."""
        return self.call("server.status", "check the server status")

    def paginate(self, path, action, items_key, query=None, page_size=100):
        """Collect every item of an ``offset``/``limit``/``totalCount`` list."""
        items = []
        offset = 0
        while True:
            page_query = dict(query or {}, offset=offset, limit=page_size)
            data = self.get(path, action, query=page_query)
            page = data.get(items_key) or []
            items.extend(page)
            offset += len(page)
            total = data.get("totalCount")
            if not page or len(page) < page_size or (total is not None and offset >= total):
                return items

    # ------------------------------------------------------------------ core

    def request(self, method, path, action, query=None, body=None, authenticated=True,
                confirm=None, replayable=None):
        """Send one API request with retries; return the decoded JSON object.

        :param action: what is being done, for messages (``"create secret 'X'"``).
        :param confirm: for writes, a callable re-reading the server after an
            ambiguous failure; it returns the result to use when the write did land,
            or ``None`` to send the write again.
        :param replayable: whether sending the write twice is harmless when it cannot
            be confirmed (default: every method but POST).
        """
        method = method.upper()
        if replayable is None:
            replayable = method != "POST"
        if method not in _READ_METHODS and body is None:
            body = {}  # Infisical rejects write requests without a JSON body.
        attempt = 0
        waited = 0.0
        relogged = False
        ambiguous_earlier = False
        while True:
            attempt += 1
            token = self.auth.token(self) if (authenticated and self.auth) else None
            outcome = self._attempt(method, path, action, query, body, token, attempt)
            if outcome.error is None:
                return outcome.data

            error = outcome.error
            if isinstance(error, AuthenticationError) and authenticated and self.auth \
                    and not relogged and self.auth.can_refresh():
                relogged = True
                self.warn("Access token rejected (%s); logging in again" % (error.server_message or error.status))
                self.auth.refresh(self)
                attempt -= 1  # a re-login is not a retry
                continue
            if isinstance(error, AuthenticationError) and authenticated and self.auth:
                self.auth.explain(error)  # the message names the login method and its options
            if isinstance(error, ConflictError) and ambiguous_earlier and confirm is not None:
                # The earlier, unanswered attempt created the object after all.
                landed = confirm()
                if landed is not None:
                    return landed
            if outcome.ambiguous and method not in _READ_METHODS:
                ambiguous_earlier = True
                if confirm is not None:
                    landed = confirm()
                    if landed is not None:
                        return landed
                elif not replayable:
                    raise WriteOutcomeUnknownError(action, method, path, _describe(error), attempt)

            if not outcome.retryable or attempt > self.retries:
                raise error.set_attempts(attempt)
            delay = self._delay(attempt, outcome.wait)
            if waited + delay > self.retry_max_wait:
                raise error.set_attempts(attempt)
            waited += delay
            self.warn("Retrying %s %s in %.1fs after %s (retry %d of %d)"
                      % (method, path, delay, _describe(error), attempt, self.retries))
            self.sleep(delay)

    def _delay(self, attempt, requested):
        if requested is not None:
            return min(requested, self.retry_max_wait)
        backoff = min(self.BACKOFF_CAP, self.BACKOFF_BASE * (2 ** (attempt - 1)))
        return backoff * random.uniform(0.5, 1.0)  # jitter: clients must not retry in lockstep

    def _attempt(self, method, path, action, query, body, token, attempt):
        headers = {"Accept": "application/json", "User-Agent": self.user_agent}
        if token:
            headers["Authorization"] = "Bearer " + token
        self.requests_sent += 1
        try:
            with warnings.catch_warnings():
                if self.verify is False:
                    # The user chose validate_certs=false and was warned once by the caller; urllib3's
                    # per-request InsecureRequestWarning would only reach stderr. Only our requests are affected.
                    warnings.simplefilter("ignore", urllib3.exceptions.InsecureRequestWarning)
                response = self.session.request(
                    method, self.base_url + path, params=_encode_query(query),
                    json=None if method in _READ_METHODS else body,
                    headers=headers, timeout=self.timeout, verify=self.verify,
                )
        except requests.exceptions.SSLError as exc:
            return _Outcome(TLSError(action, method, path, "TLS error: %s" % _short_reason(exc)), retryable=False)
        except requests.exceptions.ConnectTimeout:
            reason = "connection timed out after %ss" % self.timeout
            return _Outcome(RequestTimeoutError(action, method, path, reason), retryable=True)
        except requests.exceptions.ReadTimeout:
            reason = "no answer within %ss" % self.timeout
            return _Outcome(RequestTimeoutError(action, method, path, reason), retryable=True, ambiguous=True)
        except requests.exceptions.ConnectionError as exc:
            reason = _short_reason(exc)
            if _is_name_resolution_failure(exc):
                # A typo in the URL: retrying cannot help.
                return _Outcome(ConnectionFailedError(action, method, path, "cannot resolve host: " + reason), retryable=False)
            sent = not _is_connect_failure(exc)
            return _Outcome(ConnectionFailedError(action, method, path, reason), retryable=True, ambiguous=sent)
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema) as exc:
            return _Outcome(ConnectionFailedError(action, method, path, "invalid url: %s" % _short_reason(exc)), retryable=False)

        try:
            data = response.json()
        except ValueError:
            data = None
        status = response.status_code
        if 200 <= status < 300:
            return _Outcome(data=data if isinstance(data, dict) else {})

        headers = {k.lower(): v for k, v in (response.headers or {}).items()}
        wait = parse_retry_after(headers) if status in _RETRY_ALWAYS or status in _RETRY_GATEWAY else None
        error = error_from_response(action, method, path, status, data, retry_after=wait)
        if isinstance(error, RouteNotFoundError):
            error.set_generation(self.generation)  # the message names what this server is
        if status in _RETRY_ALWAYS:
            return _Outcome(error, retryable=True, wait=wait)
        if status in _RETRY_GATEWAY:
            return _Outcome(error, retryable=True, ambiguous=True, wait=wait)
        if status == 500 and method in _READ_METHODS and attempt == 1:
            return _Outcome(error, retryable=True)  # usually deterministic: one more try only
        return _Outcome(error, retryable=False)


def _describe(error):
    status = getattr(error, "status", None)
    return "HTTP %s" % status if status is not None else error.reason


def _reason_chain(exc):
    seen = []
    current = exc
    while current is not None and len(seen) < 8:
        seen.append(current)
        nested = current.args[0] if getattr(current, "args", None) else None
        if isinstance(nested, BaseException) and nested not in seen:
            current = nested
            continue
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException) and reason not in seen:
            current = reason
            continue
        current = current.__cause__ or current.__context__
    return seen


def _is_connect_failure(exc):
    """True when the connection was never established, so nothing was sent."""
    return any(isinstance(e, (urllib3.exceptions.NewConnectionError, ConnectionRefusedError)) for e in _reason_chain(exc))


def _is_name_resolution_failure(exc):
    name_error = getattr(urllib3.exceptions, "NameResolutionError", ())
    for e in _reason_chain(exc):
        if name_error and isinstance(e, name_error):
            return True
        if "Name or service not known" in str(e) or "nodename nor servname" in str(e):
            return True
    return False


def _short_reason(exc):
    """The innermost, most specific text of a requests/urllib3 exception, on one line.

    urllib3 messages contain the full URL with its query; strip anything after
    ``?`` to honour "no query values in messages".
    """
    chain = _reason_chain(exc)
    innermost = chain[-1] if chain else exc
    text = str(innermost) or innermost.__class__.__name__
    text = " ".join(text.split())
    if "?" in text:
        text = text.split("?", 1)[0] + "?..."
    return text[:300]
