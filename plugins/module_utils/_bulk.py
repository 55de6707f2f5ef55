# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Many secrets of one folder at once: batch API functions, a pure planner, the reconciler.

Internal module: may change in any release.

A run is one list of the folder, a plan computed locally, then as few batch
writes as the API allows (chunks of at most :data:`CHUNK_ITEMS` items and well
under the server's 1 MiB body limit). Each batch is one transaction on the
server: it is applied completely or not at all, so after a failure the folder
holds exactly the batches reported as ``applied`` and a rerun converges.

Routes: ``secret.batch_*`` of the table in :mod:`._routes`. Where the batch
update takes no ``mode`` (2024 builds: an update of a missing key fails), new
secrets are created and updated in separate batches; where it requires
``secretValue`` on every item (2024 builds too), the current value is sent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re

from ansible_collections.secretops.infisical.plugins.module_utils import _validate
from ansible_collections.secretops.infisical.plugins.module_utils._diff import Fingerprinter, normalize_secret_value
from ansible_collections.secretops.infisical.plugins.module_utils._errors import InfisicalError, OptionError
from ansible_collections.secretops.infisical.plugins.module_utils._folder import create_folder_path
from ansible_collections.secretops.infisical.plugins.module_utils._routes import LISTS_MISSING_FOLDER_EMPTY
from ansible_collections.secretops.infisical.plugins.module_utils._secret import (
    MAX_BODY_BYTES,
    ScopeMissingError,
    SecretScope,
    body_size,
    check_text,
    list_secrets,
    normalize_secret,
    secret_value,
)
from ansible_collections.secretops.infisical.plugins.module_utils._tag import resolve_tag_ids

# The server takes any number of items per batch, but bodies are capped at 1 MiB;
# 100 items is what Infisical's own CLI sends, and the byte budget keeps large
# values (certificates, key files) well clear of the cap.
CHUNK_ITEMS = 100
CHUNK_BYTES = 512 * 1024

# Write kinds, in the order they are sent: nothing is deleted before every
# create and update went through.
KINDS = ("upsert", "create", "update", "delete")

_KEY_INVALID = re.compile(r"[^A-Z0-9_]")
FINGERPRINT_KEY_MIN = 16


# ---------------------------------------------------------------------------------------------
# pure helpers


def normalize_keys(names, option="secrets"):
    """``{original: normalized}``: upper-case, characters outside ``[A-Z0-9_]`` become ``_``.

    Two different keys that normalize to the same name are an :class:`OptionError`
    naming both, never a silent overwrite.
    """
    mapping = {}
    owner = {}
    for name in names:
        normalized = _KEY_INVALID.sub("_", name.upper())
        if normalized in owner and owner[normalized] != name:
            first, second = sorted([owner[normalized], name])
            raise OptionError(option, "has keys '%s' and '%s' that both become '%s' with normalize_keys=true"
                              % (first, second, normalized))
        owner[normalized] = name
        mapping[name] = normalized
    return mapping


def fingerprint(key, name, value):
    """HMAC-SHA256 (hex) of ``name:value`` keyed with ``key``; ``None`` when the value is unknown.

    The value is normalized the way the server stores it, so a fingerprint of a
    declared value equals the fingerprint of the stored one. Never unkeyed: a
    plain hash of a short password falls to a dictionary attack.
    """
    if value is None:
        return None
    if not key:
        raise ValueError("a fingerprint needs a key")
    message = ("%s:%s" % (name, normalize_secret_value(value))).encode("utf-8")
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def chunks(items, max_items=CHUNK_ITEMS, max_bytes=CHUNK_BYTES):
    """Split API items into lists of at most ``max_items`` items and about ``max_bytes`` of JSON."""
    batch, size = [], 0
    for item in items:
        item_size = len(json.dumps(item)) + 2
        if batch and (len(batch) >= max_items or size + item_size > max_bytes):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += item_size
    if batch:
        yield batch


def _as_value(name, value, option):
    # The same rule as infisical_secret's value; the option is named per key, never the value.
    return secret_value(value, "%s.%s" % (option, _validate.shown(name)))


def _value_texts(value):
    """Every text a declared value may be stored or shown as (never raises: it runs before validation)."""
    texts = set([str(value)])
    if isinstance(value, (list, tuple, dict)):
        # A refused value: core masks the texts inside it, keep them masked.
        for part in (list(value.items()) if isinstance(value, dict) else value):
            texts.update(_value_texts(part))
        return texts
    try:
        stored = secret_value(value, "value")
    except OptionError:
        return texts
    texts.update([stored, normalize_secret_value(stored)])
    return texts


def parse_desired(secrets, option="secrets", normalize=False):
    """``{name: {"value", "comment", "tags"}}`` from a dict (name -> value) or a list of items.

    ``None`` in ``comment``/``tags`` means unmanaged; a ``None`` value means the
    value of an existing secret is left alone (a create then needs one).
    """
    if secrets is None:
        return {}
    entries = []
    if isinstance(secrets, dict):
        for name, value in secrets.items():
            entries.append((str(name), {"value": _as_value(name, value, option), "comment": None, "tags": None}))
    elif isinstance(secrets, list):
        for index, item in enumerate(secrets):
            if not isinstance(item, dict) or "name" not in item:
                raise OptionError(option, "item %d must be a dictionary with at least 'name'" % (index + 1))
            unknown = sorted(set(item) - set(["name", "value", "comment", "tags"]))
            if unknown:
                raise OptionError(option, "item %d ('%s') has unknown keys: %s" % (index + 1, item["name"], ", ".join(unknown)))
            name = str(item["name"])
            comment = item.get("comment")
            tags = item.get("tags")
            if tags is not None and (not isinstance(tags, list) or not all(isinstance(t, str) for t in tags)):
                raise OptionError(option, "item '%s': tags must be a list of tag slugs" % name)
            entries.append((name, {
                "value": _as_value(name, item.get("value"), option),
                "comment": check_text(str(comment), "%s.%s.comment" % (option, _validate.shown(name))).strip() if comment is not None else None,
                "tags": sorted(set(tags)) if tags is not None else None,
            }))
    else:
        raise OptionError(option, "must be a dictionary (name: value) or a list of items (got a %s)" % type(secrets).__name__)

    names = [name for name, _item in entries]
    seen = set()
    for name in names:
        if name in seen:
            raise OptionError(option, "declares secret '%s' more than once" % name)
        seen.add(name)
    mapping = normalize_keys(names, option) if normalize else {name: name for name in names}
    desired = {}
    for name, item in entries:
        final = _validate.secret_name(mapping[name], option)
        if item["value"] is not None:
            item["value"] = normalize_secret_value(item["value"])
        desired[final] = item
    return desired


class SecretsPlan:
    """What a run does: sorted names per outcome, and the fields to write per name."""

    def __init__(self):
        self.created = []
        self.updated = []
        self.deleted = []
        self.unchanged = []
        self.changes = {}  # name -> {field: (old, new)} for created (old None) and updated

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted)

    def counts(self):
        return {"created": len(self.created), "updated": len(self.updated),
                "deleted": len(self.deleted), "unchanged": len(self.unchanged)}


def plan_secrets(current, desired, purge=False, update_value="always", state="present"):
    """Plan a folder: pure, no I/O.

    :param current: ``{name: {"value", "comment", "tags", "value_hidden"}}`` as listed.
    :param desired: ``{name: {"value", "comment", "tags"}}``; ``None`` fields are unmanaged.
    :param purge: delete secrets of the folder that are not in ``desired``.
    :param update_value: ``always``, or ``on_create`` (values of existing secrets are never compared).
    :param state: ``absent`` deletes the declared secrets that exist (values and ``purge`` ignored).
    :returns: a :class:`SecretsPlan`; every list sorted by name.
    """
    plan = SecretsPlan()
    if state == "absent":
        # Delete what is declared and exists; values are not compared, purge does not apply.
        plan.deleted = sorted(name for name in desired if name in current)
        return plan
    for name in sorted(desired):
        want = desired[name]
        have = current.get(name)
        if have is None:
            if want.get("value") is None:
                raise OptionError("secrets", "must give a value for secret '%s', which does not exist yet" % name)
            plan.created.append(name)
            plan.changes[name] = {field: (None, want[field]) for field in ("value", "comment", "tags") if want.get(field) is not None}
            continue
        changes = {}
        if want.get("value") is not None and update_value != "on_create":
            if have.get("value_hidden"):
                raise InfisicalError("Cannot compare the value of secret '%s': the server hides it from this identity "
                                     "(it may only describe secrets); grant read access or use update_value=on_create" % name)
            if have.get("value") != want["value"]:
                changes["value"] = (have.get("value"), want["value"])
        for field in ("comment", "tags"):
            if want.get(field) is not None and (have.get(field) if field != "tags" else sorted(have.get("tags") or [])) != want[field]:
                changes[field] = (have.get(field), want[field])
        if changes:
            plan.updated.append(name)
            plan.changes[name] = changes
        else:
            plan.unchanged.append(name)
    extra = sorted(name for name in current if name not in desired)
    if purge:
        plan.deleted = extra
    return plan


# ---------------------------------------------------------------------------------------------
# batch API functions


def _batch(client, scope, route, action, secrets, mode=None, confirm=None):
    body = dict(scope.fields(), secrets=secrets)
    if mode is not None:
        body["mode"] = mode
    return client.call(route, action, project=scope.project_id, body=body, confirm=confirm) or []


def _listed_names(client, scope):
    secrets, _imports = list_secrets(client, scope, with_values=False)
    return set(raw.get("secretKey") for raw in secrets)


def batch_create_secrets(client, scope, items, action=None):
    """``POST`` one batch of new secrets (``[{secretKey, secretValue, ...}]``); all or nothing."""
    names = [item["secretKey"] for item in items]
    action = action or "create %d secrets (%s)" % (len(items), scope.describe())

    def confirm():
        # The answer was lost: the batch landed if every key now exists (it is one transaction).
        listed = _listed_names(client, scope)
        return {"secrets": [{"secretKey": n} for n in names]} if all(n in listed for n in names) else None

    return _batch(client, scope, "secret.batch_create", action, items, confirm=confirm)


def batch_update_secrets(client, scope, items, mode="failOnNotFound", action=None):
    """``PATCH`` one batch; ``mode`` (``failOnNotFound``, ``upsert``, ``ignore``) only on current servers.

    Sending the same update twice is harmless (only ``version`` moves), so a lost
    answer is simply retried.
    """
    action = action or "%s %d secrets (%s)" % ("upsert" if mode == "upsert" else "update", len(items), scope.describe())
    if mode != "failOnNotFound" and not client.route("secret.batch_update").accepts("mode"):
        raise InfisicalError("Failed to %s: this server (an older Infisical) has no mode '%s' for batch updates" % (action, mode))
    return _batch(client, scope, "secret.batch_update", action, items, mode=None if mode == "failOnNotFound" else mode)


def batch_delete_secrets(client, scope, names, action=None):
    """``DELETE`` one batch of secrets by name; the server refuses the whole batch if one is missing."""
    action = action or "delete %d secrets (%s)" % (len(names), scope.describe())

    def confirm():
        listed = _listed_names(client, scope)
        return {"secrets": [{"secretKey": n} for n in names]} if not any(n in listed for n in names) else None

    items = [{"secretKey": name, "type": "shared"} for name in names]
    return _batch(client, scope, "secret.batch_delete", action, items, confirm=confirm)


class BatchError(InfisicalError):
    """A batch failed; earlier batches are applied (each batch is all-or-nothing)."""

    def __init__(self, label, scope, error, applied, pending):
        self.error = error
        self.applied = applied
        self.pending = pending
        # The error already says "Failed to apply batch 2 of 3 (create, 100 secrets) (scope): <server answer>".
        text = error.message if label in error.message else "Batch %s failed (%s): %s" % (label, scope.describe(), error.message)
        if applied:
            text += "; applied before the failure: %s" % ", ".join(
                "batch %d (%s, %d secrets)" % (b["batch"], b["kind"], b["count"]) for b in applied)
        else:
            text += "; nothing was changed"
        if pending:
            text += "; not attempted: %d more batch%s" % (pending, "es" if pending > 1 else "")
        text += "; each batch is all-or-nothing, so a rerun converges"
        super().__init__(text)

    def result_fields(self):
        fields = dict(self.error.result_fields())
        fields["applied"] = self.applied
        fields["changed"] = bool(self.applied)
        return fields


# ---------------------------------------------------------------------------------------------
# the reconciler


class SecretsReconciler:
    """One folder of secrets: one list, a plan, batch writes, the result.

    Used by ``infisical_secrets``; check mode computes the same plan and sends no write.
    """

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.client = module.client
        self.fingerprinter = Fingerprinter()

    # -- steps

    def setup(self):
        params = self.params
        reveal = bool(params.get("reveal_values"))
        # Before parsing, so that an error about one item names it instead of "secrets.********".
        self._unmask_declared_metadata(params.get("secrets"))
        self.desired = parse_desired(params.get("secrets"), normalize=bool(params.get("normalize_keys")))
        key = params.get("fingerprint_key")
        if key is not None and len(key) < FINGERPRINT_KEY_MIN:
            raise OptionError("fingerprint_key", "must be at least %d characters long" % FINGERPRINT_KEY_MIN)
        self.reveal = reveal
        self.scope = SecretScope.from_options(self.client, params)

    def _unmask_declared_metadata(self, secrets):
        """Keep names, comments and tags of list items readable in the result.

        ``secrets`` is ``no_log``, so core masks every string in it, names included,
        which would turn ``created: [DB_HOST]`` into ``********``. Only values are
        secret: give back the other strings unless one equals a declared value.
        """
        if not isinstance(secrets, list):
            return
        values = set()
        for item in secrets:
            value = item.get("value") if isinstance(item, dict) else None
            if value is not None:
                values.update(_value_texts(value))
        for item in secrets:
            if not isinstance(item, dict):
                continue
            texts = [item.get("name"), item.get("comment")] + list(item.get("tags") or [])
            for text in texts:
                if isinstance(text, str) and text not in values:
                    self.module.no_log_values.discard(text)

    def read(self):
        """``{name: normalized secret}`` of the folder, and whether the folder is missing."""
        try:
            raws, _imports = list_secrets(self.client, self.scope, with_values=True)
        except ScopeMissingError as exc:
            allowed = exc.kind == "folder" and (self.params.get("state") == "absent" or self.params.get("create_path"))
            if not allowed:
                raise
            return {}, True
        current = {}
        for raw in raws:
            if raw.get("type", "shared") != "shared":
                continue
            if not self.reveal:
                self.module.add_secret_value(raw.get("secretValue"))
            secret = normalize_secret(raw, self.scope)
            current[secret["name"]] = secret
        return current, False

    def ensure(self):
        self.setup()
        current, folder_missing = self.read()
        plan = plan_secrets(current, self.desired, purge=bool(self.params.get("purge_secrets")),
                            update_value=self.params.get("update_value") or "always",
                            state=self.params.get("state") or "present")
        batches = self.batches(plan, current)
        # Everything that can be refused is refused here, before the mode splits and before
        # the first write (folder or batch): tags exist, every batch fits the server's limit.
        if plan.changed:
            self._resolve_tags(batches)
            self._check_sizes(batches)
        if plan.changed and not self.module.check_mode:
            # Where a missing folder lists as empty, an empty folder may be a missing one.
            empty_may_be_missing = self.client.route("secret.list").has(LISTS_MISSING_FOLDER_EMPTY) and not current
            self.apply(plan, batches, folder_missing or empty_may_be_missing)
        return self.result(plan, current, batches)

    # -- writes

    def _item(self, name, fields, value_required, current):
        item = {"secretKey": name}
        if "value" in fields:
            item["secretValue"] = fields["value"]
        elif value_required:
            item["secretValue"] = current[name].get("value") or ""  # 2024 builds require it on every update
        if "comment" in fields:
            item["secretComment"] = fields["comment"]
        if "tags" in fields:
            item["tagIds"] = fields["tags"]  # slugs for now, resolved to ids before sending
        return item

    def batches(self, plan, current):
        """``[(kind, [items])]`` in sending order; tags still as slugs."""
        route = self.client.route("secret.batch_update")
        upserts = route.accepts("mode")  # 2024 builds have no upsert
        value_required = route.needs("secretValue")
        on_create = self.params.get("update_value") == "on_create"
        by_kind = {kind: [] for kind in KINDS}
        for name in plan.created:
            fields = {field: new for field, (_old, new) in plan.changes[name].items()}
            # An upsert also overwrites a secret created concurrently, which update_value=on_create must not do.
            kind = "upsert" if (upserts and not on_create) else "create"
            by_kind[kind].append(self._item(name, fields, value_required, current))
        for name in plan.updated:
            fields = {field: new for field, (_old, new) in plan.changes[name].items()}
            # Only an item carrying the declared value is safe to upsert: if the secret vanished
            # meanwhile, the upsert recreates it as declared (as a rerun would).
            kind = "upsert" if (upserts and "value" in fields) else "update"
            by_kind[kind].append(self._item(name, fields, value_required, current))
        by_kind["delete"] = list(plan.deleted)
        result = []
        for kind in KINDS:
            for chunk in chunks(by_kind[kind]):
                result.append((kind, chunk))
        return result

    def apply(self, plan, batches, maybe_missing_folder):
        if maybe_missing_folder and self.params.get("create_path") and (plan.created or plan.updated):
            # Current servers told us the folder is missing; 2024 builds list a missing folder
            # as empty, and creating a folder there is idempotent.
            create_folder_path(self.client, self.scope.project_id, self.scope.environment, self.scope.path)
        applied = []
        total = len(batches)
        for index, (kind, items) in enumerate(batches, start=1):
            label = "%d of %d (%s, %d secrets)" % (index, total, kind, len(items))
            action = "apply batch %s (%s)" % (label, self.scope.describe())
            try:
                if kind == "create":
                    batch_create_secrets(self.client, self.scope, items, action=action)
                elif kind == "upsert":
                    batch_update_secrets(self.client, self.scope, items, mode="upsert", action=action)
                elif kind == "update":
                    batch_update_secrets(self.client, self.scope, items, action=action)
                else:
                    batch_delete_secrets(self.client, self.scope, items, action=action)
            except InfisicalError as exc:
                raise BatchError(label, self.scope, exc, applied, total - index) from None
            applied.append({"batch": index, "kind": kind, "count": len(items),
                            "names": sorted(item if kind == "delete" else item["secretKey"] for item in items)})

    def _check_sizes(self, batches):
        """Refuse a run whose batch would exceed 1 MiB (only a single huge value can: chunks stay far below)."""
        for kind, items in batches:
            if kind == "delete":
                continue
            if body_size({"secrets": items}) > MAX_BODY_BYTES:
                biggest = max(items, key=body_size)
                raise OptionError("secrets.%s" % biggest["secretKey"],
                                  "is too large: its request would be %d bytes and Infisical refuses bodies over %d bytes (1 MiB); "
                                  "nothing was changed" % (body_size({"secrets": [biggest]}), MAX_BODY_BYTES))

    def _resolve_tags(self, batches):
        slugs = set()
        for kind, items in batches:
            if kind != "delete":
                for item in items:
                    slugs.update(item.get("tagIds") or [])
        if not any("tagIds" in item for kind, items in batches if kind != "delete" for item in items):
            return
        ids = dict(zip(sorted(slugs), resolve_tag_ids(self.client, self.scope.project_id, sorted(slugs), option="secrets")))
        for kind, items in batches:
            if kind != "delete":
                for item in items:
                    if "tagIds" in item:
                        item["tagIds"] = [ids[slug] for slug in item["tagIds"]]

    # -- result

    def after(self, plan, current):
        """The folder as it is after the run (predicted from the plan; no re-read)."""
        state = {name: dict(secret) for name, secret in current.items() if name not in plan.deleted}
        for name in plan.created + plan.updated:
            secret = state.setdefault(name, {"name": name, "value": None, "comment": "", "tags": []})
            for field, (_old, new) in plan.changes[name].items():
                secret[field] = new
        return state

    def _shown(self, secret):
        value = secret.get("value")
        if value is not None and not self.reveal:
            value = self.fingerprinter.marker(value)
        return {"value": value, "comment": secret.get("comment") or "", "tags": sorted(secret.get("tags") or [])}

    def result(self, plan, current, batches):
        after = self.after(plan, current)
        touched = plan.created + plan.updated + plan.deleted
        result = {
            "changed": plan.changed,
            "created": plan.created,
            "updated": plan.updated,
            "deleted": plan.deleted,
            "unchanged": plan.unchanged,
            "counts": plan.counts(),
            "batches": [{"kind": kind, "count": len(items)} for kind, items in batches] if plan.changed else [],
            "diff": {
                "before": {name: self._shown(current[name]) for name in sorted(touched) if name in current},
                "after": {name: self._shown(after[name]) for name in sorted(touched) if name in after},
            },
        }
        key = self.params.get("fingerprint_key")
        if key:
            result["fingerprints"] = {name: fingerprint(key, name, secret.get("value")) for name, secret in sorted(after.items())}
        return result
