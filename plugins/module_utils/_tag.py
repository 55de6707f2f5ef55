# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Project tags: the secret modules accept tag slugs and send tag ids; the tag resource.

Internal module: may change in any release.
"""

from __future__ import annotations

from ansible_collections.secretops.infisical.plugins.module_utils import _project_api
from ansible_collections.secretops.infisical.plugins.module_utils import _validate
from ansible_collections.secretops.infisical.plugins.module_utils._errors import OptionError
from ansible_collections.secretops.infisical.plugins.module_utils._resource import InfisicalResource


def list_tags(client, project_id):
    """Raw tags of a project."""
    action = "list tags of project '%s'" % project_id
    return client.call("tag.list", action, project=project_id) or []


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


# ---------------------------------------------------------------- tag objects


def get_tag_by_slug(client, project_id, slug):
    """The raw tag with that slug (from the list), or ``None``."""
    for tag in list_tags(client, project_id):
        if tag.get("slug") == slug:
            return tag
    return None


def create_tag(client, project_id, slug, color=None):
    action = "create tag '%s' in project '%s'" % (slug, project_id)
    body = {"slug": slug}
    if color is not None:
        body["color"] = color

    def confirm():
        found = get_tag_by_slug(client, project_id, slug)
        return {"tag": found} if found else None

    return client.call("tag.create", action, project=project_id, body=body, confirm=confirm)


def update_tag(client, project_id, tag_id, slug, fields):
    action = "update tag '%s' of project '%s'" % (slug, project_id)
    return client.call("tag.update", action, project=project_id, tag=tag_id, body=fields)


def delete_tag(client, project_id, tag_id, slug):
    """Delete a tag (secrets lose it); ``False`` if it was already gone."""
    action = "delete tag '%s' of project '%s'" % (slug, project_id)
    return client.call("tag.delete", action, project=project_id, tag=tag_id) is not None


def normalize_tag(raw, project_id=None):
    return {
        "id": raw.get("id"),
        "slug": raw.get("slug"),
        "name": raw.get("name"),
        "color": raw.get("color"),
        "project_id": raw.get("projectId") or project_id,
        "created_at": raw.get("createdAt"),
        "updated_at": raw.get("updatedAt"),
    }


class TagResource(InfisicalResource):
    """One tag of a project, by slug."""

    RESULT_KEY = "tag"

    def setup(self):
        params = self.params
        self.slug = _validate.slug(params.get("slug"), "slug", "tag slug")
        self.project_id = _project_api.resolve_project_id(self.client, params.get("project_id"), params.get("project"))

    def find(self):
        raw = get_tag_by_slug(self.client, self.project_id, self.slug)
        return normalize_tag(raw, self.project_id) if raw else None

    def desired(self):
        color = self.params.get("color")
        return {"slug": self.slug, "color": color.strip() if color is not None else None, "project_id": self.project_id}

    def plan(self, before, want):
        return super().plan(before, {"color": want["color"]})

    def create(self, want):
        create_tag(self.client, self.project_id, self.slug, want.get("color"))

    def update(self, before, changes):
        update_tag(self.client, self.project_id, before["id"], self.slug, {"color": changes["color"][1]})

    def delete(self, before):
        delete_tag(self.client, self.project_id, before["id"], self.slug)
