# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The pure environment reconcile planner and the project slug rules."""

from __future__ import annotations

import pytest

from ansible_collections.secretops.infisical.plugins.module_utils import _environment, _project
from ansible_collections.secretops.infisical.plugins.module_utils._errors import OptionError

CURRENT = [{"id": "e1", "name": "Development", "slug": "dev", "position": 1},
           {"id": "e2", "name": "Staging", "slug": "staging", "position": 2},
           {"id": "e3", "name": "Production", "slug": "prod", "position": 3}]


def final(wanted, purge):
    ops = _environment.plan_environments(CURRENT, wanted, purge)
    return ops, [(e["slug"], e["name"], e["position"]) for e in _environment.simulate(CURRENT, ops)]


def test_unset_is_unmanaged():
    assert _environment.plan_environments(CURRENT, None, True) == []


def test_same_list_plans_nothing():
    wanted = [{"slug": e["slug"], "name": e["name"], "position": e["position"]} for e in CURRENT]
    assert _environment.plan_environments(CURRENT, wanted, True) == []


def test_add_without_purge_keeps_the_others():
    ops, state = final([{"slug": "qa", "name": "QA"}], purge=False)
    assert ops == [("create", "qa", {"name": "QA"})]
    assert state[-1] == ("qa", "QA", 4) and len(state) == 4


def test_add_with_purge_deletes_first():
    ops, state = final([{"slug": "qa", "name": "QA"}, {"slug": "prod"}], purge=True)
    assert [op[0] for op in ops] == ["delete", "delete", "create"]
    assert sorted(op[1] for op in ops if op[0] == "delete") == ["dev", "staging"]
    assert state == [("prod", "Production", 1), ("qa", "QA", 2)]


def test_positions_converge_in_one_pass():
    wanted = [{"slug": "prod", "position": 1}, {"slug": "dev", "position": 2}, {"slug": "staging", "position": 3}]
    ops, state = final(wanted, purge=False)
    assert [s[0] for s in state] == ["prod", "dev", "staging"]
    assert _environment.plan_environments(_environment.simulate(CURRENT, ops), wanted, False) == []


def test_rename_only():
    ops, _state = final([{"slug": "dev", "name": "Dev"}], purge=False)
    assert ops == [("update", "dev", {"name": "Dev"})]


def test_create_at_position_shifts_the_rest():
    ops, state = final([{"slug": "qa", "position": 2}], purge=False)
    assert ops == [("create", "qa", {"name": "qa", "position": 2})]
    assert [s[0] for s in state] == ["dev", "qa", "staging", "prod"]


@pytest.mark.parametrize("specs, option", [
    ([{"slug": "a"}, {"slug": "a"}], "environments"),
    ([{"slug": "Bad Slug"}], "environments[0].slug"),
    ([{"slug": "a", "position": 0}], "environments[0].position"),
    ([{"slug": "a", "position": 1}, {"slug": "b", "position": 1}], "environments"),
])
def test_invalid_specs(specs, option):
    with pytest.raises(OptionError) as info:
        _environment.validate_environment_specs(specs)
    assert info.value.option == option


@pytest.mark.parametrize("slug", ["web-shop", "abcde", "a" * 36, "v2-api-01"])
def test_create_slug_ok(slug):
    assert _project.validate_create_slug(slug) == slug


@pytest.mark.parametrize("slug", ["abcd", "a" * 37, "web_shop", "Web-shop", "-web-shop", "web--shop", None])
def test_create_slug_rejected(slug):
    with pytest.raises(OptionError) as info:
        _project.validate_create_slug(slug)
    assert info.value.option == "slug" and "5 to 36" in str(info.value)
