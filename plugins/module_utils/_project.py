# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Projects: finding them by id, slug or name on either API generation, and the project resource.

Internal module: may change in any release.
"""

from __future__ import annotations

import re

from ansible_collections.secretops.infisical.plugins.module_utils import _environment
from ansible_collections.secretops.infisical.plugins.module_utils import _identity
from ansible_collections.secretops.infisical.plugins.module_utils import _validate
from ansible_collections.secretops.infisical.plugins.module_utils._client import path_with
from ansible_collections.secretops.infisical.plugins.module_utils._errors import (
    AmbiguousMatchError,
    InfisicalError,
    NotFoundError,
    OptionError,
    PermissionDeniedError,
    ServerError,
)
from ansible_collections.secretops.infisical.plugins.module_utils._resource import InfisicalResource


def _read_or_none(client, current, legacy):
    """``client.versioned(current, legacy)``, or ``None`` when the project does not exist.

    2024 builds answer an unknown slug or id with 500: that means "unknown", and
    is never a reason to create.
    """
    try:
        return client.versioned(current, legacy)
    except NotFoundError:
        return None
    except ServerError as exc:
        if exc.status == 500 and client.generation == "legacy":
            return None
        raise


def get_project_by_slug(client, slug):
    """The raw project with that slug, or ``None``."""
    action = "look up project '%s'" % slug
    return _read_or_none(
        client,
        lambda: client.get(path_with("/api/v1/projects/slug/{}", slug), action),  # answered unwrapped
        lambda: client.get(path_with("/api/v2/workspace/{}", slug), action),
    )


def list_projects(client):
    """Raw projects the token can see (on 2024 servers identities cannot list: ``[]``)."""
    data = client.versioned(
        lambda: client.get("/api/v1/projects", "list projects"),
        lambda: {"projects": []},
    )
    return data.get("projects") or []


def resolve_project_id(client, project_id=None, project=None):
    """The id of the project given by ``project_id`` (no request) or ``project`` (slug, else name)."""
    if project_id:
        return project_id
    if not project:
        raise OptionError("project_id", "or the option project is required")
    found = get_project_by_slug(client, project)
    if found:
        return found.get("id") or found.get("_id")
    named = [p for p in list_projects(client) if p.get("name") == project]
    if len(named) > 1:
        raise AmbiguousMatchError("Project name", project, [p.get("id") for p in named])
    if not named:
        raise OptionError("project", "names no project visible to this identity (tried slug and name '%s')" % project)
    return named[0].get("id")


# ---------------------------------------------------------------- reading and writing projects

# Project slug rules on create (stricter than on update): 5-36 characters, slugify-clean.
CREATE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CREATE_SLUG_MIN, CREATE_SLUG_MAX = 5, 36

# Option name -> API field, for the settings a PATCH can change on current servers.
UPDATABLE = (
    ("name", "name"),
    ("slug", "slug"),
    ("description", "description"),
    ("auto_capitalization", "autoCapitalization"),
    ("enforce_capitalization", "enforceCapitalization"),
    ("has_delete_protection", "hasDeleteProtection"),
    ("pit_version_limit", "pitVersionLimit"),
    ("secret_sharing", "secretSharing"),
)
# What 2024 builds accept: create {projectName, slug}; PATCH {name, autoCapitalization}.
LEGACY_UPDATABLE = ("name", "auto_capitalization")


class DeleteProtectedError(InfisicalError):
    """The project has delete protection, so the server refuses to delete it."""

    def __init__(self, label, server_error=None):
        self.server_error = server_error
        text = ("Cannot delete project '%s': delete protection is enabled; set has_delete_protection=false "
                "(in this task or an earlier one) to allow deleting it" % label)
        if server_error is not None:
            text += " (%s)" % server_error.message
        super().__init__(text)

    def result_fields(self):
        return self.server_error.result_fields() if self.server_error is not None else {"option": "has_delete_protection"}


def validate_create_slug(slug, option="slug"):
    """The stricter rule a slug must pass when a project is created."""
    if slug is None or not CREATE_SLUG_MIN <= len(slug) <= CREATE_SLUG_MAX or not CREATE_SLUG.fullmatch(slug):
        raise OptionError(option, "must be %d to %d lower-case letters and digits joined by '-' to create a project (got '%s')"
                          % (CREATE_SLUG_MIN, CREATE_SLUG_MAX, slug))
    return slug


def get_project(client, project_id):
    """The raw project (with its environments) with that id, or ``None``."""
    action = "read project '%s'" % project_id
    data = _read_or_none(
        client,
        lambda: client.get(path_with("/api/v1/projects/{}", project_id), action),
        lambda: client.get(path_with("/api/v1/workspace/{}", project_id), action),
    )
    if data is None:
        return None
    return data.get("project") or data.get("workspace")


def list_visible_projects(client):
    """Raw projects the token can see, on either generation.

    2024 builds refuse ``GET /api/v1/workspace`` to identities (403); they list an
    organisation's projects at ``GET /api/v2/organizations/:orgId/workspaces``, the
    organisation being that of the token's identity.
    """
    def legacy():
        org_id = _identity.get_organization_id(client)
        return client.get(path_with("/api/v2/organizations/{}/workspaces", org_id),
                          "list the projects of organization '%s'" % org_id)

    data = client.versioned(lambda: client.get("/api/v1/projects", "list projects"), legacy)
    return data.get("projects") or data.get("workspaces") or []


def create_project(client, slug, fields):
    """Create a project; ``fields`` are current API body fields (2024 builds get only name and slug)."""
    action = "create project '%s'" % slug

    def confirm():
        found = get_project_by_slug(client, slug)
        return {"project": found} if found else None

    def current():
        return client.post("/api/v1/projects", action, body=dict(fields, slug=slug), confirm=confirm)

    def legacy():
        body = {"projectName": fields["projectName"], "slug": slug}
        try:
            return client.post("/api/v2/workspace", action, body=body, confirm=confirm)
        except ServerError as exc:
            if exc.status != 500:
                raise
            raise InfisicalError("%s; older Infisical servers answer 500 when the slug is already taken: check the option slug"
                                 % exc.message) from None

    data = client.versioned(current, legacy)
    return data.get("project") or data.get("workspace")


def update_project(client, project_id, label, fields):
    """PATCH API ``fields`` of a project."""
    action = "update project '%s'" % label
    data = client.versioned(
        lambda: client.patch(path_with("/api/v1/projects/{}", project_id), action, body=fields),
        lambda: client.patch(path_with("/api/v1/workspace/{}", project_id), action, body=fields),
    )
    return data.get("project") or data.get("workspace")


def delete_project(client, project_id, label):
    """Delete a project; ``False`` if it was already gone."""
    action = "delete project '%s'" % label
    try:
        client.versioned(
            lambda: client.delete(path_with("/api/v1/projects/{}", project_id), action),
            lambda: client.delete(path_with("/api/v1/workspace/{}", project_id), action),
        )
    except NotFoundError:
        return False
    except PermissionDeniedError as exc:
        if "delete protection" in ("%s %s" % (exc.server_message, exc.error)).lower():
            raise DeleteProtectedError(label, exc) from None
        raise
    return True


def normalize_project(raw):
    """An API project as the collection shows it: snake_case, environments by position."""
    return {
        "id": raw.get("id") or raw.get("_id"),
        "name": raw.get("name"),
        "slug": raw.get("slug"),
        "description": raw.get("description"),
        "type": raw.get("type"),
        "org_id": raw.get("orgId"),
        "auto_capitalization": raw.get("autoCapitalization"),
        "enforce_capitalization": raw.get("enforceCapitalization"),
        "has_delete_protection": raw.get("hasDeleteProtection"),
        "pit_version_limit": raw.get("pitVersionLimit"),
        "secret_sharing": raw.get("secretSharing"),
        "environments": _environment.environments_of(raw),
        "version": raw.get("version"),
        "created_at": raw.get("createdAt"),
        "updated_at": raw.get("updatedAt"),
    }


class ProjectResource(InfisicalResource):
    """One project, by slug (or by id, which allows changing the slug), with its environments."""

    RESULT_KEY = "project"
    SETTINGS = tuple(option for option, _field in UPDATABLE)

    def setup(self):
        params = self.params
        self.project_id = params.get("project_id")
        self.slug = params.get("slug")
        if self.slug is not None:
            _validate.slug(self.slug, "slug", "project slug")
        if not self.project_id and not self.slug:
            raise OptionError("slug", "or the option project_id is required")
        if params.get("name") is not None and not params["name"].strip():
            raise OptionError("name", "must not be empty")
        limit = params.get("pit_version_limit")
        if limit is not None and not 1 <= limit <= 100:
            raise OptionError("pit_version_limit", "must be between 1 and 100 (got %s)" % limit)
        self.env_specs = params.get("environments")
        if self.env_specs is not None:
            self.env_specs = _environment.validate_environment_specs(
                [{k: v for k, v in spec.items() if v is not None} for spec in self.env_specs])
        self.purge = bool(params.get("purge_environments"))
        self._raw = None

    @property
    def label(self):
        return self.slug or self.project_id

    # -- read

    def find(self):
        if self.project_id:
            raw = get_project(self.client, self.project_id)
            if raw is None and self.params["state"] == "present":
                raise OptionError("project_id", "names no project visible to this identity (got '%s'); omit it to create a project by slug"
                                  % self.project_id)
        else:
            raw = get_project_by_slug(self.client, self.slug)
        self._raw = raw
        if raw is None:
            return None
        found = normalize_project(raw)
        if self.params["state"] == "absent" and found.get("has_delete_protection") and self.params.get("has_delete_protection") is not False:
            raise DeleteProtectedError(found["slug"])
        return found

    @property
    def legacy(self):
        return self.client.generation == "legacy"

    def _default_environments(self):
        """What the server creates with a new project, given the options."""
        template = self.params.get("template")
        if (self.env_specs is not None and self.purge) or (template not in (None, "default")):
            return []
        return [dict(env) for env in _environment.DEFAULT_ENVIRONMENTS]

    def desired(self):
        params = self.params
        creating = self._raw is None
        want = {option: params.get(option) for option in self.SETTINGS}
        if want["name"] is not None:
            want["name"] = want["name"].strip()
        if creating:
            validate_create_slug(self.slug)
            if want["name"] is None:
                want["name"] = self.slug  # the name of a new project defaults to its slug
            if not self.legacy:
                want["type"] = params.get("type") or "secret-manager"
            template = params.get("template")
            if template not in (None, "default"):
                self.module.warn("Cannot predict the environments that template '%s' creates; "
                                 "the returned environments may differ in check mode" % template)
            base = self._default_environments()
        else:
            base = self._before_envs()
        if self.legacy:
            self._refuse_legacy_options(want)
        if creating or self.env_specs is not None:
            ops = _environment.plan_environments(base, self.env_specs, self.purge)
            want["environments"] = _environment.comparable(_environment.simulate(base, ops))
        else:
            want["environments"] = None
        return want

    def _before_envs(self):
        return _environment.environments_of(self._raw) if self._raw else []

    def _refuse_legacy_options(self, want):
        if want.get("description") is not None:
            # 2024 builds refuse a description on create and update; it is only a label,
            # so the project is still managed without it rather than failing.
            self.module.warn("This older Infisical server (2024 builds) has no project description; "
                             "the option description is ignored")
            want["description"] = None
        for option in self.SETTINGS + ("type", "template"):
            if option in LEGACY_UPDATABLE or option in ("slug", "description"):
                continue
            if self.params.get(option) is not None:
                raise OptionError(option, "is not supported by this older Infisical server (2024 builds manage only name, "
                                          "slug, auto_capitalization and environments)")
        if self._raw is not None and want.get("slug") not in (None, self._raw.get("slug")):
            raise OptionError("slug", "cannot be changed on this older Infisical server (2024 builds)")

    def plan(self, before, want):
        changes = super().plan(before, {option: want.get(option) for option in self.SETTINGS})
        if self.params.get("type") and before.get("type") and self.params["type"] != before["type"]:
            self.module.warn("Option 'type' is only used when a project is created: project '%s' stays of type '%s'"
                             % (before["slug"], before["type"]))
        if want.get("environments") is not None:
            have = _environment.comparable(before.get("environments"))
            if have != want["environments"]:
                changes["environments"] = (before.get("environments"), self._predicted_envs(before, want["environments"]))
        return changes

    @staticmethod
    def _predicted_envs(before, wanted):
        ids = {env["slug"]: env.get("id") for env in before.get("environments") or []}
        predicted = []
        for env in wanted:
            item = dict(env)
            if ids.get(env["slug"]):
                item = dict(id=ids[env["slug"]], **env)
            predicted.append(item)
        return predicted

    # -- write

    def create(self, want):
        params = self.params
        fields = {"projectName": want["name"]}
        if params.get("description") is not None:
            fields["projectDescription"] = params["description"]
        if params.get("type"):
            fields["type"] = params["type"]
        if params.get("template"):
            fields["template"] = params["template"]
        if params.get("has_delete_protection") is not None:
            fields["hasDeleteProtection"] = params["has_delete_protection"]
        if self.env_specs is not None and self.purge:
            fields["shouldCreateDefaultEnvs"] = False
        raw = create_project(self.client, self.slug, fields)
        project_id = (raw or {}).get("id") or (raw or {}).get("_id")
        raw = get_project(self.client, project_id) if project_id else get_project_by_slug(self.client, self.slug)
        created = normalize_project(raw)
        # Settings the create route does not take.
        later = {}
        for option, field in UPDATABLE:
            value = want.get(option)
            if value is not None and created.get(option) != value and option not in ("name", "slug", "description"):
                later[field] = value
        if later:
            update_project(self.client, created["id"], self.slug, later)
        self._reconcile(created["id"], created["environments"])
        self.project_id = self.project_id or created["id"]

    def update(self, before, changes):
        fields = {field: changes[option][1] for option, field in UPDATABLE if option in changes}
        if fields:
            update_project(self.client, before["id"], before["slug"], fields)
        if "environments" in changes:
            self._reconcile(before["id"], before["environments"])

    def _reconcile(self, project_id, current):
        ops = _environment.plan_environments(current, self.env_specs, self.purge)
        _environment.apply_environment_ops(self.client, project_id, current, ops)

    def delete(self, before):
        if before.get("has_delete_protection") and self.params.get("has_delete_protection") is False:
            update_project(self.client, before["id"], before["slug"], {"hasDeleteProtection": False})
        delete_project(self.client, before["id"], before["slug"])


def read_projects(client, project_id=None, slug=None):
    """Normalized projects for ``_info``: one (by id or slug), or all visible ones; sorted by slug."""
    if project_id:
        raw = [get_project(client, project_id)]
    elif slug:
        raw = [get_project_by_slug(client, slug)]
    else:
        raw = list_visible_projects(client)
    return sorted((normalize_project(item) for item in raw if item), key=lambda p: p["slug"] or "")
