# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Planning logic of identities, Universal Auth and memberships: pure functions, no HTTP."""

from __future__ import annotations

import pytest

from ansible_collections.secretops.infisical.plugins.module_utils import _identity as ident
from ansible_collections.secretops.infisical.plugins.module_utils import _membership as member
from ansible_collections.secretops.infisical.plugins.module_utils._errors import OptionError


@pytest.mark.parametrize("given, expected", [
    (["10.0.0.0/8"], ["10.0.0.0/8"]),
    (["10.1.2.3/8"], ["10.0.0.0/8"]),  # host bits dropped, as the server stores it
    (["1.2.3.4"], ["1.2.3.4/32"]),
    (["::1", "0.0.0.0/0", "::/0", " 10.0.0.0/8 "], ["0.0.0.0/0", "10.0.0.0/8", "::/0", "::1/128"]),
    (["10.0.0.0/8", "10.9.9.9/8"], ["10.0.0.0/8"]),  # a set
])
def test_normalize_ip_list(given, expected):
    assert ident.normalize_ip_list(given) == expected


@pytest.mark.parametrize("bad", ["10.0.0.0/33", "300.1.1.1", "not-an-ip", "", "10.0.0.0/8/8"])
def test_invalid_ip_names_option_and_value(bad):
    with pytest.raises(OptionError) as exc:
        ident.normalize_ip_list([bad], "universal_auth.client_secret_trusted_ips")
    assert "universal_auth.client_secret_trusted_ips" in str(exc.value)
    assert repr(bad)[1:-1] in str(exc.value)


def test_ips_from_api_both_sides_equal():
    server = [{"ipAddress": "10.0.0.0", "type": "ipv4", "prefix": 8}, {"ipAddress": "::", "type": "ipv6", "prefix": 0},
              {"ipAddress": "1.2.3.4", "type": "ipv4"}]
    assert ident.ips_from_api(server) == ident.normalize_ip_list(["::/0", "1.2.3.4/32", "10.7.7.7/8"])
    assert ident.ips_to_api(["10.0.0.0/8"]) == [{"ipAddress": "10.0.0.0/8"}]


def test_normalize_universal_auth_omits_fields_a_2024_server_lacks():
    raw = {"clientId": "c", "accessTokenTTL": 1, "accessTokenMaxTTL": 2, "accessTokenNumUsesLimit": 0,
           "accessTokenTrustedIps": [], "clientSecretTrustedIps": [{"ipAddress": "0.0.0.0", "prefix": 0}], "id": "x"}
    shown = ident.normalize_universal_auth(raw)
    assert shown == {"client_id": "c", "access_token_ttl": 1, "access_token_max_ttl": 2, "access_token_num_uses_limit": 0,
                     "access_token_trusted_ips": [], "client_secret_trusted_ips": ["0.0.0.0/0"]}
    assert ident.normalize_universal_auth(None) is None


@pytest.mark.parametrize("current, wanted, ok", [
    (None, {"access_token_ttl": 7200, "access_token_max_ttl": 3600}, False),
    (None, {"access_token_ttl": 7200}, True),  # default max 2592000
    (None, {"access_token_ttl": 10, "access_token_max_ttl": 0}, False),  # on attach even with max 0
    ({"access_token_ttl": 10, "access_token_max_ttl": 0}, {"access_token_ttl": 20}, True),  # update: max 0 not checked
    ({"access_token_ttl": 10, "access_token_max_ttl": 100}, {"access_token_ttl": 200}, False),
    ({"access_token_ttl": 10, "access_token_max_ttl": 100}, {"access_token_max_ttl": 5}, False),
    ({"access_token_ttl": 10, "access_token_max_ttl": 100}, {"access_token_max_ttl": 10}, True),
])
def test_check_ttls(current, wanted, ok):
    if ok:
        ident.check_ttls(current, wanted)
    else:
        with pytest.raises(OptionError, match="must not be greater than universal_auth.access_token_max_ttl"):
            ident.check_ttls(current, wanted)


def test_desired_universal_auth():
    assert ident.desired_universal_auth(None) is None
    assert ident.desired_universal_auth({"state": "absent", "access_token_ttl": 5}) is False
    wanted = ident.desired_universal_auth({"state": "present", "access_token_ttl": 5, "access_token_max_ttl": None,
                                           "client_secret_trusted_ips": ["10.1.1.1/8"]})
    assert wanted == {"access_token_ttl": 5, "client_secret_trusted_ips": ["10.0.0.0/8"]}
    with pytest.raises(OptionError, match="lockout_threshold' must be between 1 and 30"):
        ident.desired_universal_auth({"lockout_threshold": 31})
    with pytest.raises(OptionError, match="needs at least one"):
        ident.desired_universal_auth({"access_token_trusted_ips": []})


def test_plan_universal_auth_sends_only_what_differs():
    current = {"client_id": "c", "access_token_ttl": 600, "access_token_max_ttl": 3600, "client_secret_trusted_ips": ["0.0.0.0/0"]}
    assert ident.plan_universal_auth(current, None) == (None, {})
    assert ident.plan_universal_auth(current, {"access_token_ttl": 600, "client_secret_trusted_ips": ["0.0.0.0/0"]}) == (None, {})
    assert ident.plan_universal_auth(current, {"access_token_ttl": 300, "access_token_max_ttl": 3600}) == ("update", {"access_token_ttl": 300})
    assert ident.plan_universal_auth(current, False) == ("remove", {})
    assert ident.plan_universal_auth(None, False) == (None, {})
    assert ident.plan_universal_auth(None, {}) == ("attach", {})
    predicted = ident.predict_universal_auth(None, "attach", {"access_token_ttl": 5})
    assert predicted["access_token_ttl"] == 5 and predicted["client_secret_trusted_ips"] == ["0.0.0.0/0", "::/0"]
    assert "client_id" not in predicted


def test_ua_body():
    assert ident.ua_body({"access_token_ttl": 5, "client_secret_trusted_ips": ["10.0.0.0/8"]}) == \
        {"accessTokenTTL": 5, "clientSecretTrustedIps": [{"ipAddress": "10.0.0.0/8"}]}


def test_normalize_identity_custom_role_and_metadata():
    raw = {"id": "i", "role": "custom", "customRole": {"slug": "ops"}, "orgId": "o", "metadata": [{"key": "a", "value": "1"}],
           "identity": {"id": "i", "name": "svc", "hasDeleteProtection": True, "authMethods": ["universal-auth"]}}
    shown = ident.normalize_identity(raw)
    assert shown["role"] == "ops" and shown["metadata"] == {"a": "1"} and shown["has_delete_protection"] is True
    assert shown["name"] == "svc" and shown["auth_methods"] == ["universal-auth"]


@pytest.mark.parametrize("value", ["abc", "", None, "00000000-0000-4000-8000-00000000000"])
def test_identity_id_must_be_a_uuid(value):
    with pytest.raises(OptionError, match="identity_id"):
        ident.identity_id(value)


# ---- roles as a set


def test_normalize_membership_roles_as_sorted_sets():
    raw = {"id": "m", "roles": [{"role": "viewer", "isTemporary": False}, {"role": "custom", "customRoleSlug": "ops", "isTemporary": False},
                                {"role": "member", "isTemporary": True, "temporaryRange": "1d", "temporaryAccessStartTime": "T0"}]}
    shown = member.normalize_membership(raw, "p")
    assert shown["roles"] == ["ops", "viewer"]
    assert shown["temporary_roles"] == [{"role": "member", "temporary_range": "1d", "temporary_access_start_time": "T0",
                                         "temporary_access_end_time": None}]
    assert shown["project_id"] == "p"


def test_match_temporary():
    current = [{"role": "member", "temporary_range": "1d", "temporary_access_start_time": "T0"}]
    assert member.match_temporary(current, [{"role": "member", "temporary_range": "1d", "temporary_access_start_time": None}]) == current
    assert member.match_temporary(current, [{"role": "member", "temporary_range": "1d", "temporary_access_start_time": "T1"}]) is None
    assert member.match_temporary(current, [{"role": "member", "temporary_range": "2d", "temporary_access_start_time": None}]) is None
    assert member.match_temporary(current, []) is None
    assert member.match_temporary([], []) == []


def test_roles_body():
    body = member.roles_body(["viewer", "admin"], [{"role": "member", "temporary_range": "1h"}], "NOW")
    assert body == [{"role": "admin", "isTemporary": False}, {"role": "viewer", "isTemporary": False},
                    {"role": "member", "isTemporary": True, "temporaryMode": "relative", "temporaryRange": "1h",
                     "temporaryAccessStartTime": "NOW"}]
