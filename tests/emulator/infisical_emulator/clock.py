# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's clock: epoch seconds for every time-dependent rule.

Token TTLs, renewals, client secret TTLs, lockouts and rate-limit windows all read this clock
instead of ``time.time()``, so a test moves time forward through the control API (or freezes
it) instead of sleeping: what it asserts then holds however fast or slow the machine is.
"""
from __future__ import annotations

import math
import threading
import time


class Clock:
    """Real time plus an offset that only grows; optionally frozen at one moment."""

    def __init__(self, source=time.time):
        self._source = source
        self._lock = threading.Lock()
        self._offset = 0.0
        self._frozen_at = None

    def __call__(self):
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return self._source() + self._offset

    def advance(self, seconds):
        """Move time forward by ``seconds`` (never backwards: issued tokens and windows rely on it)."""
        seconds = float(seconds)
        if math.isnan(seconds) or seconds < 0:
            raise ValueError("advance must be a number of seconds >= 0")
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += seconds
            else:
                self._offset += seconds

    def freeze(self, frozen=True):
        """Stop time at the current moment (``frozen=False``: let it run again from there)."""
        with self._lock:
            if frozen and self._frozen_at is None:
                self._frozen_at = self._source() + self._offset
            elif not frozen and self._frozen_at is not None:
                self._offset = self._frozen_at - self._source()
                self._frozen_at = None

    def reset(self):
        """Back to real time, running."""
        with self._lock:
            self._offset = 0.0
            self._frozen_at = None

    def state(self):
        now = self()
        with self._lock:
            return {"now": round(now, 3), "offset": round(self._offset, 3), "frozen": self._frozen_at is not None}
