# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The doc fragments, the modules' argument spec and the lookup all agree with the option table."""

from __future__ import annotations

import importlib

import pytest
import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.loader import lookup_loader

from ansible_collections.secretops.infisical.plugins.lookup import infisical_secret as lookup_module
from ansible_collections.secretops.infisical.plugins.module_utils import _options

# (fragment file, class attribute, how the table renders it)
PARTS = [
    ("connection", "DOCUMENTATION", dict()),
    ("connection", "PLUGINS", dict(plugins=True)),
    ("auth", "DOCUMENTATION", dict()),
    ("auth", "PLUGINS", dict(plugins=True)),
    ("auth", "LOGIN", dict(login=True)),
    ("project", "DOCUMENTATION", dict()),
    ("scope", "DOCUMENTATION", dict()),
    ("scope", "PLUGINS", dict(plugins=True)),
    ("secret_output", "DOCUMENTATION", dict()),
    ("organization", "DOCUMENTATION", dict()),
]


class _IndentedDumper(yaml.SafeDumper):
    """Sequences indented under their key, as in every fragment of the collection."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def render(options):
    """The ``options:`` YAML the table expects, to paste into a fragment."""
    return yaml.dump({"options": options}, Dumper=_IndentedDumper, sort_keys=False, width=110, allow_unicode=True)


def fragment(name, attribute):
    module = importlib.import_module("ansible_collections.secretops.infisical.plugins.doc_fragments." + name)
    return yaml.safe_load(getattr(module.ModuleDocFragment, attribute))


def _scope_fragment_options(plugins):
    # The lookup's scope fragment holds the project options too (modules extend "project" and "scope").
    if not plugins:
        return _options.fragment_options("scope")
    return dict(_options.fragment_options("project", plugins=True), **_options.fragment_options("scope", plugins=True))


@pytest.mark.parametrize("name,attribute,how", PARTS, ids=["%s.%s" % (p[0], p[1]) for p in PARTS])
def test_fragment_matches_the_table(name, attribute, how):
    if name == "scope":
        expected = _scope_fragment_options(how.get("plugins", False))
    else:
        expected = _options.fragment_options(name, **how)
    actual = fragment(name, attribute)["options"]
    # Names, types, env, defaults, choices, descriptions, ini/vars: all of it comes from the table.
    assert actual == expected, "plugins/doc_fragments/%s.py %s disagrees with the option table; it should read:\n%s" % (
        name, attribute, render(expected))


def test_every_table_option_is_documented_by_its_fragment():
    documented = set()
    for name, attribute, _how in PARTS:
        documented.update(fragment(name, attribute)["options"])
    assert documented == set(_options.OPTION_BY_NAME)


def test_secret_options_are_no_log_and_never_read_from_ini():
    plugin_docs = dict(fragment("auth", "PLUGINS")["options"], **fragment("connection", "PLUGINS")["options"])
    secret = {name for name, doc in plugin_docs.items() if "ini" not in doc}
    assert secret == {"token", "universal_auth_client_secret"}
    assert set(_options.SECRET_OPTION_NAMES) == secret
    spec = _options.infisical_argument_spec()["argument_spec"]
    assert {name for name, entry in spec.items() if entry.get("no_log")} == secret
    assert set(lookup_module.SECRET_OPTIONS) == secret


def test_login_has_no_token_and_only_methods_that_log_in():
    spec = _options.infisical_argument_spec(login=True)["argument_spec"]
    assert "token" not in spec
    assert spec["auth_method"]["choices"] == ["universal_auth"]
    assert "token" in _options.infisical_argument_spec()["argument_spec"]["auth_method"]["choices"]


def test_module_spec_comes_from_the_table():
    spec = _options.infisical_argument_spec(scope=True, secret_output=True, organization=True)["argument_spec"]
    for option in _options.OPTIONS:
        entry = spec[option.name]
        assert entry["type"] == option.type
        assert entry.get("default") == option.default
        assert entry.get("choices") == option.choices
        assert entry.get("no_log", False) == option.no_log
        assert list(entry.get("fallback", (None, []))[1]) == list(option.env)


def test_shadowing_a_shared_option_is_refused():
    with pytest.raises(ValueError, match="shadow shared options: url"):
        _options.infisical_argument_spec(url=dict(type="str"))


# -- the same environment gives modules and the lookup the same values

ENV_CASES = [
    # (option, {env var: value}, expected value)
    ("url", {"INFISICAL_URL": "https://a.example"}, "https://a.example"),
    ("url", {"ANSIBLE_INFISICAL_URL": "https://b.example"}, "https://b.example"),
    ("url", {"INFISICAL_URL": "https://a.example", "ANSIBLE_INFISICAL_URL": "https://b.example"}, "https://a.example"),
    ("validate_certs", {"ANSIBLE_INFISICAL_VALIDATE_CERTS": "false"}, False),
    ("validate_certs", {"ANSIBLE_INFISICAL_VALIDATE_CERTS": "no"}, False),
    ("ca_path", {"ANSIBLE_INFISICAL_CA_PATH": "/etc/ssl/private-ca.pem"}, "/etc/ssl/private-ca.pem"),
    ("timeout", {"ANSIBLE_INFISICAL_TIMEOUT": "7"}, 7),
    ("retries", {"ANSIBLE_INFISICAL_RETRIES": "0"}, 0),
    ("retry_max_wait", {"ANSIBLE_INFISICAL_RETRY_MAX_WAIT": "9"}, 9),
    ("api_generation", {"INFISICAL_API_GENERATION": "legacy"}, "legacy"),
    ("api_generation", {"ANSIBLE_INFISICAL_API_GENERATION": "current", "INFISICAL_API_GENERATION": "legacy"}, "legacy"),
    ("auth_method", {"INFISICAL_AUTH_METHOD": "token"}, "token"),
    ("auth_method", {"ANSIBLE_INFISICAL_AUTH_METHOD": "universal_auth"}, "universal_auth"),
    ("universal_auth_client_id", {"INFISICAL_UNIVERSAL_AUTH_CLIENT_ID": "cid-env"}, "cid-env"),
    ("universal_auth_client_id", {"ANSIBLE_INFISICAL_UNIVERSAL_AUTH_CLIENT_ID": "cid-ansible"}, "cid-ansible"),
    ("universal_auth_client_secret", {"ANSIBLE_INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET": "s3cret-env"}, "s3cret-env"),
    ("universal_auth_client_secret", {"INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET": "s3cret-a",
                                      "ANSIBLE_INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET": "s3cret-b"}, "s3cret-a"),
    ("token", {"INFISICAL_TOKEN": "tok-a", "ANSIBLE_INFISICAL_TOKEN": "tok-b"}, "tok-a"),
    ("organization_slug", {"ANSIBLE_INFISICAL_ORGANIZATION_SLUG": "sub-org"}, "sub-org"),
]

ALL_ENV = sorted({name for option in _options.OPTIONS for name in option.env + option.plugin_env})


@pytest.fixture(name="clean_env")
def clean_env_fixture(monkeypatch):
    for name in ALL_ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _module_value(name):
    spec = _options.infisical_argument_spec()["argument_spec"]
    result = ArgumentSpecValidator(spec).validate({})
    assert not result.error_messages, result.error_messages
    return result.validated_parameters[name]


def _lookup_value(name):
    lookup = lookup_loader.get("secretops.infisical.infisical_secret")
    lookup.set_options(var_options={}, direct={"environment": "dev"})
    return lookup.get_option(name)


@pytest.mark.parametrize("name,env,expected", ENV_CASES, ids=["%s-%d" % (c[0], i) for i, c in enumerate(ENV_CASES)])
def test_modules_and_lookup_read_the_same_environment(clean_env, name, env, expected):
    for var, value in env.items():
        clean_env.setenv(var, value)
    assert _module_value(name) == expected
    assert _lookup_value(name) == expected


def test_every_environment_variable_of_the_table_is_exercised():
    exercised = {var for _name, env, _expected in ENV_CASES for var in env}
    shared = {var for option in _options.OPTIONS for var in option.env}
    assert shared <= exercised, sorted(shared - exercised)


def test_task_arguments_win_over_the_environment(clean_env):
    clean_env.setenv("ANSIBLE_INFISICAL_TIMEOUT", "7")
    spec = _options.infisical_argument_spec()["argument_spec"]
    assert ArgumentSpecValidator(spec).validate({"timeout": 3}).validated_parameters["timeout"] == 3
    lookup = lookup_loader.get("secretops.infisical.infisical_secret")
    lookup.set_options(var_options={}, direct={"environment": "dev", "timeout": 3})
    assert lookup.get_option("timeout") == 3
