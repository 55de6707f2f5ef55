# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Project environments: the ``environment.*`` routes, the reconcile planner, and the resource.

Internal module: may change in any release.

The planner is pure: :func:`plan_environments` turns the current list and the
wanted list into an ordered list of operations, and :func:`simulate` applies
operations to a list the way the server does (an occupied position shifts the
rest), which is how check mode predicts the result and how the order of the
position updates is chosen.
"""

from __future__ import annotations

from ansible_collections.secretops.infisical.plugins.module_utils import _project_api
from ansible_collections.secretops.infisical.plugins.module_utils import _validate
from ansible_collections.secretops.infisical.plugins.module_utils._errors import NotFoundError, OptionError, RouteNotFoundError
from ansible_collections.secretops.infisical.plugins.module_utils._resource import InfisicalResource

# Created by the server with every new project unless told otherwise.
DEFAULT_ENVIRONMENTS = (
    {"name": "Development", "slug": "dev", "position": 1},
    {"name": "Staging", "slug": "staging", "position": 2},
    {"name": "Production", "slug": "prod", "position": 3},
)


def normalize_environment(raw, project_id=None, position=None):
    """An API environment as the collection shows it."""
    return {
        "id": raw.get("id") or raw.get("_id"),
        "name": raw.get("name"),
        "slug": raw.get("slug"),
        "position": raw.get("position") if raw.get("position") is not None else position,
        "project_id": raw.get("projectId") or project_id,
        "created_at": raw.get("createdAt"),
        "updated_at": raw.get("updatedAt"),
    }


def environments_of(raw_project):
    """The environments listed in a project object, sorted by position.

    Project objects list ``{id, name, slug}`` in position order; a ``position``
    key, when the server sends one, wins over the list order.
    """
    envs = []
    for index, raw in enumerate(raw_project.get("environments") or []):
        position = raw.get("position") if raw.get("position") is not None else index + 1
        envs.append({"id": raw.get("id") or raw.get("_id"), "name": raw.get("name"), "slug": raw.get("slug"), "position": position})
    return sorted(envs, key=lambda env: env["position"])


def get_environment(client, project_id, environment_id=None, slug=None):
    """The raw environment (by id, else by slug), or ``None``.

    Servers without a route reading one environment (2024 builds) list the
    environments in the project object (``{id, name, slug}`` in position order),
    which is read instead.
    """
    if environment_id:
        name, params, what = "environment.get", {"environment": environment_id}, "id '%s'" % environment_id
    else:
        name, params, what = "environment.get_by_slug", {"slug": slug}, "slug '%s'" % slug
    action = "read environment with %s of project '%s'" % (what, project_id)
    try:
        return client.call(name, action, project=project_id, **params)
    except NotFoundError as exc:
        message = (exc.server_message or "").lower()
        if "project" in message and "environment" not in message:
            raise
        return None
    except RouteNotFoundError:
        pass
    raw_project = _project_api.get_project(client, project_id)
    if raw_project is None:
        raise OptionError("project_id", "names no project visible to this token (got '%s')" % project_id)
    for env in environments_of(raw_project):
        if (environment_id and env["id"] == environment_id) or (not environment_id and env["slug"] == slug):
            return env
    return None


def create_environment(client, project_id, name, slug, position=None):
    action = "create environment '%s' in project '%s'" % (slug, project_id)
    body = {"name": name, "slug": slug}
    if position is not None:
        body["position"] = position

    def confirm():
        found = get_environment(client, project_id, slug=slug)
        return {"environment": found} if found else None

    return client.call("environment.create", action, project=project_id, body=body, confirm=confirm)


def update_environment(client, project_id, environment_id, label, fields):
    """PATCH ``fields`` (``name``, ``slug``, ``position``) of an environment."""
    action = "update environment '%s' of project '%s'" % (label, project_id)
    return client.call("environment.update", action, project=project_id, environment=environment_id, body=fields)


def delete_environment(client, project_id, environment_id, label):
    """Delete an environment for good (current servers soft-delete without ``hardDelete``); ``False`` if gone."""
    action = "delete environment '%s' of project '%s'" % (label, project_id)
    return client.call("environment.delete", action, project=project_id, environment=environment_id,
                       query={"hardDelete": True}) is not None


# ---------------------------------------------------------------- planning (pure)


def validate_environment_specs(specs, option="environments"):
    """Check an ``environments`` option: unique slugs, slug rules, positions >= 1 and unique."""
    seen, positions = set(), set()
    for index, spec in enumerate(specs):
        label = "%s[%d]" % (option, index)
        _validate.slug(spec.get("slug"), label + ".slug", "environment slug")
        if spec["slug"] in seen:
            raise OptionError(option, "lists the environment slug '%s' twice" % spec["slug"])
        seen.add(spec["slug"])
        position = spec.get("position")
        if position is not None:
            if position < 1:
                raise OptionError(label + ".position", "must be at least 1 (got %s)" % position)
            if position in positions:
                raise OptionError(option, "gives position %s to two environments" % position)
            positions.add(position)
        if spec.get("name") is not None and not spec["name"].strip():
            raise OptionError(label + ".name", "must not be empty")
    return specs


def plan_environments(current, wanted, purge):
    """Operations turning ``current`` (normalized, any order) into ``wanted``.

    :param wanted: ``[{slug, name?, position?}]``; ``None`` means unmanaged (no operation).
    :param purge: delete environments that are not listed.
    :returns: a list of ``(op, slug, fields)``: ``delete`` first, then ``create``
        (``fields``: ``name``, ``position?``), then ``update`` in ascending target
        position (``fields``: changed ``name``/``position``), ready to be applied in order.
    """
    if wanted is None:
        return []
    ops = []
    listed = {spec["slug"] for spec in wanted}
    state = sorted((dict(env) for env in current), key=lambda env: env["position"])
    if purge:
        for env in state:
            if env["slug"] not in listed:
                ops.append(("delete", env["slug"], {}))
    state = simulate(state, ops)
    by_slug = {env["slug"]: env for env in state}
    creates = [spec for spec in wanted if spec["slug"] not in by_slug]
    for spec in sorted(creates, key=lambda s: (s.get("position") is None, s.get("position") or 0)):
        fields = {"name": spec.get("name") or spec["slug"]}
        if spec.get("position") is not None:
            fields["position"] = spec["position"]
        ops.append(("create", spec["slug"], fields))
    state = simulate(state, ops[-len(creates):] if creates else [])
    # Names and positions, lowest target position first: each move then leaves the
    # environments placed before it where they are.
    existing = [spec for spec in wanted if spec["slug"] in by_slug]
    for spec in sorted(wanted, key=lambda s: (s.get("position") is None, s.get("position") or 0)):
        env = next(item for item in state if item["slug"] == spec["slug"])
        fields = {}
        if spec in existing and spec.get("name") is not None and spec["name"] != env["name"]:
            fields["name"] = spec["name"]
        if spec.get("position") is not None and spec["position"] != env["position"]:
            fields["position"] = spec["position"]
        if fields:
            op = ("update", spec["slug"], fields)
            ops.append(op)
            state = simulate(state, [op])
    return ops


def simulate(envs, ops):
    """Apply operations to a normalized list the way the server does; return the new list by position."""
    state = [dict(env) for env in sorted(envs, key=lambda env: env["position"])]
    for op, slug, fields in ops:
        if op == "delete":
            state = [env for env in state if env["slug"] != slug]
        elif op == "create":
            env = {"name": fields.get("name"), "slug": slug}
            position = fields.get("position")
            index = len(state) if position is None else min(position, len(state) + 1) - 1
            state.insert(index, env)
        else:
            env = next(item for item in state if item["slug"] == slug)
            if "name" in fields:
                env["name"] = fields["name"]
            if "slug" in fields:
                env["slug"] = fields["slug"]
            if "position" in fields:
                state.remove(env)
                state.insert(min(fields["position"], len(state) + 1) - 1, env)
        for index, env in enumerate(state):
            env["position"] = index + 1
    return state


def apply_environment_ops(client, project_id, current, ops):
    """Send the planned operations in order (current: normalized environments with ids)."""
    ids = {env["slug"]: env.get("id") for env in current}
    for op, slug, fields in ops:
        if op == "delete":
            delete_environment(client, project_id, ids[slug], slug)
        elif op == "create":
            created = create_environment(client, project_id, fields["name"], slug, fields.get("position"))
            ids[slug] = (created or {}).get("id")
            if not ids[slug]:
                ids[slug] = (get_environment(client, project_id, slug=slug) or {}).get("id")
        else:
            update_environment(client, project_id, ids[slug], slug, fields)


def comparable(envs):
    """Environments without server fields, by position: what reconcile compares."""
    return [{"name": env["name"], "slug": env["slug"], "position": env["position"]}
            for env in sorted(envs or [], key=lambda env: env["position"])]


# ---------------------------------------------------------------- resource


class EnvironmentResource(InfisicalResource):
    """One environment of a project, by slug (or by id, which allows renaming the slug)."""

    RESULT_KEY = "environment"

    def setup(self):
        params = self.params
        self.project_id = _project_api.resolve_project_id(self.client, params.get("project_id"), params.get("project"))
        self.environment_id = params.get("environment_id")
        self.slug = params.get("slug")
        if self.slug is not None:
            _validate.slug(self.slug, "slug", "environment slug")
        if not self.environment_id and not self.slug:
            raise OptionError("slug", "or the option environment_id is required")
        if params.get("name") is not None and not params["name"].strip():
            raise OptionError("name", "must not be empty")
        if params.get("position") is not None and params["position"] < 1:
            raise OptionError("position", "must be at least 1 (got %s)" % params["position"])

    def find(self):
        raw = get_environment(self.client, self.project_id, environment_id=self.environment_id, slug=self.slug)
        if raw is None:
            if self.environment_id and self.params["state"] == "present":
                raise OptionError("environment_id", "names no environment of project '%s' (got '%s')"
                                  % (self.project_id, self.environment_id))
            self._exists = False
            return None
        self._exists = True
        return normalize_environment(raw, self.project_id)

    def desired(self):
        params = self.params
        name = params.get("name").strip() if params.get("name") is not None else None
        if name is None and not self._exists:
            name = self.slug  # the name of a new environment defaults to its slug
        return {"name": name, "slug": self.slug, "position": params.get("position"), "project_id": self.project_id}

    def plan(self, before, want):
        return super().plan(before, {k: want[k] for k in ("name", "slug", "position")})

    def create(self, want):
        create_environment(self.client, self.project_id, want["name"] or want["slug"], want["slug"], want["position"])

    def update(self, before, changes):
        fields = {field: new for field, (_old, new) in changes.items()}
        update_environment(self.client, self.project_id, before["id"], before["slug"], fields)

    def delete(self, before):
        delete_environment(self.client, self.project_id, before["id"], before["slug"])
