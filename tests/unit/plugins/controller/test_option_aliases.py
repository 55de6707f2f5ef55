# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Renamed options: the new name is documented, the old one is an alias that does exactly the same."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.secretops.infisical.plugins.action.infisical_secret_info import ActionModule as SecretInfoAction
from ansible_collections.secretops.infisical.plugins.modules import infisical_project, infisical_secret_info, infisical_secrets
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes import FakeSecretsAPI
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes_bulk import FakeBulkAPI
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes_projects import (  # pylint: disable=unused-import
    RecordingSession,
    emulator_servers_fixture,
    server_fixture,
)

CANARY = "canary-alias-Qw7Zx1"
BASE = dict(url="https://infisical.example", token="tok-unit", project_id="proj-1", environment="dev")

# (module, new name, old name)
RENAMED = [
    (infisical_project, "delete_protection", "has_delete_protection"),
    (infisical_secrets, "purge_secrets", "purge"),
    (infisical_secret_info, "reveal_values", "with_values"),
]


@pytest.mark.parametrize("module,new,old", RENAMED, ids=[r[2] for r in RENAMED])
def test_old_name_is_a_documented_alias(module, new, old):
    assert module.OWN_SPEC[new]["aliases"] == [old]
    documented = yaml.safe_load(module.DOCUMENTATION)["options"]
    assert old not in documented
    assert documented[new]["aliases"] == [old]
    assert "C(%s)" % old in " ".join(documented[new]["description"])  # the docs say it is the old name


def _comparable(result):
    return {k: v for k, v in result.items() if k not in ("_raw_output", "invocation")}


@pytest.mark.parametrize("name", ["purge_secrets", "purge"])
def test_purge_secrets_and_its_alias(run_module, name):
    api = FakeBulkAPI({"KEEP": CANARY, "EXTRA": CANARY + "-extra"})
    result = run_module(infisical_secrets, dict(BASE, secrets={"KEEP": CANARY}, **{name: True}), api)
    assert result["deleted"] == ["EXTRA"] and sorted(api.secrets) == ["KEEP"]


def test_purge_alias_gives_the_same_result(run_module):
    results = []
    for name in ("purge_secrets", "purge"):
        api = FakeBulkAPI({"KEEP": CANARY, "EXTRA": CANARY + "-extra"})
        results.append(_comparable(run_module(infisical_secrets, dict(BASE, secrets={"KEEP": CANARY}, **{name: True}),
                                              api, check_mode=True)))
    assert results[0] == results[1] and results[0]["deleted"] == ["EXTRA"]


@pytest.mark.parametrize("name", ["reveal_values", "with_values"])
def test_reveal_values_and_its_alias(run_module, name):
    api = FakeSecretsAPI({"DB_USER": CANARY})
    shown = run_module(infisical_secret_info, dict(BASE, **{name: True}), api)
    assert shown["secret_values"] == {"DB_USER": CANARY}
    assert shown["secrets"][0]["value"] == CANARY
    hidden = run_module(infisical_secret_info, dict(BASE, **{name: False}), FakeSecretsAPI({"DB_USER": CANARY}))
    assert "secret_values" not in hidden and "value" not in hidden["secrets"][0]
    assert CANARY not in hidden["_raw_output"]


# (module arguments, result, hidden)
SENSITIVE = [
    ({"reveal_values": True}, {"secret_values": {"A": "x"}}, True),
    ({"with_values": "yes"}, {"secret_values": {"A": "x"}}, True),
    ({"with_values": True, "hide_output": False}, {"secret_values": {"A": "x"}}, False),
    ({}, {"secrets": []}, False),
    ({}, {"secret_values": {"A": "x"}}, True),  # values in the result, whatever asked for them
]


@pytest.mark.parametrize("args,result,hidden", SENSITIVE)
def test_secret_info_result_hidden_under_either_name(args, result, hidden):
    assert SecretInfoAction.is_sensitive(None, result, args) is hidden


@pytest.mark.parametrize("name", ["delete_protection", "has_delete_protection"])
def test_delete_protection_and_its_alias(run_module, server, name):
    if server.legacy:
        pytest.skip("2024 servers have no delete protection")
    on = run_module(infisical_project, server.args(slug="demo-project", **{name: True}), RecordingSession())
    assert on["changed"] and on["project"]["has_delete_protection"] is True, on
    refused = run_module(infisical_project, server.args(slug="demo-project", state="absent"), RecordingSession())
    assert refused["failed"] and "set delete_protection=false" in refused["msg"]
    assert refused["option"] == "delete_protection"
    deleted = run_module(infisical_project, server.args(slug="demo-project", state="absent", **{name: False}), RecordingSession())
    assert deleted["changed"] and deleted["operation"] == "delete"
    assert server.project() is None
