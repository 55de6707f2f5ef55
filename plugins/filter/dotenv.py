# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ``from_dotenv`` and ``to_dotenv`` filters (documented in ``from_dotenv.yml`` and ``to_dotenv.yml``).

Error messages name the line, never its value: ``.env`` files hold secrets.
"""

from __future__ import annotations

import re

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_EXPORT = re.compile(r"^export\s+")
# Values written without quotes: nothing a dotenv parser or a shell would interpret.
_SAFE = re.compile(r"^[A-Za-z0-9_@%+=:,./-]+$")
_DECODE = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def _fail(number, problem):
    raise AnsibleFilterError("from_dotenv: line %d: %s" % (number, problem))


def _rest_is_comment(rest, number):
    rest = rest.strip()
    if rest and not rest.startswith("#"):
        _fail(number, "unexpected text after the closing quote")


def _single(text, pos, number):
    end = text.find("'", pos)
    if end < 0:
        _fail(number, "single quote is not closed")
    return text[pos:end], end + 1


def _double(text, pos, number):
    out = []
    while pos < len(text):
        char = text[pos]
        if char == "\\" and pos + 1 < len(text):
            nxt = text[pos + 1]
            out.append(_DECODE.get(nxt, "\\" + nxt))
            pos += 2
            continue
        if char == '"':
            return "".join(out), pos + 1
        out.append(char)
        pos += 1
    _fail(number, "double quote is not closed")
    return None, None  # not reached


def from_dotenv(data):
    """Parse the text of a ``.env`` file into a dictionary (later keys win)."""
    if data is None:
        return {}
    if not isinstance(data, str):
        raise AnsibleFilterError("from_dotenv: expects a string (the text of a .env file), got %s" % type(data).__name__)
    text = data.replace("\r\n", "\n").replace("\r", "\n")
    result = {}
    pos = 0
    number = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        number += 1
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            pos = end + 1
            continue
        body = _EXPORT.sub("", stripped, count=1)
        if "=" not in body:
            _fail(number, "expected KEY=VALUE")
        key, _sep, _after = body.partition("=")
        key = key.strip()
        if not _KEY.match(key):
            _fail(number, "invalid key '%s'" % key if len(key) <= 80 and "'" not in key else "invalid key")
        # Parse the value from the real text, so that quoted values may span lines.
        value_start = text.index("=", pos) + 1
        while value_start < len(text) and text[value_start] in " \t":
            value_start += 1
        first = text[value_start] if value_start < len(text) else "\n"
        if first in ("'", '"'):
            parser = _single if first == "'" else _double
            value, after = parser(text, value_start + 1, number)
            number += text.count("\n", value_start, after)
            line_end = text.find("\n", after)
            line_end = len(text) if line_end < 0 else line_end
            _rest_is_comment(text[after:line_end], number)
            pos = line_end + 1
        else:
            raw = text[value_start:end]
            comment = re.search(r"\s#", raw)
            if raw.startswith("#"):
                raw = ""
            elif comment:
                raw = raw[:comment.start()]
            value = raw.strip()
            pos = end + 1
        result[key] = value
    return result


def _quote(value):
    if value == "":
        return ""
    if _SAFE.match(value):
        return value
    if "'" not in value and "\n" not in value and "\r" not in value:
        return "'%s'" % value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"%s"' % escaped


def to_dotenv(data, export=False):
    """Render a dictionary as the text of a ``.env`` file, sorted by key, one line per key."""
    if not isinstance(data, Mapping):
        raise AnsibleFilterError("to_dotenv: expects a dictionary, got %s" % type(data).__name__)
    lines = []
    for key in sorted(data, key=str):
        name = str(key)
        if not _KEY.match(name):
            raise AnsibleFilterError("to_dotenv: invalid key '%s' (use letters, digits, '_', '.' and '-', not starting with a digit)"
                                     % name if len(name) <= 80 else "to_dotenv: invalid key")
        value = data[key]
        if value is None:
            value = ""
        elif isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (int, float)):
            value = str(value)
        elif not isinstance(value, str):
            raise AnsibleFilterError("to_dotenv: the value of '%s' must be a string, number or boolean" % name)
        lines.append("%s%s=%s" % ("export " if export else "", name, _quote(value)))
    return "".join(line + "\n" for line in lines)


class FilterModule:
    """dotenv filters."""

    def filters(self):
        return {"from_dotenv": from_dotenv, "to_dotenv": to_dotenv}
