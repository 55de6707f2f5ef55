# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The bad-input table: every module refuses bad input cleanly, on both API generations.

Each case runs one module with bad input against the bundled emulator (seeded with
secrets whose values are canaries) and asserts that it:

* fails with one line (no newline, no traceback) that contains the expected words:
  the option's name, or the server's status, message and request id;
* leaks no canary (stored values, declared values) anywhere in its output;
* changes nothing: the emulator's state dump is byte-identical before and after.
  The dump leaves out ``tokens`` only: every authenticated request counts one use
  of the access token (``numUses``), which is how Infisical enforces use limits,
  so that record legitimately changes with every request, refused or not.

``run_module`` runs every case in check mode first and asserts parity (the same
failure, the same message), so each row is also a check-mode parity case.

Not in the table: text that is not UTF-8 (an unpaired surrogate) cannot reach a
module (ansible-core refuses to decode such module arguments), so the value and
name rules for it are tested on the functions (``test_secret_rules.py``) and
through the lookup, which runs in the controller.
"""

from __future__ import annotations

import copy
import json

import pytest

from ansible.errors import AnsibleLookupError
from ansible.plugins.loader import lookup_loader

from ansible_collections.secretops.infisical.plugins.lookup import infisical_secret as lookup_module
from ansible_collections.secretops.infisical.plugins.modules import (
    infisical_environment,
    infisical_folder,
    infisical_folder_info,
    infisical_identity,
    infisical_identity_client_secret,
    infisical_identity_info,
    infisical_login,
    infisical_project,
    infisical_project_identity,
    infisical_project_info,
    infisical_secret,
    infisical_secret_info,
    infisical_secrets,
    infisical_server_info,
    infisical_tag,
)
from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator import EmulatorServer
from ansible_collections.secretops.infisical.tests.emulator.infisical_emulator.testing import ApiClient
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes_projects import (  # pylint: disable=unused-import
    RecordingSession,
    emulator_servers_fixture,
)

STORED = "canary-stored-Hq4Lz8"  # values seeded on the server
STORED_DEEP = "canary-deep-Rw2Nc5"
GIVEN = "canary-given-Tb7Ks1"  # values the tasks declare
CANARIES = (STORED, STORED_DEEP, GIVEN)

MISSING_UUID = "7b1f7c2e-0d3a-4c55-9e8f-1a2b3c4d5e6f"
BIG = GIVEN + "x" * (1024 * 1024)  # over Infisical's 1 MiB body limit on its own

SEED = {
    "organization": {"name": "Bad Input Org"},
    "identities": [{"name": "emulator-admin", "org_role": "admin"}, {"name": "svc-member"}, {"name": "twin"}, {"name": "twin"}],
    "projects": [{
        "name": "Demo Project", "slug": "demo-project", "tags": ["db", "prod"],
        "folders": [{"path": "/app/full"}],
        "secrets": [{"key": "DB_PASSWORD", "value": STORED, "tags": ["db"]},
                    {"key": "DEEP", "value": STORED_DEEP, "path": "/app/full"}],
    }],
}


class World:
    """The seeded emulator, a ready-made access token and the ids the cases refer to.

    Seeded once per profile; each case starts from the saved state (``restore()``),
    so a case that did change something cannot spill into the next one.
    """

    def __init__(self, emulator, profile):
        self.emulator = emulator
        self.profile = profile
        self.legacy = profile == "2024"
        self.store = emulator.app.store
        info = emulator.app.load_seed(SEED)
        self.url = emulator.url
        api = ApiClient(self.url)
        api.login(info["client_id"], info["client_secret"])
        self.token = api.token
        self.project_id = info["project_id"]
        self.org_id = info["organization_id"]
        ids = {identity["name"]: identity["id"] for identity in self.store.data["identities"].values()}
        self.member_id = ids["svc-member"]
        # An identity without Universal Auth (seeded identities all have it).
        reply = api.post("/api/v1/identities", {"name": "no-ua", "organizationId": self.org_id})
        assert reply.status == 200, reply
        self.no_ua_id = reply.json["identity"]["id"]
        api.close()
        with self.store.lock:
            self.saved = self.store.dump()

    def restore(self):
        with self.store.lock:
            self.store.load(copy.deepcopy(self.saved))

    def base(self, **extra):
        # The generation is given, not probed, and retry_max_wait=0 fails on the first 5xx
        # instead of sleeping between retries (2024 builds answer 500 for a missing project):
        # probing and retrying are tested elsewhere and would only slow every row down.
        args = dict(url=self.url, token=self.token, api_generation="legacy" if self.legacy else "current", retry_max_wait=0)
        args.update(extra)
        return args

    def project(self, **extra):
        return self.base(project_id=self.project_id, **extra)

    def scope(self, **extra):
        return self.base(**dict(dict(project_id=self.project_id, environment="dev"), **extra))

    def dump(self):
        with self.store.lock:
            state = self.store.dump()
        state.pop("tokens")  # use counters of the access token: see the module docstring
        return json.dumps(state, sort_keys=True)


@pytest.fixture(name="world_profiles", scope="module")
def world_profiles_fixture(emulator_servers):
    return {}


@pytest.fixture(name="world", params=["current", "2024"])
def world_fixture(request, emulator_servers, world_profiles):
    profile = request.param
    if profile not in emulator_servers:
        emulator_servers[profile] = EmulatorServer(profile=profile).start()
    if profile not in world_profiles:
        world_profiles[profile] = World(emulator_servers[profile], profile)
    world = world_profiles[profile]
    world.restore()
    yield world
    emulator_servers[profile].app.reset()  # the next module's tests expect the default seed


class Case:
    def __init__(self, case_id, module, args, *expect, legacy_expect=None, only=None):
        self.id = case_id
        self.only = only  # a profile name when the other one legitimately accepts the input
        self.module = module
        self.args = args
        self.expect = expect
        self.legacy_expect = legacy_expect if legacy_expect is not None else expect


def items(*extra):
    """Many good list items of infisical_secrets plus the bad ones."""
    good = [{"name": "GOOD_%02d" % i, "value": "%s-%d" % (GIVEN, i)} for i in range(12)]
    return good[:6] + list(extra) + good[6:]


S, B = infisical_secret, infisical_secrets
CASES = [
    # ---- infisical_secret: values
    Case("secret-value-list", S, lambda w: w.scope(name="NEW", value=[GIVEN]), "Option 'value'", "got a list"),
    Case("secret-value-dict", S, lambda w: w.scope(name="NEW", value={"k": GIVEN}), "Option 'value'", "got a dictionary"),
    Case("secret-value-oversize", S, lambda w: w.scope(name="NEW", value=BIG), "Option 'value'", "1 MiB"),
    Case("secret-value-oversize-update", S, lambda w: w.scope(name="DB_PASSWORD", value=BIG), "Option 'value'", "1 MiB"),
    Case("secret-create-without-value", S, lambda w: w.scope(name="NEW", comment="c"), "Option 'value' is required"),
    # ---- infisical_secret: names and paths
    Case("secret-name-slash", S, lambda w: w.scope(name="A/B", value=GIVEN), "Option 'name'"),
    Case("secret-name-colon", S, lambda w: w.scope(name="A:B", value=GIVEN), "Option 'name'"),
    Case("secret-name-empty", S, lambda w: w.scope(name="", value=GIVEN), "Option 'name'"),
    Case("secret-name-spaces", S, lambda w: w.scope(name=" A", value=GIVEN), "Option 'name'"),
    Case("secret-name-dotdot", S, lambda w: w.scope(name="..", value=GIVEN), "Option 'name'"),
    Case("secret-name-dot", S, lambda w: w.scope(name=".", value=GIVEN), "Option 'name'"),
    Case("secret-name-nul", S, lambda w: w.scope(name="A\x00B", value=GIVEN), "Option 'name'"),
    Case("secret-name-newline", S, lambda w: w.scope(name="A\nB", value=GIVEN), "Option 'name'", "A\\nB"),
    Case("secret-name-tab", S, lambda w: w.scope(name="A\tB", value=GIVEN), "Option 'name'"),
    Case("secret-environment-newline", S, lambda w: w.scope(name="NEW", value=GIVEN, environment="dev\nprod"), "Option 'environment'"),
    Case("secret-environment-long", S, lambda w: w.scope(name="NEW", value=GIVEN, environment="e" * 65), "Option 'environment'"),
    # A trailing newline slips through a regex that ends in "$" (it matches before a final "\n").
    Case("secret-path-trailing-newline", S, lambda w: w.scope(name="NEW", value=GIVEN, path="/app\n"), "Option 'path'"),
    Case("secret-environment-trailing-newline", S, lambda w: w.scope(name="NEW", value=GIVEN, environment="dev\n"), "Option 'environment'"),
    Case("secret-path-newline", S, lambda w: w.scope(name="NEW", value=GIVEN, path="/app\n/x"), "Option 'path'"),
    Case("secret-path-relative", S, lambda w: w.scope(name="NEW", value=GIVEN, path="app"), "Option 'path'"),
    Case("secret-path-dotdot", S, lambda w: w.scope(name="NEW", value=GIVEN, path="/app/../x"), "Option 'path'"),
    Case("secret-path-nul", S, lambda w: w.scope(name="NEW", value=GIVEN, path="/app\x00"), "Option 'path'"),
    Case("secret-path-space", S, lambda w: w.scope(name="NEW", value=GIVEN, path="/a b"), "Option 'path'"),
    Case("secret-environment-bad-slug", S, lambda w: w.scope(name="NEW", value=GIVEN, environment="Prod!"), "Option 'environment'"),
    # ---- infisical_secret: what does not exist
    Case("secret-missing-folder", S, lambda w: w.scope(name="NEW", value=GIVEN, path="/nowhere"), "Folder '/nowhere' does not exist",
         "create_path"),
    Case("secret-missing-environment", S, lambda w: w.scope(name="NEW", value=GIVEN, environment="qa"), "Environment 'qa'",
         "option environment", "HTTP 404"),
    Case("secret-missing-project-id", S, lambda w: w.base(project_id=MISSING_UUID, environment="dev", name="NEW", value=GIVEN),
         "project", "HTTP 404", legacy_expect=("project_id/project", "HTTP 404")),
    Case("secret-missing-project-slug", S, lambda w: w.base(project="no-such-project", environment="dev", name="NEW", value=GIVEN),
         "Option 'project'", "no-such-project"),
    Case("secret-unknown-tag", S, lambda w: w.scope(name="DB_PASSWORD", value=GIVEN, tags=["db", "nope"]), "Option 'tags'", "nope"),
    Case("secret-unknown-tag-create", S, lambda w: w.scope(name="NEW", value=GIVEN, tags=["nope"]), "Option 'tags'", "nope"),
    # create_path with a write that is refused: the folder must not be created either
    Case("secret-create-path-unknown-tag", S, lambda w: w.scope(name="NEW", value=GIVEN, path="/new/deep", create_path=True, tags=["nope"]),
         "Option 'tags'", "nope"),
    Case("secret-create-path-oversize", S, lambda w: w.scope(name="NEW", value=BIG, path="/new/deep", create_path=True),
         "Option 'value'", "1 MiB"),
    Case("secret-create-path-no-value", S, lambda w: w.scope(name="NEW", path="/new/deep", create_path=True), "Option 'value'"),
    Case("secret-create-path-bad-name", S, lambda w: w.scope(name="..", value=GIVEN, path="/new", create_path=True), "Option 'name'"),
    # ---- infisical_secret: types, choices, combinations
    Case("secret-state-choice", S, lambda w: w.scope(name="NEW", value=GIVEN, state="gone"), "state", "present, absent"),
    Case("secret-update-value-choice", S, lambda w: w.scope(name="NEW", value=GIVEN, update_value="sometimes"), "update_value"),
    Case("secret-tags-dict", S, lambda w: w.scope(name="NEW", value=GIVEN, tags={"a": 1}), "tags"),
    Case("secret-reveal-not-bool", S, lambda w: w.scope(name="NEW", value=GIVEN, reveal_values="perhaps"), "reveal_values"),
    Case("secret-no-environment", S, lambda w: w.base(project_id=w.project_id, name="NEW", value=GIVEN), "environment"),
    Case("secret-no-project", S, lambda w: w.base(environment="dev", name="NEW", value=GIVEN), "project_id", "project"),
    Case("secret-project-and-project-id", S, lambda w: w.scope(project="demo-project", name="NEW", value=GIVEN), "project_id", "project"),
    Case("secret-unknown-option", S, lambda w: w.scope(name="NEW", value=GIVEN, colour="red"), "colour"),
    Case("secret-client-id-without-secret", S, lambda w: w.scope(name="NEW", value=GIVEN, universal_auth_client_id="x"),
         "universal_auth_client_secret"),
    # ---- connection options (shared by every module)
    Case("conn-url-scheme", S, lambda w: w.scope(name="NEW", value=GIVEN, url="ftp://infisical.example"), "Option 'url'"),
    Case("conn-url-no-host", S, lambda w: w.scope(name="NEW", value=GIVEN, url="https://"), "Option 'url'"),
    Case("conn-url-bare", S, lambda w: w.scope(name="NEW", value=GIVEN, url="infisical.example"), "Option 'url'"),
    Case("conn-ca-path-missing", S, lambda w: w.scope(name="NEW", value=GIVEN, ca_path="/nonexistent/ca.pem"), "ca_path"),
    Case("conn-timeout-type", S, lambda w: w.scope(name="NEW", value=GIVEN, timeout="soon"), "timeout"),
    Case("conn-timeout-zero", S, lambda w: w.scope(name="NEW", value=GIVEN, timeout=0), "Option 'timeout'"),
    Case("conn-retries-negative", S, lambda w: w.scope(name="NEW", value=GIVEN, retries=-1), "Option 'retries'"),
    Case("conn-api-generation-choice", S, lambda w: w.scope(name="NEW", value=GIVEN, api_generation="v3"), "api_generation"),
    Case("conn-validate-certs-type", S, lambda w: w.scope(name="NEW", value=GIVEN, validate_certs="maybe"), "validate_certs"),
    Case("conn-bad-token", S, lambda w: w.scope(name="NEW", value=GIVEN, token="not-a-token"), "HTTP 40"),
    # ---- infisical_secrets: one bad item among many, nothing written
    Case("bulk-list-value", B, lambda w: w.scope(secrets=items({"name": "BAD", "value": [GIVEN]})), "Option 'secrets.BAD'", "got a list"),
    Case("bulk-dict-value", B, lambda w: w.scope(secrets={"A": GIVEN, "BAD": {"k": GIVEN}, "C": GIVEN + "c"}), "Option 'secrets.BAD'"),
    Case("bulk-oversize-item", B, lambda w: w.scope(secrets=items({"name": "BIG", "value": BIG})), "Option 'secrets.BIG'", "1 MiB",
         "nothing was changed"),
    Case("bulk-unknown-tag", B, lambda w: w.scope(secrets=items({"name": "BAD", "value": GIVEN, "tags": ["nope"]})), "Option 'secrets'",
         "nope"),
    Case("bulk-tags-not-list", B, lambda w: w.scope(secrets=items({"name": "BAD", "value": GIVEN, "tags": "db"})), "Option 'secrets'",
         "tags must be a list"),
    Case("bulk-duplicate-name", B, lambda w: w.scope(secrets=items({"name": "GOOD_01", "value": GIVEN})), "Option 'secrets'",
         "more than once"),
    Case("bulk-item-without-name", B, lambda w: w.scope(secrets=items({"value": GIVEN})), "Option 'secrets'", "item 7"),
    Case("bulk-item-unknown-key", B, lambda w: w.scope(secrets=items({"name": "BAD", "value": GIVEN, "colour": "red"})),
         "Option 'secrets'", "colour"),
    Case("bulk-item-not-dict", B, lambda w: w.scope(secrets=items("BAD")), "Option 'secrets'", "item 7"),
    Case("bulk-not-a-collection", B, lambda w: w.scope(secrets="A=1"), "Option 'secrets'", "got a str"),
    Case("bulk-name-slash", B, lambda w: w.scope(secrets={"A": GIVEN, "B/C": GIVEN}), "Option 'secrets'", "'/'"),
    Case("bulk-name-dotdot", B, lambda w: w.scope(secrets={"A": GIVEN, "..": GIVEN}), "Option 'secrets'"),
    Case("bulk-name-nul", B, lambda w: w.scope(secrets={"A": GIVEN, "B\x00": GIVEN}), "Option 'secrets'"),
    Case("bulk-name-newline-bad-value", B, lambda w: w.scope(secrets={"A": GIVEN, "B\nC": [GIVEN]}), "Option 'secrets.B\\nC'"),
    Case("bulk-new-without-value", B, lambda w: w.scope(secrets=items({"name": "BAD", "comment": "c"})), "Option 'secrets'",
         "'BAD'"),
    Case("bulk-normalize-collision", B, lambda w: w.scope(secrets={"db-host": GIVEN, "DB_HOST": GIVEN + "2"}, normalize_keys=True),
         "Option 'secrets'", "DB_HOST"),
    Case("bulk-fingerprint-key-short", B, lambda w: w.scope(secrets={"A": GIVEN}, fingerprint_key="short"), "Option 'fingerprint_key'"),
    Case("bulk-missing-folder", B, lambda w: w.scope(secrets={"A": GIVEN}, path="/nowhere"), "Folder '/nowhere'",
         legacy_expect=()),
    Case("bulk-create-path-unknown-tag", B, lambda w: w.scope(secrets=items({"name": "BAD", "value": GIVEN, "tags": ["nope"]}),
                                                              path="/new", create_path=True), "Option 'secrets'", "nope"),
    Case("bulk-create-path-oversize", B, lambda w: w.scope(secrets=items({"name": "BIG", "value": BIG}), path="/new", create_path=True),
         "Option 'secrets.BIG'"),
    Case("bulk-missing-environment", B, lambda w: w.scope(secrets={"A": GIVEN}, environment="qa"), "qa", "HTTP 404"),
    Case("bulk-purge-choice", B, lambda w: w.scope(secrets={"A": GIVEN}, purge="everything"), "purge"),
    # ---- infisical_secret_info
    Case("info-secret-name-slash", infisical_secret_info, lambda w: w.scope(name="A/B"), "Option 'name'"),
    # 2024 builds list a missing folder as empty: nothing to refuse there.
    Case("info-secret-missing-folder", infisical_secret_info, lambda w: w.scope(path="/nowhere"), "Folder '/nowhere'", only="current"),
    # 2024 builds list a missing environment as empty too (recorded on a real 2024 server).
    Case("info-secret-missing-environment", infisical_secret_info, lambda w: w.scope(environment="qa"), "qa", "HTTP 404", only="current"),
    # ---- infisical_project
    Case("project-slug-bad", infisical_project, lambda w: w.base(slug="Bad Slug"), "Option 'slug'"),
    Case("project-slug-short", infisical_project, lambda w: w.base(slug="abc"), "Option 'slug'", "to create a project"),
    Case("project-slug-trailing-newline", infisical_project, lambda w: w.base(slug="new-project\n"), "Option 'slug'"),
    Case("project-slug-long", infisical_project, lambda w: w.base(slug="a" * 65), "Option 'slug'"),
    Case("project-pit-limit", infisical_project, lambda w: w.base(slug="demo-project", pit_version_limit=500), "Option 'pit_version_limit'"),
    Case("project-type-choice", infisical_project, lambda w: w.base(slug="new-project", type="vault"), "type"),
    Case("project-name-blank", infisical_project, lambda w: w.base(slug="demo-project", name="   "), "Option 'name'"),
    Case("project-env-duplicate", infisical_project, lambda w: w.base(slug="demo-project", environments=[{"slug": "qa"}, {"slug": "qa"}]),
         "'qa' twice"),
    Case("project-env-position", infisical_project, lambda w: w.base(slug="demo-project", environments=[{"slug": "qa", "position": 0}]),
         "position"),
    Case("project-env-no-slug", infisical_project, lambda w: w.base(slug="demo-project", environments=[{"name": "QA"}]), "slug"),
    Case("project-missing-id", infisical_project, lambda w: w.base(project_id=MISSING_UUID, name="x"), "Option 'project_id'"),
    Case("project-none-given", infisical_project, lambda w: w.base(name="x"), "slug", "project_id"),
    Case("project-env-bad-slug", infisical_project, lambda w: w.base(slug="demo-project", environments=[{"slug": "Q A"}]), "slug"),
    # ---- infisical_environment
    Case("env-slug-bad", infisical_environment, lambda w: w.project(slug="BAD SLUG"), "Option 'slug'"),
    Case("env-position-zero", infisical_environment, lambda w: w.project(slug="qa", position=0), "Option 'position'"),
    Case("env-name-blank", infisical_environment, lambda w: w.project(slug="qa", name=" "), "Option 'name'"),
    Case("env-missing-id", infisical_environment, lambda w: w.project(environment_id=MISSING_UUID, name="x"), "Option 'environment_id'"),
    Case("env-missing-project", infisical_environment, lambda w: w.base(project="no-such-project", slug="qa"), "Option 'project'"),
    Case("env-position-type", infisical_environment, lambda w: w.project(slug="qa", position="first"), "position"),
    # ---- infisical_folder and infisical_folder_info
    Case("folder-root", infisical_folder, lambda w: w.scope(path="/"), "Option 'path'"),
    Case("folder-space", infisical_folder, lambda w: w.scope(path="/a b"), "Option 'path'"),
    Case("folder-dotdot", infisical_folder, lambda w: w.scope(path="/app/.."), "Option 'path'"),
    Case("folder-nul", infisical_folder, lambda w: w.scope(path="/a\x00"), "Option 'path'"),
    Case("folder-relative", infisical_folder, lambda w: w.scope(path="app"), "Option 'path'"),
    Case("folder-missing-environment", infisical_folder, lambda w: w.scope(path="/x", environment="qa"), "qa", "HTTP 404"),
    Case("folder-not-empty", infisical_folder, lambda w: w.scope(path="/app", state="absent"), "force=true"),
    Case("folder-info-env", infisical_folder_info, lambda w: w.scope(environment="BAD"), "Option 'environment'"),
    Case("folder-info-relative", infisical_folder_info, lambda w: w.scope(path="app"), "Option 'path'"),
    # ---- infisical_tag
    Case("tag-slug-bad", infisical_tag, lambda w: w.project(slug="Bad Tag"), "Option 'slug'"),
    Case("tag-slug-trailing-newline", infisical_tag, lambda w: w.project(slug="ok\n"), "Option 'slug'"),
    Case("tag-slug-long", infisical_tag, lambda w: w.project(slug="t" * 65), "Option 'slug'"),
    Case("tag-missing-project", infisical_tag, lambda w: w.base(project="no-such-project", slug="ok"), "Option 'project'"),
    # ---- infisical_identity
    Case("identity-id-not-uuid", infisical_identity, lambda w: w.base(identity_id="../admin"), "Option 'identity_id'"),
    Case("identity-id-trailing-newline", infisical_identity, lambda w: w.base(identity_id=w.member_id + "\n", role="member"),
         "Option 'identity_id'"),
    Case("identity-id-missing", infisical_identity, lambda w: w.base(identity_id=MISSING_UUID, role="member"), "Option 'identity_id'"),
    Case("identity-ttl-above-max", infisical_identity,
         lambda w: w.base(name="svc-new", universal_auth=dict(access_token_ttl=20, access_token_max_ttl=10)),
         "universal_auth.access_token_ttl"),
    Case("identity-ttl-above-default-max", infisical_identity, lambda w: w.base(name="svc-new", universal_auth=dict(access_token_ttl=2592001)),
         "universal_auth.access_token_ttl"),
    Case("identity-ttl-update-above-max", infisical_identity, lambda w: w.base(name="svc-member", universal_auth=dict(access_token_max_ttl=60)),
         "universal_auth.access_token_ttl"),
    Case("identity-ttl-negative", infisical_identity, lambda w: w.base(name="svc-new", universal_auth=dict(access_token_ttl=-1)),
         "universal_auth.access_token_ttl"),
    Case("identity-bad-ip", infisical_identity, lambda w: w.base(name="svc-new", universal_auth=dict(client_secret_trusted_ips=["300.1.1.1/8"])),
         "universal_auth.client_secret_trusted_ips"),
    Case("identity-no-ips", infisical_identity, lambda w: w.base(name="svc-new", universal_auth=dict(access_token_trusted_ips=[])),
         "universal_auth.access_token_trusted_ips"),
    Case("identity-lockout-range", infisical_identity, lambda w: w.base(name="svc-new", universal_auth=dict(lockout_threshold=0)),
         "universal_auth.lockout_threshold"),
    Case("identity-ua-unknown-key", infisical_identity, lambda w: w.base(name="svc-new", universal_auth=dict(ttl=5)), "ttl"),
    Case("identity-metadata-list", infisical_identity, lambda w: w.base(name="svc-new", metadata=["a"]), "metadata"),
    Case("identity-ambiguous", infisical_identity, lambda w: w.base(name="twin", role="member"), "ambiguous", "select one by id"),
    Case("identity-none-given", infisical_identity, lambda w: w.base(role="member"), "name", "identity_id"),
    # ---- infisical_identity_client_secret
    Case("client-secret-id-with-present", infisical_identity_client_secret,
         lambda w: w.base(identity_id=w.member_id, description="d", client_secret_id=MISSING_UUID), "Option 'client_secret_id'"),
    Case("client-secret-absent-unselected", infisical_identity_client_secret, lambda w: w.base(identity_id=w.member_id, state="absent"),
         "Option 'description'"),
    Case("client-secret-no-description", infisical_identity_client_secret, lambda w: w.base(identity_id=w.member_id), "Option 'description'"),
    Case("client-secret-ttl-negative", infisical_identity_client_secret, lambda w: w.base(identity_id=w.member_id, description="d", ttl=-5),
         "Option 'ttl'"),
    Case("client-secret-ttl-huge", infisical_identity_client_secret,
         lambda w: w.base(identity_id=w.member_id, description="d", ttl=10 ** 10), "Option 'ttl'"),
    Case("client-secret-unknown-identity", infisical_identity_client_secret, lambda w: w.base(identity="nobody", description="d"),
         "Option 'identity'", "nobody"),
    Case("client-secret-identity-newline", infisical_identity_client_secret, lambda w: w.base(identity="svc\nmember", description="d"),
         "Option 'identity'", "svc\\nmember"),
    Case("client-secret-both-selectors", infisical_identity_client_secret,
         lambda w: w.base(identity="svc-member", identity_id=w.member_id, description="d"), "identity_id", "identity"),
    Case("client-secret-no-ua", infisical_identity_client_secret, lambda w: w.base(identity_id=w.no_ua_id, description="d"),
         "has no Universal Auth"),
    # ---- infisical_project_identity
    Case("membership-no-roles", infisical_project_identity, lambda w: w.project(identity_id=w.member_id), "Option 'roles'"),
    Case("membership-empty-roles", infisical_project_identity, lambda w: w.project(identity_id=w.member_id, roles=[]), "Option 'roles'"),
    Case("membership-role-spaces", infisical_project_identity, lambda w: w.project(identity_id=w.member_id, roles=[" admin"]),
         "Option 'roles'"),
    Case("membership-temporary-only", infisical_project_identity,
         lambda w: w.project(identity_id=w.member_id, roles=[], temporary_roles=[{"role": "viewer", "temporary_range": "1h"}]),
         "Option 'roles'"),
    Case("membership-temporary-no-range", infisical_project_identity,
         lambda w: w.project(identity_id=w.member_id, roles=["viewer"], temporary_roles=[{"role": "viewer"}]), "temporary_range"),
    Case("membership-id-not-uuid", infisical_project_identity, lambda w: w.project(identity_id="svc-member", roles=["viewer"]),
         "Option 'identity_id'"),
    Case("membership-unknown-identity", infisical_project_identity, lambda w: w.project(identity="nobody", roles=["viewer"]),
         "Option 'identity'"),
    Case("membership-missing-project", infisical_project_identity,
         lambda w: w.base(project="no-such-project", identity_id=w.member_id, roles=["viewer"]), "Option 'project'"),
    # ---- read-only modules
    Case("identity-info-not-uuid", infisical_identity_info, lambda w: w.base(identity_id="x"), "Option 'identity_id'"),
    Case("identity-info-both", infisical_identity_info, lambda w: w.base(identity_id=w.member_id, name="svc-member"), "identity_id", "name"),
    Case("project-info-both", infisical_project_info, lambda w: w.base(project_id=w.project_id, slug="demo-project"), "project_id", "slug"),
    Case("login-no-client-id", infisical_login, lambda w: dict(url=w.url), "set universal_auth_client_id and universal_auth_client_secret"),
    Case("login-unknown-client", infisical_login,
         lambda w: dict(url=w.url, universal_auth_client_id=MISSING_UUID, universal_auth_client_secret=GIVEN), "HTTP 401",
         legacy_expect=("HTTP 404",)),
    Case("server-info-url", infisical_server_info, lambda w: dict(url="infisical.example"), "Option 'url'"),
    Case("server-info-ca-path", infisical_server_info, lambda w: dict(url=w.url, ca_path="/nonexistent/ca.pem"), "ca_path"),
]


def test_the_table_is_large_and_names_are_unique():
    assert len(CASES) >= 60
    assert len(set(case.id for case in CASES)) == len(CASES)
    assert len(set(case.module.__name__ for case in CASES)) == 15  # every module


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_refused_cleanly(run_module, world, case):
    if case.only and case.only != world.profile:
        pytest.skip("the %s profile accepts this input" % ("2024" if world.legacy else "current"))
    args = case.args(world)
    before = world.dump()
    # run_module runs the check-mode twin first and asserts the same failure and message.
    result = run_module(case.module, args, RecordingSession())
    assert result.get("failed") is True, "accepted: %s" % {k: v for k, v in result.items() if k != "_raw_output"}
    msg = result["msg"]
    assert "\n" not in msg and "\r" not in msg and "Traceback" not in msg and "exception" not in result, msg
    for text in (case.legacy_expect if world.legacy else case.expect):
        assert text in msg, msg
    for canary in CANARIES:
        assert canary not in result["_raw_output"]
    assert world.dump() == before, "the emulator's state changed"


# ---- the lookup: the same rules in the controller, where undecodable text does arrive

LOOKUP_CASES = [
    ("lookup-name-surrogate", ["DB\udcffX"], {}, "Option '_terms'"),
    ("lookup-name-dotdot", [".."], {}, "Option '_terms'"),
    ("lookup-name-newline", ["DB\nPASSWORD"], {}, "Option '_terms'"),
    ("lookup-name-nul", ["DB\x00"], {}, "Option '_terms'"),
    ("lookup-name-slash", ["A/B"], {}, "Option '_terms'"),
    ("lookup-environment-slug", ["DB_PASSWORD"], {"environment": "Prod!"}, "Option 'environment'"),
    ("lookup-environment-missing", ["DB_PASSWORD"], {"environment": "qa"}, "qa"),
    ("lookup-path-relative", ["DB_PASSWORD"], {"path": "app"}, "Option 'path'"),
    ("lookup-path-trailing-newline", ["DB_PASSWORD"], {"path": "/app\n"}, "Option 'path'"),
    ("lookup-project-missing", ["DB_PASSWORD"], {"project_id": None, "project": "no-such-project"}, "Option 'project'"),
    ("lookup-ca-path-missing", ["DB_PASSWORD"], {"ca_path": "/nonexistent/ca.pem"}, "ca_path"),
    ("lookup-url-bad", ["DB_PASSWORD"], {"url": "ftp://x"}, "Option 'url'"),
    ("lookup-timeout-type", ["DB_PASSWORD"], {"timeout": "soon"}, "timeout"),
]


@pytest.mark.parametrize("terms,options,expect", [case[1:] for case in LOOKUP_CASES], ids=[case[0] for case in LOOKUP_CASES])
def test_lookup_bad_input_is_refused_cleanly(world, monkeypatch, terms, options, expect):
    monkeypatch.setattr(lookup_module, "_STATE", {"pid": None})  # no client or folder cached by an earlier test
    if world.legacy and expect == "qa":
        pytest.skip("2024 builds list a missing environment as empty")
    args = {k: v for k, v in dict(world.scope(), **options).items() if v is not None}
    before = world.dump()
    with pytest.raises(AnsibleLookupError) as caught:
        lookup_loader.get("secretops.infisical.infisical_secret").run(terms, variables={}, **args)
    message = str(caught.value)
    assert expect in message and "\n" not in message and "Traceback" not in message, message
    assert message.isprintable() and message.encode("utf-8")
    for canary in CANARIES:
        assert canary not in message
    assert world.dump() == before
