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
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def shown(text):
    """``text`` fit for a one-line message: control characters, surrogates and non-ASCII escaped.

    Plain printable text is returned as it is; anything else is shown the way
    Python writes it (``A\\nB``), so an error never spans lines or fails to encode.
    """
    text = str(text)
    if text.isprintable() and text.isascii():
        return text
    return text.encode("unicode_escape").decode("ascii")


def secret_name(name, option="name"):
    """Secret names: non-empty, no ``:`` or ``/``, no surrounding whitespace (the server would trim it).

    Also refused, though a server may store them: control characters (PostgreSQL
    cannot store NUL; a newline breaks every dotenv rendering), text that is not
    UTF-8, and ``.``/``..``, which HTTP clients and proxies resolve as path segments,
    so ``/secrets/..`` would address a different route.
    """
    if name is None or not name.strip():
        raise OptionError(option, "must be a non-empty secret name")
    if name != name.strip():
        raise OptionError(option, "must not start or end with whitespace (got '%s')" % shown(name))
    if ":" in name or "/" in name:
        raise OptionError(option, "must not contain ':' or '/' (got '%s')" % shown(name))
    if name in (".", ".."):
        raise OptionError(option, "must not be '.' or '..' (they name a path segment in the request URL)")
    if CONTROL.search(name):
        raise OptionError(option, "must not contain control characters such as NUL, tab or newline (got '%s')" % shown(name))
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise OptionError(option, "is not valid UTF-8 text (got '%s')" % shown(name)) from None
    return name


def secret_path(path, option="path"):
    """An absolute folder path: ``/`` or ``/a/b`` with folder-name segments; one trailing ``/`` is dropped."""
    if path is None or path == "":
        return "/"
    if not path.startswith("/"):
        raise OptionError(option, "must be an absolute path starting with '/' (got '%s')" % shown(path))
    if path != "/" and path.endswith("/"):
        path = path[:-1]
    if path == "/":
        return path
    for segment in path[1:].split("/"):
        if not FOLDER_NAME.fullmatch(segment):  # fullmatch: "$" alone accepts a trailing newline
            raise OptionError(option, "has an invalid folder name '%s' (only letters, digits, '-' and '_' are allowed; got '%s')"
                              % (shown(segment), shown(path)))
    return path


def slug(value, option, what="slug"):
    """Environment and tag slugs: lower-case words of ``a-z0-9`` joined by ``-`` or ``_``, at most 64 characters."""
    if not value or len(value) > SLUG_MAX or not SLUG.fullmatch(value):
        raise OptionError(option, "must be a %s of lower-case letters and digits joined by '-' or '_', at most %d characters (got '%s')"
                          % (what, SLUG_MAX, shown(value)))
    return value
