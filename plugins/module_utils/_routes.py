# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The route table: every API call the collection makes, declared once.

Internal module: may change in any release.

A :class:`Route` names one operation (``"secret.get"``) and says, for each API
generation, where it lives and what it takes; resources call it by name through
:meth:`InfisicalClient.call <._client.InfisicalClient.call>` and never see a path,
the generation, or how the project is named. Per route:

* ``method`` and the **current** path, and the **2024** path (``SAME`` when both
  generations serve the same path, ``None`` when 2024 builds have no such route:
  ``since`` then says what the route needs);
* ``project``: where the project id goes -- ``"path"`` (the ``{project}``
  placeholder), ``"query"`` or ``"body"`` (under the variant's ``project_key``:
  ``projectId`` on current servers, ``workspaceId`` on 2024 builds), or ``None``;
* ``envelope``: the key (or keys, first present wins) of the answer holding the
  object; ``None`` returns the whole answer;
* ``not_found``: ``ABSENT`` when a 404 about the object means "no such object"
  (the call returns ``None``), ``RAISE`` when the caller tells 404s apart (a
  missing folder is not a missing secret). A *route* missing is never "absent":
  it raises :class:`~._errors.RouteNotFoundError` naming what the route needs;
* ``legacy_500``: what a 500 from a 2024 build means on this route: ``ABSENT``
  (those builds answer an unknown project with 500) or a hint added to the error;
* ``pages``: the items key of an ``offset``/``limit`` list (all pages are read).

A :class:`Variant` is one generation's side of a route: its path, what it calls
the project, the fields it does not take (``lacks``, or ``only`` for a short
list of what it does take: both are left out of the request), the fields it
requires (``requires``: filled from the caller's ``fill``), and ``quirks``,
documented behaviours a caller may ask about (``client.route(name).has(...)``).

This file imports nothing of the collection: it is data, read by the client.
"""

from __future__ import annotations

from urllib.parse import quote

CURRENT = "current"
LEGACY = "legacy"

# Not-found policies.
ABSENT = "absent"
RAISE = "raise"

# ``legacy`` of a route both generations serve alike (no generation logic at all).
SAME = "same"

# What a route missing on 2024 builds needs. The exact release that added each is
# not pinned down; every such route is served by the builds recorded in
# ``contract/infisical-2026-07`` and missing from those of 2024-10.
AFTER_2024_10 = "an Infisical release newer than the 2024-10 builds"

PROJECT_500 = "older Infisical servers answer 500 when the project does not exist: check the option project_id/project"
SLUG_500 = "older Infisical servers answer 500 when the slug is already taken: check the option slug"

# Quirks a caller may ask about (``client.route(name).has(QUIRK)``).
CREATES_PARENTS = "creates_parents"  # folder.create makes missing parent folders
LISTS_MISSING_FOLDER_EMPTY = "lists_missing_folder_empty"  # a missing folder lists as [] instead of 404


def fill_path(template, params):
    """Fill ``{name}`` placeholders with percent-encoded path segments."""
    return template.format(**{key: quote(str(value), safe="") for key, value in params.items()})


class Variant:
    """One generation's side of a route."""

    def __init__(self, path, project_key="projectId", lacks=(), only=None, requires=(), quirks=()):
        self.path = path
        self.project_key = project_key
        self.lacks = frozenset(lacks)
        self.only = frozenset(only) if only is not None else None
        self.requires = frozenset(requires)
        self.quirks = frozenset(quirks)

    def accepts(self, field):
        """Whether the route takes ``field`` (in its query or body)."""
        return self.path is not None and field not in self.lacks and (self.only is None or field in self.only)

    def needs(self, field):
        return field in self.requires

    def has(self, quirk):
        return quirk in self.quirks

    def shape(self, fields):
        """``fields`` without what this variant does not take."""
        if fields is None:
            return None
        return {key: value for key, value in fields.items() if self.accepts(key)}


class Route:
    def __init__(self, name, method, current, legacy=SAME, since=None, project=None, envelope=None,
                 not_found=RAISE, legacy_500=None, pages=None, authenticated=True):
        self.name = name
        self.method = method
        self.current = current if isinstance(current, Variant) or current is None else Variant(current)
        if legacy == SAME:
            self.legacy = self.current
        elif legacy is None or isinstance(legacy, Variant):
            self.legacy = legacy
        else:
            self.legacy = Variant(legacy)
        self.same = legacy == SAME
        self.since = since or AFTER_2024_10
        self.project = project
        self.envelope = (envelope,) if isinstance(envelope, str) else envelope
        self.not_found = not_found
        self.legacy_500 = legacy_500
        self.pages = pages
        self.authenticated = authenticated

    def variant(self, generation):
        """The :class:`Variant` of ``generation`` (``None`` if that generation lacks the route)."""
        return self.legacy if generation == LEGACY else self.current

    def unwrap(self, data):
        if self.envelope is None or self.pages or data is None:
            return data
        for key in self.envelope:
            if data.get(key) is not None:
                return data[key]
        return None


def _on_2024(path, **kwargs):
    """A 2024 variant naming the project ``workspaceId`` (secrets, folders)."""
    return Variant(path, project_key="workspaceId", **kwargs)


_SECRETS = "/api/v4/secrets"
_SECRETS_2024 = "/api/v3/secrets/raw"
_BATCH = "/api/v4/secrets/batch"
_BATCH_2024 = "/api/v3/secrets/batch/raw"
_FOLDERS = "/api/v2/folders"
_FOLDERS_2024 = "/api/v1/folders"
_PROJECT = "/api/v1/projects/{project}"
_PROJECT_2024 = "/api/v1/workspace/{project}"
_ENVS = _PROJECT + "/environments"
_ENVS_2024 = _PROJECT_2024 + "/environments"
_TAGS = _PROJECT + "/tags"
_TAGS_2024 = _PROJECT_2024 + "/tags"
_MEMBERS = _PROJECT + "/memberships/identities"
_MEMBERS_2024 = "/api/v2/workspace/{project}/identity-memberships"
_IDENTITIES = "/api/v1/identities"
_UA = "/api/v1/auth/universal-auth/identities/{identity}"
_CLIENT_SECRETS = _UA + "/client-secrets"

_TABLE = (
    # -- server and login (unauthenticated)
    Route("server.status", "GET", "/api/status", authenticated=False),
    Route("auth.universal_auth_login", "POST", "/api/v1/auth/universal-auth/login", authenticated=False),

    # -- secrets: one by name, the folder's list, batches (all-or-nothing)
    Route("secret.list", "GET", Variant(_SECRETS),
          _on_2024(_SECRETS_2024, lacks=("viewSecretValue",), quirks=(LISTS_MISSING_FOLDER_EMPTY,)),
          project="query", legacy_500=PROJECT_500),
    Route("secret.get", "GET", Variant(_SECRETS + "/{name}"), _on_2024(_SECRETS_2024 + "/{name}", lacks=("viewSecretValue",)),
          project="query", envelope="secret", legacy_500=PROJECT_500),
    Route("secret.create", "POST", Variant(_SECRETS + "/{name}"), _on_2024(_SECRETS_2024 + "/{name}"),
          project="body", envelope="secret"),
    Route("secret.update", "PATCH", Variant(_SECRETS + "/{name}"), _on_2024(_SECRETS_2024 + "/{name}", requires=("secretValue",)),
          project="body", envelope="secret"),
    Route("secret.delete", "DELETE", Variant(_SECRETS + "/{name}"), _on_2024(_SECRETS_2024 + "/{name}"), project="body"),
    Route("secret.batch_create", "POST", Variant(_BATCH), _on_2024(_BATCH_2024), project="body", envelope="secrets"),
    Route("secret.batch_update", "PATCH", Variant(_BATCH), _on_2024(_BATCH_2024, lacks=("mode",), requires=("secretValue",)),
          project="body", envelope="secrets"),
    Route("secret.batch_delete", "DELETE", Variant(_BATCH), _on_2024(_BATCH_2024), project="body", envelope="secrets"),

    # -- folders
    Route("folder.list", "GET", Variant(_FOLDERS), _on_2024(_FOLDERS_2024), project="query", envelope="folders"),
    Route("folder.create", "POST", Variant(_FOLDERS, quirks=(CREATES_PARENTS,)), _on_2024(_FOLDERS_2024),
          project="body", envelope="folder"),
    Route("folder.update", "PATCH", Variant(_FOLDERS + "/{folder}"), _on_2024(_FOLDERS_2024 + "/{folder}"),
          project="body", envelope="folder"),
    # 2024 builds always delete a folder with its content.
    Route("folder.delete", "DELETE", Variant(_FOLDERS + "/{folder}"), _on_2024(_FOLDERS_2024 + "/{folder}", lacks=("forceDelete",)),
          project="body", not_found=ABSENT),

    # -- projects (2024 builds answer an unknown id or slug with 500)
    Route("project.get", "GET", _PROJECT, _PROJECT_2024, project="path", envelope=("project", "workspace"),
          not_found=ABSENT, legacy_500=ABSENT),
    Route("project.get_by_slug", "GET", "/api/v1/projects/slug/{slug}", "/api/v2/workspace/{slug}",  # answered unwrapped
          not_found=ABSENT, legacy_500=ABSENT),
    # 2024 builds serve GET /api/v1/workspace to user tokens only (identities get 403).
    Route("project.list", "GET", "/api/v1/projects", None, envelope=("projects", "workspaces")),
    Route("organization.projects", "GET", None, "/api/v2/organizations/{organization}/workspaces", envelope="workspaces"),
    Route("project.create", "POST", "/api/v1/projects", Variant("/api/v2/workspace", only=("projectName", "slug", "kmsKeyId")),
          envelope=("project", "workspace"), legacy_500=SLUG_500),
    Route("project.update", "PATCH", _PROJECT, Variant(_PROJECT_2024, only=("name", "autoCapitalization")),
          project="path", envelope=("project", "workspace")),
    Route("project.delete", "DELETE", _PROJECT, _PROJECT_2024, project="path", not_found=ABSENT),

    # -- environments (2024 builds read them from the project object only)
    Route("environment.get", "GET", _ENVS + "/{environment}", None, project="path", envelope="environment"),
    Route("environment.get_by_slug", "GET", _ENVS + "/slug/{slug}", None, project="path", envelope="environment"),
    Route("environment.create", "POST", _ENVS, _ENVS_2024, project="path", envelope="environment"),
    Route("environment.update", "PATCH", _ENVS + "/{environment}", _ENVS_2024 + "/{environment}", project="path", envelope="environment"),
    Route("environment.delete", "DELETE", _ENVS + "/{environment}", _ENVS_2024 + "/{environment}", project="path", not_found=ABSENT),

    # -- tags
    Route("tag.list", "GET", _TAGS, _TAGS_2024, project="path", envelope=("tags", "workspaceTags")),
    Route("tag.create", "POST", _TAGS, _TAGS_2024, project="path", envelope=("tag", "workspaceTag")),
    Route("tag.update", "PATCH", _TAGS + "/{tag}", _TAGS_2024 + "/{tag}", project="path", envelope=("tag", "workspaceTag")),
    Route("tag.delete", "DELETE", _TAGS + "/{tag}", _TAGS_2024 + "/{tag}", project="path", not_found=ABSENT),

    # -- identity memberships of a project
    Route("membership.list", "GET", _MEMBERS, _MEMBERS_2024, project="path", pages="identityMemberships"),
    Route("membership.get", "GET", _MEMBERS + "/{identity}", _MEMBERS_2024 + "/{identity}", project="path",
          envelope="identityMembership", not_found=ABSENT),
    Route("membership.create", "POST", _MEMBERS + "/{identity}", _MEMBERS_2024 + "/{identity}", project="path",
          envelope="identityMembership"),
    Route("membership.update", "PATCH", _MEMBERS + "/{identity}", _MEMBERS_2024 + "/{identity}", project="path"),
    Route("membership.delete", "DELETE", _MEMBERS + "/{identity}", _MEMBERS_2024 + "/{identity}", project="path", not_found=ABSENT),

    # -- machine identities, Universal Auth, client secrets (same paths on both generations)
    # 2024 builds have no /details: the path matches /identities/:identityId and answers 500.
    Route("identity.details", "GET", _IDENTITIES + "/details", None, envelope="identityDetails"),
    Route("identity.list", "GET", _IDENTITIES, envelope="identities"),
    Route("identity.get", "GET", _IDENTITIES + "/{identity}", envelope="identity", not_found=ABSENT),
    Route("identity.create", "POST", _IDENTITIES, envelope="identity"),
    Route("identity.update", "PATCH", _IDENTITIES + "/{identity}", envelope="identity"),
    Route("identity.delete", "DELETE", _IDENTITIES + "/{identity}", not_found=ABSENT),
    Route("universal_auth.get", "GET", _UA, envelope="identityUniversalAuth", not_found=ABSENT),
    Route("universal_auth.attach", "POST", _UA, envelope="identityUniversalAuth"),
    Route("universal_auth.update", "PATCH", _UA, envelope="identityUniversalAuth"),
    Route("universal_auth.remove", "DELETE", _UA),
    Route("client_secret.list", "GET", _CLIENT_SECRETS, envelope="clientSecretData"),
    Route("client_secret.get", "GET", _CLIENT_SECRETS + "/{secret}", envelope="clientSecretData", not_found=ABSENT),
    Route("client_secret.create", "POST", _CLIENT_SECRETS),  # {clientSecret, clientSecretData}: both are used
    Route("client_secret.revoke", "POST", _CLIENT_SECRETS + "/{secret}/revoke", envelope="clientSecretData"),
)

ROUTES = {route.name: route for route in _TABLE}
