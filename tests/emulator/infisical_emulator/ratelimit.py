# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixed-window rate limiting per route and client IP, plus a global counter (like @fastify/rate-limit)."""
from __future__ import annotations

import math
import threading
import time

DEFAULTS = {"secrets": 40, "read": 60, "write": 200, "global": 600, "window_seconds": 60}


class RateLimiter:
    """Counters keyed by (route, client IP) and (global, client IP)."""

    def __init__(self, enabled=False, secrets=40, read=60, write=200, global_limit=600, window_seconds=60, clock=time.time):
        self.lock = threading.Lock()
        self.clock = clock
        self.enabled = enabled
        self.limits = {"secrets": secrets, "read": read, "write": write}
        self.global_limit = global_limit
        self.window = window_seconds
        self.counters = {}

    def configure(self, enabled=None, secrets=None, read=None, write=None, global_limit=None, window_seconds=None):
        with self.lock:
            if enabled is not None:
                self.enabled = bool(enabled)
            for key, value in (("secrets", secrets), ("read", read), ("write", write)):
                if value is not None:
                    self.limits[key] = int(value)
            if global_limit is not None:
                self.global_limit = int(global_limit)
            if window_seconds is not None:
                self.window = float(window_seconds)
            self.counters = {}

    def restore(self, settings):
        """Go back to ``settings()`` taken earlier (counters are reset)."""
        self.configure(enabled=settings["enabled"], secrets=settings["secrets"], read=settings["read"], write=settings["write"],
                       global_limit=settings["global"], window_seconds=settings["window_seconds"])

    def settings(self):
        with self.lock:
            return dict(enabled=self.enabled, window_seconds=self.window, **{"global": self.global_limit}, **self.limits)

    def _hit(self, key, now):
        start, count = self.counters.get(key, (now, 0))
        if now >= start + self.window:
            start, count = now, 0
        count += 1
        self.counters[key] = (start, count)
        return start, count

    def check(self, route_key, category, client_ip):
        """Return ``(headers, retry_after)``; ``retry_after`` is set when the request is refused."""
        if not self.enabled or category not in self.limits:
            return {}, None
        with self.lock:
            now = self.clock()
            limit = self.limits[category]
            start, count = self._hit(("route", route_key, client_ip), now)
            g_start, g_count = self._hit(("global", client_ip), now)
            reset = max(0, int(math.ceil(start + self.window - now)))
            headers = {
                "x-ratelimit-limit": str(limit),
                "x-ratelimit-remaining": str(max(0, limit - count)),
                "x-ratelimit-reset": str(reset),
            }
            if count > limit:
                return headers, max(1, reset)
            if g_count > self.global_limit:
                return headers, max(1, int(math.ceil(g_start + self.window - now)))
            return headers, None
