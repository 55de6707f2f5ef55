# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Project routes: ``/api/v1/projects…`` (current) and ``/api/v2/workspace``, ``/api/v1/workspace`` (deprecated)."""
from __future__ import annotations

import secrets as _secrets
import time

from . import access
from . import validation as v
from .errors import ApiError, bad_request, internal_error, not_found
from .seed import slugify
from .store import now_iso

PROJECT_FIELDS = ("id", "name", "slug", "description", "type", "orgId", "autoCapitalization", "hasDeleteProtection",
                  "pitVersionLimit", "secretSharing", "showSnapshotsLegacy", "kmsCertificateKeyId", "auditLogsRetentionDays",
                  "version", "upgradeStatus", "createdAt", "updatedAt")
# Columns of current builds that the emulator does not model: always null there.
CURRENT_NULLS = ("defaultProduct", "enforceEncryptedSecretManagerSecretMetadata", "secretDetectionIgnoreValues")
LEGACY_DROPPED = ("description", "type", "hasDeleteProtection", "secretSharing", "showSnapshotsLegacy")
SOFT_DELETE_DAYS = 14


def render(ctx, project, environments=False, listing=False):
    result = {key: project[key] for key in PROJECT_FIELDS}
    if ctx.profile.legacy:
        for key in LEGACY_DROPPED:
            result.pop(key, None)
    else:
        result.update(dict.fromkeys(CURRENT_NULLS))
    if environments:
        result["_id"] = project["id"]
        result["environments"] = [{"id": env["id"], "name": env["name"], "slug": env["slug"]} for env in project["environments"]]
        if not ctx.profile.legacy:
            # A project list answers every project's deletedEnvironments empty (recorded); a single read fills it.
            deleted = [] if listing else project.get("deletedEnvironments", [])
            result["deletedEnvironments"] = [dict(item) for item in deleted]
    return result


def list_projects(ctx):
    ctx.parse(query=v.Object({"type": v.String(optional=True), "includeRoles": v.QueryBool(default=False)}))
    query_type = ctx.query.get("type")
    projects = [project for project in ctx.store.projects_of(ctx.identity["id"])
                if not query_type or query_type == "all" or project["type"] == query_type]
    return {"projects": [render(ctx, project, environments=True, listing=True)
                         for project in sorted(projects, key=lambda p: p["createdAt"])]}


def get_project(ctx):
    params = ctx.parse(params=v.Object({"projectId": v.String()}))[0]
    return {"project": render(ctx, access.project_by_id(ctx, params["projectId"]), environments=True)}


def get_project_by_slug(ctx):
    params = ctx.parse(params=v.Object({"slug": v.String()}))[0]
    return render(ctx, access.project_by_slug(ctx, params["slug"]), environments=True)


def get_workspace(ctx):
    params = ctx.parse(params=v.Object({"workspaceId": v.String()}))[0]
    return {"workspace": render(ctx, access.project_by_id(ctx, params["workspaceId"]), environments=True)}


def list_org_workspaces(ctx):
    """``GET /api/v2/organizations/:organizationId/workspaces``: the organisation's projects the caller is a member of.

    The one project list 2024 builds grant identities (``GET /api/v1/workspace`` refuses them).
    """
    params = ctx.parse(params=v.Object({"organizationId": v.String()}))[0]
    if params["organizationId"] != ctx.store.org["id"]:
        raise ApiError(403, "You are not allowed to access this resource", "PermissionDenied")
    projects = sorted(ctx.store.projects_of(ctx.identity["id"]), key=lambda p: p["createdAt"])
    return {"workspaces": [render(ctx, project, environments=True) for project in projects]}


def list_workspaces(ctx):
    if ctx.profile.legacy:
        # 2024 builds accept user tokens only here.
        raise ApiError(403, "You are not allowed to access this resource", "Forbidden access to /api/v1/workspace")
    projects = ctx.store.projects_of(ctx.identity["id"])
    return {"workspaces": [render(ctx, project, environments=True) for project in sorted(projects, key=lambda p: p["createdAt"])]}


# ---- project writes ----------------------------------------------------------------

_SLUG = v.String(trim=True, min_len=1, max_len=64, regex=v.SLUG_RE, regex_message="Invalid slug")


def _create_schema(legacy):
    fields = {
        "projectName": v.String(trim=True),
        "slug": v.String(trim=True, min_len=5, max_len=36, regex=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", regex_message="Invalid slug",
                         optional=True),
        "kmsKeyId": v.String(optional=True),
    }
    if not legacy:
        fields.update({
            "projectDescription": v.String(optional=True),
            "type": v.Enum(["secret-manager", "cert-manager", "kms", "ssh", "secret-scanning", "pam"], default="secret-manager"),
            "template": v.String(default="default"),
            "shouldCreateDefaultEnvs": v.Boolean(default=True),
            "hasDeleteProtection": v.Boolean(default=False),
        })
    return v.Object(fields)


def _update_schema(legacy):
    if legacy:
        return v.Object({"name": v.String(trim=True, min_len=1, max_len=64, optional=True),
                         "autoCapitalization": v.Boolean(optional=True)})
    return v.Object({
        "name": v.String(trim=True, min_len=1, max_len=64, optional=True),
        "description": v.String(max_len=256, optional=True, nullable=True),
        "slug": v.String(trim=True, min_len=1, max_len=64, regex=v.SLUG_RE, regex_message="Invalid slug", optional=True),
        "autoCapitalization": v.Boolean(optional=True),
        "enforceCapitalization": v.Boolean(optional=True),
        "hasDeleteProtection": v.Boolean(optional=True),
        "pitVersionLimit": v.Number(minimum=1, maximum=100, integer=True, optional=True),
        "secretSharing": v.Boolean(optional=True),
        "showSnapshotsLegacy": v.Boolean(optional=True),
    })


def create_project(ctx):
    body = ctx.parse(body=_create_schema(ctx.profile.legacy))[1]
    if ctx.identity["orgRole"] == "no-access":
        raise ApiError(403, "You don't have permission to create a project", "PermissionDenied")
    slug = body.get("slug")
    if slug and ctx.store.project_by_slug(slug) is not None:
        if ctx.profile.legacy:
            raise internal_error()
        raise bad_request('A project with the slug "%s" already exists in your organization. Please choose a different slug.' % slug)
    if not slug:
        base = slugify(body["projectName"])[:31].strip("-") or "project"
        slug = "%s-%s" % (base, "".join(_secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _index in range(4)))
    envs = None if body.get("shouldCreateDefaultEnvs", True) else []
    project = ctx.store.add_project(body["projectName"], slug, body.get("projectDescription"), environments=envs,
                                    project_type=body.get("type", "secret-manager"))
    project["hasDeleteProtection"] = body.get("hasDeleteProtection", False)
    ctx.store.set_membership(project, ctx.identity["id"], ["admin"])
    return {"project": render(ctx, project, environments=True)}


def _update(ctx, project, body):
    access.require(ctx, project, "edit", access.PROJECT)
    if "slug" in body and body["slug"] != project["slug"]:
        if ctx.store.project_by_slug(body["slug"]) is not None:
            raise bad_request('A project with the slug "%s" already exists in your organization.' % body["slug"])
    for key in ("name", "description", "slug", "autoCapitalization", "enforceCapitalization", "hasDeleteProtection",
                "pitVersionLimit", "secretSharing", "showSnapshotsLegacy"):
        if key in body:
            project[key] = body[key]
    project["updatedAt"] = now_iso()
    return render(ctx, project)


def _delete(ctx, project):
    access.require(ctx, project, "delete", access.WORKSPACE)
    if project["hasDeleteProtection"]:
        raise ApiError(403, "Project delete protection is enabled", "PermissionDenied")
    answer = render(ctx, project)
    ctx.store.delete_project(project)
    return answer


def update_project(ctx):
    params, body, _q = ctx.parse(params=v.Object({"projectId": v.String()}), body=_update_schema(ctx.profile.legacy))
    return {"project": _update(ctx, access.project_by_id(ctx, params["projectId"]), body)}


def delete_project(ctx):
    params = ctx.parse(params=v.Object({"projectId": v.String()}))[0]
    return {"project": _delete(ctx, access.project_by_id(ctx, params["projectId"]))}


def update_workspace_by_slug(ctx):
    params, body, _q = ctx.parse(params=v.Object({"slug": v.String()}), body=_update_schema(ctx.profile.legacy))
    return _update(ctx, access.project_by_slug(ctx, params["slug"]), body)


def delete_workspace_by_slug(ctx):
    params = ctx.parse(params=v.Object({"slug": v.String()}))[0]
    return _delete(ctx, access.project_by_slug(ctx, params["slug"]))


def update_workspace(ctx):
    params, body, _q = ctx.parse(params=v.Object({"workspaceId": v.String()}), body=_update_schema(ctx.profile.legacy))
    return {"workspace": _update(ctx, access.project_by_id(ctx, params["workspaceId"]), body)}


def delete_workspace(ctx):
    params = ctx.parse(params=v.Object({"workspaceId": v.String()}))[0]
    return {"workspace": _delete(ctx, access.project_by_id(ctx, params["workspaceId"]))}


# ---- environments -----------------------------------------------------------------------


ENV_FIELDS = ("id", "name", "slug", "position", "projectId", "createdAt", "updatedAt")
# Soft-delete columns of current builds.
ENV_DELETE_FIELDS = ("deleteAfter", "deletedByIdentityId", "deletedByUserId", "softDeletedAt")


def render_env(ctx, env):
    result = {key: env[key] for key in ENV_FIELDS}
    if not ctx.profile.legacy:
        result.update({key: env.get(key) for key in ENV_DELETE_FIELDS})
    return result


class EnvironmentRoutes:
    """``/api/v1/projects/:projectId/environments`` and the deprecated ``/api/v1/workspace/:workspaceId/environments``."""

    def __init__(self, param):
        self.param = param

    def _project(self, ctx, extra=None, body=None):
        fields = {self.param: v.String()}
        fields.update(extra or {})
        params, parsed, _q = ctx.parse(params=v.Object(fields), body=body)
        return access.project_by_id(ctx, params[self.param]), params, parsed

    @staticmethod
    def _env(project, env_id):
        for env in project["environments"]:
            if env["id"] == env_id:
                return env
        raise not_found("Environment with id '%s' in project with ID '%s' not found" % (env_id, project["id"]))

    @staticmethod
    def _answer(ctx, message, project, env):
        answer = {"message": message, "environment": render_env(ctx, env)}
        # 2024 builds name the project "workspace" in this answer.
        answer["workspace" if ctx.profile.legacy else "projectId"] = project["id"]
        return answer

    def create(self, ctx):
        body_schema = v.Object({"name": v.String(trim=True, min_len=1, max_len=64), "slug": _SLUG,
                                "position": v.Number(minimum=1, integer=True, optional=True)})
        project, _params, body = self._project(ctx, body=body_schema)
        access.require(ctx, project, "create", access.ENVIRONMENTS)
        if ctx.store.environment(project, body["slug"]) is not None:
            if ctx.profile.legacy:
                raise bad_request("Environment with slug already exist", "CreateEnvironment")
            raise bad_request("Environment with slug already exists")
        env = ctx.store.add_environment(project, body["name"], body["slug"], body.get("position"))
        return self._answer(ctx, "Successfully created new environment", project, env)

    def get(self, ctx):
        project, params, _body = self._project(ctx, {"envId": v.String()})
        access.require(ctx, project, "read", access.ENVIRONMENTS)
        return {"environment": render_env(ctx, self._env(project, params["envId"]))}

    def get_by_slug(self, ctx):
        project, params, _body = self._project(ctx, {"envSlug": v.String()})
        access.require(ctx, project, "read", access.ENVIRONMENTS)
        env = ctx.store.environment(project, params["envSlug"])
        if env is None:
            raise not_found("Environment with slug '%s' in project with ID '%s' not found" % (params["envSlug"], project["id"]))
        return {"environment": render_env(ctx, env)}

    def update(self, ctx):
        body_schema = v.Object({"name": v.String(trim=True, min_len=1, max_len=64, optional=True),
                                "slug": v.String(trim=True, min_len=1, max_len=64, regex=v.SLUG_RE, regex_message="Invalid slug",
                                                 optional=True),
                                "position": v.Number(minimum=1, integer=True, optional=True)})
        project, params, body = self._project(ctx, {"envId": v.String()}, body=body_schema)
        env = self._env(project, params["envId"])
        access.require(ctx, project, "edit", access.ENVIRONMENTS)
        if "slug" in body and body["slug"] != env["slug"]:
            if ctx.store.environment(project, body["slug"]) is not None:
                raise bad_request("Environment with slug already exists")
            env["slug"] = body["slug"]
            for folder in ctx.store.data["folders"].values():
                if folder["envId"] == env["id"]:
                    folder["envSlug"] = env["slug"]
            for secret in ctx.store.data["secrets"].values():
                folder = ctx.store.folder(secret["folderId"])
                if folder and folder["envId"] == env["id"]:
                    secret["environment"] = env["slug"]
        if "name" in body:
            env["name"] = body["name"]
        if "position" in body:
            ordered = [item for item in project["environments"] if item is not env]
            ordered.insert(min(body["position"], len(ordered) + 1) - 1, env)
            for index, item in enumerate(ordered):
                item["position"] = index + 1
            project["environments"] = ordered
        env["updatedAt"] = now_iso()
        return self._answer(ctx, "Successfully updated environment", project, env)

    def delete(self, ctx):
        project, params, _body = self._project(ctx, {"envId": v.String()})
        hard = ctx.profile.legacy or ctx.parse(query=v.Object({"hardDelete": v.QueryBool(default=False)}))[2]["hardDelete"]
        env = self._env(project, params["envId"])
        access.require(ctx, project, "delete", access.ENVIRONMENTS)
        if not hard:
            self._soft_delete(ctx, project, env)
        answer = self._answer(ctx, "Successfully deleted environment", project, env)
        ctx.store.delete_environment(project, env)
        for index, item in enumerate(project["environments"]):
            item["position"] = index + 1
        return answer

    @staticmethod
    def _soft_delete(ctx, project, env):
        """Current builds keep a deleted environment for 14 days (listed in the project's deletedEnvironments).

        The emulator has no restore, so its folders and secrets go at once; only the record stays.
        """
        moment = time.time()
        env.update({"softDeletedAt": now_iso(moment), "deleteAfter": now_iso(moment + SOFT_DELETE_DAYS * 86400),
                    "deletedByIdentityId": ctx.identity["id"], "deletedByUserId": None})
        project.setdefault("deletedEnvironments", []).append({
            "id": env["id"], "name": env["name"], "slug": env["slug"], "softDeletedAt": env["softDeletedAt"],
            "deleteAfter": env["deleteAfter"], "deletedBy": {"id": ctx.identity["id"], "name": ctx.identity["name"], "type": "identity"}})


# ---- tags ----------------------------------------------------------------------------------


def render_tag(tag):
    # Tags have had no name since 2024; the creator is answered with its actor type.
    result = {key: tag.get(key) for key in ("id", "slug", "color", "projectId", "createdAt", "updatedAt", "createdBy")}
    result["createdByActorType"] = tag.get("createdByActorType") or "identity"
    return result


class TagRoutes:
    """``/api/v1/projects/:projectId/tags`` and the deprecated ``/api/v1/workspace/:workspaceId/tags``."""

    def __init__(self, param):
        self.param = param

    def _project(self, ctx, extra=None, body=None):
        fields = {self.param: v.String()}
        fields.update(extra or {})
        params, parsed, _q = ctx.parse(params=v.Object(fields), body=body)
        return access.project_by_id(ctx, params[self.param]), params, parsed

    @staticmethod
    def _tag(project, tag_id):
        tag = project["tags"].get(tag_id)
        if tag is None:
            raise not_found("Tag with ID '%s' not found" % tag_id)
        return tag

    def list(self, ctx):
        project = self._project(ctx)[0]
        access.require(ctx, project, "read", access.TAGS)
        tags = sorted(project["tags"].values(), key=lambda tag: tag["slug"])
        return {"workspaceTags" if self.param == "workspaceId" else "tags": [render_tag(tag) for tag in tags]}

    def get(self, ctx):
        project, params, _body = self._project(ctx, {"tagId": v.String()})
        access.require(ctx, project, "read", access.TAGS)
        return {"workspaceTag" if self.param == "workspaceId" else "tag": render_tag(self._tag(project, params["tagId"]))}

    def get_by_slug(self, ctx):
        project, params, _body = self._project(ctx, {"tagSlug": v.String()})
        access.require(ctx, project, "read", access.TAGS)
        tag = ctx.store.tag_by_slug(project, params["tagSlug"])
        if tag is None:
            raise not_found("Tag with slug '%s' not found" % params["tagSlug"])
        return {"workspaceTag" if self.param == "workspaceId" else "tag": render_tag(tag)}

    def create(self, ctx):
        body_schema = v.Object({"slug": _SLUG, "color": v.String(trim=True, optional=True), "name": v.String(trim=True, optional=True)})
        project, _params, body = self._project(ctx, body=body_schema)
        access.require(ctx, project, "create", access.TAGS)
        if ctx.store.tag_by_slug(project, body["slug"]) is not None:
            raise bad_request("Tag with this slug already exists")
        tag = ctx.store.add_tag(project, body["slug"], body.get("name"), body.get("color"), created_by=ctx.identity["id"])
        return {"workspaceTag" if self.param == "workspaceId" else "tag": render_tag(tag)}

    def update(self, ctx):
        body_schema = v.Object({"slug": v.String(trim=True, min_len=1, max_len=64, regex=v.SLUG_RE, regex_message="Invalid slug",
                                                 optional=True),
                                "color": v.String(trim=True, optional=True), "name": v.String(trim=True, optional=True)})
        project, params, body = self._project(ctx, {"tagId": v.String()}, body=body_schema)
        tag = self._tag(project, params["tagId"])
        access.require(ctx, project, "edit", access.TAGS)
        if "slug" in body and body["slug"] != tag["slug"] and ctx.store.tag_by_slug(project, body["slug"]) is not None:
            raise bad_request("Tag with this slug already exists")
        for key in ("slug", "color", "name"):
            if key in body:
                tag[key] = body[key]
        tag["updatedAt"] = now_iso()
        return {"workspaceTag" if self.param == "workspaceId" else "tag": render_tag(tag)}

    def delete(self, ctx):
        project, params, _body = self._project(ctx, {"tagId": v.String()})
        tag = self._tag(project, params["tagId"])
        access.require(ctx, project, "delete", access.TAGS)
        del project["tags"][tag["id"]]
        for secret in ctx.store.data["secrets"].values():
            if tag["id"] in secret["tagIds"]:
                secret["tagIds"] = [item for item in secret["tagIds"] if item != tag["id"]]
        return {"workspaceTag" if self.param == "workspaceId" else "tag": render_tag(tag)}


def register(router, profile):
    if not profile.legacy:
        router.add("GET", "/api/v1/projects", list_projects)
        router.add("POST", "/api/v1/projects", create_project)
        router.add("GET", "/api/v1/projects/slug/:slug", get_project_by_slug)
        router.add("GET", "/api/v1/projects/:projectId", get_project)
        router.add("PATCH", "/api/v1/projects/:projectId", update_project)
        router.add("DELETE", "/api/v1/projects/:projectId", delete_project)
        _register_children(router, "/api/v1/projects/:projectId", "projectId", profile)
    router.add("POST", "/api/v2/workspace", create_workspace)
    router.add("GET", "/api/v2/workspace/:slug", get_project_by_slug)
    router.add("PATCH", "/api/v2/workspace/:slug", update_workspace_by_slug)
    router.add("DELETE", "/api/v2/workspace/:slug", delete_workspace_by_slug)
    router.add("GET", "/api/v1/workspace", list_workspaces)
    router.add("GET", "/api/v1/workspace/:workspaceId", get_workspace)
    router.add("PATCH", "/api/v1/workspace/:workspaceId", update_workspace)
    router.add("DELETE", "/api/v1/workspace/:workspaceId", delete_workspace)
    _register_children(router, "/api/v1/workspace/:workspaceId", "workspaceId", profile)
    router.add("GET", "/api/v2/organizations/:organizationId/workspaces", list_org_workspaces)


def create_workspace(ctx):
    return create_project(ctx)


def _register_children(router, base, param, profile):
    envs = EnvironmentRoutes(param)
    router.add("POST", base + "/environments", envs.create)
    if not profile.legacy:
        # 2024 builds cannot read one environment (recorded: 404 "Route … not found"); it is in the project.
        router.add("GET", base + "/environments/slug/:envSlug", envs.get_by_slug)
        router.add("GET", base + "/environments/:envId", envs.get)
    router.add("PATCH", base + "/environments/:envId", envs.update)
    router.add("DELETE", base + "/environments/:envId", envs.delete)
    tags = TagRoutes(param)
    router.add("GET", base + "/tags", tags.list)
    router.add("POST", base + "/tags", tags.create)
    router.add("GET", base + "/tags/slug/:tagSlug", tags.get_by_slug)
    router.add("GET", base + "/tags/:tagId", tags.get)
    router.add("PATCH", base + "/tags/:tagId", tags.update)
    router.add("DELETE", base + "/tags/:tagId", tags.delete)
