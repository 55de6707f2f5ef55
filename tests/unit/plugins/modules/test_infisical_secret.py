# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The state machine of infisical_secret over an in-memory fake of the secret routes."""

from __future__ import annotations

import json

import pytest

from ansible_collections.secretops.infisical.plugins.modules import infisical_secret
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes import FakeSecretsAPI

CANARY = "canary-Zq8Kp2-value"
OLD_CANARY = "old-canary-Wm4Yt7"
BASE = dict(url="https://infisical.example", token="tok-unit", project_id="proj-1", environment="dev", name="DB_PASSWORD")


def assert_no_leak(result, *values):
    """No plaintext anywhere in the output, and no reliance on core's masking outside ``invocation``."""
    raw = result["_raw_output"]
    for value in values:
        assert value not in raw
    own = json.dumps({k: v for k, v in result.items() if k not in ("invocation", "_raw_output")})
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" not in own
    assert "********" not in own


@pytest.mark.parametrize("check_mode", [True, False])
def test_create(run_module, check_mode):
    api = FakeSecretsAPI()
    result = run_module(infisical_secret, dict(BASE, value=CANARY, comment="db"), api, check_mode=check_mode, diff=True)
    assert result["changed"] is True and result["operation"] == "create"
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["value"].startswith("<secret #")
    assert "value" not in result["secret"]
    assert_no_leak(result, CANARY)
    if check_mode:
        assert api.writes() == [] and api.secrets == {}
        assert "id" not in result["secret"]
    else:
        assert [c["method"] for c in api.writes()] == ["POST"]
        assert api.secrets[("/", "DB_PASSWORD")]["secretValue"] == CANARY
        assert result["secret"]["version"] == 1 and result["secret"]["id"] == "id-DB_PASSWORD"


@pytest.mark.parametrize("check_mode", [True, False])
def test_unchanged_makes_no_write(run_module, check_mode):
    api = FakeSecretsAPI({"DB_PASSWORD": CANARY})
    result = run_module(infisical_secret, dict(BASE, value="  %s \t" % CANARY), api, check_mode=check_mode, diff=True)
    assert result["changed"] is False and result["operation"] == "none"
    assert api.writes() == []
    assert result["diff"]["before"] == result["diff"]["after"]


@pytest.mark.parametrize("check_mode", [True, False])
def test_update_value_masks_both_sides(run_module, check_mode):
    api = FakeSecretsAPI({"DB_PASSWORD": OLD_CANARY})
    result = run_module(infisical_secret, dict(BASE, value=CANARY), api, check_mode=check_mode, diff=True)
    assert result["changed"] is True and result["operation"] == "update"
    before, after = result["diff"]["before"]["value"], result["diff"]["after"]["value"]
    assert before != after and before.startswith("<secret #") and after.startswith("<secret #")
    assert_no_leak(result, CANARY, OLD_CANARY)
    if check_mode:
        assert api.writes() == []
    else:
        assert [c["json"].get("secretValue") for c in api.writes()] == [CANARY]
        assert result["secret"]["version"] == 2


def test_comment_only_update_does_not_send_the_value(run_module):
    api = FakeSecretsAPI({"DB_PASSWORD": OLD_CANARY})
    result = run_module(infisical_secret, dict(BASE, value=OLD_CANARY, comment="  rotated monthly "), api)
    assert result["changed"] is True
    assert api.writes()[0]["json"]["secretComment"] == "rotated monthly"
    assert "secretValue" not in api.writes()[0]["json"]


def test_on_create_never_overwrites(run_module):
    api = FakeSecretsAPI({"DB_PASSWORD": OLD_CANARY})
    result = run_module(infisical_secret, dict(BASE, value=CANARY, update_value="on_create"), api)
    assert result["changed"] is False and api.writes() == []
    assert api.secrets[("/", "DB_PASSWORD")]["secretValue"] == OLD_CANARY


def test_on_create_sets_value_when_missing(run_module):
    api = FakeSecretsAPI()
    result = run_module(infisical_secret, dict(BASE, value=CANARY, update_value="on_create"), api)
    assert result["operation"] == "create"
    assert api.secrets[("/", "DB_PASSWORD")]["secretValue"] == CANARY


def test_tags_resolved_to_ids_and_purge(run_module):
    api = FakeSecretsAPI({"DB_PASSWORD": CANARY})
    result = run_module(infisical_secret, dict(BASE, tags=["prod", "db"]), api)
    assert result["changed"] is True and result["secret"]["tags"] == ["db", "prod"]
    assert api.writes()[0]["json"]["tagIds"] == ["tag-db", "tag-prod"]
    result = run_module(infisical_secret, dict(BASE, tags=["db"], purge_tags=False), api)
    assert result["changed"] is False
    result = run_module(infisical_secret, dict(BASE, tags=["db"]), api)
    assert result["changed"] is True and result["secret"]["tags"] == ["db"]


def test_unknown_tag_is_an_option_error(run_module):
    api = FakeSecretsAPI({"DB_PASSWORD": CANARY})
    result = run_module(infisical_secret, dict(BASE, tags=["nope"]), api)
    assert result["failed"] is True and "Option 'tags'" in result["msg"] and "nope" in result["msg"]
    assert api.writes() == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_delete(run_module, check_mode):
    api = FakeSecretsAPI({"DB_PASSWORD": CANARY})
    result = run_module(infisical_secret, dict(BASE, state="absent"), api, check_mode=check_mode, diff=True)
    assert result["changed"] is True and result["operation"] == "delete" and result["secret"] == {}
    assert result["diff"]["after"] == {}
    assert_no_leak(result, CANARY)
    assert (api.secrets == {}) is not check_mode


def test_delete_missing_is_unchanged(run_module):
    api = FakeSecretsAPI()
    result = run_module(infisical_secret, dict(BASE, state="absent"), api)
    assert result["changed"] is False and api.writes() == []


def test_missing_folder_is_a_clear_error_without_create_path(run_module):
    api = FakeSecretsAPI()
    result = run_module(infisical_secret, dict(BASE, value=CANARY, path="/app/db"), api, check_mode=True)
    assert result["failed"] is True
    assert "Folder '/app/db' does not exist" in result["msg"] and "create_path" in result["msg"]
    assert "\n" not in result["msg"] and api.writes() == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_create_path_creates_folder_first(run_module, check_mode):
    api = FakeSecretsAPI()
    result = run_module(infisical_secret, dict(BASE, value=CANARY, path="/app/db", create_path=True), api, check_mode=check_mode)
    assert result["changed"] is True and result["operation"] == "create"
    if check_mode:
        assert api.writes() == []
    else:
        assert [c["path"] for c in api.writes()] == ["/api/v2/folders", "/api/v4/secrets/DB_PASSWORD"]


def test_absent_in_missing_folder_is_unchanged(run_module):
    api = FakeSecretsAPI()
    result = run_module(infisical_secret, dict(BASE, state="absent", path="/nowhere"), api)
    assert result["changed"] is False


@pytest.mark.parametrize("args,option", [
    (dict(name="A:B"), "name"),
    (dict(name=" A"), "name"),
    (dict(path="app"), "path"),
    (dict(path="/a b"), "path"),
    (dict(environment="Prod!"), "environment"),
    (dict(url="infisical.example"), "url"),
])
def test_bad_input_fails_before_any_request(run_module, args, option):
    api = FakeSecretsAPI()
    result = run_module(infisical_secret, dict(BASE, value=CANARY, **args), api)
    assert result["failed"] is True and ("Option '%s'" % option) in result["msg"]
    assert api.calls == []
    assert_no_leak(result, CANARY)


def test_create_without_value_is_an_error(run_module):
    api = FakeSecretsAPI()
    result = run_module(infisical_secret, dict(BASE), api)
    assert result["failed"] is True and "Option 'value' is required" in result["msg"]


def test_hidden_value_cannot_be_compared(run_module):
    api = FakeSecretsAPI({"DB_PASSWORD": OLD_CANARY}, hidden=True)
    result = run_module(infisical_secret, dict(BASE, value=CANARY), api)
    assert result["failed"] is True and "hides it" in result["msg"]
    assert api.writes() == []


def test_reveal_values_returns_value(run_module):
    api = FakeSecretsAPI({"DB_PASSWORD": OLD_CANARY})
    result = run_module(infisical_secret, dict(BASE, reveal_values=True), api)
    assert result["secret"]["value"] == OLD_CANARY


def test_no_diff_key_without_diff_mode(run_module):
    api = FakeSecretsAPI()
    result = run_module(infisical_secret, dict(BASE, value=CANARY), api)
    assert "diff" not in result
