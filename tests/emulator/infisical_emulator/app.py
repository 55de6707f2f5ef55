# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The transport-independent application: routing, auth, rate limits, faults, envelopes, request log."""
from __future__ import annotations

import hashlib
import json
import os
import secrets as _secrets
import string
import sys
import time
import traceback
import urllib.parse

from . import control, routes_auth, routes_folders, routes_identities, routes_projects, routes_secrets
from .auth import Authenticator
from .clock import Clock
from .errors import ApiError, ValidationError, internal_error
from .faults import Faults
from .profiles import Profile
from .ratelimit import RateLimiter
from .reqlog import RequestLog
from .response import Response
from .routing import Context, Router
from .seed import build_store, info_document, resolve_seed
from .store import Store, atomic_write_json

CONTROL_PREFIX = "/__emulator/"
MAX_BODY = 1024 * 1024
_ALNUM = string.ascii_letters + string.digits

STATUS_TEXT = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    409: "Conflict", 413: "Payload Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Entity",
    429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
    504: "Gateway Timeout",
}


def long_duration(seconds):
    """Seconds worded like the ``ms`` package's long format: "1 minute", "2 minutes", "45 seconds"."""
    for size, name in ((3600, "hour"), (60, "minute"), (1, "second")):
        if seconds >= size:
            return "%d %s%s" % (round(seconds / size), name, "s" if seconds >= size * 1.5 else "")
    return "%d ms" % (seconds * 1000)


def new_req_id():
    return "req-" + "".join(_secrets.choice(_ALNUM) for _index in range(14))


class Application:
    """One emulated Infisical server."""

    def __init__(self, profile="current", seed=None, state_file=None, rate_limit=False, secrets_rate_limit=40,
                 read_rate_limit=60, write_rate_limit=200, global_rate_limit=600, window_seconds=60, log=None):
        self.profile = Profile(profile)
        # One clock for every time-dependent rule, so tests move time instead of sleeping.
        self.clock = Clock()
        self.store = Store(clock=self.clock)
        self.auth = Authenticator(self.store, self.profile, clock=self.clock)
        self.limiter = RateLimiter(rate_limit, secrets_rate_limit, read_rate_limit, write_rate_limit, global_rate_limit, window_seconds,
                                   clock=self.clock)
        self.limiter_startup = self.limiter.settings()
        self.faults = Faults()
        self.requests = RequestLog()
        self.state_file = state_file
        self.log = log
        self.url = None
        self.ca_file = None
        self.router = Router()
        for module in (routes_auth, routes_secrets, routes_folders, routes_projects, routes_identities):
            module.register(self.router, self.profile)
        self.startup_seed = resolve_seed(seed)
        self.current_seed = self.startup_seed
        loaded = False
        if state_file:
            loaded = self._load_state_file(state_file)
        if not loaded:
            build_store(self.store, self.startup_seed)
            self.save()

    # ---- state -------------------------------------------------------------

    def _load_state_file(self, path):
        try:
            with open(path, "r", encoding="utf-8") as stream:
                saved = json.load(stream)
        except FileNotFoundError:
            return False
        self.store.load(saved["state"])
        self.startup_seed = saved.get("startup_seed") or self.startup_seed
        self.current_seed = saved.get("current_seed") or self.startup_seed
        return True

    def save(self):
        if not self.state_file:
            return
        atomic_write_json(self.state_file, {"state": self.store.data, "startup_seed": self.startup_seed,
                                            "current_seed": self.current_seed})

    def reset(self):
        with self.store.lock:
            build_store(self.store, self.startup_seed)
            self.current_seed = self.startup_seed
            self.save()

    def load_seed(self, seed):
        resolved = resolve_seed(seed)
        with self.store.lock:
            build_store(self.store, resolved)
            self.current_seed = resolved
            self.save()
        return self.info()

    def info(self, pid=None):
        return info_document(self.current_seed, self.url, self.profile.name, pid or os.getpid(), self.ca_file)

    # ---- envelopes ---------------------------------------------------------

    def error_response(self, exc, headers=None):
        status = exc.status
        if isinstance(exc, ValidationError):
            status = self.profile.validation_status
        body = {}
        if self.profile.req_id:
            body["reqId"] = new_req_id()
        body["statusCode"] = status
        body["message"] = exc.message
        body["error"] = exc.error
        if exc.details is not None:
            body["details"] = exc.details
        merged = dict(headers or {})
        merged.update(exc.headers)
        return Response(status, body, merged)

    def rate_limited(self, retry_after, headers=None):
        merged = dict(headers or {})
        merged["retry-after"] = str(retry_after)
        # 2024 builds word the limiter's window ("1 minute"), current ones the seconds left (recorded).
        # A test-only count window has no length: it announces the wait it was configured with.
        window = self.limiter.window_seconds if self.limiter.window == "time" else retry_after
        wait = long_duration(window) if self.profile.legacy else "%s seconds" % retry_after
        exc = ApiError(429, "Rate limit exceeded. Please try again in %s" % wait, "RateLimitExceeded")
        return self.error_response(exc, merged)

    def not_found_route(self, method, raw_url):
        exc = ApiError(404, "Route %s:%s not found" % (method, raw_url), "Not Found")
        return self.error_response(exc)

    # ---- request handling ------------------------------------------------------

    def handle(self, method, raw_url, headers, body, client_ip):
        """Handle one request; ``headers`` is a case-insensitive mapping (``email.message.Message``)."""
        split = urllib.parse.urlsplit(raw_url)
        path = split.path or "/"
        if path.startswith(CONTROL_PREFIX) or path == CONTROL_PREFIX.rstrip("/"):
            return control.handle(self, method, path, split.query, headers, body)
        forwarded = headers.get("x-forwarded-for")
        if forwarded:
            client_ip = forwarded.split(",")[0].strip() or client_ip
        norm = path.rstrip("/") or "/"
        route, params = self.router.resolve(method, norm)
        pattern = route.pattern if route else None
        fault = self.faults.take(method, pattern, norm)
        if fault and fault["action"] == "latency":
            time.sleep(fault["latency"])
        barrier_held = None
        if fault and fault["action"] == "barrier" and fault["phase"] == "before":
            barrier_held = self.faults.wait(fault)
        if fault and fault["phase"] == "before" and fault["action"] in ("status", "drop"):
            response = self.fault_response(fault)
            self.requests.add(method, path, pattern, None if response.drop else response.status, client_ip,
                              fault=fault["action"] if fault["action"] == "drop" else "status")
            return response
        with self.store.lock:
            response = self.process(method, raw_url, split.query, headers, body, client_ip, route, params)
            if route is not None and route.writes and response.status == 200:
                self.save()
        if fault and fault["action"] == "barrier" and fault["phase"] == "after":
            barrier_held = self.faults.wait(fault)  # outside the store lock: the others must get in
        fault_name = None
        if fault and fault["phase"] == "after" and fault["action"] in ("status", "drop"):
            response = self.fault_response(fault)
            fault_name = fault["action"]
        elif fault and fault["action"] == "latency":
            fault_name = "latency"
        elif fault and fault["action"] == "barrier":
            fault_name = "barrier" if barrier_held else "barrier-broken"
        if method == "GET" and response.status == 200 and not response.drop:
            response = self._etag(headers, response)
        self.requests.add(method, path, pattern, None if response.drop else response.status, client_ip, fault=fault_name)
        return response

    @staticmethod
    def _etag(headers, response):
        tag = '"%s"' % hashlib.sha1(response.body).hexdigest()[:27]
        response.headers["etag"] = tag
        if headers.get("if-none-match") == tag:
            return Response(304, None, {"etag": tag})
        return response

    def fault_response(self, fault):
        if fault["action"] == "drop":
            return Response(drop=True)
        status = fault["status"]
        headers = {}
        if fault.get("retry_after") is not None:
            headers["retry-after"] = str(fault["retry_after"])
        if status == 429:
            return self.rate_limited(fault.get("retry_after") or 60, headers)
        message = fault.get("message") or STATUS_TEXT.get(status, "Injected fault")
        error = fault.get("error") or STATUS_TEXT.get(status, "Error")
        return self.error_response(ApiError(status, message, error), headers)

    def process(self, method, raw_url, query_string, headers, body, client_ip, route, params):
        if route is None:
            return self.not_found_route(method, raw_url)
        query = {}
        for key, value in urllib.parse.parse_qsl(query_string, keep_blank_values=True):
            query.setdefault(key, value)
        ctx = Context(self, method, raw_url, params, query, headers, client_ip)
        limit_headers = {}
        try:
            if route.auth:
                ctx.identity, ctx.token = self.auth.authenticate(headers.get("authorization"))
            limit_headers, retry_after = self.limiter.check(method + ":" + route.pattern, route.category, client_ip)
            if retry_after is not None:
                return self.rate_limited(retry_after, limit_headers)
            if method != "GET":
                ctx.body = self.parse_body(headers, body)
            answer = route.handler(ctx)
            return Response(200, answer, limit_headers)
        except ApiError as exc:
            return self.error_response(exc, limit_headers)
        except Exception:  # noqa: B902 pylint: disable=broad-except
            # A bug in the emulator must answer like Infisical's generic 500 and keep serving.
            if self.log:
                self.log("emulator error on %s %s:\n%s" % (method, route.pattern, traceback.format_exc()))
            else:
                traceback.print_exc(file=sys.stderr)
            return self.error_response(internal_error(), limit_headers)

    @staticmethod
    def parse_body(headers, body):
        content_type = (headers.get("content-type") or "").split(";")[0].strip().lower()
        if len(body) > MAX_BODY:
            # Fastify's 413 reaches Infisical's error handler as an unknown error: 500 (recorded).
            raise internal_error()
        if not content_type:
            if not body.strip():
                return None
            content_type = "application/json"
        if content_type == "application/json" or content_type.endswith("+json"):
            try:
                return json.loads(body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise internal_error() from exc
        if content_type == "application/x-www-form-urlencoded":
            return dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        raise ApiError(415, "Unsupported Media Type: %s" % content_type, "Unsupported Media Type")
