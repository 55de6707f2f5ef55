# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixed-window rate limiting per route and client IP, plus a global counter (like @fastify/rate-limit).

Two kinds of window, both measured on the emulator's clock:

* ``time`` (what Infisical does): a window lasts ``window_seconds`` from its first request.
  A test that must see a refusal freezes the clock (``/__emulator/clock``), or a slow machine
  could let the window end before the limit is reached.
* ``count``: a window never ends by itself, only ``retry_after`` seconds after its first
  refusal, which is what the refused client is told to wait. The limit is therefore always
  reached, however slowly the requests arrive, and a client that honours ``Retry-After``
  always gets through afterwards; the answers depend on the number of requests only.

``configure`` (``POST /__emulator/ratelimit``) resets every counter.
"""
from __future__ import annotations

import math
import threading
import time

DEFAULTS = {"secrets": 40, "read": 60, "write": 200, "global": 600, "window_seconds": 60}
WINDOWS = ("time", "count")


class RateLimiter:
    """Counters keyed by (route, client IP) and (global, client IP)."""

    def __init__(self, enabled=False, secrets=40, read=60, write=200, global_limit=600, window_seconds=60, clock=time.time,
                 window="time", retry_after=1):
        self.lock = threading.Lock()
        self.clock = clock
        self.enabled = enabled
        self.limits = {"secrets": secrets, "read": read, "write": write}
        self.global_limit = global_limit
        self.window_seconds = window_seconds
        self.window = window
        self.retry_after = retry_after
        self.counters = {}

    def configure(self, enabled=None, secrets=None, read=None, write=None, global_limit=None, window_seconds=None,
                  window=None, retry_after=None):
        with self.lock:
            if window is not None and window not in WINDOWS:
                raise ValueError("window must be one of %s" % ", ".join(WINDOWS))
            if retry_after is not None and int(retry_after) < 1:
                raise ValueError("retry_after must be at least 1 (Retry-After is whole seconds)")
            if enabled is not None:
                self.enabled = bool(enabled)
            for key, value in (("secrets", secrets), ("read", read), ("write", write)):
                if value is not None:
                    self.limits[key] = int(value)
            if global_limit is not None:
                self.global_limit = int(global_limit)
            if window_seconds is not None:
                self.window_seconds = float(window_seconds)
            if window is not None:
                self.window = window
            if retry_after is not None:
                self.retry_after = int(retry_after)
            self.counters = {}

    def restore(self, settings):
        """Go back to ``settings()`` taken earlier (counters are reset)."""
        self.configure(enabled=settings["enabled"], secrets=settings["secrets"], read=settings["read"], write=settings["write"],
                       global_limit=settings["global"], window_seconds=settings["window_seconds"], window=settings["window"],
                       retry_after=settings["retry_after"])

    def settings(self):
        with self.lock:
            return dict(enabled=self.enabled, window_seconds=self.window_seconds, window=self.window,
                        retry_after=self.retry_after, **{"global": self.global_limit}, **self.limits)

    def _ended(self, entry, now):
        if self.window == "count":
            return entry["refused_at"] is not None and now >= entry["refused_at"] + self.retry_after
        return now >= entry["start"] + self.window_seconds

    def _hit(self, key, now):
        entry = self.counters.get(key)
        if entry is None or self._ended(entry, now):
            entry = {"start": now, "count": 0, "refused_at": None}
            self.counters[key] = entry
        entry["count"] += 1
        return entry

    def _reset_in(self, entry, now):
        """Whole seconds until the window of ``entry`` ends (as Infisical announces it)."""
        if self.window == "count":
            return self.retry_after
        return max(0, int(math.ceil(entry["start"] + self.window_seconds - now)))

    def _refuse(self, entry, now):
        if entry["refused_at"] is None:
            entry["refused_at"] = now
        return max(1, self._reset_in(entry, now))

    def check(self, route_key, category, client_ip):
        """Return ``(headers, retry_after)``; ``retry_after`` is set when the request is refused."""
        if not self.enabled or category not in self.limits:
            return {}, None
        with self.lock:
            now = self.clock()
            limit = self.limits[category]
            route = self._hit(("route", route_key, client_ip), now)
            overall = self._hit(("global", client_ip), now)
            headers = {
                "x-ratelimit-limit": str(limit),
                "x-ratelimit-remaining": str(max(0, limit - route["count"])),
                "x-ratelimit-reset": str(self._reset_in(route, now)),
            }
            if route["count"] > limit:
                return headers, self._refuse(route, now)
            if overall["count"] > self.global_limit:
                return headers, self._refuse(overall, now)
            return headers, None
