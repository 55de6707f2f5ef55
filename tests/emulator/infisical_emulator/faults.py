# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Injected faults: answer a status, drop the connection, add latency or hold a barrier, for the next N matching requests."""
from __future__ import annotations

import itertools
import threading

ACTIONS = ("status", "drop", "latency", "barrier")
PHASES = ("before", "after")


class FaultError(ValueError):
    """An invalid fault specification."""


class Faults:
    """The active fault rules, matched in creation order (the first match wins)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rules = []
        self.ids = itertools.count(1)
        # "barrier" rules: the next ``count`` matching requests wait for each other, so that a
        # test makes N clients race deterministically (every read answered before any write).
        self.barriers = {}

    def add(self, spec):
        if not isinstance(spec, dict):
            raise FaultError("A fault must be a JSON object")
        action = spec.get("action") or ("latency" if spec.get("latency") and not spec.get("status") else "status")
        if action not in ACTIONS:
            raise FaultError("action must be one of %s" % ", ".join(ACTIONS))
        phase = spec.get("phase") or "before"
        if phase not in PHASES:
            raise FaultError("phase must be one of %s" % ", ".join(PHASES))
        status = spec.get("status")
        if action == "status":
            status = 503 if status is None else status
            if not isinstance(status, int) or not 100 <= status <= 599:
                raise FaultError("status must be an HTTP status code")
        count = spec.get("count", 1)
        if count is not None and (not isinstance(count, int) or count < 0):
            raise FaultError("count must be a non-negative integer or null (unlimited)")
        if action == "barrier" and (not isinstance(count, int) or count < 1):
            raise FaultError("a barrier needs count: the number of requests that wait for each other (at least 1)")
        timeout = spec.get("timeout", 60)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise FaultError("timeout must be a number of seconds > 0")
        after = spec.get("after", 0) or 0
        if not isinstance(after, int) or after < 0:
            raise FaultError("after must be a non-negative integer")
        method = spec.get("method")
        rule = {
            "id": next(self.ids),
            "method": method.upper() if isinstance(method, str) else None,
            "route": spec.get("route"),
            "path_prefix": spec.get("path_prefix"),
            "action": action,
            "phase": phase,
            "status": status,
            "count": count,
            "remaining": count,
            "after": after,
            "skipped": 0,
            "retry_after": spec.get("retry_after"),
            "latency": float(spec.get("latency") or 0.0),
            "message": spec.get("message"),
            "error": spec.get("error"),
            "matched": 0,
            "timeout": float(timeout),
        }
        with self.lock:
            self.rules.append(rule)
            if action == "barrier":
                self.barriers[rule["id"]] = threading.Barrier(count, timeout=float(timeout))
        return dict(rule)

    def list(self):
        with self.lock:
            return [dict(rule) for rule in self.rules]

    def clear(self):
        with self.lock:
            self.rules = []
            barriers, self.barriers = self.barriers, {}
        for barrier in barriers.values():
            barrier.abort()  # nobody stays held by a rule that is gone

    def wait(self, rule):
        """Hold a request of a barrier rule until all ``count`` have arrived; ``False`` if the barrier broke (timeout)."""
        with self.lock:
            barrier = self.barriers.get(rule["id"])
        if barrier is None:
            return False
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return False
        return True

    def take(self, method, route, path):
        """The rule that applies to this request (consuming one use), or ``None``."""
        with self.lock:
            for rule in self.rules:
                if rule["method"] and rule["method"] != method:
                    continue
                if rule["route"] and rule["route"] != route:
                    continue
                if rule["path_prefix"] and not path.startswith(rule["path_prefix"]):
                    continue
                if rule["remaining"] == 0:
                    continue
                if rule["skipped"] < rule["after"]:
                    rule["skipped"] += 1
                    continue
                rule["matched"] += 1
                if rule["remaining"] is not None:
                    rule["remaining"] -= 1
                result = dict(rule)
                self.rules = [item for item in self.rules if item["remaining"] != 0]
                return result
        return None
