# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Secret routes: ``/api/v4/secrets…`` (current) and ``/api/v3/secrets/raw…`` (deprecated, the only set on 2024 builds)."""
from __future__ import annotations

from . import access
from . import secret_ops as ops
from . import validation as v
from .errors import bad_request, not_found


class SecretSchemas:
    """Input schemas; a few rules differ per profile."""

    def __init__(self, profile, project_field):
        refine = v.secret_name_refine if profile.validate_secret_names else None
        self.project_field = project_field
        # Names are checked for ':' and '/' on create only: a read of "A:X" is a plain 404 (recorded).
        self.name = v.String(trim=True, min_len=1, refine=refine)
        self.params = v.Object({"secretName": v.String(trim=True, min_len=1)})
        self.create_params = v.Object({"secretName": self.name})
        self.id_params = v.Object({"secretId": v.String()})
        qbool = v.QueryBool
        project = {project_field: v.String(optional=True)}
        if project_field == "workspaceId":
            project["workspaceSlug"] = v.String(optional=True)
        path = v.String(trim=True, default="/")
        self.list_query = v.Object(dict(project, **{
            "environment": v.String(optional=True),
            "secretPath": path,
            "viewSecretValue": qbool(default=True),
            "expandSecretReferences": qbool(default=False),
            "include_imports": qbool(default=False),
            "recursive": qbool(default=False),
            "tagSlugs": v.String(optional=True),
            "metadataFilter": v.String(optional=True),
        }))
        self.get_query = v.Object(dict(project, **{
            "environment": v.String(optional=True),
            "secretPath": path,
            "version": v.Number(coerce=True, integer=True, optional=True),
            "type": v.Enum(["shared", "personal"], default="shared"),
            "viewSecretValue": qbool(default=True),
            "expandSecretReferences": qbool(default=False),
            "include_imports": qbool(default=False),
        }))
        scope = {project_field: v.String(), "environment": v.String(), "secretPath": path}
        batch_scope = dict(scope)
        if project_field == "workspaceId":
            # v3 batch routes also take projectSlug instead of workspaceId.
            batch_scope[project_field] = v.String(optional=True)
            batch_scope["projectSlug"] = v.String(optional=True)
        metadata = v.Array(v.Object({
            "key": v.String(trim=True, min_len=1, max_len=255),
            "value": v.String(max_len=1020, default=""),
            "isEncrypted": v.Boolean(default=False),
        }), optional=True)
        fields = {
            "secretComment": v.String(optional=True),
            "tagIds": v.Array(v.String(), optional=True),
            "skipMultilineEncoding": v.Boolean(optional=True, nullable=True),
            "secretReminderRepeatDays": v.Number(optional=True, nullable=True),
            "secretReminderNote": v.String(max_len=1024, optional=True, nullable=True),
        }
        if profile.value_hiding:
            fields["secretMetadata"] = metadata
        secret_type = {"type": v.Enum(["shared", "personal"], default="shared")}
        self.create_body = v.Object(dict(scope, secretValue=v.String(), **dict(fields, **secret_type)))
        update_value = v.String() if (project_field == "workspaceId" and profile.v3_patch_requires_value) else v.String(optional=True)
        self.update_body = v.Object(dict(scope, secretValue=update_value,
                                         newSecretName=v.String(trim=True, min_len=1, refine=refine, optional=True),
                                         **dict(fields, **secret_type)))
        self.delete_body = v.Object(dict(scope, **secret_type))
        self.batch_create_body = v.Object(dict(batch_scope, secrets=v.Array(v.Object(dict(
            secretKey=self.name, secretValue=v.String(), **fields)), min_len=1)))
        item = dict(secretKey=self.name, secretValue=update_value,
                    newSecretName=v.String(trim=True, min_len=1, refine=refine, optional=True),
                    secretPath=v.String(trim=True, optional=True), **fields)
        batch_update = dict(batch_scope, secrets=v.Array(v.Object(item), min_len=1))
        if profile.batch_mode:
            batch_update["mode"] = v.Enum(["failOnNotFound", "upsert", "ignore"], default="failOnNotFound")
        self.batch_update_body = v.Object(batch_update)
        self.batch_delete_body = v.Object(dict(batch_scope, secrets=v.Array(v.Object({
            "secretKey": self.name, "type": v.Enum(["shared", "personal"], default="shared")}), min_len=1)))


class SecretRoutes:
    """Handlers for one generation of the secret routes."""

    def __init__(self, profile, project_field):
        self.field = project_field
        self.s = SecretSchemas(profile, project_field)

    # -- helpers --

    def _read_project(self, ctx, query, single=False):
        project_id = query.get(self.field)
        if single and not query.get("environment"):
            raise bad_request("Missing environment")
        if not query.get("environment") or not (project_id or query.get("workspaceSlug")):
            if self.field == "projectId":
                raise bad_request("Missing project id or environment")
            raise bad_request("Missing workspace id or environment")
        if project_id:
            if ctx.store.project(project_id) is None:
                # Reads decrypt with the project's key first, so an unknown id fails there (both builds).
                raise not_found("Project with ID '%s' not found during bot lookup. "
                                "Are you sure you are using the correct project ID?" % project_id)
            return access.project_by_id(ctx, project_id)
        return access.project_by_slug(ctx, query["workspaceSlug"])

    def _write_project(self, ctx, body):
        if body.get(self.field):
            return access.project_by_id(ctx, body[self.field])
        if body.get("projectSlug"):
            return access.project_by_slug(ctx, body["projectSlug"])
        raise bad_request("Must provide either project slug or workspace id")

    # -- handlers --

    def list(self, ctx):
        _p, _b, query = ctx.parse(query=self.s.list_query)
        project = self._read_project(ctx, query)
        return ops.list_secrets(ctx, project, query["environment"], ops.clean_secret_path(query["secretPath"]),
                                view_value=query["viewSecretValue"], expand_refs=query["expandSecretReferences"],
                                recursive=query["recursive"], tag_slugs=query.get("tagSlugs"),
                                include_imports=query["include_imports"])

    def get(self, ctx):
        params, _b, query = ctx.parse(params=self.s.params, query=self.s.get_query)
        project = self._read_project(ctx, query, single=True)
        return ops.get_secret(ctx, project, query["environment"], ops.clean_secret_path(query["secretPath"]),
                              params["secretName"], version=query.get("version"), view_value=query["viewSecretValue"],
                              expand_refs=query["expandSecretReferences"], secret_type=query["type"])

    @staticmethod
    def get_by_id(ctx):
        params = ctx.parse(params=v.Object({"secretId": v.String()}))[0]
        return ops.get_secret_by_id(ctx, params["secretId"])

    def create(self, ctx):
        params, body, _q = ctx.parse(params=self.s.create_params, body=self.s.create_body)
        project = self._write_project(ctx, body)
        return ops.create_secret(ctx, project, body["environment"], ops.clean_secret_path(body["secretPath"]),
                                 params["secretName"], body)

    def update(self, ctx):
        params, body, _q = ctx.parse(params=self.s.params, body=self.s.update_body)
        project = self._write_project(ctx, body)
        return ops.update_secret(ctx, project, body["environment"], ops.clean_secret_path(body["secretPath"]),
                                 params["secretName"], body)

    def delete(self, ctx):
        params, body, _q = ctx.parse(params=self.s.params, body=self.s.delete_body)
        project = self._write_project(ctx, body)
        return ops.delete_secret(ctx, project, body["environment"], ops.clean_secret_path(body["secretPath"]),
                                 params["secretName"], body["type"])

    def batch_create(self, ctx):
        body = ctx.parse(body=self.s.batch_create_body)[1]
        project = self._write_project(ctx, body)
        return ops.batch_create(ctx, project, body["environment"], ops.clean_secret_path(body["secretPath"]), body["secrets"])

    def batch_update(self, ctx):
        body = ctx.parse(body=self.s.batch_update_body)[1]
        project = self._write_project(ctx, body)
        return ops.batch_update(ctx, project, body["environment"], ops.clean_secret_path(body["secretPath"]), body["secrets"],
                                body.get("mode", "failOnNotFound"))

    def batch_delete(self, ctx):
        body = ctx.parse(body=self.s.batch_delete_body)[1]
        project = self._write_project(ctx, body)
        return ops.batch_delete(ctx, project, body["environment"], ops.clean_secret_path(body["secretPath"]), body["secrets"])


def register(router, profile):
    if not profile.legacy:
        v4 = SecretRoutes(profile, "projectId")
        base = "/api/v4/secrets"
        router.add("GET", base, v4.list, category="secrets")
        router.add("GET", base + "/id/:secretId", v4.get_by_id, category="secrets")
        router.add("GET", base + "/:secretName", v4.get, category="secrets")
        router.add("POST", base + "/batch", v4.batch_create, category="secrets")
        router.add("PATCH", base + "/batch", v4.batch_update, category="secrets")
        router.add("DELETE", base + "/batch", v4.batch_delete, category="secrets")
        router.add("POST", base + "/:secretName", v4.create, category="secrets")
        router.add("PATCH", base + "/:secretName", v4.update, category="secrets")
        router.add("DELETE", base + "/:secretName", v4.delete, category="secrets")
    v3 = SecretRoutes(profile, "workspaceId")
    base = "/api/v3/secrets/raw"
    router.add("GET", base, v3.list, category="secrets")
    router.add("GET", base + "/:secretName", v3.get, category="secrets")
    router.add("POST", base + "/:secretName", v3.create, category="secrets")
    router.add("PATCH", base + "/:secretName", v3.update, category="secrets")
    router.add("DELETE", base + "/:secretName", v3.delete, category="secrets")
    batch = "/api/v3/secrets/batch/raw"
    router.add("POST", batch, v3.batch_create, category="secrets")
    router.add("PATCH", batch, v3.batch_update, category="secrets")
    router.add("DELETE", batch, v3.batch_delete, category="secrets")
