# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Seed documents: defaults, resolution (filling in generated ids and credentials) and loading."""
from __future__ import annotations

import copy
import json
import re

from .secret_ops import normalize_value
from .store import DEFAULT_ENVIRONMENTS, ORG_ROLES, ROLES, Store, new_client_secret, new_id, normalize_path, now_iso, split_path


class SeedError(ValueError):
    """A seed document that cannot be loaded."""


DEFAULT_SEED = {
    "organization": {"name": "Emulator Org", "slug": "emulator-org"},
    "identities": [{"name": "emulator-admin", "org_role": "admin"}],
    "projects": [{"name": "Demo Project", "slug": "demo-project",
                  "environments": [{"name": name, "slug": slug} for name, slug in DEFAULT_ENVIRONMENTS]}],
}


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "project"


def read_seed_file(path):
    """Read a JSON or (when PyYAML is importable) YAML seed file."""
    with open(path, "r", encoding="utf-8") as stream:
        text = stream.read()
    if path.endswith((".yml", ".yaml")):
        try:
            import yaml  # pylint: disable=import-outside-toplevel
        except ImportError as exc:
            raise SeedError("PyYAML is not installed: use a JSON seed file (%s)" % path) from exc
        return yaml.safe_load(text) or {}
    try:
        return json.loads(text)
    except ValueError as exc:
        raise SeedError("Seed file %s is not valid JSON: %s" % (path, exc)) from exc


def resolve_seed(seed):
    """Return a copy of ``seed`` with every default, id and credential filled in.

    Loading a resolved seed twice gives the same ids and credentials (used by reset).
    """
    if seed is None:
        seed = DEFAULT_SEED
    if not isinstance(seed, dict):
        raise SeedError("A seed document must be a mapping")
    seed = copy.deepcopy(seed)
    org = seed.get("organization") or {}
    org.setdefault("id", new_id())
    org.setdefault("name", "Emulator Org")
    org.setdefault("slug", slugify(org["name"]))
    seed["organization"] = org

    if "identities" not in seed or seed["identities"] is None:
        seed["identities"] = copy.deepcopy(DEFAULT_SEED["identities"])
    for identity in seed["identities"]:
        identity.setdefault("id", new_id())
        identity.setdefault("name", "identity-" + identity["id"][:8])
        identity.setdefault("org_role", "member")
        if identity["org_role"] not in ORG_ROLES:
            raise SeedError("Unknown org_role %r for identity %r" % (identity["org_role"], identity["name"]))
        identity.setdefault("client_id", new_id())
        identity.setdefault("client_secret", new_client_secret())
        identity.setdefault("access_token_ttl", 2592000)
        identity.setdefault("access_token_max_ttl", 2592000)
        identity.setdefault("access_token_num_uses_limit", 0)
        identity.setdefault("lockout_enabled", True)

    if "projects" not in seed or seed["projects"] is None:
        seed["projects"] = copy.deepcopy(DEFAULT_SEED["projects"])
    bootstrap = bootstrap_identity(seed)
    for project in seed["projects"]:
        project.setdefault("id", new_id())
        project.setdefault("name", project.get("slug") or "Project")
        project.setdefault("slug", slugify(project["name"]))
        project.setdefault("description", None)
        if project.get("environments") is None:
            project["environments"] = [{"name": name, "slug": slug} for name, slug in DEFAULT_ENVIRONMENTS]
        if project.get("members") is None:
            project["members"] = [{"identity": bootstrap["id"], "roles": ["admin"]}] if bootstrap else []
        for member in project["members"]:
            for role in member.get("roles") or ["no-access"]:
                if isinstance(role, str) and role not in ROLES:
                    raise SeedError("Unknown project role %r" % role)
        project.setdefault("folders", [])
        project.setdefault("secrets", [])
        project.setdefault("tags", [])
    return seed


def bootstrap_identity(seed):
    """The identity whose credentials the info document shows: the first org admin, else the first."""
    identities = seed.get("identities") or []
    for identity in identities:
        if identity.get("org_role") == "admin":
            return identity
    return identities[0] if identities else None


def build_store(store, seed):
    """Replace the state of ``store`` with the resolved ``seed``."""
    store.load(Store.empty())
    org = seed["organization"]
    store.data["org"] = {"id": org["id"], "name": org["name"], "slug": org["slug"]}
    for item in seed["identities"]:
        identity = store.add_identity(item["name"], item["org_role"], identity_id=item["id"])
        # Auth methods the emulator lists but does not implement (token-auth, ...).
        identity["otherAuthMethods"] = list(item.get("other_auth_methods") or [])
        if not item.get("universal_auth", True):
            continue
        store.attach_ua(identity, client_id=item["client_id"], access_token_ttl=item["access_token_ttl"],
                        access_token_max_ttl=item["access_token_max_ttl"],
                        access_token_num_uses_limit=item["access_token_num_uses_limit"],
                        lockout_enabled=item["lockout_enabled"])
        store.add_client_secret(identity, item["client_secret"],
                                num_uses_limit=item.get("client_secret_num_uses_limit", 0),
                                ttl=item.get("client_secret_ttl", 0))
    creator = (bootstrap_identity(seed) or {}).get("id")
    for item in seed["projects"]:
        envs = [(env.get("name") or env["slug"], env["slug"]) for env in item["environments"]]
        project = store.add_project(item["name"], item["slug"], item["description"], project_id=item["id"], environments=envs)
        project["deletedEnvironments"] = [_deleted_environment(store, deleted) for deleted in item.get("deleted_environments") or []]
        for member in item["members"]:
            identity = store.identity_by_ref(member["identity"])
            if identity is None:
                raise SeedError("Project %r: unknown member identity %r" % (item["slug"], member["identity"]))
            store.set_membership(project, identity["id"], member.get("roles") or ["no-access"])
        for tag in item["tags"]:
            tag = {"slug": tag} if isinstance(tag, str) else tag
            store.add_tag(project, tag["slug"], tag.get("name"), tag.get("color"), created_by=creator)
        for folder in item["folders"]:
            env = _env(store, project, folder.get("environment", "dev"))
            parts = split_path(normalize_path(folder.get("path", "/")))
            if parts:
                store.ensure_folder(project, env, "/" + "/".join(parts[:-1]), parts[-1], folder.get("description"))
        for secret in item["secrets"]:
            env = _env(store, project, secret.get("environment", "dev"))
            parts = split_path(normalize_path(secret.get("path", "/")))
            if parts:
                target, _created = store.ensure_folder(project, env, "/" + "/".join(parts[:-1]), parts[-1])
            else:
                target = store.folder_by_path(env, "/")
            tag_ids = []
            for slug in secret.get("tags") or []:
                tag = store.tag_by_slug(project, slug) or store.add_tag(project, slug, created_by=creator)
                tag_ids.append(tag["id"])
            metadata = secret.get("metadata") or []
            if isinstance(metadata, dict):
                metadata = [{"key": key, "value": value} for key, value in sorted(metadata.items())]
            metadata = [{"key": item["key"], "value": str(item.get("value", "")), "isEncrypted": bool(item.get("isEncrypted", False))}
                        for item in metadata]
            store.add_secret(target, secret["key"], normalize_value(str(secret.get("value", ""))),
                             (secret.get("comment") or "").strip(), tag_ids=tag_ids, metadata=metadata)
    return store


def _deleted_environment(store, item):
    """A soft-deleted environment that current builds still list in the project for 14 days."""
    identity = store.identity_by_ref(item.get("deleted_by") or "")
    deleted_by = {"id": identity["id"], "name": identity["name"], "type": "identity"} if identity else None
    soft_deleted_at = item.get("soft_deleted_at") or now_iso()
    return {"id": item.get("id") or new_id(), "name": item.get("name") or item["slug"], "slug": item["slug"],
            "softDeletedAt": soft_deleted_at, "deleteAfter": item.get("delete_after") or soft_deleted_at, "deletedBy": deleted_by}


def _env(store, project, slug):
    env = store.environment(project, slug)
    if env is None:
        raise SeedError("Project %r has no environment %r" % (project["slug"], slug))
    return env


def info_document(seed, url, profile, pid, ca_file):
    """The JSON printed at start-up and served by ``GET /__emulator/info``."""
    identity = bootstrap_identity(seed) or {}
    project = (seed.get("projects") or [{}])[0]
    return {
        "url": url,
        "pid": pid,
        "profile": profile,
        "client_id": identity.get("client_id"),
        "client_secret": identity.get("client_secret"),
        "identity_id": identity.get("id"),
        "organization_id": seed["organization"]["id"],
        "organization_slug": seed["organization"]["slug"],
        "project_id": project.get("id"),
        "project_slug": project.get("slug"),
        "ca_file": ca_file,
    }
