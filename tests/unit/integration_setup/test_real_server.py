# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real-server switch of the integration targets: integration_config.yml -> connection facts.

The end-to-end tests point the helper at an in-process emulator treated as a real server: it must
detect the generation, create and delete its scratch project through the public API only.
"""
from __future__ import annotations

import importlib.util
import json
import os

import pytest

from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator import EmulatorServer
from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator.testing import ApiClient

HELPER = os.path.join(os.path.dirname(__file__), "..", "..", "integration", "targets", "setup_emulator", "real_server.py")
_SPEC = importlib.util.spec_from_file_location("real_server", HELPER)
real_server = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(real_server)

CONFIG = {"url": "https://infisical.example/", "client_id": "cid", "client_secret": "sec", "organization_id": "org-1"}


def write(tmp_path, document):
    path = tmp_path / "integration_config.yml"
    path.write_text(document)
    return str(path)


def test_no_file_or_no_mapping_means_the_emulator(tmp_path):
    assert real_server.load_config(str(tmp_path / "absent.yml")) is None
    assert real_server.load_config(write(tmp_path, "other_var: 1\n")) is None
    assert real_server.load_config(write(tmp_path, "")) is None
    assert real_server.main(["check", write(tmp_path, "other_var: 1\n")]) == 1


def test_a_mapping_means_a_real_server(tmp_path):
    path = write(tmp_path, "infisical_real:\n  url: https://infisical.example/\n  client_id: cid\n"
                           "  client_secret: sec\n  organization_id: org-1\n")
    config = real_server.load_config(path)
    assert config == dict(CONFIG, url="https://infisical.example", api_generation="auto", ca_path=None)
    assert real_server.main(["check", path]) == 0


@pytest.mark.parametrize("change, message", [
    ({"client_secret": None}, "infisical_real needs infisical_real.client_secret"),
    ({"organization_id": ""}, "infisical_real needs infisical_real.organization_id"),
    ({"url": "infisical.example"}, "infisical_real.url must be an http:// or https:// URL, not 'infisical.example'"),
    ({"api_generation": "2024"}, "infisical_real.api_generation must be auto, current or legacy, not '2024'"),
    ({"ca_path": "/nonexistent/ca.pem"}, "infisical_real.ca_path names a file that does not exist ('/nonexistent/ca.pem')"),
    ({"project": "x"}, "infisical_real has unknown keys: project (known: url, client_id, client_secret, organization_id,"),
])
def test_bad_config_is_one_line_naming_the_key(change, message):
    with pytest.raises(real_server.ConfigError) as caught:
        real_server.validate_config(dict(CONFIG, **change))
    assert str(caught.value).startswith(message)


def test_bad_config_exits_2_with_the_message(tmp_path, capsys):
    assert real_server.main(["check", write(tmp_path, "infisical_real:\n  url: x\n")]) == 2
    assert capsys.readouterr().err.startswith("real-server mode: infisical_real needs infisical_real.client_id")


@pytest.mark.parametrize("generation, profile", [("current", "current"), ("legacy", "2024")])
def test_facts_have_the_emulator_shape_and_no_control_api(generation, profile):
    config = real_server.validate_config(dict(CONFIG, ca_path=None))
    facts = real_server.facts(config, generation, {"id": "p-1", "slug": "ansible-test-x-0011aabb"}, "ident-1", "0011aabb")
    with EmulatorServer(profile=profile) as server:
        emulator_keys = set(server.info) - {"pid", "organization_slug"}
    assert emulator_keys <= set(facts)
    assert facts["profile"] == profile and facts["control"] is False and facts["run_id"] == "0011aabb"
    assert (facts["url"], facts["project_id"], facts["project_slug"], facts["identity_id"]) == \
        ("https://infisical.example", "p-1", "ansible-test-x-0011aabb", "ident-1")
    assert facts["ca_file"] is None


def test_scratch_slug_fits_the_servers_limit():
    slug = real_server.scratch_slug("infisical_environment", "0011aabb")
    assert slug == "ansible-test-environment-0011aabb"
    assert len(real_server.scratch_slug("a_very_long_target_name_indeed", "0011aabb")) <= 36


def project_status(server, profile, project_id):
    """HTTP status of reading the project by id (the routes both generations have)."""
    client = ApiClient(server.url)
    client.login(server.info["client_id"], server.info["client_secret"])
    prefix = "/api/v1/projects/" if profile == "current" else "/api/v1/workspace/"
    return client.request("GET", prefix + project_id).status


@pytest.mark.parametrize("profile", ["current", "2024"])
def test_start_and_stop_against_a_server_without_control_api(tmp_path, profile):
    with EmulatorServer(profile=profile) as server:
        info = server.info
        config = write(tmp_path, "infisical_real:\n" + "".join(
            "  %s: %s\n" % (key, json.dumps(info[key])) for key in ("url", "client_id", "client_secret", "organization_id")))
        info_file = str(tmp_path / "info.json")
        assert real_server.main(["start", config, info_file, "infisical_secret"]) == 0
        with open(info_file, encoding="utf-8") as handle:
            facts = json.load(handle)
        assert os.stat(info_file).st_mode & 0o077 == 0  # it holds the client secret
        assert facts["profile"] == profile  # detected: the config does not say
        assert facts["control"] is False
        assert facts["identity_id"] == info["identity_id"]
        assert facts["project_slug"] == "ansible-test-secret-" + facts["run_id"]
        assert facts["project_id"] != info["project_id"]
        assert project_status(server, profile, facts["project_id"]) == 200

        assert real_server.main(["stop", info_file]) == 0
        # current servers: 404; 2024 builds answer 500 for a project that does not exist
        assert project_status(server, profile, facts["project_id"]) == (404 if profile == "current" else 500)
        assert project_status(server, profile, info["project_id"]) == 200  # only the scratch project went
        if profile == "current":
            assert real_server.main(["stop", info_file]) == 0  # already gone (404): nothing to do


def test_a_refused_login_is_one_line(tmp_path, capsys):
    with EmulatorServer(profile="current") as server:
        config = write(tmp_path, "infisical_real:\n  url: %s\n  client_id: nobody\n  client_secret: wrong\n  organization_id: o\n" % server.url)
        assert real_server.main(["start", config, str(tmp_path / "info.json"), "t"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("real-server mode: POST /api/v1/auth/universal-auth/login: HTTP 401")
    assert len(err.strip().splitlines()) == 1 and "wrong" not in err
    assert not os.path.exists(str(tmp_path / "info.json"))
