# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""infisical_secret(s): value conversion, the 1 MiB limit in both modes, and create races, over the in-memory fakes."""

from __future__ import annotations

import pytest

from ansible_collections.secretops.infisical.plugins.modules import infisical_secret, infisical_secrets
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes import FakeSecretsAPI
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes_bulk import FakeBulkAPI

CANARY = "canary-Vn3Qe6-value"
BIG = CANARY + "x" * (1024 * 1024)
SECRET = dict(url="https://infisical.example", token="tok-unit", project_id="proj-1", environment="dev", name="DB_PASSWORD")
BULK = dict(url="https://infisical.example", token="tok-unit", project_id="proj-1", environment="dev")


@pytest.mark.parametrize("value,stored", [(True, "true"), (False, "false"), (5432, "5432"), (0.5, "0.5")])
def test_booleans_and_numbers_are_stored_as_text(run_module, value, stored):
    api = FakeSecretsAPI()
    result = run_module(infisical_secret, dict(SECRET, value=value), api)
    assert result["changed"] is True and api.secrets[("/", "DB_PASSWORD")]["secretValue"] == stored
    again = run_module(infisical_secret, dict(SECRET, value=value), api)
    assert again["changed"] is False and len(api.writes()) == 1


@pytest.mark.parametrize("check_mode", [True, False])
@pytest.mark.parametrize("existing", [False, True])
def test_oversize_value_is_refused_before_any_write(run_module, check_mode, existing):
    api = FakeSecretsAPI({"DB_PASSWORD": "old"} if existing else None)
    result = run_module(infisical_secret, dict(SECRET, value=BIG, path="/app/db", create_path=True) if not existing
                        else dict(SECRET, value=BIG), api, check_mode=check_mode)
    assert result["failed"] is True and result["option"] == "value" and "1 MiB" in result["msg"]
    assert api.writes() == [] and api.folders == {"/"}  # no folder from create_path either
    assert CANARY not in result["_raw_output"]


@pytest.mark.parametrize("check_mode", [True, False])
@pytest.mark.parametrize("legacy", [False, True])
def test_bulk_oversize_item_is_refused_before_any_batch(run_module, check_mode, legacy):
    api = FakeBulkAPI(legacy=legacy)
    secrets = dict(("KEY_%03d" % i, "%s-%d" % (CANARY, i)) for i in range(150))  # two batches' worth
    secrets["KEY_077"] = BIG
    result = run_module(infisical_secrets, dict(BULK, secrets=secrets, path="/app", create_path=True), api, check_mode=check_mode)
    assert result["failed"] is True and result["option"] == "secrets.KEY_077" and "nothing was changed" in result["msg"]
    assert api.writes() == [] and api.secrets == {} and "/app" not in api.folders
    assert CANARY not in result["_raw_output"]


class RacingSecretsAPI(FakeSecretsAPI):
    """Another host creates the secret (with ``theirs``) between our read and our create."""

    def __init__(self, theirs):
        super().__init__()
        self.theirs = theirs

    def request(self, method, url, params=None, json=None, headers=None, timeout=None, verify=None):  # pylint: disable=redefined-outer-name
        if method == "POST" and url.endswith("/api/v4/secrets/DB_PASSWORD") and self.theirs is not None:
            self.secrets[("/", "DB_PASSWORD")] = {"secretKey": "DB_PASSWORD", "secretValue": self.theirs, "secretComment": "",
                                                  "version": 1, "tagIds": [], "skipMultilineEncoding": False, "id": "id-theirs"}
            self.theirs = None
        return super().request(method, url, params=params, json=json, headers=headers, timeout=timeout, verify=verify)


# parity=False: check mode rightly predicts a create; only the real run meets the other host.


def test_create_race_with_the_same_value_converges_unchanged(run_module):
    api = RacingSecretsAPI(theirs=CANARY)
    result = run_module(infisical_secret, dict(SECRET, value=CANARY), api, parity=False)
    assert result["changed"] is False and result["operation"] == "none"
    assert [c["method"] for c in api.writes()] == ["POST"]  # refused with "already exists", then nothing to do
    assert api.secrets[("/", "DB_PASSWORD")]["version"] == 1 and result["secret"]["id"] == "id-theirs"


def test_create_race_with_another_value_converges_by_update(run_module):
    api = RacingSecretsAPI(theirs="theirs-" + CANARY)
    result = run_module(infisical_secret, dict(SECRET, value=CANARY), api, diff=True, parity=False)
    assert result["changed"] is True and result["operation"] == "update"
    assert [c["method"] for c in api.writes()] == ["POST", "PATCH"]
    assert api.secrets[("/", "DB_PASSWORD")]["secretValue"] == CANARY
    assert result["diff"]["before"]["value"] != result["diff"]["after"]["value"]
    assert CANARY not in result["_raw_output"]
