# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a real 2024-10 Infisical build answers (bodies copied from the contract recording)."""

from __future__ import annotations

import base64
import json

import pytest

from ansible_collections.secretops.infisical.plugins.module_utils import _environment, _folder, _identity, _project
from ansible_collections.secretops.infisical.plugins.module_utils._auth import AccessTokenProvider
from ansible_collections.secretops.infisical.plugins.module_utils._client import InfisicalClient
from ansible_collections.secretops.infisical.plugins.module_utils._errors import NotFoundError, OptionError, RouteNotFoundError
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes import FakeResponse, FakeSession

URL = "https://infisical-2024.example"
PROJECT = "747e717e-7630-4103-8137-cc71d5510396"
ORG = "7138982d-66de-4a44-85a6-e29e300da2a0"
IDENT = "2a44d319-a3a6-4c1c-b8c4-0803591b10da"


def route_missing(method, path):
    return FakeResponse(404, {"error": "Not Found", "message": "Route %s:%s not found" % (method, path), "statusCode": 404})


def workspace(*extra):
    envs = [{"id": "4e89324a-0d07-4da3-b563-178345518caf", "name": "Development", "slug": "dev"},
            {"id": "1ba76fc0-33d6-461d-a67c-edfbfee1624f", "name": "Staging", "slug": "staging"},
            {"id": "ce42b2fc-f15a-4980-9e0c-01cccd0f9a7c", "name": "Production", "slug": "prod"}] + list(extra)
    return FakeResponse(200, {"workspace": {"_id": PROJECT, "id": PROJECT, "autoCapitalization": True, "environments": envs,
                                            "name": "realinf-2024", "orgId": ORG, "slug": "realinf-2024", "version": 3}})


def jwt(claims):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
    return "%s.%s.signature" % (part({"alg": "HS256", "typ": "JWT"}), part(claims))


def client_for(session, token="tok"):
    return InfisicalClient("https://infisical-2024-%d.example" % id(session), auth=AccessTokenProvider(token=token), session=session,
                           retries=1, sleep=lambda _s: None)


def test_route_missing_is_not_object_missing():
    session = FakeSession()
    path = "/api/v1/workspace/%s/environments/slug/x" % PROJECT
    session.add("GET", path, route_missing("GET", path))
    client = client_for(session)
    client.generation = "legacy"
    with pytest.raises(RouteNotFoundError) as info:
        client.get(path, "read environment")
    assert not isinstance(info.value, NotFoundError)
    assert str(info.value) == ("Failed to read environment: this server (API generation 2024) has no route GET %s; "
                               "it needs a newer Infisical" % path)


def test_environment_found_through_the_project_on_2024():
    session = FakeSession()
    current = "/api/v1/projects/%s/environments/slug/acc-g" % PROJECT
    session.add("GET", current, route_missing("GET", current))
    session.add("GET", "/api/v1/projects/%s" % PROJECT, route_missing("GET", "/api/v1/projects/%s" % PROJECT))
    session.add("GET", "/api/v1/workspace/%s" % PROJECT,
                workspace({"id": "157a8da2-a405-4ca5-9cd1-146a6c1996e6", "name": "acc-g", "slug": "acc-g"}))
    client = client_for(session)
    found = _environment.get_environment(client, PROJECT, slug="acc-g")
    assert found["id"] == "157a8da2-a405-4ca5-9cd1-146a6c1996e6" and found["position"] == 4
    assert _environment.get_environment(client, PROJECT, slug="nope") is None
    assert "GET /api/v1/workspace/%s/environments/slug/acc-g" % PROJECT not in session.paths()


def test_identity_auth_method_singular_2024():
    raw = {"createdAt": "2026-12-02T06:29:20.555Z", "id": "f7692c61-69a9-48ab-81f6-f12989644e3f",
           "identity": {"authMethod": "universal-auth", "id": IDENT, "name": "acc-f-dtmkdk-existing"},
           "identityId": IDENT, "metadata": [], "orgId": ORG, "role": "no-access", "roleId": None}
    shown = _identity.normalize_identity(raw)
    assert shown["auth_methods"] == ["universal-auth"] and shown["id"] == IDENT and shown["organization_id"] == ORG
    raw["identity"]["authMethod"] = None
    assert _identity.normalize_identity(raw)["auth_methods"] == []


def test_organization_from_the_token_identity_on_2024():
    session = FakeSession()
    session.add("GET", "/api/v1/identities/details",
                FakeResponse(500, {"error": "FindByOrgId", "message": "Something went wrong", "statusCode": 500}))
    session.add("GET", "/api/v1/identities/%s" % IDENT, FakeResponse(200, {"identity": {
        "identity": {"authMethod": "universal-auth", "id": IDENT, "name": "x"}, "identityId": IDENT, "orgId": ORG,
        "role": "admin"}}))
    client = client_for(session, token=jwt({"identityId": IDENT, "authTokenType": "identityAccessToken"}))
    assert _identity.get_organization_id(client) == ORG
    assert _identity.token_identity_id("not-a-jwt") is None


def test_projects_listed_through_the_organization_on_2024():
    session = FakeSession()
    session.add("GET", "/api/v1/projects", route_missing("GET", "/api/v1/projects"))
    session.add("GET", "/api/v1/identities/%s" % IDENT, FakeResponse(200, {"identity": {"identityId": IDENT, "orgId": ORG}}))
    session.add("GET", "/api/v2/organizations/%s/workspaces" % ORG, FakeResponse(200, {"workspaces": [
        {"id": PROJECT, "name": "realinf-2024", "slug": "realinf-2024", "orgId": ORG, "environments": []}]}))
    client = client_for(session, token=jwt({"identityId": IDENT}))
    assert [p["id"] for p in _project.list_visible_projects(client)] == [PROJECT]
    assert "GET /api/v1/workspace" not in session.paths()


class StubModule:
    """What a resource uses of its AnsibleModule: params, client, check mode and warnings."""

    def __init__(self, client, **params):
        self.client = client
        self.params = params
        self.check_mode = False
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)


def test_folder_description_is_ignored_on_2024():
    # 2024 builds have no folder description: a folder answers without one, whatever was sent.
    session = FakeSession()
    query = "projectId=%s&environment=dev&path=%%2Facc-g-dtmkdk%%2Fa" % PROJECT
    session.add("GET", "/api/v2/folders", route_missing("GET", "/api/v2/folders?" + query))
    session.add("GET", "/api/v1/folders", FakeResponse(200, {"folders": [{
        "createdAt": "2026-12-02T06:30:17.047Z", "envId": "4e89324a-0d07-4da3-b563-178345518caf",
        "id": "095e83cc-5465-49a9-b943-3e85efebf371", "isReserved": False, "name": "b",
        "parentId": "33387194-8837-4093-bab5-52fa480d0e6d", "updatedAt": "2026-12-02T06:30:17.047Z", "version": 1}]}))
    module = StubModule(client_for(session), project_id=PROJECT, project=None, environment="dev", path="/acc-g-dtmkdk/a/b",
                        description="Database", state="present", force=False)
    result = _folder.FolderResource(module).ensure()
    assert result["changed"] is False and result["folder"]["id"] == "095e83cc-5465-49a9-b943-3e85efebf371"
    assert [call["method"] for call in session.calls] == ["GET", "GET"]  # no write
    assert module.warnings == ["This older Infisical server (2024 builds) has no folder description; the option description is ignored"]


# GET /api/v1/identities?orgId=… and GET /api/v1/identities/:id of the 2024-10 build (collection.jsonl, seq 271 and 262).
LISTED_2024 = {"createdAt": "2026-12-02T04:38:52.986Z", "id": "82e3fcb8-2e41-4bf9-8580-bb15d00bff66",
               "identity": {"authMethod": "universal-auth", "id": "1337418e-d80a-4e68-bd72-f1716dbd36ea", "name": "realinf-2024-admin"},
               "identityId": "1337418e-d80a-4e68-bd72-f1716dbd36ea", "orgId": ORG, "role": "admin", "roleId": None,
               "updatedAt": "2026-12-02T04:38:52.986Z"}
READ_2024 = {"createdAt": "2026-12-02T06:29:20.555Z", "id": "f7692c61-69a9-48ab-81f6-f12989644e3f",
             "identity": {"authMethod": None, "id": IDENT, "name": "acc-f-dtmkdk-existing"}, "identityId": IDENT, "metadata": [],
             "orgId": ORG, "role": "no-access", "roleId": None, "updatedAt": "2026-12-02T06:29:20.555Z"}


def identity_module(client, **params):
    base = dict(identity_id=None, name=None, role=None, delete_protection=None, metadata=None, universal_auth=None,
                state="present", organization_id=ORG)
    return StubModule(client, **dict(base, **params))


@pytest.mark.parametrize("params", [dict(identity_id=IDENT), dict(name="acc-new")], ids=["existing", "create"])
def test_identity_delete_protection_refused_on_2024(params):
    # 2024 builds have no identity delete protection and drop the field: refuse it before any write.
    session = FakeSession()
    session.add("GET", "/api/v1/identities/%s" % IDENT, FakeResponse(200, {"identity": READ_2024}))
    session.add("GET", "/api/v1/identities", FakeResponse(200, {"identities": [LISTED_2024], "totalCount": 1}))
    module = identity_module(client_for(session), delete_protection=True, **params)
    with pytest.raises(OptionError) as info:
        _identity.IdentityResource(module).ensure()
    assert info.value.option == "delete_protection" and "2024 builds have no identity delete protection" in str(info.value)
    assert {call["method"] for call in session.calls} == {"GET"}
    # delete_protection=false is what such a server has anyway: nothing to do.
    module = identity_module(client_for(session), delete_protection=False, identity_id=IDENT)
    assert _identity.IdentityResource(module).ensure()["changed"] is False
