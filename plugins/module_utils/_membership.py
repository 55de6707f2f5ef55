# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An identity's membership in a project, with its set of roles.

Internal module: may change in any release.

The ``membership.*`` routes (the same bodies on every server; PATCH answers
``{"roles"}``). Roles are compared as a set of
``(slug, temporary range, start time)``: order never matters, and a PATCH (which
replaces every role) is sent only when the sets differ. Traps: PATCH and DELETE of a
non-member answer **400** (not 404); a POST for an existing member answers 400
``Identity is already a member`` (the membership is adopted).
"""

from __future__ import annotations

import datetime

from ansible_collections.secretops.infisical.plugins.module_utils._errors import (
    BadRequestError,
    ConflictError,
    OptionError,
    PermissionDeniedError,
)
from ansible_collections.secretops.infisical.plugins.module_utils._identity import (
    OrganizationMixin,
    get_identity,
    identity_id,
    list_identities,
    normalize_identity,
    read_identity,
    resolve_identity,
)
from ansible_collections.secretops.infisical.plugins.module_utils._project_api import list_projects, resolve_project_id
from ansible_collections.secretops.infisical.plugins.module_utils._resource import InfisicalResource

BUILT_IN_ROLES = ("admin", "member", "viewer", "no-access")


def _not_member(exc):
    return isinstance(exc, BadRequestError) and "doesn't have membership" in (exc.server_message or "")


def get_membership(client, project_id, ident):
    """The raw membership or ``None``."""
    return client.call("membership.get", "read the membership of identity '%s' in project '%s'" % (ident, project_id),
                       project=project_id, identity=ident)


def create_membership(client, project_id, ident, roles):
    action = "add identity '%s' to project '%s'" % (ident, project_id)

    def confirm():
        found = get_membership(client, project_id, ident)
        return {"identityMembership": found} if found else None

    return client.call("membership.create", action, project=project_id, identity=ident, body={"roles": roles}, confirm=confirm)


def update_membership(client, project_id, ident, roles):
    return client.call("membership.update", "set the roles of identity '%s' in project '%s'" % (ident, project_id),
                       project=project_id, identity=ident, body={"roles": roles})


def delete_membership(client, project_id, ident):
    """Remove the membership; ``False`` when there was none (the server says so with a 400)."""
    try:
        return client.call("membership.delete", "remove identity '%s' from project '%s'" % (ident, project_id),
                           project=project_id, identity=ident) is not None
    except BadRequestError as exc:
        if _not_member(exc):
            return False
        raise


def list_memberships(client, project_id):
    """Every identity membership of a project (paginated on the server)."""
    action = "list the identity memberships of project '%s'" % project_id
    return client.call("membership.list", action, project=project_id, page_size=1000)


def role_slug(entry):
    if entry.get("role") == "custom" and entry.get("customRoleSlug"):
        return entry["customRoleSlug"]
    return entry.get("role")


def normalize_membership(raw, project_id=None):
    permanent, temporary = set(), []
    for entry in raw.get("roles") or []:
        if entry.get("isTemporary"):
            temporary.append({"role": role_slug(entry), "temporary_range": entry.get("temporaryRange"),
                              "temporary_access_start_time": entry.get("temporaryAccessStartTime"),
                              "temporary_access_end_time": entry.get("temporaryAccessEndTime")})
        else:
            permanent.add(role_slug(entry))
    identity = raw.get("identity") or {}
    return {
        "id": raw.get("id"),
        "project_id": raw.get("projectId") or project_id,
        "identity_id": raw.get("identityId") or identity.get("id"),
        "identity_name": identity.get("name"),
        "roles": sorted(permanent),
        "temporary_roles": sorted(temporary, key=_temporary_key),
        "created_at": raw.get("createdAt"),
        "updated_at": raw.get("updatedAt"),
    }


def _temporary_key(item):
    return (item.get("role") or "", item.get("temporary_range") or "", item.get("temporary_access_start_time") or "")


def desired_temporary_roles(items):
    """Temporary roles from the option; a missing start time is filled from the server (or now on create)."""
    if items is None:
        return None
    result = []
    for index, item in enumerate(items):
        if not item.get("role") or not item.get("temporary_range"):
            raise OptionError("temporary_roles[%d]" % index, "needs role and temporary_range")
        result.append({"role": item["role"], "temporary_range": item["temporary_range"],
                       "temporary_access_start_time": item.get("temporary_access_start_time")})
    return result


def match_temporary(current, wanted):
    """``wanted`` with each unset start time taken from a matching current role; ``None`` when the sets differ."""
    pool = list(current or [])
    resolved = []
    for want in wanted:
        candidates = [c for c in pool if c["role"] == want["role"] and c["temporary_range"] == want["temporary_range"]
                      and (want["temporary_access_start_time"] is None
                           or c["temporary_access_start_time"] == want["temporary_access_start_time"])]
        if not candidates:
            return None
        pool.remove(candidates[0])
        resolved.append(candidates[0])
    return None if pool else resolved


def roles_body(roles, temporary, now_iso):
    body = [{"role": slug, "isTemporary": False} for slug in sorted(roles)]
    for item in sorted(temporary, key=_temporary_key):
        body.append({"role": item["role"], "isTemporary": True, "temporaryMode": "relative",
                     "temporaryRange": item["temporary_range"],
                     "temporaryAccessStartTime": item.get("temporary_access_start_time") or now_iso})
    return body


def _now_iso():
    moment = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


class ProjectIdentityResource(OrganizationMixin, InfisicalResource):
    """The membership of one identity in one project."""

    RESULT_KEY = "membership"

    def setup(self):
        params = self.params
        self.require_identity()
        roles = params.get("roles")
        if roles is not None:
            if any(not r or r != r.strip() for r in roles):
                raise OptionError("roles", "must hold role slugs without surrounding whitespace")
            roles = sorted(set(roles))
        self.roles = roles
        self.temporary = desired_temporary_roles(params.get("temporary_roles"))
        if params["state"] == "present" and roles is not None and not roles and self.temporary:
            raise OptionError("roles", "must hold at least one permanent role (Infisical refuses temporary roles alone)")
        self.project_id = resolve_project_id(self.client, params.get("project_id"), params.get("project"))
        self.ident, self.identity_raw = resolve_identity(
            self.client, params.get("identity_id"), params.get("identity"),
            None if params.get("identity_id") else self.org_id, required=params["state"] == "present")

    def find(self):
        if self.ident is None:
            return None
        raw = get_membership(self.client, self.project_id, self.ident)
        return normalize_membership(raw, self.project_id) if raw else None

    def desired(self):
        return {"project_id": self.project_id, "identity_id": self.ident, "roles": self.roles,
                "temporary_roles": self.temporary}

    def plan(self, before, want):
        changes = {}
        roles = want["roles"] if want["roles"] is not None else before["roles"]
        temporary = before["temporary_roles"]
        if want["temporary_roles"] is not None:
            matched = match_temporary(before["temporary_roles"], want["temporary_roles"])
            if matched is None:
                temporary = want["temporary_roles"]
                changes["temporary_roles"] = (before["temporary_roles"], temporary)
        if set(roles) != set(before["roles"]):
            changes["roles"] = (before["roles"], sorted(roles))
        self._next = (roles, temporary)
        return changes

    def check(self, before, want):
        if before is None and not want["roles"]:
            # Checked before the mode splits: check mode must not promise a membership the server refuses.
            raise OptionError("roles", "is required (at least one permanent role) to add identity '%s' to project '%s'"
                              % (self.ident, self.project_id))

    def create(self, want):
        body = roles_body(want["roles"], want["temporary_roles"] or [], _now_iso())
        try:
            create_membership(self.client, self.project_id, self.ident, body)
        except ConflictError:
            # Already a member (created meanwhile, or the project's creator): adopt it.
            before = self.find()
            if before is not None and self.plan(before, want):
                update_membership(self.client, self.project_id, self.ident, body)

    def update(self, before, changes):
        roles, temporary = self._next
        update_membership(self.client, self.project_id, self.ident, roles_body(roles, temporary, _now_iso()))

    def delete(self, before):
        delete_membership(self.client, self.project_id, self.ident)

    def present(self, obj):
        if not obj:
            return {}
        shown = dict(obj)
        if shown.get("identity_name") is None and self.identity_raw:
            nested = self.identity_raw.get("identity") or {}
            shown["identity_name"] = nested.get("name") or self.identity_raw.get("name")
        shown.setdefault("roles", [])
        if shown.get("temporary_roles") is None:
            shown["temporary_roles"] = []
        return shown


def read_identities(client, org_id, ident=None, name=None, include_memberships=True, warn=None):
    """Normalized identities (one by id, those named ``name``, or all), sorted by ``(name, id)``.

    Each carries its Universal Auth configuration and, with ``include_memberships``,
    its memberships in the projects this token can see (one list per project).
    """
    if ident:
        raw = get_identity(client, ident)
        raws = [raw] if raw is not None else []
    else:
        raws = list_identities(client, org_id)
        if name is not None:
            raws = [raw for raw in raws if normalize_identity(raw)["name"] == name]
    identities = [read_identity(client, raw) for raw in raws]
    if include_memberships:
        wanted = set(item["id"] for item in identities)
        by_identity = dict((item_id, []) for item_id in wanted)
        for project in (list_projects(client) if wanted else []):
            project_id = project.get("id") or project.get("_id")
            try:
                memberships = list_memberships(client, project_id)
            except PermissionDeniedError as exc:
                if warn:
                    warn("Skipping the memberships of project '%s': %s" % (project.get("slug") or project_id, exc))
                continue
            for raw in memberships:
                item = normalize_membership(raw, project_id)
                if item["identity_id"] in wanted:
                    item["project_slug"] = project.get("slug")
                    item["project_name"] = project.get("name")
                    by_identity[item["identity_id"]].append(item)
        for identity in identities:
            identity["project_memberships"] = sorted(by_identity[identity["id"]], key=lambda m: (m.get("project_slug") or "", m["project_id"]))
    return sorted(identities, key=lambda item: (item["name"] or "", item["id"] or ""))


class IdentityInfo(OrganizationMixin):
    """The read behind ``infisical_identity_info``."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.client = module.client

    def read(self):
        ident = identity_id(self.params["identity_id"]) if self.params.get("identity_id") else None
        identities = read_identities(self.client, None if ident else self.org_id, ident=ident, name=self.params.get("name"),
                                     include_memberships=self.params["include_memberships"], warn=self.module.warn)
        return {"changed": False, "identities": identities}
