# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""infisical_secrets over an in-memory fake of the list and batch routes."""

from __future__ import annotations

import json

import pytest

from ansible_collections.secretops.infisical.plugins.modules import infisical_secrets
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes_bulk import FakeBulkAPI

CANARY = "canary-Bk3Xp9-value"
CANARY_NEW = "canary-new-Rt6Wq2"
CANARY_EXTRA = "canary-extra-Hn8Lm4"
BASE = dict(url="https://infisical.example", token="tok-unit", project_id="proj-1", environment="dev")
KEY = "fingerprint-key-0123456789abcdef"


def assert_no_leak(result, *values):
    raw = result["_raw_output"]
    for value in values:
        assert value not in raw
    own = json.dumps({k: v for k, v in result.items() if k not in ("invocation", "_raw_output")})
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" not in own
    assert "********" not in own


def mixed_api(legacy=False):
    return FakeBulkAPI({"KEEP": CANARY, "CHANGE": CANARY + "-old", "EXTRA": CANARY_EXTRA}, legacy=legacy)


MIXED = {"KEEP": CANARY, "CHANGE": CANARY_NEW, "NEW_ONE": CANARY_NEW + "-n"}


@pytest.mark.parametrize("legacy", [False, True])
def test_check_mode_plans_and_writes_nothing(run_module, legacy):
    api = mixed_api(legacy)
    before = json.dumps(api.secrets, sort_keys=True)
    result = run_module(infisical_secrets, dict(BASE, secrets=MIXED, purge=True), api, check_mode=True, diff=True)
    assert result["changed"] is True
    assert (result["created"], result["updated"], result["deleted"], result["unchanged"]) == (["NEW_ONE"], ["CHANGE"], ["EXTRA"], ["KEEP"])
    assert result["counts"] == {"created": 1, "updated": 1, "deleted": 1, "unchanged": 1}
    assert api.writes() == [] and json.dumps(api.secrets, sort_keys=True) == before
    assert [c["method"] for c in api.calls] == (["GET", "GET"] if legacy else ["GET"])  # list (plus the 2024 probe)
    assert_no_leak(result, CANARY, CANARY_NEW, CANARY_EXTRA)


def test_mixed_plan_current_server(run_module):
    api = mixed_api()
    result = run_module(infisical_secrets, dict(BASE, secrets=MIXED, purge=True), api, diff=True)
    assert (result["created"], result["updated"], result["deleted"], result["unchanged"]) == (["NEW_ONE"], ["CHANGE"], ["EXTRA"], ["KEEP"])
    # Creates and value updates in one upsert batch, then the delete batch.
    assert api.batch_calls() == [("PATCH", 2, "upsert"), ("DELETE", 1, None)]
    assert result["batches"] == [{"kind": "upsert", "count": 2}, {"kind": "delete", "count": 1}]
    assert {k: v["secretValue"] for k, v in api.secrets.items()} == MIXED
    assert api.secrets["KEEP"]["version"] == 1  # no no-op update
    diff = result["diff"]
    assert sorted(diff["before"]) == ["CHANGE", "EXTRA"] and sorted(diff["after"]) == ["CHANGE", "NEW_ONE"]
    assert diff["before"]["CHANGE"]["value"].startswith("<secret #") and diff["before"]["CHANGE"]["value"] != diff["after"]["CHANGE"]["value"]
    assert_no_leak(result, CANARY, CANARY_NEW, CANARY_EXTRA)

    again = run_module(infisical_secrets, dict(BASE, secrets=MIXED, purge=True), api)
    assert again["changed"] is False and again["unchanged"] == ["CHANGE", "KEEP", "NEW_ONE"]
    assert len(api.batch_calls()) == 2 and "diff" not in again


def test_mixed_plan_2024_server(run_module):
    api = mixed_api(legacy=True)
    items = [{"name": "KEEP", "comment": "now commented"}, {"name": "CHANGE", "value": CANARY_NEW}, {"name": "NEW_ONE", "value": "n-" + CANARY}]
    result = run_module(infisical_secrets, dict(BASE, secrets=items, purge=True), api)
    assert (result["created"], result["updated"], result["deleted"]) == (["NEW_ONE"], ["CHANGE", "KEEP"], ["EXTRA"])
    assert api.batch_calls() == [("POST", 1, None), ("PATCH", 2, None), ("DELETE", 1, None)]
    assert api.secrets["KEEP"] == dict(api.secrets["KEEP"], secretValue=CANARY, secretComment="now commented", version=2)
    assert_no_leak(result, CANARY, CANARY_NEW, CANARY_EXTRA)


def test_comment_only_update_is_not_upserted(run_module):
    api = mixed_api()
    result = run_module(infisical_secrets, dict(BASE, secrets=[{"name": "KEEP", "comment": "c"}]), api)
    assert result["updated"] == ["KEEP"]
    assert api.batch_calls() == [("PATCH", 1, None)]
    assert "secretValue" not in api.writes()[0]["json"]["secrets"][0]


def test_on_create_uses_post_and_keeps_values(run_module):
    api = mixed_api()
    result = run_module(infisical_secrets, dict(BASE, secrets=MIXED, update_value="on_create"), api)
    assert result["created"] == ["NEW_ONE"] and result["unchanged"] == ["CHANGE", "KEEP"]
    assert api.batch_calls() == [("POST", 1, None)]
    assert api.secrets["CHANGE"]["secretValue"] == CANARY + "-old"


def test_chunks_of_100(run_module):
    api = FakeBulkAPI()
    secrets = {"KEY_%04d" % i: "value-%d-%s" % (i, CANARY) for i in range(250)}
    result = run_module(infisical_secrets, dict(BASE, secrets=secrets), api)
    assert result["counts"]["created"] == 250
    assert api.batch_calls() == [("PATCH", 100, "upsert"), ("PATCH", 100, "upsert"), ("PATCH", 50, "upsert")]
    assert len(api.calls) == 4  # one list + three batches
    assert_no_leak(result, CANARY)


def test_failed_batch_names_it_and_reports_applied(run_module):
    api = FakeBulkAPI(fail={2: 500})
    secrets = {"KEY_%04d" % i: "value-%d-%s" % (i, CANARY) for i in range(250)}
    result = run_module(infisical_secrets, dict(BASE, secrets=secrets), api)
    assert result["failed"] is True
    assert result["msg"].startswith("Failed to apply batch 2 of 3 (upsert, 100 secrets) (project 'proj-1'")
    assert "Injected failure" in result["msg"] and "req-fakefailure001" in result["msg"]
    assert "applied before the failure: batch 1 (upsert, 100 secrets)" in result["msg"]
    assert result["applied"][0]["count"] == 100 and result["applied"][0]["names"][0] == "KEY_0000"
    assert result["changed"] is True and result["status"] == 500
    assert len(api.secrets) == 100  # batch 1 applied, batch 2 refused, batch 3 never sent
    assert_no_leak(result, CANARY)
    rerun = run_module(infisical_secrets, dict(BASE, secrets=secrets), api)
    assert rerun["counts"] == {"created": 150, "updated": 0, "deleted": 0, "unchanged": 100} and len(api.secrets) == 250


def test_normalize_keys_and_collision(run_module):
    api = FakeBulkAPI()
    result = run_module(infisical_secrets, dict(BASE, secrets={"db.host": CANARY, "api-key": CANARY_NEW}, normalize_keys=True), api)
    assert result["created"] == ["API_KEY", "DB_HOST"] and sorted(api.secrets) == ["API_KEY", "DB_HOST"]
    result = run_module(infisical_secrets, dict(BASE, secrets={"db-host": CANARY, "DB_HOST": CANARY_NEW}, normalize_keys=True), api)
    assert result["failed"] is True and "'DB_HOST' and 'db-host'" in result["msg"] and result["option"] == "secrets"
    assert len(api.calls) == 2  # list + one batch of the first run; the collision is found before any request


def test_list_items_names_stay_readable(run_module):
    api = FakeBulkAPI()
    items = [{"name": "DB_HOST", "value": CANARY, "comment": "primary"}, {"name": "TOKEN", "value": CANARY_NEW}]
    result = run_module(infisical_secrets, dict(BASE, secrets=items), api, diff=True)
    assert result["created"] == ["DB_HOST", "TOKEN"]
    assert result["diff"]["after"]["DB_HOST"]["comment"] == "primary"
    assert_no_leak(result, CANARY, CANARY_NEW)


def test_fingerprints(run_module):
    api = mixed_api()
    result = run_module(infisical_secrets, dict(BASE, secrets={"KEEP": CANARY}, fingerprint_key=KEY), api, check_mode=True)
    fps = result["fingerprints"]
    assert sorted(fps) == ["CHANGE", "EXTRA", "KEEP"] and all(len(v) == 64 for v in fps.values())
    other = run_module(infisical_secrets, dict(BASE, secrets={"KEEP": CANARY}, fingerprint_key=KEY), mixed_api(), check_mode=True)
    assert other["fingerprints"] == fps  # stable across runs with the same key
    assert_no_leak(result, CANARY, CANARY_EXTRA, KEY)
    short = run_module(infisical_secrets, dict(BASE, secrets={}, fingerprint_key="short"), mixed_api())
    assert short["failed"] is True and "fingerprint_key" in short["msg"]


def test_state_absent(run_module):
    api = mixed_api()
    result = run_module(infisical_secrets, dict(BASE, secrets=[{"name": "EXTRA"}, {"name": "GONE"}], state="absent"), api)
    assert result["deleted"] == ["EXTRA"] and sorted(api.secrets) == ["CHANGE", "KEEP"]
    assert api.batch_calls() == [("DELETE", 1, None)]


@pytest.mark.parametrize("legacy", [False, True])
def test_create_path(run_module, legacy):
    api = FakeBulkAPI(legacy=legacy)
    missing = run_module(infisical_secrets, dict(BASE, path="/app", secrets={"A": CANARY}), api)
    assert missing["failed"] is True and "/app" in missing["msg"]
    check = run_module(infisical_secrets, dict(BASE, path="/app", secrets={"A": CANARY}, create_path=True), api, check_mode=True)
    assert check["created"] == ["A"] and "/app" not in api.folders
    done = run_module(infisical_secrets, dict(BASE, path="/app", secrets={"A": CANARY}, create_path=True), api)
    assert done["created"] == ["A"] and "/app" in api.folders and "A" in api.secrets
