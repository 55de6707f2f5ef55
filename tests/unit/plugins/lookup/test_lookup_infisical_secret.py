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
    monkeypatch.setattr(lookup_module, "_STATE", {"pid": None})
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
    lookup_module._STATE["pid"] = None
    before = len(api.calls)
    run(["DB_USER"], token_cache=True, token_cache_file=str(cache_file))
    assert api.paths()[before:] == ["GET /api/v4/secrets"]


def test_a_forked_child_never_reuses_the_parents_client(api, monkeypatch):
    sessions = []

    def new_session():
        sessions.append(object())
        return api
    monkeypatch.setattr(_client.requests, "Session", new_session)
    run(["DB_USER"])
    parent_client = list(lookup_module._STATE["clients"].values())[0]
    run(["DB_USER"])
    assert len(sessions) == 1  # same process: reused
    real_pid = os.getpid()
    monkeypatch.setattr(lookup_module.os, "getpid", lambda: real_pid + 1)  # as in a forked worker
    run(["DB_USER"])
    assert len(sessions) == 2
    child_clients = list(lookup_module._STATE["clients"].values())
    assert parent_client not in child_clients
    assert api.paths().count("POST /api/v1/auth/universal-auth/login") == 2  # the child logs in itself


def test_real_fork_child_builds_its_own_client(api):
    run(["DB_USER"])
    parent_clients = list(lookup_module._STATE["clients"].values())  # kept alive in the child too
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: report whether it reused the parent's client, then exit at once
        try:
            run(["DB_USER"])
            clients = list(lookup_module._STATE["clients"].values())
            reused = any(c is p for c in clients for p in parent_clients)
            os.write(write_fd, b"fresh" if clients and not reused else b"reused")
        finally:
            os._exit(0)
    os.close(write_fd)
    answer = os.read(read_fd, 16)
    os.waitpid(pid, 0)
    assert answer == b"fresh"
    assert list(lookup_module._STATE["clients"].values()) == parent_clients  # the parent keeps its own


CANARY = "pw-canary"


@pytest.mark.parametrize("options,terms,expected", [
    (dict(as_dict="maybe"), ["A"], "Option 'as_dict' must be a boolean"),
    (dict(cache=[1]), ["A"], "Option 'cache' must be a boolean"),
    (dict(bogus=1), ["A"], "Unknown option 'bogus'"),
    (dict(on_missing="explode"), ["A"], "Option 'on_missing' has an invalid value 'explode'"),
    (dict(timeout="abc"), ["A"], "Option 'timeout' has an invalid value"),
    (dict(timeout=0), ["A"], "Option 'timeout' must be at least 1"),
    (dict(path=["x"]), ["A"], "Option 'path' has an invalid value"),
    (dict(path="relative"), ["A"], "Option 'path' must be an absolute path"),
    (dict(path="/bad name"), ["A"], "Option 'path' has an invalid folder name"),
    (dict(project_id=None), ["A"], "Option 'project_id' or 'project' is required"),
    (dict(environment="Bad Env"), ["A"], "Option 'environment' must be a environment slug"),
    (dict(api_generation="2023"), ["A"], "Option 'api_generation' has an invalid value"),
    (dict(url="ftp://x"), ["A"], "Option 'url' must be an http:// or https:// URL"),
    (dict(universal_auth_client_secret={"x": CANARY}), ["A"], "Option 'universal_auth_client_secret' must be a string"),
    (dict(token=[CANARY]), ["A"], "Option 'token' must be a string"),
    (dict(token_cache_file=5), ["A"], "Option 'token_cache_file' has an invalid value"),
    (dict(ca_path="/nonexistent/ca.pem"), ["A"], "Option 'ca_path' names a file that does not exist"),
    ({}, [1], "Option '_terms' must be secret names, each a string (got int)"),
    ({}, [{"A": CANARY}], "Option '_terms' must be secret names, each a string (got dict)"),
    ({}, ["A:B"], "Option '_terms' must not contain ':' or '/'"),
    ({}, [" A"], "Option '_terms' must not start or end with whitespace"),
])
def test_bad_input_is_one_line_naming_the_option(api, options, terms, expected):
    with pytest.raises(AnsibleLookupError) as info:
        run(terms, **options)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message and "Traceback" not in message
    assert CANARY not in message and "csecret" not in message
    assert api.calls == []  # refused before any request


def test_token_cache_file_under_a_file(api, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(AnsibleLookupError) as info:
        run(["DB_USER"], token_cache=True, token_cache_file=str(blocker / "tokens.json"))
    assert "Option 'token_cache_file'" in str(info.value) and "\n" not in str(info.value)
    assert api.calls == []


def test_token_cache_file_is_a_directory(api, tmp_path):
    with pytest.raises(AnsibleLookupError) as info:
        run(["DB_USER"], token_cache=True, token_cache_file=str(tmp_path))
    assert "Option 'token_cache_file'" in str(info.value)


def test_generation_kept_in_the_token_cache_file(api, tmp_path):
    cache_file = str(tmp_path / "tokens.json")
    run(["DB_USER"], token_cache=True, token_cache_file=cache_file)
    assert "generation:" in open(cache_file).read()
    # The next task of another process: the generation comes from the file.
    lookup_module._STATE["pid"] = None
    _client._GENERATION_BY_URL.clear()
    _client._GENERATION_BY_URL["unrelated"] = None
    run(["DB_USER"], token_cache=True, token_cache_file=cache_file)
    assert _client._GENERATION_BY_URL["https://infisical.example"] == "current"


def test_validate_certs_false_warns_once_through_ansible(api, monkeypatch):
    warnings_given = []
    monkeypatch.setattr(lookup_module.display, "warning", warnings_given.append)
    for _call in range(3):
        run(["DB_USER"], validate_certs=False)
    assert len([w for w in warnings_given if "Certificate verification is disabled" in w]) == 1


# (case id, options, environment, requests sent)
AUTH_METHOD_CASES = [
    ("credentials: universal_auth", {}, {}, ["POST /api/v1/auth/universal-auth/login", "GET /api/v4/secrets"]),
    ("token beside credentials: used first", {"token": "tok-given"}, {}, ["GET /api/v4/secrets"]),
    ("auth_method=token ignores the credentials", {"token": "tok-given", "auth_method": "token"}, {},
     ["GET /api/v4/secrets"]),
    ("auth_method from the environment", {"token": "tok-given"}, {"INFISICAL_AUTH_METHOD": "token"}, ["GET /api/v4/secrets"]),
]


@pytest.mark.parametrize("options,env,sent", [c[1:] for c in AUTH_METHOD_CASES], ids=[c[0] for c in AUTH_METHOD_CASES])
def test_auth_method(api, monkeypatch, options, env, sent):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert run(["DB_USER"], **options) == ["app"]
    assert api.paths() == sent


def test_auth_method_token_without_a_token_names_the_option(api):
    with pytest.raises(AnsibleLookupError) as info:
        run(["DB_USER"], auth_method="token")
    assert str(info.value) == "Option 'token' is required to log in with auth_method=token (an access token)"
    assert api.calls == []


def test_own_variables_are_templated(api):
    """ansible_infisical_* variables reach the lookup as written ('{{ ... }}'): it templates them."""
    from ansible.parsing.dataloader import DataLoader
    from ansible.template import Templar

    try:
        from ansible.template import trust_as_template
    except ImportError:
        pytest.skip("ansible-core before 2.19 templates variables before a lookup sees them")

    variables = {"where": "https://infisical.example", "ansible_infisical_url": trust_as_template("{{ where }}"),
                 "unrelated": trust_as_template("{{ undefined_on_purpose }}")}
    loader = DataLoader()
    lookup = lookup_loader.get("secretops.infisical.infisical_secret", loader=loader, templar=Templar(loader=loader, variables=variables))
    options = {name: value for name, value in OPTIONS.items() if name != "url"}
    assert lookup.run(["DB_USER"], variables=variables, **options) == ["app"]
    assert api.paths() == ["POST /api/v1/auth/universal-auth/login", "GET /api/v4/secrets"]
