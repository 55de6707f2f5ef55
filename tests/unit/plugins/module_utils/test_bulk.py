# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The pure parts of bulk reconciliation: planner, key normalisation, chunking, fingerprints, batch calls."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from ansible_collections.secretops.infisical.plugins.module_utils import _bulk
from ansible_collections.secretops.infisical.plugins.module_utils import _client
from ansible_collections.secretops.infisical.plugins.module_utils._bulk import (
    chunks,
    fingerprint,
    normalize_keys,
    parse_desired,
    plan_secrets,
)
from ansible_collections.secretops.infisical.plugins.module_utils._client import InfisicalClient
from ansible_collections.secretops.infisical.plugins.module_utils._errors import InfisicalError, OptionError
from ansible_collections.secretops.infisical.plugins.module_utils._secret import SecretScope
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes_bulk import FakeBulkAPI


def cur(value, comment="", tags=None, hidden=False):
    return {"value": value, "comment": comment, "tags": tags or [], "value_hidden": hidden}


def want(value, comment=None, tags=None):
    return {"value": value, "comment": comment, "tags": tags}


CURRENT = {"A": cur("1"), "B": cur("2", comment="b"), "C": cur("3", tags=["db"]), "X": cur("9")}

PLAN_CASES = [
    # (id, desired, purge, update_value, created, updated, deleted, unchanged)
    ("empty-no-purge", {}, False, "always", [], [], [], []),
    ("empty-purge-deletes-all", {}, True, "always", [], [], ["A", "B", "C", "X"], []),
    ("all-unchanged", {"A": want("1"), "B": want("2")}, False, "always", [], [], [], ["A", "B"]),
    ("create-update-keep-extra", {"A": want("1"), "B": want("new"), "N": want("n")}, False, "always", ["N"], ["B"], [], ["A"]),
    ("mixed-with-purge", {"A": want("1"), "B": want("new"), "N": want("n")}, True, "always", ["N"], ["B"], ["C", "X"], ["A"]),
    ("on-create-ignores-values", {"A": want("other"), "N": want("n")}, False, "on_create", ["N"], [], [], ["A"]),
    ("on-create-still-manages-comment", {"B": want("other", comment="new")}, False, "on_create", [], ["B"], [], []),
    ("comment-unset-is-unmanaged", {"B": want("2")}, False, "always", [], [], [], ["B"]),
    ("comment-change", {"B": want("2", comment="c")}, False, "always", [], ["B"], [], []),
    ("tags-change", {"C": want("3", tags=[])}, False, "always", [], ["C"], [], []),
    ("tags-equal", {"C": want("3", tags=["db"])}, False, "always", [], [], [], ["C"]),
    ("value-none-keeps-value", {"A": want(None, comment="x")}, False, "always", [], ["A"], [], []),
]


@pytest.mark.parametrize("case", PLAN_CASES, ids=[c[0] for c in PLAN_CASES])
def test_plan_secrets(case):
    _id, desired, purge, update_value, created, updated, deleted, unchanged = case
    plan = plan_secrets(CURRENT, desired, purge=purge, update_value=update_value)
    assert (plan.created, plan.updated, plan.deleted, plan.unchanged) == (created, updated, deleted, unchanged)
    assert plan.changed == bool(created or updated or deleted)
    assert plan.counts() == {"created": len(created), "updated": len(updated), "deleted": len(deleted), "unchanged": len(unchanged)}


def test_plan_lists_are_sorted():
    desired = {name: want("v") for name in ["Z", "M", "A2", "A10"]}
    plan = plan_secrets({}, desired)
    assert plan.created == sorted(desired)


def test_plan_changes_hold_only_changed_fields():
    plan = plan_secrets(CURRENT, {"B": want("new", comment="b")})
    assert plan.changes["B"] == {"value": ("2", "new")}


def test_plan_absent_deletes_declared_existing_only():
    plan = plan_secrets(CURRENT, {"A": want(None), "NOPE": want(None)}, purge=True, state="absent")
    assert plan.deleted == ["A"] and plan.created == [] and plan.unchanged == []


def test_plan_create_needs_a_value():
    with pytest.raises(OptionError, match="must give a value for secret 'N'"):
        plan_secrets({}, {"N": want(None)})


def test_plan_hidden_value_cannot_be_compared():
    with pytest.raises(InfisicalError, match="hides it"):
        plan_secrets({"A": cur(None, hidden=True)}, {"A": want("1")})
    assert plan_secrets({"A": cur(None, hidden=True)}, {"A": want("1")}, update_value="on_create").unchanged == ["A"]


@pytest.mark.parametrize("names, expected", [
    (["db.host", "api-key", "Already_OK", "x1"], {"db.host": "DB_HOST", "api-key": "API_KEY", "Already_OK": "ALREADY_OK", "x1": "X1"}),
    (["ключ"], {"ключ": "____"}),
    ([], {}),
])
def test_normalize_keys(names, expected):
    assert normalize_keys(names) == expected


def test_normalize_keys_collision_names_both_keys():
    with pytest.raises(OptionError) as info:
        normalize_keys(["db-host", "DB_HOST"])
    assert "'DB_HOST' and 'db-host'" in str(info.value) and "normalize_keys" in str(info.value)
    assert info.value.option == "secrets"


def test_parse_desired_forms():
    assert parse_desired({"A": "1", "PORT": 5432, "ON": True}) == {
        "A": want("1"), "PORT": want("5432"), "ON": want("true")}
    items = [{"name": "A", "value": " v \n", "comment": " c ", "tags": ["b", "a", "b"]}, {"name": "B"}]
    assert parse_desired(items) == {"A": {"value": "v\n", "comment": "c", "tags": ["a", "b"]}, "B": want(None)}
    assert parse_desired({"db.host": "h"}, normalize=True) == {"DB_HOST": want("h")}


@pytest.mark.parametrize("secrets, message", [
    ("A=1", "must be a dictionary"),
    ([{"value": "x"}], "item 1 must be a dictionary with at least 'name'"),
    ([{"name": "A", "valu": "x"}], "unknown keys: valu"),
    ([{"name": "A"}, {"name": "A"}], "more than once"),
    ({"a:b": "x"}, "must not contain ':'"),
    ({"A": {"nested": 1}}, r"'secrets.A' must be a string, a number or a boolean"),
])
def test_parse_desired_errors(secrets, message):
    with pytest.raises(OptionError, match=message):
        parse_desired(secrets)


def test_chunks_by_count_and_size():
    items = [{"secretKey": "K%03d" % i, "secretValue": "v"} for i in range(250)]
    sizes = [len(c) for c in chunks(items)]
    assert sizes == [100, 100, 50]
    big = [{"secretKey": "K%d" % i, "secretValue": "x" * 100000} for i in range(12)]
    parts = list(chunks(big))
    assert all(len(json.dumps(p)) < 1024 * 1024 for p in parts) and len(parts) > 1
    assert [i for p in parts for i in p] == big
    assert list(chunks([])) == []


def test_fingerprint_is_keyed_and_never_a_plain_hash():
    key = "k" * 32
    value = "hunter2-secret"
    fp = fingerprint(key, "DB_PASSWORD", value)
    assert len(fp) == 64 and value not in fp
    unkeyed = [hashlib.sha256(s.encode()).hexdigest() for s in (value, "DB_PASSWORD:" + value, key + value)]
    assert fp not in unkeyed
    assert fp == hmac.new(key.encode(), ("DB_PASSWORD:" + value).encode(), hashlib.sha256).hexdigest()
    assert fingerprint(key, "DB_PASSWORD", "  %s \t" % value) == fp  # normalized like the server
    assert fingerprint("other" * 4, "DB_PASSWORD", value) != fp
    assert fingerprint(key, "OTHER", value) != fp
    assert fingerprint(key, "X", None) is None
    with pytest.raises(ValueError):
        fingerprint("", "X", "v")


@pytest.fixture(name="client")
def client_fixture():
    _client._GENERATION_BY_URL.clear()

    def make(api):
        _client._GENERATION_BY_URL.clear()
        return InfisicalClient("https://infisical.example", session=api, sleep=lambda s: None, retries=0)

    yield make
    _client._GENERATION_BY_URL.clear()


SCOPE = SecretScope("proj-1", "dev", "/")


@pytest.mark.parametrize("legacy", [False, True])
def test_batch_functions_use_the_generation_routes(client, legacy):
    api = FakeBulkAPI({"OLD": "o", "KEEP": "k"}, legacy=legacy)
    c = client(api)
    _bulk.batch_create_secrets(c, SCOPE, [{"secretKey": "NEW", "secretValue": "n"}])
    _bulk.batch_update_secrets(c, SCOPE, [{"secretKey": "KEEP", "secretValue": "k2"}])
    _bulk.batch_delete_secrets(c, SCOPE, ["OLD"])
    assert sorted(api.secrets) == ["KEEP", "NEW"] and api.secrets["KEEP"]["secretValue"] == "k2"
    route = "/api/v3/secrets/batch/raw" if legacy else "/api/v4/secrets/batch"
    writes = api.writes()[1:] if legacy else api.writes()  # on 2024 servers the first v4 call is the probe
    assert [call["path"] for call in writes] == [route] * 3
    field = "workspaceId" if legacy else "projectId"
    assert all(call["json"][field] == "proj-1" for call in writes)


def test_upsert_mode_only_on_current_servers(client):
    api = FakeBulkAPI({"A": "1"})
    c = client(api)
    _bulk.batch_update_secrets(c, SCOPE, [{"secretKey": "A", "secretValue": "2"}, {"secretKey": "B", "secretValue": "b"}], mode="upsert")
    assert api.batch_calls() == [("PATCH", 2, "upsert")] and sorted(api.secrets) == ["A", "B"]
    legacy = FakeBulkAPI({"A": "1"}, legacy=True)
    c = client(legacy)
    _bulk.batch_delete_secrets(c, SCOPE, ["A"])  # learns the generation
    with pytest.raises(InfisicalError, match="no mode 'upsert'"):
        _bulk.batch_update_secrets(c, SCOPE, [{"secretKey": "A", "secretValue": "2"}], mode="upsert")
