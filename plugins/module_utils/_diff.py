# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Pure functions for comparing, planning and showing changes.

Internal module: may change in any release. No I/O, no Ansible imports: this is
where the subtle rules live (value trimming, list planning, masking), so it gets
the most unit tests.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re

# Returned to users, never compared or shown in a diff.
SERVER_FIELDS = frozenset(["id", "version", "created_at", "updated_at", "actor"])

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def normalize_secret_value(value):
    """The value as Infisical stores it.

    The server strips surrounding whitespace but keeps one trailing newline when
    the input ended with one: ``"  a b \\n"`` -> ``"a b\\n"``, ``"x  "`` -> ``"x"``.
    Comparing normalized values keeps a trailing newline from a file (or a YAML
    block scalar) from making every run "changed".
    """
    if value is None:
        return None
    stripped = value.strip()
    if value.endswith("\n") and stripped:
        return stripped + "\n"
    return stripped


def snake_case(name):
    """``secretValueHidden`` -> ``secret_value_hidden``."""
    return _CAMEL_BOUNDARY.sub("_", name).lower()


def snake_case_keys(data):
    """Recursively convert the keys of API objects to snake_case."""
    if isinstance(data, dict):
        return {snake_case(str(k)): snake_case_keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [snake_case_keys(v) for v in data]
    return data


class Fingerprinter:
    """Masks secret values in diffs and results as ``<secret #1a2b3c4d>``.

    A marker is a truncated HMAC-SHA256 of the value keyed with a random key made
    for this run only: equal values give equal markers within one diff (so a
    ``-``/``+`` line appears only on a real change), but markers are useless for
    guessing the value and differ between runs. Never a bare hash: a short
    password falls to a dictionary attack on an unkeyed hash.
    """

    PREFIX = "<secret #"

    def __init__(self, key=None):
        self._key = key if key is not None else os.urandom(32)

    def marker(self, value):
        if value is None:
            return None
        digest = hmac.new(self._key, value.encode("utf-8"), hashlib.sha256).hexdigest()
        return "%s%s>" % (self.PREFIX, digest[:12])


def changed_fields(current, desired):
    """``{field: (old, new)}`` for the fields the user set (desired value not ``None``).

    "Unset means unmanaged": a field missing from ``desired`` or set to ``None``
    is never a change. Server fields are ignored.
    """
    changes = {}
    for field, want in desired.items():
        if want is None or field in SERVER_FIELDS:
            continue
        have = current.get(field) if current else None
        if have != want:
            changes[field] = (have, want)
    return changes


def masked(obj, secret_fields, fingerprinter):
    """A copy of ``obj`` with each secret field replaced by its marker."""
    if not obj:
        return obj
    copy = dict(obj)
    for field in secret_fields:
        if field in copy and copy[field] is not None:
            copy[field] = fingerprinter.marker(copy[field])
    return copy


def build_diff(before, after, secret_fields=(), fingerprinter=None, reveal=False):
    """``{"before", "after"}`` for ``--diff``: server fields left out, secrets masked.

    ``{}`` stands for "absent". Lists are sorted so that an order change never
    shows as a change.
    """
    def prepare(obj):
        if not obj:
            return {}
        shown = {k: (sorted(v, key=str) if isinstance(v, list) else v)
                 for k, v in obj.items() if k not in SERVER_FIELDS}
        if reveal or fingerprinter is None:
            return shown
        return masked(shown, secret_fields, fingerprinter)

    return {"before": prepare(before), "after": prepare(after)}
