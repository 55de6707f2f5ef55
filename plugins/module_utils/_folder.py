# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Folders (secret paths) on either API generation.

Internal module: may change in any release.
"""

from __future__ import annotations

from ansible_collections.secretops.infisical.plugins.module_utils._errors import ConflictError


def split_path(path):
    """``/a/b/c`` -> ``("/a/b", "c")``."""
    parent, _sep, name = path.rstrip("/").rpartition("/")
    return parent or "/", name


def create_folder_path(client, project_id, environment, path):
    """Create the folder ``path`` and any missing parents; an existing folder is fine."""
    if path == "/":
        return
    parent, name = split_path(path)
    action = "create folder '%s' (environment '%s')" % (path, environment)

    def current():
        # Current servers create missing parents themselves.
        body = {"projectId": project_id, "environment": environment, "name": name, "path": parent}
        try:
            client.post("/api/v2/folders", action, body=body, replayable=True)
        except ConflictError:
            pass

    def legacy():
        # 2024 builds: create each level in turn (their create is idempotent).
        segments = path.strip("/").split("/")
        for depth in range(len(segments)):
            level_parent = "/" + "/".join(segments[:depth]) if depth else "/"
            body = {"workspaceId": project_id, "environment": environment, "name": segments[depth], "path": level_parent}
            try:
                client.post("/api/v1/folders", action, body=body, replayable=True)
            except ConflictError:
                pass

    client.versioned(current, legacy)
