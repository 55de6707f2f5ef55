# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Opt-in file cache of access tokens, so lookups in many tasks log in once.

Internal module: may change in any release.

Only access tokens are written, never secret values. Entries are keyed by a hash
of the server URL and the client id, carry the token's expiry, and are skipped
once the token is close to expiring. The file is created with mode 0600 and
replaced atomically, so concurrent workers never see a half-written file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time

DEFAULT_PATH = "~/.cache/secretops.infisical/tokens.json"
EXPIRY_MARGIN = 60  # seconds: do not hand out a token about to expire


def _key(url, client_id):
    return hashlib.sha256(("%s\n%s" % (url.rstrip("/"), client_id)).encode("utf-8")).hexdigest()


class TokenCache:
    def __init__(self, path=None, clock=time.time):
        self.path = os.path.expanduser(path or DEFAULT_PATH)
        self.clock = clock

    def _load(self):
        try:
            with open(self.path, "r", encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, url, client_id):
        """A cached token string that is still valid, or ``None``."""
        entry = self._load().get(_key(url, client_id))
        if not isinstance(entry, dict) or not entry.get("token"):
            return None
        expires_at = entry.get("expires_at")
        if expires_at is not None and self.clock() >= float(expires_at) - EXPIRY_MARGIN:
            return None
        return entry["token"]

    def put(self, url, client_id, token, expires_at):
        """Store a token; drop expired entries on the way."""
        now = self.clock()
        data = {k: v for k, v in self._load().items()
                if isinstance(v, dict) and (v.get("expires_at") is None or float(v["expires_at"]) > now)}
        data[_key(url, client_id)] = {"token": token, "expires_at": expires_at}
        self._write(data)

    def _write(self, data):
        """Replace the file atomically, created with mode 0600 in a 0700 directory."""
        directory = os.path.dirname(self.path) or "."
        os.makedirs(directory, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tokens-", dir=directory)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, sort_keys=True)
            os.replace(tmp, self.path)
        except OSError:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
