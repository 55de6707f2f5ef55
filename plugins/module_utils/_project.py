# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Projects: finding them by id, slug or name on either API generation.

Internal module: may change in any release.
"""

from __future__ import annotations

from ansible_collections.secretops.infisical.plugins.module_utils._client import path_with
from ansible_collections.secretops.infisical.plugins.module_utils._errors import (
    AmbiguousMatchError,
    NotFoundError,
    OptionError,
    ServerError,
)


def get_project_by_slug(client, slug):
    """The raw project with that slug, or ``None``."""
    action = "look up project '%s'" % slug
    try:
        return client.versioned(
            lambda: client.get(path_with("/api/v1/projects/slug/{}", slug), action),  # answered unwrapped
            lambda: client.get(path_with("/api/v2/workspace/{}", slug), action),
        )
    except NotFoundError:
        return None
    except ServerError as exc:
        # 2024 builds answer an unknown slug with 500: "unknown", never a reason to create.
        if exc.status == 500 and client.generation == "legacy":
            return None
        raise


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
