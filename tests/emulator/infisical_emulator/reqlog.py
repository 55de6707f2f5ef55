# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The request log: method, path without query, matched route, status. Never bodies, headers or values."""
from __future__ import annotations

import itertools
import threading

from .store import now_iso


class RequestLog:
    def __init__(self, limit=100000):
        self.lock = threading.Lock()
        self.entries = []
        self.seq = itertools.count(1)
        self.limit = limit

    def add(self, method, path, route, status, client_ip, fault=None):
        entry = {"seq": 0, "time": now_iso(), "method": method, "path": path, "route": route, "status": status, "client_ip": client_ip}
        if fault:
            entry["fault"] = fault
        with self.lock:
            entry["seq"] = next(self.seq)
            self.entries.append(entry)
            if len(self.entries) > self.limit:
                del self.entries[: len(self.entries) - self.limit]

    def since(self, seq=0):
        with self.lock:
            return [dict(entry) for entry in self.entries if entry["seq"] > seq]

    def clear(self):
        with self.lock:
            self.entries = []
