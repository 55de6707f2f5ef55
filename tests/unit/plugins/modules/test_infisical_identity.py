# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""infisical_identity, infisical_identity_client_secret, infisical_project_identity and
infisical_identity_info over an in-memory fake of their routes."""

from __future__ import annotations

import json

import pytest

from ansible_collections.secretops.infisical.plugins.modules import (
    infisical_identity,
    infisical_identity_client_secret,
    infisical_identity_info,
    infisical_project_identity,
)
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes_identity import (
    CLIENT_SECRET_VALUE,
    PROJECT,
    FakeIdentityAPI,
)

BASE = dict(url="https://infisical.example", token="tok-unit")


def writes(api):
    return ["%s %s" % (c["method"], c["path"]) for c in api.writes()]


# ---- infisical_identity


@pytest.mark.parametrize("check_mode", [True, False])
def test_create_with_universal_auth(run_module, check_mode):
    api = FakeIdentityAPI()
    args = dict(BASE, name="svc-a", role="member", universal_auth=dict(access_token_ttl=60, client_secret_trusted_ips=["10.1.1.1/8"]))
    result = run_module(infisical_identity, args, api, check_mode=check_mode, diff=True)
    assert result["changed"] is True and result["operation"] == "create"
    assert result["diff"]["before"] == {}
    assert result["identity"]["universal_auth"]["client_secret_trusted_ips"] == ["10.0.0.0/8"]
    if check_mode:
        assert api.writes() == [] and api.identities == {}
        assert result["client_id"] is None and "id" not in result["identity"]
    else:
        assert writes(api)[0] == "POST /api/v1/identities"
        assert api.writes()[1]["json"] == {"accessTokenTTL": 60, "clientSecretTrustedIps": [{"ipAddress": "10.0.0.0/8"}]}
        ident = next(iter(api.identities))
        assert result["identity"]["id"] == ident
        assert result["client_id"] == api.ua[ident]["clientId"]


@pytest.mark.parametrize("check_mode", [True, False])
def test_unchanged_sends_no_write(run_module, check_mode):
    api = FakeIdentityAPI()
    api.add_identity("svc-a", role="member", ua=True)
    args = dict(BASE, name="svc-a", role="member", universal_auth=dict(client_secret_trusted_ips=["::/0", "0.0.0.0/0"]))
    result = run_module(infisical_identity, args, api, check_mode=check_mode)
    assert result["changed"] is False and api.writes() == []
    assert "diff" not in result


def test_update_only_what_differs(run_module):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a", role="member", ua=True)
    args = dict(BASE, name="svc-a", universal_auth=dict(access_token_ttl=300, access_token_max_ttl=2592000))
    result = run_module(infisical_identity, args, api)
    assert result["changed"] is True and result["operation"] == "update"
    assert writes(api) == ["PATCH /api/v1/auth/universal-auth/identities/%s" % ident]
    assert api.writes()[0]["json"] == {"accessTokenTTL": 300}


def test_delete_protection_false_is_sent_with_the_name(run_module):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a")
    api.identities[ident]["hasDeleteProtection"] = True
    run_module(infisical_identity, dict(BASE, identity_id=ident, delete_protection=False), api)
    assert api.writes()[0]["json"] == {"name": "svc-a", "hasDeleteProtection": False}


@pytest.mark.parametrize("check_mode", [True, False])
def test_remove_universal_auth(run_module, check_mode):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a", ua=True)
    result = run_module(infisical_identity, dict(BASE, name="svc-a", universal_auth=dict(state="absent")), api, check_mode=check_mode)
    assert result["changed"] is True and result["client_id"] is None
    assert result["identity"]["universal_auth"] is None
    assert (ident in api.ua) is check_mode
    assert writes(api) == ([] if check_mode else ["DELETE /api/v1/auth/universal-auth/identities/%s" % ident])


def test_duplicate_names_fail_with_the_ids(run_module):
    api = FakeIdentityAPI()
    first, second = api.add_identity("dup"), api.add_identity("dup")
    result = run_module(infisical_identity, dict(BASE, name="dup", role="member"), api)
    assert result["failed"] is True and "ambiguous" in result["msg"]
    assert first in result["msg"] and second in result["msg"] and api.writes() == []


def test_ttl_above_max_ttl_fails_before_any_write(run_module):
    api = FakeIdentityAPI()
    args = dict(BASE, name="svc-a", universal_auth=dict(access_token_ttl=20, access_token_max_ttl=10))
    result = run_module(infisical_identity, args, api)
    assert result["failed"] is True and "universal_auth.access_token_ttl" in result["msg"]
    assert api.writes() == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_delete(run_module, check_mode):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a")
    result = run_module(infisical_identity, dict(BASE, name="svc-a", state="absent"), api, check_mode=check_mode)
    assert result["changed"] is True and result["identity"] == {}
    assert (ident in api.identities) is check_mode


# ---- infisical_identity_client_secret


def assert_value_only_in_its_key(result):
    shown = {k: v for k, v in result.items() if k not in ("client_secret_value", "_raw_output", "invocation")}
    assert CLIENT_SECRET_VALUE not in json.dumps(shown)
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" not in json.dumps(shown)
    assert "********" not in result["_raw_output"]


@pytest.mark.parametrize("check_mode", [True, False])
def test_client_secret_create(run_module, check_mode):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a", ua=True)
    result = run_module(infisical_identity_client_secret, dict(BASE, identity="svc-a", description="deploy", ttl=60), api,
                        check_mode=check_mode, diff=True)
    assert result["changed"] is True and result["operation"] == "create"
    assert_value_only_in_its_key(result)
    if check_mode:
        assert api.writes() == [] and result["client_secret_value"] is None
    else:
        assert result["client_secret_value"] == CLIENT_SECRET_VALUE
        assert writes(api) == ["POST /api/v1/auth/universal-auth/identities/%s/client-secrets" % ident]
        assert api.writes()[0]["json"] == {"description": "deploy", "ttl": 60, "numUsesLimit": 0}


@pytest.mark.parametrize("check_mode", [True, False])
def test_client_secret_existing_description_is_unchanged(run_module, check_mode):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a", ua=True)
    secret_id = api.add_client_secret(ident, "deploy")
    result = run_module(infisical_identity_client_secret, dict(BASE, identity_id=ident, description="deploy", ttl=60), api,
                        check_mode=check_mode)
    assert result["changed"] is False and result["client_secret"]["id"] == secret_id
    assert result["client_secret_value"] is None and api.writes() == []
    assert "rotate=true" in json.dumps(result["warnings"])


def test_client_secret_revoked_one_does_not_count(run_module):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a", ua=True)
    api.add_client_secret(ident, "deploy", revoked=True)
    result = run_module(infisical_identity_client_secret, dict(BASE, identity_id=ident, description="deploy"), api)
    assert result["changed"] is True and result["client_secret_value"] == CLIENT_SECRET_VALUE


@pytest.mark.parametrize("check_mode", [True, False])
def test_client_secret_rotate(run_module, check_mode):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a", ua=True)
    old = api.add_client_secret(ident, "deploy")
    result = run_module(infisical_identity_client_secret, dict(BASE, identity_id=ident, description="deploy", rotate=True), api,
                        check_mode=check_mode)
    assert result["changed"] is True and result["revoked"] == [old]
    assert_value_only_in_its_key(result)
    if check_mode:
        assert api.writes() == []
    else:
        # The new secret exists before the old one is revoked.
        assert [c["path"].rsplit("/", 1)[1] for c in api.writes()] == ["client-secrets", "revoke"]
        assert api.secrets[ident][old]["isClientSecretRevoked"] is True


@pytest.mark.parametrize("check_mode", [True, False])
def test_client_secret_revoke_by_description(run_module, check_mode):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a", ua=True)
    secret_id = api.add_client_secret(ident, "deploy")
    api.add_client_secret(ident, "other")
    result = run_module(infisical_identity_client_secret, dict(BASE, identity_id=ident, description="deploy", state="absent"), api,
                        check_mode=check_mode)
    assert result["changed"] is True and result["revoked"] == [secret_id]
    assert api.secrets[ident][secret_id]["isClientSecretRevoked"] is not check_mode
    again = run_module(infisical_identity_client_secret, dict(BASE, identity_id=ident, description="gone", state="absent"), api)
    assert again["changed"] is False


def test_client_secret_needs_universal_auth(run_module):
    api = FakeIdentityAPI()
    api.add_identity("svc-a")
    result = run_module(infisical_identity_client_secret, dict(BASE, identity="svc-a", description="deploy"), api)
    assert result["failed"] is True and "has no Universal Auth" in result["msg"]


# ---- infisical_project_identity


@pytest.mark.parametrize("check_mode", [True, False])
def test_membership_create(run_module, check_mode):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a")
    result = run_module(infisical_project_identity, dict(BASE, project_id=PROJECT, identity="svc-a", roles=["viewer", "member"]), api,
                        check_mode=check_mode)
    assert result["changed"] is True and result["membership"]["roles"] == ["member", "viewer"]
    if check_mode:
        assert api.writes() == []
    else:
        assert api.memberships[ident] == [{"role": "member", "isTemporary": False}, {"role": "viewer", "isTemporary": False}]


@pytest.mark.parametrize("check_mode", [True, False])
def test_membership_role_order_is_not_a_change(run_module, check_mode):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a")
    api.memberships[ident] = [{"role": "viewer", "isTemporary": False}, {"role": "member", "isTemporary": False}]
    result = run_module(infisical_project_identity, dict(BASE, project_id=PROJECT, identity_id=ident, roles=["member", "viewer", "member"]),
                        api, check_mode=check_mode)
    assert result["changed"] is False and api.writes() == []


def test_membership_replaces_a_different_set(run_module):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a")
    api.memberships[ident] = [{"role": "viewer", "isTemporary": False}]
    result = run_module(infisical_project_identity, dict(BASE, project_id=PROJECT, identity_id=ident, roles=["member"]), api, diff=True)
    assert result["changed"] is True and result["diff"]["before"]["roles"] == ["viewer"]
    assert writes(api) == ["PATCH /api/v1/projects/%s/memberships/identities/%s" % (PROJECT, ident)]


def test_membership_adopts_an_existing_member(run_module):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a")
    original = api.request
    state = {"hidden": True}

    def racing(method, url, **kwargs):
        # The first read misses the membership (it is created meanwhile): the POST then answers 400 "already a member".
        if method == "GET" and "/memberships/" in url and state["hidden"]:
            state["hidden"] = False
            api.memberships[ident] = [{"role": "viewer", "isTemporary": False}]
            return original("GET", url.replace(ident, "00000000-0000-4000-8000-000000000999"), **kwargs)
        return original(method, url, **kwargs)

    api.identities["00000000-0000-4000-8000-000000000999"] = dict(api.identities[ident])
    api.request = racing
    result = run_module(infisical_project_identity, dict(BASE, project_id=PROJECT, identity_id=ident, roles=["admin"]), api)
    assert result["changed"] is True and result["membership"]["roles"] == ["admin"]
    assert [c["method"] for c in api.writes()] == ["POST", "PATCH"]


@pytest.mark.parametrize("check_mode", [True, False])
def test_membership_absent(run_module, check_mode):
    api = FakeIdentityAPI()
    ident = api.add_identity("svc-a")
    api.memberships[ident] = [{"role": "viewer", "isTemporary": False}]
    result = run_module(infisical_project_identity, dict(BASE, project_id=PROJECT, identity_id=ident, state="absent"), api,
                        check_mode=check_mode)
    assert result["changed"] is True and (ident in api.memberships) is check_mode
    again = run_module(infisical_project_identity, dict(BASE, project_id=PROJECT, identity_id=ident, state="absent"), api)
    assert again["changed"] is check_mode


# ---- infisical_identity_info


def test_info_by_name_sorted(run_module, monkeypatch):
    api = FakeIdentityAPI()
    api.add_identity("b")
    first = api.add_identity("a", ua=True)
    result = run_module(infisical_identity_info, dict(BASE, include_memberships=False), api)
    assert [i["name"] for i in result["identities"]] == ["a", "b"]
    assert result["identities"][0]["universal_auth"]["client_id"] == api.ua[first]["clientId"]
    one = run_module(infisical_identity_info, dict(BASE, name="a", include_memberships=False), api)
    assert [i["id"] for i in one["identities"]] == [first]
    none = run_module(infisical_identity_info, dict(BASE, name="zzz", include_memberships=False), api)
    assert none["identities"] == [] and none["changed"] is False
