# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Project membership and the built-in project roles (admin, member, viewer, no-access)."""
from __future__ import annotations

from .errors import ApiError, not_found, permission_denied

SECRETS = "secrets"
FOLDERS = "secret-folders"
IMPORTS = "secret-imports"
TAGS = "tags"
ENVIRONMENTS = "environments"
PROJECT = "settings"
WORKSPACE = "workspace"
IDENTITY = "identity"
MEMBER = "member"

_CRUD = ("read", "create", "edit", "delete")
_MEMBER_WRITES = (SECRETS, FOLDERS, IMPORTS, TAGS, ENVIRONMENTS)


def allowed(roles, action, subject):
    """Whether any of ``roles`` permits ``action`` on ``subject``."""
    for role in roles or ():
        if role == "admin":
            return True
        if role == "member" and (action == "read" or (subject in _MEMBER_WRITES and action in _CRUD)):
            return True
        if role == "viewer" and action == "read":
            return True
    return False


def not_member(project_id):
    return ApiError(403, "You are not allowed to access this resource", "Identity is not a member of the specified project with ID '%s'" % project_id)


def project_by_id(ctx, project_id):
    """The project, checking existence (404) then membership (403)."""
    project = ctx.store.project(project_id)
    if project is None:
        if ctx.profile.legacy:
            # 2024 builds throw a database error; its name is the envelope's "error".
            raise ApiError(500, "Something went wrong", "Failed to find project by id")
        raise not_found("Project with ID '%s' not found" % project_id)
    check_member(ctx, project)
    return project


def project_by_slug(ctx, slug):
    project = ctx.store.project_by_slug(slug)
    if project is None:
        if ctx.profile.legacy:
            raise ApiError(500, "Something went wrong", "Failed to find project by slug")
        raise not_found("Project with slug '%s' not found" % slug)
    check_member(ctx, project)
    return project


def check_member(ctx, project):
    if ctx.store.roles_of(project, ctx.identity["id"]) is None:
        raise not_member(project["id"])


def require(ctx, project, action, subject):
    roles = ctx.store.roles_of(project, ctx.identity["id"])
    if roles is None:
        raise not_member(project["id"])
    if not allowed(roles, action, subject):
        raise permission_denied(action, subject)
