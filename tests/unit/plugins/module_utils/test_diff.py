# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.secretops.infisical.plugins.module_utils._diff import (
    Fingerprinter,
    build_diff,
    changed_fields,
    normalize_secret_value,
    snake_case_keys,
)


@pytest.mark.parametrize("given,stored", [
    ("  a b \n", "a b\n"),
    ("x  ", "x"),
    ("x\n", "x\n"),
    ("x\n\n\n", "x\n"),
    ("\n", ""),
    ("", ""),
    ("multi\nline\n", "multi\nline\n"),
    ("\tpadded\t", "padded"),
    (None, None),
])
def test_normalize_secret_value_matches_server_trimming(given, stored):
    assert normalize_secret_value(given) == stored


def test_fingerprint_is_keyed_stable_within_a_run_and_never_the_value():
    run = Fingerprinter()
    marker = run.marker("hunter2")
    assert marker.startswith("<secret #") and marker.endswith(">")
    assert "hunter2" not in marker
    assert run.marker("hunter2") == marker
    assert run.marker("hunter3") != marker
    assert Fingerprinter().marker("hunter2") != marker  # another run, another key
    assert Fingerprinter(key=b"k").marker("v") == Fingerprinter(key=b"k").marker("v")


def test_changed_fields_ignores_unset_and_server_fields():
    current = {"value": "a", "comment": "c", "version": 3, "tags": ["x"]}
    assert changed_fields(current, {"value": "a", "comment": None, "version": 9}) == {}
    assert changed_fields(current, {"comment": "d", "tags": ["x"]}) == {"comment": ("c", "d")}
    assert changed_fields(None, {"value": "a"}) == {"value": (None, "a")}


def test_build_diff_masks_secret_fields_and_drops_server_fields():
    fp = Fingerprinter()
    diff = build_diff({"name": "A", "value": "old", "id": "1", "version": 2, "tags": ["b", "a"]},
                      {"name": "A", "value": "new", "tags": ["a", "b"]}, ("value",), fp)
    assert diff["before"] == {"name": "A", "value": fp.marker("old"), "tags": ["a", "b"]}
    assert diff["after"]["value"] == fp.marker("new")
    assert "old" not in str(diff) and "new" not in str(diff).replace(fp.marker("new"), "")
    assert build_diff(None, {"name": "A"})["before"] == {}
    assert build_diff({"value": "v"}, None, ("value",), fp, reveal=True)["before"] == {"value": "v"}


def test_snake_case_keys():
    assert snake_case_keys({"secretValueHidden": True, "a": [{"createdAt": 1}]}) == {"secret_value_hidden": True, "a": [{"created_at": 1}]}
