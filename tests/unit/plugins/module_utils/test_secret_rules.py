# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The value, text and size rules of ``_secret``, and the engine's "already exists on create" path."""

from __future__ import annotations

import types

import pytest

from ansible_collections.secretops.infisical.plugins.module_utils import _validate
from ansible_collections.secretops.infisical.plugins.module_utils._bulk import parse_desired
from ansible_collections.secretops.infisical.plugins.module_utils._errors import ConflictError, OptionError
from ansible_collections.secretops.infisical.plugins.module_utils._resource import AlreadyExistsError, InfisicalResource
from ansible_collections.secretops.infisical.plugins.module_utils._secret import (
    BODY_OVERHEAD,
    MAX_BODY_BYTES,
    body_size,
    check_body_size,
    check_text,
    secret_value,
)

CANARY = "canary-Jx5Wm8-value"
SURROGATE = CANARY + "\udcff"  # a non-UTF-8 byte from a file, as Python decodes it (surrogateescape)


# ---- secret_value: what a declared value becomes


@pytest.mark.parametrize("given,stored", [
    ("text", "text"),
    ("", ""),
    ("  padded\n", "  padded\n"),  # stored as given here; the server-side trimming rule is normalize_secret_value's
    (True, "true"),
    (False, "false"),
    (0, "0"),
    (42, "42"),
    (-7, "-7"),
    (1.5, "1.5"),
    (None, None),
])
def test_secret_value_conversion(given, stored):
    assert secret_value(given, "value") == stored


@pytest.mark.parametrize("given,kind", [
    ([CANARY], "list"),
    ({"k": CANARY}, "dictionary"),
    ((CANARY,), "tuple"),
    (b"bytes-" + CANARY.encode(), "bytes"),
    ({CANARY}, "set"),
])
def test_secret_value_refuses_other_types_naming_the_option(given, kind):
    with pytest.raises(OptionError) as caught:
        secret_value(given, "value")
    message = str(caught.value)
    assert message.startswith("Option 'value' must be a string, a number or a boolean") and ("got a %s" % kind) in message
    assert CANARY not in message and caught.value.result_fields() == {"option": "value"}


def test_bulk_items_are_refused_by_their_key():
    for secrets in ({"OK": "x", "BAD": [CANARY]}, [{"name": "OK", "value": "x"}, {"name": "BAD", "value": {"k": CANARY}}]):
        with pytest.raises(OptionError) as caught:
            parse_desired(secrets)
        assert caught.value.option == "secrets.BAD" and CANARY not in str(caught.value)


def test_bulk_booleans_and_numbers_follow_the_same_rule():
    desired = parse_desired({"FLAG": True, "OFF": False, "PORT": 5432, "RATIO": 0.25})
    assert {name: item["value"] for name, item in desired.items()} == {"FLAG": "true", "OFF": "false", "PORT": "5432", "RATIO": "0.25"}


@pytest.mark.parametrize("check", [lambda text: secret_value(text, "value"), lambda text: check_text(text, "value")])
def test_undecodable_text_is_refused_without_quoting_it(check):
    with pytest.raises(OptionError) as caught:
        check(SURROGATE)
    message = str(caught.value)
    assert "Option 'value' is not valid UTF-8 text" in message
    assert "character %d" % len(SURROGATE) in message  # where, so the user can find it
    assert CANARY not in message and "\udcff" not in message


def test_check_text_passes_text_and_non_text_through():
    assert check_text("ünïcødé ✓", "comment") == "ünïcødé ✓"
    assert check_text(None, "comment") is None


def test_bulk_undecodable_value_and_comment_name_their_key():
    with pytest.raises(OptionError) as caught:
        parse_desired({"A": "fine", "B": SURROGATE})
    assert caught.value.option == "secrets.B"
    with pytest.raises(OptionError) as caught:
        parse_desired([{"name": "C", "value": "v", "comment": "c\udcff"}])
    assert caught.value.option == "secrets.C.comment"


# ---- names: the rules of _validate.secret_name (the lookup and both secret modules use them)


@pytest.mark.parametrize("name", [".", "..", "A\x00B", "A\nB", "A\tB", "A\x7fB", "A\udcffB", "A/B", "A:B", " A", ""])
def test_secret_name_refusals_are_one_line(name):
    with pytest.raises(OptionError) as caught:
        _validate.secret_name(name)
    message = str(caught.value)
    assert message.startswith("Option 'name' ")
    assert message.isprintable() and message.encode("utf-8")


@pytest.mark.parametrize("name", ["DB_PASSWORD", "a.b", "...", "clé", "A-B", "x" * 300])
def test_secret_name_accepts(name):
    assert _validate.secret_name(name) == name


@pytest.mark.parametrize("check,value", [
    (_validate.secret_path, "/app\n"),
    (_validate.secret_path, "/app\n/db"),
    (lambda v: _validate.slug(v, "environment"), "dev\n"),
])
def test_a_trailing_newline_does_not_pass(check, value):
    with pytest.raises(OptionError) as caught:
        check(value)
    assert "\n" not in str(caught.value) and "\\n" in str(caught.value)


# ---- body size: refused before any write


def test_body_size_counts_utf8_bytes_and_the_overhead():
    assert body_size({"secretValue": "é"}) == len('{"secretValue": "\\u00e9"}') + BODY_OVERHEAD


def test_body_size_limit_is_a_boundary():
    # json.dumps({"secretValue": v}) is len(v) + 19 bytes for plain ASCII.
    fits = "v" * (MAX_BODY_BYTES - BODY_OVERHEAD - 19)
    check_body_size({"secretValue": fits}, "value")
    with pytest.raises(OptionError) as caught:
        check_body_size({"secretValue": fits + "v"}, "value")
    assert caught.value.option == "value" and "1 MiB" in str(caught.value) and fits not in str(caught.value)


# ---- the engine: "already exists" on create re-reads and converges


class RacingResource(InfisicalResource):
    """A one-field resource whose create finds the object already made by another host."""

    RESULT_KEY = "thing"

    def __init__(self, module, server, theirs):
        super().__init__(module)
        self.server = server  # what the server holds: None or {"value": ...}
        self.theirs = theirs  # what the other host creates between our read and our write
        self.writes = []

    def find(self):
        return dict(self.server) if self.server is not None else None

    def desired(self):
        return {"value": self.params["value"]}

    def create(self, want):
        self.writes.append(("create", want["value"]))
        if self.theirs is not None:
            self.server = dict(self.theirs)
            raise AlreadyExistsError(ConflictError("create thing 'T'", "POST", "/things/T", 400,
                                                   error="BadRequest", server_message="Secret already exists", req_id="req-race01"))
        self.server = dict(want)

    def update(self, before, changes):
        self.writes.append(("update", changes["value"][1]))
        self.server.update({field: new for field, (_old, new) in changes.items()})


def fake_module(**params):
    """A stand-in for InfisicalModule: the engine reads params, client and check_mode only."""
    return types.SimpleNamespace(params=dict(state="present", **params), client=None, check_mode=False)


def test_race_with_an_equal_value_is_unchanged():
    resource = RacingResource(fake_module(value="v1"), None, theirs={"value": "v1"})
    result = resource.ensure()
    assert result["changed"] is False and result["operation"] == "none"
    assert resource.writes == [("create", "v1")] and resource.server == {"value": "v1"}


def test_race_with_another_value_converges_by_update():
    resource = RacingResource(fake_module(value="mine"), None, theirs={"value": "theirs"})
    result = resource.ensure()
    assert result["changed"] is True and result["operation"] == "update"
    assert resource.writes == [("create", "mine"), ("update", "mine")] and resource.server == {"value": "mine"}
    assert result["diff"]["before"] == {"value": "theirs"} and result["diff"]["after"] == {"value": "mine"}


def test_race_where_the_object_is_gone_again_raises_the_server_error():
    class Vanishing(RacingResource):
        def find(self):
            return None  # deleted again before our re-read: nothing to converge on

    resource = Vanishing(fake_module(value="v"), None, theirs={"value": "v"})
    with pytest.raises(ConflictError) as caught:
        resource.ensure()
    assert "Secret already exists" in str(caught.value) and "req-race01" in str(caught.value)
