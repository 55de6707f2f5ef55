# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Login, renew, revoke, the status endpoint and identity details."""
from __future__ import annotations

import re

from . import validation as v
from .errors import ApiError, internal_error, not_found
from .routes_identities import org_membership
from .store import now_iso

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def status(ctx):
    answer = {"date": now_iso(), "message": "Ok", "emailConfigured": False, "inviteOnlySignup": False,
              "redisConfigured": False, "secretScanningConfigured": False}
    if not ctx.profile.legacy:
        answer.update({"auditLogStorageDisabled": False, "maxIdentityAccessTokenTTL": 7776000})
    return answer


def login(ctx):
    return ctx.app.auth.login(ctx.body)


def renew(ctx):
    return ctx.app.auth.renew(ctx.body)


def revoke(ctx):
    return ctx.app.auth.revoke(ctx.body)


def identity_details(ctx):
    org = ctx.store.org
    return {"identityDetails": {"organization": {"id": org["id"], "name": org["name"], "slug": org["slug"]}}}


def get_identity(ctx):
    params = ctx.parse(params=v.Object({"identityId": v.String()}))[0]
    identity_id = params["identityId"]
    if not _UUID.match(identity_id):
        # The database rejects a non-UUID id (this is what /api/v1/identities/details hits on 2024 builds).
        if ctx.profile.legacy:
            raise ApiError(500, "Something went wrong", "FindByOrgId")
        raise internal_error()
    identity = ctx.store.identity(identity_id)
    if identity is None:
        raise not_found("Failed to find identity with id %s" % identity_id)
    return {"identity": org_membership(ctx, identity, single=True)}


def register(router, profile):
    router.add("GET", "/api/status", status, auth=False, category="none")
    router.add("POST", "/api/v1/auth/universal-auth/login", login, auth=False, category="write")
    router.add("POST", "/api/v1/auth/token/renew", renew, auth=False, category="write")
    router.add("POST", "/api/v1/auth/token/revoke", revoke, auth=False, category="write")
    if not profile.legacy:
        router.add("GET", "/api/v1/identities/details", identity_details)
    router.add("GET", "/api/v1/identities/:identityId", get_identity)
