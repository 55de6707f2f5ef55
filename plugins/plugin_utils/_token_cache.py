# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Opt-in file cache of access tokens, so lookups in many tasks log in once.

Internal module: may change in any release.

Only access tokens and the servers' API generations are written, never secret
values. Token entries are keyed by a hash of the server URL and the client id,
carry the token's expiry, and are skipped once the token is close to expiring.
Generation entries are keyed by a hash of the URL, so that a lookup task on a
2024 server does not probe the routes again. The file is created with mode 0600
and replaced atomically, so concurrent workers never see a half-written file.

Every problem with the file raises :class:`TokenCacheError`, one line naming the
option ``token_cache_file``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
import time

DEFAULT_PATH = "~/.cache/secretops.infisical/tokens.json"
EXPIRY_MARGIN = 60  # seconds: do not hand out a token about to expire
# A server is upgraded now and then: learn its generation again once a day.
GENERATION_TTL = 86400
GENERATIONS = ("current", "legacy")


class TokenCacheError(Exception):
    """The token cache file cannot be read or written; the text names the option."""

    def __init__(self, path, problem):
        super().__init__("Option 'token_cache_file': %s ('%s')" % (problem, path))


def _key(url, client_id):
    return hashlib.sha256(("%s\n%s" % (url.rstrip("/"), client_id)).encode("utf-8")).hexdigest()


def _generation_key(url):
    return "generation:" + hashlib.sha256(url.rstrip("/").encode("utf-8")).hexdigest()


def _reason(exc):
    return exc.strerror or exc.__class__.__name__


class TokenCache:
    def __init__(self, path=None, clock=time.time):
        self.path = os.path.expanduser(path or DEFAULT_PATH)
        self.clock = clock

    def check(self):
        """Refuse, before any request, a path that can never hold the cache."""
        if os.path.isdir(self.path):
            raise TokenCacheError(self.path, "is a directory, not a file")
        parent = os.path.dirname(os.path.abspath(self.path))
        while not os.path.exists(parent):
            parent = os.path.dirname(parent)
        if not os.path.isdir(parent):
            raise TokenCacheError(self.path, "cannot be created: '%s' is not a directory" % parent)
        # The file is replaced through a temporary file beside it: its directory must be writable.
        if not os.access(parent, os.W_OK | os.X_OK):
            raise TokenCacheError(self.path, "cannot be created: '%s' is not writable" % parent)

    def _load(self):
        try:
            with open(self.path, "r", encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise TokenCacheError(self.path, "cannot be read: %s" % _reason(exc)) from None
        except ValueError:
            return {}  # damaged (or not ours): start afresh, the next write replaces it
        return data if isinstance(data, dict) else {}

    def get(self, url, client_id):
        """A cached token string that is still valid, or ``None``."""
        entry = self._load().get(_key(url, client_id))
        if not isinstance(entry, dict) or not entry.get("token"):
            return None
        if self._expired(entry, margin=EXPIRY_MARGIN):
            return None
        return entry["token"]

    def put(self, url, client_id, token, expires_at):
        """Store a token; drop expired entries on the way."""
        self._update(_key(url, client_id), {"token": token, "expires_at": expires_at})

    def get_generation(self, url):
        """``current``, ``legacy`` or ``None`` (not known, or learnt too long ago)."""
        entry = self._load().get(_generation_key(url))
        if not isinstance(entry, dict) or entry.get("generation") not in GENERATIONS or self._expired(entry):
            return None
        return entry["generation"]

    def put_generation(self, url, generation):
        if generation in GENERATIONS and self.get_generation(url) != generation:
            self._update(_generation_key(url), {"generation": generation, "expires_at": self.clock() + GENERATION_TTL})

    def _expired(self, entry, margin=0):
        expires_at = entry.get("expires_at")
        try:
            return expires_at is not None and self.clock() >= float(expires_at) - margin
        except (TypeError, ValueError):
            return True

    def _update(self, key, entry):
        data = {k: v for k, v in self._load().items() if isinstance(v, dict) and not self._expired(v)}
        data[key] = entry
        self._write(data)

    def _write(self, data):
        """Replace the file atomically, created with mode 0600 in a 0700 directory."""
        directory = os.path.dirname(self.path) or "."
        tmp = None
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tokens-", dir=directory)
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, sort_keys=True)
            os.replace(tmp, self.path)
        except OSError as exc:
            if tmp and os.path.exists(tmp):
                os.unlink(tmp)
            if exc.errno in (errno.ENOTDIR, errno.EEXIST):
                raise TokenCacheError(self.path, "cannot be written: a part of its directory is not a directory") from None
            raise TokenCacheError(self.path, "cannot be written: %s" % _reason(exc)) from None
