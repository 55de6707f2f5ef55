# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The route table: what each route sends on each API generation, and what its answers mean.

The expected paths below are written out by hand (from the API reference and the
contract recordings), not read from the table, so a wrong table entry fails here.
"""

from __future__ import annotations

import pytest

from ansible_collections.secretops.infisical.plugins.module_utils import _client, _routes
from ansible_collections.secretops.infisical.plugins.module_utils._auth import AccessTokenProvider
from ansible_collections.secretops.infisical.plugins.module_utils._client import InfisicalClient
from ansible_collections.secretops.infisical.plugins.module_utils._errors import (
    LegacyServerError,
    NotFoundError,
    RouteNotFoundError,
    ServerError,
)
from ansible_collections.secretops.infisical.tests.unit.plugins.module_utils.fakes import FakeResponse, envelope

URL = "https://routes.example"
P = "proj-1"


class Recorder:
    """A session answering every request from ``answers`` (``(method, path) -> response``), else 200 ``{}``."""

    def __init__(self, answers=None):
        self.answers = answers or {}
        self.calls = []

    def request(self, method, url, params=None, json=None, headers=None, timeout=None, verify=None):  # pylint: disable=redefined-outer-name
        path = url[len(URL):]
        self.calls.append(dict(method=method, path=path, params=params, json=json, headers=headers))
        answer = self.answers.get((method, path), FakeResponse(200, {}))
        return answer(self.calls[-1]) if callable(answer) else answer


def client_for(session, generation=None):
    return InfisicalClient(URL, auth=AccessTokenProvider(token="tok"), session=session, retries=1,
                           sleep=lambda _s: None, generation=generation)


def route_missing(method, path):
    return FakeResponse(404, {"error": "Not Found", "message": "Route %s:%s not found" % (method, path), "statusCode": 404})


# name, path parameters, method, current path, 2024 path (None: 2024 builds have no such route),
# where the project goes ("query"/"body": projectId on current servers, workspaceId on 2024 builds)
ROUTES = [
    ("server.status", {}, "GET", "/api/status", "/api/status", None),
    ("auth.universal_auth_login", {}, "POST", "/api/v1/auth/universal-auth/login", "/api/v1/auth/universal-auth/login", None),
    ("secret.list", {"project": P}, "GET", "/api/v4/secrets", "/api/v3/secrets/raw", "query"),
    ("secret.get", {"project": P, "name": "A B"}, "GET", "/api/v4/secrets/A%20B", "/api/v3/secrets/raw/A%20B", "query"),
    ("secret.create", {"project": P, "name": "A"}, "POST", "/api/v4/secrets/A", "/api/v3/secrets/raw/A", "body"),
    ("secret.update", {"project": P, "name": "A"}, "PATCH", "/api/v4/secrets/A", "/api/v3/secrets/raw/A", "body"),
    ("secret.delete", {"project": P, "name": "A"}, "DELETE", "/api/v4/secrets/A", "/api/v3/secrets/raw/A", "body"),
    ("secret.batch_create", {"project": P}, "POST", "/api/v4/secrets/batch", "/api/v3/secrets/batch/raw", "body"),
    ("secret.batch_update", {"project": P}, "PATCH", "/api/v4/secrets/batch", "/api/v3/secrets/batch/raw", "body"),
    ("secret.batch_delete", {"project": P}, "DELETE", "/api/v4/secrets/batch", "/api/v3/secrets/batch/raw", "body"),
    ("folder.list", {"project": P}, "GET", "/api/v2/folders", "/api/v1/folders", "query"),
    ("folder.create", {"project": P}, "POST", "/api/v2/folders", "/api/v1/folders", "body"),
    ("folder.update", {"project": P, "folder": "f1"}, "PATCH", "/api/v2/folders/f1", "/api/v1/folders/f1", "body"),
    ("folder.delete", {"project": P, "folder": "f1"}, "DELETE", "/api/v2/folders/f1", "/api/v1/folders/f1", "body"),
    ("project.get", {"project": P}, "GET", "/api/v1/projects/proj-1", "/api/v1/workspace/proj-1", None),
    ("project.get_by_slug", {"slug": "s/1"}, "GET", "/api/v1/projects/slug/s%2F1", "/api/v2/workspace/s%2F1", None),
    ("project.list", {}, "GET", "/api/v1/projects", None, None),
    ("organization.projects", {"organization": "o1"}, "GET", None, "/api/v2/organizations/o1/workspaces", None),
    ("project.create", {}, "POST", "/api/v1/projects", "/api/v2/workspace", None),
    ("project.update", {"project": P}, "PATCH", "/api/v1/projects/proj-1", "/api/v1/workspace/proj-1", None),
    ("project.delete", {"project": P}, "DELETE", "/api/v1/projects/proj-1", "/api/v1/workspace/proj-1", None),
    ("environment.get", {"project": P, "environment": "e1"}, "GET", "/api/v1/projects/proj-1/environments/e1", None, None),
    ("environment.get_by_slug", {"project": P, "slug": "dev"}, "GET", "/api/v1/projects/proj-1/environments/slug/dev", None, None),
    ("environment.create", {"project": P}, "POST", "/api/v1/projects/proj-1/environments", "/api/v1/workspace/proj-1/environments", None),
    ("environment.update", {"project": P, "environment": "e1"}, "PATCH", "/api/v1/projects/proj-1/environments/e1",
     "/api/v1/workspace/proj-1/environments/e1", None),
    ("environment.delete", {"project": P, "environment": "e1"}, "DELETE", "/api/v1/projects/proj-1/environments/e1",
     "/api/v1/workspace/proj-1/environments/e1", None),
    ("tag.list", {"project": P}, "GET", "/api/v1/projects/proj-1/tags", "/api/v1/workspace/proj-1/tags", None),
    ("tag.create", {"project": P}, "POST", "/api/v1/projects/proj-1/tags", "/api/v1/workspace/proj-1/tags", None),
    ("tag.update", {"project": P, "tag": "t1"}, "PATCH", "/api/v1/projects/proj-1/tags/t1", "/api/v1/workspace/proj-1/tags/t1", None),
    ("tag.delete", {"project": P, "tag": "t1"}, "DELETE", "/api/v1/projects/proj-1/tags/t1", "/api/v1/workspace/proj-1/tags/t1", None),
    ("membership.list", {"project": P}, "GET", "/api/v1/projects/proj-1/memberships/identities",
     "/api/v2/workspace/proj-1/identity-memberships", None),
    ("membership.get", {"project": P, "identity": "i1"}, "GET", "/api/v1/projects/proj-1/memberships/identities/i1",
     "/api/v2/workspace/proj-1/identity-memberships/i1", None),
    ("membership.create", {"project": P, "identity": "i1"}, "POST", "/api/v1/projects/proj-1/memberships/identities/i1",
     "/api/v2/workspace/proj-1/identity-memberships/i1", None),
    ("membership.update", {"project": P, "identity": "i1"}, "PATCH", "/api/v1/projects/proj-1/memberships/identities/i1",
     "/api/v2/workspace/proj-1/identity-memberships/i1", None),
    ("membership.delete", {"project": P, "identity": "i1"}, "DELETE", "/api/v1/projects/proj-1/memberships/identities/i1",
     "/api/v2/workspace/proj-1/identity-memberships/i1", None),
    ("identity.details", {}, "GET", "/api/v1/identities/details", None, None),
    ("identity.list", {}, "GET", "/api/v1/identities", "/api/v1/identities", None),
    ("identity.get", {"identity": "i1"}, "GET", "/api/v1/identities/i1", "/api/v1/identities/i1", None),
    ("identity.create", {}, "POST", "/api/v1/identities", "/api/v1/identities", None),
    ("identity.update", {"identity": "i1"}, "PATCH", "/api/v1/identities/i1", "/api/v1/identities/i1", None),
    ("identity.delete", {"identity": "i1"}, "DELETE", "/api/v1/identities/i1", "/api/v1/identities/i1", None),
] + [
    ("universal_auth.%s" % op, {"identity": "i1"}, method, "/api/v1/auth/universal-auth/identities/i1",
     "/api/v1/auth/universal-auth/identities/i1", None)
    for op, method in (("get", "GET"), ("attach", "POST"), ("update", "PATCH"), ("remove", "DELETE"))
] + [
    ("client_secret.%s" % op, dict(identity="i1", **extra), method, "/api/v1/auth/universal-auth/identities/i1/client-secrets" + suffix,
     "/api/v1/auth/universal-auth/identities/i1/client-secrets" + suffix, None)
    for op, extra, method, suffix in (("list", {}, "GET", ""), ("get", {"secret": "c1"}, "GET", "/c1"),
                                      ("create", {}, "POST", ""), ("revoke", {"secret": "c1"}, "POST", "/c1/revoke"))
]

CASES = [(row, generation) for row in ROUTES for generation in ("current", "legacy")]


def test_every_route_of_the_table_is_checked_here():
    assert sorted(row[0] for row in ROUTES) == sorted(_routes.ROUTES)
    assert len(_routes.ROUTES) == len(_routes._TABLE)  # no two routes share a name


@pytest.mark.parametrize("row, generation", CASES, ids=["%s-%s" % (row[0], gen) for row, gen in CASES])
def test_route_sends_method_path_and_project(row, generation):
    name, params, method, current, legacy, project_in = row
    expected = current if generation == "current" else legacy
    session = Recorder()
    client = client_for(session, generation)
    if expected is None:
        with pytest.raises(RouteNotFoundError) as info:
            client.call(name, "do %s" % name, **params)
        assert session.calls == []  # known from the table: nothing is sent
        assert "(%s); it needs " % name in str(info.value)
        return
    client.call(name, "do %s" % name, **params)
    assert [(c["method"], c["path"]) for c in session.calls] == [(method, expected)]
    sent = session.calls[0]
    fields = dict(sent["params"] or {}, **(sent["json"] or {}))
    named = {key: fields[key] for key in ("projectId", "workspaceId") if key in fields}
    if project_in:
        assert named == {"projectId" if generation == "current" else "workspaceId": P}
        assert P in (sent["params"] if project_in == "query" else sent["json"]).values()
    else:
        assert named == {}
    if not _routes.ROUTES[name].authenticated:
        assert "Authorization" not in sent["headers"]


def test_route_names_the_project_in_the_query_or_body():
    session = Recorder()
    client = client_for(session, "legacy")
    client.call("secret.list", "list", project=P, query={"environment": "dev", "secretPath": "/", "viewSecretValue": True})
    client.call("folder.create", "create", project=P, body={"environment": "dev", "name": "a", "path": "/"})
    assert session.calls[0]["params"] == {"workspaceId": P, "environment": "dev", "secretPath": "/"}  # no viewSecretValue there
    assert session.calls[1]["json"] == {"workspaceId": P, "environment": "dev", "name": "a", "path": "/"}
    _client._GENERATION_BY_URL.clear()
    client = client_for(session, "current")
    client.call("secret.list", "list", project=P, query={"environment": "dev", "secretPath": "/", "viewSecretValue": True})
    assert session.calls[2]["params"] == {"projectId": P, "environment": "dev", "secretPath": "/", "viewSecretValue": "true"}


@pytest.mark.parametrize("generation, sent", [("current", {"type": "shared"}), ("legacy", {"type": "shared", "secretValue": "old"})])
def test_update_fills_the_value_only_where_the_route_requires_it(generation, sent):
    session = Recorder()
    client_for(session, generation).call("secret.update", "update", project=P, name="A", body={"type": "shared"},
                                         fill={"secretValue": "old"})
    body = dict(session.calls[0]["json"])
    body.pop("projectId", None)
    body.pop("workspaceId", None)
    assert body == sent


def test_2024_project_create_keeps_only_what_it_takes():
    session = Recorder()
    client_for(session, "legacy").call("project.create", "create", body={"projectName": "N", "slug": "s", "type": "secret-manager",
                                                                         "projectDescription": "d"})
    assert session.calls[0]["json"] == {"projectName": "N", "slug": "s"}


@pytest.mark.parametrize("generation, field, accepted", [
    ("current", "mode", True), ("legacy", "mode", False),
    ("current", "viewSecretValue", True), ("legacy", "viewSecretValue", False),
])
def test_route_accepts(generation, field, accepted):
    client = client_for(Recorder(), generation)
    route = "secret.batch_update" if field == "mode" else "secret.get"
    assert client.route(route).accepts(field) is accepted


def test_quirks_and_requirements_per_generation():
    current = client_for(Recorder(), "current")
    assert current.route("folder.create").has(_routes.CREATES_PARENTS)
    assert not current.route("secret.list").has(_routes.LISTS_MISSING_FOLDER_EMPTY)
    assert not current.route("secret.batch_update").needs("secretValue")
    _client._GENERATION_BY_URL.clear()
    legacy = client_for(Recorder(), "legacy")
    assert not legacy.route("folder.create").has(_routes.CREATES_PARENTS)
    assert legacy.route("secret.list").has(_routes.LISTS_MISSING_FOLDER_EMPTY)
    assert legacy.route("secret.batch_update").needs("secretValue")
    assert not legacy.route("project.list").accepts("anything")  # absent on 2024: accepts nothing


# -- envelopes and not-found policies

def test_envelope_unwraps_the_first_key_present():
    session = Recorder({("GET", "/api/v1/workspace/proj-1/tags"): FakeResponse(200, {"workspaceTags": [{"slug": "a"}]})})
    assert client_for(session, "legacy").call("tag.list", "list", project=P) == [{"slug": "a"}]


NOT_FOUND = FakeResponse(404, envelope(404, "Identity not found", "NotFound"))


@pytest.mark.parametrize("name, params, path", [
    ("identity.get", {"identity": "i1"}, "/api/v1/identities/i1"),
    ("project.get", {"project": P}, "/api/v1/projects/proj-1"),
    ("tag.delete", {"project": P, "tag": "t1"}, "/api/v1/projects/proj-1/tags/t1"),
    ("membership.get", {"project": P, "identity": "i1"}, "/api/v1/projects/proj-1/memberships/identities/i1"),
])
def test_absent_policy_reads_an_object_404_as_none(name, params, path):
    method = _routes.ROUTES[name].method
    assert client_for(Recorder({(method, path): NOT_FOUND}), "current").call(name, "read", **params) is None


@pytest.mark.parametrize("name, params, path", [
    ("secret.get", {"project": P, "name": "A"}, "/api/v4/secrets/A"),
    ("secret.list", {"project": P}, "/api/v4/secrets"),
    ("environment.get_by_slug", {"project": P, "slug": "dev"}, "/api/v1/projects/proj-1/environments/slug/dev"),
])
def test_raise_policy_leaves_the_404_to_the_caller(name, params, path):
    with pytest.raises(NotFoundError):
        client_for(Recorder({("GET", path): NOT_FOUND}), "current").call(name, "read", **params)


def test_a_missing_route_is_never_absent():
    path = "/api/v1/identities/i1"
    session = Recorder({("GET", path): route_missing("GET", path)})
    with pytest.raises(RouteNotFoundError) as info:
        client_for(session, "current").call("identity.get", "read identity 'i1'", identity="i1")
    assert not isinstance(info.value, NotFoundError)
    assert str(info.value) == ("Failed to read identity 'i1': this server (API generation current) has no route GET %s "
                               "(identity.get); it needs a newer Infisical" % path)


def test_route_known_missing_on_2024_names_what_it_needs():
    session = Recorder()
    with pytest.raises(RouteNotFoundError) as info:
        client_for(session, "legacy").call("environment.get_by_slug", "read environment 'dev'", project=P, slug="dev")
    assert session.calls == []
    assert str(info.value) == ("Failed to read environment 'dev': this server (API generation 2024) has no route "
                               "GET /api/v1/projects/proj-1/environments/slug/dev (environment.get_by_slug); "
                               "it needs an Infisical release newer than the 2024-10 builds")
    assert info.value.result_fields()["status"] is None


SERVER_500 = FakeResponse(500, {"error": "Failed to find project by slug", "message": "Something went wrong", "statusCode": 500})


def test_2024_500_means_absent_where_the_table_says_so():
    session = Recorder({("GET", "/api/v2/workspace/nope"): SERVER_500})
    assert client_for(session, "legacy").call("project.get_by_slug", "look up project 'nope'", slug="nope") is None
    assert len(session.calls) == 2  # a 500 on a read is retried once, like every read


def test_a_current_500_is_an_error_on_the_same_route():
    session = Recorder({("GET", "/api/v1/projects/slug/nope"): SERVER_500})
    with pytest.raises(ServerError):
        client_for(session, "current").call("project.get_by_slug", "look up project 'nope'", slug="nope")


def test_2024_500_hint_from_the_table():
    session = Recorder({("GET", "/api/v3/secrets/raw"): SERVER_500})
    with pytest.raises(LegacyServerError) as info:
        client_for(session, "legacy").call("secret.list", "list secrets", project=P)
    assert str(info.value).endswith("; " + _routes.PROJECT_500)
    assert info.value.result_fields()["status"] == 500


# -- the generation probe

def test_2024_server_is_probed_once_per_process():
    """``api_generation: auto`` on a 2024 build: one route-missing 404 for the whole process (a module task)."""
    answers = {("GET", "/api/v4/secrets"): route_missing("GET", "/api/v4/secrets"),
               ("GET", "/api/v1/projects/proj-1/tags"): route_missing("GET", "/api/v1/projects/proj-1/tags")}
    session = Recorder(answers)
    client = client_for(session)
    client.call("secret.list", "list", project=P)
    client.call("tag.list", "list", project=P)
    client_for(session).call("folder.list", "list", project=P)  # another client of the same process
    assert [c["path"] for c in session.calls] == ["/api/v4/secrets", "/api/v3/secrets/raw", "/api/v1/workspace/proj-1/tags",
                                                  "/api/v1/folders"]


def test_current_server_costs_no_probe():
    session = Recorder()
    client = client_for(session)
    client.call("secret.list", "list", project=P)
    client.call("environment.get_by_slug", "read", project=P, slug="dev")
    assert [c["path"] for c in session.calls] == ["/api/v4/secrets", "/api/v1/projects/proj-1/environments/slug/dev"]
    assert client.generation == "current"


def test_same_route_missing_does_not_switch_generation():
    session = Recorder({("GET", "/api/v1/identities/i1"): route_missing("GET", "/api/v1/identities/i1")})
    client = client_for(session)
    with pytest.raises(RouteNotFoundError):
        client.call("identity.get", "read", identity="i1")
    assert len(session.calls) == 1 and client.generation is None


def test_route_absent_on_current_is_not_a_reason_to_switch():
    session = Recorder()
    client = client_for(session)
    with pytest.raises(RouteNotFoundError):
        client.call("organization.projects", "list", organization="o1")
    assert session.calls == [] and client.generation is None


def test_a_confirmed_write_is_unwrapped_like_an_answer():
    """A create whose answer was lost (502) is re-read by ``confirm``; the caller gets the object either way."""
    session = Recorder({("POST", "/api/v1/projects/proj-1/tags"): FakeResponse(502, {"message": "Bad Gateway"})})
    found = {"id": "t1", "slug": "db"}
    result = client_for(session, "current").call("tag.create", "create tag", project=P, body={"slug": "db"},
                                                 confirm=lambda: {"tag": found})
    assert result == found and len(session.calls) == 1


def test_pages_are_all_read():
    pages = iter([FakeResponse(200, {"identityMemberships": [{"id": 1}, {"id": 2}], "totalCount": 3}),
                  FakeResponse(200, {"identityMemberships": [{"id": 3}], "totalCount": 3})])
    session = Recorder({("GET", "/api/v1/projects/proj-1/memberships/identities"): lambda call: next(pages)})
    assert client_for(session, "current").call("membership.list", "list", project=P, page_size=2) == [{"id": 1}, {"id": 2}, {"id": 3}]
    assert [c["params"]["offset"] for c in session.calls] == [0, 2]
