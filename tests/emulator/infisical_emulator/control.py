# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The test-only control API under ``/__emulator/`` (no auth, not rate limited, not logged)."""
from __future__ import annotations

import json
import urllib.parse

from .faults import FaultError
from .response import Response
from .seed import SeedError
from .store import ORG_ROLES, ROLES


class ControlError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def _json(status, body):
    return Response(status, body)


def _body(raw):
    if not raw.strip():
        return {}
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ControlError(400, "Body is not valid JSON") from exc


def handle(app, method, path, query_string, headers, raw_body):
    """Dispatch one control request."""
    del headers
    name = path[len("/__emulator/"):].strip("/")
    handler = _ROUTES.get((method, name))
    if handler is None:
        return _json(404, {"error": "NotFound", "message": "Unknown control route %s %s" % (method, path)})
    try:
        query = dict(urllib.parse.parse_qsl(query_string))
        return _json(200, handler(app, _body(raw_body), query))
    except ControlError as exc:
        return _json(exc.status, {"error": "BadRequest", "message": exc.message})
    except (SeedError, FaultError) as exc:
        return _json(400, {"error": "BadRequest", "message": str(exc)})


def reset(app, body, query):
    del body, query
    app.reset()
    app.faults.clear()
    app.limiter.restore(app.limiter_startup)
    app.clock.reset()
    return {"reset": True, "info": app.info()}


def seed(app, body, query):
    del query
    return app.load_seed(body)


def info(app, body, query):
    del body, query
    return app.info()


def list_requests(app, body, query):
    del body
    try:
        since = int(query.get("since", 0))
    except ValueError as exc:
        raise ControlError(400, "since must be an integer") from exc
    return {"requests": app.requests.since(since)}


def clear_requests(app, body, query):
    del body, query
    app.requests.clear()
    return {"requests": []}


def add_fault(app, body, query):
    del query
    return {"fault": app.faults.add(body)}


def list_faults(app, body, query):
    del body, query
    return {"faults": app.faults.list()}


def clear_faults(app, body, query):
    del body, query
    app.faults.clear()
    return {"faults": []}


def expire_tokens(app, body, query):
    del body, query
    with app.store.lock:
        app.auth.expire_all()
        count = len(app.store.data["tokens"])
    return {"expired": count}


def set_ratelimit(app, body, query):
    del query
    try:
        app.limiter.configure(enabled=body.get("enabled", True), secrets=body.get("secrets"), read=body.get("read"),
                              write=body.get("write"), global_limit=body.get("global"), window_seconds=body.get("window_seconds"),
                              window=body.get("window"), retry_after=body.get("retry_after"))
    except (TypeError, ValueError) as exc:
        raise ControlError(400, "Invalid rate limit settings: %s" % exc) from exc
    return {"ratelimit": app.limiter.settings()}


def get_ratelimit(app, body, query):
    del body, query
    return {"ratelimit": app.limiter.settings()}


def set_clock(app, body, query):
    """Freeze or thaw the clock (``frozen``), then move it forward (``advance`` seconds)."""
    del query
    unknown = sorted(set(body) - {"frozen", "advance"})
    if unknown:
        raise ControlError(400, "Unknown clock settings: %s (known: advance, frozen)" % ", ".join(unknown))
    if "frozen" in body:
        if not isinstance(body["frozen"], bool):
            raise ControlError(400, "frozen must be true or false")
        app.clock.freeze(body["frozen"])
    if "advance" in body:
        advance = body["advance"]
        if isinstance(advance, bool) or not isinstance(advance, (int, float)):
            raise ControlError(400, "advance must be a number of seconds >= 0")
        try:
            app.clock.advance(advance)
        except ValueError as exc:
            raise ControlError(400, str(exc)) from exc
    return {"clock": app.clock.state()}


def get_clock(app, body, query):
    del body, query
    return {"clock": app.clock.state()}


def add_identity(app, body, query):
    del query
    name = body.get("name")
    if not isinstance(name, str) or not name:
        raise ControlError(400, "name is required")
    org_role = body.get("org_role", "member")
    if org_role not in ORG_ROLES:
        raise ControlError(400, "org_role must be one of %s" % ", ".join(ORG_ROLES))
    with app.store.lock:
        identity = app.store.add_identity(name, org_role, identity_id=body.get("id"))
        app.store.attach_ua(identity, client_id=body.get("client_id"),
                            access_token_ttl=int(body.get("access_token_ttl", 2592000)),
                            access_token_max_ttl=int(body.get("access_token_max_ttl", 2592000)),
                            access_token_num_uses_limit=int(body.get("access_token_num_uses_limit", 0)),
                            lockout_enabled=bool(body.get("lockout_enabled", True)))
        plaintext, _record = app.store.add_client_secret(identity, body.get("client_secret"),
                                                         num_uses_limit=int(body.get("client_secret_num_uses_limit", 0)),
                                                         ttl=int(body.get("client_secret_ttl", 0)))
        app.save()
    return {"identity": {"id": identity["id"], "name": identity["name"]}, "client_id": identity["ua"]["clientId"],
            "client_secret": plaintext}


def set_membership(app, body, query):
    del query
    roles = body.get("roles", ["member"])
    if not isinstance(roles, list) or not roles:
        raise ControlError(400, "roles must be a non-empty list")
    for role in roles:
        if role not in ROLES:
            raise ControlError(400, "Unknown role %r (built-in roles: %s)" % (role, ", ".join(ROLES)))
    with app.store.lock:
        project = app.store.project(body.get("project_id")) or app.store.project_by_slug(body.get("project_slug") or "")
        if project is None:
            raise ControlError(404, "Unknown project")
        identity = app.store.identity_by_ref(body.get("identity_id") or body.get("identity") or "")
        if identity is None:
            raise ControlError(404, "Unknown identity")
        membership = app.store.set_membership(project, identity["id"], roles)
        app.save()
    return {"membership": {"id": membership["id"], "project_id": project["id"], "identity_id": identity["id"], "roles": roles}}


def remove_membership(app, body, query):
    del query
    with app.store.lock:
        project = app.store.project(body.get("project_id"))
        identity = app.store.identity_by_ref(body.get("identity_id") or "")
        if project is None or identity is None or identity["id"] not in project["memberships"]:
            raise ControlError(404, "Unknown membership")
        project["memberships"].pop(identity["id"])
        app.save()
    return {"removed": True}


_ROUTES = {
    ("POST", "reset"): reset,
    ("POST", "seed"): seed,
    ("GET", "info"): info,
    ("GET", "requests"): list_requests,
    ("DELETE", "requests"): clear_requests,
    ("POST", "faults"): add_fault,
    ("GET", "faults"): list_faults,
    ("DELETE", "faults"): clear_faults,
    ("POST", "tokens/expire"): expire_tokens,
    ("POST", "ratelimit"): set_ratelimit,
    ("GET", "ratelimit"): get_ratelimit,
    ("POST", "clock"): set_clock,
    ("GET", "clock"): get_clock,
    ("POST", "identities"): add_identity,
    ("POST", "memberships"): set_membership,
    ("DELETE", "memberships"): remove_membership,
}
