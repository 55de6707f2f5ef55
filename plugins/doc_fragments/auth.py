# Copyright (c) secretops.infisical contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Authentication options.

    Written from the option table (``OPTIONS`` in module_utils/_options.py); the unit test
    tests/unit/plugins/doc_fragments/test_option_table.py fails when the two disagree.
    """

    DOCUMENTATION = r"""
options:
  auth_method:
    description:
      - 'How to obtain an access token: V(universal_auth) logs in with O(universal_auth_client_id) and O(universal_auth_client_secret);
        V(token) uses O(token) as it is and cannot log in again when it expires.'
      - 'When neither the option nor its environment variable is set, the first of V(universal_auth), V(token) whose
        credentials are given is used, so existing tasks keep working: client credentials select V(universal_auth)
        even beside a O(token), which it then uses first.'
      - As in community.hashi_vault, the method decides which options are used; those of other methods are ignored.
      - If not set, the environment variable E(INFISICAL_AUTH_METHOD) or E(ANSIBLE_INFISICAL_AUTH_METHOD) is used
        (the first that is set).
    type: str
    choices:
      - universal_auth
      - token
  universal_auth_client_id:
    description:
      - Client ID of a machine identity's Universal Auth configuration (O(auth_method=universal_auth)).
      - Required together with O(universal_auth_client_secret).
      - If not set, the environment variable E(INFISICAL_UNIVERSAL_AUTH_CLIENT_ID) or E(ANSIBLE_INFISICAL_UNIVERSAL_AUTH_CLIENT_ID)
        is used (the first that is set).
    type: str
  universal_auth_client_secret:
    description:
      - Client secret of the machine identity (O(auth_method=universal_auth)).
      - If not set, the environment variable E(INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET) or E(ANSIBLE_INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET)
        is used (the first that is set).
    type: str
  token:
    description:
      - An access token obtained earlier, typically RV(secretops.infisical.infisical_login#module:token) of M(secretops.infisical.infisical_login),
        so that a play logs in once.
      - Alone, it selects O(auth_method=token). Beside client credentials it is used first, and the credentials
        only to log in again if the server rejects the token (expired or revoked).
      - If not set, the environment variable E(INFISICAL_TOKEN) or E(ANSIBLE_INFISICAL_TOKEN) is used (the first
        that is set).
    type: str
  organization_slug:
    description:
      - Slug of the sub-organization to log in to (O(auth_method=universal_auth)); unset logs in to the identity's
        own organization.
      - It chooses the organization of the access token, which the modules that have an C(organization_id) option
        use unless it is set.
      - If not set, the E(ANSIBLE_INFISICAL_ORGANIZATION_SLUG) environment variable is used.
    type: str
"""

    PLUGINS = r"""
options:
  auth_method:
    description:
      - 'How to obtain an access token: V(universal_auth) logs in with O(universal_auth_client_id) and O(universal_auth_client_secret);
        V(token) uses O(token) as it is and cannot log in again when it expires.'
      - 'When neither the option nor its environment variable is set, the first of V(universal_auth), V(token) whose
        credentials are given is used, so existing tasks keep working: client credentials select V(universal_auth)
        even beside a O(token), which it then uses first.'
      - As in community.hashi_vault, the method decides which options are used; those of other methods are ignored.
    type: str
    choices:
      - universal_auth
      - token
    env:
      - name: ANSIBLE_INFISICAL_AUTH_METHOD
      - name: INFISICAL_AUTH_METHOD
    ini:
      - section: infisical_collection
        key: auth_method
    vars:
      - name: ansible_infisical_auth_method
  universal_auth_client_id:
    description:
      - Client ID of a machine identity's Universal Auth configuration (O(auth_method=universal_auth)).
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
      - Client secret of the machine identity (O(auth_method=universal_auth)).
      - Never read from an ini file.
    type: str
    env:
      - name: ANSIBLE_INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET
      - name: INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET
    vars:
      - name: ansible_infisical_universal_auth_client_secret
  token:
    description:
      - An access token obtained earlier, typically RV(secretops.infisical.infisical_login#module:token) of M(secretops.infisical.infisical_login),
        so that a play logs in once.
      - Alone, it selects O(auth_method=token). Beside client credentials it is used first, and the credentials
        only to log in again if the server rejects the token (expired or revoked).
      - Never read from an ini file.
    type: str
    env:
      - name: ANSIBLE_INFISICAL_TOKEN
      - name: INFISICAL_TOKEN
    vars:
      - name: ansible_infisical_token
  organization_slug:
    description:
      - Slug of the sub-organization to log in to (O(auth_method=universal_auth)); unset logs in to the identity's
        own organization.
      - It chooses the organization of the access token, which the modules that have an C(organization_id) option
        use unless it is set.
    type: str
    env:
      - name: ANSIBLE_INFISICAL_ORGANIZATION_SLUG
    ini:
      - section: infisical_collection
        key: organization_slug
    vars:
      - name: ansible_infisical_organization_slug
"""

    # infisical_login: no token (it always logs in), only the methods that log in.
    LOGIN = r"""
options:
  auth_method:
    description:
      - 'How to obtain an access token: V(universal_auth) logs in with O(universal_auth_client_id) and O(universal_auth_client_secret).'
      - The default is V(universal_auth), the only method here that obtains a new token.
      - If not set, the environment variable E(INFISICAL_AUTH_METHOD) or E(ANSIBLE_INFISICAL_AUTH_METHOD) is used
        (the first that is set).
    type: str
    choices:
      - universal_auth
  universal_auth_client_id:
    description:
      - Client ID of a machine identity's Universal Auth configuration (O(auth_method=universal_auth)).
      - Required together with O(universal_auth_client_secret).
      - If not set, the environment variable E(INFISICAL_UNIVERSAL_AUTH_CLIENT_ID) or E(ANSIBLE_INFISICAL_UNIVERSAL_AUTH_CLIENT_ID)
        is used (the first that is set).
    type: str
  universal_auth_client_secret:
    description:
      - Client secret of the machine identity (O(auth_method=universal_auth)).
      - If not set, the environment variable E(INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET) or E(ANSIBLE_INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET)
        is used (the first that is set).
    type: str
  organization_slug:
    description:
      - Slug of the sub-organization to log in to (O(auth_method=universal_auth)); unset logs in to the identity's
        own organization.
      - It chooses the organization of the access token, which the modules that have an C(organization_id) option
        use unless it is set.
      - If not set, the E(ANSIBLE_INFISICAL_ORGANIZATION_SLUG) environment variable is used.
    type: str
"""
