# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json
import os
import stat

import pytest

from ansible.errors import AnsibleLookupError
from ansible.plugins.loader import lookup_loader

from ansible_collections.secretops.infisical.plugins.lookup import infisical_secret as lookup_module
from ansible_collections.secretops.infisical.plugins.module_utils import _client
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes import FakeResponse, FakeSecretsAPI, envelope

OPTIONS = dict(url="https://infisical.example", universal_auth_client_id="cid", universal_auth_client_secret="csecret",
               project_id="proj-1", environment="dev")


@pytest.fixture(name="api")
def api_fixture(monkeypatch):
    api = FakeSecretsAPI({"DB_USER": "app", "DB_PASSWORD": "pw-canary", "API_KEY": "k"})
    monkeypatch.setattr(_client.requests, "Session", lambda: api)
    monkeypatch.setattr(lookup_module, "_CLIENTS", {})
    monkeypatch.setattr(lookup_module, "_FOLDERS", {})
    _client._GENERATION_BY_URL.clear()
    return api


def run(terms, **kwargs):
    lookup = lookup_loader.get("secretops.infisical.infisical_secret")
    return lookup.run(terms, variables={}, **dict(OPTIONS, **kwargs))


def test_values_in_order(api):
    assert run(["DB_PASSWORD", "DB_USER"]) == ["pw-canary", "app"]
    assert api.paths() == ["POST /api/v1/auth/universal-auth/login", "GET /api/v4/secrets"]


def test_whole_path_as_dict(api):
    assert run([]) == [{"API_KEY": "k", "DB_PASSWORD": "pw-canary", "DB_USER": "app"}]
    assert run(["DB_USER"], as_dict=True) == [{"DB_USER": "app"}]


def test_hundred_calls_in_one_task_cost_one_login_and_one_list(api):
    for _call in range(100):
        assert run(["DB_USER"]) == ["app"]
    assert len(api.calls) == 2


def test_cache_can_be_turned_off(api):
    run(["DB_USER"], cache=False)
    run(["DB_USER"], cache=False)
    assert api.paths().count("GET /api/v4/secrets") == 2


def test_token_passthrough_skips_login(api):
    assert run(["API_KEY"], token="tok-given", universal_auth_client_id=None, universal_auth_client_secret=None) == ["k"]
    assert api.paths() == ["GET /api/v4/secrets"]


@pytest.mark.parametrize("on_missing,expected", [("skip", ["app"]), ("warn", ["app"])])
def test_missing_keys_skip_and_warn(api, on_missing, expected):
    assert run(["NOPE", "DB_USER"], on_missing=on_missing) == expected


def test_missing_key_error_names_the_secret(api):
    with pytest.raises(AnsibleLookupError) as info:
        run(["NOPE"])
    assert "Secret 'NOPE' was not found" in str(info.value)
    assert "pw-canary" not in str(info.value)


def test_invalid_name_is_an_option_error(api):
    with pytest.raises(AnsibleLookupError) as info:
        run(["A:B"])
    assert "Option '_terms'" in str(info.value)
    assert api.calls == []


def test_permission_denied_modes(api, monkeypatch):
    denied = FakeResponse(403, envelope(403, "You are not allowed to read on secrets", "PermissionDenied"))
    login = FakeResponse(200, {"accessToken": "t", "expiresIn": 60})
    monkeypatch.setattr(api, "request", lambda method, url, **kw: denied if "/api/v4/secrets" in url else login)
    with pytest.raises(AnsibleLookupError) as info:
        run(["DB_USER"])
    assert "HTTP 403 PermissionDenied" in str(info.value)
    assert run(["DB_USER"], on_denied="skip") == []
    assert run([], on_denied="warn") == [{}]


def test_token_cache_file(api, tmp_path):
    cache_file = tmp_path / "sub" / "tokens.json"
    run(["DB_USER"], token_cache=True, token_cache_file=str(cache_file))
    mode = stat.S_IMODE(os.stat(cache_file).st_mode)
    assert mode == 0o600
    content = cache_file.read_text()
    assert "pw-canary" not in content and "app" not in json.loads(content).values()
    # A new task (empty in-memory caches) reuses the token: no login.
    lookup_module._CLIENTS.clear()
    lookup_module._FOLDERS.clear()
    before = len(api.calls)
    run(["DB_USER"], token_cache=True, token_cache_file=str(cache_file))
    assert api.paths()[before:] == ["GET /api/v4/secrets"]
