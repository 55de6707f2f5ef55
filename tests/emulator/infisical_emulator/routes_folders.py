# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Folder routes: ``/api/v2/folders`` (current) and ``/api/v1/folders`` (deprecated; the only set on 2024 builds)."""
from __future__ import annotations

import re

from . import access
from . import validation as v
from .errors import ApiError, bad_request, not_found
from .store import normalize_path, now_iso, split_path


def render(ctx, folder, with_path=False):
    result = {
        "id": folder["id"],
        "name": folder["name"],
        "envId": folder["envId"],
        "parentId": folder["parentId"],
        "version": folder["version"],
        "isReserved": folder["isReserved"],
        "createdAt": folder["createdAt"],
        "updatedAt": folder["updatedAt"],
    }
    if ctx.profile.legacy:
        # 2024 builds have neither folder descriptions nor lastSecretModified, and answer no path.
        return result
    result["description"] = folder["description"]
    result["lastSecretModified"] = folder["lastSecretModified"]
    if with_path:
        result["path"] = ctx.store.folder_path(folder)
    return result


class FolderRoutes:
    """Handlers for one generation of the folder routes (``projectId`` or ``workspaceId``)."""

    def __init__(self, profile, project_field):
        self.profile = profile
        self.field = project_field
        self.v1 = project_field == "workspaceId"
        # Current builds check names with a zod refine (a "custom" issue); 2024 builds not at all.
        refine = (lambda value: None if _valid_name(value) else v.FOLDER_NAME_MESSAGE) if profile.validate_folder_names else None
        name = v.String(trim=True, min_len=1, refine=refine)
        path = {"path": v.String(trim=True, optional=True), "directory": v.String(trim=True, optional=True)}
        scope = dict({project_field: v.String(), "environment": v.String()}, **path)
        self.create_body = v.Object(dict(scope, name=name, description=v.String(optional=True, nullable=True)))
        self.update_body = v.Object(dict(scope, name=name, description=v.String(optional=True, nullable=True)))
        self.delete_body = v.Object(dict(scope, forceDelete=v.Boolean(default=False)))
        self.list_query = v.Object(dict(scope, recursive=v.QueryBool(default=False, lenient=True), lastSecretModified=v.String(optional=True)))

    @staticmethod
    def _path(data):
        return normalize_path(data.get("path") or data.get("directory") or "/")

    def _env(self, ctx, project, slug):
        env = ctx.store.environment(project, slug)
        if env is None:
            raise not_found("Environment with slug '%s' in project with ID '%s' not found" % (slug, project["id"]))
        return env

    def create(self, ctx):
        body = ctx.parse(body=self.create_body)[1]
        project = access.project_by_id(ctx, body[self.field])
        access.require(ctx, project, "create", access.FOLDERS)
        env = self._env(ctx, project, body["environment"])
        parent_path = self._path(body)
        name = body["name"]
        if not self.profile.validate_folder_names and not _valid_name(name):
            # 2024 builds fail in the database: nothing is created.
            raise ApiError(500, "Something went wrong", "Find by secret path")
        existing = ctx.store.folder_by_path(env, parent_path.rstrip("/") + "/" + name)
        if existing is not None:
            if self.profile.folder_create_idempotent:
                return {"folder": render(ctx, existing, with_path=True)}
            raise bad_request("Folder with name '%s' already exists in path '%s'" % (name, parent_path))
        folder, _created = ctx.store.ensure_folder(project, env, parent_path, name, body.get("description"))
        return {"folder": render(ctx, folder, with_path=True)}

    def list(self, ctx):
        query = ctx.parse(query=self.list_query)[2]
        project = access.project_by_id(ctx, query[self.field])
        access.require(ctx, project, "read", access.FOLDERS)
        env = self._env(ctx, project, query["environment"])
        path = self._path(query)
        folder = ctx.store.folder_by_path(env, path)
        if folder is None:
            return {"folders": []}
        if not query["recursive"]:
            # In creation order, as the database answers.
            return {"folders": [render(ctx, ctx.store.folder(child_id)) for child_id in folder["children"].values()]}
        base = len(split_path(path))
        result = []
        for child in ctx.store.descendants(folder):
            item = render(ctx, child)
            item["relativePath"] = "/" + "/".join(split_path(ctx.store.folder_path(child))[base:])
            result.append(item)
        return {"folders": result}

    @staticmethod
    def get_by_id(ctx):
        params = ctx.parse(params=v.Object({"id": v.String()}))[0]
        folder = ctx.store.folder(params["id"])
        if folder is None:
            raise not_found("Folder with ID '%s' not found" % params["id"])
        project = ctx.store.project(folder["projectId"])
        access.require(ctx, project, "read", access.FOLDERS)
        env = None
        for item in project["environments"]:
            if item["id"] == folder["envId"]:
                env = item
        result = render(ctx, folder, with_path=True)
        result["projectId"] = project["id"]
        result["environment"] = {"envId": env["id"], "envName": env["name"], "envSlug": env["slug"]}
        return {"folder": result}

    def update(self, ctx):
        params, body, _q = ctx.parse(params=v.Object({"folderId": v.String()}), body=self.update_body)
        project = access.project_by_id(ctx, body[self.field])
        env = self._env(ctx, project, body["environment"])
        parent = ctx.store.folder_by_path(env, self._path(body))
        folder = ctx.store.folder(params["folderId"])
        if parent is None or folder is None or folder["parentId"] != parent["id"]:
            raise not_found("Folder with ID '%s' not found" % params["folderId"])
        access.require(ctx, project, "edit", access.FOLDERS)
        name = body["name"]
        if name != folder["name"]:
            if name in parent["children"]:
                raise bad_request("Folder with specified name already exists")
            parent["children"].pop(folder["name"], None)
            parent["children"][name] = folder["id"]
            folder["name"] = name
        if "description" in body:
            folder["description"] = body["description"]
        folder["version"] += 1
        folder["updatedAt"] = now_iso()
        return {"folder": render(ctx, folder, with_path=True)}

    def delete(self, ctx):
        params, body, _q = ctx.parse(params=v.Object({"folderIdOrName": v.String()}), body=self.delete_body)
        project = access.project_by_id(ctx, body[self.field])
        env = self._env(ctx, project, body["environment"])
        parent_path = self._path(body)
        parent = ctx.store.folder_by_path(env, parent_path)
        ref = params["folderIdOrName"]
        folder = None
        if parent is not None:
            child_id = parent["children"].get(ref)
            if child_id is None and ref in parent["children"].values():
                child_id = ref
            folder = ctx.store.folder(child_id)
        if folder is None:
            if self.profile.legacy:
                raise not_found("Failed to delete folder with ID '%s', not found" % ref)
            raise not_found("Folder with ID '%s' not found" % ref)
        access.require(ctx, project, "delete", access.FOLDERS)
        force = True if self.v1 else body["forceDelete"]
        if not force and (folder["children"] or folder["secrets"]):
            raise ApiError(400, 'Cannot delete folder "%s" because it contains resources. '
                                'Use forceDelete=true to delete it forcefully.' % folder["name"], "deleteFolder")
        answer = render(ctx, folder)
        ctx.store.delete_folder(folder)
        return {"folder": answer}


def _valid_name(name):
    return re.match(v.FOLDER_NAME_RE, name) is not None


def register(router, profile):
    if not profile.legacy:
        v2 = FolderRoutes(profile, "projectId")
        router.add("POST", "/api/v2/folders", v2.create, category="secrets")
        router.add("GET", "/api/v2/folders", v2.list, category="secrets")
        router.add("GET", "/api/v2/folders/:id", v2.get_by_id, category="secrets")
        router.add("PATCH", "/api/v2/folders/:folderId", v2.update, category="secrets")
        router.add("DELETE", "/api/v2/folders/:folderIdOrName", v2.delete, category="secrets")
    v1 = FolderRoutes(profile, "workspaceId")
    router.add("POST", "/api/v1/folders", v1.create, category="secrets")
    router.add("GET", "/api/v1/folders", v1.list, category="secrets")
    router.add("PATCH", "/api/v1/folders/:folderId", v1.update, category="secrets")
    router.add("DELETE", "/api/v1/folders/:folderIdOrName", v1.delete, category="secrets")
