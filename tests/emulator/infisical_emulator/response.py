# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A response as the HTTP layer sends it."""
from __future__ import annotations

import json


class Response:
    """What the HTTP layer sends: status, headers and a body, or nothing at all (``drop``)."""

    def __init__(self, status=200, body=None, headers=None, drop=False, raw=None):
        self.status = status
        self.headers = dict(headers or {})
        self.drop = drop
        if raw is not None:
            self.body = raw
        elif body is None:
            self.body = b""
        else:
            self.body = json.dumps(body, separators=(",", ":")).encode("utf-8")
            self.headers.setdefault("content-type", "application/json; charset=utf-8")
