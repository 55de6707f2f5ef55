# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Secrets: API functions (the ``secret.*`` routes), normalisation, and the resource.

Internal module: may change in any release.

Every function takes a :class:`SecretScope` and sends one ``secret.*`` route of
the table in :mod:`._routes`, which knows each server's paths and parameters.
Reads always send ``expandSecretReferences=false`` and ``include_imports=false``
unless a caller asks otherwise, so what is compared is what is stored.
"""

from __future__ import annotations

import json

from ansible_collections.secretops.infisical.plugins.module_utils import _validate
from ansible_collections.secretops.infisical.plugins.module_utils._diff import normalize_secret_value
from ansible_collections.secretops.infisical.plugins.module_utils._errors import (
    ConflictError,
    InfisicalError,
    NotFoundError,
    OptionError,
)
from ansible_collections.secretops.infisical.plugins.module_utils._folder import create_folder_path
from ansible_collections.secretops.infisical.plugins.module_utils._resource import AlreadyExistsError, InfisicalResource
from ansible_collections.secretops.infisical.plugins.module_utils._project_api import resolve_project_id
from ansible_collections.secretops.infisical.plugins.module_utils._tag import resolve_tag_ids

HIDDEN_VALUE = "<hidden-by-infisical>"

# Infisical refuses request bodies over 1 MiB (real servers answer a bare 500 "Something went
# wrong", not 413, so the size is checked here, before the first write, to name the option).
MAX_BODY_BYTES = 1024 * 1024
# Room for what the scope, type and route add to the fields of one secret.
BODY_OVERHEAD = 1024


def secret_value(value, option):
    """A declared value as the string to store, or an :class:`OptionError` naming ``option``.

    The rule (documented with the options): strings as they are, booleans as
    ``true``/``false``, integers and floats in their decimal form (``str()``);
    lists, dictionaries and anything else are refused. A string that cannot be
    encoded as UTF-8 (an unpaired surrogate: non-UTF-8 bytes read from a file) is
    refused too, before any request; the message never contains the value.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        value = "true" if value else "false"
    elif isinstance(value, (int, float)):
        value = str(value)
    elif not isinstance(value, str):
        raise OptionError(option, "must be a string, a number or a boolean (got a %s)" % _type_name(value))
    check_text(value, option)
    return value


def check_text(text, option):
    """Refuse text the server cannot store as UTF-8 (without quoting it)."""
    if isinstance(text, str):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise OptionError(option, "is not valid UTF-8 text (undecodable byte at character %d, for example from a "
                                      "non-UTF-8 file; decode or base64-encode it first)" % (exc.start + 1)) from None
    return text


def _type_name(value):
    return {"list": "list", "dict": "dictionary"}.get(type(value).__name__, type(value).__name__)


def body_size(fields):
    """Bytes of a JSON request body holding ``fields`` (plus the scope), as ``requests`` encodes it."""
    return len(json.dumps(fields).encode("utf-8")) + BODY_OVERHEAD


def check_body_size(fields, option):
    size = body_size(fields)
    if size > MAX_BODY_BYTES:
        raise OptionError(option, "is too large: the request would be %d bytes and Infisical refuses bodies over %d bytes (1 MiB)"
                          % (size, MAX_BODY_BYTES))


class ScopeMissingError(InfisicalError):
    """The project, environment or folder of a scope does not exist.

    ``kind`` is ``project``, ``environment`` or ``folder``, told apart by the
    server's message (all three are plain 404s).
    """

    def __init__(self, scope, server_error, hint=None):
        self.scope = scope
        self.server_error = server_error
        text = (server_error.server_message or "").lower()
        if "project" in text or "workspace" in text:
            self.kind = "project"
            what = "Project '%s' was not found (option project_id/project)" % scope.project_label
        elif "environment" in text and ("folder" not in text or scope.path == "/"):
            # "Folder with path '/' ... not found": the root folder exists in every environment, so the environment does not.
            self.kind = "environment"
            what = "Environment '%s' was not found in project '%s' (option environment)" % (scope.environment, scope.project_label)
        else:
            self.kind = "folder"
            what = "Folder '%s' does not exist in environment '%s' (option path)" % (scope.path, scope.environment)
        if hint:
            what = "%s; %s" % (what, hint)
        # Quote only the server's answer: its full message re-describes the same scope.
        answer = "HTTP %s" % server_error.status
        if server_error.server_message:
            answer += " " + server_error.server_message
        if server_error.req_id:
            answer += " [reqId %s]" % server_error.req_id
        super().__init__("%s (server answered %s %s: %s)" % (what, server_error.method, server_error.path, answer))

    def result_fields(self):
        return self.server_error.result_fields()


def is_scope_missing(error):
    """A 404 about the project, environment or folder, rather than about the secret."""
    text = (error.server_message or "").lower()
    return isinstance(error, NotFoundError) and any(word in text for word in ("folder", "environment", "project", "workspace"))


class SecretScope:
    """Where secrets live: a project, an environment slug and a folder path."""

    def __init__(self, project_id, environment, path="/", project_label=None):
        self.project_id = project_id
        self.environment = environment
        self.path = path
        self.project_label = project_label or project_id

    @classmethod
    def from_options(cls, client, options):
        """Validate the scope options, then resolve ``project`` to an id (one request, only for a slug/name)."""
        environment = _validate.slug(options.get("environment"), "environment", "environment slug")
        path = _validate.secret_path(options.get("path"), "path")
        project_id = resolve_project_id(client, options.get("project_id"), options.get("project"))
        return cls(project_id, environment, path, options.get("project") or project_id)

    def describe(self):
        return "project '%s', environment '%s', path '%s'" % (self.project_label, self.environment, self.path)

    def fields(self):
        """The scope as query/body fields (the project goes separately: the route names it)."""
        return {"environment": self.environment, "secretPath": self.path}

    def key(self, url):
        return (url, self.project_id, self.environment, self.path)


def _read_query(scope, with_values, expand_references, include_imports):
    # 2024 builds take no viewSecretValue (the route table leaves it out there).
    return dict(scope.fields(), expandSecretReferences=bool(expand_references), include_imports=bool(include_imports),
                viewSecretValue=bool(with_values))


def list_secrets(client, scope, recursive=False, with_values=True, expand_references=False, include_imports=False):
    """``(secrets, imports)`` of one folder (or a tree with ``recursive``), raw API objects."""
    action = "list secrets (%s)" % scope.describe()

    query = _read_query(scope, with_values, expand_references, include_imports)
    if recursive:
        query["recursive"] = True
    try:
        data = client.call("secret.list", action, project=scope.project_id, query=query)
    except NotFoundError as exc:
        raise ScopeMissingError(scope, exc) from None
    return data.get("secrets") or [], data.get("imports") or []


def get_secret(client, scope, name, with_value=True):
    """The raw secret, or ``None`` when there is none of that name in the folder."""
    action = "read secret '%s' (%s)" % (name, scope.describe())

    query = dict(_read_query(scope, with_value, False, False), type="shared")
    try:
        return client.call("secret.get", action, project=scope.project_id, name=name, query=query)
    except NotFoundError as exc:
        if is_scope_missing(exc):
            raise ScopeMissingError(scope, exc) from None
        return None


def create_secret(client, scope, name, fields):
    """Create a shared secret; ``fields`` are API body fields (``secretValue``, ...)."""
    action = "create secret '%s' (%s)" % (name, scope.describe())

    body = dict(scope.fields(), type="shared", **fields)
    # If the answer is lost, re-read: the secret may exist now, and must not be created twice.
    return client.call("secret.create", action, project=scope.project_id, name=name, body=body,
                       confirm=lambda: _confirm_exists(client, scope, name))


def _confirm_exists(client, scope, name):
    found = get_secret(client, scope, name, with_value=False)
    return {"secret": found} if found is not None else None


def update_secret(client, scope, name, fields, current_value=None):
    """Update ``fields`` of a secret (never send an empty update: every PATCH bumps ``version``)."""
    action = "update secret '%s' (%s)" % (name, scope.describe())

    body = dict(scope.fields(), type="shared", **fields)
    # 2024 builds require the value on every PATCH: the route table sends it only there.
    return client.call("secret.update", action, project=scope.project_id, name=name, body=body,
                       fill={"secretValue": current_value})


def delete_secret(client, scope, name):
    """Delete a secret; ``False`` if it was already gone."""
    action = "delete secret '%s' (%s)" % (name, scope.describe())

    try:
        client.call("secret.delete", action, project=scope.project_id, name=name, body=dict(scope.fields(), type="shared"))
    except NotFoundError as exc:
        if is_scope_missing(exc):
            raise ScopeMissingError(scope, exc) from None
        return False
    return True


def normalize_secret(raw, scope=None):
    """An API secret as the collection shows it: snake_case, tags as sorted slugs."""
    tags = raw.get("tags") or []
    value = raw.get("secretValue")
    hidden = bool(raw.get("secretValueHidden")) or value == HIDDEN_VALUE
    return {
        "id": raw.get("id") or raw.get("_id"),
        "name": raw.get("secretKey"),
        "value": None if hidden else value,
        "value_hidden": hidden,
        "comment": raw.get("secretComment") or "",
        "tags": sorted(t.get("slug") for t in tags if isinstance(t, dict) and t.get("slug")),
        "tag_ids": sorted(t.get("id") for t in tags if isinstance(t, dict) and t.get("id")),
        "skip_multiline_encoding": bool(raw.get("skipMultilineEncoding")),
        "type": raw.get("type") or "shared",
        "version": raw.get("version"),
        "environment": raw.get("environment") or (scope.environment if scope else None),
        "path": raw.get("secretPath") or (scope.path if scope else None),
        "project_id": raw.get("workspace") or (scope.project_id if scope else None),
        "created_at": raw.get("createdAt"),
        "updated_at": raw.get("updatedAt"),
    }


# Keys of a normalized secret that are returned but never compared.
INTERNAL_FIELDS = ("value_hidden", "tag_ids", "type", "project_id")


def public_view(secret, reveal_values=False):
    """What a module returns: no ``value`` unless the user opted in, no internals."""
    if not secret:
        return {}
    shown = {k: v for k, v in secret.items() if k not in INTERNAL_FIELDS}
    if not reveal_values:
        shown.pop("value", None)
    return shown


class SecretResource(InfisicalResource):
    """One secret addressed by project, environment, path and name."""

    RESULT_KEY = "secret"
    SECRET_FIELDS = ("value",)
    COMPARED = ("value", "comment", "tags", "skip_multiline_encoding")

    def setup(self):
        params = self.params
        self.name = _validate.secret_name(params["name"])
        self.scope = SecretScope.from_options(self.client, params)
        self._folder_missing = False
        self._tag_ids = None

    # -- read

    def find(self):
        try:
            raw = get_secret(self.client, self.scope, self.name, with_value=True)
        except ScopeMissingError as exc:
            # A missing folder holds no secret: nothing to delete, and something to
            # create only when create_path allows it (check mode predicts the same).
            if exc.kind != "folder":
                raise
            if self.params["state"] == "present" and not self.params.get("create_path"):
                raise ScopeMissingError(exc.scope, exc.server_error, hint="set create_path=true to create it") from None
            self._folder_missing = True
            return None
        if raw is None:
            return None
        if not self.params.get("reveal_values"):
            self.module.add_secret_value(raw.get("secretValue"))
        return normalize_secret(raw, self.scope)

    def desired(self):
        params = self.params
        value = secret_value(params.get("value"), "value")
        comment = check_text(params.get("comment"), "comment")
        return {
            "name": self.name,
            "value": normalize_secret_value(value) if value is not None else None,
            "comment": comment.strip() if comment is not None else None,
            "tags": sorted(set(params["tags"])) if params.get("tags") is not None else None,
            "skip_multiline_encoding": params.get("skip_multiline_encoding"),
            "environment": self.scope.environment,
            "path": self.scope.path,
        }

    def plan(self, before, want):
        want = dict(want)
        if self.params.get("update_value") == "on_create":
            want["value"] = None  # set once at creation, never overwritten
        if want.get("tags") is not None and not self.params.get("purge_tags", True):
            want["tags"] = sorted(set(want["tags"]) | set(before.get("tags") or []))
        if want.get("value") is not None and before.get("value_hidden"):
            raise InfisicalError(
                "Cannot compare the value of secret '%s' (%s): the server hides it from this identity "
                "(it may only describe secrets); grant read access or use update_value=on_create" % (self.name, self.scope.describe()))
        return super().plan(before, {k: want.get(k) for k in self.COMPARED})

    # -- write

    def check(self, before, want):
        if before is None and want.get("value") is None:
            raise OptionError("value", "is required to create secret '%s' (%s)" % (self.name, self.scope.describe()))
        # Tags resolve here, before the mode splits and before create_path makes a folder.
        self._tag_ids = None
        if want.get("tags") is not None:
            slugs = set(want["tags"])
            if before is not None and not self.params.get("purge_tags", True):
                slugs |= set(before.get("tags") or [])
            by_slug = dict(zip(sorted(slugs), resolve_tag_ids(self.client, self.scope.project_id, sorted(slugs))))
            self._tag_ids = by_slug
        check_body_size(self._api_fields(want), "value")

    def create(self, want):
        fields = self._api_fields(want)
        if self._folder_missing:
            create_folder_path(self.client, self.scope.project_id, self.scope.environment, self.scope.path)
        try:
            create_secret(self.client, self.scope, self.name, fields)
        except ConflictError as exc:
            raise AlreadyExistsError(exc) from None

    def update(self, before, changes):
        fields = self._api_fields({field: new for field, (_old, new) in changes.items()})
        update_secret(self.client, self.scope, self.name, fields, current_value=before.get("value"))

    def delete(self, before):
        delete_secret(self.client, self.scope, self.name)

    def _api_fields(self, values):
        fields = {}
        if values.get("value") is not None:
            fields["secretValue"] = values["value"]
        if values.get("comment") is not None:
            fields["secretComment"] = values["comment"]
        if values.get("skip_multiline_encoding") is not None:
            fields["skipMultilineEncoding"] = values["skip_multiline_encoding"]
        if values.get("tags") is not None:
            ids = self._tag_ids or {}
            fields["tagIds"] = [ids.get(slug, slug) for slug in sorted(set(values["tags"]))]
        return fields

    def present(self, obj):
        return public_view(obj, self.params.get("reveal_values"))


def read_secrets(client, scope, name=None, recursive=False, with_values=False, expand_references=False, include_imports=False):
    """Normalized secrets of a scope, sorted by ``(path, name)``: the read behind ``_info`` and the lookup.

    With ``include_imports``, secrets imported into the folder are added where no
    secret of the folder itself has that name (the folder's own secret wins, as in
    Infisical), flagged ``imported: true``.
    """
    if name is not None and not recursive and not include_imports:
        raw = get_secret(client, scope, name, with_value=with_values)
        found = [normalize_secret(raw, scope)] if raw else []
    else:
        secrets, imports = list_secrets(client, scope, recursive=recursive, with_values=with_values,
                                        expand_references=expand_references, include_imports=include_imports)
        found = [normalize_secret(raw, scope) for raw in secrets]
        if include_imports:
            own = {(s["path"], s["name"]) for s in found}
            for block in imports:
                for raw in block.get("secrets") or []:
                    item = normalize_secret(raw, scope)
                    item.update(path=scope.path, environment=scope.environment, imported=True,
                                imported_from={"environment": block.get("environment"), "path": block.get("secretPath")})
                    if (item["path"], item["name"]) not in own:
                        own.add((item["path"], item["name"]))
                        found.append(item)
        if name is not None:
            found = [s for s in found if s["name"] == name]
    for item in found:
        item.setdefault("imported", False)
        if not with_values:
            item["value"] = None
    return sorted(found, key=lambda s: (s["path"] or "", s["name"] or ""))


def secrets_by_key(secrets, full_paths=False):
    """``{name: value}``, or ``{"/path/NAME": value}`` with ``full_paths`` (names repeat across folders)."""
    values = {}
    for secret in secrets:
        if full_paths:
            key = (secret["path"].rstrip("/") + "/" + secret["name"])
        else:
            key = secret["name"]
        values[key] = secret.get("value")
    return values
