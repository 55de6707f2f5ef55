# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The project resource, with its environments.

Internal module: may change in any release.

The API functions live in :mod:`._project_api`, below environments (which resolve
their project there).
"""

from __future__ import annotations

import re

from ansible_collections.secretops.infisical.plugins.module_utils import _environment
from ansible_collections.secretops.infisical.plugins.module_utils import _validate
from ansible_collections.secretops.infisical.plugins.module_utils._errors import OptionError
from ansible_collections.secretops.infisical.plugins.module_utils._project_api import (
    DeleteProtectedError,
    create_project,
    delete_project,
    get_project,
    get_project_by_slug,
    list_visible_projects,
    update_project,
)
from ansible_collections.secretops.infisical.plugins.module_utils._resource import InfisicalResource


# ---------------------------------------------------------------- reading and writing projects

# Project slug rules on create (stricter than on update): 5-36 characters, slugify-clean.
CREATE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CREATE_SLUG_MIN, CREATE_SLUG_MAX = 5, 36

# Result field (also the option, unless OPTION_OF renames it) -> API field, for the settings
# a PATCH can change on current servers.
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
# Options that only pick the kind of a new project: API fields of the create route.
CREATE_ONLY = (("type", "type"), ("template", "template"))
# Fields whose option has another name (the result keeps the server's name).
OPTION_OF = {"has_delete_protection": "delete_protection"}


def validate_create_slug(slug, option="slug"):
    """The stricter rule a slug must pass when a project is created."""
    if slug is None or not CREATE_SLUG_MIN <= len(slug) <= CREATE_SLUG_MAX or not CREATE_SLUG.fullmatch(slug):
        raise OptionError(option, "must be %d to %d lower-case letters and digits joined by '-' to create a project (got '%s')"
                          % (CREATE_SLUG_MIN, CREATE_SLUG_MAX, slug))
    return slug


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
        if self.params["state"] == "absent" and found.get("has_delete_protection") and self.params.get("delete_protection") is not False:
            raise DeleteProtectedError(found["slug"])
        return found

    def _default_environments(self):
        """What the server creates with a new project, given the options."""
        template = self.params.get("template")
        if (self.env_specs is not None and self.purge) or (template not in (None, "default")):
            return []
        return [dict(env) for env in _environment.DEFAULT_ENVIRONMENTS]

    def desired(self):
        params = self.params
        creating = self._raw is None
        want = {field: params.get(OPTION_OF.get(field, field)) for field in self.SETTINGS}
        if want["name"] is not None:
            want["name"] = want["name"].strip()
        if creating:
            validate_create_slug(self.slug)
            if want["name"] is None:
                want["name"] = self.slug  # the name of a new project defaults to its slug
            if self.client.route("project.create").accepts("type"):
                want["type"] = params.get("type") or "secret-manager"
            template = params.get("template")
            if template not in (None, "default"):
                self.module.warn("Cannot predict the environments that template '%s' creates; "
                                 "the returned environments may differ in check mode" % template)
            base = self._default_environments()
        else:
            base = self._before_envs()
        self._refuse_unsupported_options(want)
        if creating or self.env_specs is not None:
            ops = _environment.plan_environments(base, self.env_specs, self.purge)
            want["environments"] = _environment.comparable(_environment.simulate(base, ops))
        else:
            want["environments"] = None
        return want

    def _before_envs(self):
        return _environment.environments_of(self._raw) if self._raw else []

    def _refuse_unsupported_options(self, want):
        """Settings the server's project routes do not take (the route table knows which)."""
        create, update = self.client.route("project.create"), self.client.route("project.update")
        if want.get("description") is not None and not update.accepts("description"):
            # 2024 builds refuse a description on create and update; it is only a label,
            # so the project is still managed without it rather than failing.
            self.module.warn("This older Infisical server (2024 builds) has no project description; "
                             "the option description is ignored")
            want["description"] = None
        fields = [(OPTION_OF.get(name, name), update, field) for name, field in UPDATABLE if name not in ("slug", "description")]
        fields += [(option, create, field) for option, field in CREATE_ONLY]
        for option, route, field in fields:
            if self.params.get(option) is not None and not route.accepts(field):
                raise OptionError(option, "is not supported by this older Infisical server (2024 builds manage only name, "
                                          "slug, auto_capitalization and environments)")
        if self._raw is not None and want.get("slug") not in (None, self._raw.get("slug")) and not update.accepts("slug"):
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
        if params.get("delete_protection") is not None:
            fields["hasDeleteProtection"] = params["delete_protection"]
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
        if before.get("has_delete_protection") and self.params.get("delete_protection") is False:
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
