# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Secret logic shared by the v4 routes and the deprecated v3 "raw" routes.

Handlers parse their own route's input, then call these functions with plain arguments.
Batch operations check everything first and change nothing on any error (all-or-nothing).
"""
from __future__ import annotations

import re

from . import access
from .errors import ApiError, bad_request, not_found

HIDDEN_VALUE = "<hidden-by-infisical>"
_REFERENCE = re.compile(r"\$\{([^}]+)\}")


def normalize_value(value):
    """Strip surrounding whitespace, keeping one trailing newline if the input had one."""
    if value.endswith("\n"):
        return value.strip() + "\n"
    return value.strip()


def clean_secret_path(path):
    """Trim and drop one trailing ``/`` (no leading ``/`` is added for secrets)."""
    path = (path or "/").strip()
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return path or "/"


def find_folder(store, env, path):
    """The folder at an (absolute) secret path, or ``None``."""
    if env is None or not path.startswith("/"):
        return None
    return store.folder_by_path(env, path)


# ---- output ---------------------------------------------------------------


def _tags(project, secret):
    result = []
    for tag_id in secret["tagIds"]:
        tag = project["tags"].get(tag_id)
        if tag is not None:
            result.append({"id": tag["id"], "slug": tag["slug"], "name": tag["name"], "color": tag["color"]})
    return result


# Each route's response schema keeps a different subset of a secret's fields (§5.1). These are the
# extras over the base fields, per profile and route kind, as real servers answered them in the
# recordings under tests/contract/recordings ("version" = a read with version=N; "by_id" exists on
# current builds only and is not recorded: it keeps what a read keeps but secretValueHidden).
_VIEWS = {
    "current": {
        "create": ("rotation",),
        "update": ("rotation", "hidden"),
        "delete": ("hidden",),
        "read": ("rotation", "metadata", "path", "hidden", "tags"),
        "list": ("rotation", "metadata", "path", "hidden", "tags"),
        "version": ("path", "hidden"),
        "by_id": ("rotation", "metadata", "path", "tags"),
    },
    "2024": {
        "create": ("null_metadata",),
        "update": ("null_metadata",),
        "delete": ("null_metadata",),
        "read": ("null_metadata", "tags"),
        "list": ("null_metadata", "path", "tags"),
        "version": ("null_metadata", "tags"),  # 2024 builds ignore version=N
    },
}


def render(ctx, secret, view, hide=False, value=None):
    """A secret as the route kind ``view`` returns it: the base fields plus that route's extras."""
    extras = _VIEWS[ctx.profile.name][view]
    shown = secret["value"] if value is None else value
    if hide:
        shown = HIDDEN_VALUE
    result = {
        "id": secret["id"],
        "_id": secret["id"],
        "workspace": secret["projectId"],
        "environment": secret["environment"],
        "version": secret["version"],
        "type": secret["type"],
        "secretKey": secret["key"],
        "secretValue": shown,
        "secretComment": secret["comment"],
        "secretReminderNote": secret["reminderNote"],
        "secretReminderRepeatDays": secret["reminderRepeatDays"],
        # Stored as null when not given, answered as false.
        "skipMultilineEncoding": bool(secret["skipMultilineEncoding"]),
        "createdAt": secret["createdAt"],
        "updatedAt": secret["updatedAt"],
    }
    if "rotation" in extras:
        result["isRotatedSecret"] = False
        result["rotationId"] = None
    if "null_metadata" in extras:
        # 2024 builds answer a "metadata" column that is always null for these secrets.
        result["metadata"] = None
    if "metadata" in extras:
        result["secretMetadata"] = [dict(item) for item in secret["metadata"]]
    if "path" in extras:
        result["secretPath"] = ctx.store.folder_path(ctx.store.folder(secret["folderId"]))
    if "hidden" in extras:
        result["secretValueHidden"] = bool(hide)
    if "tags" in extras:
        result["tags"] = _tags(ctx.store.project(secret["projectId"]), secret)
    return result


def expand(ctx, project, env, folder, value, depth=0):
    """Expand ``${KEY}`` and ``${env.path.KEY}`` references (reads with expandSecretReferences=true)."""
    if depth > 5 or "${" not in value:
        return value

    def replace(match):
        parts = match.group(1).strip().split(".")
        if len(parts) == 1:
            target_env, target_folder = env, folder
        else:
            target_env = ctx.store.environment(project, parts[0])
            target_folder = ctx.store.folder_by_path(target_env, "/" + "/".join(parts[1:-1])) if target_env else None
        if target_folder is None:
            return ""
        target = ctx.store.folder_secret(target_folder, parts[-1])
        if target is None:
            return ""
        return expand(ctx, project, target_env, target_folder, target["value"], depth + 1)

    return _REFERENCE.sub(replace, value)


# ---- checks -------------------------------------------------------------------


def list_folder_missing(path, env_slug):
    """A list of an unknown environment or path (current builds)."""
    return ApiError(404, "Folder with path '%s' in environment '%s' was not found. "
                    "Please ensure the environment slug and secret path is correct." % (path, env_slug), "SecretPathNotFound")


def scoped_folder(ctx, project, env_slug, path, error):
    """Folder of a single read or a write; 404 whose ``error`` names the server operation."""
    env = ctx.store.environment(project, env_slug)
    folder = find_folder(ctx.store, env, path)
    if folder is None:
        raise ApiError(404, "Folder with path '%s' in environment with slug '%s' not found" % (path, env_slug), error)
    return env, folder


def check_tags(ctx, project, tag_ids):
    if tag_ids is None:
        return None
    for tag_id in tag_ids:
        if tag_id not in project["tags"]:
            raise not_found("One or more tags not found" if ctx.profile.legacy else "Tag not found")
    return list(dict.fromkeys(tag_ids))


def normalize_metadata(items):
    if items is None:
        return None
    return [{"key": item["key"], "value": item.get("value", ""), "isEncrypted": bool(item.get("isEncrypted", False))} for item in items]


def check_personal(secret_type):
    if secret_type == "personal":
        raise bad_request("Must be user to create personal secret")


def _changes(item, trim_comment=False):
    """Internal field changes from an update item (absent keys are unchanged)."""
    changes = {}
    if "secretValue" in item:
        changes["value"] = normalize_value(item["secretValue"])
    if "secretComment" in item:
        changes["comment"] = item["secretComment"].strip() if trim_comment else item["secretComment"]
    if "skipMultilineEncoding" in item:
        changes["skipMultilineEncoding"] = item["skipMultilineEncoding"]
    if "secretReminderNote" in item:
        changes["reminderNote"] = item["secretReminderNote"]
    if "secretReminderRepeatDays" in item:
        changes["reminderRepeatDays"] = item["secretReminderRepeatDays"]
    if "secretMetadata" in item:
        changes["metadata"] = normalize_metadata(item["secretMetadata"])
    return changes


# ---- single operations ---------------------------------------------------------


def list_secrets(ctx, project, env_slug, path, view_value=True, expand_refs=False, recursive=False, tag_slugs=None,
                 include_imports=False):
    access.require(ctx, project, "read", access.SECRETS)
    env = ctx.store.environment(project, env_slug)
    folder = find_folder(ctx.store, env, path)
    if folder is None:
        if ctx.profile.missing_folder_lists_empty:
            return {"secrets": [], "imports": []}
        raise list_folder_missing(path, env_slug)
    folders = [folder] + (ctx.store.descendants(folder) if recursive else [])
    wanted = None
    if tag_slugs:
        wanted = set(slug.strip() for slug in tag_slugs.split(",") if slug.strip())
    result = []
    for item in folders:
        for secret in ctx.store.secrets_in(item):
            if wanted is not None:
                slugs = set(project["tags"][tag_id]["slug"] for tag_id in secret["tagIds"] if tag_id in project["tags"])
                if not slugs & wanted:
                    continue
            value = expand(ctx, project, env, item, secret["value"]) if expand_refs else None
            result.append(render(ctx, secret, "list", hide=not view_value, value=value))
    if not ctx.profile.legacy:
        # Current builds answer in key order across folders (recorded); 2024 ones in database order.
        result.sort(key=lambda item: item["secretKey"])
    answer = {"secrets": result}
    # The emulator has no secret imports; 2024 builds answer the key only when asked for it.
    if include_imports or not ctx.profile.legacy:
        answer["imports"] = []
    return answer


def get_secret(ctx, project, env_slug, path, name, version=None, view_value=True, expand_refs=False, secret_type="shared"):
    access.require(ctx, project, "read", access.SECRETS)
    env, folder = scoped_folder(ctx, project, env_slug, path, "GetSecretByName")
    secret = ctx.store.folder_secret(folder, name) if secret_type == "shared" else None
    if secret is None:
        raise not_found("Secret with name '%s' not found" % name)
    value = None
    # A read by version answers from the version table: fewer fields (recorded).
    view = "read" if version is None else "version"
    if version is not None and not ctx.profile.legacy and version != secret["version"]:
        snapshot = None
        for item in secret["history"]:
            if item["version"] == version:
                snapshot = item
        if snapshot is None:
            raise not_found("Secret with name '%s' and version %s not found" % (name, version))
        old = dict(secret)
        old.update({"version": snapshot["version"], "key": snapshot["key"], "value": snapshot["value"],
                    "comment": snapshot["comment"], "tagIds": snapshot["tagIds"], "metadata": snapshot["metadata"],
                    "updatedAt": snapshot["updatedAt"]})
        secret = old
    if expand_refs:
        value = expand(ctx, project, env, folder, secret["value"])
    return {"secret": render(ctx, secret, view, hide=not view_value, value=value)}


def get_secret_by_id(ctx, secret_id):
    secret = ctx.store.secret(secret_id)
    if secret is None:
        raise not_found("Secret with ID '%s' not found" % secret_id)
    project = ctx.store.project(secret["projectId"])
    access.require(ctx, project, "read", access.SECRETS)
    return {"secret": render(ctx, secret, "by_id")}


def create_secret(ctx, project, env_slug, path, name, body):
    check_personal(body.get("type"))
    access.require(ctx, project, "create", access.SECRETS)
    _env, folder = scoped_folder(ctx, project, env_slug, path, "CreateSecret")
    if ctx.store.folder_secret(folder, name) is not None:
        raise bad_request(ctx.profile.secret_exists)
    tag_ids = check_tags(ctx, project, body.get("tagIds"))
    secret = ctx.store.add_secret(folder, name, normalize_value(body["secretValue"]), (body.get("secretComment") or "").strip(),
                                  tag_ids=tag_ids, metadata=normalize_metadata(body.get("secretMetadata")),
                                  skip_multiline=body.get("skipMultilineEncoding"),
                                  reminder_note=body.get("secretReminderNote"),
                                  reminder_days=body.get("secretReminderRepeatDays"), actor=ctx.actor)
    return {"secret": render(ctx, secret, "create")}


def update_secret(ctx, project, env_slug, path, name, body):
    _env, folder = scoped_folder(ctx, project, env_slug, path, "UpdateSecret")
    secret = ctx.store.folder_secret(folder, name) if body.get("type", "shared") == "shared" else None
    if secret is None:
        raise not_found("Secret with name %s not found" % name)
    access.require(ctx, project, "edit", access.SECRETS)
    changes = _changes(body)
    new_name = body.get("newSecretName")
    if new_name is not None and new_name != name:
        if ctx.store.folder_secret(folder, new_name) is not None:
            raise bad_request("Secret with the new name already exist" if ctx.profile.legacy else "Secret with the new name already exists")
        changes["key"] = new_name
    if "tagIds" in body:
        changes["tagIds"] = check_tags(ctx, project, body["tagIds"])
    ctx.store.update_secret(secret, changes, actor=ctx.actor)
    # An update that leaves the value alone answers it as "" (recorded); the stored value is kept.
    return {"secret": render(ctx, secret, "update", value=None if "secretValue" in body else "")}


def delete_secret(ctx, project, env_slug, path, name, secret_type="shared"):
    _env, folder = scoped_folder(ctx, project, env_slug, path, "DeleteSecret")
    secret = ctx.store.folder_secret(folder, name) if secret_type == "shared" else None
    if secret is None:
        if ctx.profile.legacy:
            raise ApiError(404, "Secret with name '%s' not found" % name, "DeleteSecret")
        raise not_found("Secret not found")
    access.require(ctx, project, "delete", access.SECRETS)
    answer = render(ctx, secret, "delete")
    ctx.store.delete_secret(secret)
    return {"secret": answer}


# ---- batches (all-or-nothing) ------------------------------------------------------


def batch_create(ctx, project, env_slug, path, items):
    access.require(ctx, project, "create", access.SECRETS)
    _env, folder = scoped_folder(ctx, project, env_slug, path, "CreateManySecret")
    keys = [item["secretKey"] for item in items]
    seen = set()
    taken = []
    for key in keys:
        if ctx.store.folder_secret(folder, key) is not None or key in seen:
            taken.append(key)
        seen.add(key)
    if taken:
        if ctx.profile.legacy:
            raise bad_request("Secret already exist: %s" % ",".join(taken))
        raise bad_request("Secret already exists: %s" % ", ".join(taken))
    tags = [check_tags(ctx, project, item.get("tagIds")) for item in items]
    created = []
    for item, tag_ids in zip(items, tags):
        created.append(ctx.store.add_secret(folder, item["secretKey"], normalize_value(item["secretValue"]),
                                            (item.get("secretComment") or "").strip(), tag_ids=tag_ids,
                                            metadata=normalize_metadata(item.get("secretMetadata")),
                                            skip_multiline=item.get("skipMultilineEncoding"),
                                            reminder_note=item.get("secretReminderNote"),
                                            reminder_days=item.get("secretReminderRepeatDays"), actor=ctx.actor))
    return {"secrets": [render(ctx, secret, "create") for secret in created]}


def batch_update(ctx, project, env_slug, path, items, mode="failOnNotFound"):
    env = ctx.store.environment(project, env_slug)
    if env is None:
        raise not_found("Environment with slug '%s' in project with ID '%s' not found" % (env_slug, project["id"]))
    plan = []
    missing = {}
    for item in items:
        item_path = clean_secret_path(item["secretPath"]) if item.get("secretPath") else path
        folder = find_folder(ctx.store, env, item_path)
        if folder is None:
            raise ApiError(404, "Folder with path 'null' in environment with slug '%s' not found" % env_slug, "UpdateManySecret")
        secret = ctx.store.folder_secret(folder, item["secretKey"])
        if secret is None:
            if mode == "upsert":
                plan.append(("create", folder, item, None))
            elif mode == "failOnNotFound":
                missing.setdefault(item_path, []).append(item["secretKey"])
            continue
        plan.append(("update", folder, item, secret))
    if missing:
        if ctx.profile.legacy:
            found = [entry[2]["secretKey"] for entry in plan]
            raise not_found("Secret does not exist: %s" % ",".join(found))
        item_path, keys = next(iter(missing.items()))
        raise not_found("Secret does not exist: %s in path %s" % (", ".join(keys), item_path))
    if any(entry[0] == "update" for entry in plan):
        access.require(ctx, project, "edit", access.SECRETS)
    if any(entry[0] == "create" for entry in plan):
        access.require(ctx, project, "create", access.SECRETS)
    prepared = []
    claimed = set()
    for kind, folder, item, secret in plan:
        tag_ids = check_tags(ctx, project, item.get("tagIds")) if "tagIds" in item else None
        if kind == "create":
            if (folder["id"], item["secretKey"]) in claimed:
                raise bad_request(ctx.profile.secret_exists)
            claimed.add((folder["id"], item.get("newSecretName") or item["secretKey"]))
            prepared.append((kind, folder, item, secret, tag_ids, None))
            continue
        new_name = item.get("newSecretName")
        if new_name is not None and new_name != item["secretKey"]:
            if ctx.store.folder_secret(folder, new_name) is not None or (folder["id"], new_name) in claimed:
                raise bad_request("Secret with the new name already exist" if ctx.profile.legacy else "Secret with the new name already exists")
            claimed.add((folder["id"], new_name))
        prepared.append((kind, folder, item, secret, tag_ids, new_name))
    result = []
    for kind, folder, item, secret, tag_ids, new_name in prepared:
        if kind == "create":
            secret = ctx.store.add_secret(folder, item.get("newSecretName") or item["secretKey"],
                                          normalize_value(item.get("secretValue", "")),
                                          (item.get("secretComment") or "").strip(), tag_ids=tag_ids,
                                          metadata=normalize_metadata(item.get("secretMetadata")),
                                          skip_multiline=item.get("skipMultilineEncoding"),
                                          reminder_note=item.get("secretReminderNote"),
                                          reminder_days=item.get("secretReminderRepeatDays"), actor=ctx.actor)
        else:
            changes = _changes(item)
            if new_name is not None and new_name != secret["key"]:
                changes["key"] = new_name
            if tag_ids is not None:
                changes["tagIds"] = tag_ids
            ctx.store.update_secret(secret, changes, actor=ctx.actor)
        result.append(render(ctx, secret, "update"))
    return {"secrets": result}


def batch_delete(ctx, project, env_slug, path, items):
    _env, folder = scoped_folder(ctx, project, env_slug, path, "DeleteManySecret")
    keys = [item["secretKey"] for item in items]
    doubles = sorted(set(key for key in keys if keys.count(key) > 1))
    found = [key for key in dict.fromkeys(keys) if ctx.store.folder_secret(folder, key) is not None]
    missing = [key for key in dict.fromkeys(keys) if ctx.store.folder_secret(folder, key) is None]
    if doubles or missing:
        # Both recorded builds name the keys that WERE found, and answer a key given twice the same way
        # (newer upstream answers 400 "Each secret can only be deleted once per request" instead).
        raise not_found("One or more secrets does not exist: %s" % ("," if ctx.profile.legacy else ", ").join(found))
    access.require(ctx, project, "delete", access.SECRETS)
    result = []
    for key in keys:
        secret = ctx.store.folder_secret(folder, key)
        result.append(render(ctx, secret, "delete"))
        ctx.store.delete_secret(secret)
    return {"secrets": result}
