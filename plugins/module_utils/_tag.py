# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Project tags: the secret modules accept tag slugs and send tag ids.

Internal module: may change in any release.
"""

from __future__ import annotations

from ansible_collections.secretops.infisical.plugins.module_utils._client import path_with
from ansible_collections.secretops.infisical.plugins.module_utils._errors import OptionError


def list_tags(client, project_id):
    """Raw tags of a project."""
    action = "list tags of project '%s'" % project_id
    data = client.versioned(
        lambda: client.get(path_with("/api/v1/projects/{}/tags", project_id), action),
        lambda: client.get(path_with("/api/v1/workspace/{}/tags", project_id), action),
    )
    return data.get("tags") or data.get("workspaceTags") or []


def resolve_tag_ids(client, project_id, slugs, option="tags"):
    """Tag ids for ``slugs`` (sorted by slug); an unknown slug is an option error."""
    if not slugs:
        return []
    by_slug = {tag.get("slug"): tag.get("id") for tag in list_tags(client, project_id)}
    unknown = sorted(set(slugs) - set(by_slug))
    if unknown:
        raise OptionError(option, "names tags that do not exist in project '%s': %s (create them with secretops.infisical.infisical_tag)"
                          % (project_id, ", ".join(unknown)))
    return [by_slug[slug] for slug in sorted(set(slugs))]
