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
# A shell variable name: what `export NAME=...` accepts.
_SHELL_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
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


def _quoted(text, pos, number):
    """Adjacent quoted parts and \\' between them form one value, as in a shell: 'it'\\''s'."""
    parts = []
    while True:
        parser = _single if text[pos] == "'" else _double
        part, pos = parser(text, pos + 1, number)
        parts.append(part)
        if text.startswith("\\'", pos):
            parts.append("'")
            pos += 2
        if pos < len(text) and text[pos] in ("'", '"'):
            continue
        return "".join(parts), pos


def _check_encodable(value, message):
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise AnsibleFilterError(message) from None


def from_dotenv(data):
    """Parse the text of a ``.env`` file into a dictionary (later keys win)."""
    if data is None:
        return {}
    if not isinstance(data, str):
        raise AnsibleFilterError("from_dotenv: expects a string (the text of a .env file), got %s" % type(data).__name__)
    _check_encodable(data, "from_dotenv: the text is not valid UTF-8 (unpaired surrogate)")
    text = data  # quoted values keep their bytes (\r too); line ends are found at "\n"
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
            # The text before '=' may be part of a value (a broken multi-line value): never echo it.
            _fail(number, "invalid key")
        # Parse the value from the real text, so that quoted values may span lines.
        value_start = text.index("=", pos) + 1
        while value_start < len(text) and text[value_start] in " \t":
            value_start += 1
        first = text[value_start] if value_start < len(text) else "\n"
        if first in ("'", '"'):
            value, after = _quoted(text, value_start, number)
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


def _shell_quote(value):
    """POSIX single quoting: nothing inside '...' is interpreted by sh, not even a line break."""
    if _SAFE.match(value):
        return value
    return "'%s'" % value.replace("'", "'\\''")


def _docker_value(name, value):
    """docker --env-file takes the rest of the line literally: no quotes, no escapes, no line breaks."""
    if "\n" in value or "\r" in value or "\0" in value:
        raise AnsibleFilterError("to_dotenv: the value of '%s' contains a line break or NUL, which docker --env-file cannot carry"
                                 % name)
    return value


def _key_name(key):
    if not isinstance(key, str):
        raise AnsibleFilterError("to_dotenv: keys must be strings, got a key of type %s" % type(key).__name__)
    if not _KEY.match(key):
        # Printable short names are quoted to help; anything else may be pasted data.
        shown = " '%s'" % key if len(key) <= 80 and key.isprintable() and key.isascii() and "'" not in key else ""
        raise AnsibleFilterError("to_dotenv: invalid key%s (use letters, digits, '_', '.' and '-', not starting with a digit)" % shown)
    return key


def _value_text(name, value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        raise AnsibleFilterError("to_dotenv: the value of '%s' must be a string, number or boolean, got %s" % (name, type(value).__name__))
    _check_encodable(value, "to_dotenv: the value of '%s' is not valid UTF-8 (unpaired surrogate)" % name)
    return value


def to_dotenv(data, export=False, flavor="dotenv"):
    """Render a dictionary as the text of a ``.env`` file, sorted by key."""
    if not isinstance(data, Mapping):
        raise AnsibleFilterError("to_dotenv: expects a dictionary, got %s" % type(data).__name__)
    if flavor not in ("dotenv", "docker"):
        raise AnsibleFilterError("to_dotenv: flavor must be 'dotenv' or 'docker'")
    if export and flavor == "docker":
        raise AnsibleFilterError("to_dotenv: export=true cannot be combined with flavor='docker'")
    names = sorted(_key_name(key) for key in data)
    lines = []
    for name in names:
        value = _value_text(name, data[name])
        if export:
            if not _SHELL_KEY.match(name):
                raise AnsibleFilterError("to_dotenv: key '%s' is not a shell variable name (export=true needs letters, digits and '_')"
                                         % name)
            lines.append("export %s=%s" % (name, _shell_quote(value)))
        elif flavor == "docker":
            lines.append("%s=%s" % (name, _docker_value(name, value)))
        else:
            lines.append("%s=%s" % (name, _quote(value)))
    return "".join(line + "\n" for line in lines)


class FilterModule:
    """dotenv filters."""

    def filters(self):
        return {"from_dotenv": from_dotenv, "to_dotenv": to_dotenv}
