# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""In-memory state of the emulator.

Everything is kept in plain dicts and lists so that the whole state can be written
to a JSON state file and read back.  Callers hold ``Store.lock`` while they use it.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import secrets as _secrets
import tempfile
import threading
import time
import uuid

ROLES = ("admin", "member", "viewer", "no-access")
ORG_ROLES = ("admin", "member", "no-access")

DEFAULT_ENVIRONMENTS = (("Development", "dev"), ("Staging", "staging"), ("Production", "prod"))


def new_id():
    return str(uuid.uuid4())


def now_iso(timestamp=None):
    moment = datetime.datetime.fromtimestamp(time.time() if timestamp is None else timestamp, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def hash_secret(value):
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def new_client_secret():
    return _secrets.token_hex(32)


def normalize_path(path, add_leading=True):
    """Trim, drop one trailing ``/`` and collapse empty segments; ``/`` for the root."""
    path = (path or "/").strip()
    parts = [part for part in path.split("/") if part]
    if not parts:
        return "/"
    if not add_leading and not path.startswith("/"):
        return "/".join(parts)
    return "/" + "/".join(parts)


def atomic_write_json(path, document):
    """Write ``document`` as JSON to ``path`` via a temporary file and ``os.replace``."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, tmp = tempfile.mkstemp(prefix=".emulator-", dir=directory)
    try:
        with os.fdopen(handle, "w") as stream:
            json.dump(document, stream)
        os.replace(tmp, path)
    except OSError:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def split_path(path):
    return [part for part in (path or "/").split("/") if part]


class Store:
    """The state: organisation, identities, tokens, projects, folders and secrets."""

    def __init__(self, clock=time.time):
        self.lock = threading.RLock()
        self.clock = clock  # the application's Clock (client secret TTLs)
        self.data = self.empty()

    @staticmethod
    def empty():
        return {
            "org": None,
            "identities": {},
            "tokens": {},
            "projects": {},
            "folders": {},
            "secrets": {},
            "signing_key": _secrets.token_hex(32),
        }

    # ---- persistence -------------------------------------------------

    def dump(self):
        return json.loads(json.dumps(self.data))

    def load(self, data):
        self.data = data

    # ---- organisation and identities ---------------------------------

    @property
    def org(self):
        return self.data["org"]

    def add_identity(self, name, org_role="member", identity_id=None, has_delete_protection=False):
        timestamp = now_iso()
        identity = {
            "id": identity_id or new_id(),
            "name": name,
            "orgRole": org_role,
            "hasDeleteProtection": has_delete_protection,
            # The organisation membership has its own id (``id`` in GET /api/v1/identities/:identityId).
            "membershipId": new_id(),
            "lastLoginAuthMethod": None,
            "lastLoginTime": None,
            "metadata": [],
            "createdAt": timestamp,
            "updatedAt": timestamp,
            "ua": None,
        }
        self.data["identities"][identity["id"]] = identity
        return identity

    def identity(self, identity_id):
        return self.data["identities"].get(identity_id)

    def identity_by_ref(self, ref):
        """An identity by id, else the first with that name."""
        if ref in self.data["identities"]:
            return self.data["identities"][ref]
        for identity in self.data["identities"].values():
            if identity["name"] == ref:
                return identity
        return None

    def attach_ua(self, identity, client_id=None, access_token_ttl=2592000, access_token_max_ttl=2592000,
                  access_token_num_uses_limit=0, lockout_enabled=True):
        timestamp = now_iso()
        identity["ua"] = {
            "id": new_id(),
            "identityId": identity["id"],
            "clientId": client_id or new_id(),
            "accessTokenTTL": access_token_ttl,
            "accessTokenMaxTTL": access_token_max_ttl,
            "accessTokenNumUsesLimit": access_token_num_uses_limit,
            "accessTokenPeriod": 0,
            "accessTokenTrustedIps": [{"type": "ipv4", "prefix": 0, "ipAddress": "0.0.0.0"},
                                      {"type": "ipv6", "prefix": 0, "ipAddress": "::"}],
            "clientSecretTrustedIps": [{"type": "ipv4", "prefix": 0, "ipAddress": "0.0.0.0"},
                                       {"type": "ipv6", "prefix": 0, "ipAddress": "::"}],
            "lockoutEnabled": lockout_enabled,
            "lockoutThreshold": 3,
            "lockoutDurationSeconds": 300,
            "lockoutCounterResetSeconds": 30,
            "createdAt": timestamp,
            "updatedAt": timestamp,
            "clientSecrets": {},
            "failures": [],
            "lockedUntil": 0,
        }
        return identity["ua"]

    def add_client_secret(self, identity, plaintext=None, description="", num_uses_limit=0, ttl=0):
        plaintext = plaintext or new_client_secret()
        timestamp = now_iso()
        record = {
            "id": new_id(),
            "description": description,
            "clientSecretPrefix": plaintext[:4],
            "clientSecretHash": hash_secret(plaintext),
            "clientSecretNumUses": 0,
            "clientSecretNumUsesLimit": num_uses_limit,
            "clientSecretTTL": ttl,
            "isClientSecretRevoked": False,
            "identityUAId": identity["ua"]["id"],
            "createdAt": timestamp,
            "createdAtEpoch": self.clock(),
            "updatedAt": timestamp,
        }
        identity["ua"]["clientSecrets"][record["id"]] = record
        return plaintext, record

    def ua_by_client_id(self, client_id):
        for identity in self.data["identities"].values():
            if identity["ua"] and identity["ua"]["clientId"] == client_id:
                return identity
        return None

    # ---- projects and environments -----------------------------------

    def add_project(self, name, slug, description=None, project_id=None, environments=None, project_type="secret-manager"):
        timestamp = now_iso()
        project = {
            "id": project_id or new_id(),
            "name": name,
            "slug": slug,
            "description": description,
            "type": project_type,
            "orgId": self.org["id"],
            "autoCapitalization": False,
            "enforceCapitalization": False,
            "hasDeleteProtection": False,
            "pitVersionLimit": 10,
            "secretSharing": True,
            "showSnapshotsLegacy": False,
            "kmsCertificateKeyId": None,
            "auditLogsRetentionDays": None,
            "version": 3,
            "upgradeStatus": None,
            "createdAt": timestamp,
            "updatedAt": timestamp,
            "environments": [],
            "memberships": {},
            "tags": {},
        }
        self.data["projects"][project["id"]] = project
        for name_, slug_ in (DEFAULT_ENVIRONMENTS if environments is None else environments):
            self.add_environment(project, name_, slug_)
        return project

    def project(self, project_id):
        if not isinstance(project_id, str):
            return None
        return self.data["projects"].get(project_id)

    def project_by_slug(self, slug):
        for project in self.data["projects"].values():
            if project["slug"] == slug:
                return project
        return None

    def add_environment(self, project, name, slug, position=None):
        timestamp = now_iso()
        envs = project["environments"]
        if position is None or position > len(envs) + 1:
            position = len(envs) + 1
        for env in envs:
            if env["position"] >= position:
                env["position"] += 1
        env = {
            "id": new_id(),
            "name": name,
            "slug": slug,
            "position": position,
            "projectId": project["id"],
            "createdAt": timestamp,
            "updatedAt": timestamp,
            "rootFolderId": None,
        }
        envs.append(env)
        envs.sort(key=lambda item: item["position"])
        root = self._new_folder(project, env, "root", None)
        env["rootFolderId"] = root["id"]
        return env

    @staticmethod
    def environment(project, slug):
        for env in project["environments"]:
            if env["slug"] == slug:
                return env
        return None

    def projects_of(self, identity_id):
        return [project for project in self.data["projects"].values() if identity_id in project["memberships"]]

    def set_membership(self, project, identity_id, roles):
        timestamp = now_iso()
        existing = project["memberships"].get(identity_id)
        membership = {
            "id": existing["id"] if existing else new_id(),
            "identityId": identity_id,
            "projectId": project["id"],
            "roles": [self.role_entry(role) for role in roles],
            "createdAt": existing["createdAt"] if existing else timestamp,
            "updatedAt": timestamp,
        }
        project["memberships"][identity_id] = membership
        return membership

    @staticmethod
    def role_entry(role):
        if isinstance(role, dict):
            entry = {"role": role.get("role", "no-access"), "isTemporary": bool(role.get("isTemporary", False))}
            for key in ("temporaryMode", "temporaryRange", "temporaryAccessStartTime", "temporaryAccessEndTime", "customRoleSlug"):
                if key in role:
                    entry[key] = role[key]
            return entry
        return {"role": role, "isTemporary": False}

    @staticmethod
    def roles_of(project, identity_id):
        membership = project["memberships"].get(identity_id)
        if membership is None:
            return None
        return [entry["role"] for entry in membership["roles"]]

    # ---- tags ----------------------------------------------------------

    def add_tag(self, project, slug, name=None, color=None, created_by=None):
        timestamp = now_iso()
        tag = {"id": new_id(), "slug": slug, "name": name or slug, "color": color, "projectId": project["id"],
               "createdAt": timestamp, "updatedAt": timestamp, "createdBy": created_by, "createdByActorType": "identity"}
        project["tags"][tag["id"]] = tag
        return tag

    @staticmethod
    def tag_by_slug(project, slug):
        for tag in project["tags"].values():
            if tag["slug"] == slug:
                return tag
        return None

    # ---- folders -------------------------------------------------------

    def _new_folder(self, project, env, name, parent, description=None):
        timestamp = now_iso()
        folder = {
            "id": new_id(),
            "name": name,
            "envId": env["id"],
            "envSlug": env["slug"],
            "projectId": project["id"],
            "parentId": parent["id"] if parent else None,
            "version": 1,
            "isReserved": False,
            "description": description,
            "lastSecretModified": None,
            "createdAt": timestamp,
            "updatedAt": timestamp,
            "children": {},
            "secrets": {},
        }
        self.data["folders"][folder["id"]] = folder
        if parent is not None:
            parent["children"][name] = folder["id"]
        return folder

    def folder(self, folder_id):
        if not isinstance(folder_id, str):
            return None
        return self.data["folders"].get(folder_id)

    def folder_by_path(self, env, path):
        """The folder at ``path`` in ``env``, or ``None``."""
        folder = self.data["folders"][env["rootFolderId"]]
        for part in split_path(path):
            child = folder["children"].get(part)
            if child is None:
                return None
            folder = self.data["folders"][child]
        return folder

    def ensure_folder(self, project, env, parent_path, name, description=None):
        """Create ``parent_path/name``, creating missing parents; returns (folder, created)."""
        parent = self.data["folders"][env["rootFolderId"]]
        for part in split_path(parent_path):
            child = parent["children"].get(part)
            parent = self.data["folders"][child] if child else self._new_folder(project, env, part, parent)
        existing = parent["children"].get(name)
        if existing:
            return self.data["folders"][existing], False
        return self._new_folder(project, env, name, parent, description), True

    def folder_path(self, folder):
        parts = []
        while folder["parentId"] is not None:
            parts.append(folder["name"])
            folder = self.data["folders"][folder["parentId"]]
        return "/" + "/".join(reversed(parts))

    def descendants(self, folder):
        """All folders under ``folder`` (depth first, sorted by name)."""
        result = []
        for name in sorted(folder["children"]):
            child = self.data["folders"][folder["children"][name]]
            result.append(child)
            result.extend(self.descendants(child))
        return result

    def delete_folder(self, folder):
        for child in list(self.descendants(folder)) + [folder]:
            for secret_id in list(child["secrets"].values()):
                self.data["secrets"].pop(secret_id, None)
            self.data["folders"].pop(child["id"], None)
        parent = self.data["folders"].get(folder["parentId"])
        if parent is not None:
            parent["children"].pop(folder["name"], None)

    def delete_environment(self, project, env):
        root = self.data["folders"][env["rootFolderId"]]
        self.delete_folder(root)
        project["environments"] = [item for item in project["environments"] if item["id"] != env["id"]]

    def delete_project(self, project):
        for env in list(project["environments"]):
            self.delete_environment(project, env)
        self.data["projects"].pop(project["id"], None)

    # ---- secrets -------------------------------------------------------

    def secret(self, secret_id):
        if not isinstance(secret_id, str):
            return None
        return self.data["secrets"].get(secret_id)

    def folder_secret(self, folder, key):
        secret_id = folder["secrets"].get(key)
        return self.data["secrets"].get(secret_id) if secret_id else None

    def add_secret(self, folder, key, value, comment="", tag_ids=None, metadata=None, skip_multiline=None,
                   reminder_note=None, reminder_days=None, actor=None):
        timestamp = now_iso()
        secret = {
            "id": new_id(),
            "key": key,
            "value": value,
            "comment": comment,
            "version": 1,
            "type": "shared",
            "folderId": folder["id"],
            "projectId": folder["projectId"],
            "environment": folder["envSlug"],
            "tagIds": list(tag_ids or []),
            "metadata": list(metadata or []),
            "skipMultilineEncoding": skip_multiline,
            "reminderNote": reminder_note,
            "reminderRepeatDays": reminder_days,
            "actor": actor,
            "createdAt": timestamp,
            "updatedAt": timestamp,
            "history": [],
        }
        secret["history"].append(self._snapshot(secret))
        self.data["secrets"][secret["id"]] = secret
        folder["secrets"][key] = secret["id"]
        folder["lastSecretModified"] = timestamp
        return secret

    @staticmethod
    def _snapshot(secret):
        return {key: secret[key] for key in ("version", "key", "value", "comment", "tagIds", "metadata",
                                             "skipMultilineEncoding", "reminderNote", "reminderRepeatDays",
                                             "updatedAt")}

    def update_secret(self, secret, changes, actor=None):
        """Apply ``changes`` (internal field names); always bumps the version."""
        folder = self.data["folders"][secret["folderId"]]
        new_key = changes.pop("key", None)
        if new_key is not None and new_key != secret["key"]:
            folder["secrets"].pop(secret["key"], None)
            folder["secrets"][new_key] = secret["id"]
            secret["key"] = new_key
        secret.update(changes)
        secret["version"] += 1
        secret["updatedAt"] = now_iso()
        secret["actor"] = actor
        folder["lastSecretModified"] = secret["updatedAt"]
        secret["history"].append(self._snapshot(secret))
        return secret

    def delete_secret(self, secret):
        folder = self.data["folders"].get(secret["folderId"])
        if folder is not None:
            folder["secrets"].pop(secret["key"], None)
            folder["lastSecretModified"] = now_iso()
        self.data["secrets"].pop(secret["id"], None)

    def secrets_in(self, folder):
        return [self.data["secrets"][secret_id] for _key, secret_id in sorted(folder["secrets"].items())]
