# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Client-side checks with the server's own rules, run before any request.

Internal module: may change in any release. Current and 2024 servers differ in
what they validate (a 2024 build accepts ``a:b`` as a secret name and answers a
bad folder name with 500), so checking here makes both behave alike and gives an
error that names the option.
"""

from __future__ import annotations

import re

from ansible_collections.secretops.infisical.plugins.module_utils._errors import OptionError

FOLDER_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
SLUG_MAX = 64


def secret_name(name, option="name"):
    """Secret names: non-empty, no ``:`` or ``/``, no surrounding whitespace (the server would trim it)."""
    if name is None or not name.strip():
        raise OptionError(option, "must be a non-empty secret name")
    if name != name.strip():
        raise OptionError(option, "must not start or end with whitespace (got '%s')" % name)
    if ":" in name or "/" in name:
        raise OptionError(option, "must not contain ':' or '/' (got '%s')" % name)
    return name


def secret_path(path, option="path"):
    """An absolute folder path: ``/`` or ``/a/b`` with folder-name segments; one trailing ``/`` is dropped."""
    if path is None or path == "":
        return "/"
    if not path.startswith("/"):
        raise OptionError(option, "must be an absolute path starting with '/' (got '%s')" % path)
    if path != "/" and path.endswith("/"):
        path = path[:-1]
    if path == "/":
        return path
    for segment in path[1:].split("/"):
        if not FOLDER_NAME.match(segment):
            raise OptionError(option, "has an invalid folder name '%s' (only letters, digits, '-' and '_' are allowed; got '%s')"
                              % (segment, path))
    return path


def slug(value, option, what="slug"):
    """Environment and tag slugs: lower-case words of ``a-z0-9`` joined by ``-`` or ``_``, at most 64 characters."""
    if not value or len(value) > SLUG_MAX or not SLUG.match(value):
        raise OptionError(option, "must be a %s of lower-case letters and digits joined by '-' or '_', at most %d characters (got '%s')"
                          % (what, SLUG_MAX, value))
    return value
