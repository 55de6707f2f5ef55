# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A very small zod look-alike: schemas that parse input and report zod-shaped issues.

Unknown object keys are dropped (zod's default ``strip``), as Infisical does.
"""
from __future__ import annotations

import re

from .errors import ValidationError

_MISSING = object()


def type_name(value):
    """The name zod reports as ``received``."""
    if value is _MISSING:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "unknown"


class Issues:
    """Collects issues while parsing."""

    def __init__(self):
        self.items = []

    def add(self, path, code, message, **extra):
        issue = {"code": code}
        issue.update(extra)
        issue["path"] = list(path)
        issue["message"] = message
        self.items.append(issue)

    def invalid_type(self, path, expected, value):
        received = type_name(value)
        message = "Required" if value is _MISSING else "Expected %s, received %s" % (expected, received)
        self.add(path, "invalid_type", message, expected=expected, received=received)


class Schema:
    """Base schema: ``optional``, ``nullable`` and ``default`` handling."""

    expected = "unknown"

    def __init__(self, optional=False, nullable=False, default=_MISSING):
        self.optional = optional
        self.nullable = nullable
        self.default = default

    def parse(self, value, path, issues):
        if value is _MISSING:
            if self.default is not _MISSING:
                return self.default() if callable(self.default) else self.default
            if self.optional:
                return _MISSING
            issues.invalid_type(path, self.expected, value)
            return _MISSING
        if value is None and self.nullable:
            return None
        return self.check(value, path, issues)

    def check(self, value, path, issues):
        raise NotImplementedError


class String(Schema):
    expected = "string"

    def __init__(self, min_len=None, max_len=None, trim=False, refine=None, regex=None, regex_message="Invalid", **kwargs):
        super().__init__(**kwargs)
        self.min_len = min_len
        self.max_len = max_len
        self.trim = trim
        self.refine = refine
        self.regex = re.compile(regex) if regex else None
        self.regex_message = regex_message

    def check(self, value, path, issues):
        if not isinstance(value, str):
            issues.invalid_type(path, "string", value)
            return _MISSING
        if self.trim:
            value = value.strip()
        if self.min_len is not None and len(value) < self.min_len:
            issues.add(path, "too_small", "String must contain at least %d character(s)" % self.min_len,
                       minimum=self.min_len, type="string", inclusive=True, exact=False)
            return _MISSING
        if self.max_len is not None and len(value) > self.max_len:
            issues.add(path, "too_big", "String must contain at most %d character(s)" % self.max_len,
                       maximum=self.max_len, type="string", inclusive=True, exact=False)
            return _MISSING
        if self.regex is not None and not self.regex.search(value):
            issues.add(path, "invalid_string", self.regex_message, validation="regex")
            return _MISSING
        if self.refine is not None:
            message = self.refine(value)
            if message:
                issues.add(path, "custom", message)
                return _MISSING
        return value


class Boolean(Schema):
    expected = "boolean"

    def check(self, value, path, issues):
        if not isinstance(value, bool):
            issues.invalid_type(path, "boolean", value)
            return _MISSING
        return value


class QueryBool(Schema):
    """Query booleans: exactly ``"true"`` or ``"false"``; ``lenient`` also takes any case and ``1`` / ``0``."""

    expected = "string"
    _LENIENT = {"true": True, "1": True, "false": False, "0": False}

    def __init__(self, lenient=False, **kwargs):
        super().__init__(**kwargs)
        self.lenient = lenient

    def check(self, value, path, issues):
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        if self.lenient and isinstance(value, str) and value.strip().lower() in self._LENIENT:
            return self._LENIENT[value.strip().lower()]
        if not isinstance(value, str):
            issues.invalid_type(path, "string", value)
            return _MISSING
        issues.add(path, "invalid_enum_value", "Invalid enum value. Expected 'true' | 'false', received '%s'" % value,
                   received=value, options=["true", "false"])
        return _MISSING


class Number(Schema):
    expected = "number"

    def __init__(self, minimum=None, maximum=None, integer=False, coerce=False, **kwargs):
        super().__init__(**kwargs)
        self.minimum = minimum
        self.maximum = maximum
        self.integer = integer
        self.coerce = coerce

    def check(self, value, path, issues):
        if self.coerce and isinstance(value, str):
            try:
                value = float(value) if value.strip() else 0
            except ValueError:
                issues.add(path, "invalid_type", "Expected number, received nan", expected="number", received="nan")
                return _MISSING
            if value == int(value):
                value = int(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            issues.invalid_type(path, "number", value)
            return _MISSING
        if self.integer and value != int(value):
            issues.add(path, "invalid_type", "Expected integer, received float", expected="integer", received="float")
            return _MISSING
        if self.minimum is not None and value < self.minimum:
            issues.add(path, "too_small", "Number must be greater than or equal to %s" % self.minimum,
                       minimum=self.minimum, type="number", inclusive=True, exact=False)
            return _MISSING
        if self.maximum is not None and value > self.maximum:
            issues.add(path, "too_big", "Number must be less than or equal to %s" % self.maximum,
                       maximum=self.maximum, type="number", inclusive=True, exact=False)
            return _MISSING
        return int(value) if self.integer else value


class Enum(Schema):
    expected = "string"

    def __init__(self, options, **kwargs):
        super().__init__(**kwargs)
        self.options = list(options)

    def check(self, value, path, issues):
        if value in self.options and isinstance(value, str):
            return value
        if not isinstance(value, str):
            issues.add(path, "invalid_type", "Expected %s, received %s" % (" | ".join("'%s'" % o for o in self.options), type_name(value)),
                       expected=" | ".join("'%s'" % o for o in self.options), received=type_name(value))
            return _MISSING
        issues.add(path, "invalid_enum_value",
                   "Invalid enum value. Expected %s, received '%s'" % (" | ".join("'%s'" % o for o in self.options), value),
                   received=value, options=self.options)
        return _MISSING


class Array(Schema):
    expected = "array"

    def __init__(self, item, min_len=None, max_len=None, **kwargs):
        super().__init__(**kwargs)
        self.item = item
        self.min_len = min_len
        self.max_len = max_len

    def check(self, value, path, issues):
        if not isinstance(value, list):
            issues.invalid_type(path, "array", value)
            return _MISSING
        if self.min_len is not None and len(value) < self.min_len:
            issues.add(path, "too_small", "Array must contain at least %d element(s)" % self.min_len,
                       minimum=self.min_len, type="array", inclusive=True, exact=False)
            return _MISSING
        if self.max_len is not None and len(value) > self.max_len:
            issues.add(path, "too_big", "Array must contain at most %d element(s)" % self.max_len,
                       maximum=self.max_len, type="array", inclusive=True, exact=False)
            return _MISSING
        result = []
        for index, item in enumerate(value):
            result.append(self.item.parse(item, list(path) + [index], issues))
        return result


class Object(Schema):
    expected = "object"

    def __init__(self, fields, **kwargs):
        super().__init__(**kwargs)
        self.fields = fields

    def check(self, value, path, issues):
        if not isinstance(value, dict):
            issues.invalid_type(path, "object", value)
            return _MISSING
        result = {}
        for name, schema in self.fields.items():
            parsed = schema.parse(value.get(name, _MISSING), list(path) + [name], issues)
            if parsed is not _MISSING:
                result[name] = parsed
        return result


class Any(Schema):
    def check(self, value, path, issues):
        return value


def validate(schema, value, absent_is_null=False):
    """Parse ``value`` (``None`` = absent, or JSON null with ``absent_is_null``) or raise ``ValidationError``."""
    issues = Issues()
    parsed = schema.parse(_MISSING if value is None and not absent_is_null else value, [], issues)
    if issues.items:
        raise ValidationError(issues.items)
    return parsed


def secret_name_refine(value):
    if ":" in value or "/" in value:
        return "Secret name cannot contain colon or forward slash."
    return None


FOLDER_NAME_RE = r"^[A-Za-z0-9_-]+$"
FOLDER_NAME_MESSAGE = "Invalid folder name. Only alphanumeric characters, dashes, and underscores are allowed."
SLUG_RE = r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$"
