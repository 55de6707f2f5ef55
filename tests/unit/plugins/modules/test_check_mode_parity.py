# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Check-mode parity: the comparison itself, and the four cases issue 12 names.

Every real run of the module unit tests is compared with its check-mode twin by
``run_module`` (see ``conftest.py``); the tests here make sure that comparison can
fail, and pin the cases where check mode used to promise what the real run refused.
"""

from __future__ import annotations

import pytest

from ansible_collections.secretops.infisical.plugins.modules import (
    infisical_identity,
    infisical_project_identity,
    infisical_secret,
    infisical_secrets,
)
from ansible_collections.secretops.infisical.tests.unit.plugins.modules.conftest import assert_parity
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes import FakeSecretsAPI
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes_bulk import FakeBulkAPI
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes_identity import PROJECT, FakeIdentityAPI

CANARY = "canary-Pq7Vd3-value"
SECRET = dict(url="https://infisical.example", token="tok-unit", project_id="proj-1", environment="dev")
IDENTITY = dict(url="https://infisical.example", token="tok-unit")


def ok(**extra):
    result = {"changed": True, "operation": "create", "diff": {"before": {}, "after": {"name": "A", "value": "<secret #aa11>"}}}
    result.update(extra)
    return result


# ---- the comparison


@pytest.mark.parametrize("planned,applied", [
    (ok(), {"failed": True, "msg": "Option 'value' is required"}),
    ({"failed": True, "msg": "Option 'tags' names tags that do not exist"}, ok()),
    ({"failed": True, "msg": "HTTP 400 one thing"}, {"failed": True, "msg": "HTTP 400 another thing"}),
    (ok(changed=False, operation="none"), ok()),
    (ok(operation="update"), ok()),
    (ok(created=["A"]), ok(created=["A", "B"])),
    (ok(diff={"before": {}, "after": {"name": "A", "comment": "x"}}), ok(diff={"before": {}, "after": {"name": "A", "comment": "y"}})),
    # the same marker twice (an unchanged value) against two different ones (a changed value)
    (ok(diff={"before": {"value": "<secret #aa11>"}, "after": {"value": "<secret #aa11>"}}),
     ok(diff={"before": {"value": "<secret #bb22>"}, "after": {"value": "<secret #cc33>"}})),
])
def test_disagreements_are_caught(planned, applied):
    with pytest.raises(AssertionError):
        assert_parity(planned, applied)


def test_what_only_the_server_knows_is_not_a_disagreement():
    planned = ok(diff={"before": {}, "after": {"name": "A", "value": "<secret #aa11>", "tags": ["a", "b"]}})
    applied = ok(diff={"before": {}, "after": {"name": "A", "value": "<secret #ff99>", "tags": ["b", "a"],
                                               "id": "id-1", "created_at": "2026-01-01", "path": "/"}})
    assert_parity(planned, applied)
    assert_parity({"failed": True, "msg": "HTTP 404 Not found [reqId req-1a2b]"}, {"failed": True, "msg": "HTTP 404 Not found [reqId req-9z8y]"})


# ---- the four cases of issue 12: each fails in both modes with the same message, writing nothing


def both_modes(run_module, module, args, make_api):
    """Run ``args`` in check mode and for real, each on its own fake; return both results and the real fake."""
    planned_api, applied_api = make_api(), make_api()
    planned = run_module(module, args, planned_api, check_mode=True)
    applied = run_module(module, args, applied_api)
    assert planned["failed"] is True and applied["failed"] is True
    assert planned["msg"] == applied["msg"] and "\n" not in applied["msg"]
    assert planned_api.writes() == [] and applied_api.writes() == []
    assert CANARY not in applied["_raw_output"] and CANARY not in planned["_raw_output"]
    return planned, applied


def test_secret_create_without_value(run_module):
    _planned, applied = both_modes(run_module, infisical_secret, dict(SECRET, name="NEW", comment="c"), FakeSecretsAPI)
    assert applied["option"] == "value" and "is required to create secret 'NEW'" in applied["msg"]


@pytest.mark.parametrize("existing", [False, True])
def test_secret_unknown_tag_slug(run_module, existing):
    def make():
        return FakeSecretsAPI({"DB": "x"} if existing else None)
    _planned, applied = both_modes(run_module, infisical_secret, dict(SECRET, name="DB", value=CANARY, tags=["db", "nope"]), make)
    assert applied["option"] == "tags" and "nope" in applied["msg"] and "'db'" not in applied["msg"]


@pytest.mark.parametrize("legacy", [False, True])
def test_secrets_unknown_tag_slug(run_module, legacy):
    items = [{"name": "A", "value": CANARY}, {"name": "B", "value": CANARY + "b", "tags": ["nope"]}]
    _planned, applied = both_modes(run_module, infisical_secrets, dict(SECRET, secrets=items), lambda: FakeBulkAPI(legacy=legacy))
    assert applied["option"] == "secrets" and "nope" in applied["msg"]


@pytest.mark.parametrize("ttls", [dict(access_token_ttl=20, access_token_max_ttl=10), dict(access_token_ttl=2592001)])
def test_identity_ttl_above_max_ttl(run_module, ttls):
    # The second case relies on the attach default of the max TTL (2592000).
    _planned, applied = both_modes(run_module, infisical_identity, dict(IDENTITY, name="svc-new", universal_auth=ttls), FakeIdentityAPI)
    assert applied["option"] == "universal_auth.access_token_ttl"


def test_identity_ttl_above_max_ttl_on_update(run_module):
    def make():
        api = FakeIdentityAPI()
        api.add_identity("svc-a", ua=True)
        return api
    args = dict(IDENTITY, name="svc-a", universal_auth=dict(access_token_max_ttl=60))
    _planned, applied = both_modes(run_module, infisical_identity, args, make)
    assert applied["option"] == "universal_auth.access_token_ttl" and "2592000 > 60" in applied["msg"]


@pytest.mark.parametrize("roles", [None, []])
def test_project_identity_without_roles(run_module, roles):
    def make():
        api = FakeIdentityAPI()
        api.add_identity("svc-a")
        return api
    args = dict(IDENTITY, project_id=PROJECT, identity="svc-a")
    if roles is not None:
        args["roles"] = roles
    _planned, applied = both_modes(run_module, infisical_project_identity, args, make)
    assert applied["option"] == "roles" and "at least one permanent role" in applied["msg"]


def test_project_identity_without_roles_is_fine_for_a_member(run_module):
    # roles are only needed to create: an existing membership is left as it is.
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a")
    api.memberships[ident] = [{"role": "viewer", "isTemporary": False}]
    result = run_module(infisical_project_identity, dict(IDENTITY, project_id=PROJECT, identity_id=ident), api)
    assert result["changed"] is False and result["membership"]["roles"] == ["viewer"] and api.writes() == []
