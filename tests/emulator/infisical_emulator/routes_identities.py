# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Machine identities, Universal Auth, client secrets and project memberships (§9–§12)."""
from __future__ import annotations

import ipaddress
import re

from . import access
from . import validation as v
from .errors import ApiError, ValidationError, bad_request, internal_error, not_found
from .store import ORG_ROLES, ROLES, now_iso

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_ORG_RANK = {"no-access": 0, "member": 1, "admin": 2}
_MAX_TTL = 315360000


# ---- identities -------------------------------------------------------------------------


def _auth_methods(identity):
    return (["universal-auth"] if identity["ua"] else []) + identity.get("otherAuthMethods", [])


def _legacy_auth_method(identity):
    """2024 builds: the one auth method of an identity, or null."""
    methods = _auth_methods(identity)
    return methods[0] if methods else None


def _identity_object(ctx, identity):
    """The identity row that create, update and delete answer."""
    if ctx.profile.legacy:
        # 2024 builds: a single authMethod column, set when Universal Auth is attached.
        return {"id": identity["id"], "name": identity["name"], "authMethod": _legacy_auth_method(identity),
                "createdAt": identity["createdAt"], "updatedAt": identity["updatedAt"]}
    # Current builds keep the old authMethod column, always null; the methods are in authMethods.
    return {"id": identity["id"], "name": identity["name"], "orgId": ctx.store.org["id"],
            "hasDeleteProtection": identity["hasDeleteProtection"], "authMethod": None, "projectId": None,
            "createdAt": identity["createdAt"], "updatedAt": identity["updatedAt"]}


def org_membership(ctx, identity, single=False):
    """An identity's organisation membership: an item of ``GET /api/v1/identities`` or (``single``) ``…/:identityId``."""
    org = ctx.store.org
    result = {"id": identity.get("membershipId") or identity["id"], "identityId": identity["id"], "role": identity["orgRole"],
              "roleId": None, "orgId": org["id"], "createdAt": identity["createdAt"], "updatedAt": identity["updatedAt"]}
    nested = {"id": identity["id"], "name": identity["name"]}
    if ctx.profile.legacy:
        nested["authMethod"] = _legacy_auth_method(identity)
    else:
        nested.update({"authMethods": _auth_methods(identity), "hasDeleteProtection": identity["hasDeleteProtection"]})
        if single:
            nested.update({"activeLockoutAuthMethods": [], "orgId": org["id"]})
        result.update({"lastLoginAuthMethod": identity.get("lastLoginAuthMethod"), "lastLoginTime": identity.get("lastLoginTime")})
    if single:
        result["metadata"] = [dict(item) for item in identity["metadata"]]
    result["identity"] = nested
    return result


def _require_org(ctx, action, role=None):
    caller = ctx.identity["orgRole"]
    if caller == "no-access" or (caller == "member" and action != "read" and action != "create"):
        raise ApiError(403, "You are not allowed to %s on identity" % action, "PermissionDenied")
    if role is not None and _ORG_RANK.get(role, 0) > _ORG_RANK[caller]:
        raise ApiError(403, "Failed to create a more privileged identity", "PermissionDenied")


def _identity_or_404(ctx, identity_id):
    if not _UUID.match(identity_id):
        raise internal_error()
    identity = ctx.store.identity(identity_id)
    if identity is None:
        raise not_found("Failed to find identity with id %s" % identity_id)
    return identity


_METADATA = v.Array(v.Object({"key": v.String(trim=True, min_len=1), "value": v.String(min_len=1)}), optional=True)


def _identity_body(ctx, fields, protection):
    """An identity body schema; 2024 builds have no delete protection (the field is dropped like any unknown one)."""
    if not ctx.profile.legacy:
        fields["hasDeleteProtection"] = protection
    return v.Object(fields)


def create_identity(ctx):
    body = ctx.parse(body=_identity_body(ctx, {"name": v.String(trim=True, min_len=1), "organizationId": v.String(trim=True),
                                               "role": v.String(default="no-access"), "metadata": _METADATA},
                                         v.Boolean(default=False)))[1]
    if body["organizationId"] != ctx.store.org["id"]:
        raise ApiError(403, "You are not allowed to access this resource", "PermissionDenied")
    if body["role"] not in ORG_ROLES:
        raise not_found("Failed to find custom role %s" % body["role"])
    _require_org(ctx, "create", body["role"])
    identity = ctx.store.add_identity(body["name"], body["role"], has_delete_protection=body.get("hasDeleteProtection", False))
    identity["metadata"] = [{"id": "%s-%d" % (identity["id"][:8], index), "key": item["key"], "value": item["value"]}
                            for index, item in enumerate(body.get("metadata") or [])]
    result = _identity_object(ctx, identity)
    if not ctx.profile.legacy:
        result.update({"authMethods": [], "metadata": identity["metadata"]})
    return {"identity": result}


def list_identities(ctx):
    query = ctx.parse(query=v.Object({"orgId": v.String()}))[2]
    if query["orgId"] != ctx.store.org["id"]:
        raise ApiError(403, "You are not allowed to access this resource", "PermissionDenied")
    _require_org(ctx, "read")
    identities = sorted(ctx.store.data["identities"].values(), key=lambda item: (item["name"], item["id"]))
    return {"identities": [org_membership(ctx, identity) for identity in identities], "totalCount": len(identities)}


def update_identity(ctx):
    params, body, _q = ctx.parse(params=v.Object({"identityId": v.String()}),
                                 body=_identity_body(ctx, {"name": v.String(trim=True, min_len=1, optional=True),
                                                           "role": v.String(optional=True), "metadata": _METADATA},
                                                     v.Boolean(optional=True)))
    identity = _identity_or_404(ctx, params["identityId"])
    _require_org(ctx, "edit", body.get("role"))
    if "role" in body:
        if body["role"] not in ORG_ROLES:
            raise not_found("Failed to find custom role %s" % body["role"])
        identity["orgRole"] = body["role"]
    if "name" in body:
        identity["name"] = body["name"]
    # Quirk (§9): hasDeleteProtection=false alone is ignored.
    if "hasDeleteProtection" in body and (body["hasDeleteProtection"] or "name" in body):
        identity["hasDeleteProtection"] = body["hasDeleteProtection"]
    if "metadata" in body:
        identity["metadata"] = [{"id": "%s-%d" % (identity["id"][:8], index), "key": item["key"], "value": item["value"]}
                                for index, item in enumerate(body["metadata"])]
    identity["updatedAt"] = now_iso()
    result = _identity_object(ctx, identity)
    if not ctx.profile.legacy:
        result["metadata"] = identity["metadata"]
    return {"identity": result}


def delete_identity(ctx):
    params = ctx.parse(params=v.Object({"identityId": v.String()}))[0]
    identity = _identity_or_404(ctx, params["identityId"])
    _require_org(ctx, "delete")
    if identity["hasDeleteProtection"]:
        raise bad_request("Identity has delete protection")
    answer = _identity_object(ctx, identity)
    for project in ctx.store.data["projects"].values():
        project["memberships"].pop(identity["id"], None)
    ctx.store.data["tokens"] = {key: token for key, token in ctx.store.data["tokens"].items() if token["identityId"] != identity["id"]}
    del ctx.store.data["identities"][identity["id"]]
    return {"identity": answer}


# ---- Universal Auth ------------------------------------------------------------------------


def _split_ips(entries):
    result = []
    for entry in entries:
        try:
            network = ipaddress.ip_network(entry["ipAddress"], strict=False)
        except ValueError as exc:
            raise bad_request("The IP is not a valid IPv4, IPv6, or CIDR block") from exc
        prefix = network.prefixlen if "/" in entry["ipAddress"] else None
        item = {"ipAddress": str(network.network_address) if prefix is not None else entry["ipAddress"],
                "type": "ipv%d" % network.version}
        if prefix is not None:
            item["prefix"] = prefix
        result.append(item)
    return result


_UA_KEYS = ("id", "identityId", "clientId", "accessTokenTTL", "accessTokenMaxTTL", "accessTokenNumUsesLimit", "accessTokenTrustedIps",
            "clientSecretTrustedIps", "createdAt", "updatedAt")
# Settings that 2024 builds do not have.
_UA_CURRENT_KEYS = ("accessTokenPeriod", "lockoutEnabled", "lockoutThreshold", "lockoutDurationSeconds", "lockoutCounterResetSeconds")


def _ua_object(ctx, ua):
    keys = _UA_KEYS if ctx.profile.legacy else _UA_KEYS + _UA_CURRENT_KEYS
    return {key: ua[key] for key in keys}


def _ua_schema(defaults):
    def opt(schema_cls, default, *args, **kwargs):
        if defaults:
            return schema_cls(*args, default=default, **kwargs)
        return schema_cls(*args, optional=True, **kwargs)
    ip_item = v.Object({"ipAddress": v.String(trim=True)})
    ttl = {"minimum": 0, "maximum": _MAX_TTL, "integer": True}
    allow_all = [{"ipAddress": "0.0.0.0/0"}, {"ipAddress": "::/0"}]
    return v.Object({
        "clientSecretTrustedIps": opt(v.Array, allow_all, ip_item, min_len=1),
        "accessTokenTrustedIps": opt(v.Array, allow_all, ip_item, min_len=1),
        "accessTokenTTL": opt(v.Number, 2592000, **ttl),
        "accessTokenMaxTTL": opt(v.Number, 2592000, **ttl),
        "accessTokenNumUsesLimit": opt(v.Number, 0, minimum=0, integer=True),
        "accessTokenPeriod": opt(v.Number, 0, minimum=0, integer=True),
        "lockoutEnabled": opt(v.Boolean, True),
        "lockoutThreshold": opt(v.Number, 3, minimum=1, maximum=30, integer=True),
        "lockoutDurationSeconds": opt(v.Number, 300, minimum=30, maximum=86400, integer=True),
        "lockoutCounterResetSeconds": opt(v.Number, 30, minimum=5, maximum=3600, integer=True),
    })


def _ttl_check(body, always):
    ttl, max_ttl = body.get("accessTokenTTL"), body.get("accessTokenMaxTTL")
    if ttl is None or max_ttl is None:
        return
    if (always or (ttl and max_ttl)) and ttl > max_ttl:
        raise ValidationError([{"code": "custom", "message": "Access Token TTL cannot be greater than Access Token Max TTL.",
                                "path": ["accessTokenTTL"]}])


def _apply_ua(ua, body):
    for key, value in body.items():
        if key in ("clientSecretTrustedIps", "accessTokenTrustedIps"):
            ua[key] = _split_ips(value)
        else:
            ua[key] = value
    ua["updatedAt"] = now_iso()


def attach_ua(ctx):
    params, body, _q = ctx.parse(params=v.Object({"identityId": v.String()}), body=_ua_schema(True))
    identity = _identity_or_404(ctx, params["identityId"])
    _require_org(ctx, "edit")
    _ttl_check(body, always=True)
    if identity["ua"] is not None:
        raise bad_request("Failed to add universal auth to already configured identity")
    ua = ctx.store.attach_ua(identity)
    _apply_ua(ua, body)
    return {"identityUniversalAuth": _ua_object(ctx, ua)}


def _ua_or_error(ctx, identity_id, missing_status=400):
    identity = _identity_or_404(ctx, identity_id)
    if identity["ua"] is None:
        if missing_status == 404:
            raise not_found("Failed to find universal auth for identity with ID %s" % identity_id)
        raise bad_request("The identity does not have universal auth")
    return identity


def get_ua(ctx):
    params = ctx.parse(params=v.Object({"identityId": v.String()}))[0]
    identity = _ua_or_error(ctx, params["identityId"], 404)
    return {"identityUniversalAuth": _ua_object(ctx, identity["ua"])}


def update_ua(ctx):
    params, body, _q = ctx.parse(params=v.Object({"identityId": v.String()}), body=_ua_schema(False))
    identity = _ua_or_error(ctx, params["identityId"])
    _require_org(ctx, "edit")
    _ttl_check(body, always=False)
    _apply_ua(identity["ua"], body)
    return {"identityUniversalAuth": _ua_object(ctx, identity["ua"])}


def revoke_ua(ctx):
    params = ctx.parse(params=v.Object({"identityId": v.String()}))[0]
    identity = _ua_or_error(ctx, params["identityId"])
    _require_org(ctx, "edit")
    answer = _ua_object(ctx, identity["ua"])
    identity["ua"] = None
    return {"identityUniversalAuth": answer}


# ---- client secrets ------------------------------------------------------------------------


def _secret_data(record):
    keys = ("id", "description", "clientSecretPrefix", "clientSecretNumUses", "clientSecretNumUsesLimit", "clientSecretTTL",
            "isClientSecretRevoked", "identityUAId", "createdAt", "updatedAt")
    return {key: record[key] for key in keys}


def create_client_secret(ctx):
    params, body, _q = ctx.parse(params=v.Object({"identityId": v.String()}),
                                 body=v.Object({"description": v.String(default=""),
                                                "numUsesLimit": v.Number(minimum=0, integer=True, default=0),
                                                "ttl": v.Number(minimum=0, maximum=_MAX_TTL, integer=True, default=0)}))
    identity = _ua_or_error(ctx, params["identityId"])
    _require_org(ctx, "edit")
    plaintext, record = ctx.store.add_client_secret(identity, description=body["description"],
                                                    num_uses_limit=body["numUsesLimit"], ttl=body["ttl"])
    return {"clientSecret": plaintext, "clientSecretData": _secret_data(record)}


def list_client_secrets(ctx):
    params = ctx.parse(params=v.Object({"identityId": v.String()}))[0]
    identity = _ua_or_error(ctx, params["identityId"])
    records = [record for record in identity["ua"]["clientSecrets"].values() if not record["isClientSecretRevoked"]]
    return {"clientSecretData": [_secret_data(record) for record in records]}


def _client_secret(ctx, identity_id, secret_id):
    identity = _ua_or_error(ctx, identity_id)
    record = identity["ua"]["clientSecrets"].get(secret_id)
    if record is None:
        raise not_found("Failed to find identity with ID %s" % identity_id)
    return record


def get_client_secret(ctx):
    params = ctx.parse(params=v.Object({"identityId": v.String(), "clientSecretId": v.String()}))[0]
    return {"clientSecretData": _secret_data(_client_secret(ctx, params["identityId"], params["clientSecretId"]))}


def revoke_client_secret(ctx):
    params = ctx.parse(params=v.Object({"identityId": v.String(), "clientSecretId": v.String()}))[0]
    _require_org(ctx, "edit")
    record = _client_secret(ctx, params["identityId"], params["clientSecretId"])
    record["isClientSecretRevoked"] = True
    record["updatedAt"] = now_iso()
    return {"clientSecretData": _secret_data(record)}


# ---- project memberships ---------------------------------------------------------------------

_ROLE_ITEM = v.Object({
    "role": v.String(trim=True, min_len=1),
    "isTemporary": v.Boolean(default=False),
    "temporaryMode": v.Enum(["relative"], optional=True),
    "temporaryRange": v.String(optional=True),
    "temporaryAccessStartTime": v.String(optional=True),
})


def _roles(items):
    result = []
    for item in items:
        if item["role"] not in ROLES:
            raise not_found("One or more custom roles not found")
        if item["isTemporary"] and not (item.get("temporaryRange") and item.get("temporaryAccessStartTime")):
            raise bad_request("Temporary role must have a range and start time")
        entry = dict(item)
        if not item["isTemporary"]:
            for key in ("temporaryMode", "temporaryRange", "temporaryAccessStartTime"):
                entry.pop(key, None)
        result.append(entry)
    if result and all(entry["isTemporary"] for entry in result):
        raise bad_request("Identity must have at least one permanent role")
    return result


def _membership_roles(ctx, membership):
    roles = []
    for entry in membership["roles"]:
        role = {"id": "%s-%s" % (membership["id"][:8], entry["role"]), "role": entry["role"], "customRoleSlug": None,
                "customRoleName": None, "isTemporary": entry.get("isTemporary", False), "temporaryMode": entry.get("temporaryMode"),
                "temporaryRange": entry.get("temporaryRange"), "temporaryAccessStartTime": entry.get("temporaryAccessStartTime"),
                "temporaryAccessEndTime": entry.get("temporaryAccessEndTime")}
        if ctx.profile.legacy:
            role["customRoleId"] = None
        roles.append(role)
    return roles


def _membership_object(ctx, project, identity, single=True):
    """A project membership as ``GET …/:identityId`` (``single``) or an item of the list answers it."""
    membership = project["memberships"][identity["id"]]
    result = {"id": membership["id"], "createdAt": membership["createdAt"], "updatedAt": membership["updatedAt"],
              "roles": _membership_roles(ctx, membership)}
    nested = {"id": identity["id"], "name": identity["name"]}
    if ctx.profile.legacy:
        nested["authMethod"] = _legacy_auth_method(identity)
        result.update({"identityId": identity["id"], "project": {"id": project["id"], "name": project["name"]}})
    else:
        nested.update({"authMethods": _auth_methods(identity), "orgId": ctx.store.org["id"], "projectId": None})
        if single:
            nested["metadata"] = [dict(item) for item in identity["metadata"]]
            result.update({"lastLoginAuthMethod": identity.get("lastLoginAuthMethod"), "lastLoginTime": identity.get("lastLoginTime")})
        else:
            nested["activeLockoutAuthMethods"] = []
            result["identityId"] = identity["id"]
    result["identity"] = nested
    return result


def _membership_row(membership):
    """The bare membership row that create and delete answer."""
    return {key: membership[key] for key in ("id", "projectId", "identityId", "createdAt", "updatedAt")}


def _membership_not_found(ctx, project, identity_id):
    if ctx.profile.legacy:
        # The 2024 message really lacks the closing quote after the identity id.
        return not_found("Project membership for identity with ID '%s in project with ID '%s' not found" % (identity_id, project["id"]))
    return not_found("Identity membership not found")


class MembershipRoutes:
    """Current ``/api/v1/projects/:projectId/memberships/identities`` or deprecated ``/api/v2/workspace/:projectId/identity-memberships``."""

    def __init__(self, deprecated):
        self.deprecated = deprecated

    @staticmethod
    def _target(ctx, body=None):
        params, parsed, _q = ctx.parse(params=v.Object({"projectId": v.String(), "identityId": v.String()}), body=body)
        project = access.project_by_id(ctx, params["projectId"])
        identity = ctx.store.identity(params["identityId"])
        return project, identity, params, parsed

    def create(self, ctx):
        body_schema = v.Object({"roles": v.Array(_ROLE_ITEM, min_len=1, optional=True), "role": v.String(optional=True)})
        if ctx.body is None:
            ctx.body = {}
        project, identity, params, body = self._target(ctx, body_schema)
        access.require(ctx, project, "create", access.IDENTITY)
        if identity is None:
            raise not_found("Identity with ID %s not found" % params["identityId"])
        if identity["id"] in project["memberships"]:
            raise bad_request("Identity is already a member")
        items = body.get("roles") or ([{"role": body["role"], "isTemporary": False}] if body.get("role") else
                                      [{"role": "no-access", "isTemporary": False}])
        ctx.store.set_membership(project, identity["id"], _roles(items))
        membership = project["memberships"][identity["id"]]
        return {"identityMembership": _membership_row(membership)}

    def get(self, ctx):
        project, identity, params, _body = self._target(ctx)
        access.require(ctx, project, "read", access.IDENTITY)
        if identity is None or identity["id"] not in project["memberships"]:
            raise _membership_not_found(ctx, project, params["identityId"])
        return {"identityMembership": _membership_object(ctx, project, identity)}

    def update(self, ctx):
        project, identity, _params, body = self._target(ctx, v.Object({"roles": v.Array(_ROLE_ITEM, min_len=1)}))
        access.require(ctx, project, "edit", access.IDENTITY)
        if identity is None or identity["id"] not in project["memberships"]:
            raise bad_request("Identity doesn't have membership")
        ctx.store.set_membership(project, identity["id"], _roles(body["roles"]))
        answer = _membership_object(ctx, project, identity)
        if self.deprecated:
            return {"roles": answer["roles"]}
        return {"identityMembership": answer}

    def delete(self, ctx):
        project, identity, _params, _body = self._target(ctx)
        access.require(ctx, project, "delete", access.IDENTITY)
        if identity is None or identity["id"] not in project["memberships"]:
            raise bad_request("Identity doesn't have membership")
        if identity["id"] == ctx.identity["id"]:
            raise bad_request("You can't delete your own membership")
        answer = _membership_row(project["memberships"][identity["id"]])
        del project["memberships"][identity["id"]]
        return {"identityMembership": answer}

    def list(self, ctx):
        default, maximum = (100, 20000) if self.deprecated else (20, 1000)
        params, _b, query = ctx.parse(params=v.Object({"projectId": v.String()}), query=v.Object({
            "offset": v.Number(coerce=True, integer=True, minimum=0, default=0),
            "limit": v.Number(coerce=True, integer=True, minimum=1, maximum=maximum, default=default),
            "identityName": v.String(optional=True), "search": v.String(optional=True), "roles": v.String(optional=True)}))
        project = access.project_by_id(ctx, params["projectId"])
        access.require(ctx, project, "read", access.IDENTITY)
        items = []
        name_filter = query.get("identityName") or query.get("search")
        role_filter = set((query.get("roles") or "").split(",")) - {""}
        for identity_id in project["memberships"]:
            identity = ctx.store.identity(identity_id)
            if identity is None:
                continue
            if name_filter and name_filter.lower() not in identity["name"].lower():
                continue
            item = _membership_object(ctx, project, identity, single=False)
            if role_filter and not role_filter & set(entry["role"] for entry in item["roles"]):
                continue
            items.append(item)
        items.sort(key=lambda item: (item["identity"]["name"], item["identity"]["id"]))
        page = items[query["offset"]:query["offset"] + query["limit"]]
        return {"identityMemberships": page, "totalCount": len(items)}


def register(router, profile):
    router.add("POST", "/api/v1/identities", create_identity)
    router.add("GET", "/api/v1/identities", list_identities)
    router.add("PATCH", "/api/v1/identities/:identityId", update_identity)
    router.add("DELETE", "/api/v1/identities/:identityId", delete_identity)
    ua = "/api/v1/auth/universal-auth/identities/:identityId"
    router.add("POST", ua, attach_ua)
    router.add("GET", ua, get_ua)
    router.add("PATCH", ua, update_ua)
    router.add("DELETE", ua, revoke_ua)
    router.add("POST", ua + "/client-secrets", create_client_secret)
    router.add("GET", ua + "/client-secrets", list_client_secrets)
    router.add("GET", ua + "/client-secrets/:clientSecretId", get_client_secret)
    router.add("POST", ua + "/client-secrets/:clientSecretId/revoke", revoke_client_secret)
    routes = [("/api/v2/workspace/:projectId/identity-memberships", MembershipRoutes(True))]
    if not profile.legacy:
        routes.append(("/api/v1/projects/:projectId/memberships/identities", MembershipRoutes(False)))
    for base, handler in routes:
        router.add("GET", base, handler.list)
        router.add("POST", base + "/:identityId", handler.create)
        router.add("GET", base + "/:identityId", handler.get)
        router.add("PATCH", base + "/:identityId", handler.update)
        router.add("DELETE", base + "/:identityId", handler.delete)
