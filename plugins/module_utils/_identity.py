# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Machine identities, their Universal Auth configuration and client secrets.

Internal module: may change in any release.

* Identities (``/api/v1/identities``) are keyed by id. Names are **not** unique in
  Infisical: a lookup by name lists the organisation and fails with
  :class:`AmbiguousMatchError` when several identities share the name.
* Universal Auth (``/api/v1/auth/universal-auth/identities/:id``) is managed as a
  part of the identity: attached, updated (only the fields that differ) or removed.
  Trusted IPs go in as ``10.0.0.0/8`` and come back as ``{ipAddress, prefix}``;
  both sides are normalised to sorted CIDR strings before comparing.
* Client secrets are immutable: matched by description, created (the plaintext is
  returned once) or revoked.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import re

from ansible_collections.secretops.infisical.plugins.module_utils._diff import changed_fields
from ansible_collections.secretops.infisical.plugins.module_utils._errors import (
    AmbiguousMatchError,
    BadRequestError,
    InfisicalError,
    OptionError,
    RouteNotFoundError,
    ServerError,
)
from ansible_collections.secretops.infisical.plugins.module_utils._resource import InfisicalResource

UA_METHOD = "universal-auth"
MAX_TTL = 315360000

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

# Universal Auth: option name -> (API field, minimum, maximum, default on attach).
UA_FIELDS = {
    "access_token_ttl": ("accessTokenTTL", 0, MAX_TTL, 2592000),
    "access_token_max_ttl": ("accessTokenMaxTTL", 0, MAX_TTL, 2592000),
    "access_token_num_uses_limit": ("accessTokenNumUsesLimit", 0, None, 0),
    "access_token_period": ("accessTokenPeriod", 0, None, 0),
    "access_token_trusted_ips": ("accessTokenTrustedIps", None, None, ["0.0.0.0/0", "::/0"]),
    "client_secret_trusted_ips": ("clientSecretTrustedIps", None, None, ["0.0.0.0/0", "::/0"]),
    "lockout_enabled": ("lockoutEnabled", None, None, True),
    "lockout_threshold": ("lockoutThreshold", 1, 30, 3),
    "lockout_duration_seconds": ("lockoutDurationSeconds", 30, 86400, 300),
    "lockout_counter_reset_seconds": ("lockoutCounterResetSeconds", 5, 3600, 30),
}
IP_FIELDS = ("access_token_trusted_ips", "client_secret_trusted_ips")


# ---------------------------------------------------------------- validation and normalisation


def identity_id(value, option="identity_id"):
    """Identity ids are UUIDs (anything else makes the server answer 500)."""
    if not value or not _UUID.fullmatch(value):
        raise OptionError(option, "must be an identity id (a UUID; got '%s')" % value)
    return value.lower()


def normalize_cidr(value, option="universal_auth"):
    """``10.1.2.3/8`` -> ``10.0.0.0/8``; a bare address gets its full prefix (``/32``, ``/128``)."""
    try:
        return str(ipaddress.ip_network(str(value).strip(), strict=False))
    except ValueError:
        raise OptionError(option, "holds '%s', which is not a valid IPv4 or IPv6 address or CIDR block" % value) from None


def normalize_ip_list(values, option="universal_auth"):
    """A set of trusted IPs as sorted CIDR strings (IPv4 before IPv6)."""
    networks = {ipaddress.ip_network(normalize_cidr(v, option)) for v in values}
    return [str(n) for n in sorted(networks, key=lambda n: (n.version, n.network_address, n.prefixlen))]


def ips_from_api(entries):
    """``[{ipAddress: "10.0.0.0", prefix: 8}, {ipAddress: "1.2.3.4"}]`` -> ``["1.2.3.4/32", "10.0.0.0/8"]``."""
    values = []
    for entry in entries or []:
        address = entry.get("ipAddress") if isinstance(entry, dict) else entry
        if address is None:
            continue
        prefix = entry.get("prefix") if isinstance(entry, dict) else None
        values.append("%s/%s" % (address, prefix) if prefix is not None and "/" not in str(address) else address)
    return normalize_ip_list(values)


def ips_to_api(values):
    return [{"ipAddress": value} for value in values]


def normalize_universal_auth(raw):
    """The API's ``identityUniversalAuth`` in snake_case, without server bookkeeping."""
    if not raw:
        return None
    shown = {"client_id": raw.get("clientId")}
    for option, (field, _lo, _hi, _default) in UA_FIELDS.items():
        if field not in raw:
            continue  # 2024 builds lack the lockout settings and the period
        shown[option] = ips_from_api(raw[field]) if option in IP_FIELDS else raw[field]
    return shown


def desired_universal_auth(options):
    """The Universal Auth settings the user manages: ``None`` (unmanaged), ``False`` (remove) or a dict."""
    if options is None:
        return None
    if options.get("state") == "absent":
        return False
    wanted = {}
    for option, (_field, low, high, _default) in UA_FIELDS.items():
        value = options.get(option)
        if value is None:
            continue
        if option in IP_FIELDS:
            if not value:
                raise OptionError("universal_auth.%s" % option, "needs at least one IP address or CIDR block (use 0.0.0.0/0 and ::/0 to allow all)")
            value = normalize_ip_list(value, "universal_auth.%s" % option)
        elif low is not None and (value < low or (high is not None and value > high)):
            raise OptionError("universal_auth.%s" % option, "must be between %d and %s (got %s)" % (low, high if high is not None else "unlimited", value))
        wanted[option] = value
    return wanted


def check_ttls(current, wanted):
    """Infisical's rule, applied before any write: the access token TTL must not exceed the max TTL.

    On attach (``current`` is ``None``) the server checks it even when the max TTL is
    0; on update only when both are non-zero.
    """
    attach = current is None
    base = current or {}
    ttl = wanted.get("access_token_ttl", base.get("access_token_ttl", 2592000 if attach else None))
    max_ttl = wanted.get("access_token_max_ttl", base.get("access_token_max_ttl", 2592000 if attach else None))
    if ttl is None or max_ttl is None:
        return
    if (attach or (ttl and max_ttl)) and ttl > max_ttl:
        raise OptionError("universal_auth.access_token_ttl",
                          "must not be greater than universal_auth.access_token_max_ttl (%s > %s)" % (ttl, max_ttl))


def plan_universal_auth(current, wanted):
    """``(operation, fields)``: ``attach``/``update``/``remove``/``None`` and the options to send."""
    if wanted is None:
        return None, {}
    if wanted is False:
        return ("remove", {}) if current else (None, {})
    check_ttls(current, wanted)
    if current is None:
        return "attach", dict(wanted)
    changes = {k: v for k, v in wanted.items() if current.get(k) != v}
    return ("update", changes) if changes else (None, {})


def predict_universal_auth(current, operation, fields):
    """The configuration after ``operation``, for check mode (no client id for a new attachment)."""
    if operation == "remove":
        return None
    if operation == "attach":
        predicted = {option: (list(spec[3]) if isinstance(spec[3], list) else spec[3]) for option, spec in UA_FIELDS.items()}
        predicted.update(fields)
        return predicted
    predicted = dict(current or {})
    predicted.update(fields)
    return predicted


def ua_body(fields):
    body = {}
    for option, value in fields.items():
        api_field = UA_FIELDS[option][0]
        body[api_field] = ips_to_api(value) if option in IP_FIELDS else value
    return body


def metadata_from_api(items):
    return {str(item.get("key")): item.get("value") for item in items or [] if isinstance(item, dict)}


def normalize_identity(raw, universal_auth=None):
    """An identity as the collection shows it, from the org-membership shape or the bare identity."""
    nested = raw.get("identity") if isinstance(raw.get("identity"), dict) else {}
    role = raw.get("role")
    custom = raw.get("customRole")
    if role == "custom" and isinstance(custom, dict) and custom.get("slug"):
        role = custom["slug"]
    metadata = raw.get("metadata") if raw.get("metadata") is not None else nested.get("metadata")
    methods = nested.get("authMethods") if nested.get("authMethods") is not None else raw.get("authMethods")
    if methods is None:
        # 2024 builds name one method, ``identity.authMethod`` (``null`` when none).
        single = nested.get("authMethod") if "authMethod" in nested else raw.get("authMethod")
        methods = [single] if single else []
    return {
        "id": nested.get("id") or raw.get("identityId") or raw.get("id"),
        "name": nested.get("name") if nested.get("name") is not None else raw.get("name"),
        "role": role,
        "has_delete_protection": bool(nested.get("hasDeleteProtection", raw.get("hasDeleteProtection", False))),
        "metadata": metadata_from_api(metadata),
        "auth_methods": sorted(methods or []),
        "organization_id": raw.get("orgId"),
        "universal_auth": universal_auth,
        "created_at": raw.get("createdAt"),
        "updated_at": raw.get("updatedAt"),
    }


# ---------------------------------------------------------------- API functions


def token_identity_id(token):
    """The ``identityId`` claim of an Infisical access token (a JWT), or ``None``.

    The payload is only decoded, not verified: the server verifies the token on
    every request; here it merely names the caller.
    """
    parts = str(token or "").split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")).decode("utf-8"))
    except (ValueError, UnicodeError, binascii.Error):
        return None
    value = claims.get("identityId") if isinstance(claims, dict) else None
    return str(value) if value else None


def get_organization_id(client):
    """The organisation of the caller's token.

    Current servers answer ``identity.details``; where that route is missing (2024
    builds: the path then matches ``/identities/:identityId`` and answers 500), the
    token's ``identityId`` claim is read and that identity's ``orgId`` asked for.
    """
    action = "read the organization of the access token"

    def from_details():
        details = client.call("identity.details", action)
        return ((details or {}).get("organization") or {}).get("id")

    def from_token():
        ident = token_identity_id(client.auth.token(client) if client.auth else None)
        if not ident:
            raise OptionError("organization_id", "is required: this Infisical server does not tell an identity its organization "
                                                 "and the access token names no identity")
        raw = get_identity(client, ident)
        return (raw or {}).get("orgId")

    try:
        org = from_details()  # raised without a request where the route table knows it is missing
    except (RouteNotFoundError, ServerError):
        org = from_token()
    if not org:
        raise InfisicalError("Failed to %s: the answer carried no organization id; set the option organization_id" % action)
    return org


def get_identity(client, ident):
    """The raw identity (org-membership shape) or ``None``."""
    return client.call("identity.get", "read identity '%s'" % ident, identity=ident)


def list_identities(client, org_id):
    return client.call("identity.list", "list the identities of organization '%s'" % org_id, query={"orgId": org_id}) or []


def find_identities_by_name(client, org_id, name):
    """Raw identities named ``name`` (names are not unique)."""
    return [item for item in list_identities(client, org_id) if normalize_identity(item)["name"] == name]


def resolve_identity(client, ident=None, name=None, org_id=None, required=True, option="identity"):
    """``(id, raw)`` of the identity given by id or by a unique name; ``(None, None)`` when missing and not ``required``."""
    if ident:
        raw = get_identity(client, ident)
        if raw is None and required:
            raise OptionError(option + "_id", "names no identity visible to this token (got '%s')" % ident)
        return (ident if raw is not None else None), raw
    matches = find_identities_by_name(client, org_id, name)
    if len(matches) > 1:
        raise AmbiguousMatchError("Identity name", name, [normalize_identity(m)["id"] for m in matches])
    if not matches:
        if required:
            raise OptionError(option, "names no identity in organization '%s' (got '%s')" % (org_id, name))
        return None, None
    found_id = normalize_identity(matches[0])["id"]
    return found_id, get_identity(client, found_id) or matches[0]


def create_identity(client, body, confirm=None):
    return client.call("identity.create", "create identity '%s'" % body.get("name"), body=body, confirm=confirm)


def update_identity(client, ident, body):
    return client.call("identity.update", "update identity '%s'" % ident, identity=ident, body=body)


def delete_identity(client, ident):
    return client.call("identity.delete", "delete identity '%s'" % ident, identity=ident) is not None


def get_universal_auth(client, ident):
    return client.call("universal_auth.get", "read the Universal Auth configuration of identity '%s'" % ident, identity=ident)


def attach_universal_auth(client, ident, body):
    action = "attach Universal Auth to identity '%s'" % ident

    def confirm():
        found = get_universal_auth(client, ident)
        return {"identityUniversalAuth": found} if found else None

    return client.call("universal_auth.attach", action, identity=ident, body=body, confirm=confirm)


def update_universal_auth(client, ident, body):
    return client.call("universal_auth.update", "update the Universal Auth configuration of identity '%s'" % ident,
                       identity=ident, body=body)


def remove_universal_auth(client, ident):
    try:
        client.call("universal_auth.remove", "remove Universal Auth from identity '%s'" % ident, identity=ident)
    except BadRequestError as exc:
        if "does not have universal auth" in (exc.server_message or ""):
            return False
        raise
    return True


def list_client_secrets(client, ident):
    """Raw non-revoked client secrets; ``None`` when the identity has no Universal Auth."""
    try:
        listed = client.call("client_secret.list", "list the client secrets of identity '%s'" % ident, identity=ident)
    except BadRequestError as exc:
        if "does not have universal auth" in (exc.server_message or ""):
            return None
        raise
    return listed or []


def get_client_secret(client, ident, secret_id):
    try:
        return client.call("client_secret.get", "read client secret '%s' of identity '%s'" % (secret_id, ident),
                           identity=ident, secret=secret_id)
    except BadRequestError as exc:
        if "does not have universal auth" in (exc.server_message or ""):
            return None
        raise


def create_client_secret(client, ident, body, confirm=None):
    """``(plaintext, data)``; the plaintext exists only in this answer."""
    data = client.call("client_secret.create", "create a client secret for identity '%s'" % ident,
                       identity=ident, body=body, confirm=confirm)
    return data.get("clientSecret"), data.get("clientSecretData")


def revoke_client_secret(client, ident, secret_id):
    return client.call("client_secret.revoke", "revoke client secret '%s' of identity '%s'" % (secret_id, ident),
                       identity=ident, secret=secret_id, replayable=True)


def normalize_client_secret(raw):
    if not raw:
        return None
    return {
        "id": raw.get("id"),
        "description": raw.get("description") or "",
        "client_secret_prefix": raw.get("clientSecretPrefix"),
        "ttl": raw.get("clientSecretTTL"),
        "num_uses_limit": raw.get("clientSecretNumUsesLimit"),
        "num_uses": raw.get("clientSecretNumUses"),
        "revoked": bool(raw.get("isClientSecretRevoked")),
        "created_at": raw.get("createdAt"),
        "updated_at": raw.get("updatedAt"),
    }


def serves_delete_protection(raw):
    """Whether an identity answer comes from a build with identity delete protection (2024 builds have none)."""
    nested = raw.get("identity") if isinstance(raw.get("identity"), dict) else {}
    return "hasDeleteProtection" in nested or "hasDeleteProtection" in raw


def read_identity(client, raw):
    """The normalized identity with its Universal Auth configuration (one more read when attached)."""
    found = normalize_identity(raw)
    if UA_METHOD in found["auth_methods"] or raw.get("authMethod") == UA_METHOD:
        found["universal_auth"] = normalize_universal_auth(get_universal_auth(client, found["id"]))
    return found


# ---------------------------------------------------------------- resources


class OrganizationMixin:
    """The organisation id from ``organization_id`` or the token (read once)."""

    _org_id = None

    @property
    def org_id(self):
        if self._org_id is None:
            self._org_id = self.params.get("organization_id") or get_organization_id(self.client)
        return self._org_id

    def require_identity(self, name_option="identity"):
        """Normalise ``identity_id``; one of it and ``name_option`` must be set."""
        params = self.params
        if params.get("identity_id"):
            params["identity_id"] = identity_id(params["identity_id"])
        if not params.get("identity_id") and not params.get(name_option):
            raise OptionError("identity_id", "or the option %s is required" % name_option)


class IdentityResource(OrganizationMixin, InfisicalResource):
    """One machine identity, with its Universal Auth configuration."""

    RESULT_KEY = "identity"
    COMPARED = ("name", "role", "has_delete_protection", "metadata")

    def setup(self):
        params = self.params
        self.require_identity(name_option="name")
        self.key_id = params.get("identity_id")
        self.ua_wanted = desired_universal_auth(params.get("universal_auth")) if params["state"] == "present" else None
        self.ua_operation, self.ua_fields = None, {}

    def find(self):
        key = self.key_id
        ident, raw = resolve_identity(self.client, key, self.params.get("name"), None if key else self.org_id,
                                      required=False, option="name")
        if ident is None:
            if self.params.get("identity_id") and self.params["state"] == "present":
                raise OptionError("identity_id", "names no identity visible to this token (got '%s'); "
                                                 "omit it to create an identity by name" % self.params["identity_id"])
            return None
        self._sample = raw
        return read_identity(self.client, raw)

    _sample = None  # a raw identity of this server: its shape tells what the build supports

    def _delete_protection_served(self):
        if self._sample is None:
            # Creating: any identity of the organisation shows the build (the caller's own is listed).
            listed = list_identities(self.client, self.org_id)
            self._sample = listed[0] if listed else {"hasDeleteProtection": None}
        return serves_delete_protection(self._sample)

    def desired(self):
        params = self.params
        if params.get("delete_protection") and not self._delete_protection_served():
            # 2024 builds drop the field silently: the identity would stay deletable, every run a change.
            raise OptionError("delete_protection", "is not supported by this older Infisical server "
                                                   "(2024 builds have no identity delete protection)")
        metadata = params.get("metadata")
        return {
            "name": params.get("name"),
            "role": params.get("role"),
            "has_delete_protection": params.get("delete_protection"),
            "metadata": {str(k): str(v) for k, v in metadata.items()} if metadata is not None else None,
            # Shown in a predicted create only; planning uses self.ua_wanted.
            "universal_auth": predict_universal_auth(None, "attach", self.ua_wanted) if self.ua_wanted else None,
        }

    def check(self, before, want):
        if before is None:
            # The create's preconditions: here they fail in check mode too, and before
            # the identity exists (a refused attach would leave it half-made).
            if not want.get("name"):
                raise OptionError("name", "is required to create an identity")
            if self.ua_wanted:
                check_ttls(None, self.ua_wanted)

    def plan(self, before, want):
        changes = changed_fields(before, {k: want.get(k) for k in self.COMPARED})
        operation, fields = plan_universal_auth(before.get("universal_auth"), self.ua_wanted)
        self.ua_operation, self.ua_fields = operation, fields
        if operation:
            changes["universal_auth"] = (before.get("universal_auth"),
                                         predict_universal_auth(before.get("universal_auth"), operation, fields))
        return changes

    def ensure(self):
        result = super().ensure()
        shown = result.get(self.RESULT_KEY) or {}
        result["client_id"] = (shown.get("universal_auth") or {}).get("client_id")
        return result

    def create(self, want):
        body = {"name": want["name"], "organizationId": self.org_id, "role": want.get("role") or "no-access"}
        if want.get("has_delete_protection") is not None:
            body["hasDeleteProtection"] = want["has_delete_protection"]
        if want.get("metadata"):
            body["metadata"] = [{"key": k, "value": v} for k, v in sorted(want["metadata"].items())]

        def confirm():
            # Names are not unique, so a retried create would make a second identity:
            # if the first attempt landed, the name now exists (find() saw none before).
            matches = find_identities_by_name(self.client, self.org_id, want["name"])
            return {"identity": matches[0]} if len(matches) == 1 else None

        raw = create_identity(self.client, body, confirm=confirm)
        self.key_id = normalize_identity(raw)["id"]  # the re-read finds it by id
        if self.ua_wanted is not None and self.ua_wanted is not False:
            attach_universal_auth(self.client, self.key_id, ua_body(self.ua_wanted))

    def update(self, before, changes):
        ident = before["id"]
        fields = {k: new for k, (_old, new) in changes.items() if k in self.COMPARED}
        if fields:
            body = {"name": fields.get("name", before["name"])}  # hasDeleteProtection=false alone is ignored
            if "role" in fields:
                body["role"] = fields["role"]
            if "has_delete_protection" in fields:
                body["hasDeleteProtection"] = fields["has_delete_protection"]
            if "metadata" in fields:
                body["metadata"] = [{"key": k, "value": v} for k, v in sorted(fields["metadata"].items())]
            update_identity(self.client, ident, body)
        if self.ua_operation == "attach":
            attach_universal_auth(self.client, ident, ua_body(self.ua_fields))
        elif self.ua_operation == "update":
            update_universal_auth(self.client, ident, ua_body(self.ua_fields))
        elif self.ua_operation == "remove":
            remove_universal_auth(self.client, ident)
        self.key_id = ident

    def delete(self, before):
        delete_identity(self.client, before["id"])

    def present(self, obj):
        if not obj:
            return {}
        shown = dict(obj)
        shown.setdefault("universal_auth", None)
        return shown


class ClientSecretResource(OrganizationMixin, InfisicalResource):
    """Client secrets of one identity: immutable, matched by description, created or revoked.

    The engine's update path does not fit an immutable object, so ``ensure()`` is
    specialised here; check mode is still decided in one place and never creates.
    """

    RESULT_KEY = "client_secret"

    def setup(self):
        params = self.params
        self.require_identity()
        if params["state"] == "present" and params.get("client_secret_id"):
            raise OptionError("client_secret_id", "selects a client secret to revoke; it is only used with state=absent")
        if params["state"] == "absent" and params.get("client_secret_id") is None and params.get("description") is None:
            raise OptionError("description", "or the option client_secret_id is required with state=absent")
        if params["state"] == "present" and params.get("description") is None:
            raise OptionError("description", "is required with state=present: client secrets are matched by description")
        for option in ("ttl", "num_uses_limit"):
            value = params.get(option)
            if value is not None and (value < 0 or (option == "ttl" and value > MAX_TTL)):
                raise OptionError(option, "must be between 0 and %s (got %s)" % (MAX_TTL if option == "ttl" else "unlimited", value))
        self.ident, _raw = resolve_identity(self.client, params.get("identity_id"), params.get("identity"),
                                            None if params.get("identity_id") else self.org_id,
                                            required=params["state"] == "present")

    def _matches(self):
        if self.ident is None:
            return None  # state=absent and no such identity: nothing to revoke
        listed = list_client_secrets(self.client, self.ident)
        if listed is None:
            return None
        wanted = self.params.get("description")
        found = [normalize_client_secret(raw) for raw in listed]
        if self.params.get("client_secret_id"):
            return [item for item in found if item["id"] == self.params["client_secret_id"]]
        return sorted((item for item in found if item["description"] == wanted),
                      key=lambda item: (item["created_at"] or "", item["id"] or ""))

    def ensure(self):
        self.setup()
        check_mode = self.module.check_mode
        matches = self._matches()
        result_extra = {"client_secret_value": None, "identity_id": self.ident}

        if self.params["state"] == "absent":
            if not matches:
                return dict(self._result("none", None, None), revoked=[], **result_extra)
            if not check_mode:
                for item in matches:
                    revoke_client_secret(self.client, self.ident, item["id"])
            newest = matches[-1]
            return dict(self._result("delete", newest, None), revoked=[item["id"] for item in matches], **result_extra)

        if matches is None:
            raise InfisicalError("Cannot create a client secret for identity '%s': it has no Universal Auth "
                                 "(attach it with secretops.infisical.infisical_identity option universal_auth)" % self.ident)
        current = matches[-1] if matches else None
        if current is not None and not self.params.get("rotate"):
            for option in ("ttl", "num_uses_limit"):
                want = self.params.get(option)
                if want is not None and want != current[option]:
                    self.module.warn("Client secret '%s' of identity '%s' has %s=%s, not %s; client secrets cannot be changed, "
                                     "set rotate=true to replace it" % (current["description"], self.ident, option, current[option], want))
            return dict(self._result("none", current, current), revoked=[], **result_extra)

        want = {"description": self.params["description"], "ttl": self.params.get("ttl") or 0,
                "num_uses_limit": self.params.get("num_uses_limit") or 0, "revoked": False}
        operation = "update" if current is not None else "create"
        if check_mode:
            return dict(self._result(operation, current, want), revoked=[item["id"] for item in matches], **result_extra)
        body = {"description": want["description"], "ttl": want["ttl"], "numUsesLimit": want["num_uses_limit"]}
        known = set(item["id"] for item in matches)

        def confirm():
            # The answer was lost, and with it the only copy of the plaintext: revoke a
            # secret that landed anyway, then create another whose value we receive.
            for raw_item in list_client_secrets(self.client, self.ident) or []:
                item = normalize_client_secret(raw_item)
                if item["description"] == want["description"] and item["id"] not in known:
                    revoke_client_secret(self.client, self.ident, item["id"])
            return None

        plaintext, raw = create_client_secret(self.client, self.ident, body, confirm=confirm)
        for item in matches:  # rotation: the new secret exists before the old ones go
            revoke_client_secret(self.client, self.ident, item["id"])
        created = normalize_client_secret(raw)
        result = dict(self._result(operation, current, created), revoked=[item["id"] for item in matches], **result_extra)
        result["client_secret_value"] = plaintext
        return result
