# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Route table (``/api/v4/secrets/:secretName`` patterns) and the per-request context."""
from __future__ import annotations

import urllib.parse

from . import validation as v


class Route:
    """One API route: method, pattern, handler and how it is guarded."""

    def __init__(self, method, pattern, handler, auth=True, category=None, writes=None):
        self.method = method
        self.pattern = pattern
        self.handler = handler
        self.auth = auth
        # Rate limit category: "secrets", "read", "write" or None (not limited).
        self.category = category or ("read" if method == "GET" else "write")
        self.writes = (method != "GET") if writes is None else writes
        self.parts = [part for part in pattern.split("/") if part]

    def match(self, parts):
        if len(parts) != len(self.parts):
            return None
        params = {}
        score = 0
        for mine, theirs in zip(self.parts, parts):
            if mine.startswith(":"):
                params[mine[1:]] = urllib.parse.unquote(theirs)
            elif mine == theirs:
                score += 1
            else:
                return None
        return score, params


class Router:
    """Routes by method; static segments win over parameters (like find-my-way)."""

    def __init__(self):
        self.routes = []

    def add(self, method, pattern, handler, **kwargs):
        self.routes.append(Route(method, pattern, handler, **kwargs))

    def resolve(self, method, path):
        parts = [part for part in path.split("/") if part]
        best_rank, best_route, best_params = None, None, {}
        for route in self.routes:
            if route.method != method:
                continue
            found = route.match(parts)
            if found is None:
                continue
            score, params = found
            # Prefer more static segments, then earlier static segments.
            rank = (score, [not part.startswith(":") for part in route.parts])
            if best_rank is None or rank > best_rank:
                best_rank, best_route, best_params = rank, route, params
        return best_route, best_params


class Context:
    """What a handler sees of one request."""

    def __init__(self, app, method, path, params, query, headers, client_ip):
        self.app = app
        self.store = app.store
        self.profile = app.profile
        self.method = method
        self.path = path
        self.params = params
        self.query = query
        self.headers = headers
        self.client_ip = client_ip
        self.body = None
        self.identity = None
        self.token = None

    @property
    def actor(self):
        if self.identity is None:
            return None
        return {"actorId": self.identity["id"], "actorType": "identity", "name": self.identity["name"], "membershipId": None}

    def parse(self, params=None, body=None, query=None):
        """Validate params, body and query in Fastify's order; returns the three parsed dicts."""
        parsed = []
        for schema, value, is_body in ((params, self.params, False), (body, self.body, True), (query, self.query, False)):
            if schema is None:
                parsed.append(None)
                continue
            if value is None and not is_body:
                # Absent query/params are empty objects.
                value = {}
            # Fastify hands a route without a body ``null``: a required body schema reports
            # "Expected object, received null" (recorded), an optional one sees it as absent.
            parsed.append(v.validate(schema, value, absent_is_null=is_body and not schema.optional))
        return parsed
