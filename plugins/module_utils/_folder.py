# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Folders (secret paths): the ``folder.*`` routes, and the folder resource.

Internal module: may change in any release.
"""

from __future__ import annotations

from ansible_collections.secretops.infisical.plugins.module_utils import _project_api
from ansible_collections.secretops.infisical.plugins.module_utils import _validate
from ansible_collections.secretops.infisical.plugins.module_utils._routes import CREATES_PARENTS
from ansible_collections.secretops.infisical.plugins.module_utils._errors import ConflictError, InfisicalError, NotFoundError, OptionError
from ansible_collections.secretops.infisical.plugins.module_utils._resource import AlreadyExistsError, InfisicalResource


def split_path(path):
    """``/a/b/c`` -> ``("/a/b", "c")``."""
    parent, _sep, name = path.rstrip("/").rpartition("/")
    return parent or "/", name


def create_folder_path(client, project_id, environment, path):
    """Create the folder ``path`` and any missing parents; an existing folder is fine."""
    if path == "/":
        return
    action = "create folder '%s' (environment '%s')" % (path, environment)
    if client.route("folder.create").has(CREATES_PARENTS):
        levels = [path]
    else:
        # Each level in turn, from the top (creating an existing folder is harmless).
        segments = path.strip("/").split("/")
        levels = ["/" + "/".join(segments[:depth + 1]) for depth in range(len(segments))]
    for level in levels:
        parent, name = split_path(level)
        try:
            client.call("folder.create", action, project=project_id, body={"environment": environment, "name": name, "path": parent},
                        replayable=True)
        except ConflictError:
            pass


# ---------------------------------------------------------------- folder objects


def join_path(parent, name):
    return parent.rstrip("/") + "/" + name


def list_folders(client, project_id, environment, path="/", recursive=False):
    """Raw child folders of ``path`` (all descendants with ``recursive``, each with ``relativePath``).

    A missing path lists ``[]`` (that is what the server answers).
    """
    action = "list folders under '%s' (project '%s', environment '%s')" % (path, project_id, environment)

    query = {"environment": environment, "path": path}
    if recursive:
        query["recursive"] = True
    return client.call("folder.list", action, project=project_id, query=query) or []


def get_folder(client, project_id, environment, path):
    """The raw folder at ``path`` (found by listing its parent), or ``None``."""
    parent, name = split_path(path)
    for folder in list_folders(client, project_id, environment, parent):
        if folder.get("name") == name:
            return folder
    return None


def create_folder(client, project_id, environment, path, description=None):
    """Create the folder ``path``, its missing parents first; return the raw folder."""
    parent, name = split_path(path)
    if parent != "/" and not client.route("folder.create").has(CREATES_PARENTS) \
            and get_folder(client, project_id, environment, parent) is None:
        create_folder_path(client, project_id, environment, parent)
    action = "create folder '%s' (project '%s', environment '%s')" % (path, project_id, environment)

    def confirm():
        found = get_folder(client, project_id, environment, path)
        return {"folder": found} if found else None

    body = {"environment": environment, "name": name, "path": parent}
    if description is not None:
        body["description"] = description
    return client.call("folder.create", action, project=project_id, body=body, confirm=confirm)


def update_folder(client, project_id, environment, folder_id, path, fields):
    """PATCH a folder (``fields``: ``description``); the name is sent as it is."""
    parent, name = split_path(path)
    action = "update folder '%s' (project '%s', environment '%s')" % (path, project_id, environment)

    body = dict(fields, environment=environment, name=name, path=parent)
    return client.call("folder.update", action, project=project_id, folder=folder_id, body=body)


def delete_folder(client, project_id, environment, folder_id, path, force=False):
    """Delete a folder (with its content when ``force``); ``False`` if it was already gone."""
    parent, _name = split_path(path)
    action = "delete folder '%s' (project '%s', environment '%s')" % (path, project_id, environment)

    # 2024 builds take no forceDelete: they always delete the content.
    body = {"environment": environment, "path": parent, "forceDelete": bool(force)}
    return client.call("folder.delete", action, project=project_id, folder=folder_id, body=body) is not None


def count_secrets(client, project_id, environment, path):
    """How many secrets the folder itself holds (values are not requested where the server allows)."""
    action = "list secrets in folder '%s' (project '%s', environment '%s')" % (path, project_id, environment)

    query = {"environment": environment, "secretPath": path, "viewSecretValue": False,
             "expandSecretReferences": False, "include_imports": False}
    try:
        data = client.call("secret.list", action, project=project_id, query=query)
    except NotFoundError:
        return 0
    return len(data.get("secrets") or [])


def normalize_folder(raw, environment, path):
    return {
        "id": raw.get("id"),
        "name": raw.get("name"),
        "path": path,
        "environment": environment,
        "description": raw.get("description") or "",
        "parent_id": raw.get("parentId"),
        "version": raw.get("version"),
        "created_at": raw.get("createdAt"),
        "updated_at": raw.get("updatedAt"),
    }


def read_folders(client, project_id, environment, path="/", recursive=False):
    """Normalized folders under ``path``, sorted by path: the read behind ``infisical_folder_info``."""
    found = []
    for raw in list_folders(client, project_id, environment, path, recursive=recursive):
        if recursive and raw.get("relativePath"):
            full = path.rstrip("/") + raw["relativePath"]
        else:
            full = join_path(path, raw.get("name"))
        found.append(normalize_folder(raw, environment, full))
    return sorted(found, key=lambda folder: folder["path"])


class FolderResource(InfisicalResource):
    """One folder path of an environment; missing parents are created, non-empty deletes need ``force``."""

    RESULT_KEY = "folder"

    def setup(self):
        params = self.params
        self.environment = _validate.slug(params.get("environment"), "environment", "environment slug")
        self.path = _validate.secret_path(params.get("path"), "path")
        if self.path == "/":
            raise OptionError("path", "must name a folder such as /app/db; '/' is the environment's root and always exists")
        self.project_id = _project_api.resolve_project_id(self.client, params.get("project_id"), params.get("project"))

    def find(self):
        raw = get_folder(self.client, self.project_id, self.environment, self.path)
        if raw is None:
            return None
        found = normalize_folder(raw, self.environment, self.path)
        if self.params["state"] == "absent" and not self.params.get("force"):
            children = list_folders(self.client, self.project_id, self.environment, self.path)
            secrets = count_secrets(self.client, self.project_id, self.environment, self.path)
            if children or secrets:
                raise InfisicalError(
                    "Cannot delete folder '%s' (project '%s', environment '%s'): it contains %d folder(s) and %d secret(s); "
                    "set force=true to delete it with its content" % (self.path, self.project_id, self.environment, len(children), secrets))
        return found

    def desired(self):
        description = self.params.get("description")
        if description is not None and self.client.generation == "legacy":
            # 2024 builds have no folder description: they drop it silently, so sending it would
            # report a change on every run. It is only a label; manage the folder without it.
            self.module.warn("This older Infisical server (2024 builds) has no folder description; "
                             "the option description is ignored")
            description = None
        return {"name": split_path(self.path)[1], "path": self.path, "environment": self.environment,
                "description": description.strip() if description is not None else None}

    def plan(self, before, want):
        return super().plan(before, {"description": want["description"]})

    def create(self, want):
        try:
            create_folder(self.client, self.project_id, self.environment, self.path, want.get("description"))
        except ConflictError as exc:
            # Another host created it since our read (current servers answer 400; 2024 builds
            # answer the existing folder): the engine re-reads and converges.
            raise AlreadyExistsError(exc) from None

    def update(self, before, changes):
        update_folder(self.client, self.project_id, self.environment, before["id"], self.path,
                      {"description": changes["description"][1]})

    def delete(self, before):
        delete_folder(self.client, self.project_id, self.environment, before["id"], self.path, force=bool(self.params.get("force")))
