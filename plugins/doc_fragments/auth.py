# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Authentication options; pairs with C(AUTH_SPEC) in module_utils/_options.py."""

    DOCUMENTATION = r"""
options:
  universal_auth_client_id:
    description:
      - Client ID of a machine identity's Universal Auth configuration.
      - If not set, the E(INFISICAL_UNIVERSAL_AUTH_CLIENT_ID) environment variable is used.
      - Required together with O(universal_auth_client_secret).
    type: str
  universal_auth_client_secret:
    description:
      - Client secret of the machine identity.
      - If not set, the E(INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET) environment variable is used.
    type: str
  token:
    description:
      - An access token obtained earlier, typically RV(secretops.infisical.infisical_login#module:token)
        of M(secretops.infisical.infisical_login), so that a play logs in once.
      - If not set, the E(INFISICAL_TOKEN) environment variable is used.
      - When both a token and client credentials are given, the token is used first, and the
        credentials only to log in again if the server rejects the token (expired or revoked).
      - One of O(token) or the client credentials is required.
    type: str
  organization_slug:
    description:
      - Slug of the sub-organization to log in to with Universal Auth.
      - Leave unset to log in to the identity's own organization.
    type: str
"""

    PLUGINS = r"""
options:
  universal_auth_client_id:
    description:
      - Client ID of a machine identity's Universal Auth configuration.
      - Required together with O(universal_auth_client_secret).
    type: str
    env:
      - name: ANSIBLE_INFISICAL_UNIVERSAL_AUTH_CLIENT_ID
      - name: INFISICAL_UNIVERSAL_AUTH_CLIENT_ID
    ini:
      - section: infisical_collection
        key: universal_auth_client_id
    vars:
      - name: ansible_infisical_universal_auth_client_id
  universal_auth_client_secret:
    description:
      - Client secret of the machine identity.
      - Never read from an ini file.
    type: str
    env:
      - name: ANSIBLE_INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET
      - name: INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET
    vars:
      - name: ansible_infisical_universal_auth_client_secret
  token:
    description:
      - An access token obtained earlier, for example by M(secretops.infisical.infisical_login).
      - Never read from an ini file.
    type: str
    env:
      - name: ANSIBLE_INFISICAL_TOKEN
      - name: INFISICAL_TOKEN
    vars:
      - name: ansible_infisical_token
  organization_slug:
    description:
      - Slug of the sub-organization to log in to with Universal Auth.
    type: str
    env:
      - name: ANSIBLE_INFISICAL_ORGANIZATION_SLUG
    ini:
      - section: infisical_collection
        key: organization_slug
    vars:
      - name: ansible_infisical_organization_slug
"""
