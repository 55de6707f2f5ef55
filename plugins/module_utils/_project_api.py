# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Projects over the API: finding them by id, slug or name, creating, updating, deleting.

Internal module: may change in any release.

Below the resources on purpose: environments, folders, tags, secrets and
memberships all resolve their project here, and the project resource
(:mod:`._project`) builds on environments, so nothing here may import them.
"""

from __future__ import annotations

from ansible_collections.secretops.infisical.plugins.module_utils import _identity
from ansible_collections.secretops.infisical.plugins.module_utils._errors import (
    AmbiguousMatchError,
    InfisicalError,
    OptionError,
    PermissionDeniedError,
    RouteNotFoundError,
)


class DeleteProtectedError(InfisicalError):
    """The project has delete protection, so the server refuses to delete it."""

    def __init__(self, label, server_error=None):
        self.server_error = server_error
        text = ("Cannot delete project '%s': delete protection is enabled; set delete_protection=false "
                "(in this task or an earlier one) to allow deleting it" % label)
        if server_error is not None:
            text += " (%s)" % server_error.message
        super().__init__(text)

    def result_fields(self):
        return self.server_error.result_fields() if self.server_error is not None else {"option": "delete_protection"}


def get_project_by_slug(client, slug):
    """The raw project with that slug, or ``None`` (the route table knows that a 2024 500 means "unknown")."""
    return client.call("project.get_by_slug", "look up project '%s'" % slug, slug=slug)


def get_project(client, project_id):
    """The raw project (with its environments) with that id, or ``None``."""
    return client.call("project.get", "read project '%s'" % project_id, project=project_id)


def list_projects(client):
    """Raw projects the token can see; ``[]`` where identities cannot list them (2024 builds)."""
    try:
        return client.call("project.list", "list projects") or []
    except RouteNotFoundError:
        return []


def list_visible_projects(client):
    """Raw projects the token can see, also where identities cannot list them.

    Without the project list (2024 builds refuse it to identities), the projects of
    the organisation of the token's identity are listed instead.
    """
    try:
        return client.call("project.list", "list projects") or []
    except RouteNotFoundError:
        org_id = _identity.get_organization_id(client)
        return client.call("organization.projects", "list the projects of organization '%s'" % org_id, organization=org_id) or []


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


def create_project(client, slug, fields):
    """Create a project; ``fields`` are current API body fields (the route table keeps what 2024 builds take)."""
    action = "create project '%s'" % slug

    def confirm():
        found = get_project_by_slug(client, slug)
        return {"project": found} if found else None

    return client.call("project.create", action, body=dict(fields, slug=slug), confirm=confirm)


def update_project(client, project_id, label, fields):
    """PATCH API ``fields`` of a project."""
    return client.call("project.update", "update project '%s'" % label, project=project_id, body=fields)


def delete_project(client, project_id, label):
    """Delete a project; ``False`` if it was already gone."""
    try:
        return client.call("project.delete", "delete project '%s'" % label, project=project_id) is not None
    except PermissionDeniedError as exc:
        if "delete protection" in ("%s %s" % (exc.server_message, exc.error)).lower():
            raise DeleteProtectedError(label, exc) from None
        raise
